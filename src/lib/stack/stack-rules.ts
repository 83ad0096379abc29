/**
 * The checks that look at several sections of a cluster at once (each section's own checks live in
 * its construct): the platform's address plan and kubeadm's podSubnet as the operator reads it, the
 * cloud's network and the pools' encapsulation, capacity, pools already created, where the CRDs come
 * from, and what Retina, monitoring and the GitOps tools need from each other.
 */
import { FULL_MESH_MAX_NODES } from '../calico/calico-bgp';
import { CalicoChart } from '../calico/calico-chart';
import { CalicoApiChart } from '../calico/calico-api-chart';
import { CRDS_BY_OPERATOR, CrdBundle, describeMissing, missingCrds, neededCrds } from '../calico/crd-bundle';
import { BgpMode, Encapsulation, IPIP_ENCAPSULATIONS, LinuxDataplane } from '../calico/enums';
import { isLoadBalancerPool } from '../calico/installation-props';
import { kubernetesMinor, releasesTestedOn, sameKubernetesVersion, testedOn, testedRange } from '../calico/kubernetes-versions';
import { RELEASES } from '../calico/releases';
import { blockCount, canonicalCidr, Cidr, cidrContains, cidrsOverlap, isCanonical, parseCidr, splitCidrList } from '../common/cidr';
import { formatDuration } from '../common/duration';
import { pathsBelow } from '../common/checks';
import { error, Finding, warning } from '../common/findings';
import { LABEL_VALUE_MAX } from '../common/k8s-names';
import { choiceFindings, cidrFindings, cidrListFindings, dnsLabelFindings, integerFindings } from '../common/value-checks';
import { GitOpsSettings, gitOpsNamespaces } from '../gitops/gitops-settings';
import { derivedNames, MAX_CLUSTER_NAME_LENGTH } from '../gitops/names';
import { MonitoringChart, MonitoringMode } from '../monitoring/monitoring-chart';
import { ETHTOOL_FIX_VERSION, RETINA_VERSIONS, RetinaPlugin, retinaRelease } from '../retina/releases';
import { RetinaChart } from '../retina/retina-chart';
import { Cloud, KubeadmConfig } from './cluster-spec';

/** kubeadm's `networking.serviceSubnet` default. */
export const KUBEADM_DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';

/** CIDRs kubeadm takes in podSubnet (each becomes a pool when ipPools is not given) and serviceSubnet (one per family). */
export const SUBNET_LIMITS = { podSubnet: 25, serviceSubnet: 2 } as const;

/** The platform with its defaults: what the cluster runs with. */
export interface ResolvedPlatform {
  readonly cloud: Cloud;
  /** podSubnet as written, else from kubeadm-config; undefined when neither has one. */
  readonly podSubnet?: string;
  /** serviceSubnet as written, else from kubeadm-config, else kubeadm's 10.96.0.0/12. */
  readonly serviceSubnet: string;
  readonly nodeSubnets: readonly string[];
  readonly nodes?: number;
  /** The API server's address for the operator (ConfigMap kubernetes-services-endpoint), as written. */
  readonly apiServerEndpoint?: string;
  /** The Kubernetes version the cluster runs: as written, else from kubeadm-config; undefined when neither has one. */
  readonly kubernetesVersion?: string;
  readonly kubeadm?: KubeadmConfig;
  /** The values written in the spec itself, for cross-checks against kubeadm-config. */
  readonly written: { readonly podSubnet?: string; readonly serviceSubnet?: string; readonly kubernetesVersion?: string };
}

/** What the cross-section checks read: the resolved values of a CalicoStack. */
export interface StackView {
  readonly name: string;
  readonly platform: ResolvedPlatform;
  readonly calico: CalicoChart;
  /** Calico's own configuration (BGP), when the spec has any. */
  readonly calicoApi?: CalicoApiChart;
  /** Where the CRDs come from; undefined when the release needs a file and none was given. */
  readonly crds?: typeof CRDS_BY_OPERATOR | CrdBundle;
  readonly retina?: RetinaChart;
  readonly monitoring?: MonitoringChart;
  readonly gitops: GitOpsSettings;
}

