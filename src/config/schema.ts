/**
 * The cluster file format (clusters/<name>.yaml): key names, types and closed choices. Semantic
 * rules that look at several fields at once live in validate.ts; defaults that depend on other
 * fields are filled in resolve.ts.
 */
import { z } from 'zod';
import { isCidr, splitCidrList } from '../common/cidr';
import { AllowedUse, BgpMode, Encapsulation, LinuxDataplane, NatOutgoing } from '../calico/enums';
import {
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes,
} from '../../imports/operator.tigera.io';
import { CALICO_VERSIONS } from '../calico/releases';
import { LogLevel, RETINA_VERSIONS } from '../retina/releases';
import * as ipaddr from 'ipaddr.js';
import { GO_DURATION_MAX_MS, parseDuration, parsePrometheusDuration } from '../common/duration';
import { imagePathProblems, registryProblems } from '../common/image-reference';
import { interfaceRegexError } from '../calico/interface-regex';
import { selectorError } from '../calico/selector';
import { MAX_POOLS, TOO_MANY_POOLS_FIX, tooManyPools } from './rules/pools';
import {
  dns1123LabelErrors, dns1123SubdomainErrors, LABEL_KEY_ALLOWED, LABEL_VALUE_ALLOWED, LABEL_VALUE_MAX, labelKeyErrors, labelValueErrors,
} from '../common/k8s-names';
import { derivedNames, MAX_CLUSTER_NAME_LENGTH } from '../gitops/names';
import { dataMap, isDataMap, setKey } from './yaml-data';

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

/**
 * A string checked by one of the API server's name rules (k8s-names.ts); the finding quotes the
 * rule's own words: `is not a valid DNS label: a lowercase RFC 1123 label must consist of ...`.
 */
function k8sString(what: string, check: (value: string) => string[], allowed: string) {
  return z.string().superRefine((value, ctx) => {
    const problems = check(value);
    if (problems.length > 0) ctx.addIssue({ code: 'custom', message: `is not a valid ${what}: ${problems.join('; ')}`, input: value, params: { allowed } });
  });
}

/** Namespaces and other names that must be DNS labels. */
const dnsLabel = k8sString('DNS label', dns1123LabelErrors, 'at most 63 characters, e.g. my-name or 123-abc');
/** Object names (Secrets, pools, StorageClasses, ...). */
const dnsSubdomain = k8sString('object name', dns1123SubdomainErrors, 'at most 253 characters, e.g. example.com or my-name');

/** A StorageClass name, or empty for the cluster's default class. */
const storageClassName = k8sString('StorageClass name', (name) => (name === '' ? [] : dns1123SubdomainErrors(name)), 'empty for the default class, or at most 253 characters, e.g. gp3');

/**
 * A map of label keys to label values (a node selector). Not z.record(): that skips a `__proto__`
 * key without a word. Every key of the mapping is checked as a label key, every value as a label
 * value; the result has no prototype, so no key is special (yaml-data.ts).
 */
