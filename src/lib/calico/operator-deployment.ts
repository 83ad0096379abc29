/**
 * Settings of the operator's own Deployment (`tigera-operator`): the values of the tigera-operator
 * Helm chart of the same names (projectcalico/calico v3.32.1 charts/tigera-operator/values.yaml:117-146,
 * `tigeraOperator.env`), applied where the chart's template puts them
 * (templates/tigera-operator/02-tigera-operator.yaml): podLabels next to the pod's own labels (:15-20),
 * podAnnotations (:21-24), nodeSelector, affinity and tolerations in place of upstream's (:26-37),
 * priorityClassName (:39-41), dnsConfig (:52-55), resources of the operator container (:69-72), env
 * after upstream's variables (:73-86). Without a setting the Deployment is upstream's, unchanged.
 *
 * Each setting is checked as the API server checks the Deployment: resources and affinity against the
 * pod schema the operator's CRDs embed (imports/crd-schemas.json) and Kubernetes' rules
 * (override-rules.ts, the operator's copy of them), labels and annotations as labels and annotations
 * (k8s-validation.ts), the rest here, each rule a row of {@link OPERATOR_DEPLOYMENT_RULES}.
 */
import * as ipaddr from 'ipaddr.js';
import type { Toleration } from './installation-props';
import { affinityProblems, Found, resourcesProblems, tolerationsProblems } from './override-rules';
import type { PathOf } from '../common/checks';
import { crdSchemaProblems, JsonSchema } from '../common/crd-schema';
import { error, Finding, warning } from '../common/findings';
import { annotationsProblems, K8sProblem, labelsProblems } from '../common/k8s-validation';
import { configMapKeyErrors, dns1123SubdomainErrors } from '../common/k8s-names';
import { Memos } from '../common/memo';
import { isDataMap, setKey } from '../common/yaml-data';

/** The resources of the operator container: quantities by resource name (`cpu: 100m`, `memory: 128Mi`). */
export interface OperatorResources {
  /** The most the container may use. @default - no limit */
  readonly limits?: { readonly [resource: string]: string | number };
  /** What the scheduler reserves for the container. @default - the limits, where given */
  readonly requests?: { readonly [resource: string]: string | number };
}

/** A reference to a key of a ConfigMap or Secret in the operator's namespace. */
export interface OperatorKeyRef {
  /** The ConfigMap's or Secret's name. */
  readonly name: string;
  /** The key of its data. */
  readonly key: string;
  /** Start the container even when the key is missing. @default false */
  readonly optional?: boolean;
}

/** Where an environment variable's value comes from (exactly one). */
export interface OperatorEnvVarSource {
  /** A key of a ConfigMap in namespace tigera-operator. @default - none */
  readonly configMapKeyRef?: OperatorKeyRef;
  /** A key of a Secret in namespace tigera-operator: where a credential belongs. @default - none */
  readonly secretKeyRef?: OperatorKeyRef;
  /** A field of the pod (`spec.nodeName`, `metadata.labels['<key>']`). @default - none */
  readonly fieldRef?: OperatorFieldRef;
  /** A request or limit of the container (`limits.memory`). @default - none */
  readonly resourceFieldRef?: OperatorResourceFieldRef;
}

/** A field of the pod, as an environment variable's value. */
export interface OperatorFieldRef {
  /** The field (`spec.nodeName`). */
  readonly fieldPath: string;
  /** The API version the path is in. @default 'v1' */
  readonly apiVersion?: string;
}

/** A request or limit of a container, as an environment variable's value. */
export interface OperatorResourceFieldRef {
  /** `limits.cpu`, `requests.memory`, ... */
  readonly resource: string;
  /** The container whose request or limit it is. @default - the operator container */
  readonly containerName?: string;
  /** The unit the value is given in (`1`, `1m`, `1Mi`). @default '1' */
  readonly divisor?: string;
}

/** An environment variable of the operator container. */
export interface OperatorEnvVar {
  /** The variable's name (letters, digits, `_`, `-`, `.`; not starting with a digit). */
  readonly name: string;
  /** A literal value; keep credentials out of it (valueFrom.secretKeyRef). @default - none */
  readonly value?: string;
  /** Where the value comes from instead: exactly one source. @default - none */
  readonly valueFrom?: OperatorEnvVarSource;
}

