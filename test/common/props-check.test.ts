/**
 * Every exported construct checks its props at run time against the shape of their TypeScript type
 * (src/lib/common/props-check.ts, with the schemas of src/lib/common/props-schemas.json): a misspelt
 * key or a value of the wrong type is a finding in the cluster file's words that fails app.synth(),
 * whether the props are an object literal, parsed JSON or a map without a prototype, and props of
 * any shape build without a TypeError. One case per construct: test/common/props-cases.ts.
 */
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PROPS_CASES, PropsCase } from './props-cases';
import { findingsOf } from '../../src/lib/common/checks';
import { formatFinding, formatPath, Severity } from '../../src/lib/common/findings';
import PROPS_SCHEMAS from '../../src/lib/common/props-schemas.json';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { Cloud } from '../../src/lib/stack/cluster-spec';
import { testApp } from '../util';

/** `value` with `at` set to `to` (a copy; `undefined` leaves the key out), or with `key` renamed to `renamed` below `at`. */
function changed(value: unknown, at: readonly (string | number)[], to: unknown): any {
  if (at.length === 0) return to;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? changed(v, rest, to) : v));
  const out: Record<string, unknown> = { ...(value as object) };
  if (rest.length === 0 && to === undefined) delete out[head];
  else out[head] = changed(out[head], rest, to);
  return out;
}

function renamed(value: unknown, at: readonly (string | number)[], key: string, to: string): any {
  const parent = at.reduce<any>((v, s) => v[s], value);
  const { [key]: moved, ...others } = parent;
  return changed(value, at, { ...others, [to]: moved });
}

/** The case's construct in a new app, from `json` (as given, not copied) and the case's references for the keys `json` has not. */
function built(c: PropsCase, json: unknown = c.json, refs = true): { app: App; construct: IConstruct } {
  const app = testApp();
  if (refs && c.refs && json && typeof json === 'object') {
    for (const [key, value] of Object.entries(c.refs(app))) if (!(key in json)) (json as Record<string, unknown>)[key] = value;
  }
  return { app, construct: c.build(app, json) };
}

/** A deep copy: what JSON.parse would give. */
const copy = (v: unknown): any => JSON.parse(JSON.stringify(v));

/** A deep copy whose mappings have no prototype (as calico-stack's own YAML reader makes them). */
const withoutPrototype = (v: unknown): any => (Array.isArray(v) ? v.map(withoutPrototype)
  : v && typeof v === 'object' ? Object.assign(Object.create(null), Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutPrototype(x)]))) : v);

