/**
 * The pools of a render compared with the committed render (src/app/day2/pool-changes.ts): a
 * separate pass after rendering, so the render depends only on its inputs.
 */
import { poolChangeFindings, poolProcedures } from '../../src/app/day2/pool-changes';
import { installationShape, renderedInstallation } from '../../src/app/output/previous-render';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, messages } from '../util';

const installation = (pool: Record<string, unknown>, calico: Record<string, unknown> = {}) => renderedInstallation(renderStack(config(clusterDoc({ calico: { ipPools: [pool], ...calico } }))));
const POOL = { name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26 };

test('a blockSize change: a warning pointing to the plan, and the eight steps of the temporary-pool procedure', () => {
  const committed = installation(POOL);
  const next = installation({ ...POOL, blockSize: 24 });
  expect(messages(poolChangeFindings(committed, next))).toEqual([
    'calico.ipPools[0].blockSize: changes default-ipv4-ippool: blockSize 26 → 24 (a pool\'s block size cannot change once it exists), compared with the committed dist/ (got 24) — do it in 8 steps instead: `npm run plan` prints them (upstream: tigera/docs@f2a2762432b54f20274d42c67bfa828d82872498 calico_versioned_docs/version-3.32/networking/ipam/change-block-size.mdx#L76-108)',
  ]);
  const [procedure] = poolProcedures(committed, next);
  expect(procedure.steps).toHaveLength(8);
  expect(procedure.steps[0]).toBe('keep default-ipv4-ippool with blockSize 26 in the cluster file and add a temporary pool with another name and a cidr that does not overlap 10.244.0.0/16; npm run synth, then apply the folder');
  expect(procedure.steps[1]).toContain('set default-ipv4-ippool\'s nodeSelector to "!all()"');
  expect(procedure.steps[4]).toBe('add default-ipv4-ippool back with blockSize 24; npm run synth, then apply the folder');
  expect(procedure.steps[7]).toBe('remove the temporary pool from the cluster file; npm run synth, then apply the folder');
});

test('a cidr change: the five steps of the pool migration, through a pool with another name', () => {
  const committed = installation({ ...POOL, cidr: '10.244.0.0/17' });
  const next = installation(POOL);
  const procedures = poolProcedures(committed, next);
  expect(procedures.map((p) => [p.path, p.steps.length])).toEqual([['calico.ipPools[0].cidr', 5]]);
  expect(procedures[0].title).toBe('default-ipv4-ippool: cidr 10.244.0.0/17 → 10.244.0.0/16 (a pool\'s CIDR cannot change; the operator would delete the pool of 10.244.0.0/17 under its running pods)');
  expect(procedures[0].steps[0]).toBe('keep default-ipv4-ippool with cidr 10.244.0.0/17 in the cluster file and add a pool with another name and cidr 10.244.0.0/16; npm run synth, then apply the folder; `kubectl get ippools` lists both');
  expect(procedures[0].steps[4]).toBe('remove default-ipv4-ippool from the cluster file; npm run synth, then apply the folder (the operator deletes the pool of 10.244.0.0/17)');
  expect(procedures[0].source).toContain('networking/ipam/migrate-pools.mdx');
});

test('a nodeSelector change: applied, and the running pods to recreate', () => {
  const committed = installation(POOL);
  const next = installation({ ...POOL, nodeSelector: 'zone == "west"' });
  const [procedure] = poolProcedures(committed, next);
  expect(procedure.path).toBe('calico.ipPools[0].nodeSelector');
  expect(procedure.title).toBe('default-ipv4-ippool: nodeSelector all() → zone == "west" (applies to new addresses only: running pods keep theirs)');
  expect(procedure.steps[1]).toContain('IPAM does not give running pods new addresses');
  expect(messages(poolChangeFindings(committed, next))[0]).toMatch(/^calico\.ipPools\[0\]\.nodeSelector: changes default-ipv4-ippool: nodeSelector all\(\) → zone == "west" .* — do it in 2 steps instead/);
});

test('BGP off under IPIP pools: pools to VXLAN first with BGP on, then BGP off', () => {
  const committed = installation({ ...POOL, encapsulation: 'IPIP' });
  const next = installation({ ...POOL, encapsulation: 'VXLAN' }, { bgp: 'Disabled' });
  expect([committed?.bgp, next?.bgp]).toEqual(['Enabled', 'Disabled']);
  const procedures = poolProcedures(committed, next);
  expect(procedures.map((p) => p.path)).toEqual(['calico.bgp']);
  expect(procedures[0].title).toBe('BGP turns off while the committed pools default-ipv4-ippool use IPIP, whose routes BGP distributes: pods on different nodes would lose each other until Felix programs the new pools\' routes');
  expect(procedures[0].steps).toEqual([
    'keep calico.bgp: Enabled and change only the pools: their encapsulation to VXLAN or VXLANCrossSubnet (Felix programs the routes of VXLAN pools); npm run synth, apply the folder',
    'wait for calico-node to roll out with it: `kubectl -n calico-system rollout status ds/calico-node --timeout=600s`, then check pod-to-pod traffic across nodes',
    'set calico.bgp: Disabled; npm run synth, then apply the folder',
  ]);
  // From VXLAN pools, turning BGP off needs nothing.
  expect(poolProcedures(installation({ ...POOL, encapsulation: 'VXLAN' }), next)).toEqual([]);
});

test('no procedure for the same pools, a new pool, no committed render, or a cache entry without the new fields', () => {
  const next = installation(POOL);
  expect(poolChangeFindings(next, next)).toEqual([]);
  expect(poolChangeFindings({ pools: [{ name: 'other', cidr: '10.0.0.0/16', blockSize: 26 }] }, next)).toEqual([]);
  expect(poolChangeFindings(undefined, next)).toEqual([]);
  // A render cache entry written before nodeSelector and bgp were recorded: nothing to compare them with.
  expect(poolProcedures({ pools: [{ name: POOL.name, cidr: POOL.cidr, blockSize: 26 }] }, installation({ ...POOL, nodeSelector: '!all()' }, { bgp: 'Disabled', ipPools: [{ ...POOL, encapsulation: 'VXLAN', nodeSelector: '!all()' }] }))).toEqual([]);
});

test('the Installation read from a render\'s YAML and from the stack\'s object are the same', () => {
  for (const calico of [{}, { ipPools: [{ name: 'a', cidr: '10.244.0.0/17', blockSize: 24 }, { name: 'b', cidr: '10.244.128.0/17' }] }, { linuxDataplane: 'BPF' }]) {
    const stack = config(clusterDoc({ calico, platform: { apiServerEndpoint: '10.0.0.10:6443' } }));
    expect(installationShape(stack.calico.installation.resource.toJson())).toEqual(renderedInstallation(renderStack(stack)));
  }
});
