/**
 * Where the library keeps what it remembers between calls: on the root of a construct tree (an
 * App), never in the process. Each kind of state is a {@link TreeSlot}, a constant declared next to
 * the code that uses it (the checks of the constructs, where their props come from, the warnings
 * handler, the memos); its value is created for a tree on first use and goes with the tree.
 *
 * The one module-level object is the WeakMap below, which attaches those values to the roots: an
 * entry lives as long as its root, so two Apps never see each other's state, and an App that is
 * dropped takes its state with it. No other module of the library holds a mutable value at module
 * level (test/common/tree-state.test.ts reads the sources to keep it so).
 */
import type { IConstruct } from 'constructs';

/** The values of every slot, by root. */
const TREES = new WeakMap<IConstruct, Map<TreeSlot<unknown>, unknown>>();

/** One kind of state of a construct tree: created for a tree on first use, kept on its root. */
export class TreeSlot<T> {
  /** `create` makes a tree's first value. */
  constructor(private readonly create: () => T) {}

  /** The value of the tree `scope` belongs to (created now, the first time). */
  public of(scope: IConstruct): T {
    const slots = slotsOf(scope);
    if (!slots.has(this)) slots.set(this, this.create());
    return slots.get(this) as T;
  }

  /** Replaces the value of the tree `scope` belongs to. */
  public set(scope: IConstruct, value: T): void {
    slotsOf(scope).set(this, value);
  }
}

function slotsOf(scope: IConstruct): Map<TreeSlot<unknown>, unknown> {
  const root = scope.node.root;
  let slots = TREES.get(root);
  if (!slots) {
    slots = new Map();
    TREES.set(root, slots);
  }
  return slots;
}
