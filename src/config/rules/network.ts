/**
 * Address plan rules: CIDRs in canonical form, kubeadm's podSubnet as the operator reads it, and no
 * overlap between pods, services, nodes and pools (kubeadm#1185: the three ranges must be distinct).
 */
import { canonicalCidr, Cidr, cidrContains, cidrsOverlap, isCanonical, parseCidr, splitCidrList } from '../../common/cidr';
import { ClusterConfig } from '../cluster-config';
import { error, Finding } from '../../common/findings';

/** A CIDR of the config with where it was written. */
interface Located {
  readonly path: string;
  readonly cidr: Cidr;
}

/** Every CIDR-valued field, parsed (invalid ones were reported by the schema). */
function locate(path: string, list: string | undefined): Located[] {
  if (list === undefined) return [];
  return splitCidrList(list).flatMap((text) => {
    const cidr = parseCidr(text);
    return cidr ? [{ path, cidr }] : [];
  });
}

function podSubnets(config: ClusterConfig): Located[] {
  const p = config.platform;
  return locate(p.written.podSubnet !== undefined ? 'platform.podSubnet' : 'platform.kubeadmConfig', p.podSubnet);
}

function serviceSubnets(config: ClusterConfig): Located[] {
  const p = config.platform;
  const path = p.written.serviceSubnet !== undefined ? 'platform.serviceSubnet'
    : p.kubeadm?.serviceSubnet !== undefined ? 'platform.kubeadmConfig' : 'platform.serviceSubnet (kubeadm default)';
  return locate(path, p.serviceSubnet);
}

function nodeSubnets(config: ClusterConfig): Located[] {
  return config.platform.nodeSubnets.flatMap((s, i) => locate(`platform.nodeSubnets[${i}]`, s));
}

/** Pools listed in the cluster file (pools derived from podSubnet are checked as podSubnet). */
function listedPools(config: ClusterConfig): Located[] {
  if (config.calico.ipPoolsFromPodSubnet) return [];
  return config.calico.ipPools.flatMap((p, i) => locate(`calico.ipPools[${i}].cidr`, p.cidr));
}

/** CIDRs with host bits set are errors: say which network was probably meant. */
export const canonicalRule = (config: ClusterConfig): Finding[] => {
  const written = [
    ...locate('platform.podSubnet', config.platform.written.podSubnet),
    ...locate('platform.serviceSubnet', config.platform.written.serviceSubnet),
    ...nodeSubnets(config),
    ...listedPools(config),
  ];
  return written.filter((l) => !isCanonical(l.cidr)).map((l) => error(l.path, 'is not in canonical form: it has host bits set or is not written in its shortest form', {
    got: l.cidr.text, allowed: canonicalCidr(l.cidr), fix: `write ${canonicalCidr(l.cidr)}`,
  }));
};

/**
 * kubeadm: the operator reads podSubnet from the kubeadm-config ConfigMap and requires every
 * Installation pool to lie inside it; a cluster initialised without --pod-network-cidr fails.
 */
