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
 *
 * The same walk checks the props of the exported constructs against the schemas generated from their
 * TypeScript types (common/props-check.ts), in `props` mode (see {@link SchemaMode}).
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
  /** In `props` mode: what kind of problem it is, so that its words can be the caller's. */
  readonly kind?: SchemaProblemKind;
  /**
   * In `props` mode: the schema the problem is about: the value's (`type`, `enum`), the missing
   * field's (`required`), the object's that does not list the field (`unknown`).
   */
  readonly schema?: JsonSchema;
}

/**
 * `type`: not of the schema's type (or, with `x-instance-of`, not an object with the type's members);
 * `enum`: not one of the values; `required`: missing; `unknown`: a field the schema does not list;
 * `other`: anything else (a bound, a pattern, a rule).
 */
export type SchemaProblemKind = 'type' | 'enum' | 'required' | 'unknown' | 'other';

/**
 * How a value is checked:
 * - `api-server` (the default): as the API server checks a custom resource;
 * - `props`: as a construct checks its props against the schema of their TypeScript type
 *   (common/props-check.ts): numbers must be finite (NaN and ±Infinity are no JSON numbers, and no
 *   check of a range sees them); a value no form of an `anyOf` takes gets the problems of the form
 *   nearest to it (the fewest problems; the first of equals), not one problem for the union; and every
 *   problem carries its kind and schema. `const` and the generator's `x-instance-of` (an object with
 *   every member `x-members` lists: a class instance, by its members) are checked in both modes.
 */
export type SchemaMode = 'api-server' | 'props';

/**
 * Every problem of `value` against `schema`: structure first, then the CEL rules of each node. CEL
 * rules are planned and patterns compiled once per `memos` (an App's: see common/memo.ts).
 */
export function crdSchemaProblems(schema: JsonSchema, value: unknown, memos: Memos = new Memos(), mode: SchemaMode = 'api-server'): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const push = mode === 'props' ? (p: SchemaProblem) => out.push(p) : ({ kind: _, schema: __, ...p }: SchemaProblem) => out.push(p);
  walk(schema, value, [], { push, memos, mode });
  return out;
}

/** Where a walk reports problems, and how it checks. */
interface Walk {
  readonly push: (problem: SchemaProblem) => void;
  readonly memos: Memos;
  readonly mode: SchemaMode;
}

function walk(schema: JsonSchema, value: unknown, path: (string | number)[], w: Walk): void {
  let found = 0;
  const out: Walk = { ...w, push: (p) => { found++; w.push(p); } };
  if (value === null) {
    if (schema.nullable !== true) out.push({ path, message: 'must not be null', got: null, kind: 'type', schema });
    return;
  }
  for (const sub of (schema.allOf as JsonSchema[] | undefined) ?? []) walk({ ...sub, type: sub.type ?? schema.type }, value, path, out);
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (anyOf) {
    const forms = anyOf.map((sub) => crdSchemaProblems({ ...sub, type: sub.type ?? schema.type }, value, w.memos, w.mode));
    if (!forms.some((problems) => problems.length === 0)) {
      if (w.mode === 'props') {
        const nearest = forms.reduce((best, problems) => (problems.length < best.length ? problems : best));
        for (const p of nearest) out.push({ ...p, path: [...path, ...p.path] });
      } else out.push({ path, message: 'matches none of the forms the schema allows', got: value });
    }
  }
  if (!typeMatches(schema, value, path, out)) return;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    out.push({ path, message: 'is not one of the supported values', got: value, allowed: schema.enum.map((e) => JSON.stringify(e)).join(', '), kind: 'enum', schema });
  }
  if ('const' in schema && schema.const !== value) {
    out.push({ path, message: 'is not the supported value', got: value, allowed: JSON.stringify(schema.const), kind: 'enum', schema });
  }
  if (typeof value === 'string') stringProblems(schema, value, path, out, w.memos);
  if (typeof value === 'number') numberProblems(schema, value, path, out);
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push({ path, message: `has ${value.length} items`, allowed: `at most ${schema.maxItems}`, kind: 'other', schema });
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push({ path, message: `has ${value.length} items`, allowed: `at least ${schema.minItems}`, kind: 'other', schema });
    const items = schema.items as JsonSchema | undefined;
    if (items) value.forEach((item, i) => walk(items, item, [...path, i], out));
  } else if (isObject(value) && schema['x-instance-of'] === undefined) {
    objectProblems(schema, value, path, out);
  }
  // Rules run on a value whose structure is valid, as the API server runs them after the schema.
  if (found === 0) celProblems(schema, value, path, out, w.memos);
}

function typeMatches(schema: JsonSchema, value: unknown, path: (string | number)[], out: Walk): boolean {
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) return true;
    out.push({ path, message: 'must be an integer or a string', got: value, kind: 'type', schema });
    return false;
  }
  const type = schema.type;
  const number = (v: unknown) => typeof v === 'number' && (out.mode === 'api-server' || Number.isFinite(v));
  const ok = type === undefined
    || (type === 'object' && isObject(value))
    || (type === 'array' && Array.isArray(value))
    || (type === 'string' && typeof value === 'string')
    || (type === 'boolean' && typeof value === 'boolean')
    || (type === 'number' && number(value))
    || (type === 'integer' && number(value) && Number.isInteger(value));
  if (!ok) {
    out.push({ path, message: `must be ${type === 'integer' || type === 'array' || type === 'object' ? 'an' : 'a'} ${type === 'array' ? 'list' : type}`, got: value, kind: 'type', schema });
    return false;
  }
  const instanceOf = schema['x-instance-of'];
  if (typeof instanceOf === 'string' && !((schema['x-members'] as readonly string[] | undefined) ?? []).every((m) => m in (value as object))) {
    out.push({ path, message: `must be a ${instanceOf}`, got: value, kind: 'type', schema });
    return false;
  }
  return true;
}

