import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { calicoRelease } from '../../src/lib/calico/releases';
import { readClusterFile, parseKubeadmNetworking } from '../../src/app/config/load';
import { clusterDoc, config, FIXTURES, load, messages, tempDir } from '../util';

const KUBEADM_CM = (podSubnet: string, serviceSubnet = '10.96.0.0/12') => stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
  data: { ClusterConfiguration: stringify({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', networking: { dnsDomain: 'cluster.local', podSubnet, serviceSubnet } }) },
});

describe('kubeadm configuration', () => {
  test('reads podSubnet and serviceSubnet from the kubeadm-config ConfigMap', () => {
    expect(parseKubeadmNetworking(KUBEADM_CM('172.16.0.0/16', '10.200.1.0/24'), 'k.yaml')).toEqual({
      networking: { source: 'k.yaml', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' },
    });
  });

  test('reads a kubeadm init config file (InitConfiguration + ClusterConfiguration)', () => {
    const text = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.1.0.0/16\n`;
    expect(parseKubeadmNetworking(text, 'init.yaml')).toEqual({ networking: { source: 'init.yaml', podSubnet: '10.1.0.0/16' } });
  });

  test('fails when the file holds no ClusterConfiguration', () => {
    const result = parseKubeadmNetworking('apiVersion: v1\nkind: ConfigMap\ndata: {}\n', 'k.yaml');
    expect('findings' in result && messages(result.findings)).toEqual([
      'platform.kubeadmConfig: holds neither a kubeadm-config ConfigMap with a ClusterConfiguration key nor a ClusterConfiguration document (got "k.yaml") — save the output of `kubectl -n kube-system get cm kubeadm-config -o yaml`, or the ClusterConfiguration given to kubeadm init',
    ]);
  });

  test('fills podSubnet and serviceSubnet the cluster file leaves out', () => {
    const c = config({ name: 'x', platform: { cloud: 'aws', kubeadmConfig: 'kubeadm-config.yaml' } }, { 'kubeadm-config.yaml': KUBEADM_CM('172.16.0.0/16', '10.200.1.0/24') });
    expect(c.platform.podSubnet).toBe('172.16.0.0/16');
    expect(c.platform.serviceSubnet).toBe('10.200.1.0/24');
    expect(c.calico.installation.ipPools.map((p) => p.cidr)).toEqual(['172.16.0.0/16']);
  });

  test('fails when the kubeadm file cannot be read, saying paths are relative to the cluster file', () => {
    const { findings } = load(clusterDoc({ platform: { kubeadmConfig: 'missing.yaml' } }));
    expect(messages(findings)[0]).toMatch(/^platform\.kubeadmConfig: names a file that cannot be read \(got "missing\.yaml"\) — paths are relative to the cluster file's folder/);
  });
});

describe('cluster file', () => {
  test('fails when the file is not valid YAML', () => {
    const { findings } = load('name: [unclosed\n');
    expect(messages(findings)[0]).toMatch(/cluster\.yaml: is not valid YAML/);
  });

  test('fails when the file is a Kubernetes object (a kubeadm-config.yaml dropped into clusters/)', () => {
    const { findings } = load(KUBEADM_CM('10.0.0.0/16'));
    expect(messages(findings)[0]).toMatch(/cluster\.yaml: is a Kubernetes object \(kind "ConfigMap"\), not a cluster description — keep files such as kubeadm-config\.yaml in a sub-folder/);
  });

  test('fails when the file does not exist', () => {
    const missing = path.join(tempDir(), 'nope.yaml');
    expect(messages(readClusterFile(missing).findings)[0]).toMatch(/nope\.yaml: cannot be read/);
  });

  test('fails when the file holds several documents', () => {
    expect(messages(load('name: a\n---\nname: b\n').findings)[0]).toMatch(/holds 2 YAML documents \(allowed exactly one cluster description per file\)/);
  });
});

describe('CRD file', () => {
  test('reads the CRDs named by calico.crds, relative to the cluster file', () => {
    const crds = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
    const c = config(clusterDoc({ calico: { version: 'v3.28.2', crds: 'crds/operator-crds.yaml' } }), { 'crds/operator-crds.yaml': crds });
    expect(c.crdSource).toMatchObject({ source: 'crds/operator-crds.yaml' });
    expect(typeof c.crdSource === 'object' && c.crdSource.crds.map((x) => x.metadata.name)).toEqual(calicoRelease('v3.28.2').crds.map((x) => x.name));
  });

  test('fails when the CRD file holds something else than CRDs', () => {
    const { findings } = load(clusterDoc({ calico: { version: 'v3.28.2', crds: 'x.yaml' } }), { 'x.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' });
    expect(messages(findings)).toEqual([
      'calico.crds: x.yaml should hold only CustomResourceDefinitions, but has kind "Namespace" named "a" — point it at the operator-crds.yaml of Calico v3.28.2',
    ]);
  });
});
