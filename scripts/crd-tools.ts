/**
 * Pure helpers behind `npm run import` and `npm run add-release`: strip the upstream `description`
 * prose from CRDs, extract the schemas tests validate against, and write a stripped CRD bundle.
 */
import { stringify } from 'yaml';
import { Crd } from '../src/lib/calico/crd-bundle';
import { setKey } from '../src/lib/common/yaml-data';

export type JsonSchema = { [keyword: string]: unknown };

/** A new object without a prototype, so that any key (`__proto__` too) is an own property. */
function record(): JsonSchema {
  return Object.create(null) as JsonSchema;
}

/**
 * Removes the `description` keyword from every schema node, recursively. Only the keyword is
 * removed: a field that happens to be *named* `description` (a key of `properties`) stays.
 */
export function stripDescriptions(schema: JsonSchema): JsonSchema {
  const out = record();
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description' && typeof value === 'string') continue;
    setKey(out, keyword, stripKeyword(keyword, value));
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

function mapValues<T, U>(source: Record<string, T>, fn: (v: T) => U): Record<string, U> {
  const out = record() as Record<string, U>;
  for (const [k, v] of Object.entries(source)) setKey(out, k, fn(v));
  return out;
}

/** A copy of `source` with `key` replaced, keeping the key order and every other key as data. */
function withKey<T extends object>(source: T, key: string, value: unknown): T {
  const out = record();
  for (const [k, v] of Object.entries(source)) setKey(out, k, k === key ? value : v);
  return out as T;
}

/**
 * Returns the CRD with every version's schema stripped of descriptions, and the descriptions of its
 * printer columns left out; every other key, version and field stays as it is, in its order.
 */
export function stripCrd(crd: Crd): Crd {
  const versions = crd.spec.versions.map((v) => {
    let out: typeof v = v;
    if (v.schema?.openAPIV3Schema) out = withKey(out, 'schema', withKey(v.schema, 'openAPIV3Schema', stripDescriptions(v.schema.openAPIV3Schema)));
    const columns = (v as { additionalPrinterColumns?: unknown }).additionalPrinterColumns;
    if (Array.isArray(columns)) {
      out = withKey(out, 'additionalPrinterColumns', columns.map((c: JsonSchema) => {
        const column = record();
        for (const [k, value] of Object.entries(c)) if (k !== 'description') setKey(column, k, value);
        return column;
      }));
    }
    return out;
  });
  return withKey(crd, 'spec', withKey(crd.spec, 'versions', versions));
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

/** A multi-document YAML text of `crds`, after `header` (comment lines, each without its `# `). */
export function bundleText(crds: readonly Crd[], header: readonly string[]): string {
  const comments = header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `${comments}\n${crds.map((crd) => `---\n${stringify(crd, { lineWidth: 0 })}`).join('')}`;
}
