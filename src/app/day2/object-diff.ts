/**
 * Object-level change between two renders of a cluster (the committed one and a fresh one): the
 * objects added, removed and changed, each changed one with the field paths that differ (a bounded
 * list). Objects are matched by API group, kind, namespace and name, as Kubernetes and the GitOps
 * tools identify them: an object that changes API group is one removed and one added.
 */
import type { RenderedObject } from '../output/previous-render';

/** The most field paths listed per changed object. */
export const MAX_PATHS = 8;

/** An object, as a plan names it. */
export interface ObjectRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** The manifest it is in (relative path). */
  readonly file: string;
}

/** An object both renders have, with what differs. */
export interface ObjectChange {
  readonly ref: ObjectRef;
  /** The manifest it was in, when it moved to another one. */
  readonly movedFrom?: string;
  /** Field paths that differ (`spec.template.spec.containers[0].image`), at most MAX_PATHS. */
  readonly paths: readonly string[];
  /** How many more paths differ than `paths` lists. */
  readonly more: number;
}

/** Objects that only moved from one manifest to another (the files are renumbered when a stage comes or goes). */
export interface FileMove {
  readonly from: string;
  readonly to: string;
  /** How many objects moved from `from` to `to` unchanged. */
  readonly objects: number;
}

export interface ObjectDiff {
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ObjectChange[];
  readonly moved: readonly FileMove[];
}

/** `Deployment tigera-operator/tigera-operator`, `FelixConfiguration.projectcalico.org default`. */
export function formatRef(ref: ObjectRef): string {
  const kind = ref.group === '' || ref.group === 'operator.tigera.io' || ref.group === 'apps' || ref.group.endsWith('.k8s.io') ? ref.kind : `${ref.kind}.${ref.group}`;
  return `${kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The object's reference, or undefined when it has no kind or name (not a Kubernetes object). */
export function refOf({ file, object }: RenderedObject): ObjectRef | undefined {
  const { apiVersion, kind, metadata } = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== 'string' || typeof metadata?.name !== 'string') return undefined;
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return { group, kind, name: metadata.name, ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}), file };
}

function keyOf(ref: ObjectRef): string {
  return JSON.stringify([ref.group, ref.kind, ref.namespace ?? '', ref.name]);
}

/** What changes from `before` (the committed render) to `after` (the new one). */
export function diffObjects(before: readonly RenderedObject[], after: readonly RenderedObject[]): ObjectDiff {
  const index = (objects: readonly RenderedObject[]) => {
    const map = new Map<string, { ref: ObjectRef; object: unknown }>();
    for (const o of objects) {
      const ref = refOf(o);
      if (ref) map.set(keyOf(ref), { ref, object: o.object });
    }
    return map;
  };
  const old = index(before);
  const now = index(after);
  const added = [...now].filter(([k]) => !old.has(k)).map(([, v]) => v.ref);
  const removed = [...old].filter(([k]) => !now.has(k)).map(([, v]) => v.ref);
  const changed: ObjectChange[] = [];
  const moves = new Map<string, FileMove>();
  for (const [k, { ref, object }] of now) {
    const was = old.get(k);
    if (!was) continue;
    const paths: string[] = [];
    const count = fieldDiff(was.object, object, '', paths);
    const movedFrom = was.ref.file !== ref.file ? was.ref.file : undefined;
    if (count > 0) changed.push({ ref, ...(movedFrom ? { movedFrom } : {}), paths, more: count - paths.length });
    else if (movedFrom) {
      const key = JSON.stringify([movedFrom, ref.file]);
      moves.set(key, { from: movedFrom, to: ref.file, objects: (moves.get(key)?.objects ?? 0) + 1 });
    }
  }
  return { added, removed, changed, moved: [...moves.values()] };
}

/** Counts the leaf paths where `a` and `b` differ, listing the first MAX_PATHS into `out`. */
function fieldDiff(a: unknown, b: unknown, at: string, out: string[]): number {
  if (Object.is(a, b)) return 0;
  const bothArrays = Array.isArray(a) && Array.isArray(b);
  const bothObjects = isObject(a) && isObject(b);
  if (!bothArrays && !bothObjects) {
    if (out.length < MAX_PATHS) out.push(at || '(the whole object)');
    return 1;
  }
  let count = 0;
  if (bothArrays) {
    const [x, y] = [a as unknown[], b as unknown[]];
    for (let i = 0; i < Math.max(x.length, y.length); i++) count += fieldDiff(x[i], y[i], `${at}[${i}]`, out);
  } else {
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      count += fieldDiff(x[key], y[key], at ? `${at}.${segment(key)}` : segment(key), out);
    }
  }
  return count;
}

/** A key as a path segment: `["argocd.argoproj.io/sync-wave"]` when it is not a plain name. */
export function segment(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
