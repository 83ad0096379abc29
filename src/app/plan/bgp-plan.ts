/**
 * What `npm run plan` says about BGP: the TCP sessions between the right parties (the full mesh,
 * the route reflectors, each peer), the AS numbers, and the step a manifest cannot take that the
 * render does not show (a route reflector is a node annotation on nodes calico-stack does not
 * know). The other BGP steps, the nodes' labels and the password Secret (only its owner creates
 * it), come from the rendered BGPPeers (manual-steps.ts).
 */
import { BgpPeering, DEFAULT_AS_NUMBER, DEFAULT_BGP_PORT, ROUTE_REFLECTOR_PEER_NAME } from '../../lib/calico/calico-bgp';
import { BgpMode } from '../../lib/calico/enums';
import { NetworkRequirement, NODES } from './requirement';
import { ManualStep, StepPhase } from './step';
import { CalicoStack } from '../../lib/stack/calico-stack';

/** The node annotation that makes calico-node a route reflector, its value the reflectors' cluster ID. */
export const ROUTE_REFLECTOR_CLUSTER_ID_ANNOTATION = 'projectcalico.org/RouteReflectorClusterID';

/** Nodes a Calico selector picks, as the table names them. */
function nodes(selector: string | undefined): string {
  return selector === undefined || selector.trim() === 'all()' ? NODES : `nodes matching ${selector}`;
}

/** The BGP sessions of the stack (TCP, to the listening side's port). BGP is on. */
export function bgpRequirements(stack: CalicoStack): NetworkRequirement[] {
  const bgp = stack.calicoApi?.bgp;
  const port = `${bgp?.listenPort ?? DEFAULT_BGP_PORT}`;
  const rows: NetworkRequirement[] = [];
  if (bgp?.nodeToNodeMesh ?? true) rows.push({ protocol: 'TCP', port, from: NODES, to: NODES, purpose: 'BGP full mesh between calico-node (BIRD) peers' });
  if (bgp?.routeReflectors) {
    const reflectors = nodes(bgp.routeReflectors.nodeSelector);
    rows.push({ protocol: 'TCP', port, from: NODES, to: reflectors, purpose: 'BGP to the route reflectors' });
    rows.push({ protocol: 'TCP', port, from: reflectors, to: NODES, purpose: 'BGP from the route reflectors' });
  }
  for (const p of bgp ? peerings(stack) : []) {
    const local = nodes(p.nodeSelector);
    if (p.address) {
      const as = p.asNumber !== undefined ? ` (AS ${p.asNumber})` : '';
      rows.push({ protocol: 'TCP', port: `${p.address.port}`, from: local, to: p.address.ip, purpose: `BGP to peer ${p.name}${as}` });
      rows.push({ protocol: 'TCP', port, from: p.address.ip, to: local, purpose: `BGP from peer ${p.name}${as}` });
    } else if (p.peerSelector !== undefined) {
      rows.push({ protocol: 'TCP', port, from: local, to: nodes(p.peerSelector), purpose: `BGP peering ${p.name} (both ways)` });
    }
  }
  return rows;
}

function peerings(stack: CalicoStack): BgpPeering[] {
  return stack.calicoApi ? stack.calicoApi.bgp.peerings(stack.spec.calico ?? {}) : [];
}

/** The AS numbers in play, one line each; empty when BGP is off. */
export function asNumberLines(stack: CalicoStack): string[] {
  if (stack.calico.installation.bgp !== BgpMode.ENABLED) return [];
  const bgp = stack.calicoApi?.bgp;
  const own = bgp?.asNumber ?? DEFAULT_AS_NUMBER;
  return [
    `cluster nodes: AS ${own}${bgp?.configuration ? '' : ' (Calico\'s default)'}`,
    ...(stack.spec.calico?.bgpPeers ?? []).map((p) => `peer ${p.name}: ${p.peerIP !== undefined ? `${p.peerIP}, AS ${p.asNumber ?? '?'}` : `nodes matching ${p.peerSelector}, their own AS`}${p.localASNumber !== undefined ? `; this side AS ${p.localASNumber}` : ''}${p.asNumber === own ? ' (iBGP)' : p.asNumber !== undefined ? ' (eBGP)' : ''}`),
  ];
}

/**
 * The step of the route reflectors a manifest cannot take: calico-node makes a node a reflector only
 * when the node carries the cluster ID annotation, on nodes calico-stack does not know. (The label
 * that BGPPeer route-reflectors selects them by, the peers' node labels and the password Secrets are
 * read from the rendered objects by manual-steps.ts.)
 */
export function routeReflectorSteps(stack: CalicoStack): ManualStep[] {
  const rr = stack.calicoApi?.bgp.routeReflectors;
  if (!rr) return [];
  return [{
    phase: StepPhase.BEFORE,
    action: `choose the route reflector nodes (two or more, for redundancy; the nodes ${rr.nodeSelector} selects) and annotate each with the reflectors' cluster ID`,
    commands: [`kubectl annotate node <node> ${ROUTE_REFLECTOR_CLUSTER_ID_ANNOTATION}=${rr.clusterID}`],
    why: `calico.routeReflectors: calico-node makes a node a route reflector only when it carries this annotation; a node that BGPPeer ${ROUTE_REFLECTOR_PEER_NAME} selects without it reflects nothing, and with the full mesh off the other nodes then do not learn each other's pod routes`,
  }];
}
