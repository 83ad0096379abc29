/**
 * Leaving the eBPF dataplane: BPF replaced kube-proxy, which was disabled — by the operator
 * (kubeProxyManagement: Enabled adds the nodeSelector `operator.tigera.io/disable-kube-proxy`) or
 * by hand (Calico's docs: the nodeSelector `non-calico`). The operator puts kube-proxy back only while
 * kubeProxyManagement is Enabled (tigera/operator v1.42.3 pkg/controller/kubeproxy/controller.go:127-131,
 * 191-204), and calico-stack renders it only with BPF, so a render that leaves BPF leaves kube-proxy
 * disabled: Services stop working once calico-node no longer does their job. A check that compares
 * two renders, run after rendering (synth) and by plan and check.
 *
 * The other switches, with what upstream documents (tigera/docs@f2a2762432b54f20274d42c67bfa828d82872498,
 * calico_versioned_docs/version-3.32/): entering BPF rolls out node by node, which can disrupt traffic through
 * node ports while some nodes run BPF and others do not, and connections made before keep the old datapath
 * (operations/ebpf/enabling-ebpf.mdx:37-41, 377, 394-395); Nftables needs kube-proxy in nftables mode
 * (getting-started/kubernetes/nftables.mdx:18-26), and no page documents switching a running cluster to or
 * from it.
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

/** The kube-proxy mode a dataplane needs: nftables for Nftables, iptables for Iptables (BPF replaces kube-proxy). */
function kubeProxyMode(dataplane: string): string | undefined {
  if (dataplane === LinuxDataplane.NFTABLES) return 'nftables';
  if (dataplane === LinuxDataplane.IPTABLES) return 'iptables';
  return undefined;
}

/** Warnings when the dataplane of the new render differs from the committed render's. */
export function dataplaneChangeFindings(previous: InstallationShape | undefined, next: InstallationShape | undefined): Finding[] {
  if (!previous || !next) return [];
  const before = previous.linuxDataplane ?? LinuxDataplane.IPTABLES;
  const now = next.linuxDataplane ?? LinuxDataplane.IPTABLES;
  if (before === now) return [];
  if (before === LinuxDataplane.BPF) return [...leavingBpf(previous, now), ...kubeProxyModeFindings(before, now)];
  if (now === LinuxDataplane.BPF) {
    return [warning('calico.linuxDataplane', `switches the running cluster from ${before} to the eBPF dataplane (the committed dist/ has ${before}): the operator rolls calico-node out node by node, and while some nodes run BPF and others do not, traffic through node ports can be disrupted; connections made before keep the ${before} datapath`, {
      got: now,
      fix: 'apply it in a maintenance window; `npm run plan` says what happens to kube-proxy',
    })];
  }
  return kubeProxyModeFindings(before, now);
}

/** Switching between Iptables and Nftables (or leaving BPF for Nftables): kube-proxy must run in the matching mode. */
function kubeProxyModeFindings(before: string, now: string): Finding[] {
  const mode = kubeProxyMode(now);
  if (now !== LinuxDataplane.NFTABLES && before !== LinuxDataplane.NFTABLES) return [];
  return [warning('calico.linuxDataplane', `switches the running cluster from ${before} to ${now} (the committed dist/ has ${before}): Calico in nftables mode needs kube-proxy in nftables mode, and upstream documents no switch of a running cluster to or from it`, {
    got: now,
    fix: `set kube-proxy's mode to ${mode} (\`kubectl -n kube-system edit configmap kube-proxy\`, mode: ${mode}; then \`kubectl -n kube-system rollout restart ds/kube-proxy\`) as calico-node rolls out with ${now}, in a maintenance window`,
  })];
}

/** Leaving BPF: kube-proxy, which BPF replaced, stays disabled. */
function leavingBpf(previous: InstallationShape, now: string): Finding[] {
  const key = previous.kubeProxyManagement === 'Enabled' ? DISABLE_KUBE_PROXY_LABEL : BY_HAND_KEY;
  const who = key === BY_HAND_KEY ? 'you disabled it by hand' : 'the operator disabled it and puts it back only while kubeProxyManagement is Enabled, which calico-stack renders with BPF only';
  return [warning('calico.linuxDataplane', `leaves the eBPF dataplane (the committed dist/ has BPF) for ${now}: kube-proxy, which BPF replaced, stays disabled (${who}), so Services stop working once calico-node runs ${now}`, {
    got: now,
    fix: `right after calico-node has rolled out with ${now}, re-enable kube-proxy: ${enableKubeProxyCommand(key)}`,
  })];
}
