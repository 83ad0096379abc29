/**
 * Leaving the eBPF dataplane: BPF replaced kube-proxy, which was disabled — by the operator
 * (kubeProxyManagement: Enabled adds the nodeSelector `operator.tigera.io/disable-kube-proxy`) or
 * by hand (Calico's docs: the nodeSelector `non-calico`). The operator puts kube-proxy back only while
 * kubeProxyManagement is Enabled (tigera/operator v1.42.3 pkg/controller/kubeproxy/controller.go:127-131,
 * 191-204), and calico-stack renders it only with BPF, so a render that leaves BPF leaves kube-proxy
 * disabled: Services stop working once calico-node no longer does their job. A check that compares
 * two renders, run after rendering (synth) and by plan and check.
 */
import { LinuxDataplane } from '../../lib/calico/enums';
import { Finding, warning } from '../../lib/common/findings';
import type { InstallationShape } from '../output/previous-render';
import { DISABLE_KUBE_PROXY_LABEL } from '../plan/kube-proxy';

/** The nodeSelector key Calico's docs use to disable kube-proxy by hand. */
const BY_HAND_KEY = 'non-calico';

/** The command that removes nodeSelector `key` from DaemonSet kube-system/kube-proxy (a JSON patch; `/` in a key is `~1`). */
export function enableKubeProxyCommand(key: string): string {
  return `kubectl patch ds -n kube-system kube-proxy --type json -p '[{"op":"remove","path":"/spec/template/spec/nodeSelector/${key.replace(/~/g, '~0').replace(/\//g, '~1')}"}]'`;
}

/** A warning when the committed render has the BPF dataplane and the new one has not. */
export function dataplaneChangeFindings(previous: InstallationShape | undefined, next: InstallationShape | undefined): Finding[] {
  if (previous?.linuxDataplane !== LinuxDataplane.BPF || !next || next.linuxDataplane === LinuxDataplane.BPF) return [];
  const now = next.linuxDataplane ?? LinuxDataplane.IPTABLES;
  const key = previous.kubeProxyManagement === 'Enabled' ? DISABLE_KUBE_PROXY_LABEL : BY_HAND_KEY;
  const who = key === BY_HAND_KEY ? 'you disabled it by hand' : 'the operator disabled it and puts it back only while kubeProxyManagement is Enabled, which calico-stack renders with BPF only';
  return [warning('calico.linuxDataplane', `leaves the eBPF dataplane (the committed dist/ has BPF) for ${now}: kube-proxy, which BPF replaced, stays disabled (${who}), so Services stop working once calico-node runs ${now}`, {
    got: now,
    fix: `right after calico-node has rolled out with ${now}, re-enable kube-proxy: ${enableKubeProxyCommand(key)}`,
  })];
}