/** Every cross-section check, in the order findings are reported. */
export function stackFindings(view: StackView): Finding[] {
  return [
    ...nameFindings(view.name, view.gitops),
    ...platformValueFindings(view.platform),
    ...crdFindings(view),
    ...canonicalFindings(view),
    ...kubeadmFindings(view),
    ...kubernetesVersionFindings(view),
    ...apiServerEndpointFindings(view),
    ...overlapFindings(view),
    ...cloudFindings(view),
    ...capacityFindings(view),
    ...meshFindings(view),
    ...retinaTunnelFindings(view),
    ...namespaceFindings(view),
  ];
}

/**
 * The cluster's name: a DNS label; with Argo CD or Flux output, short enough for every name derived
 * from it (gitops/names.ts) to fit the label values those tools write it into. Without them no
 * rendered name is longer than the cluster's own.
 */
function nameFindings(name: string, gitops: GitOpsSettings): Finding[] {
  const problems = dnsLabelFindings('name', name);
  if (problems.length > 0 || name.length <= MAX_CLUSTER_NAME_LENGTH || (!gitops.argocd.enabled && !gitops.flux.enabled)) return problems;
  const longest = derivedNames(name).reduce((a, b) => (b.length > a.length ? b : a));
  return [error('name', `is ${name.length} characters; the GitOps name "${longest}" built from it would be ${longest.length}, and Flux and Argo CD write these names into label values, which hold at most ${LABEL_VALUE_MAX}`, {
    got: name, allowed: `at most ${MAX_CLUSTER_NAME_LENGTH} characters with gitops.argocd or gitops.flux enabled`, fix: 'choose a shorter name',
  })];
}

function platformValueFindings(p: ResolvedPlatform): Finding[] {
  return [
    ...choiceFindings('platform.cloud', p.cloud, Object.values(Cloud)),
    ...(p.written.podSubnet !== undefined ? cidrListFindings('platform.podSubnet', p.written.podSubnet, SUBNET_LIMITS.podSubnet) : []),
    ...(p.written.serviceSubnet !== undefined ? cidrListFindings('platform.serviceSubnet', p.written.serviceSubnet, SUBNET_LIMITS.serviceSubnet) : []),
    ...p.nodeSubnets.flatMap((s, i) => cidrFindings(`platform.nodeSubnets[${i}]`, s)),
    ...(p.nodes !== undefined ? integerFindings('platform.nodes', p.nodes, 1) : []),
  ];
}

/** Where the CRDs come from: the operator, if the release's can create them, or a complete bundle. */
function crdFindings(view: StackView): Finding[] {
  const r = view.calico.release;
  const fetchHint = r.crdBundle
    ? `remove calico.crds: calico-stack ships them (${r.crdBundle.file}); or set it to the release's operator-crds.yaml`
    : `download them with \`npm run fetch-crds -- ${r.version}\` and set calico.crds to that file`;
  if (view.crds === undefined) {
    return [error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) cannot create its own CRDs, so they must come from a file`, {
      got: undefined, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
    })];
  }
  if (view.crds === CRDS_BY_OPERATOR) {
    return r.operatorCreatesCrds ? [] : [error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) runs without -manage-crds and cannot create its own CRDs`, {
      got: CRDS_BY_OPERATOR, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
    })];
  }
  // Every CRD the release's operator (and so every rendered custom resource) needs, serving its versions.
  const missing = missingCrds(view.crds.crds, neededCrds(r.crds));
  return missing.length > 0 ? [error('calico.crds', `${view.crds.source} lacks CRDs Calico ${r.version} needs: ${describeMissing(missing)}`, {
    fix: `use the operator-crds.yaml of Calico ${r.version}${r.crdBundle ? `, or remove calico.crds to use the bundle calico-stack ships (${r.crdBundle.file})` : ''}`,
  })] : [];
}

