/**
 * Nothing for the operator to write back: the operator's defaulting (the test-side model,
 * operator-defaulting.ts, checked against the operator's own unit tests) applied to every object
 * calico-stack renders, for every release and a matrix of cluster files and cluster states, changes
 * no field calico-stack renders and leaves the IP pools exactly as rendered; whatever it adds is a
 * field calico-stack lists as left to the operator (operator-written-fields.ts, the Argo CD ignore
 * rules), and none of those lies inside the atomic ipPools list (which Flux would take back).
 */
import { detectableProviders, Json, OPERATOR_OF, OperatorDefaulting, type Cluster } from './operator-defaulting';
import { operatorWrittenFields, withOperatorDefaults } from '../../src/lib/calico/operator-written-fields';
import { CALICO_VERSIONS, calicoRelease } from '../../src/lib/calico/releases';
import { allObjects, clusterDoc, config, FIXTURES, K8sObject, render } from '../util';

/** A cluster file's calico section and platform, by name. */
interface Config {
  readonly calico?: Record<string, unknown>;
  readonly platform?: Record<string, unknown>;
  /** Only on releases that have this dataplane / allowed use. */
  readonly needs?: { readonly dataplane?: string; readonly allowedUse?: string };
  /** The provider the Installation names (`calico.installation.kubernetesProvider`). */
  readonly provider?: string;
}

const BPF_NODE = { nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } };
const CONFIGS: Record<string, Config> = {
  'defaults (one IPIP pool from podSubnet)': {},
  'a VXLAN pool': { calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] } },
  'VXLANCrossSubnet, BGP off': { calico: { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLANCrossSubnet' }] } },
  'IPIPCrossSubnet': { calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIPCrossSubnet', blockSize: 24, natOutgoing: 'Disabled' }] } },
  'an unencapsulated pool with BGP': { calico: { bgp: 'Enabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None', disableBGPExport: true }] } },
  'two IPv4 pools (names from their CIDRs)': { calico: { ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: '10.244.128.0/17', nodeSelector: 'zone == "b"' }] } },
  'dual stack from podSubnet': { platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' } },
  'IPv6 only': { platform: { podSubnet: 'fd00:10:244::/56' } },
  'BPF': { calico: { linuxDataplane: 'BPF', ...BPF_NODE }, platform: { apiServerEndpoint: '10.0.0.10:6443' } },
  'BPF, dual stack': {
    calico: { linuxDataplane: 'BPF', ...BPF_NODE, nodeAddressAutodetectionV6: { kubernetes: 'NodeInternalIP' } },
    platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56', apiServerEndpoint: '10.0.0.10:6443' },
  },
  'Nftables': { calico: { linuxDataplane: 'Nftables' }, needs: { dataplane: 'Nftables' } },
  'a LoadBalancer pool': {
    calico: { ipPools: [{ cidr: '10.244.0.0/16' }, { cidr: '10.245.0.0/24', allowedUses: ['LoadBalancer'] }] },
    platform: { podSubnet: '10.244.0.0/15' }, needs: { allowedUse: 'LoadBalancer' },
  },
  'no pools (ipPools: [])': { calico: { ipPools: [] } },
  'calico.installation fields': {
    calico: { installation: { controlPlaneReplicas: 3, calicoNetwork: { hostPorts: 'Disabled' }, logging: { cni: { logSeverity: 'Debug' } }, nodeUpdateStrategy: { rollingUpdate: { maxUnavailable: 2 } } } },
  },
  'calico.installation names the provider (RKE2)': { calico: { installation: { kubernetesProvider: 'RKE2' } }, provider: 'RKE2' },
  'calico.installation: host-local IPAM': { calico: { installation: { cni: { type: 'Calico', ipam: { type: 'HostLocal' } } } } },
  'WireGuard, BGP configuration, metrics': { calico: { wireguard: true, asNumber: 64512, metrics: true } },
};

/** The cluster file's calico section for a release (v3.28.2's CRDs come from a file). */
function calicoSection(version: string, c: Config): Record<string, unknown> {
  return { version, ...(version === 'v3.28.2' ? { crds: `${FIXTURES}/operator-crds-mini.yaml` } : {}), ...c.calico };
}

