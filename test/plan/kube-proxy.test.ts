/**
 * What `npm run plan` says happens to kube-proxy: the BPF dataplane takes Services over from it, and
 * who finds the API server and who disables kube-proxy depends on the release and on
 * platform.apiServerEndpoint.
 */
import { DISABLE_KUBE_PROXY_BY_HAND, kubeProxyPlan } from '../../src/app/plan/kube-proxy';
import { clusterDoc, load } from '../util';

const plan = (version: string, linuxDataplane?: string, apiServerEndpoint?: string) => {
  const { stack } = load(clusterDoc({ platform: { apiServerEndpoint }, calico: { version, linuxDataplane, nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } } }));
  return kubeProxyPlan(stack!);
};
const OPERATOR_DISABLES = 'once calico-node runs BPF, the operator disables kube-proxy by adding the nodeSelector operator.tigera.io/disable-kube-proxy: "true" to DaemonSet kube-system/kube-proxy (kubeProxyManagement: Enabled); the DaemonSet must exist and carry no app.kubernetes.io/managed-by or addonmanager.kubernetes.io/mode label and no Argo CD tracking-id annotation';

test('another dataplane: kube-proxy is left alone', () => {
  expect(plan('v3.32.1')).toEqual(['left alone: neither calico-stack nor the operator touches it with the Iptables dataplane']);
  expect(plan('v3.30.7', 'Nftables', '10.0.0.10:6443')).toEqual([
    'left alone: neither calico-stack nor the operator touches it with the Nftables dataplane; the operator and Calico reach the API server at 10.0.0.10:6443 (ConfigMap tigera-operator/kubernetes-services-endpoint)',
  ]);
});

test('BPF on v3.31.7 and later: the operator finds the API server and disables kube-proxy', () => {
  for (const version of ['v3.32.1', 'v3.31.7']) {
    expect(plan(version, 'BPF')).toEqual(['the operator finds the API server itself, from the kubernetes Service and its EndpointSlices (bpfNetworkBootstrap: Enabled)', OPERATOR_DISABLES]);
  }
});

test('BPF on v3.32.1 with platform.apiServerEndpoint: the ConfigMap gives the address, the operator still disables kube-proxy', () => {
  expect(plan('v3.32.1', 'BPF', '[fd00::10]:6443')).toEqual([
    'the operator and Calico reach the API server at [fd00::10]:6443 (ConfigMap tigera-operator/kubernetes-services-endpoint)', OPERATOR_DISABLES,
  ]);
});

test('BPF on v3.30.7: the ConfigMap gives the address, and kube-proxy is yours to disable', () => {
  expect(plan('v3.30.7', 'BPF', 'api.example.com:6443')).toEqual([
    'the operator and Calico reach the API server at api.example.com:6443 (ConfigMap tigera-operator/kubernetes-services-endpoint)',
    `kube-proxy keeps running until you disable it (Calico v3.30.7's operator does not): ${DISABLE_KUBE_PROXY_BY_HAND}; if you cannot, set bpfKubeProxyIptablesCleanupEnabled: false in FelixConfiguration default, so that Felix does not remove kube-proxy's iptables rules while kube-proxy rewrites them`,
  ]);
  expect(plan('v3.30.7', 'BPF')).toEqual(['calico-node cannot reach the API server without kube-proxy on Calico v3.30.7: set platform.apiServerEndpoint (see the error above)']);
});
