/**
 * The props of every exported construct, checked at run time against the shape of their TypeScript
 * type, as CalicoStack checks its spec (stack/spec-schema.ts): TypeScript stops a misspelt key or a
 * value of the wrong type at compile time, but props from JSON, a JavaScript caller, a variable typed
 * `any` or a cast reach the constructor as they are. A construct's first line is the hook:
 *
 *   props = checkedProps(this, 'GrafanaProps', props, () => ({ prometheus: new Prometheus(placeholderChart(), ...) }));
 *
 * (a Chart, whose props go to `super()` first, takes {@link propsShape} before it and reports after).
 *
 * - The shapes are data: JSON Schema generated from the props types by `npm run props-schemas`
 *   (scripts/props-schemas.ts, with ts-json-schema-generator) into props-schemas.json; a test fails
 *   when that file is stale. No construct has a validator of its own.
 * - The value is walked by the project's schema checker (common/crd-schema.ts, in `props` mode), and
 *   each problem becomes a finding in the words of the cluster file's (common/shape-findings.ts):
 *   `ipPools[0].blocksize: unknown key (allowed cidr, name, blockSize, ...) — did you mean blockSize?`,
 *   `mtu: expected a number (got "1450")`, `bgp: "enabled" is not one of Enabled, Disabled — did you
 *   mean "Enabled"?`, `prometheus: is required (allowed a Prometheus)`. Paths are the props' own; a
 *   construct inside a CalicoStack has its props' paths mapped to the spec's (`mapPropPaths`).
 * - Findings, not exceptions: every problem at once, errors that fail `app.synth()`, listed by
 *   `findingsOf`.
 * - Building never meets a value of the wrong type. Props with the shape are returned as they are
 *   (the same object). Props with an unknown key, a missing key or a value of the wrong type are
 *   replaced as a whole, as CalicoStack replaces a spec without its shape: the construct is built from
 *   placeholder props, with every required prop and nothing else (the first value of a closed set,
 *   `'placeholder'`, `0`, `false`, a list of one placeholder, a mapping of placeholders), and from what
 *   the construct's `placeholder` gives for the props no type can make up (the constructs and release
 *   facts it requires, built in a construct tree of their own that is never synthesized; the default
 *   release; a value its constructor needs). So the construct is built whole, nothing it reads is of
 *   another type, no combination of the given values reaches a check that throws, and whatever reads
 *   the construct finds what its type promises. It then reports the problems of its props only
 *   (checks.ts): its other checks, and those of the constructs below it, would judge the placeholder.
 * - A string outside its closed set is of the right type: the construct is built from it, as before
 *   this check, and its own checks run. Where a check of it (or of a construct it composes, or of the
 *   one that composed it) reports the same path, that finding stands for the problem (it may say more:
 *   the release that has the value, the operator rule it breaks); elsewhere the shape's finding does.
 * - Classes (constructs, cdk8s' `Duration`, cdk8s-plus' `Workload`) and release facts are not
 *   looked into: the value must be an object with every public member of the type (`x-instance-of`),
 *   which tells a construct from a string, a plain `{}` or a construct of another kind. An instance of
 *   a class given where an interface is expected (a RetinaAgent as a PodMetricsSource) is checked on
 *   the members the interface names; only plain objects (literals, JSON) have unknown keys. Functions
 *   are not props of any construct (the generator fails on one).
 * - A key whose value is undefined is a key not given, as TypeScript's optional properties have it.
 *
 * A subclass that adds props of its own passes its base class only the base's props.
 */
import { Chart } from 'cdk8s';
import { IConstruct, RootConstruct } from 'constructs';
import { addShapeChecks, PathOf } from './checks';
import { crdSchemaProblems, JsonSchema, SchemaProblem } from './crd-schema';
import { error, Finding, formatPath } from './findings';
import PROPS_SCHEMAS from './props-schemas.json';
import { describeType, notOneOfFinding, unknownKeyFinding, wrongTypeFinding } from './shape-findings';

/** Props checked against the shape of their type, before the construct that takes them exists. */
export interface PropsShape<P> {
  /** What to build with: the props as given when they have the shape, placeholder props otherwise. */
  readonly props: P;
  /** Makes the problems findings of `construct` (there are none when the props have the shape). */
  report(construct: IConstruct): void;
}

/**
 * `props` checked against the shape of the props type `type` (a key of props-schemas.json), for a
 * construct whose props must be known before it exists (a Chart passes some to `super()`): report
 * the problems with `report(this)` right after `super()`. `placeholder` gives the props the
 * placeholder props cannot make up (the constructs and looked-up values they require); it is called
 * only when the props lack the shape.
 */
