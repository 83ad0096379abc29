import * as fs from 'fs';
import * as path from 'path';
import { compareObjects, Obj, objectsOf } from '../../scripts/parity';
import { extractRelease, RELEASE_FILES, ReleaseFile } from '../../scripts/release-data';
import { releaseFromData } from '../../src/lib/calico/releases';
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
