/**
 * The test-side model of the operator's defaulting (operator-defaulting.ts) reproduces the
 * operator's own unit tests of it, transcribed in test/fixtures/operator-defaulting/, at every tag
 * each test exists at.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Json, OPERATOR_TAGS, OperatorDefaulting, OperatorTag } from './operator-defaulting';
import { FIXTURES } from '../util';

interface Case {
  readonly name: string;
  readonly source: Partial<Record<OperatorTag, string>>;
  readonly call: string;
  readonly spec?: Json;
  readonly expect: { readonly fields?: Json; readonly unchanged?: boolean; readonly error?: string | true; readonly result?: unknown };
  readonly [key: string]: any;
}

const load = (file: string): Case[] => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'operator-defaulting', file), 'utf8')).cases;
const INSTALLATION = load('installation.json');
const POOLS = load('pools.json');

/** The value at a JSON pointer below `value`. */
function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const token of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, token)) return undefined;
    v = (v as Record<string, unknown>)[token];
  }
  return v;
}

/** The operator's view of a value: nil, `''` and empty lists all count as unset. */
const unset = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function expectField(spec: Json, pointer: string, matcher: unknown): void {
  const actual = at(spec, pointer);
  const m = matcher as Json | undefined;
  if (m !== null && typeof m === 'object' && !Array.isArray(m) && Object.keys(m).some((k) => k.startsWith('$'))) {
    if (m.$absent) expect([pointer, unset(actual)]).toEqual([pointer, true]);
    if (m.$set) expect([pointer, unset(actual)]).toEqual([pointer, false]);
    if (m.$length !== undefined) expect([pointer, Array.isArray(actual) ? actual.length : actual]).toEqual([pointer, m.$length]);
    if (m.$in) expect(m.$in).toContain(actual);
    return;
  }
  expect([pointer, actual]).toEqual([pointer, matcher]);
}

/** pool_controller_test.go fillPrerequisiteDefaults (v1.42.3 :852-868): what the core controller would have filled. */
function prerequisites(spec: Json): void {
  spec.calicoNetwork ??= {};
  spec.cni ??= {};
  spec.cni.ipam ??= {};
  if (!spec.cni.type) spec.cni.type = 'Calico';
  if (!spec.cni.ipam.type) spec.cni.ipam.type = 'Calico';
}

function run(model: OperatorDefaulting, c: Case): { spec?: Json; result?: unknown } {
  const spec: Json = JSON.parse(JSON.stringify(c.spec ?? {}));
  switch (c.call) {
    case 'fillDefaults':
      model.fillDefaults(spec, c.activePools ?? []);
      return { spec };
    case 'mergeAndFillDefaults':
      model.mergeAndFillDefaults(spec, false, c.activePools ?? []);
      return { spec };
    case 'mergeProvider':
      model.mergeProvider(spec, c.detectedProvider);
      return { spec };
    case 'updateForAwsNode':
      model.updateForAwsNode(spec);
      return { spec };
    case 'fillPoolDefaults':
      if (c.provider) spec.kubernetesProvider = c.provider;
      if (c.prerequisites) prerequisites(spec);
      model.fillPoolDefaults(spec, { kubeadmConfig: c.kubeadmConfig, openshiftClusterNetwork: c.openshiftClusterNetwork });
      return { spec };
    case 'cidrWithinCidr':
      return { result: model.cidrWithinCidr(c.cidr, c.pool) };
    case 'extractKubeadmCidrs':
      return { result: model.extractKubeadmCidrs(c.data) };
    default:
      throw new Error(`fixture ${c.name}: no call ${c.call}`);
  }
}

/** Every (tag, case) pair a fixture file holds. */
const pairs = (cases: readonly Case[]) => cases.flatMap((c) => OPERATOR_TAGS.filter((t) => c.source[t] !== undefined).map((tag) => [`${tag}: ${c.name} (${c.source[tag]})`, tag, c] as const));

describe.each([['installation.json', INSTALLATION], ['pools.json', POOLS]])('the model reproduces the operator\'s own defaulting tests (%s)', (_file, cases) => {
  test.each(pairs(cases))('%s', (_title, tag, c) => {
    const model = new OperatorDefaulting(tag);
    if (c.expect.error !== undefined) {
      expect(() => run(model, c)).toThrow(typeof c.expect.error === 'string' ? c.expect.error : undefined);
      return;
    }
    const { spec, result } = run(model, c);
    if (c.expect.result !== undefined) expect(result).toEqual(c.expect.result);
    if (c.expect.unchanged) expect(spec).toEqual(c.spec);
    for (const [pointer, matcher] of Object.entries(c.expect.fields ?? {})) expectField(spec!, pointer, matcher);
  });
});

describe('the transcribed fixtures', () => {
  test('cover every operator tag calico-stack ships, each with the tests of its defaulting files', () => {
    for (const tag of OPERATOR_TAGS) {
      const files = new Set([...INSTALLATION, ...POOLS].map((c) => c.source[tag]?.split(':')[0]).filter(Boolean));
      expect([tag, [...files].sort()]).toEqual([tag, [
        'pkg/controller/installation/core_controller_test.go',
        'pkg/controller/installation/defaults_test.go',
        'pkg/controller/ippool/kubeadm_test.go',
        'pkg/controller/ippool/pool_controller_test.go',
      ]]);
    }
  });

  test('the model fails a fixture that says otherwise (the check can fail)', () => {
    const model = new OperatorDefaulting('v1.42.3');
    const spec: Json = {};
    model.fillDefaults(spec, []);
    expect(() => expectField(spec, '/controlPlaneReplicas', 3)).toThrow();
    expect(() => expectField(spec, '/calicoNetwork/nodeAddressAutodetectionV4', { $set: true })).toThrow();
  });
});
