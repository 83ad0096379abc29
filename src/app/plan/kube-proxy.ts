/**
 * What happens to kube-proxy in a cluster, for `npm run plan`: the BPF dataplane takes Services over
 * from it, and who finds the API server and who disables kube-proxy depends on the release and on
 * platform.apiServerEndpoint.
 */
import { LinuxDataplane } from '../../lib/calico/enums';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { ManualStep, StepPhase } from './step';

/** The nodeSelector the operator adds to DaemonSet kube-system/kube-proxy (tigera/operator v1.42.3 pkg/render/node.go:51). */
export const DISABLE_KUBE_PROXY_LABEL = 'operator.tigera.io/disable-kube-proxy';

/** The Calico docs' way to disable a kubeadm cluster's kube-proxy by hand: a nodeSelector no node has. */
export const DISABLE_KUBE_PROXY_BY_HAND = 'kubectl patch ds -n kube-system kube-proxy -p \'{"spec":{"template":{"spec":{"nodeSelector":{"non-calico":"true"}}}}}\'';

/** What happens to kube-proxy and how Calico reaches the API server, in sentences. */
export function kubeProxyPlan(stack: CalicoStack): string[] {
  const calico = stack.calico;
  const endpoint = stack.operator.operator.apiServerEndpoint;
  const address = endpoint ? `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}` : undefined;
  const direct = address ? `the operator and Calico reach the API server at ${address} (ConfigMap tigera-operator/kubernetes-services-endpoint)` : undefined;
  const dataplane = calico.installation.linuxDataplane ?? LinuxDataplane.IPTABLES;
  if (dataplane !== LinuxDataplane.BPF) {
    return [`left alone: neither calico-stack nor the operator touches it with the ${dataplane} dataplane${direct ? `; ${direct}` : ''}`];
  }
  // tigera/operator v1.42.3 pkg/controller/kubeproxy/controller.go:127-229 (v1.40.15 the same).
  const disabledByOperator = `once calico-node runs BPF, the operator disables kube-proxy by adding the nodeSelector ${DISABLE_KUBE_PROXY_LABEL}: "true" to DaemonSet kube-system/kube-proxy (kubeProxyManagement: Enabled); the DaemonSet must exist and carry no app.kubernetes.io/managed-by or addonmanager.kubernetes.io/mode label and no Argo CD tracking-id annotation`;
  if (calico.bpfNetworkBootstrap) {
    return ['the operator finds the API server itself, from the kubernetes Service and its EndpointSlices (bpfNetworkBootstrap: Enabled)', disabledByOperator];
  }
  if (!direct) {
    return [`calico-node cannot reach the API server without kube-proxy on Calico ${calico.release.version}: set platform.apiServerEndpoint (see the error above)`];
  }
  if (calico.kubeProxyManagement) return [direct, disabledByOperator];
  return [
    direct,
    `kube-proxy keeps running until you disable it (Calico ${calico.release.version}'s operator does not): ${DISABLE_KUBE_PROXY_BY_HAND}; if you cannot, set bpfKubeProxyIptablesCleanupEnabled: false in FelixConfiguration default, so that Felix does not remove kube-proxy's iptables rules while kube-proxy rewrites them`,
  ];
}

/** Reads the mode of a kubeadm cluster's kube-proxy (ConfigMap kube-system/kube-proxy, key config.conf). */
export const KUBE_PROXY_MODE_COMMAND = 'kubectl -n kube-system get configmap kube-proxy -o jsonpath=\'{.data.config\\.conf}\' | grep \'^mode\'';

/**
 * What must be done by hand about kube-proxy, as kubeProxyPlan() tells it: with the Nftables
 * dataplane, run kube-proxy in nftables mode (Calico's nftables install guide: "your cluster's
 * kube-proxy must also be in nftables mode"); with BPF, disable kube-proxy where the operator does
 * not, and check that it did where it does. None with Iptables, VPP, or a BPF cluster that cannot
 * work (an error of the cluster file).
 */
export function kubeProxySteps(stack: CalicoStack): ManualStep[] {
  const calico = stack.calico;
  const dataplane = calico.installation.linuxDataplane ?? LinuxDataplane.IPTABLES;
  if (dataplane === LinuxDataplane.NFTABLES) {
    return [{
      phase: StepPhase.BEFORE,
      action: 'run kube-proxy in nftables mode (kubeadm: mode: nftables in its KubeProxyConfiguration, ConfigMap kube-system/kube-proxy)',
      commands: [KUBE_PROXY_MODE_COMMAND],
      why: 'Installation default has linuxDataplane Nftables: Calico\'s nftables data plane needs kube-proxy in nftables mode too, as Calico\'s nftables install guide requires',
    }];
  }
  if (dataplane !== LinuxDataplane.BPF) return [];
  if (calico.bpfNetworkBootstrap || calico.kubeProxyManagement) {
    return [{
      phase: StepPhase.AFTER,
      action: `check that the operator has disabled kube-proxy (the DaemonSet's nodeSelector holds ${DISABLE_KUBE_PROXY_LABEL}: "true"); if it has not, disable it by hand`,
      commands: ['kubectl -n kube-system get daemonset kube-proxy -o jsonpath=\'{.spec.template.spec.nodeSelector}\'', DISABLE_KUBE_PROXY_BY_HAND],
      why: 'Installation default has linuxDataplane BPF and kubeProxyManagement Enabled: the operator disables kube-proxy once calico-node runs BPF, but leaves alone a DaemonSet kube-system/kube-proxy that carries an app.kubernetes.io/managed-by or addonmanager.kubernetes.io/mode label or an Argo CD tracking-id annotation; kube-proxy and BPF both handling Services conflict',
    }];
  }
  if (!stack.operator.operator.apiServerEndpoint) return [];
  return [{
    phase: StepPhase.AFTER,
    action: 'disable kube-proxy once calico-node runs BPF (kubectl get tigerastatus calico: Available)',
    commands: [DISABLE_KUBE_PROXY_BY_HAND],
    why: `Installation default has linuxDataplane BPF, and Calico ${calico.release.version}'s operator does not disable kube-proxy; if you cannot, set bpfKubeProxyIptablesCleanupEnabled: false in FelixConfiguration default, so that Felix does not remove kube-proxy's iptables rules while kube-proxy rewrites them`,
  }];
}
