/**
 * A value against a CRD's structural schema, as the Kubernetes API server checks a custom resource:
 * the OpenAPI keywords CRDs use (types, `x-kubernetes-int-or-string`, enums, patterns, lengths,
 * bounds, required fields, list sizes) and the CEL rules of `x-kubernetes-validations`, evaluated
 * with @bufbuild/cel on the value converted to CEL types by its schema (integers as CEL ints, objects
 * as maps). Like the API server:
 *
 * - `format` is checked on strings only (kube-openapi's format validator applies to strings), so
 *   `format: int32` does not bound an integer;
 * - a field the schema does not list is not an error for the API server, which drops it silently;
 *   here it is a problem ("the API server would drop it"), since a value the user wrote would vanish;
 * - transition rules (those that read `oldSelf`) are skipped: there is no old object at synth.
 *
 * Patterns are Go regular expressions, compiled with re2js (a port of RE2). Pure; used on the
 * fields a user hands over as they are (`calico.installation`) and by the tests on every object.
 */
import type { CelInput } from '@bufbuild/cel';
import { RE2JS } from 're2js';
import { isCidr } from './cidr';
import { MemoKind, Memos } from './memo';

export type JsonSchema = { readonly [keyword: string]: unknown };

/** One problem of a value, at its path below the validated value. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** The value at the path, when the message is about it. */
  readonly got?: unknown;
  /** What the schema allows there. */
  readonly allowed?: string;
}

/**
 * Every problem of `value` against `schema`: structure first, then the CEL rules of each node. CEL
 * rules are planned and patterns compiled once per `memos` (an App's: see common/memo.ts).
 */
export function crdSchemaProblems(schema: JsonSchema, value: unknown, memos: Memos = new Memos()): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  walk(schema, value, [], problems, memos);
  return problems;
}

function walk(schema: JsonSchema, value: unknown, path: (string | number)[], out: SchemaProblem[], memos: Memos): void {
  const before = out.length;
  if (value === null) {
    if (schema.nullable !== true) out.push({ path, message: 'must not be null', got: null });
    return;
  }
  for (const sub of (schema.allOf as JsonSchema[] | undefined) ?? []) walk({ ...sub, type: sub.type ?? schema.type }, value, path, out, memos);
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((sub) => crdSchemaProblems({ ...sub, type: sub.type ?? schema.type }, value, memos).length === 0)) {
    out.push({ path, message: 'matches none of the forms the schema allows', got: value });
  }
  if (!typeMatches(schema, value, path, out)) return;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    out.push({ path, message: 'is not one of the supported values', got: value, allowed: schema.enum.map((e) => JSON.stringify(e)).join(', ') });
  }
  if (typeof value === 'string') stringProblems(schema, value, path, out, memos);
  if (typeof value === 'number') numberProblems(schema, value, path, out);
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push({ path, message: `has ${value.length} items`, allowed: `at most ${schema.maxItems}` });
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ path, message: `has ${value.length} items`, allowed: `at least ${schema.minItems}` });
    const items = schema.items as JsonSchema | undefined;
    if (items) value.forEach((item, i) => walk(items, item, [...path, i], out, memos));
  } else if (isObject(value)) {
    objectProblems(schema, value, path, out, memos);
  }
  // Rules run on a value whose structure is valid, as the API server runs them after the schema.
  if (out.length === before) celProblems(schema, value, path, out, memos);
}

function typeMatches(schema: JsonSchema, value: unknown, path: (string | number)[], out: SchemaProblem[]): boolean {
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return true;
    out.push({ path, message: 'must be an integer or a string', got: value });
    return false;
  }
  const type = schema.type;
  const ok = type === undefined
    || (type === 'object' && isObject(value))
    || (type === 'array' && Array.isArray(value))
    || (type === 'string' && typeof value === 'string')
    || (type === 'boolean' && typeof value === 'boolean')
    || (type === 'number' && typeof value === 'number')
    || (type === 'integer' && typeof value === 'number' && Number.isInteger(value));
  if (!ok) out.push({ path, message: `must be ${type === 'integer' || type === 'array' || type === 'object' ? 'an' : 'a'} ${type === 'array' ? 'list' : type}`, got: value });
  return ok;
}

function stringProblems(schema: JsonSchema, value: string, path: (string | number)[], out: SchemaProblem[], memos: Memos): void {
  if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) out.push({ path, message: `is ${[...value].length} characters long`, got: value, allowed: `at most ${schema.maxLength}` });
  if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) out.push({ path, message: `is ${[...value].length} characters long`, got: value, allowed: `at least ${schema.minLength}` });
  if (typeof schema.pattern === 'string' && !goRegExp(schema.pattern, memos).matcher(value).find()) {
    out.push({ path, message: `does not match the pattern ${schema.pattern}`, got: value });
  }
  if (schema.format === 'cidr' && !isCidr(value)) out.push({ path, message: 'is not a CIDR', got: value, allowed: 'an address/prefix such as 10.96.0.0/12' });
}

