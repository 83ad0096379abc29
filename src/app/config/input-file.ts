/**
 * Reading the files a cluster description consists of (the cluster file, its kubeadm-config, its
 * CRD bundle) without trusting what the path names: only regular files are read, and never more
 * than a limit per kind of file. A FIFO, a device (`/dev/zero`, `/dev/urandom`), a socket or a
 * directory is refused before a single byte is read, so a wrong path cannot hang the synth or make
 * it read without end.
 *
 * The path is checked with stat() first, so a device is never even opened; the file is then opened
 * non-blocking (opening a FIFO does not wait for a writer then) and checked again with fstat() on
 * the open descriptor, so a file swapped between the two calls is still caught, and read up to the
 * limit plus one byte, so a file that grows after fstat() is caught too.
 *
 * The bytes are decoded as YAML 1.2 says a stream is (§5.2, "Character Encodings"): UTF-8, with or
 * without a byte order mark, or UTF-16 (Windows PowerShell 5 writes that with `>`), told by its byte
 * order mark or by the NUL byte of its first, ASCII, character; bytes that are not valid text in
 * their encoding, and UTF-32, are refused with what they are, rather than read as garbage.
 */
import * as fs from 'fs';

const KIB = 1024;
const MIB = 1024 * KIB;

/** The kinds of file a cluster description reads, and how large each may be. */
export interface InputKind {
  /** What the file is, for messages: `a cluster file`. */
  readonly what: string;
  /** At most this many bytes. */
  readonly limit: number;
}

/**
 * The limits, well above real files: a cluster file is a few KB; kubeadm-config is a few KB (the
 * API server refuses a ConfigMap over 1 MiB); Calico v3.31.7's operator-crds.yaml is 2.6 MB.
 */
export const INPUT_KINDS = {
  clusterFile: { what: 'a cluster file', limit: 256 * KIB },
  kubeadmConfig: { what: 'a kubeadm-config', limit: 1 * MIB },
  crds: { what: 'a CRD bundle', limit: 16 * MIB },
} as const satisfies Record<string, InputKind>;

/** `256 KiB`, `16 MiB`, `1.5 MiB`, `812 bytes`. */
export function formatBytes(bytes: number): string {
  const [unit, size] = bytes >= MIB ? ['MiB', MIB] : bytes >= KIB ? ['KiB', KIB] : ['bytes', 1];
  const value = bytes / size;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** The size of a file over `limit`, so that it reads larger than the limit: `50 MiB`, or `16777217 bytes` just over 16 MiB. */
export function formatExcess(size: number, limit: number): string {
  const text = formatBytes(size);
  return Number.parseFloat(text) > Number.parseFloat(formatBytes(limit)) || !text.endsWith(formatBytes(limit).split(' ')[1]) ? text : `${size} bytes`;
}

/** The encodings read, for messages. */
export const TEXT_ALLOWED = 'UTF-8 text, or UTF-16 text';

/** What is allowed, for messages: `a regular file of at most 16 MiB`. */
export function allowedInput(kind: InputKind): string {
  return `a regular file of at most ${formatBytes(kind.limit)}`;
}

/** Why a file was not read. */
export type ReadProblem =
  /** Not a regular file: `kind` says what it is (`a FIFO`, `a character device`, …). */
  | { readonly problem: 'not-regular'; readonly kind: string }
  /** Larger than the limit; `size` is what fstat() said, or more than the limit when it grew while being read. */
  | { readonly problem: 'too-large'; readonly size: number }
  /** Missing, unreadable, …: the system's message. */
  | { readonly problem: 'unreadable'; readonly message: string }
  /** Not text calico-stack reads: `description` says what it is (`UTF-32 text`, `not valid UTF-8 text at line 3`). */
  | { readonly problem: 'encoding'; readonly description: string };

export type ReadResult = { readonly text: string } | ReadProblem;

const CHUNK = 64 * KIB;

/** Reads `file` as UTF-8 when it is a regular file of at most `limit` bytes. Never blocks on FIFOs or devices. */
export function readInputFile(file: string, limit: number): ReadResult {
  // stat() first: a device or FIFO is refused without being opened (opening some devices has effects).
  let before: fs.Stats;
  try {
    before = fs.statSync(file);
  } catch (err) {
    return { problem: 'unreadable', message: (err as Error).message };
  }
  if (!before.isFile()) return { problem: 'not-regular', kind: fileKind(before) };
  if (before.size > limit) return { problem: 'too-large', size: before.size };

  let fd: number;
  try {
    // O_NONBLOCK: if the path became a FIFO since stat(), open() returns at once instead of waiting for a writer.
    // O_NOCTTY: a terminal device swapped in never becomes the process's controlling terminal.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0));
  } catch (err) {
    return { problem: 'unreadable', message: (err as Error).message };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { problem: 'not-regular', kind: fileKind(st) };
    if (st.size > limit) return { problem: 'too-large', size: st.size };
    const chunks: Buffer[] = [];
    let total = 0;
    // At most limit + 1 bytes: one byte past the limit is enough to know the file is too large.
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > limit) return { problem: 'too-large', size: total };
    return decodeText(Buffer.concat(chunks, total));
  } catch (err) {
    return { problem: 'unreadable', message: (err as Error).message };
  } finally {
    fs.closeSync(fd);
  }
}

/** The encoding of a file's bytes, told by its first four (YAML 1.2 §5.2). */
function encodingOf(bytes: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (bytes.length >= 4 && b0 === 0 && b1 === 0 && (b2 === 0xfe && b3 === 0xff || b2 === 0)) return 'utf-32be';
  if (bytes.length >= 4 && b2 === 0 && b3 === 0 && (b0 === 0xff && b1 === 0xfe || b1 === 0)) return 'utf-32le';
  if (bytes.length >= 2 && (b0 === 0xfe && b1 === 0xff || b0 === 0)) return 'utf-16be';
  if (bytes.length >= 2 && (b0 === 0xff && b1 === 0xfe || b1 === 0)) return 'utf-16le';
  return 'utf-8';
}

/**
 * The text of a file's bytes, its byte order mark dropped (TextDecoder's default), or what they are
 * when they are no text calico-stack reads.
 */
function decodeText(bytes: Buffer): ReadResult {
  const encoding = encodingOf(bytes);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return { problem: 'encoding', description: 'UTF-32 text' };
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch {
    // Where: the line of the first character the lenient decoder had to replace.
    const lenient = new TextDecoder(encoding).decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    return { problem: 'encoding', description: `not valid ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} text at line ${line}` };
  }
}

function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
