/**
 * A ClusterSpec written in code, of the wrong shape (what TypeScript's types stop, but parsed JSON or
 * a cast can hold): CalicoStack reports it as findings that fail app.synth() with the text the CLI
 * prints for a cluster file of that shape, never a TypeError.
 */
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { clusterSpecSchema } from '../../src/lib/stack/spec-schema';
import { clusterDoc, load, messages, testApp } from '../util';

/** The stack of `spec` (anything), its findings as printed, and what app.synth() throws. */
function build(spec: unknown): { findings: string[]; synth: () => void } {
  const app = testApp();
  const stack = new CalicoStack(app, 'cluster', spec as ClusterSpec);
  return { findings: messages(stack.findings), synth: () => app.synth() };
}

describe('a spec of the wrong shape', () => {
  test.each<[string, Record<string, any>, string[]]>([
    ['podSubnet a list', clusterDoc({ platform: { podSubnet: [] } }), ['platform.podSubnet: expected a string (got [])']],
    ['a BGP peer without its name', clusterDoc({ calico: { bgpPeers: [{}] } }), ['calico.bgpPeers[0].name: is required (allowed a string)']],
    ['nothing', {}, ['name: is required (allowed a string)', 'platform: is required (allowed a mapping (key: value))']],
    ['a pool that is null', clusterDoc({ calico: { ipPools: [null] } }), ['calico.ipPools[0]: expected a mapping (key: value) (got null)']],
    ['a section that is null', clusterDoc({ calico: null }), ['calico: expected a mapping (key: value) (got null)']],
    ['an unknown key', clusterDoc({ retina: { enablePodLevel: true } }), ['retina.enablePodLevel: is an advanced-mode setting; calico-stack renders Retina in basic mode (node-level metrics, no operator) — remove it; for pod-level metrics install Retina\'s own chart in advanced mode instead']],
    ['a number that is NaN', clusterDoc({ platform: { nodes: NaN } }), ['platform.nodes: expected a finite number (got NaN)']],
  ])('%s: findings that fail synth, in the words of the cluster file', (_, spec, expected) => {
    const { findings, synth } = build(spec);
    expect(findings).toEqual(expected);
    expect(synth).toThrow(expected[0]);
    expect(messages(load(spec).findings)).toEqual(expected);
  });

  test.each<[string, unknown, string]>([
    ['null', null, '(top level): expected a mapping (key: value) (got null)'],
    ['undefined', undefined, '(top level): is required (allowed a mapping (key: value))'],
    ['a list', [], '(top level): expected a mapping (key: value) (got [])'],
  ])('a spec that is %s: a finding that fails synth', (_, spec, expected) => {
    const { findings, synth } = build(spec);
    expect(findings).toEqual([expected]);
    expect(synth).toThrow(expected);
  });

  test('gets only the findings of its shape, and leaves another stack of the app alone', () => {
    const app = testApp();
    const bad = new CalicoStack(app, 'bad', { ...clusterDoc({ name: 'prod' }), platform: { cloud: 'aws', podSubnet: 7 } } as unknown as ClusterSpec);
    const good = new CalicoStack(app, 'good', clusterDoc({ name: 'invalid-spec' }) as ClusterSpec);
    expect(messages(bad.findings)).toEqual(['platform.podSubnet: expected a string (got 7)']);
    expect(messages(good.findings)).toEqual([]);
    expect(() => app.synth()).toThrow('platform.podSubnet: expected a string (got 7)');
  });

  test('a spec of the right shape, with the content of the files a cluster file names, has no shape findings', () => {
    const spec: ClusterSpec = {
      name: 'shape',
      platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', kubeadmConfig: { source: 'k.yaml', podSubnet: '10.244.0.0/16' } },
      calico: { crds: 'operator', imagePullSecrets: ['a'], controlPlaneNodeSelector: { role: 'infra' }, bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001 }] },
      monitoring: { mode: 'prometheus-operator', prometheusOperator: { matchLabels: { release: 'kps' } } },
    };
    expect(clusterSpecSchema.safeParse(spec).error?.issues).toBeUndefined();
    expect(build(spec).findings).toEqual([]);
  });
});
