import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { formatFindings } from '../../src/lib/common/findings';
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

  test('reads the ClusterConfiguration\'s kubernetesVersion, which the stack takes when the cluster file gives none', () => {
    const text = stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: { ClusterConfiguration: stringify({ kind: 'ClusterConfiguration', kubernetesVersion: 'v1.33.2', networking: { podSubnet: '10.1.0.0/16' } }) } });
    expect(parseKubeadmNetworking(text, 'k.yaml')).toEqual({ networking: { source: 'k.yaml', podSubnet: '10.1.0.0/16', kubernetesVersion: 'v1.33.2' } });
    expect(config({ name: 'x', platform: { cloud: 'aws', kubeadmConfig: 'k.yaml' } }, { 'k.yaml': text }).platform.kubernetesVersion).toBe('v1.33.2');
    expect(config({ name: 'x', platform: { cloud: 'aws', kubeadmConfig: 'k.yaml', kubernetesVersion: '1.33' } }, { 'k.yaml': text }).platform.kubernetesVersion).toBe('1.33');
    expect(config({ name: 'x', platform: { cloud: 'aws', podSubnet: '10.1.0.0/16' } }).platform.kubernetesVersion).toBeUndefined();
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

describe('YAML syntax errors', () => {
  /** What the CLI prints for a cluster file of `text`. */
  const printed = (text: string): string => {
    const file = path.join(tempDir({ 'cluster.yaml': text }), 'cluster.yaml');
    return formatFindings(readClusterFile(file).findings, 'cluster.yaml').split(path.dirname(file) + path.sep).join('');
  };

  test('show file:line:column, the line with a caret under the column, and only the first error (a tab gave several)', () => {
    expect(printed('name: a\nplatform:\n\tcloud: aws\n  podSubnet: 10.244.0.0/16\n')).toBe([
      'cluster.yaml: 1 error',
      '  ✗ cluster.yaml:3:1: is not valid YAML: Tabs are not allowed as indentation',
      '      \tcloud: aws',
      '      ^',
    ].join('\n'));
  });

  test('put the caret under the column, and keep the tabs before it so that it lines up', () => {
    expect(printed('name: a\nplatform: {cloud: aws,\tpodSubnet: @x}\n')).toBe([
      'cluster.yaml: 1 error',
      '  ✗ cluster.yaml:2:35: is not valid YAML: Plain value cannot start with reserved character @',
      '      platform: {cloud: aws,\tpodSubnet: @x}',
      `      ${' '.repeat(22)}\t${' '.repeat(11)}^`,
    ].join('\n'));
  });

  test('show no line when the error is at the end of the file (a bracket left open)', () => {
    expect(printed('name: [unclosed\n')).toBe('cluster.yaml: 1 error\n  ✗ cluster.yaml:2:1: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  test('show at most 120 characters of a long line, around the column', () => {
    const lines = printed(`name: a\nplatform: {cloud: aws, podSubnet: ${'1'.repeat(5000)}: x: y}\n`).split('\n');
    expect(lines[1]).toMatch(/^ {2}✗ cluster\.yaml:2:\d+: is not valid YAML: /);
    expect(lines).toHaveLength(4);
    expect(lines[2].trim().length).toBeLessThanOrEqual(120);
    expect(lines[2].trim()).toMatch(/^…1+.*$/);
    expect(lines[3].trim()).toBe('^');
  });

  test('in a kubeadm-config: at the key that names it, with the file\'s line:column and the line', () => {
    const { findings } = load(clusterDoc({ platform: { kubeadmConfig: 'k.yaml' } }), { 'k.yaml': 'kind: ClusterConfiguration\nnetworking:\n\tpodSubnet: 10.8.0.0/16\n' });
    expect(findings.map((f) => [f.path, f.message, f.excerpt])).toEqual([
      ['platform.kubeadmConfig', 'is not valid YAML at k.yaml:3:1: Tabs are not allowed as indentation', { line: '\tpodSubnet: 10.8.0.0/16', column: 1 }],
    ]);
  });

  test('in a CRD bundle: with the file\'s line:column, on one line', () => {
    const { findings } = load(clusterDoc({ calico: { version: 'v3.28.2', crds: 'crds.yaml' } }), { 'crds.yaml': 'kind: CustomResourceDefinition\nmetadata: {name: [x}\n' });
    expect(messages(findings)).toEqual(['calico.crds: crds.yaml:2:20: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] — point it at the operator-crds.yaml of Calico v3.28.2']);
  });
});

describe('what a message shows of a file', () => {
  const SECRET = ['root:x:0:0:root:/root:/bin/bash', 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin', 'operator:x:37:37:operator:/var:/bin/sh'];

  test('a cluster file that is a link to another file: its first line, where the document starts, not the file', () => {
    const target = path.join(tempDir({ 'passwd': `${SECRET.join('\n')}\n` }), 'passwd');
    const link = path.join(tempDir(), 'cluster.yaml');
    fs.symlinkSync(target, link);
    const text = formatFindings(readClusterFile(link).findings, link);
    expect(text).toBe([
      `${link}: 1 error`,
      `  ✗ ${link}:1:1: holds a text, not a cluster description (a mapping with keys such as name: and platform:) — check that this is the cluster file you meant`,
      `      ${SECRET[0]}`,
      '      ^',
    ].join('\n'));
    expect(text).not.toContain(SECRET[1].slice(0, 10));
  });

  test('a cluster file that is a link to a cluster file is read', () => {
    const target = path.join(tempDir({ 'real.yaml': stringify(clusterDoc({ name: 'linked' })) }), 'real.yaml');
    const link = path.join(tempDir(), 'cluster.yaml');
    fs.symlinkSync(target, link);
    expect(readClusterFile(link).spec?.name).toBe('linked');
  });

  test('a linked file that is not even YAML: the one line of its syntax error', () => {
    const target = path.join(tempDir({ 'shadow': `${SECRET.join('\n')}\nuser:$6$salt$hash:19000:0:99999:7:::\n` }), 'shadow');
    const link = path.join(tempDir(), 'cluster.yaml');
    fs.symlinkSync(target, link);
    const lines = formatFindings(readClusterFile(link).findings, link).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ {2}✗ .*cluster\.yaml:\d+:\d+: is not valid YAML: /);
    expect(SECRET.filter((line) => lines.join('\n').includes(line))).toHaveLength(1);
  });

  test('a list, an empty file, or only comments: what it holds, not its text', () => {
    expect(messages(load('- root:x:0:0\n- daemon:x:1:1\n').findings)).toEqual([
      expect.stringMatching(/cluster\.yaml:1:1: holds a list, not a cluster description/),
    ]);
    expect(load('- root:x:0:0\n- daemon:x:1:1\n').findings[0].excerpt).toEqual({ line: '- root:x:0:0', column: 1 });
    expect(messages(load('').findings)).toEqual([expect.stringMatching(/cluster\.yaml: is empty \(allowed one cluster description/)]);
    expect(messages(load('# nothing yet\n').findings)).toEqual([expect.stringMatching(/cluster\.yaml: is empty/)]);
    expect(messages(load('---\n').findings)).toEqual([expect.stringMatching(/cluster\.yaml: holds no cluster description \(only comments, or an empty document\)/)]);
  });

  test('a 200 KB value or key, wherever it is: at most 120 characters of it in any message', () => {
    const X = 'x'.repeat(200_000);
    const docs: Array<Record<string, any>> = [
      clusterDoc({ name: X }),
      clusterDoc({ platform: { podSubnet: X } }),
      clusterDoc({ platform: { cloud: X } }),
      clusterDoc({ platform: { apiServerEndpoint: X } }),
      clusterDoc({ platform: { kubeadmConfig: X } }),
      clusterDoc({ calico: { version: X } }),
      clusterDoc({ calico: { registry: X } }),
      clusterDoc({ calico: { ipPools: [{ cidr: X }] } }),
      clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', nodeSelector: X }] } }),
      clusterDoc({ calico: { controlPlaneNodeSelector: { [X]: 'v' } } }),
      clusterDoc({ calico: { installation: { kubernetesProvider: X } } }),
      clusterDoc({ calico: { installation: { [X]: 1 } } }),
      clusterDoc({ calico: { bgpPeers: [{ name: 'tor', peerIP: X, asNumber: 65001 }] } }),
      clusterDoc({ retina: { plugins: [X] } }),
      clusterDoc({ monitoring: { namespace: X } }),
      clusterDoc({ gitops: { argocd: { enabled: true, repoURL: X } } }),
      { ...clusterDoc(), [X]: 1 },
    ];
    for (const doc of docs) {
      const text = formatFindings(load(doc).findings, 'cluster.yaml');
      expect(text).toMatch(/✗/);
      expect(Math.max(...(text.match(/x+/g) ?? []).map((run) => run.length))).toBeLessThanOrEqual(120);
    }
  });
});
