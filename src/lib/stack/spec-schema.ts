/**
 * The shape of a ClusterSpec: key names, types, closed choices and list lengths, as a zod schema.
 * CalicoStack checks a spec against it before anything else, so a spec built from untyped data (parsed
 * JSON, a cast) that TypeScript's types did not stop gets findings, not a TypeError; and the cluster
 * file's schema (app/config/schema.ts) is this one with the keys that name files, so a file and a
 * spec written in code get the same words (common/shape-findings.ts). What the values mean (a CIDR, a
 * label key, a selector, a port range, ...) is checked by the constructs that consume them.
 */
import * as z from 'zod';
import { BgpLogSeverity, NextHopMode, SourceAddress } from '../calico/calico-bgp';
import { CRDS_BY_OPERATOR, Crd } from '../calico/crd-bundle';
import { AllowedUse, BgpMode, Encapsulation, ENCAPSULATIONS, LinuxDataplane, NatOutgoing } from '../calico/enums';
import { FelixFields } from '../calico/felix-fields';
import { InstallationFields } from '../calico/installation-fields';
import { MAX_POOLS, poolCountFinding } from '../calico/installation-rules';
import { CALICO_VERSIONS } from '../calico/releases';
import { RESOURCE_SPEC_PROPS, ResourceSpec } from '../calico/resource-specs';
import { TyphaCertificates } from '../calico/typha-certificates';
import { Finding } from '../common/findings';
import { ForeignKeys, shapeFindings } from '../common/shape-findings';
import { dataMap, isDataMap, setKey } from '../common/yaml-data';
import { FluxSourceKind } from '../gitops/flux';
import { MonitoringMode } from '../monitoring/monitoring-chart';
import { LogLevel, RETINA_VERSIONS } from '../retina/releases';
import { Cloud } from './cluster-spec';
import {
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes,
} from '../../../imports/operator.tigera.io';

/**
 * The longest lists a spec may hold: far above any real cluster, and low enough that every check
 * (some compare each pair of CIDRs) stays instant; together with the byte limit of a cluster file,
 * a cluster file cannot make a synth slow. The pools' limit is the Installation's own (its CRD's
 * maxItems), with its message.
 */
export const LIST_LIMITS = {
  ipPools: MAX_POOLS,
  nodeSubnets: 256,
  autodetectionCidrs: 64,
  imagePullSecrets: 64,
  nodeSelectorLabels: 64,
  tolerations: 64,
  retinaPlugins: 32,
  allowedSourceCidrs: 256,
  bgpPeers: 256,
  bgpCidrs: 256,
  podAnnotations: 64,
  dnsEntries: 64,
  env: 128,
} as const;

/**
 * A map of label keys to label values (a node selector). Not z.record(): that skips a `__proto__`
 * key without a word. The result has no prototype, so no key is special (yaml-data.ts); the keys
 * and values are checked as labels by the construct.
 */
export function labelMap(max: number) {
  return z.unknown().transform((input, ctx): Readonly<Record<string, string>> => {
    if (!isDataMap(input)) {
      ctx.addIssue({ code: 'invalid_type', expected: 'record', input });
      return z.NEVER;
    }
    const keys = Object.keys(input);
    if (keys.length > max) {
      ctx.addIssue({ code: 'custom', message: `has ${keys.length} labels`, input, params: { allowed: `at most ${max}`, hideInput: true } });
      return z.NEVER;
    }
    const out = dataMap();
    for (const key of keys) {
      const value = input[key];
      if (typeof value !== 'string') {
        ctx.addIssue({ code: 'invalid_type', path: [key], expected: 'string', input: value });
        continue;
      }
      setKey(out, key, value);
    }
    return out as Readonly<Record<string, string>>;
  });
}

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
    interface: z.string().optional(),
    skipInterface: z.string().optional(),
    canReach: z.string().optional(),
    cidrs: z.array(z.string()).max(LIST_LIMITS.autodetectionCidrs).optional(),
  });
}

