/**
 * The few Markdown constructs the cluster page (cluster-page.ts) is made of, each escaping the text
 * it is given, so that a value from a cluster file (a pool or peer name, a selector, a CIDR list)
 * is shown as it is written: never a table cell boundary, emphasis, a link, HTML or a new block.
 * CommonMark lets any ASCII punctuation be escaped with a backslash (spec 0.31, "Backslash
 * escapes"); GitHub's tables also take `\|` as a literal `|` inside a cell.
 */

/** Characters that start or end inline syntax anywhere on a line (and `|`, a table cell's boundary). */
const INLINE_SYNTAX = /[\\`*_[\]<>|~&!]/g;

/**
 * Text as one line of inline Markdown that renders as exactly `text` (runs of white space, line breaks
 * included, become one space; none at either end):
 * inline syntax is escaped everywhere, block syntax (`# `, `- `, `+ `, `===`, `1. `) where it starts the text.
 */
export function inline(text: string): string {
  const escaped = text.replace(/\s+/g, ' ').trim().replace(INLINE_SYNTAX, '\\$&');
  // A line starting with `#`, `-`, `+` or `=` followed by a space, one of them or the end (a heading, a list
  // item, a thematic break, a setext underline), or with digits and `.` or `)` followed by a space or the
  // end (an ordered list item).
  return escaped
    .replace(/^([#+=-])(?=[\s#+=-]|$)/, '\\$1')
    .replace(/^(\d+)(?=[.)](\s|$))/, '$1\\');
}

/** A GitHub table: a header row and one row per entry, every cell escaped with inline(). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : inline(c))).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * A fenced code block holding `lines` verbatim: the fence is longer than any run of backticks in
 * them, so nothing inside can close it.
 */
export function codeBlock(info: string, lines: readonly string[]): string {
  const body = lines.map((l) => l.replace(/\r\n|\r|\n/g, ' '));
  const longest = Math.max(0, ...body.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...body, fence].join('\n');
}

/** A heading of `level` (1 to 6). */
export function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${inline(text)}`;
}

/** A bulleted list, one escaped line per item. */
export function bullets(items: readonly string[]): string {
  return items.map((i) => `- ${inline(i)}`).join('\n');
}
