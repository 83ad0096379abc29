/**
 * The traffic a cluster needs between its nodes and from outside, derived from its stack, for
 * whoever owns the firewall or the cloud security groups.
 */
import { parseCidr } from '../../lib/common/cidr';
import { BgpMode, Encapsulation, IPIP_ENCAPSULATIONS, VXLAN_ENCAPSULATIONS } from '../../lib/calico/enums';
import { isLoadBalancerPool } from '../../lib/calico/installation-props';
import { RETINA_PORT } from '../../lib/retina/retina-agent';
import { FELIX_METRICS, TYPHA_METRICS } from '../../lib/calico/metrics';
import { bgpRequirements } from './bgp-plan';
import { NetworkRequirement, NODES } from './requirement';
import { NODE_EXPORTER_PORT } from '../../lib/monitoring/node-exporter';
import { CalicoStack } from '../../lib/stack/calico-stack';

export type { NetworkRequirement };

/** Felix/Typha ports and WireGuard ports (FelixConfiguration defaults). */
export const PORTS = { bgp: 179, typha: 5473, vxlan: 4789, wireguardV4: 51820, wireguardV6: 51821 } as const;

export function calicoRequirements(stack: CalicoStack): NetworkRequirement[] {
  const c = stack.calico;
  const pools = c.installation.ipPools;
  // LoadBalancer pools hold Service addresses: no pod traffic in their encapsulation.
  const encapsulations = new Set(pools.filter((p) => !isLoadBalancerPool(p)).map((p) => p.encapsulation));
  const families = new Set(pools.map((p) => parseCidr(p.cidr)?.family ?? 4));
  const rows: NetworkRequirement[] = [
    { protocol: 'TCP', port: `${PORTS.typha}`, from: NODES, to: NODES, purpose: 'Typha (calico-node → calico-typha, host network; always deployed by the operator)' },
  ];
  if (c.installation.bgp === BgpMode.ENABLED) rows.push(...bgpRequirements(stack));
  if (IPIP_ENCAPSULATIONS.some((e) => encapsulations.has(e))) {
    const crossOnly = !encapsulations.has(Encapsulation.IPIP);
    rows.push({ protocol: 'IP protocol 4', port: '', from: NODES, to: NODES, purpose: `IP-in-IP pod traffic${crossOnly ? ' (IPIPCrossSubnet: only between nodes in different subnets)' : ''}` });
  }
  if (VXLAN_ENCAPSULATIONS.some((e) => encapsulations.has(e))) {
    const crossOnly = !encapsulations.has(Encapsulation.VXLAN);
    rows.push({ protocol: 'UDP', port: `${PORTS.vxlan}`, from: NODES, to: NODES, purpose: `VXLAN pod traffic${crossOnly ? ' (VXLANCrossSubnet: only between nodes in different subnets)' : ''}` });
  }
  const unencapsulated = [Encapsulation.NONE, Encapsulation.IPIP_CROSS_SUBNET, Encapsulation.VXLAN_CROSS_SUBNET].filter((e) => encapsulations.has(e));
  if (unencapsulated.length > 0) {
    rows.push({
      protocol: 'any', port: '', from: 'pod CIDRs', to: 'pod CIDRs',
      purpose: `unencapsulated pod traffic (${unencapsulated.join(', ')}${unencapsulated.some((e) => e !== Encapsulation.NONE) ? ': inside a subnet' : ''}); on clouds: source/destination check off`,
    });
  }
  if (c.wireguard) {
    if (families.has(4) || families.size === 0) rows.push({ protocol: 'UDP', port: `${PORTS.wireguardV4}`, from: NODES, to: NODES, purpose: 'WireGuard (IPv4)' });
    if (families.has(6)) rows.push({ protocol: 'UDP', port: `${PORTS.wireguardV6}`, from: NODES, to: NODES, purpose: 'WireGuard (IPv6)' });
  }
  return rows;
}

/**
 * Whoever scrapes host-network exporters: a Prometheus pod, whose traffic to a node address leaves
 * through natOutgoing and so may arrive from any node's address as well as from the pod CIDRs.
 */
const SCRAPER = 'every node and pod CIDRs (Prometheus)';

export function retinaRequirements(stack: CalicoStack): NetworkRequirement[] {
  if (!stack.retina) return [];
  return [{ protocol: 'TCP', port: `${RETINA_PORT}`, from: SCRAPER, to: NODES, purpose: 'Retina agent metrics (retina-agent runs on the host network)' }];
}

/**
 * The monitoring stack: Prometheus (calico-stack's, or kube-prometheus-stack's with mode
 * prometheus-operator) scrapes host-network exporters on every node (see SCRAPER), and users reach
 * the two NodePorts of standalone mode (with allowedSourceCidrs, only from those).
 */
export function monitoringRequirements(stack: CalicoStack): NetworkRequirement[] {
  const m = stack.monitoring;
  if (!m) return [];
  const users = m.allowedSourceCidrs.length > 0 ? m.allowedSourceCidrs.join(', ') : 'anywhere';
  return [
    ...(m.nodeExporter ? [{ protocol: 'TCP', port: `${NODE_EXPORTER_PORT}`, from: SCRAPER, to: NODES, purpose: 'node-exporter metrics (host network)' }] : []),
    ...(stack.calico.metrics ? [
      { protocol: 'TCP', port: `${FELIX_METRICS.metricsPort}`, from: SCRAPER, to: NODES, purpose: 'Felix metrics (calico-node, host network)' },
      { protocol: 'TCP', port: `${TYPHA_METRICS.metricsPort}`, from: SCRAPER, to: NODES, purpose: 'Typha metrics (calico-typha, host network)' },
    ] : []),
    ...(m.prometheus ? [{ protocol: 'TCP', port: `${m.prometheus.nodePort}`, from: users, to: NODES, purpose: 'Prometheus UI and API (NodePort)' }] : []),
    ...(m.grafana ? [{ protocol: 'TCP', port: `${m.grafana.nodePort}`, from: users, to: NODES, purpose: 'Grafana (NodePort)' }] : []),
  ];
}

/** Every requirement of the cluster, component by component. */
export function networkRequirements(stack: CalicoStack): NetworkRequirement[] {
  return [...calicoRequirements(stack), ...retinaRequirements(stack), ...monitoringRequirements(stack)];
}

/** A plain-text table with a header row, columns padded to their widest cell. */
export function formatTable(rows: readonly NetworkRequirement[]): string {
  const header = { protocol: 'PROTOCOL', port: 'PORT', from: 'FROM', to: 'TO', purpose: 'FOR' };
  const cols = ['protocol', 'port', 'from', 'to', 'purpose'] as const;
  const all = [header, ...rows];
  const widths = cols.map((k) => Math.max(...all.map((r) => r[k].length)));
  return all.map((r) => cols.map((k, i) => (i === cols.length - 1 ? r[k] : r[k].padEnd(widths[i]))).join('  ')).join('\n');
}