const ipPool = z.strictObject({
  name: z.string().optional(),
  cidr: z.string(),
  blockSize: z.number().int().optional(),
  encapsulation: z.enum(ENCAPSULATIONS as [Encapsulation, ...Encapsulation[]]).optional(),
  natOutgoing: z.enum(NatOutgoing).optional(),
  nodeSelector: z.string().optional(),
  disableBGPExport: z.boolean().optional(),
  allowedUses: z.array(z.enum(AllowedUse)).min(1).max(Object.values(AllowedUse).length).optional(),
});

/**
 * The pools, at most as many as the Installation takes, with the Installation's own message; also
 * when some pools have problems of their own (zod skips a refinement then, unless told).
 */
const ipPools = z.array(ipPool).refine((pools) => poolCountFinding('', pools.length) === undefined, {
  when: (payload) => Array.isArray(payload.value),
  error: (issue) => poolCountFinding('', (issue.input as unknown[]).length)?.message,
  params: { hideInput: true, fix: poolCountFinding('', MAX_POOLS + 1)?.fix },
});

/** A CIDR that BGP advertises, as BGPConfiguration writes it. */
const bgpCidr = z.strictObject({ cidr: z.string() });
const bgpCidrs = z.array(bgpCidr).max(LIST_LIMITS.bgpCidrs);

/** A BGP peer; its password only ever a reference to a Secret (no literal in the file or in dist/). */
const bgpPeer = z.strictObject({
  name: z.string(),
  peerIP: z.string().optional(),
  asNumber: z.number().int().optional(),
  localASNumber: z.number().int().optional(),
  nodeSelector: z.string().optional(),
  peerSelector: z.string().optional(),
  password: z.strictObject({ secretKeyRef: z.strictObject({ name: z.string(), key: z.string() }) }).optional(),
  keepOriginalNextHop: z.boolean().optional(),
  nextHopMode: z.enum(NextHopMode).optional(),
  sourceAddress: z.enum(SourceAddress).optional(),
  maxRestartTime: z.string().optional(),
  ttlSecurity: z.number().int().optional(),
});

/** kubeadm's networking and Kubernetes version, read from a kubeadm-config (loadKubeadmConfig). */
const kubeadmConfig = z.strictObject({
  source: z.string(),
  podSubnet: z.string().optional(),
  serviceSubnet: z.string().optional(),
  kubernetesVersion: z.string().optional(),
});

/** The CRDs: by the operator, or a bundle's (loadCrdBundle); the CRDs themselves are checked by CalicoStack. */
const crdSource = z.union([
  z.literal(CRDS_BY_OPERATOR),
  z.strictObject({ source: z.string(), crds: z.array(z.custom<Crd>(isDataMap, { message: 'expected a CustomResourceDefinition' })) }),
]);

/**
 * A Kubernetes version: a string (its form is checked by the stack). Unquoted, YAML reads `1.30` as the
 * number 1.3, so a number is refused with the fix to quote it.
 */
const kubernetesVersion = z.custom<string>((v) => typeof v === 'string', {
  message: 'expected a string',
  params: { fix: 'write it in quotes, such as kubernetesVersion: "1.30": unquoted, YAML reads a version such as 1.30 as the number 1.3' },
});

export const platformSchema = z.strictObject({
  cloud: z.enum(Cloud),
  podSubnet: z.string().optional(),
  serviceSubnet: z.string().optional(),
  nodeSubnets: z.array(z.string()).max(LIST_LIMITS.nodeSubnets).optional(),
  kubeadmConfig: kubeadmConfig.optional(),
  nodes: z.number().int().optional(),
  apiServerEndpoint: z.string().optional(),
  kubernetesVersion: kubernetesVersion.optional(),
});

/**
 * `true`, `false`, or an object: the spec of the resource (checked by CalicoChart against the CRD of
 * the release, resource-specs.ts).
 */
function resourceSetting(prop: keyof typeof RESOURCE_SPEC_PROPS) {
  return z.custom<boolean | ResourceSpec>((value) => typeof value === 'boolean' || isDataMap(value), {
    message: `expected true, false or a mapping of ${RESOURCE_SPEC_PROPS[prop]}.spec fields`,
  });
}

