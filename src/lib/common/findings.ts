/**
 * A finding is one problem with a cluster description: where it is (the config path), what is
 * wrong, the value received, what is allowed and how to fix it. Loading and validation return
 * findings instead of throwing, so a user sees every problem at once.
 */

export enum Severity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** One problem of a cluster's description or a construct's props, at its path in the spec. */
export interface Finding {
  readonly severity: Severity;
  /**
   * Where the problem is: a cluster file's path (`calico.ipPools[0].cidr`; the file name when the whole
   * file is concerned), or for a construct used on its own, the path of its prop (`ipPools[0].cidr`).
   */
  readonly path: string;
  /** What is wrong, lowercase, no trailing period. */
  readonly message: string;
  /** The value received, as the user wrote it. */
  readonly got?: unknown;
  /** What is allowed. */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix?: string;
  /** The line of a file the problem is on, shown under the message with a caret under `column`. */
  readonly excerpt?: Excerpt;
  /**
   * The upstream rule the check mirrors, when it mirrors one: the id of a row of the Tigera operator's
   * rules (`installation.controlPlaneReplicas.positive`; src/lib/calico/release-data/operator-rules.json).
   * Not part of the text a finding prints.
   */
  readonly rule?: string;
}

/** One line of a file and a column in it (a YAML syntax error's). */
export interface Excerpt {
  /** The line, without its line break. */
  readonly line: string;
  /** 1-based, in UTF-16 code units (as the `yaml` library counts). */
  readonly column: number;
}

export function error(path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message'> = {}): Finding {
  return { severity: Severity.ERROR, path, message, ...details };
}

export function warning(path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message'> = {}): Finding {
  return { severity: Severity.WARNING, path, message, ...details };
}

/**
 * The most characters a value takes in a message (and a key in a path, a line of a file under a
 * message): a value may be a whole file (a cluster file that is a link to another file reads as one
 * long text) or a 200 KB string, and a message shows at most the start of its first line.
 */
export const SHOWN_MAX = 120;

/**
 * Renders a value the way it appears in a message: strings quoted, everything else as JSON, but
 * NaN and ±Infinity as themselves (JSON has them as null) and never more than {@link SHOWN_MAX}
 * characters or one line of a text: a longer value ends in `…`.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quoteStart(value, SHOWN_MAX);
  const text = render(value, [], SHOWN_MAX);
  return text.length > SHOWN_MAX ? `${cut(text, SHOWN_MAX - 1)}…` : text;
}

/**
 * A string quoted as JSON, of at most `max` characters with the quotes: its first line (up to and
 * with the first line break, which shows as `\n`), cut short with `…` before the closing quote when
 * it is longer or more follows.
 */
function quoteStart(text: string, max: number): string {
  const lineBreak = /\r\n?|\n/.exec(text);
  const line = lineBreak ? text.slice(0, lineBreak.index + lineBreak[0].length) : text;
  let shown = '';
  let width = 2;
  let whole = line.length === text.length;
  for (const char of line) {
    const w = JSON.stringify(char).length - 2;
    if (width + w > max - 1) {
      whole = false;
      break;
    }
    shown += char;
    width += w;
  }
  return whole ? JSON.stringify(shown) : `${JSON.stringify(shown).slice(0, -1)}…"`;
}

/**
 * The start of a text named in a message, unquoted (where the message quotes it itself, or reads
 * better without quotes): its first line, at most {@link SHOWN_MAX} characters, `…` where cut.
 */
export function clip(text: string): string {
  const line = /\r\n?|\n/.exec(text);
  const first = line ? text.slice(0, line.index) : text;
  const head = cut(first, SHOWN_MAX - 1);
  return head.length < text.length ? `${head}…` : text;
}