/** The schema of the value at `at` of the case's props; undefined below a mapping that takes any value. */
function schemaAt(c: PropsCase, at: readonly (string | number)[]): Record<string, any> | undefined {
  const schemas = PROPS_SCHEMAS.schemas as Record<string, any>;
  let node: Record<string, any> | undefined = schemas[(PROPS_SCHEMAS.constructs as Record<string, string>)[c.construct]];
  for (const segment of at) {
    if (!node) return undefined;
    if (node.anyOf) node = node.anyOf.find((form: any) => form.properties && typeof segment === 'string' && segment in form.properties) ?? node.anyOf[0];
    node = typeof segment === 'number' ? node?.items : node?.properties?.[segment] ?? (typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node && Object.keys(node).length > 0 ? node : undefined;
}

const errors = (construct: IConstruct) => findingsOf(construct).filter((f) => f.severity === Severity.ERROR).map(formatFinding);

test('every exported construct but CalicoStack (whose spec has its own schema) has a case', () => {
  expect(PROPS_CASES.map((c) => c.construct).sort()).toEqual(Object.keys(PROPS_SCHEMAS.constructs).sort());
});

describe.each(PROPS_CASES.map((c) => [c.construct, c] as const))('%s', (_name, c) => {
  test('valid props, given as JSON: no finding', () => {
    expect(errors(built(c, copy(c.json)).construct)).toEqual([]);
  });

  test('fails when a key is misspelt: unknown key, the allowed keys and the nearest one, and app.synth() fails with it', () => {
    const { app, construct } = built(c, renamed(copy(c.json), c.typo.at, c.typo.key, c.typo.wrong));
    const expected = [c.typo.finding].flat();
    expect(errors(construct)).toEqual(expected);
    expect(() => app.synth()).toThrow(expected[expected.length - 1]);
  });

  test('fails when a value has the wrong type', () => {
    const { app, construct } = built(c, changed(copy(c.json), c.wrongType.at, c.wrongType.value));
    expect(errors(construct)).toEqual([c.wrongType.finding]);
    expect(() => app.synth()).toThrow(c.wrongType.finding);
  });

  test('the same props from JSON.parse, an object literal and a map without a prototype give the same findings', () => {
    const typo = renamed(c.json, c.typo.at, c.typo.key, c.typo.wrong);
    const fromJson = errors(built(c, JSON.parse(JSON.stringify(typo))).construct);
    expect(fromJson).toEqual([c.typo.finding].flat());
    expect(errors(built(c, { ...typo }).construct)).toEqual(fromJson);
    expect(errors(built(c, withoutPrototype(typo)).construct)).toEqual(fromJson);
  });

  test('fails when a value is outside its closed set: a finding at its path (the construct\'s own where it checks the set), built from the value', () => {
    const closed: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
      const schema = schemaAt(c, at);
      if (at.length > 0 && schema && (schema.enum || 'const' in schema)) closed.push(at);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    };
    walk(c.json, []);
    for (const at of closed) {
      const { app, construct } = built(c, changed(copy(c.json), at, 'bogus'));
      const messages = findingsOf(construct).filter((f) => f.severity === Severity.ERROR && f.path === formatPath(at)).map((f) => f.message);
      // At least one; none said twice (constructs that check the value say it their way, the shape check only where none does).
      expect([at, messages.length > 0, messages.length === new Set(messages).size]).toEqual([at, true, true]);
      expect(() => app.synth()).toThrow('bogus');
    }
  });

  test('props of any shape build without an exception: each value of the wrong type, props that are no mapping', () => {
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
      if (at.length > 0) paths.push(at);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    };
    walk(c.json, []);
    for (const at of paths) {
      const old = at.reduce<any>((v, s) => v[s], c.json);
      const { construct } = built(c, changed(copy(c.json), at, typeof old === 'string' ? 42 : 'wrong'));
      // A value below a mapping that takes any value (a CRD's other fields, a dashboard's panels) is no problem.
      if (schemaAt(c, at)) expect([at, errors(construct).length > 0]).toEqual([at, true]);
    }
    for (const props of [null, 'props', 42, [], {}]) {
      const { app, construct } = built(c, props, false);
      if (props !== null && typeof props === 'object' && !Array.isArray(props)) continue;
      expect(errors(construct)).toEqual([expect.stringMatching(/^\(top level\): expected a mapping \(key: value\) \(got /)]);
      expect(() => app.synth()).toThrow(/Validation failed/);
    }
  });
});

describe('inside a CalicoStack', () => {
  test('a problem of a chart\'s props that the spec\'s own schema lets through is named at its path in the spec', () => {
    // The spec's schema takes any mapping as a CRD of a bundle; CalicoCrdsChart's props say what a CRD has.
    const crd = changed(copy(PROPS_CASES.find((c) => c.construct === 'CalicoCrds')!.json.crds), [0, 'spec', 'names', 'plural'], 7);
    const stack = new CalicoStack(testApp(), 'lab', {
      name: 'lab', platform: { cloud: Cloud.BAREMETAL, podSubnet: '10.244.0.0/16' }, calico: { version: 'v3.28.2', crds: { source: 'crds.yaml', crds: crd } },
    });
    // (A bundle of one CRD also lacks the others the release needs: a finding of the stack's.)
    expect(stack.findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding)).toContain('calico.crds[0].spec.names.plural: expected a string (got 7)');
  });
});