/** Every leaf path of a JSON value (lists by index), as pointer tokens. */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => leaves(v, [...path, k]));
  }
  return [path];
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

const pointer = (path: readonly string[]) => path.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * What the operator's write-back would do to `rendered` (becoming `after`): every field it changes
 * that calico-stack renders, every field it adds that is not left to it (`handled`), and any change
 * to the IP pools, an atomic list.
 */
export function writeBackProblems(rendered: Json, after: Json, handled: readonly string[]): string[] {
  const problems: string[] = [];
  for (const path of leaves(rendered)) {
    const before = at(rendered, path);
    const now = at(after, path);
    if (JSON.stringify(before) !== JSON.stringify(now)) problems.push(`${pointer(path)}: rendered ${JSON.stringify(before)}, the operator writes ${JSON.stringify(now)}`);
  }
  for (const path of leaves(after)) {
    if (at(rendered, path) !== undefined) continue;
    const p = pointer(path);
    if (!handled.some((h) => p === h || p.startsWith(`${h}/`))) problems.push(`${p}: the operator adds ${JSON.stringify(at(after, path))}, which is neither rendered nor left to it`);
  }
  const pools = ['spec', 'calicoNetwork', 'ipPools'];
  if (JSON.stringify(at(rendered, pools)) !== JSON.stringify(at(after, pools))) problems.push('/spec/calicoNetwork/ipPools: the operator changes the atomic list');
  return problems;
}

/** The cluster states the operator may find: fresh, with the pools it created, with each provider it can detect, with aws-node. */
function clusters(tag: Parameters<typeof detectableProviders>[0], installation: Json, c: Config, podSubnet: string): Array<[string, Cluster]> {
  const pools = (installation.spec.calicoNetwork.ipPools as Json[]).map((p) => ({ cidr: p.cidr, name: p.name }));
  const kubeadmConfig = { ClusterConfiguration: `networking:\n  podSubnet: ${podSubnet}\n` };
  const providers = c.provider ? [c.provider] : detectableProviders(tag);
  return [
    ['a fresh kubeadm cluster', { kubeadmConfig }],
    ['the pools created', { ipPools: pools, kubeadmConfig }],
    ...providers.flatMap((p): Array<[string, Cluster]> => [
      [`detected as ${p}, fresh`, { detectedProvider: p, kubeadmConfig, openshiftClusterNetwork: podSubnet.split(',') }],
      [`detected as ${p}, the pools created`, { detectedProvider: p, kubeadmConfig, openshiftClusterNetwork: podSubnet.split(','), ipPools: pools }],
    ]),
    ['with an aws-node DaemonSet', { awsNode: true, kubeadmConfig }],
  ];
}

const CASES = CALICO_VERSIONS.flatMap((version) => Object.entries(CONFIGS).map(([name, c]) => [version, name, c] as const));

