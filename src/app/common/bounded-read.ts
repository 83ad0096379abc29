/**
 * Reading a file calico-stack did not necessarily write — an output folder's files, the
 * transaction journal, a render cache entry, a marker in the state folder — as untrusted input:
 * a regular file only, never more than a limit, never blocking, and (unless asked) never through a
 * symbolic link.
 *
 * The path is checked with lstat()/stat() first, so a FIFO or a device is never even opened; the
 * file is then opened non-blocking (a FIFO swapped in does not wait for a writer), with O_NOFOLLOW
 * when links are not followed (a link swapped in fails the open), checked again with fstat() on
 * the descriptor, and read up to the limit plus one byte, so a file that grows while it is read is
 * caught too.
 */
import * as fs from 'fs';

const KIB = 1024;
const MIB = 1024 * KIB;
const CHUNK = 64 * KIB;

/** Why a file was not read. */
export type ReadProblem =
  /** Not a regular file: `kind` says what it is (`a FIFO (named pipe)`, `a symbolic link`, …). */
  | { readonly problem: 'not-regular'; readonly kind: string }
  /** Larger than the limit; `size` is what fstat() said, or more than the limit when it grew while being read. */
  | { readonly problem: 'too-large'; readonly size: number }
  /** Missing, unreadable, …: the system's message. */
  | { readonly problem: 'unreadable'; readonly message: string; readonly code?: string };

export type BoundedRead = { readonly data: Buffer } | ReadProblem;

/** Options of {@link readBounded}. */
export interface BoundedReadOptions {
  /** At most this many bytes. */
  readonly limit: number;
  /**
   * Read through a symbolic link (its target must still be a regular file). Off for files inside
   * folders calico-stack owns, where a link is never its own.
   * @default false
   */
  readonly followLinks?: boolean;
}

/** Reads `file` when it is a regular file of at most `limit` bytes. Never blocks on FIFOs or devices. */
export function readBounded(file: string, options: BoundedReadOptions): BoundedRead {
  const { limit, followLinks = false } = options;
  let before: fs.Stats;
  try {
    before = followLinks ? fs.statSync(file) : fs.lstatSync(file);
  } catch (err) {
    return unreadable(err);
  }
  if (!before.isFile()) return { problem: 'not-regular', kind: fileKind(before) };
  if (before.size > limit) return { problem: 'too-large', size: before.size };

  let fd: number;
  try {
    // O_NONBLOCK: if the path became a FIFO since stat(), open() returns at once instead of waiting for a writer.
    // O_NOCTTY: a terminal device swapped in never becomes the process's controlling terminal.
    // O_NOFOLLOW: a symbolic link swapped in makes open() fail (ELOOP) instead of being followed.
    const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0)
      | (followLinks ? 0 : (fs.constants.O_NOFOLLOW ?? 0));
    fd = fs.openSync(file, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') return { problem: 'not-regular', kind: 'a symbolic link' };
    return unreadable(err);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { problem: 'not-regular', kind: fileKind(st) };
    if (st.size > limit) return { problem: 'too-large', size: st.size };
    // One buffer of the size fstat() gives plus one byte (a file that grew shows in that byte), grown
    // in CHUNKs only for files whose size says nothing (/proc); never more than limit + 1 bytes.
    let buffer = Buffer.allocUnsafe(Math.min(st.size + 1, limit + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > limit) break;
        const grown = Buffer.allocUnsafe(Math.min(total + CHUNK, limit + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      const n = fs.readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > limit) return { problem: 'too-large', size: total };
    return { data: buffer.subarray(0, total) };
  } catch (err) {
    return unreadable(err);
  } finally {
    fs.closeSync(fd);
  }
}

/** What a problem means, for messages: `is a FIFO (named pipe)`, `is larger than 16 MiB (20 MiB)`. */
export function describeProblem(problem: ReadProblem, limit: number): string {
  switch (problem.problem) {
    case 'not-regular': return `is ${problem.kind}, not a regular file`;
    case 'too-large': return `is larger than ${formatBytes(limit)} (${formatExcess(problem.size, limit)})`;
    case 'unreadable': return `cannot be read: ${problem.message}`;
  }
}

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

export { KIB, MIB };

function unreadable(err: unknown): ReadProblem {
  return { problem: 'unreadable', message: (err as Error).message, code: (err as NodeJS.ErrnoException).code };
}

function fileKind(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
