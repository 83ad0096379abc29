/**
 * Kubernetes' own checks of the parts of an object or a pod template that a user can hand over as
 * data (labels, annotations, label selectors, int-or-percent values, resource names), as
 * k8s.io/apimachinery v0.36.1 states them (the version tigera/operator v1.42.3 builds with; v0.28.9 of
 * operator v1.34.5 and v0.33.3 of v1.38.13 have the same rules), and the resource-name helpers of the
 * Kubernetes API (pkg/apis/core/helper, as tigera/operator copies them into
 * pkg/common/k8svalidation/helper/helper.go and v1helper/v1helper.go; the same lines at v1.34.5,
 * v1.38.13, v1.40.15 and v1.42.3).
 *
 * Each check takes a value of any shape (what a user wrote: a value of the wrong type is the schema's
 * problem, not these checks') and returns the problems at paths below it, in apimachinery's phrases
 * (k8s-names.ts), so a finding reads like the error the API server or the operator prints.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors, LABEL_KEY_ALLOWED, LABEL_VALUE_ALLOWED, labelKeyErrors, labelValueErrors } from './k8s-names';
import { isDataMap } from './yaml-data';

/** One problem of a value, at its path below the value checked. */
export interface K8sProblem {
  readonly path: readonly PropertyKey[];
  /** What is wrong, in apimachinery's words where it has them. */
  readonly message: string;
  readonly got?: unknown;
  readonly allowed?: string;
}