/** The pod's DNS settings (with upstream's dnsPolicy, ClusterFirstWithHostNet, they add to the cluster's). */
export interface OperatorDnsConfig {
  /** Further nameservers, as IP addresses (at most 3). @default - none */
  readonly nameservers?: readonly string[];
  /** Further search domains (at most 32). @default - none */
  readonly searches?: readonly string[];
  /** Resolver options (`ndots`). @default - none */
  readonly options?: readonly OperatorDnsOption[];
}

/** A resolver option of the pod. */
export interface OperatorDnsOption {
  /** The option (`ndots`). */
  readonly name: string;
  /** Its value, if it takes one. @default - none */
  readonly value?: string;
}

/** The settings of the operator's Deployment: the tigera-operator Helm chart's values of the same names. */
export interface OperatorDeploymentSettings {
  /** Requests and limits of the operator container. @default - none (upstream's) */
  readonly resources?: OperatorResources;
  /** Replace upstream's tolerations (every NoExecute and NoSchedule taint). @default - upstream's */
  readonly tolerations?: readonly Toleration[];
  /** Replace upstream's node selector (`kubernetes.io/os: linux`). @default - upstream's */
  readonly nodeSelector?: { readonly [label: string]: string };
  /** The pod's affinity, as Kubernetes writes it (`nodeAffinity`, `podAffinity`, `podAntiAffinity`). @default - none */
  readonly affinity?: { readonly [field: string]: unknown };
  /** A PriorityClass that exists in the cluster (`system-cluster-critical`). @default - none */
  readonly priorityClassName?: string;
  /** Annotations of the pod. @default - none */
  readonly podAnnotations?: { readonly [key: string]: string };
  /** Labels of the pod, added to upstream's (`name`, `k8s-app`, which stay). @default - none */
  readonly podLabels?: { readonly [key: string]: string };
  /** The pod's DNS settings. @default - none */
  readonly dnsConfig?: OperatorDnsConfig;
  /** Environment variables of the operator container, after upstream's. @default - none */
  readonly env?: readonly OperatorEnvVar[];
}

/** The keys of the settings, in the order the chart's values list them. */
export const OPERATOR_DEPLOYMENT_KEYS = ['resources', 'tolerations', 'nodeSelector', 'affinity', 'priorityClassName', 'podAnnotations', 'podLabels', 'dnsConfig', 'env'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Spec = { [key: string]: Json };

const APIMACHINERY = 'k8s.io/apimachinery v0.36.3 pkg/util/validation/validation.go';
const CORE_VALIDATION = 'kubernetes pkg/apis/core/validation/validation.go';

/**
 * The rules checked here (the others are override-rules.ts's and k8s-validation.ts's rows): id →
 * where Kubernetes has it. Kubernetes' core validation is cited by function: its lines move with every
 * release, and calico-stack keeps no copy of it.
 */
export const OPERATOR_DEPLOYMENT_RULES = {
  'deployment.podLabels.selector': 'tigera-operator.yaml: spec.selector.matchLabels name (a pod label the Deployment selects by)',
  'deployment.podLabels.upstream': 'tigera-operator.yaml: spec.template.metadata.labels (the chart\'s template writes podLabels after them, :15-20)',
  'deployment.priorityClassName.name': `${CORE_VALIDATION} ValidatePodSpec → ValidatePriorityClassName (NameIsDNSSubdomain)`,
  'deployment.dnsConfig.nameservers.max': `${CORE_VALIDATION} validatePodDNSConfig (MaxDNSNameservers = 3)`,
  'deployment.dnsConfig.nameservers.ip': `${CORE_VALIDATION} validatePodDNSConfig (IsValidIP)`,
  'deployment.dnsConfig.searches.max': `${CORE_VALIDATION} validatePodDNSConfig (MaxDNSSearchPaths = 32)`,
  'deployment.dnsConfig.searches.chars': `${CORE_VALIDATION} validatePodDNSConfig (MaxDNSSearchListChars = 2048)`,
  'deployment.dnsConfig.searches.name': `${CORE_VALIDATION} validatePodDNSConfig (IsDNS1123Subdomain of each search without its trailing dot)`,
  'deployment.dnsConfig.options.name': `${CORE_VALIDATION} validatePodDNSConfig (option name required)`,
  'deployment.env.name': `${APIMACHINERY}:368-385 (IsEnvVarName; :387-401 IsRelaxedEnvVarName only where the RelaxedEnvironmentVariableValidation gate is on)`,
  'deployment.env.duplicate': 'calico-stack: a later variable of the same name hides the earlier one (Kubernetes only warns), so a name is given once and never one of upstream\'s',
  'deployment.env.servicesEndpoint': 'tigera-operator.yaml: envFrom ConfigMap kubernetes-services-endpoint, which env would override (tigera-operator.ts KUBERNETES_SERVICES_ENDPOINT)',
  'deployment.env.valueAndValueFrom': `${CORE_VALIDATION} validateEnvVarValueFrom (value and valueFrom are exclusive)`,
  'deployment.env.oneSource': `${CORE_VALIDATION} validateEnvVarValueFrom (exactly one source)`,
  'deployment.env.fieldPath': `${CORE_VALIDATION} validEnvDownwardAPIFieldPathExpressions`,
  'deployment.env.resource': `${CORE_VALIDATION} validateContainerResourceFieldSelector (validContainerResourceFieldPathExpressions)`,
  'deployment.env.keyRef': `${CORE_VALIDATION} validateConfigMapKeySelector / validateSecretKeySelector (a name; a key as IsConfigMapKey)`,
  'deployment.env.literalCredential': 'calico-stack: a credential written as a literal would be committed to dist/',
} as const;

export type OperatorDeploymentRuleId = keyof typeof OPERATOR_DEPLOYMENT_RULES;

/** The fields a pod's environment takes from itself (validEnvDownwardAPIFieldPathExpressions), and the indexed ones. */
const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const ENV_FIELD_PATH_INDEXED = /^metadata\.(labels|annotations)\['[^']+'\]$/;
/** The resources an environment variable can read (validContainerResourceFieldPathExpressions, and huge pages). */
const ENV_RESOURCES = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const ENV_RESOURCE_HUGEPAGES = /^(limits|requests)\.hugepages-.+$/;
/** IsEnvVarName's pattern (validation.go:368). */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Names that say the value is a credential. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH)/i;

