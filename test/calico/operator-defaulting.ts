/**
 * A model of what the Tigera operator writes into the objects it reconciles, per operator tag,
 * written from the operator's Go source at each tag and kept apart from calico-stack's own table
 * (src/lib/calico/operator-written-fields.ts reads scripts/operator-writes.ts): a test that used the
 * renderer's table to check the renderer could not fail. test/fixtures/operator-defaulting/ holds the
 * operator's own unit-test cases, transcribed, that this model must reproduce.
 *
 * Objects are JSON as the API server stores them; "nil" in Go is a missing key (or null), an empty
 * Go string is a missing key, `''` or null. Citations are `path:lines` at v1.42.3 unless a tag is
 * named; docs/upstream/operator-written-fields.json has the lines at every tag.
 */
import * as ipaddr from 'ipaddr.js';

export const OPERATOR_TAGS = ['v1.34.5', 'v1.36.16', 'v1.38.13', 'v1.40.15', 'v1.42.3'] as const;
export type OperatorTag = (typeof OPERATOR_TAGS)[number];

/** The operator tag of each Calico release calico-stack ships (its manifests' operator image). */
export const OPERATOR_OF: Readonly<Record<string, OperatorTag>> = {
  'v3.28.2': 'v1.34.5', 'v3.29.7': 'v1.36.16', 'v3.30.7': 'v1.38.13', 'v3.31.7': 'v1.40.15', 'v3.32.1': 'v1.42.3',
};

export type Json = { [key: string]: any };

/** What the operator finds in the cluster besides the objects themselves. */
export interface Cluster {
  /** What AutoDiscoverProvider returns (`''`: nothing). */
  readonly detectedProvider?: string;
  /** DaemonSet kube-system/aws-node exists. */
  readonly awsNode?: boolean;
  /** The IPPools in the cluster: their CIDRs (disabled ones are left out by GetActivePools for the core controller). */
  readonly ipPools?: ReadonlyArray<{ readonly cidr: string; readonly name?: string; readonly disabled?: boolean }>;
  /** The data of ConfigMap kube-system/kubeadm-config, when it exists. */
  readonly kubeadmConfig?: Readonly<Record<string, string>>;
  /** The CIDRs of config.openshift.io Network `cluster` (spec.clusterNetwork), when it exists. */
  readonly openshiftClusterNetwork?: readonly string[];
  /** DaemonSet calico-system/calico-node exists (FelixConfiguration defaulting). */
  readonly calicoNodeExists?: boolean;
  /** calico-node has rolled out with the BPF volumes (FelixConfiguration defaulting). */
  readonly bpfRolledOut?: boolean;
}

/** The operator refused: what it reports (the model keeps the gist, not always the words). */
export class OperatorError extends Error {}