export const calicoSchema = z.strictObject({
  version: z.enum(CALICO_VERSIONS as [string, ...string[]]).optional(),
  crds: crdSource.optional(),
  ipPools: ipPools.optional(),
  bgp: z.enum(BgpMode).optional(),
  mtu: z.number().int().optional(),
  linuxDataplane: z.enum(LinuxDataplane).optional(),
  nodeAddressAutodetectionV4: nodeAddressAutodetection(InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes).optional(),
  nodeAddressAutodetectionV6: nodeAddressAutodetection(InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes).optional(),
  registry: z.string().optional(),
  imagePath: z.string().optional(),
  imagePullSecrets: z.array(z.string()).max(LIST_LIMITS.imagePullSecrets).optional(),
  controlPlaneNodeSelector: labelMap(LIST_LIMITS.nodeSelectorLabels).optional(),
  controlPlaneTolerations: z.array(toleration).max(LIST_LIMITS.tolerations).optional(),
  kubeletVolumePluginPath: z.string().optional(),
  flexVolumePath: z.string().optional(),
  apiServer: resourceSetting('apiServer').optional(),
  goldmane: resourceSetting('goldmane').optional(),
  whisker: resourceSetting('whisker').optional(),
  typhaCertificates: z.enum(TyphaCertificates).optional(),
  wireguard: z.boolean().optional(),
  metrics: z.boolean().optional(),
  asNumber: z.number().int().optional(),
  nodeToNodeMesh: z.boolean().optional(),
  serviceClusterIPs: bgpCidrs.optional(),
  serviceExternalIPs: bgpCidrs.optional(),
  serviceLoadBalancerIPs: bgpCidrs.optional(),
  listenPort: z.number().int().optional(),
  logSeverityScreen: z.enum(BgpLogSeverity).optional(),
  bgpPeers: z.array(bgpPeer).max(LIST_LIMITS.bgpPeers).optional(),
  routeReflectors: z.strictObject({ nodeSelector: z.string().optional(), clusterID: z.string().optional() }).optional(),
  // Any further Installation.spec fields: CalicoInstallation checks them against the CRD's schema.
  installation: z.custom<InstallationFields>(isDataMap, { message: 'expected a mapping of Installation.spec fields' }).optional(),
  // Any further FelixConfiguration.spec fields: CalicoApiChart checks them against the CRD's schema and the v3 API's rules.
  felix: z.custom<FelixFields>(isDataMap, { message: 'expected a mapping of FelixConfiguration.spec fields' }).optional(),
});

export const retinaSchema = z.strictObject({
  enabled: z.boolean().optional(),
  version: z.enum(RETINA_VERSIONS as [string, ...string[]]).optional(),
  // Names are checked against the chosen release by RetinaChart, so the message lists that release's plugins.
  plugins: z.array(z.string()).max(LIST_LIMITS.retinaPlugins).optional(),
  logLevel: z.enum(LogLevel).optional(),
  metricsInterval: z.string().optional(),
  tolerateControlPlane: z.boolean().optional(),
});

/**
 * Keys users copy from Retina's Helm values that calico-stack does not take, with why and what to
 * write instead; reported in place of a bare "unknown key".
 */
