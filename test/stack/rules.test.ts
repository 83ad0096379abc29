/**
 * Every validation rule: a bad cluster file gets a message naming the config path and the bad
 * value; a good file passes.
 */
import { stringify } from 'yaml';
import { calicoRequirements } from '../../src/app/plan/network-requirements';
import { clusterDoc, config, FIXTURES, load, messages } from '../util';

const errors = (doc: Record<string, any>, files: Record<string, string> = {}) => messages(load(doc, files).findings.filter((f) => f.severity === 'error'));
const warnings = (doc: Record<string, any>, files: Record<string, string> = {}) => messages(load(doc, files).findings.filter((f) => f.severity === 'warning'));
const pools = (...list: Array<Record<string, unknown>>) => ({ ipPools: list });

const kubeadmConfigMap = (networking: Record<string, string>) => stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
  data: { ClusterConfiguration: stringify({ kind: 'ClusterConfiguration', networking }) },
});

test('a good file passes every rule', () => {
  expect(load(clusterDoc({
    platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['192.168.10.0/24'], nodes: 50 },
    calico: pools({ name: 'a', cidr: '10.244.0.0/17', blockSize: 24, encapsulation: 'VXLAN' }, { name: 'b', cidr: '10.244.128.0/17', encapsulation: 'IPIP' }),
  })).findings).toEqual([]);
});

describe('kubeadm', () => {
  test('fails when a pool is outside podSubnet, with the operator\'s own error text', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '10.244.0.0/16' }, calico: pools({ cidr: '192.168.0.0/16' }) }))).toEqual([
      'calico.ipPools[0].cidr: is not inside the cluster\'s podSubnet; the operator would report "IPPool 192.168.0.0/16 is not within the platform\'s configured pod network CIDR(s) [10.244.0.0/16]" and create no pools (got "192.168.0.0/16"; allowed a CIDR inside 10.244.0.0/16) — use a CIDR inside platform.podSubnet, or omit calico.ipPools to get one pool per podSubnet CIDR',
    ]);
  });

  test('fails when podSubnet is missing', () => {
    expect(errors({ name: 'x', platform: { cloud: 'aws' } })).toEqual([
      'platform.podSubnet: is missing; on a kubeadm cluster the operator fails with "kubeadm configuration is missing required podSubnet field" (got nothing; allowed the --pod-network-cidr given to kubeadm init, e.g. 10.244.0.0/16) — set platform.podSubnet, or name the exported kubeadm-config with platform.kubeadmConfig',
    ]);
  });

  test('fails when the kubeadm-config has no podSubnet, even though the cluster file has one', () => {
    expect(errors(clusterDoc({ platform: { kubeadmConfig: 'k.yaml' } }), { 'k.yaml': kubeadmConfigMap({ serviceSubnet: '10.96.0.0/12' }) })).toEqual([
      'platform.kubeadmConfig: has no networking.podSubnet, so the operator fails with "kubeadm configuration is missing required podSubnet field" even when the Installation lists pools (tigera/operator#2712) (got "k.yaml") — add networking.podSubnet to the ClusterConfiguration in `kubectl -n kube-system edit cm kubeadm-config`, then export it again',
    ]);
  });

  test('fails when the cluster file disagrees with the kubeadm-config', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', kubeadmConfig: 'k.yaml' } }), {
      'k.yaml': kubeadmConfigMap({ podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' }),
    })).toEqual([
      'platform.podSubnet: differs from networking.podSubnet in k.yaml, which is what the cluster runs with (got "10.244.0.0/16"; allowed 172.16.0.0/16) — write 172.16.0.0/16, or drop platform.podSubnet and let it be read from k.yaml',
      'platform.serviceSubnet: differs from networking.serviceSubnet in k.yaml, which is what the cluster runs with (got "10.96.0.0/12"; allowed 10.200.1.0/24) — write 10.200.1.0/24, or drop platform.serviceSubnet and let it be read from k.yaml',
    ]);
  });

  test('passes when the cluster file agrees with the kubeadm-config', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '172.16.0.0/16', kubeadmConfig: 'k.yaml' } }), { 'k.yaml': kubeadmConfigMap({ podSubnet: '172.16.0.0/16' }) })).toEqual([]);
  });

  test('fails when the kubeadm-config podSubnet is not a CIDR', () => {
    expect(errors({ name: 'x', platform: { cloud: 'aws', kubeadmConfig: 'k.yaml' } }, { 'k.yaml': kubeadmConfigMap({ podSubnet: '10.244.0/16' }) })).toEqual([
      'platform.kubeadmConfig: has a networking.podSubnet that is not a CIDR list (got "10.244.0/16")',
    ]);
  });
});

