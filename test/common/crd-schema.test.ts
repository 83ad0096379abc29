/**
 * A value against a CRD's structural schema and CEL rules, as the API server checks it.
 */
import crdSchemas from '../../imports/crd-schemas.json';
import { crdSchemaProblems, JsonSchema } from '../../src/lib/common/crd-schema';

const schema = (id: string) => (crdSchemas as Record<string, JsonSchema>)[id];
const bgpConfiguration = schema('projectcalico.org/v3/BGPConfiguration');
const bgpPeer = schema('projectcalico.org/v3/BGPPeer');
const installation = schema('operator.tigera.io/v1/Installation');
const object = (kind: string, name: string, spec: unknown) => ({ apiVersion: 'projectcalico.org/v3', kind, metadata: { name }, spec });

describe('crdSchemaProblems', () => {
  test('a valid object has none', () => {
    expect(crdSchemaProblems(bgpConfiguration, object('BGPConfiguration', 'default', { asNumber: 64512, nodeToNodeMeshEnabled: false, listenPort: 179 }))).toEqual([]);
    expect(crdSchemaProblems(bgpPeer, object('BGPPeer', 'tor', { peerIP: '192.0.2.1', asNumber: 65001 }))).toEqual([]);
  });

  test('fails when a type, an enum, a pattern, a bound or a CIDR format is wrong, at the path of the value', () => {
    expect(crdSchemaProblems(bgpConfiguration, object('BGPConfiguration', 'default', {
      asNumber: 'one', bindMode: 'All', logSeverityScreen: 'Loud', listenPort: 70000, serviceClusterIPs: [{ cidr: '10.96.0.0' }],
    }))).toEqual([
      { path: ['spec', 'asNumber'], message: 'must be an integer', got: 'one' },
      { path: ['spec', 'bindMode'], message: 'is not one of the supported values', got: 'All', allowed: '"None", "NodeIP"' },
      { path: ['spec', 'logSeverityScreen'], message: 'does not match the pattern ^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$', got: 'Loud' },
      { path: ['spec', 'listenPort'], message: 'is above the maximum', got: 70000, allowed: 'at most 65535' },
      { path: ['spec', 'serviceClusterIPs', 0, 'cidr'], message: 'is not a CIDR', got: '10.96.0.0', allowed: 'an address/prefix such as 10.96.0.0/12' },
    ]);
  });

  test('format int32 does not bound an integer (kube-openapi checks formats on strings only): a 4-byte AS number is valid', () => {
    expect(crdSchemaProblems(bgpPeer, object('BGPPeer', 'tor', { peerIP: '192.0.2.1', asNumber: 4200000000 }))).toEqual([]);
  });

  test('fails when a field is not in the schema: the API server would drop it', () => {
    expect(crdSchemaProblems(bgpPeer, object('BGPPeer', 'tor', { peerIp: '192.0.2.1' }))).toEqual([
      expect.objectContaining({ path: ['spec', 'peerIp'], message: 'is not a field of the schema; the API server would drop it' }),
    ]);
  });

  test('evaluates the CEL rules of x-kubernetes-validations, integers as CEL ints', () => {
    expect(crdSchemaProblems(bgpConfiguration, object('BGPConfiguration', 'default', { nodeToNodeMeshEnabled: false, nodeMeshPassword: { secretKeyRef: { name: 's', key: 'k' } } })))
      .toEqual([{ path: ['spec'], message: 'nodeMeshPassword cannot be set when nodeToNodeMeshEnabled is false' }]);
    expect(crdSchemaProblems(bgpPeer, object('BGPPeer', 'rr', { peerSelector: 'has(rr)', asNumber: 65001, peerIP: '192.0.2.1' }))).toEqual([
      { path: ['spec'], message: 'peerIP and peerSelector cannot both be set' },
      { path: ['spec'], message: 'asNumber must be empty when peerSelector is set' },
    ]);
    expect(crdSchemaProblems(bgpPeer, object('BGPPeer', 'rr', { peerSelector: 'has(rr)', asNumber: 0 }))).toEqual([]);
  });

  test('evaluates rules on the whole object: the Installation must be named default, tigera-secure or overlay', () => {
    const inst = (name: string) => ({ apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name }, spec: {} });
    expect(crdSchemaProblems(installation, inst('default'))).toEqual([]);
    expect(crdSchemaProblems(installation, inst('mine'))).toEqual([{ path: [], message: 'resource name must be \'default\', \'tigera-secure\', or \'overlay\'' }]);
  });

  test('a rule that does not parse is named with the parser\'s message; one that fails at run time fails the rule', () => {
    const s: JsonSchema = { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.a ==', message: 'broken' }, { rule: 'self.b == \'x\'', message: 'no b' }] };
    const problems = crdSchemaProblems(s, { a: 'y' });
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toMatch(/^the rule "self\.a ==" could not be evaluated: ./);
    expect(problems[1]).toEqual({ path: [], message: 'no b' });
  });

  test('skips transition rules (oldSelf): there is no stored object before apply', () => {
    const s: JsonSchema = { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.a == oldSelf.a', message: 'immutable' }, { rule: 'self.a != \'x\'', message: 'not x' }] };
    expect(crdSchemaProblems(s, { a: 'x' })).toEqual([{ path: [], message: 'not x' }]);
  });

  test('int-or-string quantities, maps of values, anyOf, required and list sizes', () => {
    const s: JsonSchema = {
      type: 'object', required: ['name'],
      properties: {
        name: { type: 'string' },
        limits: { type: 'object', additionalProperties: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true, pattern: '^[0-9]+(Mi|Gi)?$' } },
        list: { type: 'array', maxItems: 1, items: { type: 'string' } },
      },
    };
    expect(crdSchemaProblems(s, { name: 'a', limits: { cpu: 2, memory: '100Mi' } })).toEqual([]);
    expect(crdSchemaProblems(s, { limits: { cpu: true, memory: '100MB' }, list: ['a', 'b'] })).toEqual([
      { path: ['name'], message: 'is required' },
      { path: ['limits', 'cpu'], message: 'matches none of the forms the schema allows', got: true },
      { path: ['limits', 'cpu'], message: 'must be an integer or a string', got: true },
      { path: ['limits', 'memory'], message: 'does not match the pattern ^[0-9]+(Mi|Gi)?$', got: '100MB' },
      { path: ['list'], message: 'has 2 items', allowed: 'at most 1' },
    ]);
  });
});
