/**
 * Reading a Helm values file (the tigera-operator chart's values.yaml, or a user's values for it)
 * as untrusted input: a regular file of at most 1 MiB (a values file is a few KB), UTF-8 or UTF-16
 * text, one YAML document holding a mapping, and no `__proto__` key anywhere.
 */
import { allowedInput, formatBytes, formatExcess, InputKind, readInputFile, TEXT_ALLOWED } from '../config/input-file';
import { MIB } from '../common/bounded-read';
import { DataMap, isDataMap, parseYaml, toData, yamlErrorPlace } from '../../lib/common/yaml-data';

/** A values file, as an input file. */
export const VALUES_FILE: InputKind = { what: 'a Helm values file', limit: 1 * MIB };

/** A values file could not be read: the message names the file and says what to do. */
export class ValuesReadError extends Error {}

/** The data of a values file. Throws ValuesReadError naming the file, the place and the problem. */
export function readValuesFile(file: string): DataMap {
  return readValuesFileText(file).data;
}

/** The data of a values file and its text (for its comments). Throws ValuesReadError. */
export function readValuesFileText(file: string): { readonly data: DataMap; readonly text: string } {
  const kind = VALUES_FILE;
  const read = readInputFile(file, kind.limit);
  if (!('text' in read)) {
    switch (read.problem) {
      case 'unreadable': throw new ValuesReadError(`${file}: cannot be read: ${read.message}`);
      case 'not-regular': throw new ValuesReadError(`${file}: is ${read.kind}, not a regular file (allowed: ${allowedInput(kind)}) — save the values to a file first`);
      case 'too-large': throw new ValuesReadError(`${file}: is ${formatExcess(read.size, kind.limit)}, more than the ${formatBytes(kind.limit)} ${kind.what} may have — is this the values file (helm get values <release> -o yaml)?`);
      case 'encoding': throw new ValuesReadError(`${file}: is ${read.description} (allowed: ${TEXT_ALLOWED}) — save it as UTF-8`);
    }
  }
  const parsed = parseYaml(read.text);
  if ('error' in parsed) throw new ValuesReadError(`${yamlErrorPlace(file, parsed.error)}: is not valid YAML: ${parsed.error.message}`);
  if (parsed.docs.length > 1) throw new ValuesReadError(`${file}: holds ${parsed.docs.length} YAML documents; a values file is one mapping — keep the one helm reads`);
  let data: unknown;
  try {
    data = parsed.docs.length === 0 ? null : toData(parsed.docs[0]);
  } catch (err) {
    throw new ValuesReadError(`${file}: cannot be read as data: ${(err as Error).message}`);
  }
  if (data === null || data === undefined) return { data: {}, text: read.text };
  if (!isDataMap(data)) throw new ValuesReadError(`${file}: holds ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not a mapping of chart values — a values file maps value names to values (installation:, tolerations:, ...)`);
  refuseProtoKeys(data, file, '');
  return { data, text: read.text };
}

/** `__proto__` is no chart value: refused with its path. */
function refuseProtoKeys(value: unknown, file: string, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseProtoKeys(v, file, `${path}[${i}]`));
  } else if (isDataMap(value)) {
    for (const key of Object.keys(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (key === '__proto__') throw new ValuesReadError(`${file}: ${at}: the key __proto__ is no value of the chart, nor a field of any object it renders — remove it`);
      refuseProtoKeys(value[key], file, at);
    }
  }
}