export const kubeadmRule = (config: ClusterConfig): Finding[] => {
  const p = config.platform;
  const findings: Finding[] = [];
  const missing = 'kubeadm configuration is missing required podSubnet field';
  if (p.kubeadm) {
    for (const key of ['podSubnet', 'serviceSubnet'] as const) {
      const value = p.kubeadm[key];
      if (value !== undefined && !splitCidrList(value).every((s) => parseCidr(s))) {
        findings.push(error('platform.kubeadmConfig', `has a networking.${key} that is not a CIDR list`, { got: value }));
      }
    }
    if (p.kubeadm.podSubnet === undefined) {
      findings.push(error('platform.kubeadmConfig', `has no networking.podSubnet, so the operator fails with "${missing}" even when the Installation lists pools (tigera/operator#2712)`, {
        got: p.kubeadm.source,
        fix: 'add networking.podSubnet to the ClusterConfiguration in `kubectl -n kube-system edit cm kubeadm-config`, then export it again',
      }));
    }
    for (const key of ['podSubnet', 'serviceSubnet'] as const) {
      const written = p.written[key];
      const read = p.kubeadm[key];
      if (written !== undefined && read !== undefined && !sameCidrList(written, read)) {
        findings.push(error(`platform.${key}`, `differs from networking.${key} in ${p.kubeadm.source}, which is what the cluster runs with`, {
          got: written, allowed: read, fix: `write ${read}, or drop platform.${key} and let it be read from ${p.kubeadm.source}`,
        }));
      }
    }
  } else if (p.podSubnet === undefined) {
    findings.push(error('platform.podSubnet', `is missing; on a kubeadm cluster the operator fails with "${missing}"`, {
      got: undefined, allowed: 'the --pod-network-cidr given to kubeadm init, e.g. 10.244.0.0/16',
      fix: 'set platform.podSubnet, or name the exported kubeadm-config with platform.kubeadmConfig',
    }));
  }

  const platformCidrs = podSubnets(config);
  if (platformCidrs.length > 0 && !config.calico.ipPoolsFromPodSubnet) {
    // The operator prints the list with Go's %v: [a b].
    const list = `[${platformCidrs.map((l) => l.cidr.text).join(' ')}]`;
    config.calico.ipPools.forEach((pool, i) => {
      const cidr = parseCidr(pool.cidr);
      if (cidr && !platformCidrs.some((l) => cidrContains(l.cidr, cidr))) {
        findings.push(error(`calico.ipPools[${i}].cidr`,
          `is not inside the cluster's podSubnet; the operator would report "IPPool ${pool.cidr} is not within the platform's configured pod network CIDR(s) ${list}" and create no pools`, {
            got: pool.cidr, allowed: `a CIDR inside ${platformCidrs.map((l) => l.cidr.text).join(' or ')}`,
            fix: 'use a CIDR inside platform.podSubnet, or omit calico.ipPools to get one pool per podSubnet CIDR',
          }));
      }
    });
  }
  return findings;
};

function sameCidrList(a: string, b: string): boolean {
  const norm = (s: string) => splitCidrList(s).map((x) => {
    const c = parseCidr(x);
    return c ? canonicalCidr(c) : x;
  }).join(',');
  return norm(a) === norm(b);
}

/** Pods, services, nodes and pools must not share addresses; pool names and CIDRs must be unique. */
export const overlapRule = (config: ClusterConfig): Finding[] => {
  const findings: Finding[] = [];
  const services = serviceSubnets(config);
  const nodes = nodeSubnets(config);
  const pods = podSubnets(config);
  const poolList = listedPools(config);

  const clash = (a: Located, b: Located, what: string, fix: string) => {
    if (cidrsOverlap(a.cidr, b.cidr)) {
      findings.push(error(a.path, `overlaps ${b.path} (${b.cidr.text}): ${what}`, { got: a.cidr.text, fix }));
    }
  };
  for (const pod of pods) {
    for (const svc of services) clash(pod, svc, 'pod and service addresses must be distinct', 'choose non-overlapping --pod-network-cidr and --service-cidr');
    for (const node of nodes) clash(pod, node, 'pod addresses would shadow the hosts\' own network', 'choose a podSubnet outside the node network');
  }
  poolList.forEach((pool, i) => {
    for (const svc of services) clash(pool, svc, 'pods would get addresses kube-proxy treats as service IPs', 'move the pool out of the service range');
    for (const node of nodes) clash(pool, node, 'pods would get addresses of the hosts\' own network', 'move the pool out of the node network');
    for (const other of poolList.slice(i + 1)) {
      if (canonicalCidr(pool.cidr) === canonicalCidr(other.cidr)) {
        findings.push(error(other.path, `repeats the CIDR of ${pool.path}; the operator rejects it ("IP pool ${other.cidr.text} is specified more than once")`, { got: other.cidr.text, fix: 'remove one of the pools' }));
      } else {
        clash(other, pool, 'one address would belong to two pools', 'split the range into pools that do not overlap');
      }
    }
  });
  const names = new Map<string, number>();
  config.calico.ipPools.forEach((pool, i) => {
    const first = names.get(pool.name);
    if (first !== undefined) {
      findings.push(error(`calico.ipPools[${i}].name`, `repeats the name of calico.ipPools[${first}]; the operator rejects it ("IP pool ${pool.name} is specified more than once")`, {
        got: pool.name, fix: 'give every pool its own name',
      }));
    } else names.set(pool.name, i);
  });
  return findings;
};
