/**
 * Every check reports the same finding, with the same spec path, whether the cluster comes from a
 * cluster file (the CLI's path: file → ClusterSpec → CalicoStack) or is written in code in a cdk8s
 * app (`new CalicoStack(app, id, spec)`); errors fail `app.synth()` with that text, warnings don't.
 */
import { findingsOf } from '../../src/lib/common/checks';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { clusterDoc, load, messages, testApp } from '../util';

const ARGOCD = { argocd: { enabled: true, repoURL: 'https://git.example.com/c.git' } };

/** A check, a cluster that trips it, and the start of the message it gives (its path first). */
const CASES: Array<[string, Record<string, any>, string]> = [
  ['cluster name too long for GitOps', clusterDoc({ name: `c${'x'.repeat(40)}`, gitops: { flux: { enabled: true } } }), 'name: is 41 characters'],
  ['cluster name not a DNS label', clusterDoc({ name: 'My_Cluster' }), 'name: is not a valid DNS label'],
  ['podSubnet not a CIDR', clusterDoc({ platform: { podSubnet: '10.244.0/16' } }), 'platform.podSubnet: is not a CIDR or a comma-separated list of CIDRs'],
  ['podSubnet with host bits', clusterDoc({ platform: { podSubnet: '10.244.1.0/16' } }), 'platform.podSubnet: is not in canonical form'],
  ['pods overlap services', clusterDoc({ platform: { podSubnet: '10.96.0.0/16' } }), 'platform.podSubnet: overlaps platform.serviceSubnet (kubeadm default)'],
  ['nodes below 1', clusterDoc({ platform: { nodes: 0 } }), 'platform.nodes: is below the minimum 1'],
  ['fewer blocks than nodes', clusterDoc({ platform: { nodes: 300 }, calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize: 24 }] } }), 'platform.nodes: the IPv4 pools hold 256 blocks'],
  ['pool with host bits', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.1.0/16' }] } }), 'calico.ipPools[0].cidr: is not in canonical form'],
  ['pool not a CIDR', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/33' }] } }), 'calico.ipPools[0].cidr: is not a CIDR'],
  ['pool outside podSubnet', clusterDoc({ calico: { ipPools: [{ cidr: '192.168.0.0/16' }] } }), 'calico.ipPools[0].cidr: is not inside the cluster\'s podSubnet'],
  ['blockSize out of range', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize: 12 }] } }), 'calico.ipPools[0].blockSize: is out of range for an IPv4 pool'],
  ['IPIP without BGP', clusterDoc({ calico: { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIP' }] } }), 'calico.ipPools[0].encapsulation: with BIRD cluster routing mode, IPIP encapsulation requires that BGP is enabled'],
  ['empty nodeSelector', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', nodeSelector: '' }] } }), 'calico.ipPools[0].nodeSelector: is empty; the operator requires a selector'],
  ['nodeSelector syntax', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', nodeSelector: 'zone ==' }] } }), 'calico.ipPools[0].nodeSelector: is not a Calico selector'],
  ['repeated pool CIDR', clusterDoc({ calico: { ipPools: [{ name: 'a', cidr: '10.244.0.0/17' }, { name: 'b', cidr: '10.244.0.0/17' }] } }), 'calico.ipPools[1].cidr: repeats the CIDR of calico.ipPools[0].cidr'],
  ['overlapping pools', clusterDoc({ calico: { ipPools: [{ name: 'a', cidr: '10.244.0.0/16' }, { name: 'b', cidr: '10.244.0.0/17' }] } }), 'calico.ipPools[1].cidr: overlaps calico.ipPools[0].cidr'],
  ['LoadBalancer pool with another use', clusterDoc({ calico: { ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer', 'Workload'] }] } }), 'calico.ipPools[0].allowedUses: IP pool lb AllowedUse LoadBalancer cannot be used with Workload/Tunnel'],
  ['LoadBalancer pool nodeSelector', clusterDoc({ calico: { ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], nodeSelector: 'has(lb)' }] } }), 'calico.ipPools[0].nodeSelector: IP pool nodeSelector should be set to all() if allowedUse is LoadBalancer'],
  ['LoadBalancer pool encapsulation', clusterDoc({ calico: { ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], encapsulation: 'IPIP' }] } }), 'calico.ipPools[0].encapsulation: IP pool encapsulation must be none if allowedUse is LoadBalancer'],
  ['LoadBalancer pool BGP export', clusterDoc({ calico: { ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], disableBGPExport: true }] } }), 'calico.ipPools[0].disableBGPExport: IP pool disable bgp export must be false when AllowedUse is LoadBalancer'],
  ['LoadBalancer pool natOutgoing on v3.30.7', clusterDoc({ calico: { version: 'v3.30.7', ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], natOutgoing: 'Disabled' }] } }), 'calico.ipPools[0].natOutgoing: IP pool lb NATOutgoing cannot be disabled with allowedUse LoadBalancer'],
  ['empty pool list', clusterDoc({ calico: { ipPools: [] } }), 'calico.ipPools: is empty'],
  ['MTU below 1', clusterDoc({ calico: { mtu: 0 } }), 'calico.mtu: is below the minimum 1'],
  ['registry', clusterDoc({ calico: { registry: 'Bad Registry' } }), 'calico.registry: is not a registry the container runtime can pull from'],
  ['pull secret name', clusterDoc({ calico: { imagePullSecrets: ['Not_A_Name'] } }), 'calico.imagePullSecrets[0]: is not a valid object name'],
  ['label key', clusterDoc({ calico: { controlPlaneNodeSelector: { 'a/b/c': 'x' } } }), 'calico.controlPlaneNodeSelector["a/b/c"]: is not a valid label key'],
  ['toleration', clusterDoc({ calico: { controlPlaneTolerations: [{ operator: 'Equal', value: 'x' }] } }), 'calico.controlPlaneTolerations[0].operator: operator must be Exists when `key` is empty'],
  ['volume path', clusterDoc({ calico: { flexVolumePath: 'usr/libexec' } }), 'calico.flexVolumePath: is neither an absolute path nor None'],
  ['two autodetection methods', clusterDoc({ calico: { nodeAddressAutodetectionV4: { firstFound: true, interface: 'eth0' } } }), 'calico.nodeAddressAutodetectionV4: no more than one node address autodetection method'],
  ['interface pattern', clusterDoc({ calico: { nodeAddressAutodetectionV4: { interface: 'eth(' } } }), 'calico.nodeAddressAutodetectionV4.interface: is not a list of Go regular expressions'],
  ['canReach family', clusterDoc({ calico: { nodeAddressAutodetectionV4: { canReach: '2001:db8::1' } } }), 'calico.nodeAddressAutodetectionV4.canReach: is an IPv6 address'],
  ['installation: a modelled field', clusterDoc({ calico: { installation: { calicoNetwork: { ipPools: [] } } } }), 'calico.installation.calicoNetwork.ipPools: is modelled by calico.ipPools'],
  ['installation: a value against the CRD schema', clusterDoc({ calico: { installation: { controlPlaneReplicas: 'two' } } }), 'calico.installation.controlPlaneReplicas: must be an integer'],
  ['installation: a field the schema lacks', clusterDoc({ calico: { installation: { kubernetesProvidr: 'EKS' } } }), 'calico.installation.kubernetesProvidr: is not a field of the schema'],
  ['installation: a field of a later release', clusterDoc({ calico: { version: 'v3.30.7', installation: { tlsCipherSuites: [{ name: 'TLS_AES_256_GCM_SHA384' }] } } }), 'calico.installation.tlsCipherSuites: needs Calico v3.31.7 or later'],
  ['AS number', clusterDoc({ calico: { asNumber: 0 } }), 'calico.asNumber: is not an AS number'],
  ['BGP listen port', clusterDoc({ calico: { listenPort: 0 } }), 'calico.listenPort: is below the minimum 1'],
  ['advertised service CIDR', clusterDoc({ calico: { serviceClusterIPs: [{ cidr: '10.96.0.0' }] } }), 'calico.serviceClusterIPs[0].cidr: is not a CIDR'],
  ['peer address', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1:0', asNumber: 65001 }] } }), 'calico.bgpPeers[0].peerIP: is not an IP address with an optional port'],
  ['peer AS number', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 4294967296 }] } }), 'calico.bgpPeers[0].asNumber: is not an AS number'],
  ['peer without AS number', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1' }] } }), 'calico.bgpPeers[0].asNumber: is required with peerIP'],
  ['peer with peerIP and peerSelector', clusterDoc({ calico: { bgpPeers: [{ name: 'p', peerIP: '192.0.2.1', asNumber: 65001, peerSelector: 'has(rr)' }] } }), 'calico.bgpPeers[0].peerIP: peerIP and peerSelector cannot both be set'],
  ['peer names', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001 }, { name: 'tor', peerIP: '192.0.2.2', asNumber: 65001 }] } }), 'calico.bgpPeers[1].name: repeats the name of calico.bgpPeers[0]'],
  ['peer selector', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, nodeSelector: 'rack ==' }] } }), 'calico.bgpPeers[0].nodeSelector: is not a Calico selector'],
  ['peer with BGP off', clusterDoc({ calico: { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }], bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001 }] } }), 'calico.bgpPeers[0]: is a BGP peer, but calico.bgp is Disabled'],
  ['peer without BGP-exported pools', clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', disableBGPExport: true }], bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001 }] } }), 'calico.bgpPeers[0]: is a BGP peer, but every pool has disableBGPExport: true'],
  ['peer option of a later release', clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator', bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, nextHopMode: 'Self' }] } }), 'calico.bgpPeers[0].nextHopMode: needs Calico v3.30.7 or later'],
  ['peer naming no peer', clusterDoc({ calico: { bgpPeers: [{ name: 'x' }] } }), 'calico.bgpPeers[0]: names no peer'],
  ['peer AS number with peerSelector', clusterDoc({ calico: { bgpPeers: [{ name: 'x', peerSelector: 'has(rr)', asNumber: 65001 }] } }), 'calico.bgpPeers[0].asNumber: asNumber must be empty when peerSelector is set'],
  ['peer local AS number', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, localASNumber: 0 }] } }), 'calico.bgpPeers[0].localASNumber: is not an AS number'],
  ['peer named like the reflector peering', clusterDoc({ calico: { routeReflectors: {}, bgpPeers: [{ name: 'route-reflectors', peerIP: '192.0.2.1', asNumber: 65001 }] } }), 'calico.bgpPeers[0].name: is the name of the BGPPeer calico-stack renders'],
  ['peer password Secret', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, password: { secretKeyRef: { name: 'bgp', key: 'a b' } } }] } }), 'calico.bgpPeers[0].password.secretKeyRef.key: is not a valid Secret key'],
  ['peer next hop options', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, keepOriginalNextHop: true, nextHopMode: 'Keep' }] } }), 'calico.bgpPeers[0].keepOriginalNextHop: The KeepOriginalNextHop field is deprecated'],
  ['peer restart time', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, maxRestartTime: '2 minutes' }] } }), 'calico.bgpPeers[0].maxRestartTime: is not a duration'],
  ['peer TTL security', clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: '192.0.2.1', asNumber: 65001, ttlSecurity: 256 }] } }), 'calico.bgpPeers[0].ttlSecurity: is above the maximum 255'],
  ['route reflectors on every node', clusterDoc({ calico: { routeReflectors: { nodeSelector: 'all()' } } }), 'calico.routeReflectors.nodeSelector: selects every node'],
  ['mesh kept next to route reflectors', clusterDoc({ calico: { routeReflectors: {}, nodeToNodeMesh: true } }), 'calico.nodeToNodeMesh: is true next to route reflectors'],
  ['route reflectors with BGP off', clusterDoc({ calico: { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }], routeReflectors: {} } }), 'calico.routeReflectors: is route reflectors, but calico.bgp is Disabled'],
  ['route reflector cluster ID', clusterDoc({ calico: { routeReflectors: { clusterID: '244.0.0' } } }), 'calico.routeReflectors.clusterID: is not an IPv4 address'],
  ['mesh off with nothing to peer', clusterDoc({ calico: { nodeToNodeMesh: false } }), 'calico.nodeToNodeMesh: is false and there are no route reflectors or BGP peers'],
  ['full mesh above 100 nodes', clusterDoc({ platform: { nodes: 150 } }), 'calico.nodeToNodeMesh: 150 nodes in a full BGP mesh are 11175 sessions'],
  ['projectcalico.org/v3 without the API server', clusterDoc({ calico: { apiServer: false, wireguard: true } }), 'calico.apiServer: is false, but FelixConfiguration (calico.wireguard) is a projectcalico.org/v3 resource'],
  ['BPF with an IPv6 pool and no IPv6 autodetection', clusterDoc({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, calico: { linuxDataplane: 'BPF' } }), 'calico.nodeAddressAutodetectionV6: is not set, and the operator refuses the BPF dataplane'],
  ['BPF with no IPv4 autodetection', clusterDoc({ calico: { linuxDataplane: 'BPF' } }), 'calico.nodeAddressAutodetectionV4: is not set; the BPF dataplane needs'],
  ['VPP without BGP', clusterDoc({ calico: { linuxDataplane: 'VPP', bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] } }), 'calico.linuxDataplane: VPP requires BGP to be enabled'],
  ['control plane on another OS', clusterDoc({ calico: { controlPlaneNodeSelector: { 'kubernetes.io/os': 'windows' } } }), 'calico.controlPlaneNodeSelector["kubernetes.io/os"]: the operator refuses it'],
  ['API server address not host:port', clusterDoc({ platform: { apiServerEndpoint: 'fd00::10:6443' } }), 'platform.apiServerEndpoint: is not host:port: an IPv6 address goes in brackets'],
  ['BPF without the API server address on v3.30.7', clusterDoc({ calico: { version: 'v3.30.7', linuxDataplane: 'BPF' } }), 'platform.apiServerEndpoint: is required for calico.linuxDataplane: BPF on Calico v3.30.7'],
  ['Kubernetes version not a version', clusterDoc({ platform: { kubernetesVersion: 'v1.33.x' } }), 'platform.kubernetesVersion: is not a Kubernetes version'],
  ['Kubernetes version the release was not tested on', clusterDoc({ platform: { kubernetesVersion: 'v1.30.2' }, calico: { version: 'v3.30.7' } }), 'calico.version: Calico v3.30.7 was tested on Kubernetes 1.31–1.35; this cluster runs v1.30.2 (from platform.kubernetesVersion) — choose calico.version v3.29.7 or v3.28.2, tested on Kubernetes 1.30'],
  ['Whisker without Goldmane', clusterDoc({ calico: { goldmane: false, whisker: true } }), 'calico.whisker: Whisker needs Goldmane'],
  ['dataplane of a later release', clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator', linuxDataplane: 'Nftables' } }), 'calico.linuxDataplane: Nftables needs Calico v3.29.7 or later (this cluster uses v3.28.2)'],
  ['Goldmane on a release without it', clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator', goldmane: true } }), 'calico.goldmane: Goldmane needs Calico v3.30.7 or later'],
  ['CRDs the operator cannot create', clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator' } }), 'calico.crds: Calico v3.28.2 (operator v1.34.5) runs without -manage-crds'],
  ['Azure and IPIP', clusterDoc({ platform: { cloud: 'azure' } }), 'calico.ipPools (from podSubnet 10.244.0.0/16).encapsulation: Azure drops IP-in-IP'],
  ['AWS and IPIP', clusterDoc({ platform: { cloud: 'aws' } }), 'calico.ipPools (from podSubnet 10.244.0.0/16).encapsulation: on AWS EC2 this needs'],
  ['unknown Retina plugin', clusterDoc({ retina: { plugins: ['dropreasn'] } }), 'retina.plugins[0]: is not a Linux plugin of Retina v1.2.6'],
  ['Retina plugin twice', clusterDoc({ retina: { plugins: ['dns', 'dns'] } }), 'retina.plugins[1]: is listed twice'],
  ['Retina interval', clusterDoc({ retina: { metricsInterval: '500ms' } }), 'retina.metricsInterval: is not a duration of at least one second'],
  ['NodePort range', clusterDoc({ monitoring: { prometheus: { nodePort: 80 } } }), 'monitoring.prometheus.nodePort: is outside the NodePort range'],
  ['shared NodePort', clusterDoc({ monitoring: { prometheus: { nodePort: 30300 } } }), 'monitoring.grafana.nodePort: is also monitoring.prometheus.nodePort'],
  ['reserved namespace', clusterDoc({ monitoring: { namespace: 'kube-system' } }), 'monitoring.namespace: belongs to Kubernetes or another part of the stack'],
  ['namespace of Argo CD', clusterDoc({ gitops: ARGOCD, monitoring: { namespace: 'argocd' } }), 'monitoring.namespace: is where Argo CD runs'],
  ['retention', clusterDoc({ monitoring: { prometheus: { retention: '15 days' } } }), 'monitoring.prometheus.retention: is not a Prometheus duration'],
  ['storage size', clusterDoc({ monitoring: { prometheus: { storage: { size: '10GB' } } } }), 'monitoring.prometheus.storage.size: is not a storage size'],
  ['source with host bits', clusterDoc({ monitoring: { allowedSourceCidrs: ['192.0.2.1/24'] } }), 'monitoring.allowedSourceCidrs[0]: is not in canonical form'],
  ['source everywhere', clusterDoc({ monitoring: { allowedSourceCidrs: ['0.0.0.0/0'] } }), 'monitoring.allowedSourceCidrs[0]: admits every IPv4 address'],
  ['standalone key with prometheus-operator', clusterDoc({ monitoring: { mode: 'prometheus-operator', grafana: { nodePort: 30300 } } }), 'monitoring.grafana: applies to calico-stack\'s own Prometheus and Grafana'],
  ['prometheusOperator in standalone mode', clusterDoc({ monitoring: { prometheusOperator: {} } }), 'monitoring.prometheusOperator: applies to mode prometheus-operator only'],
  ['monitor namespace', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { namespace: 'Monitoring' } } }), 'monitoring.prometheusOperator.namespace: is not a valid DNS label'],
  ['dashboard namespace', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { dashboardNamespace: 'a_b' } } }), 'monitoring.prometheusOperator.dashboardNamespace: is not a valid DNS label'],
  ['monitor labels', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { matchLabels: { release: 'kube prometheus' } } } }), 'monitoring.prometheusOperator.matchLabels.release: is not a valid label value'],
  ['dashboard label', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { dashboardLabel: 'grafana dashboard' } } }), 'monitoring.prometheusOperator.dashboardLabel: is not a valid label key'],
  ['dashboard label value', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { dashboardLabelValue: '-1-' } } }), 'monitoring.prometheusOperator.dashboardLabelValue: is not a valid label value'],
  ['Flux dependency', clusterDoc({ monitoring: { mode: 'prometheus-operator', prometheusOperator: { fluxDependsOn: [{ name: 'KPS' }] } } }), 'monitoring.prometheusOperator.fluxDependsOn[0].name: is not a valid object name'],
  ['alert threshold', clusterDoc({ monitoring: { alerts: { dropsPerSecond: -1 } } }), 'monitoring.alerts.dropsPerSecond: is not a number of at least 0'],
  ['Argo CD without repoURL', clusterDoc({ gitops: { argocd: { enabled: true } } }), 'gitops.argocd.repoURL: is required when gitops.argocd.enabled is true'],
  ['repoURL', clusterDoc({ gitops: { argocd: { enabled: true, repoURL: 'github.com/org/repo' } } }), 'gitops.argocd.repoURL: is not a Git repository URL'],
  ['Flux path', clusterDoc({ gitops: { flux: { enabled: true, path: '/dist/x' } } }), 'gitops.flux.path: is not a relative path inside the repository'],
];