/** A CIDR of the spec with where it was written. */
interface Located {
  readonly path: string;
  readonly cidr: Cidr;
}

function locate(path: string, list: string | undefined): Located[] {
  if (list === undefined) return [];
  return splitCidrList(list).flatMap((text) => {
    const cidr = parseCidr(text);
    return cidr ? [{ path, cidr }] : [];
  });
}

function podSubnets(view: StackView): Located[] {
  const p = view.platform;
  return locate(p.written.podSubnet !== undefined ? 'platform.podSubnet' : 'platform.kubeadmConfig', p.podSubnet);
}

function serviceSubnets(view: StackView): Located[] {
  const p = view.platform;
  const path = p.written.serviceSubnet !== undefined ? 'platform.serviceSubnet'
    : p.kubeadm?.serviceSubnet !== undefined ? 'platform.kubeadmConfig' : 'platform.serviceSubnet (kubeadm default)';
  return locate(path, p.serviceSubnet);
}

function nodeSubnets(view: StackView): Located[] {
  return view.platform.nodeSubnets.flatMap((s, i) => locate(`platform.nodeSubnets[${i}]`, s));
}

/** Pools listed in the spec (pools derived from podSubnet are checked as podSubnet). */
function listedPools(view: StackView): Located[] {
  const inst = view.calico.installation;
  if (inst.ipPoolsFromPodCidrs) return [];
  return inst.ipPools.flatMap((p, i) => locate(`calico.ipPools[${i}].cidr`, p.cidr));
}

/** Platform CIDRs with host bits set are errors: say which network was probably meant (pools: Installation). */
function canonicalFindings(view: StackView): Finding[] {
  const written = [
    ...locate('platform.podSubnet', view.platform.written.podSubnet),
    ...locate('platform.serviceSubnet', view.platform.written.serviceSubnet),
    ...nodeSubnets(view),
  ];
  return written.filter((l) => !isCanonical(l.cidr)).map((l) => error(l.path, 'is not in canonical form: it has host bits set or is not written in its shortest form', {
    got: l.cidr.text, allowed: canonicalCidr(l.cidr), fix: `write ${canonicalCidr(l.cidr)}`,
  }));
}

/** What a Kubernetes version may be written as. */
const KUBERNETES_VERSION_FORMS = 'a Kubernetes version such as v1.33.2, or its minor such as 1.33';

/**
 * The Kubernetes version the cluster runs (platform.kubernetesVersion, else kubeadm-config's
 * kubernetesVersion): a version, the same in both when both give it, and one the Calico release was
 * tested on (its documentation facts; no check for a release without them). Outside the tested range
 * is a warning, not an error: other versions may work, upstream does not test them.
 */
