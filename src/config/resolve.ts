/**
 * Fills the defaults of a parsed cluster file. Pure: files named by the cluster file (kubeadm-config,
 * a CRD bundle) arrive already read. Problems are left to validate.ts, which sees the result.
 */
import { canonicalCidr, cidrDerivedName, mustParseCidr, parseCidr, splitCidrList } from '../common/cidr';
import { CalicoConfig, ClusterConfig, CrdFile, GitOpsConfig, IpPool, KubeadmNetworking, MonitoringConfig, PlatformConfig, RetinaConfig } from './cluster-config';
import { parseDuration, parsePrometheusDuration } from '../common/duration';
import { USE_DEFAULT } from '../common/image-reference';
import { ClusterFile, CRDS_BY_OPERATOR, FluxSourceKind, IpPoolInput } from './schema';
import { BgpMode, Encapsulation, NatOutgoing } from '../calico/enums';
import { calicoRelease, DEFAULT_CALICO_VERSION } from '../calico/releases';
import { DEFAULT_ADMIN_SECRET, DEFAULT_GRAFANA_NODE_PORT } from '../monitoring/grafana';
import { DEFAULT_MONITORING_NAMESPACE } from '../monitoring/labels';
import { DEFAULT_PROMETHEUS_NODE_PORT, DEFAULT_RETENTION } from '../monitoring/prometheus';
import { DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, LogLevel, retinaRelease } from '../retina/releases';

/** kubeadm's `networking.serviceSubnet` default. */
export const KUBEADM_DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';

/** The operator's pool defaults per address family (`fillDefaults` in its ippool controller). */
export const POOL_DEFAULTS = {
  4: { name: 'default-ipv4-ippool', blockSize: 26, encapsulation: Encapsulation.IPIP, natOutgoing: NatOutgoing.ENABLED },
  6: { name: 'default-ipv6-ippool', blockSize: 122, encapsulation: Encapsulation.NONE, natOutgoing: NatOutgoing.DISABLED },
} as const;

export const DEFAULT_NODE_SELECTOR = 'all()';

/** Prometheus' claim size when `monitoring.prometheus.storage` is given without one. */
export const DEFAULT_PROMETHEUS_STORAGE_SIZE = '10Gi';

/** Retina's `metricsIntervalDuration` in upstream's chart. */
export const DEFAULT_METRICS_INTERVAL = '10s';
/** GitOps defaults: Argo CD's and `flux bootstrap`'s own names, and the output folder of `npm run synth`. */
export const GITOPS_DEFAULTS = {
  argocd: { targetRevision: 'HEAD', project: 'default', namespace: 'argocd', server: 'https://kubernetes.default.svc' },
  flux: { sourceRef: { kind: FluxSourceKind.GIT_REPOSITORY, name: 'flux-system' }, namespace: 'flux-system' },
  path: (name: string) => `dist/${name}`,
} as const;

export interface ResolveInputs {
  /** kubeadm-config networking, when `platform.kubeadmConfig` was given and could be read. */
  readonly kubeadm?: KubeadmNetworking;
  /** The CRD file, when `calico.crds` names one and it could be read. */
  readonly crdFile?: CrdFile;
}

export function resolveClusterConfig(file: ClusterFile, inputs: ResolveInputs = {}): ClusterConfig {
  const platform = resolvePlatform(file, inputs.kubeadm);
  return {
    name: file.name,
    platform,
    calico: resolveCalico(file, platform, inputs.crdFile),
    retina: resolveRetina(file),
    monitoring: resolveMonitoring(file),
    gitops: resolveGitOps(file),
  };
}