describe('the Kubernetes version (platform.kubernetesVersion, else the kubeadm-config\'s)', () => {
  const kubeadmAt = (kubernetesVersion: string) => stringify({
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
    data: { ClusterConfiguration: stringify({ kind: 'ClusterConfiguration', kubernetesVersion, networking: { podSubnet: '10.244.0.0/16' } }) },
  });
  const homelab = (calico: Record<string, unknown>, platform: Record<string, unknown> = {}) => load(
    clusterDoc({ platform: { kubeadmConfig: 'kans-homelab/kubeadm-config.yaml', ...platform }, calico }),
    { 'kans-homelab/kubeadm-config.yaml': kubeadmAt('v1.33.2') },
  );

  test('warns when the release was not tested on the cluster\'s minor, naming both and the releases that were', () => {
    const l = homelab({ version: 'v3.28.2' });
    expect(messages(l.findings)).toEqual([
      'calico.version: Calico v3.28.2 was tested on Kubernetes 1.27–1.30; this cluster runs v1.33.2 (from kans-homelab/kubeadm-config.yaml) — choose calico.version v3.31.7 or v3.30.7, tested on Kubernetes 1.33',
    ]);
    expect(l.findings[0].severity).toBe('warning');
    expect(l.stack!.platform.kubernetesVersion).toBe('v1.33.2');
  });

  test('passes on a release tested on it: the kubeadm-config\'s version, or the one the cluster file writes', () => {
    expect(homelab({ version: 'v3.31.7' }).findings).toEqual([]);
    expect(load(clusterDoc({ platform: { kubernetesVersion: '1.35' } })).findings).toEqual([]);
    expect(load(clusterDoc({ platform: { kubernetesVersion: 'v1.34.0-rc.1' } })).findings).toEqual([]);
  });

  test('warns with the tested ranges when no supported release was tested on it; the cluster file\'s value named as its source', () => {
    expect(warnings(clusterDoc({ platform: { kubernetesVersion: 'v1.26.3' } }))).toEqual([
      'calico.version: Calico v3.32.1 was tested on Kubernetes 1.34–1.36; this cluster runs v1.26.3 (from platform.kubernetesVersion) — no release calico-stack supports was tested on Kubernetes 1.26 (v3.32.1: 1.34–1.36, v3.31.7: 1.32–1.35, v3.30.7: 1.31–1.35, v3.29.7: 1.29–1.32, v3.28.2: 1.27–1.30); check Calico\'s system requirements before relying on it',
    ]);
  });

  test('fails when platform.kubernetesVersion is not a version', () => {
    expect(errors(clusterDoc({ platform: { kubernetesVersion: 'v1.33.x' } }))).toEqual([
      'platform.kubernetesVersion: is not a Kubernetes version (got "v1.33.x"; allowed a Kubernetes version such as v1.33.2, or its minor such as 1.33) — write the server version `kubectl version` prints',
    ]);
  });

  test('fails when it is a number, as YAML reads an unquoted 1.30, saying to quote it', () => {
    expect(messages(load('name: t\nplatform:\n  cloud: baremetal\n  podSubnet: 10.244.0.0/16\n  kubernetesVersion: 1.30\n').findings)).toEqual([
      'platform.kubernetesVersion: expected a string (got 1.3) — write it in quotes, such as kubernetesVersion: "1.30": unquoted, YAML reads a version such as 1.30 as the number 1.3',
    ]);
  });

  test('fails when the cluster file and the kubeadm-config disagree, naming both and the file', () => {
    expect(messages(homelab({ version: 'v3.31.7' }, { kubernetesVersion: 'v1.32.0' }).findings)).toEqual([
      'platform.kubernetesVersion: differs from kubernetesVersion v1.33.2 in kans-homelab/kubeadm-config.yaml, which is what the cluster runs (got "v1.32.0"; allowed v1.33.2) — write v1.33.2, or drop platform.kubernetesVersion and let it be read from kans-homelab/kubeadm-config.yaml',
    ]);
  });

  test('passes when they agree as far as the cluster file writes it (its minor)', () => {
    expect(homelab({ version: 'v3.31.7' }, { kubernetesVersion: '1.33' }).findings).toEqual([]);
  });

  test('warns that nothing is checked when the kubeadm-config\'s kubernetesVersion is a label, not a version', () => {
    expect(warnings(clusterDoc({ platform: { kubeadmConfig: 'k.yaml' } }), { 'k.yaml': kubeadmAt('stable-1.33') })).toEqual([
      'platform.kubeadmConfig: has a kubernetesVersion that is not a Kubernetes version, so whether Calico v3.32.1 was tested on the cluster\'s is not checked (got "stable-1.33"; allowed a Kubernetes version such as v1.33.2, or its minor such as 1.33) — set platform.kubernetesVersion to the server version `kubectl version` prints',
    ]);
    expect(load(clusterDoc({ platform: { kubeadmConfig: 'k.yaml', kubernetesVersion: '1.35' } }), { 'k.yaml': kubeadmAt('stable-1.33') }).findings).toEqual([]);
  });
});