function kubernetesVersionFindings(view: StackView): Finding[] {
  const p = view.platform;
  const written = p.written.kubernetesVersion;
  const read = p.kubeadm?.kubernetesVersion;
  if (written !== undefined && kubernetesMinor(written) === undefined) {
    return [error('platform.kubernetesVersion', 'is not a Kubernetes version', {
      got: written, allowed: KUBERNETES_VERSION_FORMS, fix: 'write the server version `kubectl version` prints',
    })];
  }
  if (written === undefined && read !== undefined && kubernetesMinor(read) === undefined) {
    return [warning('platform.kubeadmConfig', `has a kubernetesVersion that is not a Kubernetes version, so whether Calico ${view.calico.release.version} was tested on the cluster's is not checked`, {
      got: read, allowed: KUBERNETES_VERSION_FORMS, fix: 'set platform.kubernetesVersion to the server version `kubectl version` prints',
    })];
  }
  if (written !== undefined && read !== undefined && kubernetesMinor(read) !== undefined && !sameKubernetesVersion(written, read)) {
    return [error('platform.kubernetesVersion', `differs from kubernetesVersion ${read} in ${p.kubeadm!.source}, which is what the cluster runs`, {
      got: written, allowed: read, fix: `write ${read}, or drop platform.kubernetesVersion and let it be read from ${p.kubeadm!.source}`,
    })];
  }
  const version = written ?? read;
  if (version === undefined) return [];
  const minor = kubernetesMinor(version)!;
  const release = view.calico.release;
  if (testedOn(release, minor) !== false) return [];
  const from = written !== undefined ? 'platform.kubernetesVersion' : p.kubeadm!.source;
  const tested = releasesTestedOn(minor);
  const list = (rs: readonly string[]) => (rs.length === 1 ? rs[0] : `${rs.slice(0, -1).join(', ')} or ${rs[rs.length - 1]}`);
  return [warning('calico.version', `Calico ${release.version} was tested on Kubernetes ${testedRange(release)}; this cluster runs ${version} (from ${from})`, {
    fix: tested.length > 0
      ? `choose calico.version ${list(tested.map((r) => r.version))}, tested on Kubernetes ${minor}`
      : `no release calico-stack supports was tested on Kubernetes ${minor} (${RELEASES.filter((r) => r.docs).map((r) => `${r.version}: ${testedRange(r)}`).join(', ')}); check Calico's system requirements before relying on it`,
  })];
}

/**
 * kubeadm: the operator reads podSubnet from the kubeadm-config ConfigMap and requires every
 * Installation pool to lie inside it; a cluster initialised without --pod-network-cidr fails.
 */
function kubeadmFindings(view: StackView): Finding[] {
  const p = view.platform;
  const findings: Finding[] = [];
  const missing = 'kubeadm configuration is missing required podSubnet field';
  if (p.kubeadm) {
    for (const key of ['podSubnet', 'serviceSubnet'] as const) {
      const value = p.kubeadm[key];
      if (value !== undefined && !splitCidrList(value).every((s) => parseCidr(s))) {
        findings.push(error('platform.kubeadmConfig', `has a networking.${key} that is not a CIDR list`, { got: value, ...(key === 'podSubnet' ? { rule: 'ippool.defaults.kubeadm.podSubnetCidr' } : {}) }));
      }
    }
    if (p.kubeadm.podSubnet === undefined) {
      findings.push(error('platform.kubeadmConfig', `has no networking.podSubnet, so the operator fails with "${missing}" even when the Installation lists pools (tigera/operator#2712)`, {
        got: p.kubeadm.source,
        fix: 'add networking.podSubnet to the ClusterConfiguration in `kubectl -n kube-system edit cm kubeadm-config`, then export it again',
        rule: 'ippool.defaults.kubeadm.podSubnetRequired',
      }));
    }
    for (const key of ['podSubnet', 'serviceSubnet'] as const) {
      const written = p.written[key];
      const read = p.kubeadm[key];
      if (written !== undefined && read !== undefined && !sameCidrList(written, read)) {
        findings.push(error(`platform.${key}`, `differs from networking.${key} in ${p.kubeadm.source}, which is what the cluster runs with`, {
          got: written, allowed: read, fix: `write ${read}, or drop platform.${key} and let it be read from ${p.kubeadm.source}`,
        }));
      }
    }
  } else if (p.podSubnet === undefined) {
    findings.push(error('platform.podSubnet', `is missing; on a kubeadm cluster the operator fails with "${missing}"`, {
      got: undefined, allowed: 'the --pod-network-cidr given to kubeadm init, e.g. 10.244.0.0/16',
      fix: 'set platform.podSubnet, or name the exported kubeadm-config with platform.kubeadmConfig',
      rule: 'ippool.defaults.kubeadm.podSubnetRequired',
    }));
  }

  const platformCidrs = podSubnets(view);
  const inst = view.calico.installation;
  if (platformCidrs.length > 0 && !inst.ipPoolsFromPodCidrs) {
    // The operator prints the list with Go's %v: [a b].
    const list = `[${platformCidrs.map((l) => l.cidr.text).join(' ')}]`;
    inst.ipPools.forEach((pool, i) => {
      const cidr = parseCidr(pool.cidr);
      if (cidr && !platformCidrs.some((l) => cidrContains(l.cidr, cidr))) {
        findings.push(error(`calico.ipPools[${i}].cidr`,
          `is not inside the cluster's podSubnet; the operator would report "IPPool ${pool.cidr} is not within the platform's configured pod network CIDR(s) ${list}" and create no pools`, {
            got: pool.cidr, allowed: `a CIDR inside ${platformCidrs.map((l) => l.cidr.text).join(' or ')}`,
            fix: 'use a CIDR inside platform.podSubnet, or omit calico.ipPools to get one pool per podSubnet CIDR',
            rule: 'ippool.defaults.platformPodCidr.within',
          }));
      }
    });
  }
  return findings;
}

