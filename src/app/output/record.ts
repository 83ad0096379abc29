/**
 * The ownership record of an output folder: `calico-stack.sum`, the files calico-stack wrote there
 * with their SHA-256, one `<hash>  <path>` line each (the format of `sha256sum`, so
 * `sha256sum -c calico-stack.sum` checks a folder), sorted by path, no timestamps. It is written
 * with the folder and committed with it.
 *
 * calico-stack changes or removes only files the record lists, and only while their content is
 * still what it wrote; every other file in the folder belongs to the user.
 */
import * as crypto from 'crypto';

/** The ownership record's name in every output folder. */
export const RECORD_FILE = 'calico-stack.sum';

const HEADER = [
  '# Written by calico-stack: the files it wrote in this folder and their SHA-256 (sha256sum -c checks them).',
  '# calico-stack changes or removes only these files; any other file here is yours and is left alone.',
];

/** Path (relative, `/`-separated) → SHA-256 hex. */
export type OwnershipRecord = ReadonlyMap<string, string>;

export function sha256(content: Uint8Array | string): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

/** The record text for `files` (path → content). */
export function formatRecord(files: ReadonlyMap<string, Uint8Array | string>): string {
  const lines = [...files.keys()].sort(byPath).map((file) => `${sha256(files.get(file)!)}  ${file}`);
  return `${[...HEADER, ...lines].join('\n')}\n`;
}

/** Parses a record; throws, naming the line, when the text is not one. `where` names the file in messages. */
export function parseRecord(text: string, where: string): OwnershipRecord {
  if (/^(<{7}|>{7}|={7})( |$)/m.test(text)) {
    throw new Error(`${where} has Git merge-conflict markers — take either side (e.g. \`git checkout --theirs -- ${where}\`), then run synth again: `
      + 'files that match neither side are reported as changed by hand');
  }
  const record = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    const problem = !m ? 'is not "<sha256>  <path>"' : m[2] === RECORD_FILE ? 'lists the record itself' : relativePathProblem(m[2]);
    if (problem !== undefined) {
      throw new Error(`${where}:${i + 1}: ${JSON.stringify(line.slice(0, 120))} ${problem} — this file is calico-stack's record of what it wrote; restore it from Git`);
    }
    record.set(m![2], m![1]);
  });
  return record;
}

/**
 * Why `file` is not a safe path inside an output folder (relative, `/`-separated, no `.`/`..`
 * segments, no control characters), or undefined when it is one.
 */
export function relativePathProblem(file: string): string | undefined {
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return 'is an absolute path';
  if (file.includes('\\')) return 'contains "\\"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(file)) return 'contains a control character';
  if (file.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment';
  return undefined;
}

/** Byte order of paths, the same on every machine and locale. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
