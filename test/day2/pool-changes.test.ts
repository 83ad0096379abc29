/**
 * The pools of a render compared with the committed render (src/app/day2/pool-changes.ts): a
 * separate pass after rendering, so the render depends only on its inputs.
 */
import { poolChangeFindings } from '../../src/app/day2/pool-changes';
import { installationShape, renderedInstallation, renderedPools } from '../../src/app/output/previous-render';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, messages } from '../util';

const render = (pool: Record<string, unknown>) => renderStack(config(clusterDoc({ calico: { ipPools: [pool] } })));

test('warns when a pool\'s blockSize or cidr differs from the committed render', () => {
  const next = renderedPools(render({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24 }));
  expect(next).toEqual([expect.objectContaining({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24 })]);
  const committed = renderedPools(render({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26 }));
  expect(messages(poolChangeFindings(committed, next))).toEqual([
    'calico.ipPools[0].blockSize: changes default-ipv4-ippool from 26 (the committed dist/) to 24; a pool\'s blockSize cannot be changed once it exists, so this will not take effect (got 24) — migrate instead: add a new pool with another name, disable the old one (disableNewAllocations), move the workloads, then delete it',
  ]);
  const moved = renderedPools(render({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/17', blockSize: 24 }));
  expect(messages(poolChangeFindings(moved, next))[0]).toMatch(/^calico\.ipPools\[0\]\.cidr: changes default-ipv4-ippool from 10\.244\.0\.0\/17 \(the committed dist\/\) to 10\.244\.0\.0\/16;/);
});

test('no warning for the same pools, a new pool, or no committed render', () => {
  const next = renderedPools(render({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24 }));
  expect(poolChangeFindings(next, next)).toEqual([]);
  expect(poolChangeFindings([{ name: 'other', cidr: '10.0.0.0/16', blockSize: 26 }], next)).toEqual([]);
  expect(poolChangeFindings(undefined, next)).toEqual([]);
});

test('the Installation read from a render\'s YAML and from the stack\'s object are the same', () => {
  for (const calico of [{}, { ipPools: [{ name: 'a', cidr: '10.244.0.0/17', blockSize: 24 }, { name: 'b', cidr: '10.244.128.0/17' }] }, { linuxDataplane: 'BPF' }]) {
    const stack = config(clusterDoc({ calico, platform: { apiServerEndpoint: '10.0.0.10:6443' } }));
    expect(installationShape(stack.calico.installation.resource.toJson())).toEqual(renderedInstallation(renderStack(stack)));
  }
});
