/**
 * Adopting a running cluster: from an export of its Calico objects (cluster-export.ts), a cluster
 * file that renders the same spec, and the proof that it does (live-compare.ts).
 *
 * The Installation's fields go to the cluster file's own keys where it has them (pools, BGP, MTU,
 * dataplane, autodetection, registry, pull secrets, control-plane placement, volume paths,
 * metrics), the rest under `calico.installation` — only what differs from what calico-stack renders
 * anyway (the release's operator defaults are rendered already). APIServer, Goldmane and Whisker
 * become presence keys, FelixConfiguration's WireGuard `calico.wireguard`, BGPConfiguration and the
 * BGPPeers the BGP keys, kubeadm-config the pod and service subnets. What the file cannot say is
 * named with its path, value and why; the written file is then read back, rendered with the
 * library and compared with the export field by field.
 */
import { App } from 'cdk8s';
import type * as z from 'zod';
import { Document, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { describeObject, EXPORTED_KINDS, identityOf, LiveObject } from './cluster-export';
import { compareWithLive, Comparison, equal } from './live-compare';
import { CALICO_NETWORK, DERIVED_FIELDS, MODELLED_FIELDS } from '../../lib/calico/installation-fields';
import { FELIX_METRICS, TYPHA_METRICS } from '../../lib/calico/metrics';
import { CalicoRelease, findCalicoRelease, RELEASES } from '../../lib/calico/releases';
import { onWarnings } from '../../lib/common/checks';
import { Finding, hasErrors } from '../../lib/common/findings';
import { DataMap, isDataMap, parseYaml, toData } from '../../lib/common/yaml-data';
import { renderStack } from '../../lib/render/render';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { Cloud, ClusterSpec } from '../../lib/stack/cluster-spec';
import { loadShippedCrdBundle, parseKubeadmNetworking } from '../config/load';
import { parseClusterFile } from '../config/parse';
import { platformSchema } from '../config/schema';
import { renderedObjects } from '../output/previous-render';


/**
 * Where upstream documents the move from a manifest install to the operator: tigera/docs
 * calico_versioned_docs/version-3.X/operations/operator-migration.mdx (3.30 to 3.32 at commit
 * f2a276243: :45 only from the same Calico version, :70 the Installation that starts it; tigera/docs#680).
 */
export const MIGRATION_DOCS = 'https://docs.tigera.io/calico/latest/operations/operator-migration';

/** Something of the cluster the cluster file cannot say. */
export interface Inexpressible {
  /** `Installation/default spec.calicoNetwork.ipPools[0].disableNewAllocations`. */
  readonly path: string;
  readonly value: unknown;
  readonly why: string;
}

/** What adopt was told on the command line. */
export interface AdoptOptions {
  readonly name?: string;
  readonly cloud?: string;
  readonly version?: string;
}

/** Adopt's answer. */
export type AdoptResult =
  /** The export cannot be adopted as it is: a usage problem (exit 2). */
  | { readonly outcome: 'usage'; readonly message: string }
  /** A manifest install: the migration to do first (exit 1). */
  | { readonly outcome: 'manifest-install'; readonly message: string }
  /** A release calico-stack does not render (exit 1). */
  | { readonly outcome: 'unsupported'; readonly message: string }
  | {
    readonly outcome: 'adopted';
    readonly name: string;
    readonly release: CalicoRelease;
    /** The cluster file's text. */
    readonly text: string;
    /** What the file cannot say. */
    readonly inexpressible: readonly Inexpressible[];
    /** The render of the file compared with the export. */
    readonly proof: Comparison;
    /** Findings of the adopted file's render (errors: it does not render). */
    readonly findings: readonly Finding[];
    /** What the user should know (a value left to the operator, a key calico-stack does not have yet). */
    readonly notes: readonly string[];
  };

const USE_DEFAULT = 'UseDefault';

/** The provider → cloud of the cluster file, for a provider the Installation names. */
const CLOUD_OF_PROVIDER: Readonly<Record<string, Cloud>> = { EKS: Cloud.AWS, AKS: Cloud.AZURE, GKE: Cloud.GCP };

/** Adopts the objects of an export. */
export function adopt(objects: readonly LiveObject[], options: AdoptOptions): AdoptResult {
  const find = (kind: string, name: string, namespace?: string) => objects.map((o) => o.object).find((o) => {
    const id = identityOf(o);
    return id.kind === kind && id.name === name && (namespace === undefined || id.namespace === namespace);
  });
  const installation = find('Installation', 'default');
  if (!installation) {
    const node = find('DaemonSet', 'calico-node', 'kube-system');
    const calicoObjects = objects.filter((o) => identityOf(o.object).calico);
    if (node || calicoObjects.length > 0) return { outcome: 'manifest-install', message: manifestAnswer(node, calicoObjects.length) };
    return { outcome: 'usage', message: `the export holds no Installation/default (${objects.length} objects read) — export it with the kubectl get line of docs/adopt-and-drift.md` };
  }

  // The release: the operator Deployment's image tag, or --version.
  const deployment = find('Deployment', 'tigera-operator');
  const tag = deployment ? operatorTag(deployment) : undefined;
  let release: CalicoRelease | undefined;
  if (tag !== undefined) {
    release = RELEASES.find((r) => r.operatorVersion === tag);
    if (!release) {
      return { outcome: 'unsupported', message: `Deployment tigera-operator runs operator ${tag}, which is no release calico-stack renders (operators: ${RELEASES.map((r) => `${r.operatorVersion} = Calico ${r.version}`).join(', ')}) — upgrade the cluster to one of them first` };
    }
    if (options.version !== undefined && options.version !== release.version) {
      return { outcome: 'usage', message: `--version ${options.version} contradicts the export: Deployment tigera-operator runs operator ${tag}, the operator of Calico ${release.version} — leave --version out` };
    }
  } else if (options.version !== undefined) {
    release = findCalicoRelease(options.version);
    if (!release) return { outcome: 'usage', message: `--version ${options.version} is not one of ${RELEASES.map((r) => r.version).join(', ')}` };
  } else {
    return { outcome: 'usage', message: 'the export has no Deployment tigera-operator, so the Calico release is unknown — add `kubectl -n tigera-operator get deployment tigera-operator -o yaml` to the export, or give --version <release>' };
  }

  const notes: string[] = [];
  const inexpressible: Inexpressible[] = [];
  const helm = helmReleases(objects);
  if (helm.length > 0) {
    notes.push(`${helm.join(', ')}: the custom resources belong to ${helm.length === 1 ? 'this Helm release' : 'these Helm releases'}; once calico-stack's render is applied, never run helm upgrade, rollback or uninstall on ${helm.length === 1 ? 'it' : 'them'} (they would overwrite or delete what calico-stack applies)`);
  }

  // kubeadm-config: the subnets, the cluster's name and Kubernetes version.
  const kubeadm = find('ConfigMap', 'kubeadm-config', 'kube-system');
  const platform: DataMap = {};
  let clusterName: string | undefined;
  if (kubeadm) {
    const text = new Document(kubeadm, { aliasDuplicateObjects: false }).toString();
    const networking = parseKubeadmNetworking(text, 'ConfigMap kube-system/kubeadm-config');
    if ('networking' in networking) {
      if (networking.networking.podSubnet !== undefined) platform.podSubnet = networking.networking.podSubnet;
      if (networking.networking.serviceSubnet !== undefined) platform.serviceSubnet = networking.networking.serviceSubnet;
    } else {
      notes.push(`ConfigMap kube-system/kubeadm-config: ${networking.findings[0].message}; platform.podSubnet and serviceSubnet are left out`);
    }
    const config = clusterConfiguration(kubeadm);
    if (typeof config?.clusterName === 'string') clusterName = config.clusterName;
    if (typeof config?.kubernetesVersion === 'string') {
      // platform.kubernetesVersion, where the cluster file has the key and takes kubeadm's spelling of the value.
      const key = (platformSchema.shape as Record<string, z.ZodType | undefined>).kubernetesVersion;
      if (key?.safeParse(config.kubernetesVersion).success) platform.kubernetesVersion = config.kubernetesVersion;
      else notes.push(`kubeadm-config says Kubernetes ${config.kubernetesVersion}; the cluster file has no key that takes it`);
    }
  } else {
    notes.push('the export has no ConfigMap kube-system/kubeadm-config: platform.podSubnet and serviceSubnet are left out (add `kubectl -n kube-system get cm kubeadm-config -o yaml` to the export to fill them)');
  }
  const name = options.name ?? clusterName;
  if (name === undefined) return { outcome: 'usage', message: 'the cluster\'s name is unknown (the export has no kubeadm-config with a clusterName) — give --name <name>' };

  const spec = isDataMap(installation.spec) ? installation.spec : {};
  const provider = typeof spec.kubernetesProvider === 'string' ? spec.kubernetesProvider : '';
  const cloud = options.cloud ?? CLOUD_OF_PROVIDER[provider];
  if (cloud === undefined) return { outcome: 'usage', message: `where the nodes run is not in the export — give --cloud (${Object.values(Cloud).join(', ')})` };
  if (!(Object.values(Cloud) as string[]).includes(cloud)) return { outcome: 'usage', message: `--cloud ${cloud} is not one of ${Object.values(Cloud).join(', ')}` };

  const calico: DataMap = { version: release.version };
  mapInstallation(spec, release, calico, inexpressible, notes);
  calico.apiServer = find('APIServer', 'default') !== undefined;
  if (release.hasGoldmaneWhisker) {
    calico.goldmane = find('Goldmane', 'default') !== undefined;
    calico.whisker = find('Whisker', 'default') !== undefined;
  }
  mapFelix(objects, calico);
  mapBgp(objects, calico, inexpressible);

  // Only what differs from what calico-stack renders anyway goes under calico.installation.
  const base = baseInstallation(name, cloud, platform, calico);
  const passed = passThrough(spec, base, release, notes);
  if (Object.keys(passed).length > 0) calico.installation = passed;

  const data: DataMap = {
    name,
    platform: { cloud, ...platform },
    calico,
    retina: { enabled: false },
    monitoring: { enabled: false },
  };
  const text = documentOf(data, objects.length, kubeadm !== undefined).toString({ lineWidth: 0 });
  const { proof, findings } = prove(text, release, objects);
  return { outcome: 'adopted', name, release, text, inexpressible, proof, findings, notes };
}

/** The Helm releases (`namespace/name`) the exported objects say they belong to. */
function helmReleases(objects: readonly LiveObject[]): string[] {
  const found = new Set<string>();
  for (const { object } of objects) {
    const annotations = isDataMap(object.metadata) && isDataMap(object.metadata.annotations) ? object.metadata.annotations : {};
    const name = annotations['meta.helm.sh/release-name'];
    if (typeof name === 'string') found.add(`Helm release ${String(annotations['meta.helm.sh/release-namespace'] ?? '')}/${name}`);
  }
  return [...found].sort();
}

/** The tag of the operator image of Deployment tigera-operator (`quay.io/tigera/operator:v1.38.13` → `v1.38.13`). */
function operatorTag(deployment: DataMap): string | undefined {
  const containers = (((deployment.spec as DataMap | undefined)?.template as DataMap | undefined)?.spec as DataMap | undefined)?.containers;
  if (!Array.isArray(containers)) return undefined;
  const image = containers.filter(isDataMap).map((c) => c.image).find((i): i is string => typeof i === 'string' && /tigera\/operator[:@]/.test(i));
  const m = image ? /:([^:/@]+)(@.*)?$/.exec(image) : null;
  return m ? m[1] : undefined;
}

function manifestAnswer(node: DataMap | undefined, calicoObjects: number): string {
  const image = node ? (((((node.spec as DataMap)?.template as DataMap)?.spec as DataMap)?.containers as DataMap[] | undefined) ?? [])
    .map((c) => c.image).find((i) => typeof i === 'string' && i.includes('calico/node')) : undefined;
  const version = typeof image === 'string' ? /:(v\d+\.\d+\.\d+)/.exec(image)?.[1] : undefined;
  return [
    `this cluster runs Calico from manifests (${node ? 'DaemonSet kube-system/calico-node' : `${calicoObjects} Calico objects`}, no Installation): the operator does not manage it, so there is nothing to adopt yet.`,
    `  1. Migrate it to the operator with upstream's procedure, ${MIGRATION_DOCS} (operations/operator-migration):`,
    `     it is supported only to the operator of the same Calico version${version ? ` — here ${version}` : ''} (tigera/docs#680): apply that release's tigera-operator.yaml, then create an Installation; the operator fills in its spec from the running install and moves Calico to calico-system.`,
    '  2. When the migration has finished (kubectl get tigerastatus), export the cluster again and run adopt on that export.',
  ].join('\n');
}

function clusterConfiguration(configMap: DataMap): DataMap | undefined {
  const data = isDataMap(configMap.data) ? configMap.data : {};
  if (typeof data.ClusterConfiguration !== 'string') return undefined;
  const parsed = parseYaml(data.ClusterConfiguration);
  if ('error' in parsed || parsed.docs.length !== 1) return undefined;
  try {
    const value = toData(parsed.docs[0]);
    return isDataMap(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const POOL_KEYS = ['name', 'cidr', 'blockSize', 'encapsulation', 'natOutgoing', 'nodeSelector', 'disableBGPExport', 'allowedUses'];
const rank = (key: string) => (POOL_KEYS.includes(key) ? POOL_KEYS.indexOf(key) : POOL_KEYS.length);
/** Pool fields the file has no key for, and the value the operator writes (the only one the render can have). */
const POOL_OPERATOR_ONLY: Readonly<Record<string, unknown>> = { disableNewAllocations: false, assignmentMode: 'Automatic' };

/** The Installation's modelled fields → the `calico` section's keys. */
export function mapInstallation(spec: DataMap, release: CalicoRelease, calico: DataMap, inexpressible: Inexpressible[], notes: string[]): void {
  const at = (p: string) => `Installation/default spec.${p}`;
  const network = isDataMap(spec.calicoNetwork) ? spec.calicoNetwork : {};
  if (Array.isArray(network.ipPools)) {
    calico.ipPools = network.ipPools.filter(isDataMap).map((pool, i) => {
      const out: DataMap = {};
      // The file's order of the keys (name and cidr first), then the others.
      const keys = Object.keys(pool).sort((a, b) => rank(a) - rank(b));
      for (const key of keys) {
        const value = pool[key];
        if (POOL_KEYS.includes(key)) {
          if (key === 'disableBGPExport' && value === false) continue;
          if (key === 'allowedUses' && equal(value, ['Workload', 'Tunnel'])) continue;
          out[key] = value;
        } else if (Object.hasOwn(POOL_OPERATOR_ONLY, key)) {
          if (!equal(value, POOL_OPERATOR_ONLY[key])) {
            inexpressible.push({ path: at(`calicoNetwork.ipPools[${i}].${key}`), value, why: `the cluster file has no key for it (calico.ipPools[] takes ${POOL_KEYS.join(', ')}), and calico-stack renders the operator's ${JSON.stringify(POOL_OPERATOR_ONLY[key])}` });
          }
        } else {
          inexpressible.push({ path: at(`calicoNetwork.ipPools[${i}].${key}`), value, why: `calico.ipPools[] has no such key (it takes ${POOL_KEYS.join(', ')})` });
        }
      }
      return out;
    });
  }
  if (typeof network.bgp === 'string') calico.bgp = network.bgp;
  if (network.mtu !== undefined && network.mtu !== null && network.mtu !== 0) calico.mtu = network.mtu;
  if (typeof network.linuxDataplane === 'string' && network.linuxDataplane !== 'Iptables') calico.linuxDataplane = network.linuxDataplane;
  for (const family of ['V4', 'V6'] as const) {
    const value = network[`nodeAddressAutodetection${family}`];
    if (!isDataMap(value)) continue;
    // {firstFound: true} is what the operator writes once pools of the family exist: left to it.
    if (equal(value, { firstFound: true })) {
      notes.push(`Installation spec.calicoNetwork.nodeAddressAutodetection${family}: {firstFound: true} is what the operator writes itself; left to it`);
      continue;
    }
    calico[`nodeAddressAutodetection${family}`] = value;
  }
  if (typeof spec.registry === 'string' && spec.registry !== '' && spec.registry !== USE_DEFAULT) calico.registry = spec.registry;
  if (typeof spec.imagePath === 'string' && spec.imagePath !== '' && spec.imagePath !== USE_DEFAULT) calico.imagePath = spec.imagePath;
  if (Array.isArray(spec.imagePullSecrets) && spec.imagePullSecrets.length > 0) {
    calico.imagePullSecrets = spec.imagePullSecrets.map((s) => (isDataMap(s) && Object.keys(s).length === 1 && typeof s.name === 'string' ? s.name : s));
  }
  if (isDataMap(spec.controlPlaneNodeSelector) && Object.keys(spec.controlPlaneNodeSelector).length > 0) calico.controlPlaneNodeSelector = spec.controlPlaneNodeSelector;
  if (Array.isArray(spec.controlPlaneTolerations) && spec.controlPlaneTolerations.length > 0) calico.controlPlaneTolerations = spec.controlPlaneTolerations;
  for (const key of ['kubeletVolumePluginPath', 'flexVolumePath'] as const) {
    const value = spec[key];
    if (typeof value !== 'string' || value === '') continue;
    // The value the operator writes where the Installation names none (and no provider): left to it.
    if (equal(value, operatorDefault(release, `/spec/${key}`))) continue;
    calico[key] = value;
  }
  const [node, typha] = [spec.nodeMetricsPort, spec.typhaMetricsPort];
  if (node !== undefined || typha !== undefined) {
    if (node === FELIX_METRICS.metricsPort && typha === TYPHA_METRICS.metricsPort) calico.metrics = true;
    else {
      inexpressible.push({
        path: at('nodeMetricsPort / typhaMetricsPort'), value: { nodeMetricsPort: node, typhaMetricsPort: typha },
        why: `calico.metrics renders both, on ${FELIX_METRICS.metricsPort} and ${TYPHA_METRICS.metricsPort}; the file has no key for other ports or for one of them alone`,
      });
    }
  }
}

/** The value a row of the release's table writes when nothing else is named (its `value`, or its case without conditions). */
function operatorDefault(release: CalicoRelease, pointer: string): unknown {
  const row = release.operatorWrites.fields.find((r) => r.pointer === pointer && r.handled === undefined);
  if (!row) return undefined;
  return row.value !== undefined ? row.value : row.cases?.find((c) => c.when === undefined)?.value;
}

/** FelixConfiguration/default: WireGuard. Its other fields are for the proof to report. */
function mapFelix(objects: readonly LiveObject[], calico: DataMap): void {
  const felix = objects.map((o) => o.object).find((o) => identityOf(o).kind === 'FelixConfiguration' && identityOf(o).name === 'default');
  const spec = felix && isDataMap(felix.spec) ? felix.spec : {};
  if (spec.wireguardEnabled === true || spec.wireguardEnabledV6 === true) calico.wireguard = true;
}

const BGP_CONFIGURATION_KEYS: Readonly<Record<string, string>> = {
  asNumber: 'asNumber', nodeToNodeMeshEnabled: 'nodeToNodeMesh', serviceClusterIPs: 'serviceClusterIPs', serviceExternalIPs: 'serviceExternalIPs',
  serviceLoadBalancerIPs: 'serviceLoadBalancerIPs', listenPort: 'listenPort', logSeverityScreen: 'logSeverityScreen',
};
const BGP_PEER_KEYS = ['peerIP', 'asNumber', 'localASNumber', 'nodeSelector', 'peerSelector', 'password', 'keepOriginalNextHop', 'nextHopMode', 'sourceAddress', 'maxRestartTime', 'ttlSecurity'];

/** BGPConfiguration/default and the BGPPeers → the BGP keys; what they cannot say is named. */
function mapBgp(objects: readonly LiveObject[], calico: DataMap, inexpressible: Inexpressible[]): void {
  for (const { object } of objects) {
    const id = identityOf(object);
    const spec = isDataMap(object.spec) ? object.spec : {};
    if (id.kind === 'BGPConfiguration') {
      if (id.name !== 'default') {
        inexpressible.push({ path: describeObject(object), value: spec, why: 'calico-stack renders only BGPConfiguration/default (per-node BGPConfigurations are set on nodes)' });
        continue;
      }
      for (const [key, value] of Object.entries(spec)) {
        if (Object.hasOwn(BGP_CONFIGURATION_KEYS, key)) calico[BGP_CONFIGURATION_KEYS[key]] = value;
      }
    } else if (id.kind === 'BGPPeer') {
      const peer: DataMap = { name: id.name };
      for (const [key, value] of Object.entries(spec)) if (BGP_PEER_KEYS.includes(key)) peer[key] = value;
      calico.bgpPeers = [...((calico.bgpPeers as DataMap[] | undefined) ?? []), peer];
    }
  }
}

/** The Installation calico-stack renders for the file without `calico.installation`. */
export function baseInstallation(name: string, cloud: string, platform: DataMap, calico: DataMap): DataMap {
  const spec = specOf({ name, platform: { cloud, ...platform }, calico: structuredClone(calico), retina: { enabled: false }, monitoring: { enabled: false } });
  const stack = new CalicoStack(quietApp(), 'cluster', spec);
  return stack.calico.installation.resource.toJson() as DataMap;
}

/**
 * The Installation's fields the file's keys do not model, as far as they differ from what
 * calico-stack renders without them and from what the release's operator writes itself: maps
 * pruned of what is the same, lists whole.
 */
export function passThrough(spec: DataMap, base: DataMap, release: CalicoRelease, notes: string[]): DataMap {
  const baseSpec = isDataMap(base.spec) ? base.spec : {};
  const modelled = (field: string) => Object.hasOwn(MODELLED_FIELDS, field) || Object.hasOwn(DERIVED_FIELDS, field);
  const detected = release.operatorWrites.detectedProviders.providers;
  const out: DataMap = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === CALICO_NETWORK && isDataMap(value)) {
      const network: DataMap = {};
      const baseNetwork = isDataMap(baseSpec[CALICO_NETWORK]) ? baseSpec[CALICO_NETWORK] as DataMap : {};
      for (const [k, v] of Object.entries(value)) {
        if (modelled(`${CALICO_NETWORK}.${k}`)) continue;
        const pruned = prune(v, baseNetwork[k], ['spec', CALICO_NETWORK, k], release);
        if (pruned !== undefined) network[k] = pruned;
      }
      if (Object.keys(network).length > 0) out[key] = network;
      continue;
    }
    if (modelled(key)) continue;
    // The provider the operator detects is its own write (a named one it does not detect is kept).
    if (key === 'kubernetesProvider' && typeof value === 'string' && detected.includes(value)) {
      notes.push(`Installation spec.kubernetesProvider: ${value} is what the operator detects itself; left to it`);
      continue;
    }
    const pruned = prune(value, baseSpec[key], ['spec', key], release);
    if (pruned !== undefined) out[key] = pruned;
  }
  return out;
}

/**
 * `live` without what equals `base` (maps key by key) and without what the release's operator
 * writes there itself; undefined when nothing is left.
 */
function prune(live: unknown, base: unknown, path: readonly string[], release: CalicoRelease): unknown {
  if (equal(live, base)) return undefined;
  if (base === undefined && operatorCouldWrite(release, path, live)) return undefined;
  if (isDataMap(live)) {
    const out: DataMap = {};
    for (const [k, v] of Object.entries(live)) {
      const p = prune(v, isDataMap(base) ? base[k] : undefined, [...path, k], release);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return live;
}

/** Whether a row of the release's table writes `value` at `path` (its value, or the value of one of its cases). */
function operatorCouldWrite(release: CalicoRelease, path: readonly string[], value: unknown): boolean {
  const pointer = `/${path.join('/')}`;
  return release.operatorWrites.fields.some((row) => row.pointer === pointer && row.handled === undefined
    && (equal(row.value, value) || (row.cases ?? []).some((c) => equal(c.value, value))));
}

/** A cluster file's data as a ClusterSpec (the CRD bundle calico-stack ships, for a release that needs one). */
export function specOf(data: DataMap): ClusterSpec {
  const calico = (data.calico ?? {}) as DataMap;
  const bundle = typeof calico.version === 'string' ? loadShippedCrdBundle(calico.version) : undefined;
  return { ...data, calico: { ...calico, ...(bundle ? { crds: bundle } : {}) } } as unknown as ClusterSpec;
}

const HOW_TO_TURN_ON: Readonly<Record<string, string>> = {
  retina: 'Not in the export. Retina in basic mode: remove `enabled: false` (docs/observability.md#retina).',
  monitoring: 'Not in the export. Prometheus and Grafana, or kube-prometheus-stack objects: remove `enabled: false` (docs/observability.md).',
};

/** The cluster file as a YAML document with comments (the yaml library's Document API). */
function documentOf(data: DataMap, objects: number, kubeadm: boolean): Document {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Adopted by \`calico-stack adopt\` from an export of ${objects} objects: renders the cluster's Calico objects as the export`,
    ' holds them (the proof adopt printed). Fields the operator writes itself are left to it.',
  ].join('\n');
  const root = doc.contents as YAMLMap;
  for (const item of root.items as Pair[]) {
    const key = isScalar(item.key) ? String((item.key as Scalar).value) : '';
    if (Object.hasOwn(HOW_TO_TURN_ON, key)) (item.key as Scalar).commentBefore = ` ${HOW_TO_TURN_ON[key]}`;
    if (key === 'platform' && kubeadm) (item.key as Scalar).commentBefore = ' The subnets as kubeadm-config (ConfigMap kube-system/kubeadm-config) has them.';
  }
  const installation = doc.getIn(['calico'], true) as YAMLMap | undefined;
  const passed = (installation?.items as Pair[] | undefined)?.find((p) => isScalar(p.key) && (p.key as Scalar).value === 'installation');
  if (passed) {
    (passed.key as Scalar).commentBefore = ' Installation fields the keys above do not model, where the cluster differs from what calico-stack renders anyway.';
  }
  doc.comment = ' GitOps (Argo CD, Flux) is off: add a gitops section to turn it on (docs/gitops.md).';
  return doc;
}

/** Reads the written text back as a cluster file, renders it and compares it with the export. */
function prove(text: string, release: CalicoRelease, objects: readonly LiveObject[]): { proof: Comparison; findings: Finding[] } {
  const { rendered, findings } = renderClusterText(text, 'adopt');
  if (rendered === undefined) return { proof: emptyComparison(), findings };
  return { proof: compareWithLive(rendered, objects, release, EXPORTED_KINDS), findings };
}

/**
 * A cluster file's text read back as a cluster file and rendered with the library: its objects
 * (undefined when it does not render) and the findings. `writer` names the command, for the error
 * of text that is no YAML (a bug of that command).
 */
export function renderClusterText(text: string, writer: string): { rendered?: DataMap[]; findings: Finding[] } {
  const parsed = parseYaml(text);
  if ('error' in parsed) throw new Error(`${writer} wrote YAML it cannot read back: ${parsed.error.message}`);
  const file = parseClusterFile(toData(parsed.docs[0]));
  if (!file.file) return { findings: file.findings };
  const stack = new CalicoStack(quietApp(), 'cluster', specOf(file.file as unknown as DataMap));
  if (hasErrors(stack.findings)) return { findings: stack.findings };
  return { rendered: renderedObjects(renderStack(stack)).objects.map((o) => o.object as DataMap), findings: stack.findings };
}

/** An App whose warnings are only findings (the command prints them with the file's name). */
export function quietApp(): App {
  const app = new App();
  onWarnings(app, () => undefined);
  return app;
}

function emptyComparison(): Comparison {
  return { changed: [], missing: [], extra: [], written: [], created: [] };
}

/** The proof's differences the cluster file cannot express: a value the cluster has that the render has not. */
export function inexpressibleDifferences(proof: Comparison, known: readonly Inexpressible[] = []): Inexpressible[] {
  const said = new Set(known.map((k) => k.path));
  return [
    ...proof.changed.filter((d) => d.live !== undefined).map((d) => ({
      path: `${d.object} ${d.path}`, value: d.live,
      why: d.rendered === undefined ? 'the adopted file renders no such field: calico-stack has no key that says it' : `the adopted file renders ${JSON.stringify(d.rendered)}: calico-stack has no key that says this value`,
    })),
    ...proof.extra.map((o) => ({ path: o, value: 'present', why: 'calico-stack renders no such object' })),
  ].filter((p) => !said.has(p.path));
}

