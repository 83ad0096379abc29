/**
 * Comparing the objects calico-stack renders with the same objects in a live cluster (an export),
 * for adopt (does the adopted file render what the cluster holds?) and drift (did someone change
 * the cluster?). Field by field, leaf by leaf, ignoring:
 *  - what the API server sets: `status`, and the ObjectMeta fields the server owns (uid,
 *    resourceVersion, generation, creationTimestamp, managedFields, selfLink; deletion fields),
 *    kubectl's last-applied annotation, the metadata annotation Calico's API keeps on its
 *    `crd.projectcalico.org` objects, and the labels and annotation Flux and Argo CD track objects by;
 * and keeping apart what the operator writes itself (the release's `operatorWrites` table,
 * src/lib/calico/operator-written-fields.ts): expected, not drift. Pools the operator creates from
 * the Installation, and a FelixConfiguration holding only fields its writers set, are expected too.
 */
import { describeObject, groupOf, identityOf, LiveObject } from './cluster-export';
import { segment } from './object-diff';
import { operatorWriteTable, OperatorWriteRow, OperatorWritesRelease, WriteDisposition } from '../../lib/calico/operator-written-fields';
import CALICO_NODE_WRITES_DATA from '../../lib/calico/release-data/calico-node-writes.json';
import { parseCidr, canonicalCidr } from '../../lib/common/cidr';
import { DataMap, isDataMap } from '../../lib/common/yaml-data';

/**
 * ObjectMeta fields the API server sets (k8s.io/apimachinery pkg/apis/meta/v1 ObjectMeta, "populated by
 * the system", read-only: uid, resourceVersion, generation, creationTimestamp, deletionTimestamp,
 * deletionGracePeriodSeconds; selfLink; managedFields, the server's record of field managers; the
 * declarations in node_modules/@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.d.ts:12-86).
 */
export const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'managedFields'] as const;

/**
 * The annotations Helm marks what it installed with (and label `app.kubernetes.io/managed-by: Helm`):
 * the release's name and namespace (helm.sh docs, "Adopting existing resources" / helm#7649).
 */
export const HELM_ANNOTATIONS = ['meta.helm.sh/release-name', 'meta.helm.sh/release-namespace'] as const;

/**
 * Annotations tools write: kubectl's client-side apply record, and the ObjectMeta Calico's API
 * server keeps on a `crd.projectcalico.org` object (projectcalico/calico v3.30.7
 * libcalico-go/lib/backend/k8s/resources/resources.go:35).
 */
export const TOOL_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration', 'projectcalico.org/metadata', 'argocd.argoproj.io/tracking-id',
  ...HELM_ANNOTATIONS,
] as const;

/**
 * Labels the GitOps tools put on what they apply, to find it again: Flux's kustomize-controller
 * (`kustomize.toolkit.fluxcd.io/name`, `/namespace`; fluxcd.io/flux/components/kustomize/kustomizations)
 * Argo CD's label tracking (`app.kubernetes.io/instance`; its annotation tracking is the
 * `argocd.argoproj.io/tracking-id` annotation above; argo-cd.readthedocs.io user-guide/resource_tracking),
 * and the installer a label says manages the object (`app.kubernetes.io/managed-by`: Helm, the operator
 * on its pools).
 */
export const TOOL_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'kustomize.toolkit.fluxcd.io/namespace', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by'] as const;

/**
 * What calico-node writes into `FelixConfiguration/default` when it starts, where the fields are
 * unset, and where each release does it (release-data/calico-node-writes.json, read at each tag).
 */
export const CALICO_NODE_WRITES: { readonly fields: ReadonlyArray<{ readonly kind: string; readonly pointer: string; readonly value: unknown }>; readonly at: Readonly<Record<string, string>> } = CALICO_NODE_WRITES_DATA;

/** One field that differs, at a path below the object (`spec.calicoNetwork.mtu`). */
export interface FieldDifference {
  /** `Installation/default`, `BGPPeer/rack-a`. */
  readonly object: string;
  readonly path: string;
  /** The value calico-stack renders (undefined: it renders no such field). */
  readonly rendered: unknown;
  /** The value in the cluster (undefined: the cluster has no such field). */
  readonly live: unknown;
  /** For an expected difference: who writes it and where (`operator: pkg/controller/…:12-14`). */
  readonly writtenBy?: string;
  /**
   * For a field the render sets and the other side leaves out: the operator row that writes it
   * when it runs (`operator v1.42.3: pkg/controller/…:12-14`), when one does. Objects that have not
   * met the operator (a chart's render) lack such fields; in a cluster, the operator has not
   * written it (yet).
   */
  readonly operatorWrites?: string;
}