describe.each(CASES)('%s, %s: the operator writes nothing back', (version, _name, c) => {
  const release = calicoRelease(version);
  const skip = (c.needs?.dataplane && !release.linuxDataplanes.includes(c.needs.dataplane as never))
    || (c.needs?.allowedUse && !release.allowedUses.includes(c.needs.allowedUse as never));
  const run = skip ? test.skip : test;
  const model = new OperatorDefaulting(OPERATOR_OF[version]);
  const objects = () => {
    const doc = clusterDoc({ calico: calicoSection(version, c), ...(c.platform ? { platform: c.platform } : {}) });
    return { objects: allObjects(render(config(doc))), podSubnet: String(doc.platform.podSubnet) };
  };
  const one = (objs: K8sObject[], kind: string) => objs.filter((o) => o.kind === kind);

  run('Installation: no rendered field changes, the pools stay as rendered, what the operator adds is left to it', () => {
    const { objects: objs, podSubnet } = objects();
    const [installation] = one(objs, 'Installation');
    const handled = operatorWrittenFields([installation], release).flatMap((f) => f.jsonPointers);
    const problems = clusters(model.tag, installation, c, podSubnet).flatMap(([state, cluster]) => writeBackProblems(installation, model.installation(installation, cluster), handled).map((p) => `${state}: ${p}`));
    expect(problems).toEqual([]);
    // Nothing left to the operator lies inside a list (ipPools is atomic: Flux would take such a field back).
    expect(handled.filter((p) => p.split('/').some((t) => /^\d+$/.test(t)))).toEqual([]);
  });

  run('APIServer, Goldmane and Whisker: nothing to write', () => {
    const { objects: objs } = objects();
    for (const o of [...one(objs, 'APIServer'), ...one(objs, 'Goldmane')]) expect(model.unchanged(o)).toEqual(o);
    for (const o of one(objs, 'Whisker')) expect(model.whisker(o)).toEqual(o);
    expect(operatorWrittenFields([...one(objs, 'APIServer'), ...one(objs, 'Goldmane'), ...one(objs, 'Whisker')], release)).toEqual([]);
  });

  run('FelixConfiguration and BGPConfiguration: what the operator writes is left to it', () => {
    const { objects: objs, podSubnet } = objects();
    const [installation] = one(objs, 'Installation');
    for (const [state, cluster] of clusters(model.tag, installation, c, podSubnet)) {
      const defaulted = model.coreDefaults(model.crdDefaults(installation), cluster);
      for (const rollout of [{}, { calicoNodeExists: true }, { calicoNodeExists: true, bpfRolledOut: true }]) {
        for (const felix of one(objs, 'FelixConfiguration')) {
          const handled = operatorWrittenFields([felix], release).flatMap((f) => f.jsonPointers);
          expect([state, writeBackProblems(felix, model.felixConfiguration(felix, defaulted, { ...cluster, ...rollout }), handled)]).toEqual([state, []]);
        }
      }
      for (const bgp of one(objs, 'BGPConfiguration')) {
        const handled = operatorWrittenFields([bgp], release).flatMap((f) => f.jsonPointers);
        expect([state, writeBackProblems(bgp, model.bgpConfiguration(bgp, defaulted), handled)]).toEqual([state, []]);
      }
    }
  });
});

describe('the check can fail', () => {
  const release = calicoRelease('v3.32.1');
  const model = new OperatorDefaulting('v1.42.3');
  const [installation] = allObjects(render(config(clusterDoc()))).filter((o) => o.kind === 'Installation');

  test('a pool without a default the operator writes is reported as a change to the atomic list', () => {
    const broken = structuredClone(installation);
    delete broken.spec.calicoNetwork.ipPools[0].assignmentMode;
    const handled = operatorWrittenFields([installation], release).flatMap((f) => f.jsonPointers);
    expect(writeBackProblems(broken, model.installation(broken), handled)).toEqual([
      '/spec/calicoNetwork/ipPools/0/assignmentMode: the operator adds "Automatic", which is neither rendered nor left to it',
      '/spec/calicoNetwork/ipPools: the operator changes the atomic list',
    ]);
  });

  test('a default left out of the render and not left to the operator is reported', () => {
    const broken = structuredClone(installation);
    delete broken.spec.controlPlaneReplicas;
    expect(writeBackProblems(broken, model.installation(broken), operatorWrittenFields([broken], release).flatMap((f) => f.jsonPointers))).toContain('/spec/controlPlaneReplicas: the operator adds 2, which is neither rendered nor left to it');
  });

  test('a rendered value the operator rewrites is reported', () => {
    const broken = structuredClone(installation);
    broken.spec.registry = 'mirror.example';
    expect(writeBackProblems(broken, new OperatorDefaulting('v1.38.13').installation(broken), [])).toContain('/spec/registry: rendered "mirror.example", the operator writes "mirror.example/"');
  });

  test('the renderer fills what a render leaves out, from the release\'s table', () => {
    const bare = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { cni: { type: 'Calico' }, calicoNetwork: { ipPools: [{ cidr: '10.244.0.0/16', name: 'default-ipv4-ippool' }] } } };
    const filled = withOperatorDefaults(bare, release);
    expect(writeBackProblems(filled, model.installation(filled), operatorWrittenFields([filled], release).flatMap((f) => f.jsonPointers))).toEqual([]);
  });
});
