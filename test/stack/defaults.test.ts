import { clusterDoc, config } from '../util';

describe('defaults', () => {
  test('no ipPools: one pool per podSubnet CIDR, as the operator creates them', () => {
    const c = config(clusterDoc({ platform: { podSubnet: '10.244.0.0/16' } }));
    expect(c.calico.installation.ipPoolsFromPodCidrs).toBe(true);
    expect(c.calico.installation.ipPools).toEqual([
      { name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' },
    ]);
  });

  test('dual-stack podSubnet: an IPv4 and an IPv6 pool with their family defaults', () => {
    const c = config(clusterDoc({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' } }));
    expect(c.calico.installation.ipPools).toEqual([
      { name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' },
      { name: 'default-ipv6-ippool', cidr: 'fd00:10:244::/56', blockSize: 122, encapsulation: 'None', natOutgoing: 'Disabled', nodeSelector: 'all()' },
    ]);
  });

  test('listed pools get the defaults of their family; unnamed extra pools are named after their CIDR', () => {
    const c = config(clusterDoc({
      platform: { podSubnet: '10.244.0.0/16' },
      calico: { ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: '10.244.128.0/17', encapsulation: 'VXLAN' }] },
    }));
    expect(c.calico.installation.ipPools.map((p) => [p.name, p.blockSize, p.encapsulation])).toEqual([
      ['10.244.0.0-17', 26, 'IPIP'],
      ['10.244.128.0-17', 26, 'VXLAN'],
    ]);
  });

  test('release-dependent defaults: the newest release, v3.32.1, has Goldmane and Whisker, the operator creates its CRDs', () => {
    const c = config(clusterDoc());
    expect(c.calico.release.version).toBe('v3.32.1');
    expect(c.crdSource).toBe('operator');
    expect(c.calico).toMatchObject({ apiServer: true, goldmane: true, whisker: true, wireguard: false, metrics: false });
    expect(c.calico.installation.bgp).toBe('Enabled');
  });

  test('whisker follows goldmane when not set', () => {
    expect(config(clusterDoc({ calico: { goldmane: false } })).calico.whisker).toBe(false);
  });

  test('registry gets its trailing slash (the operator would write it back otherwise)', () => {
    expect(config(clusterDoc({ calico: { registry: 'registry.example.com' } })).calico.installation.registry).toBe('registry.example.com/');
    expect(config(clusterDoc({ calico: { registry: 'registry.example.com/' } })).calico.installation.registry).toBe('registry.example.com/');
  });

  test('serviceSubnet defaults to kubeadm\'s 10.96.0.0/12', () => {
    expect(config(clusterDoc()).platform.serviceSubnet).toBe('10.96.0.0/12');
  });
});