/** The upstream Deployment `spec` with `settings` applied where the chart's template puts them (a copy; `spec` is not changed). */
export function applyOperatorSettings(spec: { readonly [key: string]: unknown }, settings: OperatorDeploymentSettings, containerName: string): Spec {
  const copy = JSON.parse(JSON.stringify(spec)) as Spec;
  const template = ownMap(copy, 'template');
  const metadata = ownMap(template, 'metadata');
  const pod = ownMap(template, 'spec');
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Json;
  if (settings.podLabels) {
    const labels = ownMap(metadata, 'labels');
    for (const [key, value] of Object.entries(settings.podLabels)) if (!Object.hasOwn(labels, key)) setKey(labels, key, value);
  }
  if (settings.podAnnotations) setKey(metadata, 'annotations', json(settings.podAnnotations));
  if (settings.nodeSelector) setKey(pod, 'nodeSelector', json(settings.nodeSelector));
  if (settings.affinity) setKey(pod, 'affinity', json(settings.affinity));
  if (settings.tolerations) setKey(pod, 'tolerations', json(settings.tolerations));
  if (settings.priorityClassName !== undefined) setKey(pod, 'priorityClassName', settings.priorityClassName);
  if (settings.dnsConfig) setKey(pod, 'dnsConfig', json(settings.dnsConfig));
  const containers = Array.isArray(pod.containers) ? pod.containers : [];
  const container = containers.find((c) => isDataMap(c) && c.name === containerName) as Spec | undefined;
  if (container && settings.resources) setKey(container, 'resources', json(settings.resources));
  if (container && settings.env && settings.env.length > 0) {
    setKey(container, 'env', [...(Array.isArray(container.env) ? container.env : []), ...(json(settings.env) as Json[])]);
  }
  return copy;
}

/** The names of the environment variables upstream gives the operator container. */
export function upstreamEnvNames(spec: { readonly [key: string]: unknown }, containerName: string): string[] {
  const pod = (spec.template as { spec?: { containers?: Array<{ name?: string; env?: Array<{ name?: string }> }> } } | undefined)?.spec;
  const container = pod?.containers?.find((c) => c.name === containerName);
  return (container?.env ?? []).map((e) => e.name).filter((n): n is string => typeof n === 'string');
}

