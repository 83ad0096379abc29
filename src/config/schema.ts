/**
 * The cluster file format (clusters/<name>.yaml): key names, types and closed choices. Semantic
 * rules that look at several fields at once live in validate.ts; defaults that depend on other
 * fields are filled in resolve.ts.
 */
import { z } from 'zod';
import { isCidr, splitCidrList } from './cidr';
import { AllowedUse, BgpMode, Encapsulation, LinuxDataplane, NatOutgoing } from '../calico/enums';
import {
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes,
} from '../../imports/operator.tigera.io';
import { CALICO_VERSIONS } from '../calico/releases';
import { LogLevel, RETINA_VERSIONS } from '../retina/releases';
import { parseDuration, parsePrometheusDuration } from './duration';
import { MAX_POOLS, TOO_MANY_POOLS_FIX, tooManyPools } from './rules/pools';

/** Where the nodes run; decides which encapsulations the network lets through. */
export enum Cloud {
  AWS = 'aws',
  AZURE = 'azure',
  GCP = 'gcp',
  BAREMETAL = 'baremetal',
}

/** The kinds of Flux source a Kustomization can read (`sourceRef.kind`). */
export enum FluxSourceKind {
  GIT_REPOSITORY = 'GitRepository',
  OCI_REPOSITORY = 'OCIRepository',
  BUCKET = 'Bucket',
}

/** `crds: operator`: the operator creates its CRDs when it starts. */
export const CRDS_BY_OPERATOR = 'operator' as const;

const CIDR_EXAMPLE = 'an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56';

/**
 * The longest lists a cluster file may hold: far above any real cluster, and low enough that every
 * rule (some compare each pair of CIDRs) stays instant. Together with the byte limit of the file
 * (input-file.ts), a cluster file cannot make a synth slow.
 */
export const LIST_LIMITS = {
  /** CIDRs in platform.podSubnet: each becomes a pool when ipPools is not given. */
  podSubnetCidrs: MAX_POOLS,
  /** CIDRs in platform.serviceSubnet: the API server takes one per address family. */
  serviceSubnetCidrs: 2,
  nodeSubnets: 256,
  autodetectionCidrs: 64,
  imagePullSecrets: 64,
  nodeSelectorLabels: 64,
  tolerations: 64,
  retinaPlugins: 32,
  allowedSourceCidrs: 256,
} as const;

const dnsLabel = z.string()
  .max(63, { message: 'is longer than 63 characters' })
  .refine((s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s), { message: 'is not a DNS label', params: { allowed: 'lowercase letters, digits and "-", starting and ending with a letter or digit' } });

const dnsSubdomain = z.string()
  .max(253, { message: 'is longer than 253 characters' })
  .refine((s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s), { message: 'is not a Kubernetes object name', params: { allowed: 'lowercase letters, digits, "-" and "."' } });

const cidr = z.string().refine(isCidr, { message: 'is not a CIDR', params: { allowed: CIDR_EXAMPLE } });

function cidrList(max: number) {
  return z.string()
    .refine((s) => splitCidrList(s).length > 0 && splitCidrList(s).every(isCidr), {
      message: 'is not a CIDR or a comma-separated list of CIDRs',
      params: { allowed: `${CIDR_EXAMPLE}, or "v4,v6" for dual stack` },
      abort: true,
    })
    .superRefine((s, ctx) => {
      const count = splitCidrList(s).length;
      if (count > max) ctx.addIssue({ code: 'custom', message: `lists ${count} CIDRs`, input: s, params: { allowed: `at most ${max}` } });
    });
}

const absolutePathOrNone = z.string().refine((s) => s === 'None' || s.startsWith('/'), {
  message: 'is neither an absolute path nor None',
  params: { allowed: 'an absolute path such as /var/lib/kubelet, or None to disable' },
});

const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/** One node address autodetection method per family; the `kubernetes` enum is typed per family in the CRD. */
function nodeAddressAutodetection<K extends Record<string, string>>(kubernetes: K) {
  return z.strictObject({
    firstFound: z.boolean().optional(),
    kubernetes: z.enum(kubernetes).optional(),
    interface: z.string().min(1).optional(),
    skipInterface: z.string().min(1).optional(),
    canReach: z.string().min(1).optional(),
    cidrs: z.array(cidr).min(1).max(LIST_LIMITS.autodetectionCidrs).optional(),
  });
}

