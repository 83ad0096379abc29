/**
 * Memos: what a pure function returned for an input (the YAML text of an object, a planned CEL
 * rule, a compiled pattern), so that what several renders share is computed once. They belong to
 * whoever creates them, never to the process: each App has its own ({@link memosOf}), gone with it,
 * and a program that renders many Apps shares one {@link Memos} between them ({@link useMemos}):
 * the command line builds one App per cluster, and a fleet's clusters share most of their YAML text
 * and every CEL rule. A memo saves time only: what it holds never changes a result.
 */
import type { IConstruct } from 'constructs';
import { TreeSlot } from './tree-state';

/**
 * One kind of memo: what its keys map to. Declared once, as a constant, next to the function it
 * remembers; the results are kept in a {@link Memos}.
 */
export class MemoKind<K, V> {
  /** Keeps `K` and `V` apart in the type, so a kind's results cannot be read as another's. */
  declare private readonly types?: (key: K) => V;

  /** `name` says what is remembered (`YAML text by object`). */
  constructor(public readonly name: string) {}
}

/**
 * A set of memos (one map per kind: the YAML text of objects, planned CEL rules, ...), kept for as
 * long as whoever holds it: an App (each has its own), or a program that gives one to several Apps
 * with {@link useMemos}. What it holds is the library's business: a user creates one and hands it over.
 */
export class Memos {
  private readonly maps = new Map<object, Map<unknown, unknown>>();

  /**
   * `compute(key)`, computed once for `kind` and `key` by whatever uses these memos.
   * @internal
   */
  public remember<K, V>(kind: MemoKind<K, V>, key: K, compute: (key: K) => V): V {
    let map = this.maps.get(kind) as Map<K, V> | undefined;
    if (!map) {
      map = new Map();
      this.maps.set(kind, map as Map<unknown, unknown>);
    }
    if (map.has(key)) return map.get(key)!;
    const value = compute(key);
    map.set(key, value);
    return value;
  }

  /**
   * How many results of `kind` are kept.
   * @internal
   */
  public size(kind: MemoKind<any, any>): number {
    return this.maps.get(kind)?.size ?? 0;
  }
}

/** The memos of each tree: its own, until useMemos gives it others. */
const TREE_MEMOS = new TreeSlot(() => new Memos());

/** The memos of the App `scope` belongs to: its own, created on first use, unless {@link useMemos} gave it others. */
export function memosOf(scope: IConstruct): Memos {
  return TREE_MEMOS.of(scope);
}

/**
 * Lets the App `scope` belongs to use `memos`, which other Apps may use too: what one of them
 * computed (an object's YAML text, a CEL rule), the next one finds. Call it before rendering; what
 * the App remembered before is left behind.
 *
 * @example
 * const memos = new Memos();                     // one per run
 * for (const spec of specs) {
 *   const app = new App();
 *   useMemos(app, memos);
 *   files.set(spec.name, renderStack(new CalicoStack(app, 'cluster', spec)));
 * }
 */
export function useMemos(scope: IConstruct, memos: Memos): void {
  TREE_MEMOS.set(scope, memos);
}