/**
 * The BPF dataplane takes Services over from kube-proxy, so calico-node must reach the API server
 * without the `kubernetes` Service address it serves itself (the Calico docs' "Configure Calico to talk
 * directly to the API server" step of enabling eBPF). From v3.31 the operator finds the address itself
 * (bpfNetworkBootstrap, rendered by CalicoChart); an older release has only the ConfigMap
 * kubernetes-services-endpoint, which platform.apiServerEndpoint renders. The operator does not check it:
 * without the address calico-node keeps depending on kube-proxy.
 */
function apiServerEndpointFindings(view: StackView): Finding[] {
  const calico = view.calico;
  const r = calico.release;
  if (calico.installation.linuxDataplane !== LinuxDataplane.BPF || r.hasBpfNetworkBootstrap || view.platform.apiServerEndpoint !== undefined) return [];
  const bootstrapping = RELEASES.filter((x) => x.hasBpfNetworkBootstrap).map((x) => x.version);
  return [error('platform.apiServerEndpoint', `is required for calico.linuxDataplane: BPF on Calico ${r.version}: the BPF dataplane takes Services over from kube-proxy, so calico-node must reach the API server directly, and this release's operator (${r.operatorVersion}) cannot find it itself (bpfNetworkBootstrap${bootstrapping.length > 0 ? ` needs Calico ${bootstrapping[bootstrapping.length - 1]} or later` : ''})`, {
    got: undefined, allowed: 'host:port of a stable address of the API server, such as 10.0.0.10:6443 or api.example.com:6443',
    fix: `set platform.apiServerEndpoint to the control plane's load balancer or kubeadm's controlPlaneEndpoint${bootstrapping.length > 0 ? `, or choose calico.version ${bootstrapping.join(' or ')}` : ''}`,
  })];
}

function sameCidrList(a: string, b: string): boolean {
  const norm = (s: string) => splitCidrList(s).map((x) => {
    const c = parseCidr(x);
    return c ? canonicalCidr(c) : x;
  }).join(',');
  return norm(a) === norm(b);
}