const ipPool = z.strictObject({
  name: dnsSubdomain.optional(),
  cidr,
  blockSize: z.number().int().optional(),
  // Listed in this order so messages read the simplest choices first.
  encapsulation: z.enum([
    Encapsulation.IPIP, Encapsulation.IPIP_CROSS_SUBNET, Encapsulation.VXLAN, Encapsulation.VXLAN_CROSS_SUBNET, Encapsulation.NONE,
  ]).optional(),
  natOutgoing: z.enum(NatOutgoing).optional(),
  nodeSelector: z.string().optional(),
  disableBGPExport: z.boolean().optional(),
  allowedUses: z.array(z.enum(AllowedUse)).min(1).max(Object.values(AllowedUse).length).optional(),
});

/** A pull secret by name, as a plain string or as upstream's `{ name: ... }`. */
const pullSecret = z.union([dnsSubdomain, z.strictObject({ name: dnsSubdomain })]).transform((s) => (typeof s === 'string' ? s : s.name));

export const platformSchema = z.strictObject({
  cloud: z.enum(Cloud),
  podSubnet: cidrList(LIST_LIMITS.podSubnetCidrs).optional(),
  serviceSubnet: cidrList(LIST_LIMITS.serviceSubnetCidrs).optional(),
  nodeSubnets: z.array(cidr).max(LIST_LIMITS.nodeSubnets).optional(),
  kubeadmConfig: z.string().min(1).optional(),
  nodes: z.number().int().positive().optional(),
});

export const calicoSchema = z.strictObject({
  version: z.enum(CALICO_VERSIONS as [string, ...string[]]).optional(),
  crds: z.string().min(1).optional(),
  ipPools: z.array(ipPool).superRefine((pools, ctx) => {
    if (pools.length > MAX_POOLS) {
      ctx.addIssue({ code: 'custom', message: tooManyPools(pools.length), params: { fix: TOO_MANY_POOLS_FIX, hideInput: true } });
    }
  }).optional(),
  bgp: z.enum(BgpMode).optional(),
  mtu: z.number().int().positive().optional(),
  linuxDataplane: z.enum(LinuxDataplane).optional(),
  nodeAddressAutodetectionV4: nodeAddressAutodetection(InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes).optional(),
  nodeAddressAutodetectionV6: nodeAddressAutodetection(InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes).optional(),
  registry: z.string().min(1).optional(),
  imagePath: z.string().min(1).optional(),
  imagePullSecrets: z.array(pullSecret).max(LIST_LIMITS.imagePullSecrets).optional(),
  controlPlaneNodeSelector: z.record(z.string(), z.string()).optional(),
  controlPlaneTolerations: z.array(toleration).max(LIST_LIMITS.tolerations).optional(),
  kubeletVolumePluginPath: absolutePathOrNone.optional(),
  flexVolumePath: absolutePathOrNone.optional(),
  apiServer: z.boolean().optional(),
  goldmane: z.boolean().optional(),
  whisker: z.boolean().optional(),
  wireguard: z.boolean().optional(),
  metrics: z.boolean().optional(),
});

/** A Go duration of at least one second (the agent's polling interval). */
const interval = z.string().refine((s) => (parseDuration(s)?.toMilliseconds() ?? 0) >= 1000, {
  message: 'is not a duration of at least one second',
  params: { allowed: 'a whole number with a unit (h, m, s, ms), such as 10s, 1m or 1m30s' },
});

export const retinaSchema = z.strictObject({
  enabled: z.boolean().optional(),
  version: z.enum(RETINA_VERSIONS as [string, ...string[]]).optional(),
  // Names are checked against the chosen release in validate.ts, so the message lists that release's plugins.
  plugins: z.array(z.string()).min(1).max(LIST_LIMITS.retinaPlugins).optional(),
  logLevel: z.enum(LogLevel).optional(),
  metricsInterval: interval.optional(),
  tolerateControlPlane: z.boolean().optional(),
});

/**
 * Keys users copy from Retina's Helm values that calico-stack does not take, with why and what to
 * write instead; reported in place of a bare "unknown key".
 */
