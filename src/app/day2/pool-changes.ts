/**
 * A pool whose cidr or blockSize differs from the committed render: the operator cannot change
 * either in place (an IP pool's CIDR and block size are fixed once it exists), so the change would
 * not take effect. A check that compares two renders, run after rendering (synth) and by plan and
 * check; the render itself depends only on its inputs.
 */
import { Finding, warning } from '../../lib/common/findings';
import type { PoolShape } from '../output/previous-render';

/** Warnings for each pool of `next` that `previous` (the committed render) has with another cidr or blockSize. */
export function poolChangeFindings(previous: readonly PoolShape[] | undefined, next: readonly PoolShape[] | undefined): Finding[] {
  if (!previous || !next) return [];
  const findings: Finding[] = [];
  next.forEach((pool, i) => {
    const before = previous.find((p) => p.name === pool.name);
    if (!before) return;
    for (const key of ['cidr', 'blockSize'] as const) {
      if (before[key] !== pool[key]) {
        findings.push(warning(`calico.ipPools[${i}].${key}`, `changes ${pool.name} from ${before[key]} (the committed dist/) to ${pool[key]}; a pool's ${key} cannot be changed once it exists, so this will not take effect`, {
          got: pool[key], fix: 'migrate instead: add a new pool with another name, disable the old one (disableNewAllocations), move the workloads, then delete it',
        }));
      }
    }
  });
  return findings;
}
