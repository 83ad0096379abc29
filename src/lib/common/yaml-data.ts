/**
 * YAML documents as plain data in which a key is only ever a key. `yaml`'s toJS() builds ordinary
 * objects, where `__proto__`, `constructor` or `prototype` collide with what every object inherits:
 * a later assignment or a spread can drop them or swap the prototype, and code that looks a key up
 * can find an inherited function instead of the user's value. Here every mapping becomes an object
 * without a prototype, each key an own data property, so these names are data like any other until
 * validation has decided what they are.
 */
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { clip, show } from './findings';

/** A YAML mapping: no prototype, every key an own property. */
export type DataMap = { [key: string]: unknown };

/** A place in a text: 1-based line and column (UTF-16 code units, as `yaml` counts), and that line without its line break. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/** The first syntax error of a YAML text: the `yaml` library's message, where it is. */
export interface YamlSyntaxError extends TextPosition {
  readonly message: string;
}

/** The longest message of `yaml` shown (some quote a token of the text). */
const MESSAGE_MAX = 200;

/**
 * Every document of a YAML text, with a way to tell where an offset is; or its first syntax error,
 * where `yaml`'s own line counter puts it. Only the first: the ones after it are mostly what it
 * leads to (a tab in an indentation gives several more).
 */
export function parseYaml(text: string): { readonly docs: readonly Document.Parsed[]; readonly positionOf: (offset: number) => TextPosition } | { readonly error: YamlSyntaxError } {
  const lineCounter = new LineCounter();
  // prettyErrors: false: the bare message, without `yaml`'s own "at line …" and the text around it.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const positionOf = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    const start = lineCounter.lineStarts[line - 1] ?? 0;
    const end = lineCounter.lineStarts[line] ?? text.length;
    return { line, column: col, text: text.slice(start, end).replace(/\r?\n$/, '') };
  };
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const first = doc.errors[0];
    if (first) {
      const message = first.message.length > MESSAGE_MAX ? `${first.message.slice(0, MESSAGE_MAX - 1)}…` : first.message;
      return { error: { message, ...positionOf(first.pos[0]) } };
    }
  }
  return { docs: list, positionOf };
}

/** `source:line:column`: where a syntax error is, as editors and compilers write it. */
export function yamlErrorPlace(source: string, e: YamlSyntaxError): string {
  return `${source}:${e.line}:${e.column}`;
}

/** A document that cannot be turned into data (an alias bomb, keys that collide as strings). */
export class YamlDataError extends Error {}

/** The data of `doc`: scalars, arrays and {@link DataMap}s. Throws {@link YamlDataError}. */
export function toData(doc: Document.Parsed | Document): unknown {
  let js: unknown;
  try {
    // Maps keep every key as it was written; yaml's own alias limit stops "billion laughs" documents.
    js = doc.toJS({ mapAsMap: true });
  } catch (err) {
    // yaml's words may quote the text (an alias's name): their first line, cut short.
    throw new YamlDataError(clip((err as Error).message));
  }
  return fromJs(js);
}

/** True for a mapping made by {@link toData} (or any object that is not an array). */
export function isDataMap(value: unknown): value is DataMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A new {@link DataMap} holding `entries`. */
export function dataMap(entries: Iterable<readonly [string, unknown]> = []): DataMap {
  const out = Object.create(null) as DataMap;
  for (const [key, value] of entries) setKey(out, key, value);
  return out;
}

/** Sets an own, enumerable data property, whatever the key (no setter of `__proto__` is involved). */
export function setKey(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function fromJs(value: unknown): unknown {
  if (value instanceof Map) {
    const out = dataMap();
    const written = new Map<string, unknown>();
    for (const [k, v] of value) {
      const key = keyText(k);
      if (written.has(key)) {
        throw new YamlDataError(`the keys ${show(written.get(key))} and ${show(k)} of one mapping are both ${show(key)}`);
      }
      written.set(key, k);
      setKey(out, key, fromJs(v));
    }
    return out;
  }
  if (value instanceof Set) return [...value].map(fromJs);
  if (Array.isArray(value)) return value.map(fromJs);
  return value;
}

/** A mapping key as text, the way yaml's toJS() writes it: `1` for 1, `` for null, JSON for collections. */
function keyText(key: unknown): string {
  if (key === null || key === undefined) return '';
  if (typeof key === 'object') return JSON.stringify(key instanceof Map ? Object.fromEntries(key) : key);
  return String(key);
}
