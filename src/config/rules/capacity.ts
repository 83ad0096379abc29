/**
 * Capacity and immutability: every node claims at least one block of a pool, and a pool's cidr
 * and blockSize cannot change once the pool exists.
 */
import { blockCount, mustParseCidr } from '../../common/cidr';
import { ClusterConfig } from '../cluster-config';
import { Finding, warning } from '../../common/findings';

/** A pool as found in the previously rendered Installation. */
export interface PreviousPool {
  readonly name: string;
  readonly cidr: string;
  readonly blockSize: number;
}

export const capacityRule = (config: ClusterConfig): Finding[] => {
  const nodes = config.platform.nodes;
  if (nodes === undefined) return [];
  const findings: Finding[] = [];
  const byFamily = new Map<number, number>();
  config.calico.ipPools.forEach((pool) => {
    const cidr = mustParseCidr(pool.cidr);
    byFamily.set(cidr.family, (byFamily.get(cidr.family) ?? 0) + blockCount(cidr, pool.blockSize));
  });
  for (const [family, blocks] of byFamily) {
    if (blocks < nodes) {
      findings.push(warning('platform.nodes', `the IPv${family} pools hold ${blocks} blocks, fewer than one per node; nodes beyond that get no block of their own and borrow addresses from other nodes' blocks`, {
        got: nodes, allowed: `at most ${blocks}`, fix: 'use a smaller blockSize (more blocks) or a larger pool',
      }));
    }
  }
  return findings;
};

/** Warns when a pool already rendered with another cidr or blockSize: the operator cannot change it in place. */
export function immutabilityRule(config: ClusterConfig, previous: readonly PreviousPool[] | undefined): Finding[] {
  if (!previous) return [];
  const findings: Finding[] = [];
  config.calico.ipPools.forEach((pool, i) => {
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
