/**
 * Pure logic behind `npm run parity`: compares rendered objects with an upstream manifest object for
 * object (matched by kind, namespace and name; CustomResourceDefinitions skipped) and lists every
 * field that differs. Empty lists and maps count as absent, as they do for the API server, and so
 * does a namespace on a cluster-scoped object (the API server drops it); ConfigMap data that holds a
 * YAML mapping is compared as parsed YAML, so its text layout does not count.
 *
 * The Calico custom resources (upstream's custom-resources.yaml) are compared modulo what the
 * release's operator writes into them ({@link compareCustomResources}): calico-stack renders the
 * operator's defaults, upstream leaves them to the operator.
 */
import { parse, parseAllDocuments } from 'yaml';
import { operatorWrittenFields, OperatorWritesRelease, withOperatorDefaults } from '../src/lib/calico/operator-written-fields';

export type Obj = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, unknown> };

export interface ParityOptions {
  /** Compare only these kinds. */
  readonly kinds?: ReadonlySet<string>;
  /** Leave out objects with these names (upstream objects a port renders on purpose without). */
  readonly skip?: ReadonlySet<string>;
}

export interface ParityResult {
  /** Upstream objects compared (CRDs and skipped objects aside). */
  readonly compared: number;
  /** One line per difference; empty when identical. */
  readonly differences: string[];
}

/** The objects of a multi-document YAML text, normalized for comparison. */
export function objectsOf(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Obj).filter(Boolean).map(withoutClusterNamespace).map(parseConfigMapData);
}

/** Kinds without a namespace; a namespace written on them is dropped by the API server. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService', 'PersistentVolume',
]);

function withoutClusterNamespace(o: Obj): Obj {
  if (!CLUSTER_SCOPED.has(o.kind) || o.metadata.namespace === undefined) return o;
  const { namespace: _dropped, ...metadata } = o.metadata;
  return { ...o, metadata };
}

/** A ConfigMap with every data value that parses as a YAML mapping replaced by the mapping. */
function parseConfigMapData(o: Obj): Obj {
  if (o.kind !== 'ConfigMap' || !o.data) return o;
  const data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => {
    if (typeof v !== 'string') return [k, v];
    try {
      const parsed: unknown = parse(v);
      return [k, parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : v];
    } catch {
      return [k, v];
    }
  }));
  return { ...o, data };
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, normalize(v)] as const).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
  return value ?? undefined;
}

/** One field that differs: the object, the path below it, and both values. */
interface Difference {
  readonly object: Obj;
  readonly path: readonly string[];
  readonly upstream: unknown;
  readonly rendered: unknown;
}

function diff(a: unknown, b: unknown, object: Obj, path: string[], out: Difference[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], object, [...path, k], out);
    return;
  }
  out.push({ object, path, upstream: a, rendered: b });
}

const objectKey = (o: Obj): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

function describe(d: Difference): string {
  const at = d.path.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('');
  return `${objectKey(d.object)}${at}: upstream ${JSON.stringify(d.upstream)} ≠ rendered ${JSON.stringify(d.rendered)}`;
}

/** Every difference of `rendered` from `upstream`, object for object, in order: fields that differ, and objects only one side has (as text). */
function differencesOf(upstream: readonly Obj[], rendered: readonly Obj[], options: ParityOptions): { compared: number; entries: Array<Difference | string> } {
  const keep = (o: Obj): boolean => o.kind !== 'CustomResourceDefinition' && (!options.kinds || options.kinds.has(o.kind)) && !options.skip?.has(o.metadata.name);
  const up = new Map(upstream.filter(keep).map((o) => [objectKey(o), o]));
  const ours = new Map(rendered.filter(keep).map((o) => [objectKey(o), o]));
  const entries: Array<Difference | string> = [];
  for (const [k, u] of up) {
    const r = ours.get(k);
    if (!r) entries.push(`${k}: in upstream, not rendered`);
    else {
      const fields: Difference[] = [];
      diff(normalize(u), normalize(r), u, [], fields);
      entries.push(...fields);
    }
  }
  for (const k of ours.keys()) if (!up.has(k)) entries.push(`${k}: rendered, not in upstream`);
  return { compared: up.size, entries };
}

/** Compares `rendered` with `upstream`, object for object. */
export function compareObjects(upstream: readonly Obj[], rendered: readonly Obj[], options: ParityOptions = {}): ParityResult {
  const { compared, entries } = differencesOf(upstream, rendered, options);
  return { compared, differences: entries.map((e) => (typeof e === 'string' ? e : describe(e))) };
}

/** Kinds of the Calico custom resources the operator reconciles and writes into. */
const OPERATOR_KINDS = new Set(['Installation', 'APIServer', 'Goldmane', 'Whisker']);

export interface CustomResourcesParity extends ParityResult {
  /**
   * Fields upstream leaves unset that calico-stack renders, where the release's operator writes a
   * value it decides at run time (from the provider it detects): not differences.
   */
  readonly operatorDecides: string[];
}

/**
 * Compares calico-stack's Calico custom resources with upstream's custom-resources.yaml modulo what
 * the release's operator writes into them: both sides get the operator's defaults that the object
 * alone decides (what calico-stack renders), and a field upstream leaves to the operator's run-time
 * decision (the CNI, BGP and what follows from them, which depend on the provider it detects) is
 * listed in `operatorDecides`, not as a difference, when calico-stack renders it.
 */
export function compareCustomResources(upstream: readonly Obj[], rendered: readonly Obj[], release: OperatorWritesRelease): CustomResourcesParity {
  const fill = (o: Obj): Obj => (OPERATOR_KINDS.has(o.kind) ? withOperatorDefaults(o as unknown as Parameters<typeof withOperatorDefaults>[0], release) as unknown as Obj : o);
  const { compared, entries } = differencesOf(upstream.map(fill), rendered.map(fill), { kinds: OPERATOR_KINDS });
  const decided = (e: Difference | string): boolean => {
    if (typeof e === 'string' || e.upstream !== undefined) return false;
    const left = operatorWrittenFields([e.object as never], release).flatMap((f) => f.jsonPointers);
    return leafPointers(e.rendered, e.path).every((p) => left.some((l) => p === l || p.startsWith(`${l}/`)));
  };
  const text = (e: Difference | string) => (typeof e === 'string' ? e : describe(e));
  return {
    compared,
    differences: entries.filter((e) => !decided(e)).map(text),
    operatorDecides: entries.filter(decided).map(text),
  };
}

/** The JSON pointers of every leaf of `value`, found at `path`. */
function leafPointers(value: unknown, path: readonly string[]): string[] {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([k, v]) => leafPointers(v, [...path, k]));
  }
  return [path.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')];
}