describe('overlaps and duplicates', () => {
  test('fails when podSubnet overlaps serviceSubnet', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '10.96.0.0/16', serviceSubnet: '10.96.0.0/12' } }))).toEqual([
      'platform.podSubnet: overlaps platform.serviceSubnet (10.96.0.0/12): pod and service addresses must be distinct (got "10.96.0.0/16") — choose non-overlapping --pod-network-cidr and --service-cidr',
    ]);
  });

  test('fails when the default service range is hit by podSubnet', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '10.100.0.0/16' } }))[0]).toMatch(/^platform\.podSubnet: overlaps platform\.serviceSubnet \(kubeadm default\) \(10\.96\.0\.0\/12\)/);
  });

  test('fails when podSubnet overlaps a node subnet', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '192.168.0.0/16', nodeSubnets: ['192.168.10.0/24'] } }))).toEqual([
      'platform.podSubnet: overlaps platform.nodeSubnets[0] (192.168.10.0/24): pod addresses would shadow the hosts\' own network (got "192.168.0.0/16") — choose a podSubnet outside the node network',
    ]);
  });

  test('fails when a pool overlaps the service range or a node subnet', () => {
    const podSubnet = '10.0.0.0/8';
    expect(errors(clusterDoc({ platform: { podSubnet, serviceSubnet: '172.20.0.0/16', nodeSubnets: ['192.168.1.0/24'] }, calico: pools({ cidr: '10.1.0.0/16' }) }))).toEqual([]);
    expect(errors(clusterDoc({ platform: { podSubnet: '10.0.0.0/8,172.20.0.0/16', serviceSubnet: '172.20.0.0/24' }, calico: pools({ cidr: '172.20.0.0/16' }) }))).toEqual([
      'platform.podSubnet: overlaps platform.serviceSubnet (172.20.0.0/24): pod and service addresses must be distinct (got "172.20.0.0/16") — choose non-overlapping --pod-network-cidr and --service-cidr',
      'calico.ipPools[0].cidr: overlaps platform.serviceSubnet (172.20.0.0/24): pods would get addresses kube-proxy treats as service IPs (got "172.20.0.0/16") — move the pool out of the service range',
    ]);
  });

  test('fails when two pools overlap', () => {
    expect(errors(clusterDoc({ calico: pools({ name: 'a', cidr: '10.244.0.0/16' }, { name: 'b', cidr: '10.244.128.0/17' }) }))).toEqual([
      'calico.ipPools[1].cidr: overlaps calico.ipPools[0].cidr (10.244.0.0/16): one address would belong to two pools (got "10.244.128.0/17") — split the range into pools that do not overlap',
    ]);
  });

  test('fails when two pools share a CIDR or a name', () => {
    expect(errors(clusterDoc({ calico: pools({ name: 'a', cidr: '10.244.0.0/17' }, { name: 'a', cidr: '10.244.0.0/17' }) }))).toEqual([
      'calico.ipPools[1].cidr: repeats the CIDR of calico.ipPools[0].cidr; the operator rejects it ("IP pool 10.244.0.0/17 is specified more than once") (got "10.244.0.0/17") — remove one of the pools',
      'calico.ipPools[1].name: repeats the name of calico.ipPools[0]; the operator rejects it ("IP pool a is specified more than once") (got "a") — give every pool its own name',
    ]);
  });

  test('fails when a CIDR has host bits set, naming the network meant', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: '10.244.1.0/16' }, calico: pools({ cidr: '10.244.1.0/16' }) }))).toEqual([
      'platform.podSubnet: is not in canonical form: it has host bits set or is not written in its shortest form (got "10.244.1.0/16"; allowed 10.244.0.0/16) — write 10.244.0.0/16',
      'calico.ipPools[0].cidr: is not in canonical form: it has host bits set or is not written in its shortest form (got "10.244.1.0/16"; allowed 10.244.0.0/16) — write 10.244.0.0/16',
    ]);
  });
});