/** The labels upstream's Deployment selects its pods by. */
export function selectorLabels(spec: { readonly [key: string]: unknown }): string[] {
  const match = (spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
  return match ? Object.keys(match) : [];
}

/** What the checks need of the upstream Deployment. */
export interface UpstreamDeployment {
  readonly envNames: readonly string[];
  readonly selectorLabels: readonly string[];
  /** The pod template's labels. */
  readonly podLabels: readonly string[];
}

/** The labels upstream gives the pod template. */
export function templateLabels(spec: { readonly [key: string]: unknown }): string[] {
  const labels = (spec.template as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels;
  return labels ? Object.keys(labels) : [];
}

/** Variables the ConfigMap of platform.apiServerEndpoint gives the operator (tigera-operator.ts). */
const SERVICES_ENDPOINT_VARIABLES = ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'];

/** Every problem of `settings`, at the paths `at` gives (`at('resources', ...)`), as the API server would find them. */
export function operatorDeploymentFindings(settings: OperatorDeploymentSettings, upstream: UpstreamDeployment, at: PathOf, memos: Memos): Finding[] {
  const findings: Finding[] = [];
  const k8s = (key: string, problems: readonly (Found | K8sProblem)[], fix?: string) => {
    for (const p of problems) {
      findings.push(error(at(key, ...p.path), p.message, {
        ...('got' in p ? { got: p.got } : {}),
        ...(p.allowed !== undefined ? { allowed: p.allowed } : {}),
        ...('fix' in p && p.fix !== undefined ? { fix: p.fix } : fix !== undefined ? { fix } : {}),
        ...('rule' in p && typeof p.rule === 'string' ? { rule: p.rule } : {}),
      }));
    }
  };
  const rule = (id: OperatorDeploymentRuleId, path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message' | 'rule'>) => findings.push(error(path, message, { ...details, rule: id }));

  // Shapes first, against the pod schema the operator's CRDs embed; Kubernetes' rules on what has the right shape.
  for (const key of ['resources', 'affinity'] as const) {
    const value = settings[key];
    if (value === undefined) continue;
    const problems = crdSchemaProblems(podSchema(key), value, memos);
    k8s(key, problems.map((p) => ({ path: p.path, message: p.message, ...('got' in p ? { got: p.got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}) })));
    if (problems.length > 0) continue;
    k8s(key, key === 'resources' ? resourcesProblems(value) : affinityProblems(value));
  }
  if (settings.tolerations) k8s('tolerations', tolerationsProblems(settings.tolerations));
  if (settings.nodeSelector) k8s('nodeSelector', labelsProblems(settings.nodeSelector), 'use the key and value of a label your nodes have (kubectl get nodes --show-labels)');
  if (settings.podLabels) {
    k8s('podLabels', labelsProblems(settings.podLabels), 'write the label as Kubernetes allows (see allowed), or leave it out');
    for (const key of Object.keys(settings.podLabels).filter((k) => upstream.podLabels.includes(k) || upstream.selectorLabels.includes(k))) {
      if (upstream.selectorLabels.includes(key)) {
        rule('deployment.podLabels.selector', at('podLabels', key), 'is a label the Deployment selects its pod by; a pod labelled otherwise is not the Deployment\'s', {
          got: settings.podLabels[key], fix: `remove ${at('podLabels', key)}; choose another label name`,
        });
      } else {
        rule('deployment.podLabels.upstream', at('podLabels', key), 'is a label upstream\'s Deployment gives the pod; it stays upstream\'s', {
          got: settings.podLabels[key], fix: `remove ${at('podLabels', key)}; choose another label name`,
        });
      }
    }
  }
  if (settings.podAnnotations) k8s('podAnnotations', annotationsProblems(settings.podAnnotations), 'use a key such as example.com/note');
  if (settings.priorityClassName !== undefined) {
    const errors = dns1123SubdomainErrors(settings.priorityClassName);
    if (errors.length > 0) {
      rule('deployment.priorityClassName.name', at('priorityClassName'), `is not a valid PriorityClass name: ${errors.join('; ')}`, {
        got: settings.priorityClassName, allowed: 'a DNS subdomain, e.g. system-cluster-critical', fix: 'name a PriorityClass of the cluster (kubectl get priorityclasses)',
      });
    }
  }
  if (settings.dnsConfig) dnsConfigFindings(settings.dnsConfig, at, rule);
  if (settings.env) envFindings(settings.env, upstream, at, rule, findings);
  return findings;
}

type RuleReporter = (id: OperatorDeploymentRuleId, path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message' | 'rule'>) => void;

/** validatePodDNSConfig, for a policy other than None. */
function dnsConfigFindings(dns: OperatorDnsConfig, at: PathOf, rule: RuleReporter): void {
  const nameservers = dns.nameservers ?? [];
  if (nameservers.length > 3) {
    rule('deployment.dnsConfig.nameservers.max', at('dnsConfig', 'nameservers'), `lists ${nameservers.length} nameservers; a pod takes at most 3`, { allowed: 'at most 3', fix: 'keep 3 nameservers' });
  }
  nameservers.forEach((ns, i) => {
    if (!ipaddr.isValid(ns) || (!ipaddr.IPv4.isValidFourPartDecimal(ns) && !ipaddr.IPv6.isValid(ns))) {
      rule('deployment.dnsConfig.nameservers.ip', at('dnsConfig', 'nameservers', i), 'is not an IP address', { got: ns, allowed: 'an IPv4 or IPv6 address', fix: 'write the nameserver\'s address, e.g. 10.96.0.10' });
    }
  });
  const searches = dns.searches ?? [];
  if (searches.length > 32) {
    rule('deployment.dnsConfig.searches.max', at('dnsConfig', 'searches'), `lists ${searches.length} search domains; a pod takes at most 32`, { allowed: 'at most 32', fix: 'keep 32 search domains' });
  }
  const chars = searches.join(' ').length;
  if (chars > 2048) {
    rule('deployment.dnsConfig.searches.chars', at('dnsConfig', 'searches'), `is ${chars} characters long (joined by spaces); a pod takes at most 2048`, { allowed: 'at most 2048 characters', fix: 'drop search domains' });
  }
  searches.forEach((search, i) => {
    const errors = dns1123SubdomainErrors(search.endsWith('.') ? search.slice(0, -1) : search);
    if (errors.length > 0) {
      rule('deployment.dnsConfig.searches.name', at('dnsConfig', 'searches', i), `is not a valid search domain: ${errors.join('; ')}`, { got: search, allowed: 'a DNS subdomain, e.g. svc.cluster.local', fix: 'write the domain in lowercase letters, digits, - and .' });
    }
  });
  (dns.options ?? []).forEach((option, i) => {
    if (!option.name) rule('deployment.dnsConfig.options.name', at('dnsConfig', 'options', i, 'name'), 'must not be empty', { got: option.name, fix: 'name the resolver option, e.g. ndots' });
  });
}

/** The environment: names, duplicates, value or one source, the source's fields, and credentials written as literals. */
function envFindings(env: readonly OperatorEnvVar[], upstream: UpstreamDeployment, at: PathOf, rule: RuleReporter, findings: Finding[]): void {
  const seen = new Map<string, number>();
  env.forEach((v, i) => {
    const name = v.name;
    if (!ENV_VAR_NAME.test(name) || name === '.' || name.startsWith('..')) {
      rule('deployment.env.name', at('env', i, 'name'), 'is not an environment variable name every Kubernetes release takes: letters, digits, _, - or ., not starting with a digit, nor with ..', {
        got: name, allowed: 'e.g. MY_ENV.NAME, my.env-name, MyEnvName1', fix: 'rename the variable, e.g. LOG_LEVEL',
      });
    }
    if (SERVICES_ENDPOINT_VARIABLES.includes(name)) {
      rule('deployment.env.servicesEndpoint', at('env', i, 'name'), 'is the API server\'s address, which the operator reads from ConfigMap kubernetes-services-endpoint and passes on to Calico; set here it would reach the operator only', {
        got: name, fix: 'remove it and set platform.apiServerEndpoint (host:port)',
      });
    } else if (upstream.envNames.includes(name)) {
      rule('deployment.env.duplicate', at('env', i, 'name'), 'is a variable upstream\'s Deployment already sets for the operator; a second one would hide it', {
        got: name, allowed: `a name other than ${upstream.envNames.join(', ')}`, fix: 'remove it: the operator needs upstream\'s value',
      });
    } else if (seen.has(name)) {
      rule('deployment.env.duplicate', at('env', i, 'name'), `is given twice (also ${at('env', seen.get(name)!)}); the later one would hide the earlier`, {
        got: name, fix: 'keep one of them',
      });
    } else {
      seen.set(name, i);
    }
    const from = v.valueFrom;
    if (from !== undefined && v.value !== undefined && v.value !== '') {
      rule('deployment.env.valueAndValueFrom', at('env', i), 'has both value and valueFrom; Kubernetes takes one of them', { fix: 'keep value or valueFrom' });
    }
    if (from !== undefined) {
      const sources = Object.entries(from).filter(([, s]) => s !== undefined).map(([k]) => k);
      if (sources.length !== 1) {
        rule('deployment.env.oneSource', at('env', i, 'valueFrom'), sources.length === 0 ? 'names no source' : `names ${sources.length} sources (${sources.join(', ')}); Kubernetes takes exactly one`, {
          allowed: 'one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef', fix: 'keep one source',
        });
      }
      const path = from.fieldRef?.fieldPath;
      if (path !== undefined && !ENV_FIELD_PATHS.includes(path) && !ENV_FIELD_PATH_INDEXED.test(path)) {
        rule('deployment.env.fieldPath', at('env', i, 'valueFrom', 'fieldRef', 'fieldPath'), 'is not a field a container\'s environment can read', {
          got: path, allowed: `${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']`, fix: 'choose one of the allowed fields',
        });
      }
      const resource = from.resourceFieldRef?.resource;
      if (resource !== undefined && !ENV_RESOURCES.includes(resource) && !ENV_RESOURCE_HUGEPAGES.test(resource)) {
        rule('deployment.env.resource', at('env', i, 'valueFrom', 'resourceFieldRef', 'resource'), 'is not a resource a container\'s environment can read', {
          got: resource, allowed: `${ENV_RESOURCES.join(', ')}, limits.hugepages-<size>, requests.hugepages-<size>`, fix: 'choose one of the allowed resources',
        });
      }
      for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
        const ref = from[kind];
        if (!ref) continue;
        const nameErrors = dns1123SubdomainErrors(ref.name);
        if (nameErrors.length > 0) {
          rule('deployment.env.keyRef', at('env', i, 'valueFrom', kind, 'name'), `is not a valid ${kind === 'secretKeyRef' ? 'Secret' : 'ConfigMap'} name: ${nameErrors.join('; ')}`, {
            got: ref.name, fix: `name a ${kind === 'secretKeyRef' ? 'Secret' : 'ConfigMap'} in namespace tigera-operator`,
          });
        }
        const keyErrors = configMapKeyErrors(ref.key);
        if (keyErrors.length > 0) {
          rule('deployment.env.keyRef', at('env', i, 'valueFrom', kind, 'key'), `is not a valid key: ${keyErrors.join('; ')}`, { got: ref.key, fix: 'name a key of its data' });
        }
      }
    }
    if (v.value !== undefined && v.value !== '' && CREDENTIAL_NAME.test(name)) {
      findings.push(warning(at('env', i, 'value'), `is a literal value of ${name}, which reads as a credential: it would be committed to dist/ and readable by anyone who can read the Deployment`, {
        fix: `put it in a Secret in namespace tigera-operator and write valueFrom: { secretKeyRef: { name: <secret>, key: <key> } } instead of value`, rule: 'deployment.env.literalCredential',
      }));
    }
  });
}

/** The schema of a pod's `resources` (of a container) or `affinity`, as the Installation CRD embeds them. */
function podSchema(key: 'resources' | 'affinity'): JsonSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const installation = (require('../../../imports/crd-schemas.json') as Record<string, JsonSchema>)['operator.tigera.io/v1/Installation'];
  const props = (s: JsonSchema, ...path: string[]) => path.reduce((node, k) => (node.properties as Record<string, JsonSchema>)[k], s);
  const pod = props(installation, 'spec', 'calicoKubeControllersDeployment', 'spec', 'template', 'spec');
  return key === 'affinity' ? props(pod, 'affinity') : props(props(pod, 'containers').items as JsonSchema, 'resources');
}

function ownMap(object: Spec, key: string): Spec {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  if (isDataMap(value)) return value as Spec;
  const map: Spec = {};
  setKey(object, key, map);
  return map;
}
