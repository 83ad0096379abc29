import { calicoFieldUses, installationSpecUses, releaseFieldFindings } from '../../src/lib/calico/release-fields';
import { calicoRelease, RELEASES } from '../../src/lib/calico/releases';
import { pathsBelow } from '../../src/lib/common/checks';
import { clusterDoc, config, find, messages, render } from '../util';

const release = calicoRelease;

describe('releaseFieldFindings on a rendered Installation spec', () => {
  test('fails when a field is newer than the release, naming the release that introduced it', () => {
    const uses = installationSpecUses({ calicoNetwork: { linuxDataplane: 'BPF', bpfNetworkBootstrap: 'Enabled', kubeProxyManagement: 'Enabled' } });
    expect(messages(releaseFieldFindings(release('v3.30.7'), uses))).toEqual([
      'calico.bpfNetworkBootstrap: needs Calico v3.31.7 or later, whose Installation has spec.calicoNetwork.bpfNetworkBootstrap (this cluster uses v3.30.7) — choose calico.version v3.31.7 or later, or remove it',
      'calico.kubeProxyManagement: needs Calico v3.31.7 or later, whose Installation has spec.calicoNetwork.kubeProxyManagement (this cluster uses v3.30.7) — choose calico.version v3.31.7 or later, or remove it',
    ]);
    expect(releaseFieldFindings(release('v3.31.7'), uses)).toEqual([]);
    expect(releaseFieldFindings(release('v3.32.1'), uses)).toEqual([]);
  });

  test('fails when a value is newer than the release', () => {
    expect(messages(releaseFieldFindings(release('v3.28.2'), installationSpecUses({ calicoNetwork: { linuxDataplane: 'Nftables' } })))).toEqual([
      'calico.linuxDataplane: Nftables needs Calico v3.29.7 or later (this cluster uses v3.28.2) (allowed Iptables, BPF, VPP) — choose calico.version v3.29.7 or later, or another value',
    ]);
    // v3.29's Installation CRD has the Nftables dataplane and the pool's disableNewAllocations, not yet LoadBalancer pools.
    const v3297 = installationSpecUses({ calicoNetwork: { linuxDataplane: 'Nftables', ipPools: [{ cidr: '10.0.0.0/16', disableNewAllocations: true, allowedUses: ['LoadBalancer'] }] } });
    expect(messages(releaseFieldFindings(release('v3.29.7'), v3297))).toEqual([
      'calico.ipPools[0].allowedUses: LoadBalancer needs Calico v3.30.7 or later (this cluster uses v3.29.7) (allowed Workload, Tunnel) — choose calico.version v3.30.7 or later, or another value',
    ]);
  });

  test('fails when a field only v3.32.1 has is used on v3.31.7', () => {
    expect(messages(releaseFieldFindings(release('v3.31.7'), installationSpecUses({ calicoNetwork: { clusterRoutingMode: 'Felix' } })))).toEqual([
      'calico.clusterRoutingMode: needs Calico v3.32.1 or later, whose Installation has spec.calicoNetwork.clusterRoutingMode (this cluster uses v3.31.7) — choose calico.version v3.32.1 or later, or remove it',
    ]);
  });

  test('fails when a field a newer release dropped is used there, naming where it is', () => {
    expect(messages(releaseFieldFindings(release('v3.32.1'), installationSpecUses({ cni: { type: 'Calico', specVersion: '1.0.0' } })))).toEqual([
      'calico.cni.specVersion: is only in Calico v3.31.7, whose Installation has spec.cni.specVersion (this cluster uses v3.32.1) — choose calico.version v3.31.7, or remove it',
    ]);
  });

  test('fails when a field is in no supported release, without walking below it', () => {
    expect(messages(releaseFieldFindings(release('v3.32.1'), installationSpecUses({ calicoNetwork: { noSuchField: { deeper: 'x' } } })))).toEqual([
      'calico.noSuchField: Installation has no field spec.calicoNetwork.noSuchField in any supported Calico release (this cluster uses v3.32.1) — remove it',
    ]);
  });

  test('map values and list items are walked: any key of a map, each item of a list', () => {
    const spec = {
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/control-plane': '', constructor: 'x' },
      calicoNetwork: { ipPools: [{ cidr: '10.0.0.0/16', disableNewAllocations: true, allowedUses: ['Workload', 'LoadBalancer'] }] },
    };
    expect(messages(releaseFieldFindings(release('v3.28.2'), installationSpecUses(spec)))).toEqual([
      'calico.ipPools[0].disableNewAllocations: needs Calico v3.29.7 or later, whose Installation has spec.calicoNetwork.ipPools.disableNewAllocations (this cluster uses v3.28.2) — choose calico.version v3.29.7 or later, or remove it',
      'calico.ipPools[0].allowedUses: LoadBalancer needs Calico v3.30.7 or later (this cluster uses v3.28.2) (allowed Workload, Tunnel) — choose calico.version v3.30.7 or later, or another value',
    ]);
    expect(releaseFieldFindings(release('v3.30.7'), installationSpecUses(spec))).toEqual([]);
  });

  test('metrics ports are reported at calico.metrics', () => {
    expect(installationSpecUses({ nodeMetricsPort: 9091, typhaMetricsPort: 9093 }).map((u) => u.configPath.join('.'))).toEqual(['calico.metrics', 'calico.metrics']);
  });

  test.each(RELEASES.map((r) => [r.version]))('the Installation calico-stack renders for %s, every option on, has only fields of the release', (version) => {
    const r = release(version);
    const c = config(clusterDoc({
      platform: { apiServerEndpoint: r.hasBpfNetworkBootstrap ? undefined : '10.0.0.10:6443' },
      calico: {
        version,
        linuxDataplane: 'BPF',
        nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' },
        registry: 'registry.example.com', imagePath: 'mirror', imagePullSecrets: ['regcred'],
        controlPlaneNodeSelector: { role: 'infra' }, controlPlaneTolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        kubeletVolumePluginPath: 'None', flexVolumePath: 'None', mtu: 1400, metrics: true, wireguard: true,
        ipPools: [{ cidr: '10.244.0.0/16', disableBGPExport: true, allowedUses: ['Workload', 'Tunnel'] }],
        ...(r.hasGoldmaneWhisker ? {} : { goldmane: false }),
      },
    }));
    const spec = find(render(c).calico, 'Installation', 'default').spec;
    expect(releaseFieldFindings(r, installationSpecUses(spec))).toEqual([]);
  });
});

