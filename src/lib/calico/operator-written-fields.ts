/**
 * What the Tigera operator writes into the objects calico-stack renders, per release: one table
 * (the release data's `operatorWrites`, kept in scripts/operator-writes.ts and read from the
 * operator's source at the release's tag) that decides, for each rendered object, which fields
 * calico-stack renders itself and which it leaves to the operator.
 *
 * - **Rendered**: a default the operator would write into a field the object leaves empty, when the
 *   rendered object alone decides its value. {@link withOperatorDefaults} writes it, so the
 *   operator's defaulting changes nothing and no GitOps tool sees the operator rewrite the object
 *   (`spec.calicoNetwork.ipPools` is an atomic list: a single defaulted field of one pool would make
 *   the whole list the operator's).
 * - **Handled, not rendered**: a value the operator finds at run time (the provider it detects, the
 *   IPPools in the cluster, the calico-node rollout, its finalizers), or a default whose value depends
 *   on the provider when the Installation names none. {@link operatorWrittenFields} lists these per
 *   object: the Argo CD Application ignores them (`ignoreDifferences`); Flux needs nothing, as they
 *   are never in what it applies (docs/gitops.md).
 */
import type { OperatorWrite, WriteConditions } from './release-data';
import { CalicoRelease, DEFAULT_CALICO_VERSION, findCalicoRelease } from './releases';
import { parseCidr } from '../common/cidr';
import { setKey } from '../common/yaml-data';

/** The fields of one object that the operator writes and calico-stack leaves to it, as JSON pointers. */
export interface OperatorWrittenFields {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly jsonPointers: readonly string[];
}

/** A synthesized Kubernetes object, as far as {@link operatorWrittenFields} looks into it. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

/** The release facts these functions read. */
export type OperatorWritesRelease = Pick<CalicoRelease, 'operatorWrites'>;

/** How calico-stack handles a row of the table, whatever the object. */
export enum WriteDisposition {
  /** calico-stack renders the operator's value wherever the object leaves the field empty. */
  RENDERED = 'rendered',
  /** Rendered when the Installation names its `kubernetesProvider`; otherwise the value depends on the provider the operator detects, and the field is left to it. */
  RENDERED_WITH_PROVIDER = 'rendered when the provider is named',
  /** The operator writes what it finds at run time: left to it. */
  HANDLED = 'handled, not rendered',
}

/** One row of the release's table, for documentation, drift and adopt. */
export interface OperatorWriteRow {
  readonly id: string;
  readonly group: string;
  readonly kind: string;
  readonly pointer: string;
  /** Where the operator writes it (`path:start-end` at the operator tag the table was read at). */
  readonly at: string;
  readonly disposition: WriteDisposition;
  /** Why the operator's value cannot be rendered (handled rows). */
  readonly reason?: string;
}

const PROVIDER = '/spec/kubernetesProvider';
const USE_DEFAULT = 'UseDefault';

/** The release's table, row by row, each with how calico-stack handles it. */
export function operatorWriteTable(release: OperatorWritesRelease): OperatorWriteRow[] {
  return release.operatorWrites.fields.map((row) => ({
    id: row.id,
    group: row.group,
    kind: row.kind,
    pointer: row.pointer,
    at: row.at,
    disposition: row.handled !== undefined ? WriteDisposition.HANDLED : readsProvider(row) ? WriteDisposition.RENDERED_WITH_PROVIDER : WriteDisposition.RENDERED,
    ...(row.handled !== undefined ? { reason: row.handled } : {}),
  }));
}

/**
 * A copy of `object` with every field the release's operator would write into it filled in, where
 * the object leaves the field empty and its value does not depend on what the operator finds at run
 * time; in the operator's order, so a default that depends on another (the IPAM on the CNI) sees it.
 */
export function withOperatorDefaults<T extends RenderedObject>(object: T, release: OperatorWritesRelease): T {
  return plan(object, release).object;
}

/**
 * For each rendered object the operator writes into, the fields it writes that calico-stack leaves to
 * it (handled, not rendered): those the operator fills from what it finds at run time, where the
 * object leaves them empty, and those it sets whatever the object says. A field the rendered object
 * sets stays the repository's, so drift on it is still seen.
 */
export function operatorWrittenFields(objects: readonly RenderedObject[], release: OperatorWritesRelease = defaultRelease()): OperatorWrittenFields[] {
  return objects.flatMap((obj) => {
    const { handled } = plan(obj, release);
    return handled.length > 0 ? [{ group: groupOf(obj), kind: obj.kind, name: obj.metadata.name, jsonPointers: handled }] : [];
  });
}

/**
 * One pass over the release's rows for the object, in the operator's order: the object with what
 * calico-stack renders filled in, and the pointers left to the operator. A field left to the
 * operator is unknown until run time, and so is every default whose conditions read it.
 */
