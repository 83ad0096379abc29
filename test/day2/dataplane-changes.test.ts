/** Leaving the eBPF dataplane, compared with the committed render (src/app/day2/dataplane-changes.ts). */
import { dataplaneChangeFindings, enableKubeProxyCommand } from '../../src/app/day2/dataplane-changes';
import { renderedInstallation } from '../../src/app/output/previous-render';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, messages } from '../util';

const installation = (calico: Record<string, unknown>) => renderedInstallation(renderStack(config(clusterDoc({ calico, platform: { apiServerEndpoint: '10.0.0.10:6443' } }))));

test('leaving BPF on a release whose operator disabled kube-proxy: a warning with the command that removes the operator\'s nodeSelector', () => {
  const bpf = installation({ linuxDataplane: 'BPF' });
  expect(bpf).toMatchObject({ linuxDataplane: 'BPF', kubeProxyManagement: 'Enabled' });
  expect(messages(dataplaneChangeFindings(bpf, installation({})))).toEqual([
    'calico.linuxDataplane: leaves the eBPF dataplane (the committed dist/ has BPF) for Iptables: kube-proxy, which BPF replaced, stays disabled '
    + '(the operator disabled it and puts it back only while kubeProxyManagement is Enabled, which calico-stack renders with BPF only), '
    + 'so Services stop working once calico-node runs Iptables (got "Iptables") — right after calico-node has rolled out with Iptables, re-enable kube-proxy: '
    + 'kubectl patch ds -n kube-system kube-proxy --type json -p \'[{"op":"remove","path":"/spec/template/spec/nodeSelector/operator.tigera.io~1disable-kube-proxy"}]\'',
  ]);
});

test('leaving BPF on a release without kubeProxyManagement: the command removes the nodeSelector of Calico\'s docs', () => {
  const bpf = installation({ version: 'v3.30.7', linuxDataplane: 'BPF' });
  expect(bpf?.kubeProxyManagement).toBeUndefined();
  const [finding] = dataplaneChangeFindings(bpf, installation({ version: 'v3.30.7', linuxDataplane: 'Nftables' }));
  expect(finding.message).toContain('for Nftables: kube-proxy, which BPF replaced, stays disabled (you disabled it by hand)');
  expect(finding.fix).toContain(enableKubeProxyCommand('non-calico'));
});

test('no warning while BPF stays, for a new cluster, or when BPF is new', () => {
  const bpf = installation({ linuxDataplane: 'BPF' });
  expect(dataplaneChangeFindings(bpf, bpf)).toEqual([]);
  expect(dataplaneChangeFindings(undefined, installation({}))).toEqual([]);
  expect(dataplaneChangeFindings(installation({}), bpf)).toEqual([]);
});