function resolveGitOps(file: ClusterFile): GitOpsConfig {
  const argocd = file.gitops?.argocd;
  const flux = file.gitops?.flux;
  const d = GITOPS_DEFAULTS;
  return {
    argocd: {
      enabled: argocd?.enabled ?? false,
      ...(argocd?.repoURL !== undefined ? { repoURL: argocd.repoURL } : {}),
      targetRevision: argocd?.targetRevision ?? d.argocd.targetRevision,
      project: argocd?.project ?? d.argocd.project,
      path: trimPath(argocd?.path ?? d.path(file.name)),
      namespace: argocd?.namespace ?? d.argocd.namespace,
      server: argocd?.server ?? d.argocd.server,
    },
    flux: {
      enabled: flux?.enabled ?? false,
      sourceRef: {
        kind: flux?.sourceRef?.kind ?? d.flux.sourceRef.kind,
        name: flux?.sourceRef?.name ?? d.flux.sourceRef.name,
        ...(flux?.sourceRef?.namespace !== undefined ? { namespace: flux.sourceRef.namespace } : {}),
      },
      path: trimPath(flux?.path ?? d.path(file.name)),
      namespace: flux?.namespace ?? d.flux.namespace,
    },
  };
}

/** `./dist/x/` → `dist/x`: one spelling, so both tools get the same path. */
function trimPath(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}

function resolvePlatform(file: ClusterFile, kubeadm: KubeadmNetworking | undefined): PlatformConfig {
  const p = file.platform;
  return {
    cloud: p.cloud,
    podSubnet: p.podSubnet ?? kubeadm?.podSubnet,
    serviceSubnet: p.serviceSubnet ?? kubeadm?.serviceSubnet ?? KUBEADM_DEFAULT_SERVICE_SUBNET,
    nodeSubnets: p.nodeSubnets ?? [],
    ...(p.nodes !== undefined ? { nodes: p.nodes } : {}),
    ...(kubeadm ? { kubeadm } : {}),
    written: { podSubnet: p.podSubnet, serviceSubnet: p.serviceSubnet },
  };
}

function resolveCalico(file: ClusterFile, platform: PlatformConfig, crdFile: CrdFile | undefined): CalicoConfig {
  const c = file.calico ?? {};
  const release = calicoRelease(c.version ?? DEFAULT_CALICO_VERSION);
  const ipPoolsFromPodSubnet = c.ipPools === undefined;
  const ipPools = ipPoolsFromPodSubnet ? poolsFromPodSubnet(platform.podSubnet) : fillPools(c.ipPools!);
  const crds = c.crds === undefined
    ? (release.operatorCreatesCrds ? CRDS_BY_OPERATOR : crdFile)
    : (c.crds === CRDS_BY_OPERATOR ? CRDS_BY_OPERATOR : crdFile);
  const goldmane = c.goldmane ?? release.hasGoldmaneWhisker;
  return {
    release,
    ...(crds ? { crds } : {}),
    ipPools,
    ipPoolsFromPodSubnet,
    bgp: c.bgp ?? BgpMode.ENABLED,
    mtu: c.mtu,
    linuxDataplane: c.linuxDataplane,
    nodeAddressAutodetectionV4: c.nodeAddressAutodetectionV4,
    nodeAddressAutodetectionV6: c.nodeAddressAutodetectionV6,
    // UseDefault is the operator's word for the default; calico-stack writes the default by leaving the key out.
    registry: c.registry === undefined || c.registry === USE_DEFAULT ? undefined : withTrailingSlash(c.registry),
    imagePath: c.imagePath === USE_DEFAULT ? undefined : c.imagePath,
    imagePullSecrets: c.imagePullSecrets ?? [],
    controlPlaneNodeSelector: c.controlPlaneNodeSelector,
    controlPlaneTolerations: c.controlPlaneTolerations,
    kubeletVolumePluginPath: c.kubeletVolumePluginPath,
    flexVolumePath: c.flexVolumePath,
    apiServer: c.apiServer ?? true,
    goldmane,
    whisker: c.whisker ?? (goldmane && release.hasGoldmaneWhisker),
    wireguard: c.wireguard ?? false,
    metrics: c.metrics ?? false,
  };
}