/** The outcome of a comparison. */
export interface Comparison {
  /** Fields that differ and that nothing but a person (or another tool) explains. */
  readonly changed: readonly FieldDifference[];
  /** Rendered objects the cluster does not have. */
  readonly missing: readonly string[];
  /** Objects of the compared kinds the cluster has and the render does not. */
  readonly extra: readonly string[];
  /** What the operator (or calico-node) writes: expected. */
  readonly written: readonly FieldDifference[];
  /** Objects the operator created itself (its IP pools, FelixConfiguration/default): expected. */
  readonly created: readonly string[];
}

/** The object without what the API server and tools set: status, server metadata, tool annotations. */
export function withoutServerFields(object: DataMap): DataMap {
  const out: DataMap = Object.create(null);
  for (const [key, value] of Object.entries(object)) {
    if (key === 'status') continue;
    if (key === 'metadata' && isDataMap(value)) {
      const meta: DataMap = Object.create(null);
      for (const [k, v] of Object.entries(value)) {
        if ((SERVER_METADATA as readonly string[]).includes(k)) continue;
        if ((k === 'annotations' || k === 'labels') && isDataMap(v)) {
          const ignored: readonly string[] = k === 'annotations' ? TOOL_ANNOTATIONS : TOOL_LABELS;
          const kept = Object.entries(v).filter(([a]) => !ignored.includes(a));
          if (kept.length > 0) meta[k] = Object.assign(Object.create(null), Object.fromEntries(kept));
          continue;
        }
        meta[k] = v;
      }
      out[key] = meta;
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** The leaves where two values differ: maps are walked key by key, lists item by item when their lengths agree. */
export function leafDifferences(rendered: unknown, live: unknown, path: string[] = []): Array<{ path: string[]; rendered: unknown; live: unknown }> {
  if (isDataMap(rendered) && isDataMap(live)) {
    const keys = [...new Set([...Object.keys(rendered), ...Object.keys(live)])].sort();
    return keys.flatMap((k) => leafDifferences(Object.hasOwn(rendered, k) ? rendered[k] : undefined, Object.hasOwn(live, k) ? live[k] : undefined, [...path, k]));
  }
  if (isDataMap(rendered) && live === undefined) return Object.keys(rendered).sort().flatMap((k) => leafDifferences(rendered[k], undefined, [...path, k]));
  if (isDataMap(live) && rendered === undefined) return Object.keys(live).sort().flatMap((k) => leafDifferences(undefined, live[k], [...path, k]));
  if (Array.isArray(rendered) && Array.isArray(live) && rendered.length === live.length && rendered.some(isDataMap)) {
    return rendered.flatMap((r, i) => leafDifferences(r, live[i], [...path, String(i)]));
  }
  return equal(rendered, live) ? [] : [{ path, rendered, live }];
}

/** Deep equality of data. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isDataMap(a) && isDataMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

/** `spec.calicoNetwork.ipPools[0].name`, `metadata.annotations["operator.tigera.io/bpfEnabled"]` (as object-diff.ts writes paths). */
export function formatPath(path: readonly string[]): string {
  return path.reduce((text, seg) => {
    if (/^\d+$/.test(seg)) return `${text}[${seg}]`;
    const s = segment(seg);
    return text === '' || s.startsWith('[') ? `${text}${s}` : `${text}.${s}`;
  }, '');
}

/** Whether row pointer `pointer` (JSON pointer, `*` any list item) is `path` or above it. */
function covers(pointer: string, path: readonly string[]): boolean {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  return tokens.length <= path.length && tokens.every((t, i) => t === '*' || t === path[i]);
}

/** The operator rows that write the field at `path` of an object of `kind` in `group` (the CRD's group or the v3 API's). */
function rowsCovering(rows: readonly OperatorWriteRow[], kind: string, group: string, path: readonly string[]): OperatorWriteRow[] {
  const calico = group === 'crd.projectcalico.org' ? 'projectcalico.org' : group;
  return rows.filter((row) => row.kind === kind && row.group === calico && covers(row.pointer, path));
}

/** Who writes the field at `path` of an object of `kind`/`group` that the render leaves as `rendered`, or undefined. */
function writer(rows: readonly OperatorWriteRow[], readAt: string, version: string, kind: string, group: string, path: readonly string[], rendered: unknown, live: unknown): string | undefined {
  for (const row of rowsCovering(rows, kind, group, path)) {
    // A field the render leaves empty, or one the operator sets whatever the object says.
    if (rendered === undefined || row.disposition === WriteDisposition.HANDLED) return `operator ${readAt}: ${row.at}`;
    // Operators before v1.40 append `/` to the registry.
    if (row.pointer === '/spec/registry' && typeof rendered === 'string' && live === `${rendered}/`) return `operator ${readAt}: ${row.at}`;
  }
  const pointer = `/${path.join('/')}`;
  const node = CALICO_NODE_WRITES.fields.find((w) => w.kind === kind && w.pointer === pointer && rendered === undefined && equal(w.value, live));
  return node ? `calico-node ${version}: ${CALICO_NODE_WRITES.at[version] ?? 'node/pkg/lifecycle/startup/startup.go (ensureDefaultConfig)'}` : undefined;
}

/**
 * Compares rendered objects with live ones of the kinds `kinds` (others on either side are not
 * compared). `release`: whose operator's writes are expected.
 */
export function compareWithLive(
  rendered: readonly DataMap[], live: readonly LiveObject[], release: OperatorWritesRelease & { readonly version: string; readonly operatorWrites: { readonly readAt: string } },
  kinds: ReadonlySet<string>,
): Comparison {
  const rows = operatorWriteTable(release);
  const readAt = release.operatorWrites.readAt;
  const inScope = (o: DataMap) => kinds.has(String(o.kind)) && (o.kind !== 'Deployment' || identityOf(o).name === 'tigera-operator');
  const liveByKey = new Map<string, DataMap>();
  for (const { object } of live) if (inScope(object)) liveByKey.set(identityOf(object).key, object);
  const renderedByKey = new Map<string, DataMap>();
  for (const object of rendered) if (inScope(object)) renderedByKey.set(identityOf(object).key, object);

  const changed: FieldDifference[] = [];
  const written: FieldDifference[] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  const created: string[] = [];
  for (const [key, object] of renderedByKey) {
    const other = liveByKey.get(key);
    if (!other) {
      missing.push(describeObject(object));
      continue;
    }
    const name = describeObject(object);
    const group = groupOf(other.apiVersion);
    // apiVersion differs between the CRD and the v3 API of the same Calico resource: not a field of the comparison.
    const [a, b] = [withoutServerFields(object), withoutServerFields(other)];
    delete a.apiVersion;
    delete b.apiVersion;
    for (const d of leafDifferences(a, b)) {
      const by = writer(rows, readAt, release.version, String(object.kind), group, d.path, d.rendered, d.live);
      const row = !by && d.live === undefined ? rowsCovering(rows, String(object.kind), group, d.path)[0] : undefined;
      const diff = { object: name, path: formatPath(d.path), rendered: d.rendered, live: d.live, ...(by ? { writtenBy: by } : {}), ...(row ? { operatorWrites: `operator ${readAt}: ${row.at}` } : {}) };
      (by ? written : changed).push(diff);
    }
  }
  const installation = [...liveByKey.values()].find((o) => o.kind === 'Installation' && identityOf(o).name === 'default');
  const operatorPools = poolCidrs(installation);
  for (const [key, object] of liveByKey) {
    if (renderedByKey.has(key)) continue;
    const name = describeObject(object);
    const { kind, calico } = identityOf(object);
    const spec = isDataMap(object.spec) ? object.spec : {};
    if (calico && kind === 'IPPool' && typeof spec.cidr === 'string' && operatorPools.has(canonical(spec.cidr))) {
      created.push(`${name} (the operator's pool for Installation pool ${spec.cidr})`);
      continue;
    }
    const leaves = leafDifferences(undefined, withoutServerFields(object)).filter((d) => !['apiVersion', 'kind'].includes(d.path[0]) && formatPath(d.path) !== 'metadata.name');
    const writers = leaves.map((d) => writer(rows, readAt, release.version, kind, groupOf(object.apiVersion), d.path, undefined, d.live));
    if (leaves.length > 0 && writers.every((w) => w !== undefined)) {
      created.push(`${name} (only fields its writers set: ${leaves.map((d) => formatPath(d.path)).join(', ')})`);
      continue;
    }
    extra.push(name);
  }
  return { changed, missing, extra, written, created };
}

function canonical(cidr: string): string {
  const parsed = parseCidr(cidr);
  return parsed ? canonicalCidr(parsed) : cidr;
}

/** The CIDRs of an Installation's pools (canonical). */
function poolCidrs(installation: DataMap | undefined): Set<string> {
  const spec = installation && isDataMap(installation.spec) ? installation.spec : {};
  const network = isDataMap(spec.calicoNetwork) ? spec.calicoNetwork : {};
  const pools = Array.isArray(network.ipPools) ? network.ipPools : [];
  return new Set(pools.filter(isDataMap).map((p) => canonical(String(p.cidr))));
}

/** A value for an output line: JSON, `(none)` for an absent field. */
export function showValue(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}
