/**
 * A CRD bundle (upstream `manifests/operator-crds.yaml`): parsed and checked, never edited.
 */
import { parseAllDocuments } from 'yaml';
import { toData } from '../common/yaml-data';

/** `crds: operator`: the operator creates its CRDs when it starts. */
export const CRDS_BY_OPERATOR = 'operator' as const;

/** CRDs read from a file (a release whose operator cannot create them). */
export interface CrdBundle {
  /** Where they were read from, as written (for messages). */
  readonly source: string;
  readonly crds: readonly Crd[];
}

/** A CustomResourceDefinition as far as calico-stack needs to look into it. */
export interface Crd {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly plural: string };
    readonly versions: ReadonlyArray<{
      readonly name: string;
      readonly served?: boolean;
      readonly storage?: boolean;
      readonly schema?: { readonly openAPIV3Schema?: { [keyword: string]: unknown } };
    }>;
    readonly [key: string]: unknown;
  };
}

/**
 * Parses a YAML bundle and returns its CustomResourceDefinitions in file order. Throws, naming the
 * source, on invalid YAML or on a document that is not a CRD.
 */
export function parseCrdBundle(text: string, source: string): Crd[] {
  const crds: Crd[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${source} is not valid YAML: ${doc.errors[0].message}`);
    }
    // Mappings without a prototype: keys such as `constructor` in a schema stay data (yaml-data.ts).
    const value = toData(doc);
    if (value === null || value === undefined) continue;
    const obj = value as { kind?: unknown; metadata?: { name?: unknown }; spec?: { group?: unknown } };
    if (obj.kind !== 'CustomResourceDefinition' || typeof obj.metadata?.name !== 'string' || typeof obj.spec?.group !== 'string') {
      throw new Error(`${source} should hold only CustomResourceDefinitions, but has kind ${JSON.stringify(obj.kind)} named ${JSON.stringify(obj.metadata?.name)}`);
    }
    crds.push(value as Crd);
  }
  return crds;
}