export function propsShape<P>(type: string, props: P, placeholder: () => Partial<P> = () => ({})): PropsShape<P> {
  const schema = propsSchema(type);
  const problems = crdSchemaProblems(schema, props, undefined, 'props');
  if (problems.length === 0) return { props, report: () => undefined };
  const report = (failed: boolean) => (construct: IConstruct) => addShapeChecks(construct, (at) => problems.map((p) => propsFinding(p, at)), failed);
  // Values outside a closed set, of the type the set is of: the construct is built from them, as from
  // any other value of its type, and says more where it checks them itself (checks.ts).
  if (problems.every((p) => p.kind === 'enum')) return { props, report: report(false) };
  const made = { ...placeholderOf(schema) as object, ...placeholder() };
  const missing = crdSchemaProblems(schema, made, undefined, 'props');
  if (missing.length > 0) throw new Error(`${type}: the placeholder props lack ${missing.map((p) => formatPath(p.path)).join(', ')} (give them in checkedProps' placeholder)`);
  return { props: made as P, report: report(true) };
}

/**
 * What `construct` builds with: `props`, checked against the shape of the props type `type`, each
 * problem a finding of `construct` (see {@link propsShape}).
 */
export function checkedProps<P>(construct: IConstruct, type: string, props: P, placeholder?: () => Partial<P>): P {
  const shape = propsShape(type, props, placeholder);
  shape.report(construct);
  return shape.props;
}

/** A chart in a construct tree of its own, never synthesized or validated: the scope of placeholder constructs. */
export function placeholderChart(): Chart {
  return new Chart(new RootConstruct(PLACEHOLDER), PLACEHOLDER);
}

/** The generated schema of the props type `type`. */
export function propsSchema(type: string): JsonSchema {
  const schemas = PROPS_SCHEMAS.schemas as Readonly<Record<string, JsonSchema>>;
  if (!Object.hasOwn(schemas, type)) throw new Error(`${type} has no generated schema: run npm run props-schemas`);
  return schemas[type];
}

/** A problem of the props, in the cluster file's words. */
function propsFinding(problem: SchemaProblem, at: PathOf): Finding {
  const path = at(...problem.path);
  const schema = problem.schema ?? {};
  switch (problem.kind) {
    case 'unknown':
      return unknownKeyFinding(path, String(problem.path[problem.path.length - 1]), Object.keys((schema.properties as object | undefined) ?? {}));
    case 'required':
    case 'type':
    case 'enum': {
      const input = problem.kind === 'required' ? undefined : problem.got;
      const values = closedSet(schema);
      return values ? notOneOfFinding(path, input, values) : wrongTypeFinding(path, describe(schema), input);
    }
    default:
      return error(path, problem.message, { ...('got' in problem ? { got: problem.got } : {}), ...(problem.allowed !== undefined ? { allowed: problem.allowed } : {}) });
  }
}

/** The values of a closed set (an enum, a constant), as strings; undefined for any other schema. */
function closedSet(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  return 'const' in schema ? [String(schema.const)] : undefined;
}

/** What a schema takes, in words: `a string`, `a Prometheus`, `a string or a list`. */
function describe(schema: JsonSchema): string {
  if (typeof schema['x-instance-of'] === 'string') return `a ${schema['x-instance-of']}`;
  const values = closedSet(schema);
  if (values) return values.join(', ');
  if (Array.isArray(schema.anyOf)) return [...new Set((schema.anyOf as JsonSchema[]).map(describe))].join(' or ');
  return typeof schema.type === 'string' ? describeType(schema.type) : 'a value';
}

/** The string of placeholder props (a valid name and construct id). */
const PLACEHOLDER = 'placeholder';

/**
 * A value of the schema's type with every required part and nothing else; undefined for a class or
 * looked-up type (only the construct can make one) and for a schema without a type.
 */
function placeholderOf(schema: JsonSchema): unknown {
  if (typeof schema['x-instance-of'] === 'string') return undefined;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.anyOf)) return placeholderOf((schema.anyOf as JsonSchema[])[0]);
  switch (schema.type) {
    case 'string': return PLACEHOLDER;
    case 'number':
    case 'integer': return 0;
    case 'boolean': return false;
    // One item: a construct may need at least one (FluxKustomizations' stages, CalicoCrds' CRDs).
    case 'array': {
      const item = placeholderOf((schema.items ?? {}) as JsonSchema);
      return item === undefined ? [] : [item];
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>;
      const required = (schema.required as readonly string[] | undefined) ?? [];
      return Object.fromEntries(required.map((name) => [name, placeholderOf(properties[name] ?? {})]).filter(([, v]) => v !== undefined));
    }
    default: return undefined;
  }
}
