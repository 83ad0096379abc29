/**
 * `npm run plan` for BGP: TCP sessions between the right parties, the AS numbers, and the steps a
 * manifest cannot take (the BGP ones: node labels, the route reflectors' annotation, the password Secret).
 */
import { asNumberLines, routeReflectorSteps } from '../../src/app/plan/bgp-plan';
import { manualSteps as allSteps } from '../../src/app/plan/manual-steps';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { networkRequirements } from '../../src/app/plan/network-requirements';
import { clusterDoc, config } from '../util';

/** The BGP steps of the plan's list, as `action: commands`: the peers' and reflectors' labels and annotation, the password Secrets. */
const manualSteps = (stack: CalicoStack) => allSteps(stack)
  .filter((s) => /BGPPeer|routeReflectors/.test(s.why))
  .map((s) => `${s.action}: ${s.commands.join('; ')}`);

const bgpRows = (calico: Record<string, unknown>) => networkRequirements(config(clusterDoc({ calico }))).filter((r) => r.purpose.includes('BGP'))
  .map((r) => `${r.protocol} ${r.port} ${r.from} → ${r.to}: ${r.purpose}`);

describe('BGP in the plan', () => {
  test('defaults: the full mesh on TCP 179 between every node; the AS number is Calico\'s default; nothing to do by hand', () => {
    expect(bgpRows({})).toEqual(['TCP 179 every node → every node: BGP full mesh between calico-node (BIRD) peers']);
    const stack = config(clusterDoc());
    expect(asNumberLines(stack)).toEqual(['cluster nodes: AS 64512 (Calico\'s default)']);
    expect(manualSteps(stack)).toEqual([]);
  });

  test('no BGP row and no AS number when BGP is off', () => {
    const calico = { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] };
    expect(bgpRows(calico)).toEqual([]);
    expect(asNumberLines(config(clusterDoc({ calico })))).toEqual([]);
  });

  test('peers: each way between the nodes that peer and the peer, on the peer\'s port and on listenPort; AS numbers with iBGP/eBGP', () => {
    const calico = {
      asNumber: 65010, listenPort: 1179, nodeToNodeMesh: false,
      bgpPeers: [
        { name: 'tor-a', peerIP: '192.0.2.1', asNumber: 65001, nodeSelector: "rack == 'a'" },
        { name: 'tor-b', peerIP: '[2001:db8::1]:1790', asNumber: 65010, localASNumber: 65011 },
        { name: 'spines', nodeSelector: 'has(leaf)', peerSelector: 'has(spine)' },
      ],
    };
    expect(bgpRows(calico)).toEqual([
      'TCP 179 nodes matching rack == \'a\' → 192.0.2.1: BGP to peer tor-a (AS 65001)',
      'TCP 1179 192.0.2.1 → nodes matching rack == \'a\': BGP from peer tor-a (AS 65001)',
      'TCP 1790 every node → 2001:db8::1: BGP to peer tor-b (AS 65010)',
      'TCP 1179 2001:db8::1 → every node: BGP from peer tor-b (AS 65010)',
      'TCP 1179 nodes matching has(leaf) → nodes matching has(spine): BGP peering spines (both ways)',
    ]);
    expect(manualSteps(config(clusterDoc({ calico })))).toEqual([
      'label the nodes that must match rack == \'a\': kubectl label node <node> rack=a',
      'label the nodes that must match has(leaf): kubectl label node <node> leaf=<value>',
      'label the nodes that must match has(spine): kubectl label node <node> spine=<value>',
    ]);
    expect(asNumberLines(config(clusterDoc({ calico })))).toEqual([
      'cluster nodes: AS 65010',
      'peer tor-a: 192.0.2.1, AS 65001 (eBGP)',
      'peer tor-b: [2001:db8::1]:1790, AS 65010; this side AS 65011 (iBGP)',
      'peer spines: nodes matching has(spine), their own AS',
    ]);
  });

  test('route reflectors: every node ↔ the reflectors, the mesh off; the annotation and label to set by hand', () => {
    const stack = config(clusterDoc({ calico: { routeReflectors: {} } }));
    expect(bgpRows({ routeReflectors: {} })).toEqual([
      'TCP 179 every node → nodes matching route-reflector == \'true\': BGP to the route reflectors',
      'TCP 179 nodes matching route-reflector == \'true\' → every node: BGP from the route reflectors',
    ]);
    expect(manualSteps(stack)).toEqual([
      'label the nodes that must match route-reflector == \'true\': kubectl label node <node> route-reflector=true',
      'choose the route reflector nodes (two or more, for redundancy; the nodes route-reflector == \'true\' selects) and annotate each with the reflectors\' cluster ID: kubectl annotate node <node> projectcalico.org/RouteReflectorClusterID=244.0.0.1',
    ]);
    expect(manualSteps(config(clusterDoc({ calico: { routeReflectors: { nodeSelector: 'has(rr) || role == \'rr\'', clusterID: '244.0.0.9' } } })))).toEqual([
      'label the nodes that must match has(rr) || role == \'rr\' so that it selects them: kubectl label node <node> <key>=<value>',
      'choose the route reflector nodes (two or more, for redundancy; the nodes has(rr) || role == \'rr\' selects) and annotate each with the reflectors\' cluster ID: kubectl annotate node <node> projectcalico.org/RouteReflectorClusterID=244.0.0.9',
    ]);
    expect(routeReflectorSteps(config(clusterDoc()))).toEqual([]);
  });

  test('passwords: the Secret to create in calico-system, with its keys, never the password', () => {
    const stack = config(clusterDoc({
      calico: {
        bgpPeers: [
          { name: 'tor-a', peerIP: '192.0.2.1', asNumber: 65001, password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-a' } } },
          { name: 'tor-b', peerIP: '192.0.2.2', asNumber: 65001, password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-b' } } },
        ],
      },
    }));
    expect(manualSteps(stack)).toEqual([
      'create Secret calico-system/bgp-passwords, keys tor-a and tor-b, once the operator has created namespace calico-system for Installation default in 0001-calico.k8s.yaml; never commit it: kubectl -n calico-system create secret generic bgp-passwords --from-literal=tor-a=<tor-a> --from-literal=tor-b=<tor-b>',
    ]);
  });
});
