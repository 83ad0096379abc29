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

test('no warning while the dataplane stays, or for a new cluster', () => {
  const bpf = installation({ linuxDataplane: 'BPF' });
  expect(dataplaneChangeFindings(bpf, bpf)).toEqual([]);
  expect(dataplaneChangeFindings(undefined, installation({}))).toEqual([]);
  expect(dataplaneChangeFindings(installation({}), installation({ linuxDataplane: 'Iptables' }))).toEqual([]);
});

test('entering BPF on a running cluster: node ports can be disrupted while the nodes switch one by one', () => {
  expect(messages(dataplaneChangeFindings(installation({}), installation({ linuxDataplane: 'BPF' })))).toEqual([
    'calico.linuxDataplane: switches the running cluster from Iptables to the eBPF dataplane (the committed dist/ has Iptables): the operator rolls calico-node out node by node, '
    + 'and while some nodes run BPF and others do not, traffic through node ports can be disrupted; connections made before keep the Iptables datapath (got "BPF") — '
    + 'apply it in a maintenance window; `npm run plan` says what happens to kube-proxy',
  ]);
});

test('Iptables to Nftables and back: kube-proxy must run in the matching mode', () => {
  const [toNft] = dataplaneChangeFindings(installation({}), installation({ linuxDataplane: 'Nftables' }));
  expect(toNft.message).toBe('switches the running cluster from Iptables to Nftables (the committed dist/ has Iptables): Calico in nftables mode needs kube-proxy in nftables mode, and upstream documents no switch of a running cluster to or from it');
  expect(toNft.fix).toBe('set kube-proxy\'s mode to nftables (`kubectl -n kube-system edit configmap kube-proxy`, mode: nftables; then `kubectl -n kube-system rollout restart ds/kube-proxy`) as calico-node rolls out with Nftables, in a maintenance window');
  const [back] = dataplaneChangeFindings(installation({ linuxDataplane: 'Nftables' }), installation({}));
  expect(back.fix).toContain('mode: iptables');
  // Leaving BPF for Nftables: kube-proxy must come back, in nftables mode.
  const fromBpf = dataplaneChangeFindings(installation({ linuxDataplane: 'BPF' }), installation({ linuxDataplane: 'Nftables' }));
  expect(fromBpf.map((f) => f.message.slice(0, 40))).toEqual(['leaves the eBPF dataplane (the committed', 'switches the running cluster from BPF to']);
});
