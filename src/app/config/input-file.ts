/**
 * Reading the files a cluster description consists of (the cluster file, its kubeadm-config, its
 * CRD bundle) without trusting what the path names: only regular files are read, and never more
 * than a limit per kind of file (common/bounded-read.ts). A FIFO, a device (`/dev/zero`,
 * `/dev/urandom`), a socket or a directory is refused before a single byte is read, so a wrong path
 * cannot hang the synth or make it read without end. Symbolic links are followed (users link their
 * cluster files); what they lead to must be a regular file too.
 *
 * The bytes are decoded as YAML 1.2 says a stream is (§5.2, "Character Encodings"): UTF-8, with or
 * without a byte order mark, or UTF-16 (Windows PowerShell 5 writes that with `>`), told by its byte
 * order mark or by the NUL byte of its first, ASCII, character; bytes that are not valid text in
 * their encoding, and UTF-32, are refused with what they are, rather than read as garbage.
 */
import { formatBytes, KIB, MIB, readBounded, ReadProblem as BoundedReadProblem } from '../common/bounded-read';

export { formatBytes, formatExcess } from '../common/bounded-read';

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
  /** calico-stack.yaml, the repository's settings (repository-settings.ts): a few lines. */
  settings: { what: 'the repository settings file', limit: 64 * KIB },
} as const satisfies Record<string, InputKind>;

/** The encodings read, for messages. */
export const TEXT_ALLOWED = 'UTF-8 text, or UTF-16 text';

/** What is allowed, for messages: `a regular file of at most 16 MiB`. */
export function allowedInput(kind: InputKind): string {
  return `a regular file of at most ${formatBytes(kind.limit)}`;
}

/** Why a file was not read: what common/bounded-read.ts says, or text calico-stack does not read. */
export type ReadProblem =
  | BoundedReadProblem
  /** Not text calico-stack reads: `description` says what it is (`UTF-32 text`, `not valid UTF-8 text at line 3`). */
  | { readonly problem: 'encoding'; readonly description: string };

export type ReadResult = { readonly text: string } | ReadProblem;

/** Reads `file` as text when it is a regular file of at most `limit` bytes. Never blocks on FIFOs or devices. */
export function readInputFile(file: string, limit: number): ReadResult {
  const read = readBounded(file, { limit, followLinks: true });
  return 'data' in read ? decodeText(read.data) : read;
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
