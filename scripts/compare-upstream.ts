/**
 * npm run parity -- <upstream manifest.yaml> <rendered file or folder> [--kinds A,B] [--skip name1,name2]
 *
 * Compares rendered objects with an upstream manifest object for object (matched by kind,
 * namespace and name; CustomResourceDefinitions skipped) and prints every field that differs.
 * Empty lists and maps count as absent, as they do for the API server, and so does a namespace on
 * a cluster-scoped object (the API server drops it); ConfigMap data that holds a
 * YAML mapping is compared as parsed YAML, so its text layout does not count. `--skip` leaves out
 * objects by name (upstream objects a port renders on purpose without). Exit code 1 on any difference.
 * Used to prove the operator objects equal upstream's tigera-operator.yaml of each release:
 *   npm run parity -- <calico checkout>/manifests/tigera-operator.yaml dist/kans-homelab
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, unknown> };

function load(file: string): Obj[] {
  const files = fs.statSync(file).isDirectory()
    ? fs.readdirSync(file).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(file, f))
    : [file];
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS() as Obj).filter(Boolean)).map(withoutClusterNamespace).map(parseConfigMapData);
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

const [upstreamFile, renderedPath, ...rest] = process.argv.slice(2);
if (!upstreamFile || !renderedPath) {
  process.stderr.write('usage: npm run parity -- <upstream manifest.yaml> <rendered file or folder> [--kinds A,B] [--skip name1,name2]\n');
  process.exit(2);
}
const kindsFlag = rest.indexOf('--kinds');
const kinds = kindsFlag >= 0 ? new Set(rest[kindsFlag + 1].split(',')) : undefined;
const skipFlag = rest.indexOf('--skip');
const skip = new Set(skipFlag >= 0 ? rest[skipFlag + 1].split(',') : []);
const key = (o: Obj): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const keep = (o: Obj): boolean => o.kind !== 'CustomResourceDefinition' && (!kinds || kinds.has(o.kind)) && !skip.has(o.metadata.name);
const upstream = new Map(load(upstreamFile).filter(keep).map((o) => [key(o), o]));
const rendered = new Map(load(renderedPath).filter(keep).map((o) => [key(o), o]));

const problems: string[] = [];
for (const [k, u] of upstream) {
  const r = rendered.get(k);
  if (!r) problems.push(`${k}: in upstream, not rendered`);
  else diff(normalize(u), normalize(r), k, problems);
}
for (const k of rendered.keys()) if (!upstream.has(k)) problems.push(`${k}: rendered, not in upstream`);
process.stdout.write(problems.length === 0
  ? `identical: ${upstream.size} objects of ${upstreamFile} (CRDs aside)\n`
  : `${problems.length} difference(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