function numberProblems(schema: JsonSchema, value: number, path: (string | number)[], out: SchemaProblem[]): void {
  if (typeof schema.minimum === 'number' && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
    out.push({ path, message: 'is below the minimum', got: value, allowed: `${schema.exclusiveMinimum === true ? 'more than' : 'at least'} ${schema.minimum}` });
  }
  if (typeof schema.maximum === 'number' && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
    out.push({ path, message: 'is above the maximum', got: value, allowed: `${schema.exclusiveMaximum === true ? 'less than' : 'at most'} ${schema.maximum}` });
  }
}

function objectProblems(schema: JsonSchema, value: { readonly [key: string]: unknown }, path: (string | number)[], out: SchemaProblem[], memos: Memos): void {
  const properties = schema.properties as { readonly [name: string]: JsonSchema } | undefined;
  const additional = schema.additionalProperties;
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (!Object.hasOwn(value, name)) out.push({ path: [...path, name], message: 'is required' });
  }
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties) {
    out.push({ path, message: `has ${Object.keys(value).length} fields`, allowed: `at most ${schema.maxProperties}` });
  }
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || additional === true;
  for (const [key, child] of Object.entries(value)) {
    const own = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (own) walk(own, child, [...path, key], out, memos);
    else if (isObject(additional)) walk(additional as JsonSchema, child, [...path, key], out, memos);
    else if (!open && (properties !== undefined || additional === false)) {
      out.push({
        path: [...path, key], message: 'is not a field of the schema; the API server would drop it',
        ...(properties ? { allowed: Object.keys(properties).sort().join(', ') } : {}),
      });
    }
  }
}

/** One `x-kubernetes-validations` entry. */
interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

function celProblems(schema: JsonSchema, value: unknown, path: (string | number)[], out: SchemaProblem[], memos: Memos): void {
  const rules = schema['x-kubernetes-validations'] as CelRule[] | undefined;
  if (!rules || rules.length === 0) return;
  for (const rule of rules) {
    // Transition rules compare with the stored object; there is none before apply.
    if (/\boldSelf\b/.test(rule.rule)) continue;
    let result: unknown;
    try {
      result = planned(rule.rule, memos)({ self: toCel(schema, value) });
    } catch (err) {
      out.push({ path, message: `the rule ${JSON.stringify(rule.rule)} could not be evaluated: ${(err as Error).message}` });
      continue;
    }
    // A runtime error (a CelError) fails the rule, as it fails the API server's validation.
    if (result !== true) out.push({ path, message: rule.message ?? `failed rule: ${rule.rule}` });
  }
}

/** A rule's evaluation function: parsed and planned once per set of memos (a fleet's clusters share every rule). */
type CelProgram = (bindings: { self: CelInput }) => unknown;
type CelLibrary = typeof import('@bufbuild/cel');
/** Rules by their text, planned. */
const CEL_PROGRAMS = new MemoKind<string, CelProgram>('planned CEL rules');
/** The CEL environment rules are planned in (one, under the key ''). */
const CEL_ENV = new MemoKind<'', ReturnType<CelLibrary['celEnv']>>('CEL environment');

function planned(rule: string, memos: Memos): CelProgram {
  return memos.remember(CEL_PROGRAMS, rule, () => {
    // @bufbuild/cel is loaded on first use: most synths evaluate no rule.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cel = require('@bufbuild/cel') as CelLibrary;
    return cel.plan(memos.remember(CEL_ENV, '', () => cel.celEnv()), cel.parse(rule)) as CelProgram;
  });
}

/** A value as CEL sees it under its schema: integers are CEL ints, objects are maps. */
function toCel(schema: JsonSchema | undefined, value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  const integer = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] === true;
  if (typeof value === 'number') return integer && Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map((v) => toCel(schema?.items as JsonSchema | undefined, v));
  if (isObject(value)) {
    const properties = schema?.properties as { readonly [name: string]: JsonSchema } | undefined;
    const additional = isObject(schema?.additionalProperties) ? schema?.additionalProperties as JsonSchema : undefined;
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(properties && Object.hasOwn(properties, k) ? properties[k] : additional, v)]));
  }
  return value as CelInput;
}

/** Go patterns by their text, compiled. */
const GO_PATTERNS = new MemoKind<string, RE2JS>('compiled Go patterns');

/** A Go pattern, compiled once per set of memos. */
function goRegExp(pattern: string, memos: Memos): RE2JS {
  return memos.remember(GO_PATTERNS, pattern, () => RE2JS.compile(pattern));
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