/** Retina's defaults: the chart's basic-mode install with logLevel info, on every node. */
function resolveRetina(file: ClusterFile): RetinaConfig {
  const r = file.retina ?? {};
  return {
    enabled: r.enabled ?? true,
    release: retinaRelease(r.version ?? DEFAULT_RETINA_VERSION),
    plugins: r.plugins ?? DEFAULT_PLUGINS,
    logLevel: r.logLevel ?? LogLevel.INFO,
    // The schema accepted only durations parseDuration reads.
    metricsInterval: parseDuration(r.metricsInterval ?? DEFAULT_METRICS_INTERVAL)!,
    tolerateControlPlane: r.tolerateControlPlane ?? true,
  };
}

/** The monitoring stack's defaults: on, NodePorts 30090/30300, 15 days on an emptyDir, open to any source. */
function resolveMonitoring(file: ClusterFile): MonitoringConfig {
  const m = file.monitoring ?? {};
  const storage = m.prometheus?.storage;
  return {
    enabled: m.enabled ?? true,
    namespace: m.namespace ?? DEFAULT_MONITORING_NAMESPACE,
    prometheus: {
      nodePort: m.prometheus?.nodePort ?? DEFAULT_PROMETHEUS_NODE_PORT,
      // The schema accepted only durations parsePrometheusDuration reads.
      retention: m.prometheus?.retention !== undefined ? parsePrometheusDuration(m.prometheus.retention)! : DEFAULT_RETENTION,
      ...(storage ? {
        storage: {
          size: storage.size ?? DEFAULT_PROMETHEUS_STORAGE_SIZE,
          ...(storage.storageClass ? { storageClass: storage.storageClass } : {}),
        },
      } : {}),
    },
    grafana: {
      nodePort: m.grafana?.nodePort ?? DEFAULT_GRAFANA_NODE_PORT,
      adminSecret: m.grafana?.adminSecret ?? DEFAULT_ADMIN_SECRET,
    },
    nodeExporter: m.nodeExporter ?? true,
    allowedSourceCidrs: m.allowedSourceCidrs ?? [],
  };
}

/** What the operator creates when the Installation lists no pools: one per podSubnet CIDR. */
function poolsFromPodSubnet(podSubnet: string | undefined): IpPool[] {
  if (podSubnet === undefined) return [];
  const cidrs = splitCidrList(podSubnet).map((text) => parseCidr(text)).filter((c) => c !== undefined);
  // The first CIDR of each family gets the default name, later ones are named after their CIDR.
  return fillPools(cidrs.map((cidr, i) => ({
    cidr: canonicalCidr(cidr),
    name: cidrs.findIndex((c) => c.family === cidr.family) === i ? POOL_DEFAULTS[cidr.family].name : cidrDerivedName(cidr),
  })));
}

/**
 * Fills each pool's defaults by address family. Unnamed pools are named as the operator names
 * them: `default-ipv4-ippool` / `default-ipv6-ippool` for the only pool of a family, otherwise
 * after the CIDR (`10.0.0.0-16`).
 */
function fillPools(pools: readonly IpPoolInput[]): IpPool[] {
  const families = pools.map((p) => mustParseCidr(p.cidr).family);
  return pools.map((pool, i) => {
    const family = families[i];
    const defaults = POOL_DEFAULTS[family];
    const onlyOfFamily = families.filter((f) => f === family).length === 1;
    return {
      name: pool.name ?? (onlyOfFamily ? defaults.name : cidrDerivedName(mustParseCidr(pool.cidr))),
      cidr: pool.cidr,
      blockSize: pool.blockSize ?? defaults.blockSize,
      encapsulation: pool.encapsulation ?? defaults.encapsulation,
      natOutgoing: pool.natOutgoing ?? defaults.natOutgoing,
      nodeSelector: pool.nodeSelector ?? DEFAULT_NODE_SELECTOR,
      ...(pool.disableBGPExport !== undefined ? { disableBGPExport: pool.disableBGPExport } : {}),
      ...(pool.allowedUses !== undefined ? { allowedUses: pool.allowedUses } : {}),
    };
  });
}

function withTrailingSlash(registry: string): string {
  return registry.endsWith('/') ? registry : `${registry}/`;
}
