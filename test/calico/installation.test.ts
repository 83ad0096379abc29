/**
 * CalicoInstallation and CalicoChart used on their own in a cdk8s app: the operator's pool
 * defaults, and the operator's checks on their props (no cluster file involved).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { CalicoChart } from '../../src/lib/calico/calico-chart';
import { AllowedUse, BgpMode, Encapsulation, LinuxDataplane, NatOutgoing } from '../../src/lib/calico/enums';
import { parseCrdBundle } from '../../src/lib/calico/crd-bundle';
import { CalicoInstallation } from '../../src/lib/calico/installation';
import { MAX_POOLS } from '../../src/lib/calico/installation-rules';
import { findingsOf, mapPropPaths } from '../../src/lib/common/checks';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { find, K8sObject, messages, ROOT, testApp, testChart } from '../util';

describe('CalicoInstallation', () => {
  test('defaults: pools derived from the pod CIDRs as the operator derives them, BGP on', () => {
    const chart = testChart();
    const inst = new CalicoInstallation(chart, 'Installation', { podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'] });
    expect(inst.ipPoolsFromPodCidrs).toBe(true);
    expect(inst.ipPools).toEqual([
      { name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' },
      { name: 'default-ipv6-ippool', cidr: 'fd00:10:244::/56', blockSize: 122, encapsulation: 'None', natOutgoing: 'Disabled', nodeSelector: 'all()' },
    ]);
    const installation = find(Testing.synth(chart) as K8sObject[], 'Installation', 'default');
    // Each pool as resolved, with what the release's operator would add (the default release's: v3.32.1).
    const added = { allowedUses: ['Workload', 'Tunnel'], disableBGPExport: false, disableNewAllocations: false, assignmentMode: 'Automatic' };
    expect(installation.spec.calicoNetwork).toMatchObject({ bgp: 'Enabled', ipPools: inst.ipPools.map((p) => ({ ...p, ...added })) });
    expect(inst.release.version).toBe('v3.32.1');
    expect(findingsOf(inst)).toEqual([]);
  });

  test('version: the defaults of that release\'s operator (v3.28.2: no pool allocation fields, nonPrivileged); an unknown one is an error (and renders the default release\'s)', () => {
    const chart = testChart();
    const inst = new CalicoInstallation(chart, 'Installation', { version: 'v3.28.2', podCidrs: ['10.244.0.0/16'] });
    expect(inst.release.version).toBe('v3.28.2');
    const spec = find(Testing.synth(chart) as K8sObject[], 'Installation', 'default').spec;
    expect(spec.nonPrivileged).toBe('Disabled');
    expect(Object.keys(spec.calicoNetwork.ipPools[0]).sort()).toEqual(['allowedUses', 'blockSize', 'cidr', 'disableBGPExport', 'encapsulation', 'name', 'natOutgoing', 'nodeSelector']);
    const unknown = new CalicoInstallation(testChart(), 'Installation', { version: 'v9.9.9', podCidrs: ['10.244.0.0/16'] });
    expect(unknown.release.version).toBe('v3.32.1');
    expect(messages(findingsOf(unknown))).toEqual(['version: "v9.9.9" is not one of v3.32.1, v3.31.7, v3.30.7, v3.29.7, v3.28.2']);
  });

  test('all props: every field rendered, pool fields optional and defaulted by family', () => {
    const chart = testChart();
    const inst = new CalicoInstallation(chart, 'Installation', {
      ipPools: [{ cidr: '10.0.0.0/16', encapsulation: Encapsulation.VXLAN, allowedUses: [AllowedUse.WORKLOAD] }, { cidr: '10.1.0.0/16', name: 'b', blockSize: 24, natOutgoing: NatOutgoing.DISABLED, nodeSelector: 'zone == "a"', disableBGPExport: true }],
      bgp: BgpMode.ENABLED,
      mtu: 1440,
      linuxDataplane: LinuxDataplane.BPF,
      nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' as never },
      registry: 'registry.example.com',
      imagePath: 'mirror/calico',
      imagePullSecrets: ['pull'],
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/infra': '' },
      controlPlaneTolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
      kubeletVolumePluginPath: 'None',
      flexVolumePath: '/opt/flex/',
      nodeMetricsPort: 9091,
      typhaMetricsPort: 9093,
    });
    expect(findingsOf(inst)).toEqual([]);
    expect(inst.registry).toBe('registry.example.com/');
    expect(inst.ipPools.map((p) => p.name)).toEqual(['10.0.0.0-16', 'b']);
    const spec = find(Testing.synth(chart) as K8sObject[], 'Installation', 'default').spec;
    expect(spec).toMatchObject({
      calicoNetwork: { bgp: 'Enabled', mtu: 1440, linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } },
      registry: 'registry.example.com/', imagePath: 'mirror/calico', imagePullSecrets: [{ name: 'pull' }],
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/infra': '' }, kubeletVolumePluginPath: 'None', flexVolumePath: '/opt/flex/',
      nodeMetricsPort: 9091, typhaMetricsPort: 9093,
    });
    expect(spec.calicoNetwork.ipPools[1]).toEqual({
      name: 'b', cidr: '10.1.0.0/16', blockSize: 24, encapsulation: 'IPIP', natOutgoing: 'Disabled', nodeSelector: 'zone == "a"', disableBGPExport: true,
      allowedUses: ['Workload', 'Tunnel'], disableNewAllocations: false, assignmentMode: 'Automatic',
    });
  });
});

describe('pool names, as the operator gives them (ippool/defaults.go cidrToName and fillDefaults)', () => {
  const names = (ipPools: Array<{ cidr: string; name?: string }>) => new CalicoInstallation(testChart(), 'Installation', { ipPools }).ipPools.map((p) => p.name);

  test('one pool, or one IPv4 and one IPv6 pool, get the default names', () => {
    expect(names([{ cidr: 'fd00:10:244::/56' }])).toEqual(['default-ipv6-ippool']);
    expect(names([{ cidr: '10.244.0.0/16' }, { cidr: 'fd00:10:244::/56' }])).toEqual(['default-ipv4-ippool', 'default-ipv6-ippool']);
    expect(names([{ cidr: '10.244.0.0/16', name: 'a' }, { cidr: 'fd00:10:244::/56' }])).toEqual(['a', 'default-ipv6-ippool']);
  });

  test('IPv6 pools named after the CIDR are written in full, every group zero-padded to four digits', () => {
    expect(names([{ cidr: 'fd00:10:244::/56' }, { cidr: 'fd00:10:245::/56' }])).toEqual([
      'fd00.0010.0244.0000.0000.0000.0000.0000-56', 'fd00.0010.0245.0000.0000.0000.0000.0000-56',
    ]);
  });

  test('with three or more pools every unnamed pool is named after its CIDR, even the only one of its family', () => {
    expect(names([{ cidr: '10.244.0.0/17', name: 'a' }, { cidr: '10.244.128.0/17', name: 'b' }, { cidr: 'fd00:10:244::/56' }])).toEqual([
      'a', 'b', 'fd00.0010.0244.0000.0000.0000.0000.0000-56',
    ]);
    expect(names([{ cidr: '10.244.0.0/17' }, { cidr: '10.244.128.0/17' }, { cidr: 'fd00:10:244::/56' }])).toEqual([
      '10.244.0.0-17', '10.244.128.0-17', 'fd00.0010.0244.0000.0000.0000.0000.0000-56',
    ]);
  });

  test('two pools of one family are named after their CIDRs, named neighbour or not', () => {
    expect(names([{ cidr: '10.244.0.0/17', name: 'a' }, { cidr: '10.244.128.0/17' }])).toEqual(['a', '10.244.128.0-17']);
  });

  test('pools derived from podSubnet: the first of each family gets the default name, later ones their CIDR', () => {
    const inst = new CalicoInstallation(testChart(), 'Installation', { podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56', 'fd00:10:245::/56'] });
    expect(inst.ipPools.map((p) => p.name)).toEqual(['default-ipv4-ippool', 'default-ipv6-ippool', 'fd00.0010.0245.0000.0000.0000.0000.0000-56']);
  });
});

describe('CalicoChart on its own', () => {
  test('fails at synth on what the operator would refuse, all at once: BGP off with IPIP, blockSize 12, host bits, an empty nodeSelector', () => {
    const app = testApp();
    const chart = new CalicoChart(app, 'calico', {
      bgp: BgpMode.DISABLED,
      ipPools: [{ cidr: '10.244.1.0/16', blockSize: 12, encapsulation: Encapsulation.IPIP, nodeSelector: '' }],
    });
    const expected = [
      'ipPools[0].cidr: is not in canonical form: it has host bits set or is not written in its shortest form (got "10.244.1.0/16"; allowed 10.244.0.0/16) — write 10.244.0.0/16',
      'ipPools[0].blockSize: is out of range for an IPv4 pool (the operator: "IPv4 pool block size must be greater than 19 and less than or equal to 32") (got 12; allowed 20–32)',
      'ipPools[0].nodeSelector: is empty; the operator requires a selector (got ""; allowed a Calico selector such as all())',
      'ipPools[0].encapsulation: with BIRD cluster routing mode, IPIP encapsulation requires that BGP is enabled (got "IPIP") — set bgp: Enabled, or use VXLAN, or let Felix program the routes: installation.calicoNetwork.clusterRoutingMode: Felix',
    ];
    expect(messages(findingsOf(chart))).toEqual(expected);
    let thrown = '';
    try {
      app.synth();
    } catch (err) {
      thrown = (err as Error).message;
    }
    for (const e of expected) expect(thrown).toContain(e);
  });

  test('composed by a construct that maps its props, findings name the paths in the larger description', () => {
    const chart = new CalicoChart(testApp(), 'calico', { mtu: 0, linuxDataplane: LinuxDataplane.VPP, bgp: BgpMode.DISABLED, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: Encapsulation.VXLAN }] });
    mapPropPaths(chart, { prefix: ['calico'] });
    expect(messages(findingsOf(chart))).toEqual([
      'calico.mtu: is below the minimum 1 (got 0)',
      'calico.linuxDataplane: VPP requires BGP to be enabled (got "VPP") — set calico.bgp: Enabled, or choose another linuxDataplane',
    ]);
    // The Installation's own findings are mapped through the chart: the paths of its props, then the chart's.
    expect(messages(findingsOf(chart.installation))).toEqual(messages(findingsOf(chart)));
  });

  test('fails when the release is unknown, naming the ones it knows', () => {
    const chart = new CalicoChart(testApp(), 'calico', { version: 'v9.9.9' });
    expect(messages(findingsOf(chart))).toEqual(['version: "v9.9.9" is not one of v3.32.1, v3.31.7, v3.30.7, v3.29.7, v3.28.2']);
  });
});

describe('the number of pools', () => {
  /** spec.calicoNetwork.ipPools of an Installation CRD schema (openAPIV3Schema). */
  const poolsSchema = (schema: any) => schema.properties.spec.properties.calicoNetwork.properties.ipPools;

  test('MAX_POOLS is the Installation CRD\'s maxItems, in the schema the checks use and in every shipped bundle', () => {
    const schemas = JSON.parse(fs.readFileSync(path.join(ROOT, 'imports', 'crd-schemas.json'), 'utf8'));
    expect(poolsSchema(schemas['operator.tigera.io/v1/Installation']).maxItems).toBe(MAX_POOLS);
    const bundles = fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml'));
    expect(bundles.length).toBeGreaterThan(0);
    for (const file of bundles) {
      const crd = parseCrdBundle(fs.readFileSync(path.join(ROOT, 'crds', file), 'utf8'), file).find((c) => c.metadata.name === 'installations.operator.tigera.io')!;
      for (const version of crd.spec.versions as any[]) expect([file, poolsSchema(version.schema.openAPIV3Schema).maxItems]).toEqual([file, MAX_POOLS]);
    }
  });

  test('one more than MAX_POOLS is a finding with the same words for a CalicoInstallation on its own and for a CalicoStack', () => {
    const ipPools = Array.from({ length: MAX_POOLS + 1 }, (_, i) => ({ cidr: `10.${i}.0.0/16` }));
    const text = `lists ${MAX_POOLS + 1} pools; the Installation takes at most ${MAX_POOLS} — merge pools, or create the extra ones as IPPool resources`;
    expect(messages(findingsOf(new CalicoInstallation(testChart(), 'I', { ipPools })))).toEqual([`ipPools: ${text}`]);
    const stack = new CalicoStack(testApp(), 'c', { name: 'c', platform: { cloud: 'baremetal', podSubnet: '10.0.0.0/8' }, calico: { ipPools } });
    expect(messages(stack.findings)).toEqual([`calico.ipPools: ${text}`]);
    expect(messages(findingsOf(new CalicoInstallation(testChart(), 'J', { ipPools: ipPools.slice(1) })))).toEqual([]);
  });
});
