/**
 * Maps whose keys are the user's (labels, a node selector) in rendered objects. cdk8s resolves and
 * sanitizes an object's values by looking keys up on each map: a map with a `constructor` key is
 * not "a plain object" to it, so the synth fails ("can't render non-simple object"), and one that
 * also has a `value` key is taken for a number-or-string union and replaced by `{ value }`, every
 * other key silently dropped. Such a map is set in the finished JSON instead, after those steps, as
 * a JSON patch of the whole map (a fixed path: the keys are data), keys sorted as cdk8s sorts every
 * other map.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/** Keys cdk8s cannot render in a map (see above; `__proto__` it would drop). */
const UNRENDERABLE: ReadonlySet<string> = new Set(['constructor', '__proto__']);

/** Sets the map at `pointer` (a JSON pointer of fixed field names) of `object`'s finished JSON to `map`. */
export function setUserMap(object: ApiObject, pointer: string, map: Readonly<Record<string, string>>): void {
  const sorted = Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]]));
  object.addJsonPatch(JsonPatch.add(pointer, sorted));
}

/**
 * Labels for an object's `metadata` that cdk8s can render: `labels` without the keys it cannot.
 * Create the object with these, then {@link setUserLabels} with all of them: the labels keep their
 * place among the metadata's fields.
 */
export function renderableLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(labels).filter((key) => !UNRENDERABLE.has(key)).map((key) => [key, labels[key]]));
}

/** Sets `metadata.labels` of `object` to its chart's labels and `labels` (which win). */
export function setUserLabels(object: ApiObject, labels: Readonly<Record<string, string>>): void {
  setUserMap(object, '/metadata/labels', { ...Chart.of(object).labels, ...labels });
}