const isNil = (v: unknown): boolean => v === undefined || v === null;
const isBlank = (v: unknown): boolean => isNil(v) || v === '';
const lenZero = (v: unknown): boolean => isNil(v) || (Array.isArray(v) && v.length === 0) || v === '';
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** Go's net.ParseCIDR, as far as the defaulting uses it: the family (4 also for v4-in-v6 forms) and the masked network. */
export function parseGoCidr(text: string): { family: 4 | 6; network: ipaddr.IPv4 | ipaddr.IPv6; bits: number } | undefined {
  const m = /^([^/]+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (ipaddr.IPv4.isValidFourPartDecimal(m[1])) {
    if (bits > 32) return undefined;
    return { family: 4, network: ipaddr.IPv4.networkAddressFromCIDR(`${m[1]}/${bits}`), bits };
  }
  if (!m[1].includes(':') || !ipaddr.IPv6.isValid(m[1])) return undefined;
  if (bits > 128) return undefined;
  const v6 = ipaddr.IPv6.parse(m[1]);
  if (v6.isIPv4MappedAddress() && bits >= 96) {
    // To4() of a v4-mapped address is not nil: Go treats it as IPv4.
    return { family: 4, network: ipaddr.IPv4.networkAddressFromCIDR(`${v6.toIPv4Address().toString()}/${bits - 96}`), bits: bits - 96 };
  }
  return { family: 6, network: ipaddr.IPv6.networkAddressFromCIDR(`${m[1]}/${bits}`), bits };
}

/**
 * The providers AutoDiscoverProvider can return, in its order (v1.42.3
 * pkg/common/discovery/discovery.go:81-163; before v1.42 pkg/controller/utils/discovery.go, Kind from
 * v1.40): on a cluster whose Installation names none, any of these may be written.
 */
export function detectableProviders(tag: OperatorTag): string[] {
  return ['GKE', 'TKG', 'OpenShift', 'DockerEnterprise', 'EKS', 'RKE2', ...(OPERATOR_TAGS.indexOf(tag) >= OPERATOR_TAGS.indexOf('v1.40.15') ? ['Kind'] : [])];
}

/** The operator's model at one tag. */
export class OperatorDefaulting {
  constructor(public readonly tag: OperatorTag) {}

  private atLeast(tag: OperatorTag): boolean {
    return OPERATOR_TAGS.indexOf(this.tag) >= OPERATOR_TAGS.indexOf(tag);
  }

  /** mergeProvider (core_controller.go:758-773): the detected provider fills an empty one; two different ones are an error. */
  mergeProvider(spec: Json, detected: string): void {
    const configured = spec.kubernetesProvider ?? '';
    if (detected !== '' && configured !== '' && configured !== detected) {
      throw new OperatorError(`installation spec.kubernetesProvider '${configured}' does not match auto-detected value '${detected}'`);
    }
    if (configured === '' && detected !== '') spec.kubernetesProvider = detected;
  }

  /** updateInstallationForAWSNode (core_controller.go:2409-2422): with an aws-node DaemonSet an empty CNI type is AmazonVPC. */
  updateForAwsNode(spec: Json): void {
    spec.cni ??= {};
    if (isBlank(spec.cni.type)) spec.cni.type = 'AmazonVPC';
  }

  /**
   * fillDefaults of the core controller (core_controller.go:473-754; v1.34.5 :432-735), on a spec
   * in place. `activePools`: the CIDRs of the enabled IPPools in the cluster.
   */
  fillDefaults(spec: Json, activePools: readonly string[] = []): void {
    const provider: string = spec.kubernetesProvider ?? '';
    if (!this.atLeast('v1.40.15') && !isBlank(spec.registry) && spec.registry !== 'UseDefault' && !String(spec.registry).endsWith('/')) {
      spec.registry = `${spec.registry}/`;
    }
    if (isBlank(spec.variant)) spec.variant = 'Calico';
    // Up to v1.36 (v1.36.16 core_controller.go:456-460; v1.38.13 has no such default).
    if (!this.atLeast('v1.38.13') && isNil(spec.nonPrivileged)) spec.nonPrivileged = 'Disabled';
    if (isNil(spec.typhaAffinity) && provider === 'AKS') {
      spec.typhaAffinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'NotIn', values: ['virtual-node'] }, { key: 'kubernetes.azure.com/cluster', operator: 'Exists' }] }],
          },
        },
      };
    }
    spec.cni ??= {};
    if (isBlank(spec.cni.type)) spec.cni.type = ({ AKS: 'AzureVNET', EKS: 'AmazonVPC', GKE: 'GKE' } as Json)[provider] ?? 'Calico';
    spec.cni.ipam ??= {};
    if (isBlank(spec.cni.ipam.type)) spec.cni.ipam.type = ({ AzureVNET: 'AzureVNET', AmazonVPC: 'AmazonVPC', GKE: 'HostLocal' } as Json)[spec.cni.type] ?? 'Calico';
    const calicoCni = spec.cni.type === 'Calico';
    if (this.tag === 'v1.40.15' && calicoCni && isNil(spec.cni.specVersion)) spec.cni.specVersion = 'Auto';
    spec.calicoNetwork ??= {};
    const net = spec.calicoNetwork;
    if (isNil(net.linuxDataplane)) net.linuxDataplane = 'Iptables';
    if (isNil(net.windowsDataplane)) net.windowsDataplane = 'Disabled';
    if (net.windowsDataplane !== 'Disabled') {
      spec.windowsNodes ??= {};
      // render.DefaultWindowsCNIDirectories (pkg/render/windows.go:920-939).
      const [bin, conf, log] = provider === 'AKS' ? ['/k/azurecni/bin', '/k/azurecni/netconf', '/var/log/calico/cni']
        : provider === 'EKS' ? ['/Program Files/Amazon/EKS/cni', '/Program Files/Amazon/EKS/cni/config', '/var/log/calico/cni']
          : ['/opt/cni/bin', '/etc/cni/net.d', '/var/log/calico/cni'];
      if (isBlank(spec.windowsNodes.cniBinDir)) spec.windowsNodes.cniBinDir = bin;
      if (isBlank(spec.windowsNodes.cniConfigDir)) spec.windowsNodes.cniConfigDir = conf;
      if (isBlank(spec.windowsNodes.cniLogDir)) spec.windowsNodes.cniLogDir = log;
    }
    if (isNil(net.bgp)) net.bgp = calicoCni && provider !== 'EKS' ? 'Enabled' : 'Disabled';
    let needV4 = net.linuxDataplane === 'BPF';
    for (const cidr of activePools) {
      const parsed = parseGoCidr(cidr);
      if (!parsed) throw new OperatorError(`failed to parse CIDR ${cidr}`);
      if (parsed.family === 4) needV4 = true;
      else if (isNil(net.nodeAddressAutodetectionV6)) net.nodeAddressAutodetectionV6 = { firstFound: true };
    }
    if (needV4 && isNil(net.nodeAddressAutodetectionV4)) {
      net.nodeAddressAutodetectionV4 = provider === 'DockerEnterprise' ? { skipInterface: '^br-.*' } : provider === 'EKS' ? { canReach: '8.8.8.8' } : { firstFound: true };
    }
    if (calicoCni && net.linuxDataplane === 'Iptables' && isNil(net.linuxPolicySetupTimeoutSeconds)) net.linuxPolicySetupTimeoutSeconds = 0;
    if (this.atLeast('v1.40.15')) {
      // render.DefaultCNIDirectories (pkg/render/node.go:1901-1917).
      const [confDir, binDir] = provider === 'OpenShift' ? ['/var/run/multus/cni/net.d', '/var/lib/cni/bin']
        : provider === 'GKE' ? ['/etc/cni/net.d', '/home/kubernetes/bin'] : ['/etc/cni/net.d', '/opt/cni/bin'];
      if (isBlank(spec.cni.confDir)) spec.cni.confDir = confDir;
      if (isBlank(spec.cni.binDir)) spec.cni.binDir = binDir;
    }
    if (calicoCni) {
      if (isNil(net.hostPorts)) net.hostPorts = 'Enabled';
      if (isNil(net.multiInterfaceMode)) net.multiInterfaceMode = 'None';
      spec.logging ??= {};
      spec.logging.cni ??= {};
      const cni = spec.logging.cni;
      if (isNil(cni.logSeverity)) cni.logSeverity = 'Info';
      if (isNil(cni.logFileMaxCount)) cni.logFileMaxCount = 10;
      if (isNil(cni.logFileMaxAgeDays)) cni.logFileMaxAgeDays = 30;
      if (isNil(cni.logFileMaxSize)) cni.logFileMaxSize = '100Mi';
    }
    if (isNil(spec.controlPlaneReplicas)) spec.controlPlaneReplicas = 2;
    if (isBlank(spec.flexVolumePath)) {
      spec.flexVolumePath = ({
        OpenShift: '/etc/kubernetes/kubelet-plugins/volume/exec/', GKE: '/home/kubernetes/flexvolume/', AKS: '/etc/kubernetes/volumeplugins/', RKE2: '/var/lib/kubelet/volumeplugins/',
      } as Json)[provider] ?? '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/';
    }
    if (isBlank(spec.kubeletVolumePluginPath)) spec.kubeletVolumePluginPath = '/var/lib/kubelet';
    spec.nodeUpdateStrategy ??= {};
    spec.nodeUpdateStrategy.rollingUpdate ??= {};
    if (isNil(spec.nodeUpdateStrategy.rollingUpdate.maxUnavailable)) spec.nodeUpdateStrategy.rollingUpdate.maxUnavailable = 1;
    if (isBlank(spec.nodeUpdateStrategy.type)) spec.nodeUpdateStrategy.type = 'RollingUpdate';
    // From v1.36 (v1.36.16 core_controller.go:726-729; v1.34.5 has none).
    if (this.atLeast('v1.36.16') && provider === 'AKS' && isNil(spec.azure)) spec.azure = { policyMode: 'Default' };
  }

  /** MergeAndFillDefaults (core_controller.go:462-470): the aws-node check, then fillDefaults. */
  mergeAndFillDefaults(spec: Json, awsNode: boolean, activePools: readonly string[] = []): void {
    if (awsNode) this.updateForAwsNode(spec);
    this.fillDefaults(spec, activePools);
  }

  /** The core controller's defaulting of an Installation (updateInstallationWithDefaults, :430-458), on a copy. */
  coreDefaults(installation: Json, cluster: Cluster = {}): Json {
    const out = clone(installation);
    out.spec ??= {};
    this.mergeProvider(out.spec, cluster.detectedProvider ?? '');
    const active = (cluster.ipPools ?? []).filter((p) => !p.disabled).map((p) => p.cidr);
    this.mergeAndFillDefaults(out.spec, cluster.awsNode ?? false, active);
    return out;
  }

  /** extractKubeadmCIDRs (pkg/controller/ippool/kubeadm.go:32-60). */
  extractKubeadmCidrs(data: Readonly<Record<string, string>>): string[] {
    let line: RegExpExecArray | null = null;
    for (const value of Object.values(data)) {
      line = /podSubnet: ([^\n]*)/.exec(value);
      if (line) break;
    }
    if (!line) throw new OperatorError('kubeadm configuration is missing required podSubnet field');
    return line[1].split(',').map((cidr) => {
      if (!parseGoCidr(cidr)) throw new OperatorError(`invalid CIDR address: ${cidr}`);
      return cidr;
    });
  }

  /** cidrWithinCidr (defaults.go:355-375): the pool's network address inside the CIDR and its prefix no shorter. */
  cidrWithinCidr(cidr: string, pool: string): boolean {
    const c = parseGoCidr(cidr);
    const p = parseGoCidr(pool);
    if (!c || !p || c.family !== p.family) return false;
    return (p.network as ipaddr.IPv4).match(c.network as ipaddr.IPv4, c.bits) && p.bits >= c.bits;
  }

  /** cidrToName (defaults.go:45-66). */
  cidrToName(cidr: string): string {
    const parsed = parseGoCidr(cidr);
    if (!parsed) throw new OperatorError(`invalid CIDR address: ${cidr}`);
    const address = parsed.family === 4 ? parsed.network.toString()
      : (parsed.network as ipaddr.IPv6).toNormalizedString().split(':').map((g) => g.padStart(4, '0')).join('.');
    return `${address}-${parsed.bits}`;
  }

  /** mergePlatformPodCIDRs (defaults.go:296-351). */
  private mergePlatformPodCidrs(spec: Json, platform: readonly string[]): void {
    const net = spec.calicoNetwork;
    if (isNil(net.ipPools)) {
      if (platform.length === 0) return;
      let v4 = false;
      let v6 = false;
      net.ipPools = [];
      for (const c of platform) {
        const parsed = parseGoCidr(c);
        if (!parsed) continue;
        const first = parsed.family === 4 ? !v4 : !v6;
        if (parsed.family === 4) v4 = true;
        else v6 = true;
        net.ipPools.push(first ? { name: parsed.family === 4 ? 'default-ipv4-ippool' : 'default-ipv6-ippool', cidr: c } : { cidr: c });
      }
    } else if (net.ipPools.length > 0) {
      for (const pool of net.ipPools) {
        if (!platform.some((c) => this.cidrWithinCidr(c, pool.cidr))) {
          throw new OperatorError(`IPPool ${pool.cidr} is not within the platform's configured pod network CIDR(s) [${platform.join(' ')}]`);
        }
      }
    }
  }

  /**
   * The pool controller's fillDefaults (pkg/controller/ippool/defaults.go:70-244), on a spec in
   * place; `cluster.ipPools` are all the IPPools in the cluster.
   */
  fillPoolDefaults(spec: Json, cluster: Cluster = {}): void {
    if (isNil(spec.cni) || isNil(spec.cni.ipam)) throw new OperatorError('cannot perform IP pool defaulting until CNI configuration is available');
    const current = cluster.ipPools ?? [];
    const provider = spec.kubernetesProvider ?? '';
    if (current.length === 0) {
      // updateInstallationForOpenshiftNetwork / updateInstallationForKubeadm skip any CNI but Calico (:264-294).
      const calicoCni = spec.cni.type === 'Calico';
      if (provider === 'OpenShift') {
        if (cluster.openshiftClusterNetwork === undefined) throw new OperatorError('unable to read openshift network configuration');
        if (calicoCni) {
          spec.calicoNetwork ??= {};
          try {
            this.mergePlatformPodCidrs(spec, cluster.openshiftClusterNetwork);
          } catch (err) {
            throw new OperatorError(`could not resolve CalicoNetwork IPPool and OpenShift network: ${(err as Error).message}`);
          }
        }
      } else if (cluster.kubeadmConfig !== undefined && calicoCni) {
        spec.calicoNetwork ??= {};
        try {
          this.mergePlatformPodCidrs(spec, this.extractKubeadmCidrs(cluster.kubeadmConfig));
        } catch (err) {
          throw new OperatorError(`could not resolve CalicoNetwork IPPool and kubeadm configuration: ${(err as Error).message}`);
        }
      }
      const unspecified = isNil(spec.calicoNetwork) || isNil(spec.calicoNetwork.ipPools);
      if (unspecified && spec.cni.ipam.type === 'Calico') {
        spec.calicoNetwork ??= {};
        spec.calicoNetwork.ipPools = provider === 'EKS'
          ? [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', encapsulation: 'VXLAN' }]
          : [{ name: 'default-ipv4-ippool', cidr: '192.168.0.0/16' }];
      }
    } else if (isNil(spec.calicoNetwork) || isNil(spec.calicoNetwork.ipPools)) {
      spec.calicoNetwork ??= {};
      spec.calicoNetwork.ipPools = [];
    }
    if (isNil(spec.calicoNetwork)) return;
    const pools: Json[] = spec.calicoNetwork.ipPools ?? [];
    const families = pools.map((p) => parseGoCidr(String(p.cidr))?.family);
    const dualStack = families.includes(4) && families.includes(6);
    pools.forEach((pool, i) => {
      if (lenZero(pool.allowedUses)) pool.allowedUses = ['Workload', 'Tunnel'];
      const family = families[i];
      if (family === 4) {
        if (isBlank(pool.encapsulation)) pool.encapsulation = spec.cni.type === 'Calico' ? 'IPIP' : 'None';
        if (isBlank(pool.natOutgoing)) pool.natOutgoing = 'Enabled';
        if (isBlank(pool.nodeSelector)) pool.nodeSelector = 'all()';
        if (isNil(pool.blockSize)) pool.blockSize = 26;
      } else if (family === 6) {
        if (isBlank(pool.encapsulation)) pool.encapsulation = 'None';
        if (isBlank(pool.natOutgoing)) pool.natOutgoing = 'Disabled';
        if (isBlank(pool.nodeSelector)) pool.nodeSelector = 'all()';
        if (isNil(pool.blockSize)) pool.blockSize = 122;
      }
      // From v1.36 (v1.36.16 defaults.go:205-207); assignmentMode below from v1.38 (v1.36.16 has none).
      if (this.atLeast('v1.36.16') && isNil(pool.disableNewAllocations)) pool.disableNewAllocations = false;
      if (isBlank(pool.name)) {
        const existing = current.find((c) => c.cidr === pool.cidr);
        // An unparsable CIDR counts as not IPv4 here (a nil address).
        const defaultName = family === 4 ? 'default-ipv4-ippool' : 'default-ipv6-ippool';
        if (existing?.name) pool.name = existing.name;
        else if (pools.length === 1 || (pools.length === 2 && dualStack)) pool.name = defaultName;
        else pool.name = this.cidrToName(String(pool.cidr));
      }
      if (this.atLeast('v1.38.13') && isBlank(pool.assignmentMode)) pool.assignmentMode = 'Automatic';
    });
  }

  /** The pool controller's defaulting of an Installation the core controller has defaulted, on a copy. */
  poolDefaults(installation: Json, cluster: Cluster = {}): Json {
    const out = clone(installation);
    out.spec ??= {};
    this.fillPoolDefaults(out.spec, cluster);
    return out;
  }

  /**
   * What the API server adds on admission from the CRD's defaults: `disableBGPExport: false` in each
   * pool (every release's Installation CRD), `azure.policyMode: Default` in a set `azure` (from the
   * v3.29 CRD, whose operator is v1.36: v3.29.7 operator-crds.yaml, `policyMode` with `default: Default`).
   */
  crdDefaults(installation: Json): Json {
    const out = clone(installation);
    for (const pool of out.spec?.calicoNetwork?.ipPools ?? []) if (isNil(pool.disableBGPExport)) pool.disableBGPExport = false;
    if (this.atLeast('v1.36.16') && out.spec?.azure && typeof out.spec.azure === 'object' && isNil(out.spec.azure.policyMode)) out.spec.azure.policyMode = 'Default';
    return out;
  }

  /** The Installation after the API server, the core controller and the pool controller. */
  installation(installation: Json, cluster: Cluster = {}): Json {
    return this.poolDefaults(this.coreDefaults(this.crdDefaults(installation), cluster), cluster);
  }

  /** Whisker: updateWhiskerWithDefaults (pkg/controller/whisker/controller.go:287-291), from v1.38. */
  whisker(whisker: Json): Json {
    const out = clone(whisker);
    if (this.atLeast('v1.38.13')) {
      out.spec ??= {};
      if (isNil(out.spec.notifications)) out.spec.notifications = 'Enabled';
    }
    return out;
  }

  /** APIServer and Goldmane: no controller writes defaults into them at these tags. */
  unchanged(object: Json): Json {
    return clone(object);
  }

  /**
   * FelixConfiguration `default` after the core controller (setDefaultsOnFelixConfiguration
   * :1925-2072, setNftablesMode :1894-1921, the cluster routing :2076-2098, the BPF switch :2136-2168
   * and bpf.go:85-105), given the Installation as the core controller defaulted it.
   */
  felixConfiguration(felix: Json, installation: Json, cluster: Cluster = {}): Json {
    const out = clone(felix);
    out.spec ??= {};
    const spec = installation.spec;
    const provider = spec.kubernetesProvider ?? '';
    const dataplane = spec.calicoNetwork?.linuxDataplane;
    const bpf = dataplane === 'BPF';
    const fc = out.spec;
    if (spec.cni.type === 'AmazonVPC' && isNil(fc.routeTableRange)) fc.routeTableRange = { min: 65, max: 99 };
    if (spec.cni.type === 'GKE' && isNil(fc.routeTableRange)) fc.routeTableRange = { min: 10, max: 250 };
    if (isNil(fc.healthPort)) fc.healthPort = provider === 'OpenShift' ? 9199 : 9099;
    if (isNil(fc.vxlanVNI)) fc.vxlanVNI = provider === 'DockerEnterprise' ? 10000 : 4096;
    if (this.atLeast('v1.40.15') && isNil(fc.vxlanPort)) fc.vxlanPort = provider === 'DockerEnterprise' && bpf ? 8472 : 4789;
    if (provider === 'DockerEnterprise' && bpf && isNil(fc.bpfHostConntrackBypass)) fc.bpfHostConntrackBypass = false;
    // setNftablesMode from v1.36 (v1.36.16 :1658-1681, the same as v1.38.13's).
    if (this.atLeast('v1.36.16') && !isNil(dataplane)) {
      const nftables = !this.atLeast('v1.40.15') ? dataplane === 'Nftables' : dataplane === 'Nftables' || (bpf && provider !== 'DockerEnterprise');
      fc.nftablesMode = !nftables ? 'Disabled' : this.tag === 'v1.42.3' && !bpf ? 'Auto' : 'Enabled';
    }
    const mode = spec.calicoNetwork?.clusterRoutingMode;
    if (this.tag === 'v1.42.3' && !isNil(mode)) fc.programClusterRoutes = mode === 'Felix' ? 'Enabled' : 'Disabled';
    const setBpf = (value: boolean) => {
      out.metadata ??= {};
      out.metadata.annotations ??= {};
      out.metadata.annotations['operator.tigera.io/bpfEnabled'] = String(value);
      fc.bpfEnabled = value;
    };
    const enabledNow = fc.bpfEnabled === true;
    if (!cluster.calicoNodeExists && bpf) setBpf(true);
    else if (bpf && !enabledNow && cluster.bpfRolledOut) setBpf(true);
    else if (!bpf && (isNil(fc.bpfEnabled) || fc.bpfEnabled === true)) setBpf(false);
    return out;
  }

  /** BGPConfiguration `default`: programClusterRoutes from clusterRoutingMode (v1.42.3 :2102-2124). */
  bgpConfiguration(bgp: Json, installation: Json): Json {
    const out = clone(bgp);
    const mode = installation.spec?.calicoNetwork?.clusterRoutingMode;
    if (this.tag === 'v1.42.3' && !isNil(mode)) {
      out.spec ??= {};
      out.spec.programClusterRoutes = mode === 'Felix' ? 'Disabled' : 'Enabled';
    }
    return out;
  }
}