describe('calicoFieldUses: the cluster file\'s calico settings as custom resource fields', () => {
  /** The paths of the `calico` section's settings in a cluster file. */
  const inCalico = pathsBelow('calico');

  test('each key goes to the field of its name; kinds for the custom resources it turns on', () => {
    const uses = calicoFieldUses({
      bgp: 'Enabled', linuxDataplane: 'Nftables', registry: 'r/', imagePullSecrets: ['s'],
      apiServer: true, goldmane: true, whisker: false, wireguard: true, metrics: true,
    });
    expect(uses.map((u) => `${u.configPath.join('.')} → ${u.kind} ${u.field.join('.')}`)).toEqual([
      'bgp → Installation calicoNetwork.bgp',
      'linuxDataplane → Installation calicoNetwork.linuxDataplane',
      'registry → Installation registry',
      'imagePullSecrets → Installation imagePullSecrets',
      'metrics → Installation nodeMetricsPort',
      'metrics → Installation typhaMetricsPort',
      'apiServer → APIServer ',
      'goldmane → Goldmane ',
      'wireguard → FelixConfiguration wireguardEnabled',
    ]);
  });

  test('the BPF fields calico-stack derives from linuxDataplane are reported at calico.linuxDataplane, once', () => {
    const uses = calicoFieldUses({ linuxDataplane: 'BPF', bpfNetworkBootstrap: 'Enabled', kubeProxyManagement: 'Enabled' });
    expect(uses.map((u) => `${u.configPath.join('.')} → ${u.field.join('.')}`)).toEqual([
      'linuxDataplane → calicoNetwork.linuxDataplane', 'linuxDataplane → calicoNetwork.bpfNetworkBootstrap', 'linuxDataplane → calicoNetwork.kubeProxyManagement',
    ]);
    expect(messages(releaseFieldFindings(release('v3.30.7'), uses, RELEASES, 'calico.version', inCalico))).toEqual([
      'calico.linuxDataplane: needs Calico v3.31.7 or later, whose Installation has spec.calicoNetwork.bpfNetworkBootstrap (this cluster uses v3.30.7) — choose calico.version v3.31.7 or later, or remove it',
    ]);
    expect(releaseFieldFindings(release('v3.31.7'), uses, RELEASES, 'calico.version', inCalico)).toEqual([]);
  });

  test('fails when Goldmane is turned on for a release without it', () => {
    expect(messages(releaseFieldFindings(release('v3.28.2'), calicoFieldUses({ apiServer: true, goldmane: true }), RELEASES, 'calico.version', inCalico))).toEqual([
      'calico.goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
  });
});

test('fails when a key is named like a property every object has: a key is a key', () => {
  const uses = installationSpecUses({ calicoNetwork: { nodeAddressAutodetectionV4: { constructor: 'x', toString: 'y' } } });
  expect(messages(releaseFieldFindings(release('v3.32.1'), uses)).map((m) => m.split(':')[0])).toEqual([
    'calico.nodeAddressAutodetectionV4.constructor', 'calico.nodeAddressAutodetectionV4.toString',
  ]);
});