/** Pods, services, nodes and pools must not share addresses (kubeadm#1185: the three ranges must be distinct). */
function overlapFindings(view: StackView): Finding[] {
  const findings: Finding[] = [];
  const services = serviceSubnets(view);
  const nodes = nodeSubnets(view);
  const pods = podSubnets(view);
  const poolList = listedPools(view);

  const clash = (a: Located, b: Located, what: string, fix: string) => {
    if (cidrsOverlap(a.cidr, b.cidr)) findings.push(error(a.path, `overlaps ${b.path} (${b.cidr.text}): ${what}`, { got: a.cidr.text, fix }));
  };
  for (const pod of pods) {
    for (const svc of services) clash(pod, svc, 'pod and service addresses must be distinct', 'choose non-overlapping --pod-network-cidr and --service-cidr');
    for (const node of nodes) clash(pod, node, 'pod addresses would shadow the hosts\' own network', 'choose a podSubnet outside the node network');
  }
  poolList.forEach((pool, i) => {
    for (const svc of services) clash(pool, svc, 'pods would get addresses kube-proxy treats as service IPs', 'move the pool out of the service range');
    for (const node of nodes) clash(pool, node, 'pods would get addresses of the hosts\' own network', 'move the pool out of the node network');
    for (const other of poolList.slice(i + 1)) {
      // A repeated CIDR is the Installation's own finding.
      if (canonicalCidr(pool.cidr) !== canonicalCidr(other.cidr)) clash(other, pool, 'one address would belong to two pools', 'split the range into pools that do not overlap');
    }
  });
  return findings;
}

/**
 * What the cloud's network does to Calico's encapsulations: Azure drops IP-in-IP; AWS security
 * groups and the source/destination check decide whether IPIP, BGP and unencapsulated traffic pass.
 */
function cloudFindings(view: StackView): Finding[] {
  const findings: Finding[] = [];
  const cloud = view.platform.cloud;
  const inst = view.calico.installation;
  inst.ipPools.forEach((pool, i) => {
    // A LoadBalancer pool's addresses go to Services: no pod traffic crosses the network in its encapsulation.
    if (isLoadBalancerPool(pool)) return;
    const path = inst.poolPath(i, 'encapsulation') + (inst.ipPoolsFromPodCidrs ? '.encapsulation' : '');
    const e = pool.encapsulation;
    if (cloud === Cloud.AZURE && (e === Encapsulation.IPIP || e === Encapsulation.IPIP_CROSS_SUBNET)) {
      findings.push(error(path, 'Azure drops IP-in-IP (IP protocol 4) between VMs, so pods on different nodes could not reach each other', {
        got: e, allowed: 'VXLAN', fix: 'set encapsulation: VXLAN',
      }));
    } else if (cloud === Cloud.AZURE && e === Encapsulation.VXLAN_CROSS_SUBNET) {
      findings.push(warning(path, 'VXLANCrossSubnet sends traffic inside a subnet unencapsulated, which Azure VNets drop unless every pod CIDR is routed to its node', {
        got: e, fix: 'use encapsulation: VXLAN',
      }));
    } else if (cloud === Cloud.AWS) {
      const needs = awsNeeds(e);
      if (needs) findings.push(warning(path, `on AWS EC2 this needs ${needs}, or cross-node pod traffic is silently dropped`, { got: e, fix: 'add those rules, or use encapsulation: VXLAN (UDP 4789)' }));
    }
  });
  return findings;
}

function awsNeeds(e: Encapsulation): string | undefined {
  const ipip = 'security-group rules between the nodes for IP protocol 4 (IP-in-IP) and TCP 179 (BGP)';
  const srcDst = 'the EC2 source/destination check disabled on every node';
  switch (e) {
    case Encapsulation.IPIP: return ipip;
    case Encapsulation.IPIP_CROSS_SUBNET: return `${ipip}, and ${srcDst} (traffic inside a subnet is not encapsulated)`;
    case Encapsulation.NONE: return `${srcDst} and TCP 179 (BGP) open between the nodes`;
    case Encapsulation.VXLAN_CROSS_SUBNET: return `UDP 4789 open between the nodes and ${srcDst} (traffic inside a subnet is not encapsulated)`;
    default: return undefined;
  }
}

