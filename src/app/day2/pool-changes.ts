/**
 * Pool changes the operator cannot make in place, compared with the committed render: a pool's
 * cidr or blockSize (fixed once the pool exists), its nodeSelector (applied, but running pods keep
 * their addresses), and BGP turned off while the committed pools use IPIP. Each is a warning whose
 * procedure, in numbered steps of the cluster file, `npm run plan` prints (poolProcedures). A check
 * that compares two renders, run after rendering (synth) and by plan and check; the render itself
 * depends only on its inputs.
 *
 * Upstream facts (tigera/docs at f2a2762432b54f20274d42c67bfa828d82872498, calico_versioned_docs/version-3.32/):
 * - change-block-size.mdx:76-108: blockSize cannot be edited once installed; the temporary-pool procedure.
 * - migrate-pools.mdx:35-69 (steps), 86-135 (with the operator: a pool is added in the Installation, and
 *   disabled by setting its nodeSelector to `!all()`).
 * - assign-ip-addresses-topology.mdx:171-175: IPAM does not give running workloads new addresses; recreate them.
 * - networking/configuring/vxlan-ipip.mdx:36 (BGP distributes the routes of IPIP pools, Felix those of
 *   VXLAN pools), 158 (with only VXLAN pools BGP is not required).
 * The operator keys the pools it owns by CIDR and deletes one that leaves the Installation
 * (tigera/operator v1.42.3 pkg/controller/ippool/pool_controller.go:336-359); the CIDR and block size
 * of a pool cannot be modified (projectcalico/calico v3.32.1 libcalico-go/lib/clientv3/ippool.go:383,430).
 */
import { Finding, warning } from '../../lib/common/findings';
import type { InstallationShape } from '../output/previous-render';

const DOCS = 'tigera/docs@f2a2762432b54f20274d42c67bfa828d82872498 calico_versioned_docs/version-3.32/';

/** A change that takes several applies: what, the steps in order, and the page they follow. */
export interface Procedure {
  /** The cluster-file path the change is at. */
  readonly path: string;
  /** The new value. */
  readonly got: unknown;
  readonly title: string;
  readonly steps: readonly string[];
  readonly source: string;
}

const APPLY = 'npm run synth, then apply the folder';
const DISABLE = (pool: string) => `set ${pool}'s nodeSelector to "!all()" in the cluster file (no new addresses from it; running pods keep theirs); ${APPLY}`;
const DRAIN = (pool: string, cidr: string) => `delete the pods that have addresses from ${pool} (${cidr}), a few at a time (\`kubectl get pods -A -o wide\`, \`calicoctl ipam show --show-blocks\`); their replacements get addresses from the other pool`;
const IPIP = /^IPIP/;

/** The procedures of each change of `next`'s pools (and BGP) that the committed render (`previous`) cannot take in place. */
export function poolProcedures(previous: InstallationShape | undefined, next: InstallationShape | undefined): Procedure[] {
  if (!previous || !next) return [];
  const out: Procedure[] = [];
  next.pools.forEach((pool, i) => {
    const before = previous.pools.find((p) => p.name === pool.name);
    if (!before) return;
    const at = `calico.ipPools[${i}]`;
    if (before.cidr !== pool.cidr) {
      out.push({
        path: `${at}.cidr`, got: pool.cidr,
        title: `${pool.name}: cidr ${before.cidr} → ${pool.cidr} (a pool's CIDR cannot change; the operator would delete the pool of ${before.cidr} under its running pods)`,
        steps: [
          `keep ${pool.name} with cidr ${before.cidr} in the cluster file and add a pool with another name and cidr ${pool.cidr}; ${APPLY}; \`kubectl get ippools\` lists both`,
          DISABLE(pool.name),
          DRAIN(pool.name, before.cidr),
          'check that a new pod gets an address from the new pool (`kubectl create deployment ippool-test --image nginx`, `kubectl get pods -o wide`, then delete it)',
          `remove ${pool.name} from the cluster file; ${APPLY} (the operator deletes the pool of ${before.cidr})`,
        ],
        source: `${DOCS}networking/ipam/migrate-pools.mdx#L35-69,L86-135`,
      });
    }
    if (before.blockSize !== pool.blockSize && before.cidr === pool.cidr) {
      out.push({
        path: `${at}.blockSize`, got: pool.blockSize,
        title: `${pool.name}: blockSize ${before.blockSize} → ${pool.blockSize} (a pool's block size cannot change once it exists)`,
        steps: [
          `keep ${pool.name} with blockSize ${before.blockSize} in the cluster file and add a temporary pool with another name and a cidr that does not overlap ${pool.cidr}; ${APPLY}`,
          DISABLE(pool.name),
          DRAIN(pool.name, pool.cidr),
          `remove ${pool.name} from the cluster file; ${APPLY} (the operator deletes it)`,
          `add ${pool.name} back with blockSize ${pool.blockSize}; ${APPLY}`,
          DISABLE('the temporary pool'),
          DRAIN('the temporary pool', 'its cidr'),
          `remove the temporary pool from the cluster file; ${APPLY}`,
        ],
        source: `${DOCS}networking/ipam/change-block-size.mdx#L76-108`,
      });
    }
    if (before.nodeSelector !== undefined && pool.nodeSelector !== undefined && before.nodeSelector !== pool.nodeSelector && before.cidr === pool.cidr) {
      out.push({
        path: `${at}.nodeSelector`, got: pool.nodeSelector,
        title: `${pool.name}: nodeSelector ${before.nodeSelector} → ${pool.nodeSelector} (applies to new addresses only: running pods keep theirs)`,
        steps: [
          `${APPLY}`,
          'recreate the workloads whose addresses should move (on nodes the selector no longer or newly selects), in a maintenance window: IPAM does not give running pods new addresses',
        ],
        source: `${DOCS}networking/ipam/assign-ip-addresses-topology.mdx#L171-175`,
      });
    }
  });
  const ipipBefore = previous.pools.filter((p) => p.encapsulation !== undefined && IPIP.test(p.encapsulation));
  if (next.bgp === 'Disabled' && previous.bgp !== undefined && previous.bgp !== 'Disabled' && ipipBefore.length > 0) {
    out.push({
      path: 'calico.bgp', got: next.bgp,
      title: `BGP turns off while the committed pools ${ipipBefore.map((p) => p.name).join(', ')} use IPIP, whose routes BGP distributes: pods on different nodes would lose each other until Felix programs the new pools' routes`,
      steps: [
        'keep calico.bgp: Enabled and change only the pools: their encapsulation to VXLAN or VXLANCrossSubnet (Felix programs the routes of VXLAN pools); npm run synth, apply the folder',
        'wait for calico-node to roll out with it: `kubectl -n calico-system rollout status ds/calico-node --timeout=600s`, then check pod-to-pod traffic across nodes',
        `set calico.bgp: Disabled; ${APPLY}`,
      ],
      source: `${DOCS}networking/configuring/vxlan-ipip.mdx#L36,L158`,
    });
  }
  return out;
}

/** Warnings for each change poolProcedures() finds; `npm run plan` prints their steps. */
export function poolChangeFindings(previous: InstallationShape | undefined, next: InstallationShape | undefined): Finding[] {
  return poolProcedures(previous, next).map((p) => warning(p.path, `changes ${p.title}, compared with the committed dist/`, {
    got: p.got,
    fix: `do it in ${p.steps.length} steps instead: \`npm run plan\` prints them (upstream: ${p.source})`,
  }));
}
