/**
 * Reading what `kubectl get … -o yaml` prints about a cluster (a `kind: List`, or several objects
 * or Lists one after another) for adopt and drift. The export is untrusted input: a regular file
 * of bounded size (config/input-file.ts), YAML turned into data where a key is only a key
 * (common/yaml-data.ts), a `__proto__` key refused, every object checked to have a kind and a name;
 * every problem names the file and the place in it.
 */
import { MIB } from '../common/bounded-read';
import { allowedInput, formatBytes, formatExcess, InputKind, readInputFile, TEXT_ALLOWED } from '../config/input-file';
import { show } from '../../lib/common/findings';
import { DataMap, isDataMap, parseYaml, toData, yamlErrorPlace } from '../../lib/common/yaml-data';

/**
 * An export, as an input file (not one a cluster file names, so not in config/input-file.ts'
 * INPUT_KINDS): `kubectl get … -o yaml` of a cluster's Calico objects is a few hundred KB on a
 * large cluster.
 */
export const CLUSTER_EXPORT: InputKind = { what: 'a cluster export', limit: 32 * MIB };

/** The kinds `kubectl get` exports for adopt and drift (the resources of the guide's kubectl get line). */
export const EXPORTED_KINDS: ReadonlySet<string> = new Set(['Installation', 'APIServer', 'Goldmane', 'Whisker', 'IPPool', 'BGPConfiguration', 'BGPPeer', 'FelixConfiguration']);

/** One object of an export and where it is (`export.yaml: document 1, items[3]`). */
export interface LiveObject {
  readonly at: string;
  readonly object: DataMap;
}

/** An export could not be read: the message names the file and says what to do. */
export class ExportReadError extends Error {}

/** The API groups of Calico's own resources: the CRDs behind the API server (v1), or the native v3 CRDs of v3.32. */
export const CALICO_GROUPS = ['crd.projectcalico.org', 'projectcalico.org'] as const;

/** The group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * An object's identity for comparisons: kind, namespace and name, the Calico groups taken as one
 * (an export of `ippools.crd.projectcalico.org` and a render's `projectcalico.org/v3` are the same
 * resources).
 */
export function identityOf(object: DataMap): { kind: string; namespace: string; name: string; key: string; calico: boolean } {
  const metadata = isDataMap(object.metadata) ? object.metadata : {};
  const kind = String(object.kind ?? '');
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const name = String(metadata.name ?? '');
  const group = groupOf(object.apiVersion);
  const calico = (CALICO_GROUPS as readonly string[]).includes(group);
  return { kind, namespace, name, calico, key: `${calico ? 'projectcalico.org' : group}/${kind}/${namespace}/${name}` };
}

/** `kind/namespace/name` (`kind/name` for a cluster-scoped object): how output lines name an object. */
export function describeObject(object: DataMap): string {
  const { kind, namespace, name } = identityOf(object);
  return namespace === '' ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** Reads the objects of every file, in order. Throws ExportReadError naming the file and the problem. */
export function readClusterExports(files: readonly string[]): LiveObject[] {
  return files.flatMap((file) => readClusterExport(file));
}

/** Reads the objects of one export file. Throws ExportReadError naming the file and the problem. */
export function readClusterExport(file: string): LiveObject[] {
  const kind = CLUSTER_EXPORT;
  const read = readInputFile(file, kind.limit);
  if (!('text' in read)) {
    switch (read.problem) {
      case 'unreadable': throw new ExportReadError(`${file}: cannot be read: ${read.message}`);
      case 'not-regular': throw new ExportReadError(`${file}: is ${read.kind}, not a regular file (allowed: ${allowedInput(kind)}) — save the kubectl output to a file first`);
      case 'too-large': throw new ExportReadError(`${file}: is ${formatExcess(read.size, kind.limit)}, more than the ${formatBytes(kind.limit)} ${kind.what} may have — export only the kinds the guide lists`);
      case 'encoding': throw new ExportReadError(`${file}: is ${read.description} (allowed: ${TEXT_ALLOWED}) — save it as UTF-8`);
    }
  }
  const parsed = parseYaml(read.text);
  if ('error' in parsed) throw new ExportReadError(`${yamlErrorPlace(file, parsed.error)}: is not valid YAML: ${parsed.error.message}`);
  const objects: LiveObject[] = [];
  parsed.docs.forEach((doc, i) => {
    const where = parsed.docs.length === 1 ? file : `${file}: document ${i + 1}`;
    let data: unknown;
    try {
      data = toData(doc);
    } catch (err) {
      throw new ExportReadError(`${where}: cannot be read as data: ${(err as Error).message}`);
    }
    if (data === null || data === undefined) return;
    refuseProtoKeys(data, where, '');
    if (!isDataMap(data)) throw new ExportReadError(`${where}: holds ${Array.isArray(data) ? 'a list' : `a ${typeof data}`}, not a Kubernetes object — save the output of kubectl get … -o yaml`);
    if (data.kind === 'List' || (typeof data.kind === 'string' && data.kind.endsWith('List') && Array.isArray(data.items))) {
      if (!Array.isArray(data.items)) throw new ExportReadError(`${where}: items: ${show(data.items)} is not a list of objects`);
      data.items.forEach((item, j) => objects.push({ at: `${where}, items[${j}]`, object: checkedObject(item, `${where}, items[${j}]`) }));
    } else {
      objects.push({ at: where, object: checkedObject(data, where) });
    }
  });
  return objects;
}

function checkedObject(value: unknown, where: string): DataMap {
  if (!isDataMap(value)) throw new ExportReadError(`${where}: ${show(value)} is not a Kubernetes object`);
  const metadata = value.metadata;
  if (typeof value.kind !== 'string' || typeof value.apiVersion !== 'string' || !isDataMap(metadata) || typeof metadata.name !== 'string') {
    throw new ExportReadError(`${where}: is not a Kubernetes object (it needs apiVersion, kind and metadata.name) — save the output of kubectl get … -o yaml`);
  }
  return value;
}

/** A `__proto__` key is never a field of a Kubernetes object: refused, with its path. */
function refuseProtoKeys(value: unknown, where: string, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseProtoKeys(v, where, `${path}[${i}]`));
  } else if (isDataMap(value)) {
    for (const key of Object.keys(value)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (key === '__proto__') throw new ExportReadError(`${where}: ${at}: the key __proto__ is not a field of any Kubernetes object — this is not a kubectl export; remove the key`);
      refuseProtoKeys(value[key], where, at);
    }
  }
}
