/**
 * CalicoStack in a user's cdk8s app, through the package's entry point: the same objects as the
 * CLI for the same cluster file, several clusters in one App, findings through synth, and writing
 * with the CLI's writer.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { CalicoStack, ClusterSpec, findingsOf, renderClusterFiles, renderStack, Stage } from '../src';
import { loadClusterFile, loadCrdBundle, writeOutputFolders } from '../src/app';
import { KubeNamespace } from '../src/lib/k8s';
import { RECORD_FILE } from '../src/app/output/record';
import { CLI, clusterDoc, FIXTURES, K8sObject, load, messages, parseObjects, SCENARIO, tempDir, testApp } from './util';

/** The scenario (test/fixtures/scenario/kans-homelab.yaml) written in code; its kubeadm-config given by content. */
const SCENARIO_SPEC: ClusterSpec = {
  name: 'kans-homelab',
  platform: {
    cloud: 'aws',
    podSubnet: '172.16.0.0/16',
    serviceSubnet: '10.200.1.0/24',
    nodeSubnets: ['192.168.10.0/24'],
    kubeadmConfig: { source: 'kans-homelab/kubeadm-config.yaml', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24', kubernetesVersion: 'v1.33.2' },
  },
  calico: {
    version: 'v3.31.7',
    ipPools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 24, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
    bgp: 'Enabled',
  },
  retina: { version: 'v1.2.6', plugins: ['dropreason', 'packetforward', 'linuxutil', 'dns'], logLevel: 'info', metricsInterval: '10s' },
  monitoring: { enabled: true, prometheus: { nodePort: 30090, retention: '15d' }, grafana: { nodePort: 30300, adminSecret: 'grafana-admin' }, nodeExporter: true },
  gitops: { argocd: { enabled: true, repoURL: 'https://github.com/example/gitops.git' }, flux: { enabled: true } },
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

/** The message `app.synth()` throws, or '' when it does not. */
function synthError(app: App): string {
  try {
    app.synth();
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('CalicoStack', () => {
  test('renders the shipped example as the CLI does: every object identical, only the file names differ', () => {
    const cli = renderClusterFiles(loadClusterFile(SCENARIO));
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
    expect(cliFiles.map((objects) => objects.length)).toEqual([7, 4, 6, 13]);
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

  test('exposes the charts in apply order and the values it resolved', () => {
    const stack = new CalicoStack(testApp(), 'lab', { name: 'lab', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' } });
    expect(stack.charts).toEqual([stack.operator, stack.calico, stack.retina, stack.monitoring]);
    expect(stack.stages.map((s) => s.stage)).toEqual([Stage.OPERATOR, Stage.CALICO, Stage.RETINA, Stage.MONITORING]);
    expect(stack.crds).toBeUndefined();
    expect(stack.platform.serviceSubnet).toBe('10.96.0.0/12');
    expect(stack.calico.release.version).toBe('v3.32.1');
    expect(stack.calico.installation.ipPools).toEqual([{ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }]);
    expect(stack.gitops.argocd).toMatchObject({ enabled: false, path: 'dist/lab' });
    expect(stack.monitoring?.prometheus?.nodePort).toBe(30090);
  });

  test('renders CRDs from a bundle, given by content as calico.crds, as the CLI does', () => {
    const crdsText = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
    const doc = clusterDoc({ calico: { version: 'v3.28.2', crds: 'crds/operator-crds.yaml' } });
    const cli = renderClusterFiles(load(doc, { 'crds/operator-crds.yaml': crdsText }).spec!);
    const dir = tempDir({ 'crds/operator-crds.yaml': crdsText });
    const bundle = { ...loadCrdBundle(path.join(dir, 'crds/operator-crds.yaml'), 'v3.28.2'), source: 'crds/operator-crds.yaml' };
    const stack = new CalicoStack(testApp(), 'old', { ...(doc as ClusterSpec), calico: { version: 'v3.28.2', crds: bundle } });
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
      expect([...written.entries()].filter(([f]) => f.includes('-prod-')).map(([, objects]) => objects)).toEqual(manifests(renderClusterFiles(prodSpec)));
      expect([...written.entries()].filter(([f]) => f.includes('-lab-')).map(([, objects]) => objects)).toEqual(manifests(renderClusterFiles(labSpec)));
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
      const thrown = synthError(app);
      expect(thrown).toContain('[a] name: is also the name of CalicoStack b (got "same") — every cluster needs its own name (it is its output folder)');
      expect(thrown).toContain('[b] name: is also the name of CalicoStack a (got "same") — every cluster needs its own name (it is its output folder)');
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
      const cli = spawnSync(process.execPath, [CLI, 'plan', '--config', 'broken.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(cli.status).toBe(1);
      const cliLines = cli.stdout.split('\n').filter((l) => /^ {2}[✗!] /.test(l)).map((l) => l.trim());
      expect(cliLines.map((l) => l.split(':')[0])).toEqual(['✗ calico.ipPools[0].cidr', '✗ calico.ipPools[0].encapsulation', '! platform.nodes', '! calico.nodeToNodeMesh']);

      const app = testApp();
      const stack = new CalicoStack(app, 'broken', doc as ClusterSpec);
      expect(messages(stack.findings).map((m) => m)).toEqual(cliLines.map((l) => l.slice(2)));
      const thrown = synthError(app);
      expect(thrown).toMatch(/^Validation failed with the following errors:\n/);
      for (const line of cliLines.filter((l) => l.startsWith('✗'))) expect(thrown).toContain(line.slice(2));
      expect(thrown).not.toContain('platform.nodes');
      expect(thrown).not.toContain('calico.nodeToNodeMesh');
    });

    test('fails synth when untyped data holds a value outside a closed set, with the message of the cluster file', () => {
      const doc = clusterDoc({ calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIPP' }] } });
      const app = testApp();
      new CalicoStack(app, 'typo', doc as ClusterSpec);
      const cli = messages(load(doc).findings);
      expect(cli).toEqual(['calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None — did you mean "IPIP"?']);
      expect(synthError(app)).toContain(cli[0]);
    });

    test('a warning does not fail synth; findingsOf lists it', () => {
      const app = testApp();
      const stack = new CalicoStack(app, 'kans-homelab', loadClusterFile(SCENARIO));
      expect(synthError(app)).toBe('');
      expect(stack.findings.map((f) => `${f.severity} ${f.path}`)).toEqual(['warning calico.ipPools[0].encapsulation']);
      expect(findingsOf(app)).toEqual(stack.findings);
    });

    test('the kubeadm-config checks see platform.kubeadmConfig given by content as the CLI sees the file', () => {
      const spec: ClusterSpec = { ...SCENARIO_SPEC, platform: { ...SCENARIO_SPEC.platform, kubeadmConfig: { source: 'kans-homelab/kubeadm-config.yaml', podSubnet: '10.244.0.0/16' } } };
      const stack = new CalicoStack(testApp(), 'kans-homelab', spec);
      const file = { ...SCENARIO_SPEC, platform: { ...SCENARIO_SPEC.platform, kubeadmConfig: 'kans-homelab/kubeadm-config.yaml' } };
      const cli = load(file, { 'kans-homelab/kubeadm-config.yaml': 'kind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n' });
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
      new KubeNamespace(stack.calico, 'Extra', { metadata: { name: 'extra' } });
      const calico = parseObjects(renderStack(stack).get('0001-calico.k8s.yaml')!);
      expect(calico.map((o) => `${o.kind}/${o.metadata.name}`)).toContain('Namespace/extra');
    });

    test('fails when the stack has errors', () => {
      const stack = new CalicoStack(testApp(), 'bad', clusterDoc({ platform: { podSubnet: '10.244.0.0/33' } }) as ClusterSpec);
      expect(() => renderStack(stack)).toThrow('platform.podSubnet: is not a CIDR or a comma-separated list of CIDRs');
    });
  });
});

describe('loadClusterFile', () => {
  test('reads the cluster file, and the kubeadm-config it names into platform.kubeadmConfig', () => {
    const spec = loadClusterFile(SCENARIO);
    expect(spec.platform).toEqual(SCENARIO_SPEC.platform);
    expect(spec.calico?.ipPools).toEqual(SCENARIO_SPEC.calico?.ipPools);
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