/** The first `n` characters of `text`, not splitting a surrogate pair. */
function cut(text: string, n: number): string {
  const head = text.slice(0, n);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/**
 * A value as JSON.stringify writes it, but with NaN and ±Infinity as themselves, cycles as
 * `[Circular]`, and no more rendered once `budget` characters are (the caller cuts the rest).
 */
function render(value: unknown, ancestors: readonly object[], budget: number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return render(json.call(value), ancestors, budget);
  if (ancestors.includes(value)) return '"[Circular]"';
  const inner = [...ancestors, value];
  const parts: string[] = [];
  let length = 2;
  const add = (part: string): boolean => {
    parts.push(part);
    length += part.length + 1;
    return length <= budget;
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      const skip = item === undefined || typeof item === 'function' || typeof item === 'symbol';
      if (!add(skip ? 'null' : render(item, inner, budget - length))) break;
    }
    return `[${parts.join(',')}]`;
  }
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!add(`${JSON.stringify(key)}:${render(item, inner, budget - length)}`)) break;
  }
  return `{${parts.join(',')}}`;
}

/**
 * `path: problem (got X; allowed Y) — how to fix`; with an excerpt, its line of the file and a caret
 * under the column follow, each on a line of its own, indented.
 */
export function formatFinding(finding: Finding): string {
  const facts = [
    ...('got' in finding ? [`got ${show(finding.got)}`] : []),
    ...(finding.allowed !== undefined ? [`allowed ${finding.allowed}`] : []),
  ];
  const head = `${finding.path}: ${finding.message}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}${finding.fix ? ` — ${finding.fix}` : ''}`;
  return finding.excerpt ? `${head}\n${formatExcerpt(finding.excerpt).map((l) => `  ${l}`).join('\n')}` : head;
}

/**
 * An excerpt as two lines: the line of the file, at most {@link SHOWN_MAX} characters around the
 * column (`…` where it is cut), control characters shown as `�`; and a caret under the column. The
 * caret line repeats the tabs before the column, so a terminal puts the caret under it whatever its
 * tab width.
 */
function formatExcerpt(excerpt: Excerpt): [string, string] {
  const visible = excerpt.line.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g, '\uFFFD');
  const at = Math.min(Math.max(excerpt.column - 1, 0), visible.length);
  const start = at < SHOWN_MAX - 20 ? 0 : at - (SHOWN_MAX >> 1);
  const before = start > 0 ? '…' : '';
  const window = visible.slice(start, start + SHOWN_MAX - 2);
  const after = start + window.length < visible.length ? '…' : '';
  const prefix = before + visible.slice(start, at);
  return [`${before}${window}${after}`, `${prefix.replace(/[^\t]/g, ' ')}^`];
}

/** One block per severity, errors first, each finding on its own line, prefixed by `source`. */
export function formatFindings(findings: readonly Finding[], source: string): string {
  const lines: string[] = [];
  for (const severity of [Severity.ERROR, Severity.WARNING]) {
    const some = findings.filter((f) => f.severity === severity);
    if (some.length === 0) continue;
    lines.push(`${source}: ${some.length} ${severity}${some.length === 1 ? '' : 's'}`);
    for (const f of some) lines.push(`  ${severity === Severity.ERROR ? '✗' : '!'} ${formatFinding(f).replace(/\n/g, '\n    ')}`);
  }
  return lines.join('\n');
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === Severity.ERROR);
}

/**
 * Formats a config path from its segments: `calico.ipPools[0].cidr`. A key that is not a plain word
 * (a label key with dots or a slash, an empty key) is quoted, so the path stays unambiguous:
 * `calico.controlPlaneNodeSelector["node-role.kubernetes.io/infra"]`; a key longer than
 * {@link SHOWN_MAX} characters or of several lines is quoted and cut short as {@link show} does.
 */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && (!/^[A-Za-z_$][\w$-]*$/.test(segment) || segment.length > SHOWN_MAX)) out += `[${quoteStart(segment, SHOWN_MAX)}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * `prefix` followed by `segments` (formatted as formatPath does): `joinPath('calico', 'ipPools', 0)`
 * → `calico.ipPools[0]`; with no prefix (a construct used on its own), the segments alone.
 */
export function joinPath(prefix: string | undefined, ...segments: ReadonlyArray<PropertyKey>): string {
  if (segments.length === 0) return prefix === undefined || prefix === '' ? '(top level)' : prefix;
  const rest = formatPath(segments);
  if (prefix === undefined || prefix === '') return rest;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}