function stringProblems(schema: JsonSchema, value: string, path: (string | number)[], out: Walk, memos: Memos): void {
  if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) out.push({ path, message: `is ${[...value].length} characters long`, got: value, allowed: `at most ${schema.maxLength}`, kind: 'other', schema });
  if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) out.push({ path, message: `is ${[...value].length} characters long`, got: value, allowed: `at least ${schema.minLength}`, kind: 'other', schema });
  if (typeof schema.pattern === 'string' && !goRegExp(schema.pattern, memos).matcher(value).find()) {
    out.push({ path, message: `does not match the pattern ${schema.pattern}`, got: value, kind: 'other', schema });
  }
  if (schema.format === 'cidr' && !isCidr(value)) out.push({ path, message: 'is not a CIDR', got: value, allowed: 'an address/prefix such as 10.96.0.0/12', kind: 'other', schema });
}

function numberProblems(schema: JsonSchema, value: number, path: (string | number)[], out: Walk): void {
  if (typeof schema.minimum === 'number' && (schema.exclusiveMinimum === true ? value <= schema.minimum : value < schema.minimum)) {
    out.push({ path, message: 'is below the minimum', got: value, allowed: `${schema.exclusiveMinimum === true ? 'more than' : 'at least'} ${schema.minimum}`, kind: 'other', schema });
  }
  if (typeof schema.maximum === 'number' && (schema.exclusiveMaximum === true ? value >= schema.maximum : value > schema.maximum)) {
    out.push({ path, message: 'is above the maximum', got: value, allowed: `${schema.exclusiveMaximum === true ? 'less than' : 'at most'} ${schema.maximum}`, kind: 'other', schema });
  }
}

function objectProblems(schema: JsonSchema, value: { readonly [key: string]: unknown }, path: (string | number)[], out: Walk): void {
  const properties = schema.properties as { readonly [name: string]: JsonSchema } | undefined;
  const additional = schema.additionalProperties;
  // In props, a key whose value is undefined is a key not given (TypeScript's optional properties take
  // undefined), and an instance of a class (a RetinaAgent given as a PodMetricsSource) is an object of
  // the type when the members the type names are right, whatever else it has (getters included).
  const props = out.mode === 'props';
  const instance = props && !isPlainObject(value);
  const has = (name: string) => (props ? value[name] !== undefined : Object.hasOwn(value, name));
  for (const name of (schema.required as string[] | undefined) ?? []) {
    if (!has(name)) out.push({ path: [...path, name], message: 'is required', kind: 'required', ...(properties && Object.hasOwn(properties, name) ? { schema: properties[name] } : {}) });
  }
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties) {
    out.push({ path, message: `has ${Object.keys(value).length} fields`, allowed: `at most ${schema.maxProperties}`, kind: 'other', schema });
  }
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || additional === true;
  const entries = instance ? Object.keys(properties ?? {}).filter(has).map((name) => [name, value[name]] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (props && child === undefined) continue;
    const own = properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (own) walk(own, child, [...path, key], out);
    else if (isObject(additional)) walk(additional as JsonSchema, child, [...path, key], out);
    // The API server drops fields a structural schema does not list; JSON Schema (props) allows them unless told not to.
    else if (!open && (props ? additional === false : properties !== undefined || additional === false)) {
      out.push({
        path: [...path, key], message: 'is not a field of the schema; the API server would drop it',
        ...(properties ? { allowed: Object.keys(properties).sort().join(', ') } : {}),
        kind: 'unknown', schema,
      });
    }
  }
}

/** An object literal, parsed JSON or a map without a prototype (of any realm): not an instance of a class. */
function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** One `x-kubernetes-validations` entry. */
interface CelRule {
  readonly rule: string;
  readonly message?: string;
}

function celProblems(schema: JsonSchema, value: unknown, path: (string | number)[], out: Walk, memos: Memos): void {
  const rules = schema['x-kubernetes-validations'] as CelRule[] | undefined;
  if (!rules || rules.length === 0) return;
  for (const rule of rules) {
    // Transition rules compare with the stored object; there is none before apply.
    if (/\boldSelf\b/.test(rule.rule)) continue;
    let result: unknown;
    try {
      result = planned(rule.rule, memos)({ self: toCel(schema, value) });
    } catch (err) {
      out.push({ path, message: `the rule ${JSON.stringify(rule.rule)} could not be evaluated: ${(err as Error).message}`, kind: 'other', schema });
      continue;
    }
    // A runtime error (a CelError) fails the rule, as it fails the API server's validation.
    if (result !== true) out.push({ path, message: rule.message ?? `failed rule: ${rule.rule}`, kind: 'other', schema });
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
