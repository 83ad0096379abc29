/**
 * YAML documents as plain data in which a key is only ever a key. `yaml`'s toJS() builds ordinary
 * objects, where `__proto__`, `constructor` or `prototype` collide with what every object inherits:
 * a later assignment or a spread can drop them or swap the prototype, and code that looks a key up
 * can find an inherited function instead of the user's value. Here every mapping becomes an object
 * without a prototype, each key an own data property, so these names are data like any other until
 * validation has decided what they are.
 */
import { Document } from 'yaml';
import { show } from './findings';

/** A YAML mapping: no prototype, every key an own property. */
export type DataMap = { [key: string]: unknown };

/** A document that cannot be turned into data (an alias bomb, keys that collide as strings). */
export class YamlDataError extends Error {}

/** The data of `doc`: scalars, arrays and {@link DataMap}s. Throws {@link YamlDataError}. */
export function toData(doc: Document.Parsed | Document): unknown {
  let js: unknown;
  try {
    // Maps keep every key as it was written; yaml's own alias limit stops "billion laughs" documents.
    js = doc.toJS({ mapAsMap: true });
  } catch (err) {
    throw new YamlDataError((err as Error).message);
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
