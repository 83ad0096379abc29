/**
 * Guards the generated imports: cdk8s import silently keeps only the last file of a repeated API
 * group, so every class calico-stack uses is checked here.
 */
import * as crd from '../imports/crd.projectcalico.org';
import crdSchemas from '../imports/crd-schemas.json';
import * as operator from '../imports/operator.tigera.io';

test.each([
  ['Installation', operator.Installation, 'operator.tigera.io/v1'],
  ['APIServer', operator.ApiServer, 'operator.tigera.io/v1'],
  ['Goldmane', operator.Goldmane, 'operator.tigera.io/v1'],
  ['Whisker', operator.Whisker, 'operator.tigera.io/v1'],
  ['FelixConfiguration', crd.FelixConfiguration, 'crd.projectcalico.org/v1'],
])('imports has %s', (kind, cls, apiVersion) => {
  expect(cls.GVK).toEqual({ apiVersion, kind });
  expect(Object.keys(crdSchemas)).toContain(`${apiVersion}/${kind}`);
});

test('imported schemas carry no upstream description text', () => {
  expect(JSON.stringify(crdSchemas)).not.toContain('"description"');
});
