/**
 * What an output folder already holds of a cluster's render (its committed `dist/<name>/`), for
 * the checks that compare a change with the state it replaces (src/app/day2/). Everything here is
 * read as untrusted input (common/bounded-read.ts): regular files only, no links, bounded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MANIFEST_EXTENSION } from '../../lib/render/layout';
import { readBounded } from '../common/bounded-read';
import { OUTPUT_FILE_LIMIT, RECORD_LIMIT } from './limits';
import { byPath, parseRecord, RECORD_FILE } from './record';

/** A pool of `Installation/default`: what the operator cannot change in place. */
export interface PoolShape {
  readonly name: string;
  readonly cidr: string;
  readonly blockSize: number;
  /** As rendered (undefined: read from a render cache entry written before it was recorded). */
  readonly nodeSelector?: string;
  /** As rendered (IPIP, VXLAN, …; undefined as for nodeSelector). */
  readonly encapsulation?: string;
}

/** What the comparisons with a committed render read of its `Installation/default`. */
export interface InstallationShape {
  readonly pools: readonly PoolShape[];
  /** `calicoNetwork.linuxDataplane` as rendered (undefined: the operator's default, Iptables). */
  readonly linuxDataplane?: string;
  /** `calicoNetwork.kubeProxyManagement` as rendered. */
  readonly kubeProxyManagement?: string;
  /** `calicoNetwork.bgp` as rendered (calico-stack always renders it). */
  readonly bgp?: string;
}

/**
 * `Installation/default` in output folder `dir`, or undefined when it holds none. The manifests read
 * are calico-stack's own (those its record lists), or with no record, every `*.k8s.yaml` directly in
 * the folder; a file that is not a regular file within the limit is not read (it is not
 * calico-stack's render any more).
 */
export function committedInstallation(dir: string): InstallationShape | undefined {
  for (const name of ownedManifests(dir)) {
    const read = readBounded(path.join(dir, name), { limit: OUTPUT_FILE_LIMIT });
    if (!('data' in read)) continue;
    const installation = installationOf(read.data.toString('utf8'));
    if (installation !== undefined) return installation;
  }
  return undefined;
}

/** The pools of committedInstallation(). */
export function committedPools(dir: string): readonly PoolShape[] | undefined {
  return committedInstallation(dir)?.pools;
}

/** What committedInstallation() would read from a folder holding exactly `files` (a render, by relative path). */
export function renderedInstallation(files: ReadonlyMap<string, string>): InstallationShape | undefined {
  for (const name of [...files.keys()].filter(isManifest).sort(byPath)) {
    const installation = installationOf(files.get(name)!);
    if (installation !== undefined) return installation;
  }
  return undefined;
}

/** The pools of renderedInstallation(). */
export function renderedPools(files: ReadonlyMap<string, string>): readonly PoolShape[] | undefined {
  return renderedInstallation(files)?.pools;
}

function isManifest(file: string): boolean {
  return !file.includes('/') && file.endsWith(MANIFEST_EXTENSION);
}

/** The manifests of `dir` that are calico-stack's: listed in its record, or all of them without one. */
function ownedManifests(dir: string): string[] {
  const record = readBounded(path.join(dir, RECORD_FILE), { limit: RECORD_LIMIT });
  if ('data' in record) {
    try {
      return [...parseRecord(record.data.toString('utf8'), RECORD_FILE).keys()].filter(isManifest).sort(byPath);
    } catch {
      return []; // A damaged record: the write refuses the folder anyway, and says why.
    }
  }
  try {
    return fs.readdirSync(dir).filter(isManifest).sort(byPath);
  } catch {
    return [];
  }
}

function installationOf(text: string): InstallationShape | undefined {
  if (!/^kind: Installation$/m.test(text)) return undefined; // CRD bundles and the rest, without parsing them
  for (const doc of parseAllDocuments(text)) {
    const shape = installationShape(doc.toJS());
    if (shape !== undefined) return shape;
  }
  return undefined;
}

/**
 * What the comparisons read of `obj` when it is `Installation/default` (a manifest's document, or
 * the object a render is made of), or undefined for any other object.
 */
