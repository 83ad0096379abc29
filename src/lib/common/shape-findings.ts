/**
 * A value checked against a zod schema of its shape (a cluster file's, a ClusterSpec's), its issues
 * turned into findings that name every problem: unknown keys (with the allowed ones and a near
 * match), wrong types, missing keys and values outside a closed set. The words of those four are
 * functions of their own ({@link unknownKeyFinding}, ...), which the props of the constructs use too
 * (common/props-check.ts), so a construct's props and a cluster file say a problem the same way.
 */
import * as z from 'zod';
import { closest } from './closest';
import { error, Finding, formatPath, show } from './findings';

/** Keys of other tools users copy in, by section (`retina`): why they are not taken and what to write instead. */
export type ForeignKeys = Readonly<Record<string, Readonly<Record<string, { readonly message: string; readonly fix: string }>>>>;

type AnySchema = z.core.$ZodType;

/** What is wrong with the shape of `data` against `schema`; none when it has the shape. */
export function shapeFindings(schema: AnySchema, data: unknown, foreign: ForeignKeys = {}): Finding[] {
  const result = z.safeParse(schema, data, { reportInput: true });
  return result.success ? [] : issueFindings(schema, result.error.issues, foreign);
}

/** The findings of zod's issues of a value against `schema`. */
export function issueFindings(schema: AnySchema, issues: readonly z.core.$ZodIssue[], foreign: ForeignKeys = {}): Finding[] {
  return issues.flatMap((issue) => issueToFindings(schema, issue, foreign));
}

function issueToFindings(schema: AnySchema, issue: z.core.$ZodIssue, foreignKeys: ForeignKeys): Finding[] {
  const path = formatPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, issue.path);
      const section = formatPath(issue.path);
      const foreign = Object.hasOwn(foreignKeys, section) ? foreignKeys[section] : {};
      return issue.keys.map((key) => {
        const known = Object.hasOwn(foreign, key) ? foreign[key] : undefined;
        if (known) return error(formatPath([...issue.path, key]), known.message, { fix: known.fix });
        return unknownKeyFinding(formatPath([...issue.path, key]), key, allowed);
      });
    }
    case 'invalid_value':
      return [notOneOfFinding(path, input, issue.values.map(String))];
    case 'invalid_type':
      return [wrongTypeFinding(path, describeType(issue.expected), input)];
    case 'too_small':
      return [error(path, issue.origin === 'array' ? `needs at least ${issue.minimum} item(s)` : `is below the minimum ${issue.minimum}`, { got: input })];
    case 'too_big':
      // A list is not shown: it may be the very thing that is too long.
      if (Array.isArray(input)) return [error(path, `lists ${input.length} items`, { allowed: `at most ${issue.maximum}` })];
      return [error(path, `is above the maximum ${issue.maximum}`, { got: input })];
    case 'invalid_format':
    case 'custom': {
      const params = (issue as { params?: { allowed?: string; fix?: string; hideInput?: boolean } }).params ?? {};
      return [error(path, issue.message, {
        ...(params.hideInput ? {} : { got: input }),
        ...(params.allowed ? { allowed: params.allowed } : {}),
        ...(params.fix ? { fix: params.fix } : {}),
      })];
    }
    default:
      return [error(path, 'has the wrong shape', { got: input })];
  }
}

/** `key` is not a key of the mapping at `path`, which takes `allowed`: the allowed keys, and the nearest as a fix. */
export function unknownKeyFinding(path: string, key: string, allowed: readonly string[]): Finding {
  const near = closest(key, allowed);
  return error(path, 'unknown key', { allowed: allowed.join(', '), ...(near ? { fix: `did you mean ${near}?` } : {}) });
}

/** `input` is not one of `values` (or is missing: undefined): the values, and the nearest as a fix. */
export function notOneOfFinding(path: string, input: unknown, values: readonly string[]): Finding {
  if (input === undefined) return error(path, 'is required', { allowed: values.join(', ') });
  const near = typeof input === 'string' ? closest(input, values) : undefined;
  return error(path, `${show(input)} is not one of ${values.join(', ')}`, near ? { fix: `did you mean ${show(near)}?` } : {});
}

/** `input` is not `expected` (in words: `a string`, from {@link describeType}), or is missing (undefined). */
export function wrongTypeFinding(path: string, expected: string, input: unknown): Finding {
  if (input === undefined) return error(path, 'is required', { allowed: expected });
  // YAML's .nan and .inf are numbers to JavaScript, but not to the schema (nor to Kubernetes).
  if (typeof input === 'number' && expected === describeType('number')) return error(path, 'expected a finite number', { got: input });
  return error(path, `expected ${expected}`, { got: input });
}

/** A type (zod's name of it, or JSON Schema's) in words: `a string`, `a mapping (key: value)`. */
export function describeType(expected: string): string {
  switch (expected) {
    case 'int':
    case 'integer': return 'a whole number';
    case 'number': return 'a number';
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'array': return 'a list';
    case 'object':
    case 'record': return 'a mapping (key: value)';
    default: return expected;
  }
}

/** The keys an object schema at `path` accepts (unwrapping optional, array, record, union, transform). */
function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const node = unwrap(schema);
  const def = node._zod.def as unknown as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; options?: AnySchema[]; valueType?: AnySchema };
  if (path.length === 0) {
    if (def.type === 'object') return Object.keys(def.shape!);
    if (def.type === 'union') return def.options!.flatMap((o) => keysAt(o, path));
    return [];
  }
  const [head, ...rest] = path;
  if (def.type === 'object' && typeof head === 'string' && Object.hasOwn(def.shape!, head)) return keysAt(def.shape![head], rest);
  if (def.type === 'array' && typeof head === 'number') return keysAt(def.element!, rest);
  if (def.type === 'record') return keysAt(def.valueType!, rest);
  if (def.type === 'union') return def.options!.flatMap((o) => keysAt(o, path));
  return [];
}

function unwrap(schema: AnySchema): AnySchema {
  const def = schema._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema };
  if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') return unwrap(def.innerType!);
  if (def.type === 'pipe') return unwrap(def.in!);
  return schema;
}
