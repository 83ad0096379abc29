import * as fs from 'fs';
import * as path from 'path';
import { renderCustomResources } from '../../scripts/compare-upstream';
import { compareCustomResources, compareObjects, Obj, objectsOf } from '../../scripts/parity';
import { extractRelease, RELEASE_FILES, ReleaseFile } from '../../scripts/release-data';
import { CALICO_VERSIONS, calicoRelease, releaseFromData } from '../../src/lib/calico/releases';
import { TigeraOperatorChart } from '../../src/lib/calico/tigera-operator-chart';
import { FIXTURES, testApp } from '../util';

const files = (version: string): Record<ReleaseFile, string> =>
  Object.fromEntries(RELEASE_FILES.map((f) => [f, fs.readFileSync(path.join(FIXTURES, 'release', version, f), 'utf8')])) as Record<ReleaseFile, string>;

/** The operator objects rendered from the data add-release reads from `files`. */
function rendered(version: string, f = files(version)): Obj[] {
  const release = releaseFromData(extractRelease({ version, files: f }).data);
  return new TigeraOperatorChart(testApp(), 'op', { release }).toJson() as Obj[];
}

describe('the operator rendered from generated data equals the upstream manifest it came from', () => {
  test.each([['v9.1.0', 5], ['v9.2.0', 7]])('%s: %i objects, no difference (resources, ports and every other Deployment field kept)', (version, count) => {
    expect(compareObjects(objectsOf(files(version)['tigera-operator.yaml']), rendered(version))).toEqual({ compared: count, differences: [] });
  });

  test('fails when rendered objects differ, listing each field', () => {
    const upstream = objectsOf(files('v9.1.0')['tigera-operator.yaml']);
    const ours = rendered('v9.1.0').map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, labels: { name: 'other' } } } : o))
      .filter((o) => o.kind !== 'ClusterRoleBinding');
    expect(compareObjects(upstream, ours).differences).toEqual([
      'Namespace tigera-operator.metadata.labels.name: upstream "tigera-operator" ≠ rendered "other"',
      'ClusterRoleBinding tigera-operator: in upstream, not rendered',
    ]);
  });

  test('empty lists and maps count as absent, and so does a namespace on a cluster-scoped object', () => {
    const a = [{ kind: 'ClusterRole', metadata: { name: 'r', namespace: 'x' }, rules: [] }] as unknown as Obj[];
    const b = objectsOf('kind: ClusterRole\nmetadata: {name: r}\n');
    expect(compareObjects(objectsOf(JSON.stringify(a[0])), b)).toEqual({ compared: 1, differences: [] });
  });
});

describe('the Calico custom resources equal upstream\'s custom-resources.yaml modulo what the operator writes into them', () => {
  // The objects of upstream's manifests/custom-resources.yaml (the same at v3.30.7, v3.31.7 and
  // v3.32.1; v3.29.7 and v3.28.2 have no Goldmane or Whisker), as data; the release data records each file's sha256.
  const upstream = (version: string): Obj[] => [
    {
      apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' },
      spec: { calicoNetwork: { ipPools: [{ name: 'default-ipv4-ippool', blockSize: 26, cidr: '192.168.0.0/16', encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Enabled', nodeSelector: 'all()' }] } },
    },
    { apiVersion: 'operator.tigera.io/v1', kind: 'APIServer', metadata: { name: 'default' }, spec: {} },
    ...(!calicoRelease(version).hasGoldmaneWhisker ? [] : [
      { apiVersion: 'operator.tigera.io/v1', kind: 'Goldmane', metadata: { name: 'default' } },
      { apiVersion: 'operator.tigera.io/v1', kind: 'Whisker', metadata: { name: 'default' } },
    ]),
  ] as unknown as Obj[];

  test.each(CALICO_VERSIONS)('%s: no difference; what upstream leaves to the operator\'s run-time choice (the CNI, BGP and what follows) is listed apart', (version) => {
    const release = calicoRelease(version);
    const result = compareCustomResources(upstream(version), renderCustomResources(release, upstream(version)), release);
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(['v3.29.7', 'v3.28.2'].includes(version) ? 2 : 4);
    expect(result.operatorDecides.map((line) => line.split(':')[0])).toEqual([
      'Installation default.spec.calicoNetwork.bgp', 'Installation default.spec.calicoNetwork.hostPorts', 'Installation default.spec.calicoNetwork.linuxPolicySetupTimeoutSeconds',
      'Installation default.spec.calicoNetwork.multiInterfaceMode', 'Installation default.spec.cni', 'Installation default.spec.logging',
    ]);
  });

  test('without the operator\'s defaults the rendered pool differs: the fields the operator would write back', () => {
    const release = calicoRelease('v3.32.1');
    const plain = compareObjects(upstream('v3.32.1'), renderCustomResources(release, upstream('v3.32.1')));
    expect(plain.differences).toEqual(expect.arrayContaining([
      'Installation default.spec.calicoNetwork.ipPools[0].allowedUses: upstream undefined ≠ rendered ["Workload","Tunnel"]',
      'Installation default.spec.calicoNetwork.ipPools[0].assignmentMode: upstream undefined ≠ rendered "Automatic"',
      'Whisker default.spec: upstream undefined ≠ rendered {"notifications":"Enabled"}',
    ]));
  });

  test('fails on a real difference: a value the operator would not write, or a value calico-stack sets otherwise', () => {
    const release = calicoRelease('v3.32.1');
    const ours = renderCustomResources(release, upstream('v3.32.1')) as any[];
    ours[0].spec.calicoNetwork.ipPools[0].natOutgoing = 'Disabled';
    ours[0].spec.controlPlaneReplicas = 3;
    expect(compareCustomResources(upstream('v3.32.1'), ours, release).differences).toEqual([
      'Installation default.spec.calicoNetwork.ipPools[0].natOutgoing: upstream "Enabled" ≠ rendered "Disabled"',
      'Installation default.spec.controlPlaneReplicas: upstream 2 ≠ rendered 3',
    ]);
  });
});