describe('the operator\'s pool rules', () => {
  test('fails when an IPv4 blockSize is outside 20–32, with the operator\'s text', () => {
    expect(errors(clusterDoc({ calico: pools({ cidr: '10.244.0.0/16', blockSize: 18 }) }))).toEqual([
      'calico.ipPools[0].blockSize: is out of range for an IPv4 pool (the operator: "IPv4 pool block size must be greater than 19 and less than or equal to 32") (got 18; allowed 20–32)',
    ]);
  });

  test('fails when an IPv6 blockSize is outside 116–128', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: 'fd00::/48' }, calico: pools({ cidr: 'fd00::/48', blockSize: 64 }) }))).toEqual([
      'calico.ipPools[0].blockSize: is out of range for an IPv6 pool (got 64; allowed 116–128)',
    ]);
  });

  test('fails when the pool is smaller than one block', () => {
    expect(errors(clusterDoc({ calico: pools({ cidr: '10.244.0.0/28', blockSize: 26 }) }))).toEqual([
      'calico.ipPools[0].blockSize: is larger than the pool 10.244.0.0/28 (the operator: "IP pool size is too small. It must be equal to or greater than the block size") (got 26; allowed 28–32) — use blockSize 28 or more, or a larger pool',
    ]);
  });

  test('fails when IPIP or unencapsulated pools run without BGP', () => {
    expect(errors(clusterDoc({ calico: { bgp: 'Disabled', ...pools({ name: 'a', cidr: '10.244.0.0/17', encapsulation: 'IPIPCrossSubnet' }, { name: 'b', cidr: '10.244.128.0/17', encapsulation: 'None' }) } }))).toEqual([
      'calico.ipPools[0].encapsulation: with BIRD cluster routing mode, IPIP encapsulation requires that BGP is enabled (got "IPIPCrossSubnet") — set calico.bgp: Enabled, or use VXLAN, or let Felix program the routes: calico.installation.calicoNetwork.clusterRoutingMode: Felix',
      'calico.ipPools[1].encapsulation: with BIRD cluster routing mode, unencapsulated IP pools require that BGP is enabled (got "None") — set calico.bgp: Enabled, or use VXLAN, or let Felix program the routes: calico.installation.calicoNetwork.clusterRoutingMode: Felix',
    ]);
    expect(errors(clusterDoc({ calico: { bgp: 'Disabled', ...pools({ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }) } }))).toEqual([]);
  });

  test('fails when the default IPIP pool runs without BGP', () => {
    expect(errors(clusterDoc({ calico: { bgp: 'Disabled' } }))).toEqual([
      'calico.ipPools (from podSubnet 10.244.0.0/16): with BIRD cluster routing mode, IPIP encapsulation requires that BGP is enabled (got "IPIP") — set calico.bgp: Enabled, or use VXLAN, or let Felix program the routes: calico.installation.calicoNetwork.clusterRoutingMode: Felix',
    ]);
  });

  test('fails when an IPv6 pool uses IPIP', () => {
    expect(errors(clusterDoc({ platform: { podSubnet: 'fd00::/48' }, calico: pools({ cidr: 'fd00::/48', encapsulation: 'IPIP' }) }))).toEqual([
      'calico.ipPools[0].encapsulation: IPIP encapsulation is not supported by IPv6 pools, but it is set for fd00::/48 (got "IPIP"; allowed None, VXLAN, VXLANCrossSubnet)',
    ]);
  });

  test('fails when nodeSelector is empty', () => {
    expect(errors(clusterDoc({ calico: pools({ cidr: '10.244.0.0/16', nodeSelector: ' ' }) }))).toEqual([
      'calico.ipPools[0].nodeSelector: is empty; the operator requires a selector (got " "; allowed a Calico selector such as all())',
    ]);
  });

  describe('LoadBalancer pools (allowedUses: [LoadBalancer])', () => {
    const lb = (extra: Record<string, unknown> = {}) => clusterDoc({ calico: pools({ name: 'pods', cidr: '10.244.0.0/17' }, { name: 'lb', cidr: '10.244.128.0/17', allowedUses: ['LoadBalancer'], ...extra }) });

    test('pass with encapsulation None, which is their default (the operator\'s IPIP default would be refused)', () => {
      const c = config(lb());
      expect(c.calico.installation.ipPools[1]).toEqual({ name: 'lb', cidr: '10.244.128.0/17', blockSize: 26, encapsulation: 'None', natOutgoing: 'Enabled', nodeSelector: 'all()', allowedUses: ['LoadBalancer'] });
      expect(load(lb()).findings).toEqual([]);
    });

    test('fails when LoadBalancer is combined with Workload or Tunnel, with the operator\'s text', () => {
      expect(errors(lb({ allowedUses: ['LoadBalancer', 'Workload'] }))).toEqual([
        'calico.ipPools[1].allowedUses: IP pool lb AllowedUse LoadBalancer cannot be used with Workload/Tunnel (got ["LoadBalancer","Workload"]; allowed [LoadBalancer] alone) — give LoadBalancer addresses a pool of their own',
      ]);
    });

    test('fails when nodeSelector is not all()', () => {
      expect(errors(lb({ nodeSelector: 'zone == "a"' }))).toEqual([
        'calico.ipPools[1].nodeSelector: IP pool nodeSelector should be set to all() if allowedUse is LoadBalancer (got "zone == \\"a\\""; allowed all()) — remove nodeSelector (it defaults to all())',
      ]);
    });

    test('fails when an encapsulation other than None is written', () => {
      expect(errors(lb({ encapsulation: 'VXLAN' }))).toEqual([
        'calico.ipPools[1].encapsulation: IP pool encapsulation must be none if allowedUse is LoadBalancer (got "VXLAN"; allowed None) — remove encapsulation (a LoadBalancer pool defaults to None)',
      ]);
    });

    test('fails when disableBGPExport is true', () => {
      expect(errors(lb({ disableBGPExport: true }))).toEqual([
        'calico.ipPools[1].disableBGPExport: IP pool disable bgp export must be false when AllowedUse is LoadBalancer (got true; allowed false) — remove disableBGPExport: LoadBalancer addresses reach the network by BGP',
      ]);
      expect(errors(lb({ disableBGPExport: false }))).toEqual([]);
    });

    test('fails on Calico v3.30.7 when natOutgoing is Disabled (operator v1.38.13; v1.40 dropped the rule)', () => {
      const doc = (version: string) => ({ ...lb({ natOutgoing: 'Disabled' }), calico: { ...lb({ natOutgoing: 'Disabled' }).calico, version } });
      expect(errors(doc('v3.30.7'))).toEqual([
        'calico.ipPools[1].natOutgoing: IP pool lb NATOutgoing cannot be disabled with allowedUse LoadBalancer (got "Disabled"; allowed Enabled) — set natOutgoing: Enabled (an IPv6 pool defaults to Disabled), or choose calico.version v3.32.1 or v3.31.7, whose operator dropped the rule',
      ]);
      expect(errors(doc('v3.31.7'))).toEqual([]);
    });

    test('carry no pod traffic: no cloud warning and no network requirement for their encapsulation', () => {
      const doc: Record<string, any> = { ...lb(), platform: { cloud: 'aws', podSubnet: '10.244.0.0/16' } };
      doc.calico.ipPools[0].encapsulation = 'VXLAN';
      expect(warnings(doc)).toEqual([]);
      expect(calicoRequirements(config(doc)).map((r) => r.purpose)).not.toContainEqual(expect.stringMatching(/unencapsulated/));
    });
  });

  test('fails when more than 25 pools are listed', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ name: `p${i}`, cidr: `10.244.${i}.0/24`, blockSize: 26 }));
    expect(errors(clusterDoc({ calico: { ipPools: many } }))).toEqual([
      'calico.ipPools: lists 26 pools; the Installation takes at most 25 — merge pools, or create the extra ones as IPPool resources',
    ]);
  });

  test('fails when two autodetection methods are given for one family, or none', () => {
    expect(errors(clusterDoc({ calico: { nodeAddressAutodetectionV4: { firstFound: true, interface: 'eth0' }, nodeAddressAutodetectionV6: {} } }))).toEqual([
      'calico.nodeAddressAutodetectionV4: no more than one node address autodetection method can be specified per-family (got "firstFound, interface"; allowed one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs)',
      'calico.nodeAddressAutodetectionV6: names no autodetection method (got {}; allowed one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs)',
    ]);
  });

  test('warns when BPF runs without an explicit autodetection method', () => {
    expect(warnings(clusterDoc({ calico: { linuxDataplane: 'BPF' } }))).toEqual([
      'calico.nodeAddressAutodetectionV4: is not set; the BPF dataplane needs the node\'s IPv4 address and the operator would fall back to firstFound: true, which picks the first interface it sees — set one method explicitly, e.g. nodeAddressAutodetectionV4: { kubernetes: NodeInternalIP }',
    ]);
    expect(warnings(clusterDoc({ calico: { linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } } }))).toEqual([]);
  });

  test('fails when BPF runs with an IPv6 pool and no IPv6 autodetection method, with the operator\'s text', () => {
    const dual = (calico: Record<string, unknown>) => clusterDoc({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, calico: { linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, ...calico } });
    expect(errors(dual({}))).toEqual([
      'calico.nodeAddressAutodetectionV6: is not set, and the operator refuses the BPF dataplane with an IPv6 pool without it ("spec.calicoNetwork.nodeAddressAutodetectionV6 is required for the BPF dataplane"): it defaults the IPv6 method only from IPv6 pools already in the cluster, so on a fresh install it stops there and never creates the pools — set one method, e.g. nodeAddressAutodetectionV6: { kubernetes: NodeInternalIP }',
    ]);
    expect(load(dual({ nodeAddressAutodetectionV6: { kubernetes: 'NodeInternalIP' } })).findings).toEqual([]);
    expect(errors(dual({ linuxDataplane: 'Iptables' }))).toEqual([]);
  });

  test('fails when VPP runs without BGP, with the operator\'s text', () => {
    const vpp = (bgp: string) => clusterDoc({ calico: { linuxDataplane: 'VPP', bgp, ...pools({ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }) } });
    expect(errors(vpp('Disabled'))).toEqual([
      'calico.linuxDataplane: VPP requires BGP to be enabled (got "VPP") — set calico.bgp: Enabled, or choose another linuxDataplane',
    ]);
    expect(errors(vpp('Enabled'))).toEqual([]);
  });

  test('fails when controlPlaneNodeSelector asks for an OS other than linux, with the operator\'s text', () => {
    expect(errors(clusterDoc({ calico: { controlPlaneNodeSelector: { 'kubernetes.io/os': 'windows', 'beta.kubernetes.io/os': 'windows' } } }))).toEqual([
      'calico.controlPlaneNodeSelector["beta.kubernetes.io/os"]: the operator refuses it ("spec.ControlPlaneNodeSelector \'beta.kubernetes.io/os=windows\' is not supported"): Typha, kube-controllers and the API server run on Linux nodes only (got "windows"; allowed linux) — remove beta.kubernetes.io/os, or set it to linux',
      'calico.controlPlaneNodeSelector["kubernetes.io/os"]: the operator refuses it ("spec.ControlPlaneNodeSelector \'kubernetes.io/os=windows\' is not supported"): Typha, kube-controllers and the API server run on Linux nodes only (got "windows"; allowed linux) — remove kubernetes.io/os, or set it to linux',
    ]);
    expect(errors(clusterDoc({ calico: { controlPlaneNodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' } } }))).toEqual([]);
  });
});

describe('the BPF dataplane and the API server\'s address', () => {
  const bpf = (version: string, apiServerEndpoint?: string) => {
    const crds = version === 'v3.28.2' ? { crds: `${FIXTURES}/operator-crds-mini.yaml` } : {};
    return clusterDoc({ platform: { apiServerEndpoint }, calico: { version, ...crds, linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } } });
  };

  test.each([['v3.30.7', 'v1.38.13'], ['v3.28.2', 'v1.34.5']])('fails on %s without platform.apiServerEndpoint: its operator cannot find the API server itself', (version, operator) => {
    expect(errors(bpf(version))).toEqual([
      `platform.apiServerEndpoint: is required for calico.linuxDataplane: BPF on Calico ${version}: the BPF dataplane takes Services over from kube-proxy, so calico-node must reach the API server directly, and this release's operator (${operator}) cannot find it itself (bpfNetworkBootstrap needs Calico v3.31.7 or later) (got nothing; allowed host:port of a stable address of the API server, such as 10.0.0.10:6443 or api.example.com:6443) — set platform.apiServerEndpoint to the control plane's load balancer or kubeadm's controlPlaneEndpoint, or choose calico.version v3.32.1 or v3.31.7`,
    ]);
    expect(errors(bpf(version, 'api.example.com:6443'))).toEqual([]);
  });

  test('passes on v3.31.7 and later without it (the operator bootstraps), and on any release without BPF', () => {
    expect(errors(bpf('v3.32.1'))).toEqual([]);
    expect(errors(bpf('v3.31.7'))).toEqual([]);
    expect(errors(clusterDoc({ calico: { version: 'v3.30.7' } }))).toEqual([]);
  });
});

describe('cloud', () => {
  test('fails when IPIP is used on Azure', () => {
    expect(errors(clusterDoc({ platform: { cloud: 'azure' }, calico: pools({ cidr: '10.244.0.0/16', encapsulation: 'IPIP' }) }))).toEqual([
      'calico.ipPools[0].encapsulation: Azure drops IP-in-IP (IP protocol 4) between VMs, so pods on different nodes could not reach each other (got "IPIP"; allowed VXLAN) — set encapsulation: VXLAN',
    ]);
  });

  test('fails on Azure for the default pool too (it is IPIP)', () => {
    expect(errors(clusterDoc({ platform: { cloud: 'azure' } }))).toHaveLength(1);
  });

  test('warns when VXLANCrossSubnet is used on Azure', () => {
    expect(warnings(clusterDoc({ platform: { cloud: 'azure' }, calico: pools({ cidr: '10.244.0.0/16', encapsulation: 'VXLANCrossSubnet' }) }))).toEqual([
      'calico.ipPools[0].encapsulation: VXLANCrossSubnet sends traffic inside a subnet unencapsulated, which Azure VNets drop unless every pod CIDR is routed to its node (got "VXLANCrossSubnet") — use encapsulation: VXLAN',
    ]);
    expect(messages(load(clusterDoc({ platform: { cloud: 'azure' }, calico: pools({ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }) })).findings)).toEqual([]);
  });

  test('warns when IPIP or unencapsulated pools run on AWS, naming the security-group rules', () => {
    expect(warnings(clusterDoc({ platform: { cloud: 'aws' }, calico: pools({ name: 'a', cidr: '10.244.0.0/17', encapsulation: 'IPIP' }, { name: 'b', cidr: '10.244.128.0/17', encapsulation: 'None' }) }))).toEqual([
      'calico.ipPools[0].encapsulation: on AWS EC2 this needs security-group rules between the nodes for IP protocol 4 (IP-in-IP) and TCP 179 (BGP), or cross-node pod traffic is silently dropped (got "IPIP") — add those rules, or use encapsulation: VXLAN (UDP 4789)',
      'calico.ipPools[1].encapsulation: on AWS EC2 this needs the EC2 source/destination check disabled on every node and TCP 179 (BGP) open between the nodes, or cross-node pod traffic is silently dropped (got "None") — add those rules, or use encapsulation: VXLAN (UDP 4789)',
    ]);
    expect(warnings(clusterDoc({ platform: { cloud: 'aws' }, calico: pools({ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }) }))).toEqual([]);
  });
});

describe('capacity', () => {
  test('warns when the pools have fewer blocks than nodes: /16 with blockSize 24 is 256 blocks', () => {
    const doc = (nodes: number) => clusterDoc({ platform: { nodes }, calico: pools({ cidr: '10.244.0.0/16', blockSize: 24 }) });
    expect(warnings(doc(256)).filter((w) => w.startsWith('platform.nodes'))).toEqual([]);
    expect(warnings(doc(300))).toContain(
      'platform.nodes: the IPv4 pools hold 256 blocks, fewer than one per node; nodes beyond that get no block of their own and borrow addresses from other nodes\' blocks (got 300; allowed at most 256) — use a smaller blockSize (more blocks) or a larger pool',
    );
  });
});
