/**
 * The whole app of one cluster, as the CLI renders it: every chart of a CalicoStack with every
 * default (a change detector; the behaviour is asserted chart by chart in the other test files).
 */
import { allObjects, clusterDoc, config, render } from './util';

test('the whole default render is unchanged (change detector)', () => {
  const objects = allObjects(render(config(clusterDoc())));
  expect(objects.map((o) => o.kind)).toContain('Installation');
  expect(objects).toMatchSnapshot();
});