/** Every node claims at least one block of a pool. */
function capacityFindings(view: StackView): Finding[] {
  const nodes = view.platform.nodes;
  if (nodes === undefined) return [];
  const findings: Finding[] = [];
  const byFamily = new Map<number, number>();
  for (const pool of view.calico.installation.ipPools.filter((p) => !isLoadBalancerPool(p))) {
    const cidr = parseCidr(pool.cidr);
    if (cidr) byFamily.set(cidr.family, (byFamily.get(cidr.family) ?? 0) + blockCount(cidr, pool.blockSize));
  }
  for (const [family, blocks] of byFamily) {
    if (blocks < nodes) {
      findings.push(warning('platform.nodes', `the IPv${family} pools hold ${blocks} blocks, fewer than one per node; nodes beyond that get no block of their own and borrow addresses from other nodes' blocks`, {
        got: nodes, allowed: `at most ${blocks}`, fix: 'use a smaller blockSize (more blocks) or a larger pool',
      }));
    }
  }
  return findings;
}

/**
 * A full mesh of n nodes is n·(n−1)/2 BGP sessions, n−1 on every node; Calico's BGP documentation
 * recommends route reflectors above 100 nodes (tigera/docs
 * calico_versioned_docs/version-3.32/networking/configuring/bgp.mdx:38).
 */
function meshFindings(view: StackView): Finding[] {
  const n = view.platform.nodes;
  const bgp = view.calicoApi?.bgp;
  if (n === undefined || n <= FULL_MESH_MAX_NODES || view.calico.installation.bgp !== BgpMode.ENABLED || !(bgp?.nodeToNodeMesh ?? true)) return [];
  const sessions = (n * (n - 1)) / 2;
  return [warning('calico.nodeToNodeMesh',
    `${n} nodes in a full BGP mesh are ${sessions} sessions (${n - 1} on every node); Calico recommends route reflectors above ${FULL_MESH_MAX_NODES} nodes`, {
      got: n, fix: 'set calico.routeReflectors (a few labelled nodes reflect routes; the mesh goes off) and annotate those nodes as `npm run plan` says',
    })];
}

/** linuxutil of older Retina releases logs an ethtool error for the IPIP tunnel every interval. */
function retinaTunnelFindings(view: StackView): Finding[] {
  const r = view.retina;
  if (!r) return [];
  const plugins = r.agent.plugins;
  const ipipPools = view.calico.installation.ipPools.filter((p) => IPIP_ENCAPSULATIONS.includes(p.encapsulation));
  const linuxutil = plugins.indexOf(RetinaPlugin.LINUX_UTIL);
  if (!r.release.ethtoolErrorEveryInterval || ipipPools.length === 0 || linuxutil < 0) return [];
  const fixed = RETINA_VERSIONS.filter((v) => !retinaRelease(v).ethtoolErrorEveryInterval);
  return [warning(`retina.plugins[${linuxutil}]`, `linuxutil of Retina ${r.release.version} logs an ethtool error for tunl0 (the IPIP tunnel of pool ${ipipPools.map((p) => p.name).join(', ')}) on every node every ${formatDuration(r.metricsInterval)}; harmless, fixed in Retina ${ETHTOOL_FIX_VERSION}`, {
    got: RetinaPlugin.LINUX_UTIL,
    fix: `set retina.version: ${fixed.join(' or ')}, or accept the log lines (dropping linuxutil also drops the TCP, UDP, IP and interface metrics)`,
  })];
}

/** The standalone monitoring file creates and owns its namespace: it may not be a GitOps tool's. */
function namespaceFindings(view: StackView): Finding[] {
  const m = view.monitoring;
  if (!m || m.mode !== MonitoringMode.STANDALONE) return [];
  return gitOpsNamespaces(view.gitops, pathsBelow('gitops')).filter(({ namespace }) => m.monitoringNamespace === namespace).map(({ tool, path }) => error('monitoring.namespace',
    `is where ${tool} runs (${path}); the monitoring file creates and owns its namespace, so ${tool} would manage its own namespace as part of this cluster and prune it with the monitoring stack`, {
      got: m.monitoringNamespace, fix: 'use a namespace of its own, such as monitoring',
    }));
}