function plan<T extends RenderedObject>(object: T, release: OperatorWritesRelease): { object: T; handled: string[] } {
  const copy = structuredClone(object) as T;
  const unknown = new Set<string>();
  const handled: string[] = [];
  const leave = (pointer: string) => {
    unknown.add(pointer);
    if (!handled.includes(pointer)) handled.push(pointer);
  };
  for (const row of rowsOf(copy, release)) {
    for (const { path, item } of expand(copy, row.pointer)) {
      const current = get(copy, path);
      if (row.appendSlash) {
        if (typeof current === 'string' && current !== '' && current !== USE_DEFAULT && !current.endsWith('/')) set(copy, path, `${current}/`);
        continue;
      }
      if (row.handled !== undefined) {
        if ((isEmpty(current) || row.overwrites) && decide({ ...row, value: true }, copy, item, release, unknown).kind !== 'none') leave(pointerOf(path));
        continue;
      }
      if (!isEmpty(current)) continue;
      const decided = decide(row, copy, item, release, unknown);
      if (decided.kind === 'value') set(copy, path, structuredClone(decided.value));
      else if (decided.kind === 'unknown') leave(pointerOf(path));
    }
  }
  return { object: copy, handled };
}

function defaultRelease(): CalicoRelease {
  return findCalicoRelease(DEFAULT_CALICO_VERSION)!;
}

function groupOf(obj: RenderedObject): string {
  return obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
}

function rowsOf(obj: RenderedObject, release: OperatorWritesRelease): readonly OperatorWrite[] {
  const group = groupOf(obj);
  return release.operatorWrites.fields.filter((row) => row.group === group && row.kind === obj.kind);
}

function readsProvider(row: OperatorWrite): boolean {
  return Object.hasOwn(row.when ?? {}, PROVIDER) || (row.cases ?? []).some((c) => Object.hasOwn(c.when ?? {}, PROVIDER));
}

type Decision = { readonly kind: 'value'; readonly value: unknown } | { readonly kind: 'none' } | { readonly kind: 'unknown' };

/**
 * What the operator writes for `row` into the object: a value, nothing (its conditions do not hold),
 * or unknown until run time: the outcome depends on the provider it detects (the Installation naming
 * none), or a condition reads a field left to the operator (`unknown`).
 */
function decide(row: OperatorWrite, obj: unknown, item: unknown, release: OperatorWritesRelease, unknown: ReadonlySet<string>): Decision {
  const named = get(obj, tokens(PROVIDER));
  const providers = readsProvider(row) && isEmpty(named) ? ['', ...release.operatorWrites.detectedProviders.providers] : [text(named)];
  const outcomes = providers.map((provider) => outcome(row, obj, item, provider, unknown));
  const first = JSON.stringify(outcomes[0]);
  return outcomes.every((o) => JSON.stringify(o) === first) ? outcomes[0] : { kind: 'unknown' };
}

function outcome(row: OperatorWrite, obj: unknown, item: unknown, provider: string, unknown: ReadonlySet<string>): Decision {
  let unsure = false;
  const holds = (when: WriteConditions | undefined) => Object.entries(when ?? {}).every(([pointer, value]) => {
    if (value === undefined) return true;
    if (pointer === PROVIDER) return provider === value;
    if (unknown.has(pointer)) unsure = true;
    return text(get(obj, tokens(pointer))) === value;
  });
  if (row.family !== undefined) {
    const cidr = item !== null && typeof item === 'object' ? (item as { cidr?: unknown }).cidr : undefined;
    if (typeof cidr !== 'string' || parseCidr(cidr)?.family !== row.family) return { kind: 'none' };
  }
  const written = holds(row.when);
  const hit = written && row.value === undefined ? (row.cases ?? []).find((c) => holds(c.when)) : undefined;
  if (unsure) return { kind: 'unknown' };
  if (!written) return { kind: 'none' };
  if (row.value !== undefined) return { kind: 'value', value: row.value };
  return hit ? { kind: 'value', value: hit.value } : { kind: 'none' };
}

/** A condition's view of a value: strings as they are, anything unset as `''`. */
function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Unset, `''` or `[]`: what the operator fills (it tests for nil, a zero length or an empty string). */
function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The tokens of a JSON pointer (RFC 6901: `~1` is `/`, `~0` is `~`). */
function tokens(pointer: string): string[] {
  return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function pointerOf(path: readonly string[]): string {
  return path.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The concrete paths of a pointer: `*` stands for every item of the list there (none when there is no list). */
function expand(obj: unknown, pointer: string): Array<{ readonly path: string[]; readonly item?: unknown }> {
  const all = tokens(pointer);
  const star = all.indexOf('*');
  if (star < 0) return [{ path: all }];
  const list = get(obj, all.slice(0, star));
  if (!Array.isArray(list)) return [];
  return list.map((item, i) => ({ path: [...all.slice(0, star), String(i), ...all.slice(star + 1)], item }));
}

function get(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Sets the value at `path`, making the maps on the way (own data properties, whatever the key). */
function set(obj: unknown, path: readonly string[], value: unknown): void {
  let parent = obj as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(parent, key) ? parent[key] : undefined;
    if (next === null || typeof next !== 'object') setKey(parent, key, {});
    parent = parent[key] as Record<string, unknown>;
  }
  setKey(parent, path[path.length - 1], value);
}
