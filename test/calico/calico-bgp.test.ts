/**
 * BGP: BGPConfiguration/default, the BGPPeers, route reflectors and the password RBAC, in the
 * calico-api file (projectcalico.org/v3, applied once the Calico API server runs); and their checks.
 */
import { CalicoBgp, DEFAULT_AS_NUMBER } from '../../src/lib/calico/calico-bgp';
import { CalicoInstallation } from '../../src/lib/calico/installation';
import { findingsOf } from '../../src/lib/common/checks';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, K8sObject, load, messages, render, testChart } from '../util';

const TOR = { name: 'tor-a', peerIP: '192.0.2.1', asNumber: 65001 };

function apiObjects(calico: Record<string, unknown>, platform: Record<string, unknown> = {}): K8sObject[] {
  return render(config(clusterDoc({ calico, platform })))['calico-api'];
}

function errorsOf(calico: Record<string, unknown>, platform: Record<string, unknown> = {}): string[] {
  return messages(load(clusterDoc({ calico, platform })).findings.filter((f) => f.severity === 'error'));
}

function warningsOf(calico: Record<string, unknown>, platform: Record<string, unknown> = {}): string[] {
  return messages(load(clusterDoc({ calico, platform })).findings.filter((f) => f.severity === 'warning'));
}

describe('BGP configuration', () => {
  test('defaults: no BGP key renders no BGP object (Calico runs its own defaults: AS 64512, the full mesh)', () => {
    const stack = config(clusterDoc());
    expect(stack.calicoApi).toBeUndefined();
    expect(render(stack)['calico-api']).toBeUndefined();
  });

  test('one BGP key renders BGPConfiguration/default written out in full, defaults included', () => {
    const stack = config(clusterDoc({ calico: { asNumber: 65010 } }));
    const bgp = stack.calicoApi!.bgp;
    expect([bgp.asNumber, bgp.nodeToNodeMesh, bgp.listenPort, bgp.logSeverityScreen, bgp.routeReflectors]).toEqual([65010, true, 179, 'Info', undefined]);
    const objects = render(stack)['calico-api'];
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual(['projectcalico.org/v3 BGPConfiguration/default']);
    expect(find(objects, 'BGPConfiguration', 'default').spec).toEqual({ asNumber: 65010, nodeToNodeMeshEnabled: true, listenPort: 179, logSeverityScreen: 'Info' });
    expect(new CalicoBgp(testChart(), 'Bgp', { installation: new CalicoInstallation(testChart(), 'I', {}) }).asNumber).toBe(DEFAULT_AS_NUMBER);
  });

  test('every option: advertised service ranges, port, log level, peers with every field, route reflectors, password RBAC', () => {
    const objects = apiObjects({
      asNumber: 4200000000,
      nodeToNodeMesh: false,
      serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
      serviceExternalIPs: [{ cidr: '203.0.113.0/24' }],
      serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }, { cidr: '2001:db8:1::/64' }],
      listenPort: 1179,
      logSeverityScreen: 'Debug',
      routeReflectors: { nodeSelector: 'has(rr)', clusterID: '244.0.0.2' },
      bgpPeers: [
        {
          name: 'tor-a', peerIP: '192.0.2.1:1179', asNumber: 65001, localASNumber: 65002, nodeSelector: "rack == 'a'",
          password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-a' } }, nextHopMode: 'Self', sourceAddress: 'None', maxRestartTime: '90s', ttlSecurity: 1,
        },
        { name: 'tor-b', peerIP: '[2001:db8::1]:179', asNumber: 65001, keepOriginalNextHop: true, password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-b' } } },
        { name: 'spines', nodeSelector: 'has(rr)', peerSelector: 'has(spine)' },
      ],
    });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'BGPConfiguration/default', 'BGPPeer/route-reflectors', 'BGPPeer/spines', 'BGPPeer/tor-a', 'BGPPeer/tor-b',
      'ClusterRole/calico-stack-bgp-passwords', 'ClusterRoleBinding/calico-stack-bgp-passwords',
    ]);
    expect(find(objects, 'BGPConfiguration', 'default').spec).toEqual({
      asNumber: 4200000000, nodeToNodeMeshEnabled: false, listenPort: 1179, logSeverityScreen: 'Debug',
      serviceClusterIPs: [{ cidr: '10.96.0.0/12' }], serviceExternalIPs: [{ cidr: '203.0.113.0/24' }],
      serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }, { cidr: '2001:db8:1::/64' }],
    });
    expect(find(objects, 'BGPPeer', 'tor-a').spec).toEqual({
      peerIP: '192.0.2.1:1179', asNumber: 65001, localASNumber: 65002, nodeSelector: "rack == 'a'",
      password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-a' } }, nextHopMode: 'Self', sourceAddress: 'None', maxRestartTime: '90s', ttlSecurity: 1,
    });
    expect(find(objects, 'BGPPeer', 'tor-b').spec).toEqual({ peerIP: '[2001:db8::1]:179', asNumber: 65001, keepOriginalNextHop: true, password: { secretKeyRef: { name: 'bgp-passwords', key: 'tor-b' } } });
    expect(find(objects, 'BGPPeer', 'spines').spec).toEqual({ nodeSelector: 'has(rr)', peerSelector: 'has(spine)' });
    expect(find(objects, 'BGPPeer', 'route-reflectors').spec).toEqual({ nodeSelector: 'all()', peerSelector: 'has(rr)' });
    expect(find(objects, 'ClusterRole', 'calico-stack-bgp-passwords').rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['bgp-passwords'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(find(objects, 'ClusterRoleBinding', 'calico-stack-bgp-passwords')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-stack-bgp-passwords' },
      subjects: [{ kind: 'ServiceAccount', name: 'calico-node', namespace: 'calico-system' }],
    });
    // The schema and CEL rules of the release's CRDs, and no literal password anywhere.
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/"password":\s*"/);
  });

  test('route reflectors: Calico\'s documented label selector and cluster ID by default, and the mesh goes off', () => {
    const stack = config(clusterDoc({ calico: { routeReflectors: {} } }));
    expect(stack.calicoApi!.bgp.routeReflectors).toEqual({ nodeSelector: "route-reflector == 'true'", clusterID: '244.0.0.1' });
    const objects = render(stack)['calico-api'];
    expect(find(objects, 'BGPConfiguration', 'default').spec.nodeToNodeMeshEnabled).toBe(false);
    expect(find(objects, 'BGPPeer', 'route-reflectors').spec).toEqual({ nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" });
  });

  test('peers alone render only BGPPeers (and the Calico defaults stay as they are)', () => {
    expect(apiObjects({ bgpPeers: [TOR] }).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['BGPPeer/tor-a']);
  });

  test('Argo CD: the objects wait for the Calico API server (their sync wave follows the Calico custom resources; no dry run before their kinds exist)', () => {
    const objects = render(config(clusterDoc({ calico: { bgpPeers: [{ ...TOR, password: { secretKeyRef: { name: 's', key: 'k' } } }] }, gitops: { argocd: { enabled: true, repoURL: 'https://example.com/r.git' } } })))['calico-api'];
    const annotations = (kind: string) => objects.find((o) => o.kind === kind)!.metadata.annotations;
    expect(annotations('BGPPeer')).toEqual({ 'argocd.argoproj.io/sync-wave': '2', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    // The RBAC is cluster-scoped: a first sync dry-runs every wave before the operator has created calico-system.
    expect(annotations('ClusterRole')).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
    expect(objects.every((o) => o.metadata.namespace === undefined)).toBe(true);
  });
});

describe('BGP checks', () => {
  test('fails when an AS number is outside 1–4294967295, naming the key', () => {
    expect(errorsOf({ asNumber: 0 })).toEqual(['calico.asNumber: is not an AS number (got 0; allowed a whole number from 1 to 4294967295 (private ranges: 64512–65534, 4200000000–4294967294))']);
    expect(errorsOf({ asNumber: 4294967296 })).toEqual(['calico.asNumber: is not an AS number (got 4294967296; allowed a whole number from 1 to 4294967295 (private ranges: 64512–65534, 4200000000–4294967294))']);
    expect(errorsOf({ bgpPeers: [{ ...TOR, asNumber: -1, localASNumber: 0 }] }).map((m) => m.split(' (')[0])).toEqual([
      'calico.bgpPeers[0].asNumber: is not an AS number', 'calico.bgpPeers[0].localASNumber: is not an AS number',
    ]);
    expect(errorsOf({ asNumber: 1 })).toEqual([]);
    expect(errorsOf({ asNumber: 4294967295 })).toEqual([]);
  });

  test('fails when the port, the log level or an advertised range is wrong', () => {
    expect(errorsOf({ listenPort: 65536 })).toEqual(['calico.listenPort: is above the maximum 65535 (got 65536)']);
    expect(messages(load(clusterDoc({ calico: { logSeverityScreen: 'Verbose' } })).findings)[0]).toMatch(/^calico\.logSeverityScreen: "Verbose" is not one of Trace, Debug, Info, Warning, Error, Fatal/);
    expect(errorsOf({ serviceExternalIPs: [{ cidr: '203.0.113.7' }] })).toEqual(['calico.serviceExternalIPs[0].cidr: is not a CIDR (got "203.0.113.7"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56)']);
  });

  test('fails when peerIP is not an IP address with an optional port', () => {
    for (const peerIP of ['192.0.2.1:0', '192.0.2.1:65536', '2001:db8::1]:179', '[192.0.2.1]:179', 'tor-a.example.com', '192.0.2']) {
      expect(errorsOf({ bgpPeers: [{ ...TOR, peerIP }] })).toEqual([
        `calico.bgpPeers[0].peerIP: is not an IP address with an optional port (got ${JSON.stringify(peerIP)}; allowed an IPv4 or IPv6 address, <IPv4>:<port> or [<IPv6>]:<port>, such as 192.0.2.1, 192.0.2.1:1179 or [2001:db8::1]:179)`,
      ]);
    }
    for (const peerIP of ['192.0.2.1', '192.0.2.1:179', '2001:db8::1', '[2001:db8::1]:1179']) expect(errorsOf({ bgpPeers: [{ ...TOR, peerIP }] })).toEqual([]);
  });

  test('fails when a peer names no peer, both kinds, or the AS number the kind needs or forbids', () => {
    expect(errorsOf({ bgpPeers: [{ name: 'x' }] })).toEqual(['calico.bgpPeers[0]: names no peer (allowed peerIP (with asNumber) for a router, or peerSelector for cluster nodes)']);
    expect(errorsOf({ bgpPeers: [{ ...TOR, peerSelector: 'has(rr)' }] })).toEqual([
      'calico.bgpPeers[0].peerIP: peerIP and peerSelector cannot both be set (got "192.0.2.1") — keep peerIP for a router, or peerSelector for cluster nodes',
      'calico.bgpPeers[0].asNumber: asNumber must be empty when peerSelector is set (the nodes\' own AS numbers are used) (got 65001) — remove asNumber',
    ]);
    expect(errorsOf({ bgpPeers: [{ name: 'x', peerIP: '192.0.2.1' }] })).toEqual(['calico.bgpPeers[0].asNumber: is required with peerIP: the peer\'s AS number (allowed a whole number from 1 to 4294967295)']);
  });

  test('fails when peer names repeat, are not object names, or take the route reflector peering\'s name', () => {
    expect(errorsOf({ bgpPeers: [TOR, { ...TOR, peerIP: '192.0.2.2' }] })).toEqual(['calico.bgpPeers[1].name: repeats the name of calico.bgpPeers[0]; each peer is one BGPPeer object (got "tor-a") — give every peer its own name']);
    expect(errorsOf({ bgpPeers: [{ ...TOR, name: 'Tor_A' }] })[0]).toMatch(/^calico\.bgpPeers\[0\]\.name: is not a valid object name/);
    expect(errorsOf({ routeReflectors: {}, bgpPeers: [{ ...TOR, name: 'route-reflectors' }] })).toEqual(['calico.bgpPeers[0].name: is the name of the BGPPeer calico-stack renders for calico.routeReflectors (got "route-reflectors") — choose another name']);
  });

  test('fails when selectors, the password reference, the next hop options, maxRestartTime or ttlSecurity are wrong', () => {
    expect(errorsOf({ bgpPeers: [{ name: 'x', peerSelector: 'has(' }] })[0]).toMatch(/^calico\.bgpPeers\[0\]\.peerSelector: is not a Calico selector: /);
    expect(errorsOf({ bgpPeers: [{ ...TOR, nodeSelector: '' }] })).toEqual(['calico.bgpPeers[0].nodeSelector: is not a Calico selector: is empty (got ""; allowed a Calico selector such as all(), has(rack) or rack == \'rack-1\')']);
    expect(errorsOf({ bgpPeers: [{ ...TOR, password: { secretKeyRef: { name: 'Bad_Name', key: 'a b' } } }] }).map((m) => m.split(':')[0])).toEqual([
      'calico.bgpPeers[0].password.secretKeyRef.name', 'calico.bgpPeers[0].password.secretKeyRef.key',
    ]);
    expect(errorsOf({ bgpPeers: [{ ...TOR, keepOriginalNextHop: true, nextHopMode: 'Keep' }] })).toEqual([
      'calico.bgpPeers[0].keepOriginalNextHop: The KeepOriginalNextHop field is deprecated. It must not be set to true when NextHopMode is configured. (got true) — remove keepOriginalNextHop (nextHopMode: Keep does the same)',
    ]);
    expect(errorsOf({ bgpPeers: [{ ...TOR, maxRestartTime: '2 minutes' }] })).toEqual(['calico.bgpPeers[0].maxRestartTime: is not a duration (got "2 minutes"; allowed a Go duration such as 120s or 2m)']);
    expect(errorsOf({ bgpPeers: [{ ...TOR, ttlSecurity: 256 }] })).toEqual(['calico.bgpPeers[0].ttlSecurity: is above the maximum 255 (got 256)']);
  });

  test('fails when a password is written as a literal: only a reference to a Secret is taken', () => {
    expect(messages(load(clusterDoc({ calico: { bgpPeers: [{ ...TOR, password: 'hunter2' }] } })).findings)[0]).toMatch(/^calico\.bgpPeers\[0\]\.password: /);
    expect(messages(load(clusterDoc({ calico: { bgpPeers: [{ ...TOR, password: { secretKeyRef: { name: 's', key: 'k', value: 'hunter2' } } }] } })).findings)[0])
      .toMatch(/^calico\.bgpPeers\[0\]\.password\.secretKeyRef\.value: /);
  });

  test('fails when peers or reflectors meet BGP off, or pools BGP does not export', () => {
    const vxlan = { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }], bgp: 'Disabled' };
    expect(errorsOf({ ...vxlan, bgpPeers: [TOR], routeReflectors: {} })).toEqual([
      'calico.bgpPeers[0]: is a BGP peer, but calico.bgp is Disabled: calico-node runs no BGP (no BIRD), so no session would come up — set calico.bgp: Enabled, or remove it',
      'calico.routeReflectors: is route reflectors, but calico.bgp is Disabled: calico-node runs no BGP (no BIRD), so no session would come up — set calico.bgp: Enabled, or remove it',
    ]);
    expect(errorsOf({ ipPools: [{ cidr: '10.244.0.0/16', disableBGPExport: true }], bgpPeers: [TOR] })).toEqual([
      'calico.bgpPeers[0]: is a BGP peer, but every pool has disableBGPExport: true, so BGP would carry no pod routes — export a pool over BGP (leave disableBGPExport out), or remove it',
    ]);
    expect(errorsOf({ ipPools: [], bgpPeers: [TOR] })).toEqual([
      'calico.bgpPeers[0]: is a BGP peer, but the cluster has no IP pools, so BGP would carry no pod routes — export a pool over BGP (leave disableBGPExport out), or remove it',
    ]);
    expect(errorsOf({ ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }], bgpPeers: [TOR] })).toEqual([]);
  });

  test('fails when the route reflector selector picks every node or is not a selector, or the cluster ID is not an IPv4 address', () => {
    expect(errorsOf({ routeReflectors: { nodeSelector: 'all()' } })).toEqual(['calico.routeReflectors.nodeSelector: selects every node: every node would be a reflector, which is a full mesh again (got "all()") — select a few nodes by a label, such as route-reflector == \'true\'']);
    expect(errorsOf({ routeReflectors: { nodeSelector: 'rr ==' } })[0]).toMatch(/^calico\.routeReflectors\.nodeSelector: is not a Calico selector/);
    expect(errorsOf({ routeReflectors: { clusterID: '244.0.0.256' } })).toEqual(['calico.routeReflectors.clusterID: is not an IPv4 address (got "244.0.0.256"; allowed an unused IPv4 address, such as 244.0.0.1)']);
  });

  test('fails when the Calico API server is off: nothing would serve projectcalico.org/v3', () => {
    expect(errorsOf({ apiServer: false, bgpPeers: [TOR], asNumber: 65010 })).toEqual([
      'calico.apiServer: is false, but BGPConfiguration, BGPPeer are projectcalico.org/v3 resources, which only the Calico API server serves on this install (got false) — set calico.apiServer: true (the default)',
    ]);
  });

  test('fails when a peer field is newer than the cluster\'s release, naming the release that has it', () => {
    expect(errorsOf({ version: 'v3.28.2', crds: 'operator', bgpPeers: [{ ...TOR, nextHopMode: 'Self' }] }).filter((m) => m.startsWith('calico.bgpPeers'))).toEqual([
      'calico.bgpPeers[0].nextHopMode: needs Calico v3.30.7 or later, whose BGPPeer has spec.nextHopMode (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
    expect(errorsOf({ version: 'v3.30.7', bgpPeers: [{ ...TOR, localASNumber: 65002 }] })).toEqual([
      'calico.bgpPeers[0].localASNumber: needs Calico v3.31.7 or later, whose BGPPeer has spec.localASNumber (this cluster uses v3.30.7) — choose calico.version v3.31.7 or later, or remove it',
    ]);
  });

  test('warns when the mesh is off with nothing to peer with, or kept next to route reflectors', () => {
    expect(warningsOf({ nodeToNodeMesh: false })).toEqual([
      'calico.nodeToNodeMesh: is false and there are no route reflectors or BGP peers: the nodes exchange no routes, so pods on different nodes cannot reach each other over IPIP or unencapsulated pools (got false) — add calico.bgpPeers or calico.routeReflectors, or leave nodeToNodeMesh out',
    ]);
    expect(warningsOf({ routeReflectors: {}, nodeToNodeMesh: true })).toEqual([
      'calico.nodeToNodeMesh: is true next to route reflectors: the nodes not annotated as reflectors keep the full mesh as well as the reflector sessions; Calico\'s BGP documentation keeps both only while moving from the mesh to reflectors (got true) — once the reflectors\' sessions are up, set it to false (or leave it out)',
    ]);
  });

  test('warns when a full mesh has more than 100 nodes, naming route reflectors and the session count', () => {
    expect(warningsOf({}, { nodes: 101 })).toEqual([
      'calico.nodeToNodeMesh: 101 nodes in a full BGP mesh are 5050 sessions (100 on every node); Calico recommends route reflectors above 100 nodes (got 101) — set calico.routeReflectors (a few labelled nodes reflect routes; the mesh goes off) and annotate those nodes as `npm run plan` says',
    ]);
    expect(warningsOf({}, { nodes: 100 })).toEqual([]);
    expect(warningsOf({ routeReflectors: {} }, { nodes: 500 })).toEqual([]);
    expect(warningsOf({ bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] }, { nodes: 500 })).toEqual([]);
  });

  test('a CalicoBgp on its own reports at paths relative to its props', () => {
    const chart = testChart();
    const bgp = new CalicoBgp(chart, 'Bgp', { installation: new CalicoInstallation(chart, 'I', { podCidrs: ['10.244.0.0/16'] }), asNumber: 0 });
    expect(messages(findingsOf(bgp))[0]).toMatch(/^asNumber: is not an AS number/);
  });
});
