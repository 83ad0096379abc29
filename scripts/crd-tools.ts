/**
 * Pure helpers behind `npm run import`: strip the upstream `description` prose from CRD schemas and
 * extract the schemas tests validate against.
 */
import { Crd } from '../src/calico/crd-bundle';

export type JsonSchema = { [keyword: string]: unknown };

/**
 * Removes the `description` keyword from every schema node, recursively. Only the keyword is
 * removed: a field that happens to be *named* `description` (a key of `properties`) stays.
 */
export function stripDescriptions(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description' && typeof value === 'string') continue;
    out[keyword] = stripKeyword(keyword, value);
  }
  return out;
}

function stripKeyword(keyword: string, value: unknown): unknown {
  switch (keyword) {
    case 'properties':
    case 'patternProperties':
    case 'definitions':
      return mapValues(value as Record<string, JsonSchema>, stripDescriptions);
    case 'items':
      return Array.isArray(value) ? value.map((v) => stripDescriptions(v as JsonSchema)) : stripDescriptions(value as JsonSchema);
    case 'additionalProperties':
    case 'not':
      return typeof value === 'object' && value !== null ? stripDescriptions(value as JsonSchema) : value;
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return (value as JsonSchema[]).map(stripDescriptions);
    default:
      return value;
  }
}

function mapValues<T, U>(record: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fn(v);
  return out;
}

/** Returns the CRD with every version's schema stripped of descriptions. */
export function stripCrd(crd: Crd): Crd {
  return {
    ...crd,
    spec: {
      ...crd.spec,
      versions: crd.spec.versions.map((v) => (v.schema?.openAPIV3Schema
        ? { ...v, schema: { ...v.schema, openAPIV3Schema: stripDescriptions(v.schema.openAPIV3Schema) } }
        : v)),
    },
  };
}

/** `<apiVersion>/<kind>` → openAPIV3Schema, for every served version of every CRD. */
export function schemaIndex(crds: readonly Crd[]): Record<string, JsonSchema> {
  const index: Record<string, JsonSchema> = {};
  for (const crd of crds) {
    for (const version of crd.spec.versions) {
      const schema = version.schema?.openAPIV3Schema;
      if (schema && version.served !== false) {
        index[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = schema;
      }
    }
  }
  return Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b)));
}
