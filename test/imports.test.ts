/**
 * Guards the generated imports: cdk8s import silently keeps only the last file of a repeated API
 * group, so every class calico-stack uses is checked here.
 */
import * as v3 from '../imports/projectcalico.org';
import crdSchemas from '../imports/crd-schemas.json';
import * as operator from '../imports/operator.tigera.io';
import { RELEASES } from '../src/lib/calico/releases';

test.each([
  ['Installation', operator.Installation, 'operator.tigera.io/v1'],
  ['APIServer', operator.ApiServer, 'operator.tigera.io/v1'],
  ['Goldmane', operator.Goldmane, 'operator.tigera.io/v1'],
  ['Whisker', operator.Whisker, 'operator.tigera.io/v1'],
  ['FelixConfiguration', v3.FelixConfiguration, 'projectcalico.org/v3'],
  ['BGPConfiguration', v3.BgpConfiguration, 'projectcalico.org/v3'],
  ['BGPPeer', v3.BgpPeer, 'projectcalico.org/v3'],
])('imports has %s', (kind, cls, apiVersion) => {
  expect(cls.GVK).toEqual({ apiVersion, kind });
  expect(Object.keys(crdSchemas)).toContain(`${apiVersion}/${kind}`);
});

test('imported schemas carry no upstream description text', () => {
  expect(JSON.stringify(crdSchemas)).not.toContain('"description"');
});

test('imports come from the newest release: every Installation field it has is typed', () => {
  const newest = RELEASES[0];
  const schema = (crdSchemas as Record<string, any>)['operator.tigera.io/v1/Installation'].properties.spec;
  const tree = newest.fields.Installation;
  expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(tree.fields!).sort());
  expect(Object.keys(schema.properties.calicoNetwork.properties).sort()).toEqual(Object.keys(tree.fields!.calicoNetwork.fields!).sort());
  expect(operator.InstallationSpecCalicoNetworkLinuxDataplane).toBeDefined();
  expect(Object.values(operator.InstallationSpecCalicoNetworkLinuxDataplane).sort()).toEqual([...newest.linuxDataplanes].sort());
});