describe.each(CASES)('%s', (_what, doc, expected) => {
  const fromFile = messages(load(doc).findings);
  const app = testApp();
  const stack = new CalicoStack(app, 'in-code', doc as ClusterSpec);
  const inCode = messages(stack.findings);

  test('the cluster file gives the finding', () => {
    expect(fromFile.filter((m) => m.startsWith(expected))).toHaveLength(1);
  });

  test('the same spec in code gives the same findings, in the same order', () => {
    expect(inCode).toEqual(fromFile);
  });

  test('errors fail app.synth() with that text; warnings do not', () => {
    const errors = stack.findings.filter((f) => f.severity === 'error');
    if (errors.length === 0) {
      expect(() => app.synth()).not.toThrow();
    } else {
      let thrown = '';
      try {
        app.synth();
      } catch (err) {
        thrown = (err as Error).message;
      }
      for (const e of messages(errors)) expect(thrown).toContain(e);
    }
  });
});

test('findingsOf collects the findings of every construct below a scope, for a user\'s app', () => {
  const app = testApp();
  new CalicoStack(app, 'a', clusterDoc({ name: 'a', calico: { mtu: 0 } }) as ClusterSpec);
  new CalicoStack(app, 'b', clusterDoc({ name: 'b', monitoring: { prometheus: { nodePort: 80 } } }) as ClusterSpec);
  expect(messages(findingsOf(app)).map((m) => m.split(':')[0])).toEqual(['calico.mtu', 'monitoring.prometheus.nodePort']);
});
