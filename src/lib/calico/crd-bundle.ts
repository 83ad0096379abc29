/**
 * A CRD bundle: upstream `manifests/operator-crds.yaml`, the stripped copy calico-stack ships in
 * `crds/`, or a `kubectl get crd -o yaml` export (`kind: List`). Parsed and checked against the
 * release, never edited beyond leaving out what the API server wrote into an export.
 */
import { CrdInfo } from './release-data';
import { calicoRelease } from './releases';
import { dataMap, isDataMap, parseYaml, setKey, toData, yamlErrorPlace } from '../common/yaml-data';
import { show } from '../common/findings';

/** `crds: operator`: the operator creates its CRDs when it starts. */
export const CRDS_BY_OPERATOR = 'operator' as const;

/** CRDs read from a file (a release whose operator cannot create them). */
export interface CrdBundle {
  /** Where they were read from, as written (for messages). */
  readonly source: string;
  readonly crds: readonly Crd[];
}

/**
 * A CustomResourceDefinition as far as calico-stack needs to look into it; its other fields (`listKind`,
 * `subresources`, `additionalPrinterColumns`, ...) are kept as they are.
 */
export interface Crd {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly plural: string; readonly [key: string]: unknown };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served?: boolean;
      readonly storage?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: { [keyword: string]: unknown }; readonly [key: string]: unknown };
      readonly [key: string]: unknown;
    }>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * Metadata the API server writes and an apply must not carry: `resourceVersion` and `uid` make a
 * server-side apply fail on any other cluster (or object), `managedFields` is refused outright.
 */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink'];
/** The client-side apply record: larger than a CRD may carry (the reason for server-side apply). */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Parses a YAML bundle and returns its CustomResourceDefinitions in file order. A document may be a
 * CRD or a `kind: List` of CRDs (`kubectl get crd -o yaml`); from listed CRDs, what the API server
 * wrote (`status`, `uid`, `resourceVersion`, `managedFields`, …, the last-applied annotation) is
 * left out. Throws, naming the source, on invalid YAML or on anything that is not a CRD.
 */
export function parseCrdBundle(text: string, source: string): Crd[] {
  const crds: Crd[] = [];
  const parsed = parseYaml(text);
  if ('error' in parsed) throw new Error(`${yamlErrorPlace(source, parsed.error)}: is not valid YAML: ${parsed.error.message}`);
  for (const doc of parsed.docs) {
    // Mappings without a prototype: keys such as `constructor` in a schema stay data (yaml-data.ts).
    const value = toData(doc);
    if (value === null || value === undefined) continue;
    const obj = value as { kind?: unknown; items?: unknown };
    if (obj.kind === 'List') {
      if (!Array.isArray(obj.items)) throw new Error(`${source} has a List without items`);
      obj.items.forEach((item, i) => crds.push(withoutServerFields(asCrd(item, `${source} (item ${i} of its List)`))));
    } else {
      crds.push(withoutServerFields(asCrd(value, source), false));
    }
  }
  return crds;
}

function asCrd(value: unknown, source: string): Crd {
  const obj = value as { kind?: unknown; metadata?: { name?: unknown }; spec?: { group?: unknown; names?: { kind?: unknown }; versions?: unknown } } | null;
  if (obj?.kind !== 'CustomResourceDefinition' || typeof obj.metadata?.name !== 'string' || typeof obj.spec?.group !== 'string') {
    throw new Error(`${source} should hold only CustomResourceDefinitions, but has kind ${show(obj?.kind)} named ${show(obj?.metadata?.name)}`);
  }
  if (typeof obj.spec.names?.kind !== 'string' || !Array.isArray(obj.spec.versions)) {
    throw new Error(`${source} has a CustomResourceDefinition ${show(obj.metadata.name)} without spec.names.kind or spec.versions`);
  }
  return value as Crd;
}

/** The CRD without the server-written metadata; with `dropStatus`, without its status too. */
function withoutServerFields(crd: Crd, dropStatus = true): Crd {
  const metadata = crd.metadata as Record<string, unknown>;
  const annotations = metadata.annotations;
  const hasServerFields = SERVER_METADATA.some((key) => key in metadata) || (isDataMap(annotations) && LAST_APPLIED in annotations) || (dropStatus && 'status' in crd);
  if (!hasServerFields) return crd;
  const cleanMetadata = dataMap(Object.entries(metadata).filter(([key]) => !SERVER_METADATA.includes(key)));
  if (isDataMap(annotations) && LAST_APPLIED in annotations) {
    const rest = Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED);
    if (rest.length > 0) setKey(cleanMetadata, 'annotations', dataMap(rest));
    else delete (cleanMetadata as Record<string, unknown>).annotations;
  }
  return dataMap(Object.entries(crd)
    .filter(([key]) => !(dropStatus && key === 'status'))
    .map(([key, value]) => [key, key === 'metadata' ? cleanMetadata : value] as const)) as unknown as Crd;
}

/** What a bundle lacks: CRDs that are missing, and CRDs that do not serve a version they must. */
export interface MissingCrd {
  readonly name: string;
  /** Versions the CRD must serve and does not; empty when the whole CRD is missing. */
  readonly versions: readonly string[];
}

/**
 * The CRDs of `needed` (with the versions each must serve) that `crds` does not have, in the order
 * of `needed`. An empty list: the bundle is complete.
 */
export function missingCrds(crds: readonly Crd[], needed: ReadonlyArray<{ readonly name: string; readonly versions: readonly string[] }>): MissingCrd[] {
  const byName = new Map(crds.map((crd) => [crd.metadata.name, crd]));
  const out: MissingCrd[] = [];
  for (const { name, versions } of needed) {
    const crd = byName.get(name);
    if (!crd) {
      out.push({ name, versions: [] });
      continue;
    }
    const served = new Set(crd.spec.versions.filter((v) => v.served !== false).map((v) => v.name));
    const unserved = versions.filter((v) => !served.has(v));
    if (unserved.length > 0) out.push({ name, versions: unserved });
  }
  return out;
}

/** `a.example.com, b.example.com (does not serve v1)` */
export function describeMissing(missing: readonly MissingCrd[]): string {
  return missing.map((m) => (m.versions.length === 0 ? m.name : `${m.name} (does not serve ${m.versions.join(', ')})`)).join(', ');
}

/** What a release's operator needs: each CRD of its bundle with the versions the bundle serves. */
export function neededCrds(releaseCrds: readonly CrdInfo[]): Array<{ name: string; versions: string[] }> {
  return releaseCrds.map((crd) => ({ name: crd.name, versions: crd.versions.filter((v) => v.served).map((v) => v.name) }));
}

/**
 * The CRDs of `crds` that the release has, in the bundle's order: what is rendered. A cluster's
 * export (`kubectl get crd -o yaml`) holds every CRD of the cluster, and only Calico's belong in
 * calico-stack's CRD file.
 */
export function releaseCrdsOf(crds: readonly Crd[], releaseCrds: readonly CrdInfo[]): Crd[] {
  const names = new Set(releaseCrds.map((crd) => crd.name));
  return crds.filter((crd) => names.has(crd.metadata.name));
}

/**
 * A bundle's text as the cluster of `version` uses it: parsed (see parseCrdBundle) and reduced to
 * the CRDs the release has (see releaseCrdsOf). Throws as parseCrdBundle does.
 */
export function crdBundleOf(text: string, source: string, version: string): Crd[] {
  return releaseCrdsOf(parseCrdBundle(text, source), calicoRelease(version).crds);
}
