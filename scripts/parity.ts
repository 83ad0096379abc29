/**
 * Pure logic behind `npm run parity`: compares rendered objects with an upstream manifest object for
 * object (matched by kind, namespace and name; CustomResourceDefinitions skipped) and lists every
 * field that differs. Empty lists and maps count as absent, as they do for the API server, and so
 * does a namespace on a cluster-scoped object (the API server drops it); ConfigMap data that holds a
 * YAML mapping is compared as parsed YAML, so its text layout does not count.
 */
import { parse, parseAllDocuments } from 'yaml';

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

function diff(a: unknown, b: unknown, at: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`, out);
    return;
  }
  out.push(`${at}: upstream ${JSON.stringify(a)} ≠ rendered ${JSON.stringify(b)}`);
}

/** Compares `rendered` with `upstream`, object for object. */
export function compareObjects(upstream: readonly Obj[], rendered: readonly Obj[], options: ParityOptions = {}): ParityResult {
  const key = (o: Obj): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  const keep = (o: Obj): boolean => o.kind !== 'CustomResourceDefinition' && (!options.kinds || options.kinds.has(o.kind)) && !options.skip?.has(o.metadata.name);
  const up = new Map(upstream.filter(keep).map((o) => [key(o), o]));
  const ours = new Map(rendered.filter(keep).map((o) => [key(o), o]));
  const differences: string[] = [];
  for (const [k, u] of up) {
    const r = ours.get(k);
    if (!r) differences.push(`${k}: in upstream, not rendered`);
    else diff(normalize(u), normalize(r), k, differences);
  }
  for (const k of ours.keys()) if (!up.has(k)) differences.push(`${k}: rendered, not in upstream`);
  return { compared: up.size, differences };
}
