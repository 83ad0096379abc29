/**
 * The files a cluster was loaded from, by content: a cluster file, its kubeadm-config, its CRD
 * bundle. Loading is a function of their text (and of the code), so while every one still has the
 * same SHA-256, the spec loaded from them is the same, and the synth can use what it rendered from
 * that spec before without reading the files as YAML again (src/app/output/render-cache.ts). Each file
 * is read as the loader reads it (input-file.ts: regular files only, within the limit of its kind).
 *
 * Light on purpose: no YAML, no schema, so a synth of unchanged clusters need not load them.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { INPUT_KINDS, readInputFile } from './input-file';

/** One file a cluster was loaded from. */
export interface InputDigest {
  /** Absolute path. */
  readonly path: string;
  /** What kind of file it is (its size limit). */
  readonly kind: keyof typeof INPUT_KINDS;
  /** SHA-256 of its text. */
  readonly sha256: string;
}

/** The digest of text read from `file` (the loader calls it with what it read). */
export function inputDigest(file: string, kind: InputDigest['kind'], text: string): InputDigest {
  return { path: path.resolve(file), kind, sha256: crypto.createHash('sha256').update(text).digest('hex') };
}

/**
 * Reads `file` as the loader would and returns its digest, or undefined when it cannot be read
 * (the loader then reports why).
 */
export function readDigest(file: string, kind: InputDigest['kind']): InputDigest | undefined {
  const read = readInputFile(file, INPUT_KINDS[kind].limit);
  return 'text' in read ? inputDigest(file, kind, read.text) : undefined;
}

/**
 * Whether every file still has the content it had. `seen` holds the digests of this run by path,
 * so a file many clusters name (a shared CRD bundle) is read once.
 */
export function inputsUnchanged(inputs: readonly InputDigest[], seen: Map<string, InputDigest | undefined> = new Map()): boolean {
  return inputs.every((input) => {
    const key = `${input.kind}\0${input.path}`;
    if (!seen.has(key)) seen.set(key, readDigest(input.path, input.kind));
    return seen.get(key)?.sha256 === input.sha256;
  });
}
