/**
 * CalicoStack in a user's cdk8s app: the same objects as the CLI for the same cluster file,
 * several clusters in one App, findings through synth, and writing with the CLI's writer.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import {
  CalicoStack, CalicoStackProps, ClusterSpec, formatFindings, loadClusterFile, parseCrdBundle, renderStack, Stage, WARNING_METADATA,
  writeOutputFolders,
} from '../src';
import { KubeNamespace } from '../src/k8s';
import { renderClusterFiles } from '../src/output/render';
import { RECORD_FILE } from '../src/output/record';
import { clusterDoc, config, FIXTURES, K8sObject, load, parseObjects, ROOT, SCENARIO, scenario, tempDir, testApp } from './util';

/** The scenario (test/fixtures/scenario/kans-homelab.yaml) written in code. */
const SCENARIO_SPEC: CalicoStackProps = {
  name: 'kans-homelab',
  platform: {
    cloud: 'aws',
    podSubnet: '172.16.0.0/16',
    serviceSubnet: '10.200.1.0/24',
    nodeSubnets: ['192.168.10.0/24'],
    kubeadmConfig: 'kans-homelab/kubeadm-config.yaml',
  },
  calico: {
    version: 'v3.31.7',
    ipPools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 24, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
    bgp: 'Enabled',
  },
  retina: { version: 'v1.2.6', plugins: ['dropreason', 'packetforward', 'linuxutil', 'dns'], logLevel: 'info', metricsInterval: '10s' },
  monitoring: { enabled: true, prometheus: { nodePort: 30090, retention: '15d' }, grafana: { nodePort: 30300, adminSecret: 'grafana-admin' }, nodeExporter: true },
  gitops: { argocd: { enabled: true, repoURL: 'https://github.com/example/gitops.git' }, flux: { enabled: true } },
  files: { kubeadmConfig: { podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' } },
};

/** The manifests of a rendered output folder (`NNNN-*.k8s.yaml`), objects per file, in file order. */
function manifests(files: ReadonlyMap<string, string>): K8sObject[][] {
  return [...files.keys()].filter((f) => /^\d{4}-.*\.k8s\.yaml$/.test(f)).sort().map((f) => parseObjects(files.get(f)!));
}

/** What `app.synth()` wrote, objects per file, by file name. */
function synthesized(app: App): Map<string, K8sObject[]> {
  app.synth();
  return new Map(fs.readdirSync(app.outdir).sort().map((f) => [f, parseObjects(fs.readFileSync(path.join(app.outdir, f), 'utf8'))]));
}

/** A user's own chart, next to the stacks. */
class UserChart extends Chart {
  constructor(scope: App, id: string) {
    super(scope, id);
    new KubeNamespace(this, 'Namespace', { metadata: { name: 'my-app' } });
  }
}

describe('CalicoStack', () => {
  test('renders the shipped example as the CLI does: every object identical, only the file names differ', () => {
    const cli = renderClusterFiles(scenario());
    const app = testApp();
    const stack = new CalicoStack(app, 'kans-homelab', loadClusterFile(SCENARIO));
    new UserChart(app, 'my-app').addDependency(...stack.charts);

    const written = synthesized(app);
    expect([...written.keys()]).toEqual([
      '0000-kans-homelab-tigera-operator.k8s.yaml', '0001-kans-homelab-calico.k8s.yaml', '0002-kans-homelab-retina.k8s.yaml',
      '0003-kans-homelab-monitoring.k8s.yaml', '0004-my-app.k8s.yaml',
    ]);
    const stackFiles = [...written.values()].slice(0, 4);
    const cliFiles = manifests(cli);
    expect(cliFiles.map((objects) => objects.length)).toEqual([7, 4, 6, 12]);
    expect(stackFiles).toEqual(cliFiles);
    // The rest of the output folder too: kustomization.yaml, Argo CD and Flux, byte for byte.
    expect(renderStack(stack)).toEqual(cli);
  });

  test('a spec written in code renders what the cluster file renders', () => {
    const fromFile = new CalicoStack(testApp(), 'kans-homelab', loadClusterFile(SCENARIO));
    const inCode = new CalicoStack(testApp(), 'kans-homelab', SCENARIO_SPEC);
    expect(inCode.findings).toEqual(fromFile.findings);
    expect(renderStack(inCode)).toEqual(renderStack(fromFile));
  });

  test('exposes the charts in apply order and the spec with every default filled in', () => {
    const stack = new CalicoStack(testApp(), 'lab', { name: 'lab', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' } });
    expect(stack.charts).toEqual([stack.operator, stack.calico, stack.retina, stack.monitoring]);
    expect(stack.stages.map((s) => s.stage)).toEqual([Stage.OPERATOR, Stage.CALICO, Stage.RETINA, Stage.MONITORING]);
    expect(stack.crds).toBeUndefined();
    expect(stack.resolvedSpec).toEqual({
      name: 'lab',
      platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: [] },
      calico: {
        version: 'v3.31.7', crds: 'operator', bgp: 'Enabled', imagePullSecrets: [], apiServer: true, goldmane: true, whisker: true, wireguard: false, metrics: false,
        ipPools: [{ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
      },
      retina: { enabled: true, version: 'v1.2.6', plugins: ['dropreason', 'packetforward', 'linuxutil', 'dns'], logLevel: 'info', metricsInterval: '10s', tolerateControlPlane: true },
      gitops: {
        argocd: { enabled: false, targetRevision: 'HEAD', project: 'default', path: 'dist/lab', namespace: 'argocd', server: 'https://kubernetes.default.svc' },
        flux: { enabled: false, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: 'dist/lab', namespace: 'flux-system' },
      },
      monitoring: {
        enabled: true, namespace: 'monitoring', prometheus: { nodePort: 30090, retention: '15d' }, grafana: { nodePort: 30300, adminSecret: 'grafana-admin' },
        nodeExporter: true, allowedSourceCidrs: [],
      },
    });
    // Fed back, the resolved spec renders the same cluster.
    const again = new CalicoStack(testApp(), 'lab', stack.resolvedSpec!);
    expect(again.findings).toEqual([]);
    expect(renderStack(again)).toEqual(renderStack(stack));
  });

  test('renders CRDs from a file, given as files.crds, as the CLI does', () => {
    const crdsText = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
    const doc = clusterDoc({ calico: { version: 'v3.28.2', crds: 'crds/operator-crds.yaml' } });
    const cli = renderClusterFiles(config(doc, { 'crds/operator-crds.yaml': crdsText }));
    const stack = new CalicoStack(testApp(), 'old', { ...(doc as ClusterSpec), files: { crds: parseCrdBundle(crdsText, 'crds/operator-crds.yaml') } });
    expect(stack.stages.map((s) => s.stage)).toEqual([Stage.CRDS, Stage.OPERATOR, Stage.CALICO, Stage.RETINA, Stage.MONITORING]);
    expect([...renderStack(stack).keys()][0]).toBe('0000-calico-crds.k8s.yaml');
    expect(renderStack(stack)).toEqual(cli);
  });

  describe('several stacks in one App', () => {
    test('each renders its own cluster, its charts named after its id', () => {
      const app = testApp();
      const labSpec = clusterDoc({ name: 'lab', gitops: { argocd: { enabled: true, repoURL: 'https://example.com/gitops.git' } } }) as ClusterSpec;
      const prodSpec = clusterDoc({ name: 'prod', platform: { cloud: 'gcp', podSubnet: '10.8.0.0/14' }, calico: { ipPools: [{ cidr: '10.8.0.0/14', encapsulation: 'VXLAN' }] } }) as ClusterSpec;
      const lab = new CalicoStack(app, 'lab', labSpec);
      const prod = new CalicoStack(app, 'prod', prodSpec);

      const written = synthesized(app);
      expect([...written.keys()].filter((f) => f.includes('-lab-')).map((f) => f.slice(5))).toEqual([
        'lab-tigera-operator.k8s.yaml', 'lab-calico.k8s.yaml', 'lab-retina.k8s.yaml', 'lab-monitoring.k8s.yaml',
      ]);
      expect(written.size).toBe(8);
      expect([...written.entries()].filter(([f]) => f.includes('-prod-')).map(([, objects]) => objects)).toEqual(manifests(renderClusterFiles(config(prodSpec))));
      expect([...written.entries()].filter(([f]) => f.includes('-lab-')).map(([, objects]) => objects)).toEqual(manifests(renderClusterFiles(config(labSpec))));
      const pool = (stack: CalicoStack) => written.get(fs.readdirSync(app.outdir).find((f) => f.endsWith(`-${stack.node.id}-calico.k8s.yaml`))!)!
        .find((o) => o.kind === 'Installation')!.spec.calicoNetwork.ipPools[0];
      expect(pool(lab)).toMatchObject({ cidr: '10.244.0.0/16', encapsulation: 'IPIP' });
      expect(pool(prod)).toMatchObject({ cidr: '10.8.0.0/14', encapsulation: 'VXLAN' });
      expect(parseObjects(renderStack(lab).get('argocd/application.yaml')!)[0].metadata.name).toBe('calico-stack-lab');
      expect(renderStack(prod).has('argocd/application.yaml')).toBe(false);
    });

    test('fails when two stacks have the same cluster name', () => {
      const app = testApp();
      new CalicoStack(app, 'a', clusterDoc({ name: 'same' }) as ClusterSpec);
      new CalicoStack(app, 'b', clusterDoc({ name: 'same' }) as ClusterSpec);
      expect(() => app.synth()).toThrow(
        '[a] ✗ name: is also the name of CalicoStack b (got "same") — every cluster needs its own name (it is its output folder)\n'
        + '  [b] ✗ name: is also the name of CalicoStack a (got "same") — every cluster needs its own name (it is its output folder)',
      );
    });
  });

  describe('findings', () => {
    test('fails synth when the spec has errors, listing every finding as the CLI prints it', () => {
      const doc = clusterDoc({
        name: 'broken',
        platform: { cloud: 'azure', podSubnet: '10.244.0.0/16', nodes: 300 },
        calico: { ipPools: [{ cidr: '192.168.0.0/16', blockSize: 24 }] },
      });
      const dir = tempDir({ 'broken.yaml': stringify(doc) });
      const cli = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'run.js'), path.join(ROOT, 'src', 'main.ts'), 'plan', '--config', 'broken.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(cli.status).toBe(1);
      const cliLines = cli.stdout.split('\n').filter((l) => /^ {2}[✗!] /.test(l)).map((l) => l.trim());
      expect(cliLines.map((l) => l.split(':')[0])).toEqual(['✗ calico.ipPools[0].cidr', '✗ calico.ipPools[0].encapsulation', '! platform.nodes']);
      expect(cliLines[0]).toBe('✗ calico.ipPools[0].cidr: is not inside the cluster\'s podSubnet; the operator would report "IPPool 192.168.0.0/16 is not within the platform\'s configured pod network CIDR(s) [10.244.0.0/16]" and create no pools (got "192.168.0.0/16"; allowed a CIDR inside 10.244.0.0/16) — use a CIDR inside platform.podSubnet, or omit calico.ipPools to get one pool per podSubnet CIDR');

      const app = testApp();
      const stack = new CalicoStack(app, 'broken', doc as ClusterSpec);
      expect(stack.stages).toEqual([]);
      expect(stack.operator).toBeUndefined();
      expect(() => app.synth()).toThrow(`Validation failed with the following errors:\n  ${cliLines.map((l) => `[broken] ${l}`).join('\n  ')}`);
    });

    test('fails synth when the spec does not parse, with the message of the cluster file', () => {
      const doc = clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIPP' }], mtuu: 1400 } });
      const app = testApp();
      const stack = new CalicoStack(app, 'typo', doc as ClusterSpec);
      expect(stack.resolvedSpec).toBeUndefined();
      const cli = formatFindings(load(doc).findings, 'cluster.yaml').split('\n').slice(1).map((l) => `[typo] ${l.trim()}`);
      expect(cli.map((l) => l.split(':')[0])).toEqual(['[typo] ✗ calico.ipPools[0].encapsulation', '[typo] ✗ calico.mtuu']);
      expect(cli).toContain('[typo] ✗ calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None — did you mean "IPIP"?');
      expect(() => app.synth()).toThrow(`Validation failed with the following errors:\n  ${cli.join('\n  ')}`);
    });

    test('a warning does not fail synth; it is a finding and node metadata', () => {
      const app = testApp();
      const stack = new CalicoStack(app, 'kans-homelab', loadClusterFile(SCENARIO));
      expect(() => app.synth()).not.toThrow();
      expect(stack.findings.map((f) => `${f.severity} ${f.path}`)).toEqual(['warning calico.ipPools[0].encapsulation']);
      expect(stack.node.metadata.filter((m) => m.type === WARNING_METADATA).map((m) => m.data)).toEqual([
        '! calico.ipPools[0].encapsulation: on AWS EC2 this needs security-group rules between the nodes for IP protocol 4 (IP-in-IP) and TCP 179 (BGP), or cross-node pod traffic is silently dropped (got "IPIP") — add those rules, or use encapsulation: VXLAN (UDP 4789)',
      ]);
    });

    test('fails when the spec names a kubeadm-config and files holds none', () => {
      const { files, ...spec } = SCENARIO_SPEC;
      expect(files).toBeDefined();
      const app = testApp();
      new CalicoStack(app, 'kans-homelab', spec);
      expect(() => app.synth()).toThrow('[kans-homelab] ✗ platform.kubeadmConfig: names a file, and CalicoStack reads no files (got "kans-homelab/kubeadm-config.yaml") — pass its networking as files.kubeadmConfig ({ podSubnet, serviceSubnet }), load the cluster with loadClusterFile(), or write platform.podSubnet and platform.serviceSubnet instead');
    });

    test('fails when files holds CRDs the spec names no file for', () => {
      const crds = parseCrdBundle(fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8'), 'mini');
      const app = testApp();
      new CalicoStack(app, 'x', { ...(clusterDoc() as ClusterSpec), files: { crds } });
      expect(() => app.synth()).toThrow('[x] ✗ files.crds: is given, but calico.crds names no file (got nothing) — set calico.crds to the path of the bundle they were read from, or leave files.crds out');
    });

    test('the kubeadm-config check sees files.kubeadmConfig as the CLI sees the file', () => {
      const stack = new CalicoStack(testApp(), 'kans-homelab', { ...SCENARIO_SPEC, files: { kubeadmConfig: { podSubnet: '10.244.0.0/16' } } });
      const cli = load({ ...SCENARIO_SPEC, files: undefined }, { 'kans-homelab/kubeadm-config.yaml': 'kind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n' });
      expect(stack.findings.map((f) => f.message)).toContain('differs from networking.podSubnet in kans-homelab/kubeadm-config.yaml, which is what the cluster runs with');
      expect(stack.findings).toEqual(cli.findings);
    });
  });

  describe('renderStack', () => {
    test('gives the files writeOutputFolders writes with the CLI\'s ownership record', async () => {
      const stack = new CalicoStack(testApp(), 'kans-homelab', loadClusterFile(SCENARIO));
      const root = tempDir();
      const files = renderStack(stack);
      const plan = await writeOutputFolders(root, [{ name: stack.clusterName, files }]);
      expect(plan.folders.map((f) => [f.name, f.status])).toEqual([['kans-homelab', 'new']]);
      const folder = path.join(root, 'kans-homelab');
      for (const [file, text] of files) expect(fs.readFileSync(path.join(folder, file), 'utf8')).toBe(text);
      expect(fs.existsSync(path.join(folder, RECORD_FILE))).toBe(true);
      const again = await writeOutputFolders(root, [{ name: stack.clusterName, files: renderStack(stack) }]);
      expect(again.folders.map((f) => f.status)).toEqual(['unchanged']);
    });

    test('includes changes made to the stack\'s charts', () => {
      const stack = new CalicoStack(testApp(), 'lab', clusterDoc({ name: 'lab' }) as ClusterSpec);
      new KubeNamespace(stack.calico!, 'Extra', { metadata: { name: 'extra' } });
      const calico = parseObjects(renderStack(stack).get('0001-calico.k8s.yaml')!);
      expect(calico.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('Namespace/extra');
    });

    test('fails when the stack has errors', () => {
      const stack = new CalicoStack(testApp(), 'bad', clusterDoc({ platform: { podSubnet: '10.244.0.0/33' } }) as ClusterSpec);
      expect(() => renderStack(stack)).toThrow('bad: cluster "test" has errors, so there is nothing to render:\n  ✗ platform.podSubnet: is not a CIDR or a comma-separated list of CIDRs');
    });
  });
});

describe('loadClusterFile', () => {
  test('reads the cluster file as written, and the kubeadm-config it names into files', () => {
    const spec = loadClusterFile(SCENARIO);
    expect(spec.platform).toEqual({ cloud: 'aws', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24', nodeSubnets: ['192.168.10.0/24'], kubeadmConfig: 'kans-homelab/kubeadm-config.yaml' });
    expect(spec.calico?.ipPools).toEqual(SCENARIO_SPEC.calico?.ipPools);
    expect(spec.files).toEqual({ kubeadmConfig: { podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' } });
  });

  test('fails when the file has unknown keys or a file it names is missing, with the CLI\'s message', () => {
    const dir = tempDir({
      'bad.yaml': stringify(clusterDoc({ platform: { cloud: 'aws', podSubnet: '10.0.0.0/16', kubeadmConfig: 'missing.yaml' } })),
      'typo.yaml': stringify({ ...clusterDoc(), retina: { enabledPlugin_linux: ['dns'] } }),
    });
    const bad = path.join(dir, 'bad.yaml');
    expect(() => loadClusterFile(bad)).toThrow(`${bad}: 1 error\n  ✗ platform.kubeadmConfig: names a file that cannot be read (got "missing.yaml") — paths are relative to the cluster file's folder (${dir})`);
    const typo = path.join(dir, 'typo.yaml');
    expect(() => loadClusterFile(typo)).toThrow(`${typo}: 1 error\n  ✗ retina.enabledPlugin_linux: is a value of Retina's Helm chart, not a calico-stack key — write the list as retina.plugins: [dropreason, packetforward, linuxutil, dns]`);
  });
});
