import { parseClusterFile } from '../../src/app/config/parse';
import { clusterDoc, load, messages } from '../util';

/** Errors of a file whose shape is right: what the constructs find in its values (the CLI's path). */
function valueErrorsOf(doc: Record<string, unknown>): string[] {
  expect(parseClusterFile(doc).findings).toEqual([]);
  return messages(load(doc).findings.filter((f) => f.severity === 'error'));
}

function errorsOf(doc: unknown): string[] {
  const { file, findings } = parseClusterFile(doc);
  expect(file).toBeUndefined();
  return messages(findings);
}

describe('parseClusterFile', () => {
  test('accepts the smallest description', () => {
    const { file, findings } = parseClusterFile(clusterDoc());
    expect(findings).toEqual([]);
    expect(file).toEqual({ name: 'test', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' } });
  });

  test('accepts every documented key', () => {
    const { findings } = parseClusterFile(clusterDoc({
      platform: { cloud: 'aws', podSubnet: '10.244.0.0/16,fd00:10:244::/56', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['192.168.10.0/24'], kubeadmConfig: 'k.yaml', nodes: 3 },
      calico: {
        version: 'v3.31.7', crds: 'operator', bgp: 'Enabled', mtu: 1440, linuxDataplane: 'Nftables',
        ipPools: [{ name: 'p', cidr: '10.244.0.0/16', blockSize: 24, encapsulation: 'VXLAN', natOutgoing: 'Disabled', nodeSelector: 'all()', disableBGPExport: true, allowedUses: ['Workload', 'Tunnel'] }],
        nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, nodeAddressAutodetectionV6: { firstFound: true },
        registry: 'r.example/', imagePath: 'p', imagePullSecrets: ['a', { name: 'b' }],
        controlPlaneNodeSelector: { role: 'infra' }, controlPlaneTolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
        kubeletVolumePluginPath: 'None', flexVolumePath: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/',
        apiServer: true, goldmane: true, whisker: true, wireguard: true,
      },
    }));
    expect(findings).toEqual([]);
  });

  test('fails when an enum value is misspelt, naming the path and the allowed values', () => {
    expect(errorsOf(clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIPP' }] } }))).toEqual([
      'calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None — did you mean "IPIP"?',
    ]);
  });

  test('fails when a key is unknown, listing the allowed keys and the near match', () => {
    expect(errorsOf(clusterDoc({ platform: { cloud: 'aws', podSubnet: '10.244.0.0/16', podSubnets: 'x' } }))).toEqual([
      'platform.podSubnets: unknown key (allowed cloud, podSubnet, serviceSubnet, nodeSubnets, kubeadmConfig, nodes, apiServerEndpoint, kubernetesVersion) — did you mean podSubnet?',
    ]);
  });

  test('fails when a key inside a list item is unknown', () => {
    const [msg] = errorsOf(clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', blocksize: 24 }] } }));
    expect(msg).toMatch(/^calico\.ipPools\[0\]\.blocksize: unknown key \(allowed name, cidr, blockSize, .*\) — did you mean blockSize\?$/);
  });

  test('fails when a type is wrong, showing the value', () => {
    expect(errorsOf(clusterDoc({ calico: { mtu: 'big' } }))).toEqual(['calico.mtu: expected a number (got "big")']);
    expect(errorsOf(clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize: 24.5 }] } }))).toEqual([
      'calico.ipPools[0].blockSize: expected a whole number (got 24.5)',
    ]);
    expect(errorsOf(clusterDoc({ calico: { wireguard: 'yes' } }))).toEqual(['calico.wireguard: expected true or false (got "yes")']);
    expect(errorsOf(clusterDoc({ calico: { apiServer: 'yes' } }))).toEqual(['calico.apiServer: expected true, false or a mapping of APIServer.spec fields (got "yes")']);
  });

  test('fails when a required key is missing', () => {
    expect(errorsOf({ platform: { cloud: 'aws' } })).toEqual(['name: is required (allowed a string)']);
    expect(errorsOf({ name: 'x', platform: {} })).toEqual(['platform.cloud: is required (allowed aws, azure, gcp, baremetal)']);
  });

  test('fails when a CIDR is malformed', () => {
    expect(valueErrorsOf(clusterDoc({ platform: { podSubnet: '10.244.0/16' } }))).toEqual([
      'platform.podSubnet: is not a CIDR or a comma-separated list of CIDRs (got "10.244.0/16"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56, or "v4,v6" for dual stack)',
    ]);
    expect(valueErrorsOf(clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/33' }] } }))).toEqual([
      'calico.ipPools[0].cidr: is not a CIDR (got "10.244.0.0/33"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56)',
    ]);
  });

  test('fails when the name is not a DNS label', () => {
    expect(valueErrorsOf(clusterDoc({ name: 'My_Cluster' }))).toEqual([
      'name: is not a valid DNS label: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (got "My_Cluster"; allowed at most 63 characters, e.g. my-name or 123-abc)',
    ]);
  });

  test('fails when a volume path is relative', () => {
    expect(valueErrorsOf(clusterDoc({ calico: { flexVolumePath: 'usr/libexec' } }))).toEqual([
      'calico.flexVolumePath: is neither an absolute path nor None (got "usr/libexec"; allowed an absolute path such as /var/lib/kubelet, or None to disable)',
    ]);
  });

  test('fails when the release is unknown, listing the known ones', () => {
    expect(errorsOf(clusterDoc({ calico: { version: 'v3.29.0' } }))).toEqual(['calico.version: "v3.29.0" is not one of v3.32.1, v3.31.7, v3.30.7, v3.29.7, v3.28.2 — did you mean "v3.29.7"?']);
  });

  test('reports every problem of the shape at once', () => {
    expect(errorsOf({ name: 'x', platform: { cloud: 'awz' }, calico: { bgp: 'on', mtu: 'big' } })).toHaveLength(3);
  });

  test('reports every problem of the values at once', () => {
    expect(valueErrorsOf(clusterDoc({ name: 'X', platform: { podSubnet: '10.244.0/16' }, calico: { mtu: -1, flexVolumePath: 'usr' } }))).toHaveLength(4);
  });
});

describe('numbers YAML has and JSON has not', () => {
  test('reports .nan and .inf as NaN and Infinity, not as null', () => {
    const text = 'name: a\nplatform: {cloud: baremetal, podSubnet: 10.244.0.0/16, nodes: .nan}\ncalico: {mtu: .inf, asNumber: -.Inf}\nmonitoring: {alerts: {dropsPerSecond: .NaN}}\n';
    expect(messages(load(text).findings)).toEqual([
      'platform.nodes: expected a finite number (got NaN)',
      'calico.mtu: expected a finite number (got Infinity)',
      'calico.asNumber: expected a finite number (got -Infinity)',
      'monitoring.alerts.dropsPerSecond: expected a finite number (got NaN)',
    ]);
  });
});