/** An own property of a mapping (never one every object inherits), or undefined. */
export function ownField(map: unknown, key: string): unknown {
  return isDataMap(map) && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The items of a list, or none when it is not one. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The entries of a mapping whose values are strings (other values are the schema's to report). */
function stringEntries(map: unknown): [string, string][] {
  return isDataMap(map) ? Object.keys(map).filter((k) => typeof map[k] === 'string').map((k) => [k, map[k] as string]) : [];
}

/**
 * ValidateLabelName (apimachinery v0.36.1 pkg/apis/meta/v1/validation/validation.go:104-110): a
 * label key is a qualified name.
 */
export function labelNameProblems(key: string, path: readonly PropertyKey[] = []): K8sProblem[] {
  const errors = labelKeyErrors(key);
  return errors.length > 0 ? [{ path, message: `is not a valid label key: ${errors.join('; ')}`, got: key, allowed: LABEL_KEY_ALLOWED }] : [];
}

/** IsValidLabelValue (content/kube.go:85-94): empty, or a name of at most 63 characters. */
export function labelValueProblems(value: string, path: readonly PropertyKey[] = []): K8sProblem[] {
  const errors = labelValueErrors(value);
  return errors.length > 0 ? [{ path, message: `is not a valid label value: ${errors.join('; ')}`, got: value, allowed: LABEL_VALUE_ALLOWED }] : [];
}

/**
 * ValidateLabels (pkg/apis/meta/v1/validation/validation.go:113-122): every key a label key, every
 * value a label value; problems at the key.
 */
export function labelsProblems(labels: unknown): K8sProblem[] {
  return stringEntries(labels).flatMap(([key, value]) => [...labelNameProblems(key, [key]), ...labelValueProblems(value, [key])]);
}

/** TotalAnnotationSizeLimitB (pkg/api/validation/objectmeta.go:36): 256 KiB. */
export const ANNOTATIONS_SIZE_MAX = 256 * 1024;

/**
 * ValidateAnnotations (pkg/api/validation/objectmeta.go:44-56): every key a qualified name once
 * lowercased (annotation keys may have capitals in the prefix), and keys and values together at most
 * 256 KiB, counted in bytes of UTF-8 (ValidateAnnotationsSize, :58-67).
 */
export function annotationsProblems(annotations: unknown): K8sProblem[] {
  const entries = stringEntries(annotations);
  const problems = entries.flatMap(([key]): K8sProblem[] => {
    const errors = labelKeyErrors(key.toLowerCase());
    return errors.length > 0 ? [{ path: [key], message: `is not a valid annotation key: ${errors.join('; ')}`, got: key, allowed: LABEL_KEY_ALLOWED }] : [];
  });
  const size = entries.reduce((sum, [key, value]) => sum + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8'), 0);
  if (size > ANNOTATIONS_SIZE_MAX) {
    problems.push({ path: [], message: `may not be more than ${ANNOTATIONS_SIZE_MAX} bytes (keys and values together)`, got: `${size} bytes`, allowed: `at most ${ANNOTATIONS_SIZE_MAX} bytes` });
  }
  return problems;
}

/** The operators of a label selector requirement (metav1.LabelSelectorOperator). */
export const LABEL_SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/**
 * ValidateLabelSelector with the default options (pkg/apis/meta/v1/validation/validation.go:62-101):
 * matchLabels as labels; each matchExpressions requirement with In/NotIn has values, with
 * Exists/DoesNotExist none, no other operator; its key a label key, its values label values.
 */
export function labelSelectorProblems(selector: unknown): K8sProblem[] {
  if (!isDataMap(selector)) return [];
  const problems: K8sProblem[] = labelsProblems(ownField(selector, 'matchLabels')).map((p) => ({ ...p, path: ['matchLabels', ...p.path] }));
  listOf(ownField(selector, 'matchExpressions')).forEach((requirement, i) => {
    const at = (...segments: PropertyKey[]) => ['matchExpressions', i, ...segments];
    const operator = ownField(requirement, 'operator');
    const values = ownField(requirement, 'values');
    // undefined: values that are not a list, the schema's finding.
    const count = Array.isArray(values) ? values.length : values === undefined ? 0 : undefined;
    if (operator === 'In' || operator === 'NotIn') {
      if (count === 0) problems.push({ path: at('values'), message: "must be specified when `operator` is 'In' or 'NotIn'", got: values ?? [] });
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (count !== undefined && count > 0) problems.push({ path: at('values'), message: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'", got: values });
    } else if (typeof operator === 'string') {
      problems.push({ path: at('operator'), message: 'not a valid selector operator', got: operator, allowed: LABEL_SELECTOR_OPERATORS.join(', ') });
    }
    const key = ownField(requirement, 'key');
    if (typeof key === 'string') problems.push(...labelNameProblems(key, at('key')));
    listOf(values).forEach((value, j) => {
      if (typeof value === 'string') problems.push(...labelValueProblems(value, at('values', j)));
    });
  });
  return problems;
}

/** ValidateNamespaceName = NameIsDNSLabel (pkg/api/validation/generic.go:51-57, :69): a DNS label. */
export function namespaceNameProblems(name: string, path: readonly PropertyKey[] = []): K8sProblem[] {
  const errors = dns1123LabelErrors(name);
  return errors.length > 0 ? [{ path, message: `is not a valid namespace name: ${errors.join('; ')}`, got: name, allowed: 'a DNS label of at most 63 characters, e.g. kube-system' }] : [];
}

/** NameIsDNSSubdomain (pkg/api/validation/generic.go:43-49): a node's name. */
export function nodeNameProblems(name: string, path: readonly PropertyKey[] = []): K8sProblem[] {
  const errors = dns1123SubdomainErrors(name);
  return errors.length > 0 ? [{ path, message: `is not a valid node name: ${errors.join('; ')}`, got: name, allowed: 'a DNS subdomain of at most 253 characters, e.g. worker-1.example.com' }] : [];
}

/** IsValidPercent (pkg/util/validation/validation.go:341-351): digits followed by `%`. */
export function isPercent(text: string): boolean {
  return /^[0-9]+%$/.test(text);
}

/** The phrase of IsValidPercent's error (validation.go:342). */
export const PERCENT_ERROR = "a valid percent string must be a numeric string followed by an ending '%'";

// Resource names: tigera/operator pkg/common/k8svalidation/helper/helper.go and v1helper/v1helper.go.

/** The prefix of huge page resources (core.ResourceHugePagesPrefix). */
const HUGE_PAGES_PREFIX = 'hugepages-';
/** The prefix of quota requests (core.DefaultResourceRequestsPrefix). */
const REQUESTS_PREFIX = 'requests.';

/** standardContainerResources (helper.go:72-76). */
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
/** standardResources (helper.go:109-130). */
const STANDARD_RESOURCES = [
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers',
];
/** integerResources (helper.go:137-147): the object counts. */
const INTEGER_RESOURCES = ['pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];

/** The resources a container can request without a prefix, for `allowed`. */
export const CONTAINER_RESOURCES_ALLOWED = 'cpu, memory, ephemeral-storage, hugepages-<size>, or a prefixed extended resource such as example.com/gpu';

/** IsHugePageResourceName (helper.go:40-42). */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(HUGE_PAGES_PREFIX);
}

/** IsStandardContainerResourceName (helper.go:80-82). */
export function isStandardContainerResourceName(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.includes(name) || isHugePageResourceName(name);
}

/** IsStandardResourceName (helper.go:133-135; IsQuotaHugePageResourceName :46-48). */
export function isStandardResourceName(name: string): boolean {
  return STANDARD_RESOURCES.includes(name) || name.startsWith(HUGE_PAGES_PREFIX) || name.startsWith(`${REQUESTS_PREFIX}${HUGE_PAGES_PREFIX}`);
}

/** IsNativeResource (helper.go:104-107): no prefix, or a kubernetes.io/ one. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/**
 * IsExtendedResourceName (helper.go:89-99): not native, not starting with `requests.`, and a
 * qualified name once `requests.` is put before it (as a quota names it).
 */
export function isExtendedResourceName(name: string): boolean {
  return !isNativeResource(name) && !name.startsWith(REQUESTS_PREFIX) && labelKeyErrors(`${REQUESTS_PREFIX}${name}`).length === 0;
}

/** IsIntegerResourceName (helper.go:150-152): object counts and extended resources. */
export function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.includes(name) || isExtendedResourceName(name);
}

/** IsOvercommitAllowed (v1helper.go:88-91): native resources other than huge pages. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}
