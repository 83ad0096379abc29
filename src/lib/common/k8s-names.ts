/**
 * The API server's rules for names, label keys, label values and ConfigMap keys, as
 * k8s.io/apimachinery states them (v0.34.0, pkg/util/validation/validation.go; line numbers below).
 * Each check returns the problems in apimachinery's own phrases (empty when the value is valid), so a
 * finding reads like the error `kubectl apply` would print.
 */

/** DNS1123LabelMaxLength (validation.go:182). */
export const DNS1123_LABEL_MAX = 63;
/** DNS1123SubdomainMaxLength (validation.go:212); also the limit of any object name. */
export const DNS1123_SUBDOMAIN_MAX = 253;
/** qualifiedNameMaxLength (validation.go:33): the name part of a label key. */
export const QUALIFIED_NAME_MAX = 63;
/** LabelValueMaxLength (validation.go:158). */
export const LABEL_VALUE_MAX = 63;

// dns1123LabelFmt (validation.go:176) and dns1123SubdomainFmt (validation.go:205).
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
// qualifiedNameFmt (validation.go:29-31); a label value is the same or empty (validation.go:154).
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
// configMapKeyFmt (validation.go:435).
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

const tooLong = (max: number) => `must be no more than ${max} characters`;
const QUALIFIED_NAME_CHARS = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsDNS1123Label (validation.go:188): namespaces, Services and other names that become DNS labels. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) errors.push(tooLong(DNS1123_LABEL_MAX));
  if (!DNS1123_LABEL.test(value)) {
    errors.push(DNS1123_SUBDOMAIN.test(value)
      ? 'must not contain dots'
      : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
  }
  return errors;
}

/** IsDNS1123Subdomain (validation.go:219): the names of most objects (Secrets, ConfigMaps, StorageClasses, ...). */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errors.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errors.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character");
  }
  return errors;
}

/** IsQualifiedName (validation.go:41): label keys, taint and toleration keys. An optional DNS subdomain prefix and `/`, then a name. */
export function labelKeyErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return [`a qualified name ${QUALIFIED_NAME_CHARS}, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errors: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else {
    if (name.length > QUALIFIED_NAME_MAX) errors.push(`name part ${tooLong(QUALIFIED_NAME_MAX)}`);
    if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${QUALIFIED_NAME_CHARS}`);
  }
  return errors;
}

/** IsValidLabelValue (validation.go:165): empty, or a name of at most 63 characters. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > LABEL_VALUE_MAX) errors.push(tooLong(LABEL_VALUE_MAX));
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    errors.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return errors;
}

/** IsConfigMapKey (validation.go:441): the keys of a ConfigMap's or Secret's data. */
export function configMapKeyErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) errors.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!CONFIG_MAP_KEY.test(value)) errors.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
  // hasChDirPrefix (validation.go:494): the key becomes a file name in a volume.
  if (value === '.') errors.push("must not be '.'");
  else if (value === '..') errors.push("must not be '..'");
  else if (value.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}

/** What a valid label key looks like, for `allowed`. */
export const LABEL_KEY_ALLOWED = 'an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane';
/** What a valid label value looks like, for `allowed`. */
export const LABEL_VALUE_ALLOWED = 'empty, or at most 63 alphanumeric characters, "-", "_" or ".", e.g. infra';
