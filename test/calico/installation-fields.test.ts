/**
 * calico.installation: further Installation.spec fields, merged into the rendered Installation and
 * checked against the Installation CRD's schema and CEL rules and the cluster's release.
 */
import { CalicoInstallation } from '../../src/lib/calico/installation';
import { findingsOf } from '../../src/lib/common/checks';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, load, messages, render, testChart } from '../util';

const installationOf = (calico: Record<string, unknown>) => find(render(config(clusterDoc({ calico })))['calico'], 'Installation', 'default');
const errorsOf = (calico: Record<string, unknown>) => messages(load(clusterDoc({ calico })).findings.filter((f) => f.severity === 'error'));

const TYPHA_AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists' }] }],
    },
  },
};

describe('calico.installation', () => {
  test('defaults: without it the Installation holds the modelled fields and what the operator would default', () => {
    expect(Object.keys(installationOf({}).spec)).toEqual(['calicoNetwork', 'cni', 'controlPlaneReplicas', 'kubeletVolumePluginPath', 'logging', 'nodeUpdateStrategy', 'variant']);
  });

  test('merges any further Installation.spec field, as the API spells it, next to the modelled ones (calicoNetwork field by field)', () => {
    const inst = installationOf({
      mtu: 1450,
      installation: {
        kubernetesProvider: '',
        typhaAffinity: TYPHA_AFFINITY,
        componentResources: [{ componentName: 'Node', resourceRequirements: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: 1073741824 } } }],
        calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: { requests: { cpu: '100m' } } }] } } } },
        controlPlaneReplicas: 3,
        serviceCIDRs: ['10.96.0.0/12'],
        calicoNetwork: { hostPorts: 'Disabled', containerIPForwarding: 'Enabled' },
      },
    });
    // The fields given win over the operator's defaults (controlPlaneReplicas, hostPorts); those not given are filled in.
    expect(inst.spec).toMatchObject({
      calicoNetwork: {
        bgp: 'Enabled', mtu: 1450, hostPorts: 'Disabled', containerIPForwarding: 'Enabled', multiInterfaceMode: 'None',
        ipPools: [{ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
      },
      kubernetesProvider: '',
      typhaAffinity: TYPHA_AFFINITY,
      componentResources: [{ componentName: 'Node', resourceRequirements: { requests: { cpu: '250m', memory: '128Mi' }, limits: { memory: 1073741824 } } }],
      calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: { requests: { cpu: '100m' } } }] } } } },
      controlPlaneReplicas: 3,
      serviceCIDRs: ['10.96.0.0/12'],
    });
    expect(schemaProblems(inst)).toEqual([]);
  });

  test('map keys are data, written sorted, whatever their names', () => {
    const inst = installationOf({ installation: { calicoNodeDaemonSet: { metadata: { labels: { value: 'x', constructor: 'y', a: 'z' } } } } });
    expect(Object.keys(inst.spec.calicoNodeDaemonSet.metadata.labels)).toEqual(['a', 'constructor', 'value']);
  });

  test('fails when a modelled field is written here, pointing at its key', () => {
    expect(errorsOf({ installation: { registry: 'r.example/', nodeMetricsPort: 9091, calicoNetwork: { ipPools: [], bgp: 'Disabled', hostPorts: 'Enabled' } } })).toEqual([
      'calico.installation.registry: is modelled by calico.registry; say it there, so there is one way to say it and calico-stack\'s checks see it — move the value to calico.registry',
      'calico.installation.nodeMetricsPort: is modelled by calico.metrics; say it there, so there is one way to say it and calico-stack\'s checks see it — move the value to calico.metrics',
      'calico.installation.calicoNetwork.ipPools: is modelled by calico.ipPools; say it there, so there is one way to say it and calico-stack\'s checks see it — move the value to calico.ipPools',
      'calico.installation.calicoNetwork.bgp: is modelled by calico.bgp; say it there, so there is one way to say it and calico-stack\'s checks see it — move the value to calico.bgp',
    ]);
    // The refused values are not rendered: the modelled ones stand.
    expect(load(clusterDoc({ calico: { installation: { calicoNetwork: { bgp: 'Disabled' } } } })).stack!.calico.installation.resource.toJson().spec.calicoNetwork.bgp).toBe('Enabled');
  });

  test('fails when a field calico-stack derives is written here, saying what sets it', () => {
    expect(errorsOf({ linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, installation: { calicoNetwork: { bpfNetworkBootstrap: 'Disabled', kubeProxyManagement: 'Disabled' } } })).toEqual([
      'calico.installation.calicoNetwork.bpfNetworkBootstrap: is set by calico-stack: Enabled with linuxDataplane: BPF on releases that have it, unless platform.apiServerEndpoint is set — remove calico.installation.calicoNetwork.bpfNetworkBootstrap; choose it through calico.linuxDataplane and platform.apiServerEndpoint',
      'calico.installation.calicoNetwork.kubeProxyManagement: is set by calico-stack: Enabled with linuxDataplane: BPF on releases that have it — remove calico.installation.calicoNetwork.kubeProxyManagement; choose it through calico.linuxDataplane and platform.apiServerEndpoint',
    ]);
    // Not rendered either: the derived values stand.
    const net = load(clusterDoc({ calico: { linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, installation: { calicoNetwork: { kubeProxyManagement: 'Disabled' } } } }))
      .stack!.calico.installation.resource.toJson().spec.calicoNetwork;
    expect(net.kubeProxyManagement).toBe('Enabled');
    expect(net.bpfNetworkBootstrap).toBe('Enabled');
  });

  test('fails when a value does not fit the Installation CRD\'s schema, naming its path below calico.installation', () => {
    expect(errorsOf({ installation: { typhaAffinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: 'infra' } } } })).toEqual([
      'calico.installation.typhaAffinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: must be an object (got "infra")',
    ]);
    expect(errorsOf({ installation: { kubernetesProvider: 'EKSS' } })).toEqual([
      'calico.installation.kubernetesProvider: is not one of the supported values (got "EKSS"; allowed "", "EKS", "GKE", "AKS", "OpenShift", "DockerEnterprise", "RKE2", "TKG", "Kind")',
    ]);
    expect(errorsOf({ installation: { componentResources: [{ componentName: 'Node', resourceRequirements: { limits: { memory: '1 GB' } } }] } })[0])
      .toMatch(/^calico\.installation\.componentResources\[0\]\.resourceRequirements\.limits\.memory: does not match the pattern/);
    expect(errorsOf({ installation: { calicoNetwork: { hostPorts: 'On' } } })[0]).toMatch(/^calico\.installation\.calicoNetwork\.hostPorts: is not one of the supported values \(got "On"/);
  });

  test('fails when a field is not in the schema, with a did-you-mean', () => {
    expect(errorsOf({ installation: { typhaAffinity: { nodeAfinity: {} } } })).toEqual([
      'calico.installation.typhaAffinity.nodeAfinity: is not a field of the schema; the API server would drop it — did you mean nodeAffinity?',
    ]);
    expect(errorsOf({ installation: { kubernetesProvidr: 'EKS' } })).toContain(
      'calico.installation.kubernetesProvidr: is not a field of the schema; the API server would drop it — did you mean kubernetesProvider?',
    );
  });

  test('fails when a field or value is newer than the cluster\'s release, naming the release that has it', () => {
    expect(errorsOf({ version: 'v3.30.7', installation: { tlsCipherSuites: [{ name: 'TLS_AES_256_GCM_SHA384' }] } })).toEqual([
      'calico.installation.tlsCipherSuites: needs Calico v3.31.7 or later, whose Installation has spec.tlsCipherSuites (this cluster uses v3.30.7) — choose calico.version v3.31.7 or later, or remove it',
    ]);
    expect(errorsOf({ version: 'v3.28.2', crds: 'operator', installation: { kubernetesProvider: 'Kind' } }).filter((m) => m.startsWith('calico.installation'))).toEqual([
      'calico.installation.kubernetesProvider: Kind needs Calico v3.31.7 or later (this cluster uses v3.28.2) (allowed , EKS, GKE, AKS, OpenShift, DockerEnterprise, RKE2, TKG) — choose calico.version v3.31.7 or later, or another value',
    ]);
  });

  test('fails when the key is not a mapping', () => {
    expect(messages(load(clusterDoc({ calico: { installation: ['typhaAffinity'] } })).findings)[0]).toMatch(/^calico\.installation: expected a mapping of Installation\.spec fields/);
  });

  test('a field named __proto__ is a finding at its path that fails synth, not a crash', () => {
    // JSON.parse makes __proto__ an own key, as a cluster file does.
    const installation = JSON.parse('{"__proto__": {"controlPlaneReplicas": 1}, "calicoNetwork": {"__proto__": 1}}');
    const chart = testChart();
    const inst = new CalicoInstallation(chart, 'I', { podCidrs: ['10.244.0.0/16'], installation });
    const unknown = 'is not a field of the schema; the API server would drop it — see `kubectl explain installation.spec` for the fields of the release';
    expect(messages(findingsOf(inst))).toEqual([`installation.calicoNetwork.__proto__: ${unknown}`, `installation.__proto__: ${unknown}`]);
    expect(() => chart.toJson()).toThrow(`installation.__proto__: ${unknown}`);
  });

  test('a CalicoInstallation on its own reports at paths relative to its props', () => {
    const inst = new CalicoInstallation(testChart(), 'I', { podCidrs: ['10.244.0.0/16'], installation: { controlPlaneReplicas: 'two' } });
    expect(messages(findingsOf(inst))).toEqual(['installation.controlPlaneReplicas: must be an integer (got "two")']);
  });
});