export function installationShape(obj: unknown): InstallationShape | undefined {
  const o = obj as {
    kind?: string; metadata?: { name?: string };
    spec?: { calicoNetwork?: { ipPools?: PoolShape[]; linuxDataplane?: string; kubeProxyManagement?: string; bgp?: string } };
  } | null;
  if (o?.kind !== 'Installation' || o.metadata?.name !== 'default') return undefined;
  const network = o.spec?.calicoNetwork;
  return {
    pools: (network?.ipPools ?? []).map(({ name, cidr, blockSize, nodeSelector, encapsulation }) => ({
      name, cidr, blockSize,
      ...(nodeSelector !== undefined ? { nodeSelector } : {}),
      ...(encapsulation !== undefined ? { encapsulation } : {}),
    })),
    ...(network?.linuxDataplane !== undefined ? { linuxDataplane: network.linuxDataplane } : {}),
    ...(network?.kubeProxyManagement !== undefined ? { kubeProxyManagement: network.kubeProxyManagement } : {}),
    ...(network?.bgp !== undefined ? { bgp: network.bgp } : {}),
  };
}

/** One object of a render, with the manifest (relative path) it is in. */
export interface RenderedObject {
  readonly file: string;
  readonly object: { readonly [key: string]: unknown };
}

/** The objects of a render, and the manifests that could not be read or parsed (a damaged or hand-edited file). */
export interface RenderedObjects {
  readonly objects: readonly RenderedObject[];
  readonly unreadable: readonly string[];
}

/**
 * Every object of the manifests calico-stack owns in output folder `dir` (those its record lists, or
 * with no record every `*.k8s.yaml` directly in it), in file order; read as untrusted input, like
 * committedInstallation(). For the comparisons of day two: upgrade plans, drift, adoption. `only`
 * picks the manifests to read by name.
 */
export function committedObjects(dir: string, only: (file: string) => boolean = () => true, kind?: string): RenderedObjects {
  const files = new Map<string, string>();
  const unreadable: string[] = [];
  for (const name of ownedManifests(dir).filter(only)) {
    const read = readBounded(path.join(dir, name), { limit: OUTPUT_FILE_LIMIT });
    if ('data' in read) files.set(name, read.data.toString('utf8'));
    else unreadable.push(name);
  }
  const parsed = renderedObjects(files, kind);
  return { objects: parsed.objects, unreadable: [...unreadable, ...parsed.unreadable].sort(byPath) };
}

/**
 * What committedObjects() would read from a folder holding exactly `files` (a render, by relative
 * path). With `kind`, only the objects of that kind, and only the documents that name it are parsed
 * (a tenth of the time for an operator file); a file whose documents of the kind do not parse on
 * their own, or that has none, is parsed whole.
 */
export function renderedObjects(files: ReadonlyMap<string, string>, kind?: string): RenderedObjects {
  const objects: RenderedObject[] = [];
  const unreadable: string[] = [];
  const line = kind === undefined ? undefined : new RegExp(`^kind: ${kind.replace(/[^\w]/g, '')}$`, 'm');
  for (const name of [...files.keys()].filter(isManifest).sort(byPath)) {
    const text = files.get(name)!;
    const chunks = line ? text.split(/^---$/m).filter((c) => line.test(c)) : undefined;
    let docs = parseAllDocuments(chunks ? chunks.join('---\n') : text);
    // Read whole when the documents of the kind do not parse alone, or there are none (the file may not parse at all).
    if (chunks && (docs.length === 0 || docs.some((d) => d.errors.length > 0))) docs = parseAllDocuments(text);
    if (docs.some((d) => d.errors.length > 0)) {
      unreadable.push(name);
      continue;
    }
    for (const doc of docs) {
      const object: unknown = doc.toJS();
      if (object !== null && typeof object === 'object' && !Array.isArray(object) && (kind === undefined || (object as { kind?: unknown }).kind === kind)) {
        objects.push({ file: name, object: object as RenderedObject['object'] });
      }
    }
  }
  return { objects, unreadable };
}

/**
 * The text of one file calico-stack wrote into output folder `dir` (a path its record lists, such as
 * `flux/sync.yaml`), read as untrusted input; undefined when the record does not list it, or it is
 * not a regular file within the limit.
 */
export function committedFile(dir: string, relative: string): string | undefined {
  const record = readBounded(path.join(dir, RECORD_FILE), { limit: RECORD_LIMIT });
  if (!('data' in record)) return undefined;
  try {
    if (!parseRecord(record.data.toString('utf8'), RECORD_FILE).has(relative)) return undefined;
  } catch {
    return undefined;
  }
  const parts = relative.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return undefined;
  // Every folder on the way is a folder, not a link out of the output folder.
  for (let i = 1; i < parts.length; i++) {
    try {
      if (!fs.lstatSync(path.join(dir, ...parts.slice(0, i))).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
  }
  const read = readBounded(path.join(dir, ...parts), { limit: OUTPUT_FILE_LIMIT });
  return 'data' in read ? read.data.toString('utf8') : undefined;
}