function labelMap(max: number) {
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
      const keyProblems = labelKeyErrors(key);
      if (keyProblems.length > 0) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a valid label key: ${keyProblems.join('; ')}`, input: key, params: { allowed: LABEL_KEY_ALLOWED } });
      }
      if (typeof value !== 'string') {
        ctx.addIssue({ code: 'invalid_type', path: [key], expected: 'string', input: value });
        continue;
      }
      const valueProblems = labelValueErrors(value);
      if (valueProblems.length > 0) {
        ctx.addIssue({ code: 'custom', path: [key], message: `is not a valid label value: ${valueProblems.join('; ')}`, input: value, params: { allowed: LABEL_VALUE_ALLOWED } });
      }
      setKey(out, key, value);
    }
    return out as Readonly<Record<string, string>>;
  });
}

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

/**
 * A toleration, with the API server's checks of a pod's tolerations (kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go, ValidateTolerations): the operator copies these onto
 * Typha, kube-controllers and the API server pods, which the API server would refuse.
 */
const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
}).superRefine((t, ctx) => {
  const key = t.key ?? '';
  if (key !== '') {
    const problems = labelKeyErrors(key);
    if (problems.length > 0) ctx.addIssue({ code: 'custom', path: ['key'], message: `is not a valid taint key: ${problems.join('; ')}`, input: key, params: { allowed: LABEL_KEY_ALLOWED } });
  } else if (t.operator !== 'Exists') {
    ctx.addIssue({ code: 'custom', path: ['operator'], message: 'operator must be Exists when `key` is empty, which means "match all values and all keys"', input: t.operator, params: { allowed: 'Exists, or set key' } });
  }
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    ctx.addIssue({ code: 'custom', path: ['effect'], message: "effect must be 'NoExecute' when `tolerationSeconds` is set", input: t.effect, params: { allowed: 'NoExecute' } });
  }
  const value = t.value ?? '';
  if (t.operator === 'Exists' && value !== '') {
    ctx.addIssue({ code: 'custom', path: ['value'], message: "value must be empty when `operator` is 'Exists'", input: value, params: { fix: 'remove value, or use operator: Equal' } });
  } else if (t.operator !== 'Exists') {
    const problems = labelValueErrors(value);
    if (problems.length > 0) ctx.addIssue({ code: 'custom', path: ['value'], message: `is not a valid taint value: ${problems.join('; ')}`, input: value, params: { allowed: LABEL_VALUE_ALLOWED } });
  }
});

/** Interface name patterns, compiled by calico-node as Go regular expressions (interface-regex.ts). */
const interfaceRegex = z.string().min(1).superRefine((text, ctx) => {
  const problem = interfaceRegexError(text);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: `is not a list of Go regular expressions calico-node can compile: ${problem}`, input: text, params: { allowed: 'RE2 patterns separated by commas, such as eth.* or ens[0-9]+,eno1' } });
  }
});

/**
 * `canReach`: calico-node dials UDP `[<canReach>]:80` over the family's protocol (projectcalico/calico
 * v3.31.7 node/pkg/lifecycle/startup/autodetection/reachaddr.go:32-34), so it is an address of that
 * family or a host name.
 */
function reachable(family: 4 | 6) {
  return z.string().min(1).superRefine((text, ctx) => {
    const isV4 = ipaddr.IPv4.isValidFourPartDecimal(text);
    const isV6 = !isV4 && ipaddr.IPv6.isValid(text);
    const hostname = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.?$/.test(text);
    const allowed = `an IPv${family} address or a host name calico-node can reach, such as ${family === 4 ? '8.8.8.8' : '2001:4860:4860::8888'}`;
    if ((family === 4 && isV6) || (family === 6 && isV4)) {
      ctx.addIssue({ code: 'custom', message: `is an IPv${family === 4 ? 6 : 4} address; calico-node dials it over IPv${family} (udp${family})`, input: text, params: { allowed } });
    } else if (!isV4 && !isV6 && !hostname) {
      ctx.addIssue({ code: 'custom', message: 'is neither an IP address nor a host name', input: text, params: { allowed } });
    }
  });
}

/** One node address autodetection method per family; the `kubernetes` enum is typed per family in the CRD. */
function nodeAddressAutodetection<K extends Record<string, string>>(family: 4 | 6, kubernetes: K) {
  return z.strictObject({
    firstFound: z.boolean().optional(),
    kubernetes: z.enum(kubernetes).optional(),
    interface: interfaceRegex.optional(),
    skipInterface: interfaceRegex.optional(),
    canReach: reachable(family).optional(),
    cidrs: z.array(cidr).min(1).max(LIST_LIMITS.autodetectionCidrs).optional(),
  });
}

/** An IP pool's nodeSelector: Calico selector syntax (selector.ts), and not global() (an IPPool rule). */
const poolNodeSelector = z.string().superRefine((selector, ctx) => {
  const problem = selectorError(selector);
  if (problem !== undefined) {
    ctx.addIssue({ code: 'custom', message: `is not a Calico selector: ${problem}`, input: selector, params: { allowed: 'a Calico selector such as all(), has(pool-a) or zone == "a" && !has(edge)' } });
  } else if (selector.includes('global(')) {
    // projectcalico/calico v3.31.7 libcalico-go/lib/validator/v3/validator.go:1265-1268.
    ctx.addIssue({ code: 'custom', message: 'global() selector is not valid for IPPool nodeSelector - use all() instead', input: selector, params: { allowed: 'all() or a selector of node labels' } });
  }
});

/** An image registry or image path (image-reference.ts); `UseDefault` is the operator's keyword for the default. */
function imageReferencePart(what: string, problemsOf: (text: string) => string[], allowed: string) {
  return z.string().min(1).superRefine((text, ctx) => {
    const problems = problemsOf(text);
    if (problems.length > 0) {
      ctx.addIssue({ code: 'custom', message: `is not ${what} the container runtime can pull from: ${problems.join('; ')}`, input: text, params: { allowed } });
    }
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
  nodeSelector: poolNodeSelector.optional(),
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
  nodeAddressAutodetectionV4: nodeAddressAutodetection(4, InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes).optional(),
  nodeAddressAutodetectionV6: nodeAddressAutodetection(6, InstallationSpecCalicoNetworkNodeAddressAutodetectionV6Kubernetes).optional(),
  registry: imageReferencePart('a registry', registryProblems, 'a host with an optional port and path, such as registry.example.com:5000/ or registry.example.com/mirror/, or UseDefault').optional(),
  imagePath: imageReferencePart('an image path', imagePathProblems, 'lowercase path components separated by "/", such as calico or mirror/calico, or UseDefault').optional(),
  imagePullSecrets: z.array(pullSecret).max(LIST_LIMITS.imagePullSecrets).optional(),
  controlPlaneNodeSelector: labelMap(LIST_LIMITS.nodeSelectorLabels).optional(),
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
  abort: true,
}).refine((s) => parseDuration(s)!.toMilliseconds() <= GO_DURATION_MAX_MS, {
  message: 'is longer than the longest duration Go can hold (about 292 years)',
  params: { allowed: 'a duration such as 10s, 1m or 1m30s' },
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
  // An AppProject is an object: its name is one.
  project: dnsSubdomain.optional(),
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
  abort: true,
}).refine((s) => parsePrometheusDuration(s)!.toMilliseconds() <= GO_DURATION_MAX_MS, {
  message: 'is longer than the longest duration Prometheus can hold (about 292 years)',
  params: { allowed: 'a duration such as 15d, 2w or 1y' },
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
    // An empty storageClass means the cluster's default class.
    storage: z.strictObject({ size: storageSize.optional(), storageClass: storageClassName.optional() }).optional(),
  }).optional(),
  grafana: z.strictObject({
    nodePort: z.number().int().optional(),
    adminSecret: dnsSubdomain.optional(),
  }).optional(),
  nodeExporter: z.boolean().optional(),
  allowedSourceCidrs: z.array(cidr).max(LIST_LIMITS.allowedSourceCidrs).optional(),
});

/**
 * The cluster's name: a DNS label short enough for every name derived from it (gitops/names.ts) to
 * fit the label values it ends up in.
 */
const clusterName = dnsLabel.superRefine((name, ctx) => {
  if (name.length <= MAX_CLUSTER_NAME_LENGTH || dns1123LabelErrors(name).length > 0) return;
  const longest = derivedNames(name).reduce((a, b) => (b.length > a.length ? b : a));
  ctx.addIssue({
    code: 'custom',
    message: `is ${name.length} characters; the GitOps name "${longest}" built from it would be ${longest.length}, and Flux and Argo CD write these names into label values, which hold at most ${LABEL_VALUE_MAX}`,
    input: name,
    params: { allowed: `at most ${MAX_CLUSTER_NAME_LENGTH} characters`, fix: 'choose a shorter name' },
  });
});

export const clusterFileSchema = z.strictObject({
  name: clusterName,
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