export const FOREIGN_KEYS: Readonly<Record<string, Readonly<Record<string, { readonly message: string; readonly fix: string }>>>> = {
  retina: {
    ...Object.fromEntries(['enablePodLevel', 'remoteContext', 'enableAnnotations', 'enableConntrackMetrics', 'dataAggregationLevel', 'operator'].map((key) => [key, {
      message: 'is an advanced-mode setting; calico-stack renders Retina in basic mode (node-level metrics, no operator)',
      fix: 'remove it; for pod-level metrics install Retina\'s own chart in advanced mode instead',
    }])),
    enabledPlugin_linux: { message: 'is a value of Retina\'s Helm chart, not a calico-stack key', fix: 'write the list as retina.plugins: [dropreason, packetforward, linuxutil, dns]' },
    enabledPlugin: { message: 'is a key of the agent\'s config.yaml, not a calico-stack key', fix: 'write the list as retina.plugins' },
    metricsIntervalDuration: { message: 'is a key of the agent\'s config.yaml, not a calico-stack key', fix: 'write the interval as retina.metricsInterval (e.g. 10s)' },
  },
};
/** A folder inside the GitOps repository: relative, `/`-separated, no `..`. */
const repoPath = z.string().min(1).refine((s) => !s.startsWith('/') && !s.split('/').includes('..') && !/\s/.test(s), {
  message: 'is not a relative path inside the repository',
  params: { allowed: 'a path relative to the repository root without "..", such as dist/my-cluster' },
});

const gitRepoUrl = z.string().refine((s) => /^(https?|ssh|git):\/\/\S+$/.test(s) || /^[\w.-]+@[\w.-]+:\S+$/.test(s), {
  message: 'is not a Git repository URL',
  params: { allowed: 'https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git' },
});

export const argoCdSchema = z.strictObject({
  enabled: z.boolean(),
  repoURL: gitRepoUrl.optional(),
  targetRevision: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  path: repoPath.optional(),
  namespace: dnsLabel.optional(),
  server: z.string().min(1).optional(),
});

export const fluxSchema = z.strictObject({
  enabled: z.boolean(),
  sourceRef: z.strictObject({
    kind: z.enum(FluxSourceKind).optional(),
    name: dnsSubdomain.optional(),
    namespace: dnsLabel.optional(),
  }).optional(),
  path: repoPath.optional(),
  namespace: dnsLabel.optional(),
});

export const gitopsSchema = z.strictObject({
  argocd: argoCdSchema.optional(),
  flux: fluxSchema.optional(),
});

/** A Prometheus duration: `15d`, `2w`, `1d12h`. */
const retention = z.string().refine((s) => parsePrometheusDuration(s) !== undefined, {
  message: 'is not a Prometheus duration',
  params: { allowed: 'whole numbers with units y, w, d, h, m, s, ms in that order, such as 15d, 2w or 1d12h' },
});

/** A Kubernetes quantity of bytes: `10Gi`, `500Mi`, `1T`. */
const storageSize = z.string().refine((s) => /^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/.test(s), {
  message: 'is not a storage size',
  params: { allowed: 'a whole number with a unit, such as 10Gi, 500Mi or 1Ti' },
});

export const monitoringSchema = z.strictObject({
  enabled: z.boolean().optional(),
  namespace: dnsLabel.optional(),
  prometheus: z.strictObject({
    // Range and uniqueness are checked in validate.ts, with the allowed range in the message.
    nodePort: z.number().int().optional(),
    retention: retention.optional(),
    storage: z.strictObject({ size: storageSize.optional(), storageClass: z.string().optional() }).optional(),
  }).optional(),
  grafana: z.strictObject({
    nodePort: z.number().int().optional(),
    adminSecret: dnsSubdomain.optional(),
  }).optional(),
  nodeExporter: z.boolean().optional(),
  allowedSourceCidrs: z.array(cidr).max(LIST_LIMITS.allowedSourceCidrs).optional(),
});

export const clusterFileSchema = z.strictObject({
  name: dnsLabel,
  platform: platformSchema,
  calico: calicoSchema.optional(),
  retina: retinaSchema.optional(),
  gitops: gitopsSchema.optional(),
  monitoring: monitoringSchema.optional(),
});

/** A cluster file as written, after type checks and before defaults. */
export type ClusterFile = z.output<typeof clusterFileSchema>;
export type IpPoolInput = z.output<typeof ipPool>;
export type Toleration = z.output<typeof toleration>;