export const FOREIGN_KEYS: ForeignKeys = {
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

export const argoCdSchema = z.strictObject({
  enabled: z.boolean(),
  repoURL: z.string().optional(),
  targetRevision: z.string().optional(),
  project: z.string().optional(),
  path: z.string().optional(),
  namespace: z.string().optional(),
  server: z.string().optional(),
});

export const fluxSchema = z.strictObject({
  enabled: z.boolean(),
  sourceRef: z.strictObject({
    kind: z.enum(FluxSourceKind).optional(),
    name: z.string().optional(),
    namespace: z.string().optional(),
  }).optional(),
  path: z.string().optional(),
  namespace: z.string().optional(),
});

export const gitopsSchema = z.strictObject({
  argocd: argoCdSchema.optional(),
  flux: fluxSchema.optional(),
  wave: z.string().optional(),
});

/** Lists of the monitoring section (see LIST_LIMITS). */
const MONITORING_LIMITS = { matchLabels: 64, fluxDependsOn: 16 } as const;

export const monitoringSchema = z.strictObject({
  enabled: z.boolean().optional(),
  mode: z.enum(MonitoringMode).optional(),
  namespace: z.string().optional(),
  prometheus: z.strictObject({
    nodePort: z.number().int().optional(),
    retention: z.string().optional(),
    // An empty storageClass means the cluster's default class.
    storage: z.strictObject({ size: z.string().optional(), storageClass: z.string().optional() }).optional(),
  }).optional(),
  grafana: z.strictObject({
    nodePort: z.number().int().optional(),
    adminSecret: z.string().optional(),
  }).optional(),
  nodeExporter: z.boolean().optional(),
  allowedSourceCidrs: z.array(z.string()).max(LIST_LIMITS.allowedSourceCidrs).optional(),
  prometheusOperator: z.strictObject({
    namespace: z.string().optional(),
    matchLabels: labelMap(MONITORING_LIMITS.matchLabels).optional(),
    dashboardLabel: z.string().optional(),
    dashboardLabelValue: z.string().optional(),
    dashboardNamespace: z.string().optional(),
    fluxDependsOn: z.array(z.strictObject({ name: z.string(), namespace: z.string().optional() })).max(MONITORING_LIMITS.fluxDependsOn).optional(),
  }).optional(),
  alerts: z.strictObject({
    dropsPerSecond: z.number().optional(),
    interfaceErrorsPerSecond: z.number().optional(),
    lostEventsPerSecond: z.number().optional(),
    felixDataplaneFailuresPerSecond: z.number().optional(),
  }).optional(),
});

/** A quantity by resource name (requests or limits). */
const quantities = z.custom<Readonly<Record<string, string | number>>>(
  (v) => isDataMap(v) && Object.values(v).every((q) => typeof q === 'string' || typeof q === 'number'),
  { message: 'expected a mapping of resource names to quantities (100m, 128Mi, 2)' },
);
const keyRef = z.strictObject({ name: z.string(), key: z.string(), optional: z.boolean().optional() });

/** The operator's Deployment: the tigera-operator Helm chart's values of the same names (calico/operator-deployment.ts checks the values). */
export const operatorSchema = z.strictObject({
  resources: z.strictObject({ limits: quantities.optional(), requests: quantities.optional() }).optional(),
  tolerations: z.array(toleration).max(LIST_LIMITS.tolerations).optional(),
  nodeSelector: labelMap(LIST_LIMITS.nodeSelectorLabels).optional(),
  // Checked against the pod schema the operator's CRDs embed.
  affinity: z.custom<Readonly<Record<string, unknown>>>(isDataMap, { message: 'expected a mapping (nodeAffinity, podAffinity, podAntiAffinity)' }).optional(),
  priorityClassName: z.string().optional(),
  podAnnotations: labelMap(LIST_LIMITS.podAnnotations).optional(),
  podLabels: labelMap(LIST_LIMITS.nodeSelectorLabels).optional(),
  dnsConfig: z.strictObject({
    nameservers: z.array(z.string()).max(LIST_LIMITS.dnsEntries).optional(),
    searches: z.array(z.string()).max(LIST_LIMITS.dnsEntries).optional(),
    options: z.array(z.strictObject({ name: z.string(), value: z.string().optional() })).max(LIST_LIMITS.dnsEntries).optional(),
  }).optional(),
  env: z.array(z.strictObject({
    name: z.string(),
    value: z.string().optional(),
    valueFrom: z.strictObject({
      configMapKeyRef: keyRef.optional(),
      secretKeyRef: keyRef.optional(),
      fieldRef: z.strictObject({ fieldPath: z.string(), apiVersion: z.string().optional() }).optional(),
      resourceFieldRef: z.strictObject({ resource: z.string(), containerName: z.string().optional(), divisor: z.string().optional() }).optional(),
    }).optional(),
  })).max(LIST_LIMITS.env).optional(),
});

/** A ClusterSpec's shape. */
export const clusterSpecSchema = z.strictObject({
  name: z.string(),
  platform: platformSchema,
  calico: calicoSchema.optional(),
  operator: operatorSchema.optional(),
  retina: retinaSchema.optional(),
  gitops: gitopsSchema.optional(),
  monitoring: monitoringSchema.optional(),
});

/** What is wrong with the shape of `spec` (anything: a spec built from untyped data may hold anything); none when it is a ClusterSpec. */
export function specShapeFindings(spec: unknown): Finding[] {
  return shapeFindings(clusterSpecSchema, spec, FOREIGN_KEYS);
}
