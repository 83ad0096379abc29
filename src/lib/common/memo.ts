/**
 * Per-process memos: maps that remember what a pure function returned for an input (the YAML text
 * of an object, a parsed CRD bundle, a planned CEL rule), so a fleet's clusters compute what they
 * share once. All of them are registered here, so they can be emptied together.
 */
const memos = new Set<Map<unknown, unknown>>();

/** A new memo (a Map), registered for {@link forgetMemos}. */
export function memo<K, V>(): Map<K, V> {
  const map = new Map<K, V>();
  memos.add(map as Map<unknown, unknown>);
  return map;
}

/**
 * Empties every memo. The startup snapshot of `npm run synth` (scripts/run.js) renders the shipped
 * examples to compile their code paths and then forgets every result, so it holds loaded, compiled
 * code only: a run started from it computes everything it prints.
 */
export function forgetMemos(): void {
  for (const map of memos) map.clear();
}
