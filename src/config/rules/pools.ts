/**
 * The operator's own Installation and IP pool checks (its ippool/validation.go and
 * installation/validation.go), run at synth time. The Installation CRD has no schema constraints,
 * so without these the API server accepts anything and the operator reports the problem later in
 * a degraded TigeraStatus.
 */
import { mustParseCidr, parseCidr } from '../../common/cidr';
import { ClusterConfig } from '../cluster-config';
import { error, Finding, warning } from '../../common/findings';
import { BgpMode, Encapsulation, IPIP_ENCAPSULATIONS, LinuxDataplane } from '../../calico/enums';

/** The Installation CRD's maxItems for calicoNetwork.ipPools. */
export const MAX_POOLS = 25;

export function tooManyPools(count: number): string {
  return `lists ${count} pools; the Installation takes at most ${MAX_POOLS}`;
}
export const TOO_MANY_POOLS_FIX = 'merge pools, or create the extra ones as IPPool resources';

/** Block size limits per family: [min, max]. */
export const BLOCK_SIZE_RANGE = { 4: [20, 32], 6: [116, 128] } as const;

const AUTODETECTION_METHODS = ['firstFound', 'kubernetes', 'interface', 'skipInterface', 'canReach', 'cidrs'] as const;

export const poolRule = (config: ClusterConfig): Finding[] => {
  const c = config.calico;
  const findings: Finding[] = [];
  if (c.ipPools.length === 0 && !c.ipPoolsFromPodSubnet) {
    // An explicitly empty list is kept: the operator defaults pools only when the list is absent (nil)
    // and leaves an empty one alone (tigera/operator v1.40.15 pkg/controller/ippool/defaults.go:110-112,
    // :298 and :334-336), and deletes the pools it created that the list no longer names
    // (pkg/controller/ippool/pool_controller.go:330-353). With Calico networking it installs nothing more
    // until a pool exists (pkg/controller/installation/core_controller.go:958-967).
    findings.push(warning('calico.ipPools', 'is empty: the operator creates no IP pools (and deletes those it created before) and waits ("waiting for enabled IP pools to be created") before it installs calico-node, so no pod gets an address until you create IPPool objects yourself', {
      got: [], fix: 'create the pools yourself (e.g. with calicoctl), or list them here (leave the key out for one pool per podSubnet CIDR)',
    }));
  }
  if (c.ipPools.length > MAX_POOLS) {
    findings.push(error('calico.ipPools', tooManyPools(c.ipPools.length), { fix: TOO_MANY_POOLS_FIX }));
  }
  c.ipPools.forEach((pool, i) => {
    const at = (key: string) => (c.ipPoolsFromPodSubnet ? `calico.ipPools (from podSubnet ${pool.cidr})` : `calico.ipPools[${i}].${key}`);
    const cidr = parseCidr(pool.cidr);
    if (!cidr) return;
    const [min, max] = BLOCK_SIZE_RANGE[cidr.family];
    if (pool.blockSize < min || pool.blockSize > max) {
      const quote = cidr.family === 4 ? ' (the operator: "IPv4 pool block size must be greater than 19 and less than or equal to 32")' : '';
      findings.push(error(at('blockSize'), `is out of range for an IPv${cidr.family} pool${quote}`, { got: pool.blockSize, allowed: `${min}–${max}` }));
    } else if (cidr.prefix > pool.blockSize) {
      findings.push(error(at('blockSize'), `is larger than the pool ${pool.cidr} (the operator: "IP pool size is too small. It must be equal to or greater than the block size")`, {
        got: pool.blockSize, allowed: `${cidr.prefix}–${max}`, fix: `use blockSize ${Math.max(cidr.prefix, min)} or more, or a larger pool`,
      }));
    }
    if (cidr.family === 6 && IPIP_ENCAPSULATIONS.includes(pool.encapsulation)) {
      findings.push(error(at('encapsulation'), `IPIP encapsulation is not supported by IPv6 pools, but it is set for ${pool.cidr}`, {
        got: pool.encapsulation, allowed: 'None, VXLAN, VXLANCrossSubnet',
      }));
    }
    if (c.bgp !== BgpMode.ENABLED && IPIP_ENCAPSULATIONS.includes(pool.encapsulation)) {
      findings.push(error(at('encapsulation'), 'IPIP encapsulation requires that BGP is enabled', {
        got: pool.encapsulation, fix: 'set calico.bgp: Enabled, or use VXLAN',
      }));
    }
    if (c.bgp !== BgpMode.ENABLED && pool.encapsulation === Encapsulation.NONE) {
      findings.push(error(at('encapsulation'), 'unencapsulated IP pools require that BGP is enabled', {
        got: pool.encapsulation, fix: 'set calico.bgp: Enabled, or use VXLAN',
      }));
    }
    if (pool.nodeSelector.trim() === '') {
      findings.push(error(at('nodeSelector'), 'is empty; the operator requires a selector', { got: pool.nodeSelector, allowed: 'a Calico selector such as all()' }));
    }
  });
  return findings;
};

/** At most one autodetection method per family; BPF needs one for every family with pools. */
export const autodetectionRule = (config: ClusterConfig): Finding[] => {
  const c = config.calico;
  const findings: Finding[] = [];
  const families = new Set(c.ipPools.map((p) => mustParseCidr(p.cidr).family));
  for (const family of [4, 6] as const) {
    const key = `nodeAddressAutodetectionV${family}` as const;
    const value = c[key] as Record<string, unknown> | undefined;
    if (value === undefined) {
      if (c.linuxDataplane === LinuxDataplane.BPF && families.has(family)) {
        findings.push(warning(`calico.${key}`, `is not set; the BPF dataplane needs the node's IPv${family} address and the operator would fall back to firstFound: true, which picks the first interface it sees`, {
          fix: `set one method explicitly, e.g. ${key}: { kubernetes: NodeInternalIP }`,
        }));
      }
      continue;
    }
    const methods = AUTODETECTION_METHODS.filter((m) => value[m] !== undefined && value[m] !== false);
    if (methods.length > 1) {
      findings.push(error(`calico.${key}`, 'no more than one node address autodetection method can be specified per-family', {
        got: methods.join(', '), allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs',
      }));
    } else if (methods.length === 0) {
      findings.push(error(`calico.${key}`, 'names no autodetection method', { got: value, allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs' }));
    }
  }
  return findings;
};
