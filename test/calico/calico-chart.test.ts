import { CalicoChart } from '../../src/lib/calico/calico-chart';
import { CalicoInstallation } from '../../src/lib/calico/installation';
import { calicoRelease } from '../../src/lib/calico/releases';
import { findingsOf } from '../../src/lib/common/checks';
import { clusterDoc, config, find, FIXTURES, K8sObject, load, messages, render, scenario, testApp, testChart } from '../util';

function calicoObjects(calico: Record<string, unknown> = {}, platform: Record<string, unknown> = {}): K8sObject[] {
  return render(config(clusterDoc({ calico, platform })))['calico'];
}

describe('Calico custom resources', () => {
  test('defaults (v3.32.1): Installation, APIServer, Goldmane and Whisker, all named default, with what the operator would default', () => {
    const objects = calicoObjects();
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'operator.tigera.io/v1 Installation/default',
      'operator.tigera.io/v1 APIServer/default',
      'operator.tigera.io/v1 Goldmane/default',
      'operator.tigera.io/v1 Whisker/default',
    ]);
    expect(find(objects, 'Installation', 'default').spec).toEqual({
      calicoNetwork: {
        bgp: 'Enabled',
        ipPools: [{
          name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()',
          allowedUses: ['Workload', 'Tunnel'], disableBGPExport: false, disableNewAllocations: false, assignmentMode: 'Automatic',
        }],
        linuxDataplane: 'Iptables', windowsDataplane: 'Disabled', linuxPolicySetupTimeoutSeconds: 0, hostPorts: 'Enabled', multiInterfaceMode: 'None',
      },
      cni: { type: 'Calico', ipam: { type: 'Calico' } },
      variant: 'Calico',
      controlPlaneReplicas: 2,
      kubeletVolumePluginPath: '/var/lib/kubelet',
      logging: { cni: { logSeverity: 'Info', logFileMaxCount: 10, logFileMaxAgeDays: 30, logFileMaxSize: '100Mi' } },
      nodeUpdateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    });
    expect(find(objects, 'APIServer', 'default').spec).toEqual({});
    expect(find(objects, 'Goldmane', 'default').spec).toBeUndefined();
    expect(find(objects, 'Whisker', 'default').spec).toEqual({ notifications: 'Enabled' });
  });

  test('the operator\'s defaults per release: nonPrivileged on v3.28.2, no pool allocation fields before v3.30.7, cni.specVersion on v3.31.7 only', () => {
    const spec = (version: string) => find(calicoObjects({ version, ...(version === 'v3.28.2' ? { crds: `${FIXTURES}/operator-crds-mini.yaml` } : {}) }), 'Installation', 'default').spec;
    const v3282 = spec('v3.28.2');
    expect(v3282.nonPrivileged).toBe('Disabled');
    expect(v3282.calicoNetwork.ipPools[0]).toEqual({
      name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()', allowedUses: ['Workload', 'Tunnel'], disableBGPExport: false,
    });
    expect(v3282.cni).toEqual({ type: 'Calico', ipam: { type: 'Calico' } });
    expect(spec('v3.30.7').nonPrivileged).toBeUndefined();
    expect(spec('v3.30.7').calicoNetwork.ipPools[0]).toMatchObject({ disableNewAllocations: false, assignmentMode: 'Automatic' });
    expect(spec('v3.31.7').cni).toEqual({ type: 'Calico', ipam: { type: 'Calico' }, specVersion: 'Auto' });
    expect(spec('v3.32.1').cni).toEqual({ type: 'Calico', ipam: { type: 'Calico' } });
  });

  test('defaults that follow the provider are rendered when calico.installation names it, left to the operator otherwise', () => {
    const spec = (installation?: Record<string, unknown>) => find(calicoObjects(installation ? { installation } : {}), 'Installation', 'default').spec;
    expect([spec().flexVolumePath, spec().cni.binDir, spec().kubernetesProvider]).toEqual([undefined, undefined, undefined]);
    expect(spec({ kubernetesProvider: 'RKE2' })).toMatchObject({ kubernetesProvider: 'RKE2', flexVolumePath: '/var/lib/kubelet/volumeplugins/', cni: { confDir: '/etc/cni/net.d', binDir: '/opt/cni/bin' } });
    expect(spec({ kubernetesProvider: 'AKS' })).toMatchObject({ azure: { policyMode: 'Default' }, flexVolumePath: '/etc/kubernetes/volumeplugins/' });
    // The CNI is calico-stack's, whatever the provider; the operator's own default follows the provider.
    expect(spec({ kubernetesProvider: 'EKS' }).cni.type).toBe('Calico');
  });

  test('the scenario (the shipped example): the pool of upstream custom-resources.yaml after the original scenario\'s edit', () => {
    const installation = find(render(scenario()).calico, 'Installation', 'default');
    expect(installation.spec.calicoNetwork.ipPools).toEqual([{
      name: 'default-ipv4-ippool', blockSize: 24, cidr: '172.16.0.0/16', encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()',
      allowedUses: ['Workload', 'Tunnel'], disableBGPExport: false, disableNewAllocations: false, assignmentMode: 'Automatic',
    }]);
  });

  test('v3.28.2: no Goldmane or Whisker', () => {
    const objects = calicoObjects({ version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` });
    expect(objects.map((o) => o.kind)).toEqual(['Installation', 'APIServer']);
  });

  test('apiServer, goldmane and whisker can be turned off', () => {
    expect(calicoObjects({ apiServer: false, goldmane: false, whisker: false }).map((o) => o.kind)).toEqual(['Installation']);
    expect(calicoObjects({ whisker: false }).map((o) => o.kind)).toEqual(['Installation', 'APIServer', 'Goldmane']);
  });

  test('every Installation field of the cluster file reaches the spec', () => {
    const objects = calicoObjects({
      bgp: 'Disabled', mtu: 8981, linuxDataplane: 'BPF',
      ipPools: [{ name: 'pods', cidr: '10.244.0.0/16', blockSize: 24, encapsulation: 'VXLAN', natOutgoing: 'Disabled', nodeSelector: 'role == "worker"', disableBGPExport: true, allowedUses: ['Workload'] }],
      nodeAddressAutodetectionV4: { cidrs: ['192.168.10.0/24'] }, nodeAddressAutodetectionV6: { interface: 'eth.*' },
      registry: 'mirror.example', imagePath: 'calico-mirror', imagePullSecrets: ['regcred'],
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/infra': '' },
      controlPlaneTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
      kubeletVolumePluginPath: 'None', flexVolumePath: '/var/lib/kubelet/volumeplugins/',
    });
    expect(find(objects, 'Installation', 'default').spec).toMatchObject({
      calicoNetwork: {
        bgp: 'Disabled',
        mtu: 8981,
        linuxDataplane: 'BPF',
        bpfNetworkBootstrap: 'Enabled',
        kubeProxyManagement: 'Enabled',
        ipPools: [{
          name: 'pods', cidr: '10.244.0.0/16', blockSize: 24, encapsulation: 'VXLAN', natOutgoing: 'Disabled', nodeSelector: 'role == "worker"', disableBGPExport: true, allowedUses: ['Workload'],
          disableNewAllocations: false, assignmentMode: 'Automatic',
        }],
        nodeAddressAutodetectionV4: { cidrs: ['192.168.10.0/24'] },
        nodeAddressAutodetectionV6: { interface: 'eth.*' },
      },
      registry: 'mirror.example/',
      imagePath: 'calico-mirror',
      imagePullSecrets: [{ name: 'regcred' }],
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/infra': '' },
      controlPlaneTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }],
      kubeletVolumePluginPath: 'None',
      flexVolumePath: '/var/lib/kubelet/volumeplugins/',
    });
  });

  test('wireguard: FelixConfiguration default (projectcalico.org/v3, in the calico-api file) with WireGuard on for the pools\' families', () => {
    const configObjects = (calico: Record<string, unknown>, platform: Record<string, unknown> = {}) => render(config(clusterDoc({ calico, platform })))['calico-api'];
    const v4 = find(configObjects({ wireguard: true }), 'FelixConfiguration', 'default');
    expect(v4.apiVersion).toBe('projectcalico.org/v3');
    expect(v4.spec).toEqual({ wireguardEnabled: true });
    const dual = find(configObjects({ wireguard: true }, { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }), 'FelixConfiguration', 'default');
    expect(dual.spec).toEqual({ wireguardEnabled: true, wireguardEnabledV6: true });
    expect(calicoObjects({ wireguard: true }).filter((o) => o.kind === 'FelixConfiguration')).toEqual([]);
    expect(render(config(clusterDoc()))['calico-api']).toBeUndefined();
  });

  test('fails when Goldmane is asked for on a release without it: a finding at synth, not an exception', () => {
    const app = testApp();
    const chart = new CalicoChart(app, 'calico', { version: 'v3.28.2', goldmane: true });
    expect(messages(findingsOf(chart))).toEqual([
      'goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.28.2) — choose version v3.30.7 or later, or remove it',
    ]);
    expect(() => app.synth()).toThrow('goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.28.2)');
  });
});

describe('the BPF dataplane and the API server\'s address', () => {
  const network = (version: string, platform: Record<string, unknown> = {}, linuxDataplane = 'BPF') => find(calicoObjects({ version, linuxDataplane, nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } }, platform), 'Installation', 'default').spec.calicoNetwork;

  test.each(['v3.32.1', 'v3.31.7'])('%s: bpfNetworkBootstrap and kubeProxyManagement Enabled, as upstream custom-resources-bpf.yaml', (version) => {
    expect(network(version)).toMatchObject({ linuxDataplane: 'BPF', bpfNetworkBootstrap: 'Enabled', kubeProxyManagement: 'Enabled' });
  });

  test.each(['v3.32.1', 'v3.31.7'])('%s: with platform.apiServerEndpoint the ConfigMap replaces the bootstrap (the operator refuses both); kube-proxy stays the operator\'s', (version) => {
    const n = network(version, { apiServerEndpoint: '10.0.0.10:6443' });
    expect(n.bpfNetworkBootstrap).toBeUndefined();
    expect(n.kubeProxyManagement).toBe('Enabled');
  });

  test('v3.30.7: neither field (the release has neither); the address comes from platform.apiServerEndpoint', () => {
    const n = network('v3.30.7', { apiServerEndpoint: '10.0.0.10:6443' });
    expect(n.linuxDataplane).toBe('BPF');
    expect(n.bpfNetworkBootstrap).toBeUndefined();
    expect(n.kubeProxyManagement).toBeUndefined();
  });

  test('other dataplanes get neither field', () => {
    for (const dataplane of ['Iptables', 'Nftables']) {
      const n = network('v3.32.1', {}, dataplane);
      expect([n.bpfNetworkBootstrap, n.kubeProxyManagement]).toEqual([undefined, undefined]);
    }
  });

  test('CalicoInstallation fails when bpfNetworkBootstrap is Enabled without BPF, with the operator\'s text', () => {
    const inst = new CalicoInstallation(testChart(), 'Installation', { podCidrs: ['10.244.0.0/16'], bpfNetworkBootstrap: 'Enabled', kubeProxyManagement: 'Enabled' });
    expect(messages(findingsOf(inst))).toEqual([
      'bpfNetworkBootstrap: bpfNetworkBootstrap is enabled but linuxDataplane is not set to BPF (got "Enabled") — set linuxDataplane: BPF, or leave bpfNetworkBootstrap out',
    ]);
    expect(findingsOf(new CalicoInstallation(testChart(), 'Installation', {
      podCidrs: ['10.244.0.0/16'], linuxDataplane: 'BPF', bpfNetworkBootstrap: 'Enabled', nodeAddressAutodetectionV4: { firstFound: true },
    }))).toEqual([]);
  });
});

describe('CRDs from a file', () => {
  const rendered = render(config(clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` } })));

  test('go into their own first chart, before the operator', () => {
    expect(Object.keys(rendered)).toEqual(['calico-crds', 'tigera-operator', 'calico', 'retina', 'monitoring']);
    expect(rendered['calico-crds'].map((o) => o.metadata.name)).toEqual(calicoRelease('v3.28.2').crds.map((c) => c.name));
  });

  test('are annotated for server-side apply and otherwise unchanged', () => {
    const crd = find(rendered['calico-crds'], 'CustomResourceDefinition', 'installations.operator.tigera.io');
    expect(crd.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' });
    expect(crd.spec.versions[0].subresources).toEqual({ status: {} });
    expect(crd.spec.names.kind).toBe('Installation');
  });

  test('v3.32.1 (the default) renders no CRDs: the operator creates them', () => {
    expect(Object.keys(render(config(clusterDoc())))).toEqual(['tigera-operator', 'calico', 'retina', 'monitoring']);
  });
});

describe('calico.apiServer: false', () => {
  test('warns, when there are pools, that the operator can create them but never change them afterwards', () => {
    expect(messages(load(clusterDoc({ calico: { apiServer: false } })).findings)).toEqual([
      'calico.apiServer: without the Calico API server the operator creates the pools (default-ipv4-ippool) once, but cannot change them or add one afterwards: it reports "Unable to modify IP pools while Calico API server is unavailable" (got false) — keep calico.apiServer: true (the default) if the pools may ever change',
    ]);
  });

  test('says nothing with the API server, or without pools', () => {
    expect(messages(load(clusterDoc({})).findings)).toEqual([]);
    expect(messages(load(clusterDoc({ calico: { apiServer: false, ipPools: [] } })).findings).filter((m) => m.startsWith('calico.apiServer'))).toEqual([]);
  });
});
