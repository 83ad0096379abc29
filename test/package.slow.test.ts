/**
 * The package as a user's project sees it, offline: `tsconfig.build.json` compiled into a scratch
 * `node_modules/calico-stack` (with package.json and bin/, as `npm pack` ships them) next to a
 * project whose tsconfig.json is the one `cdk8s init typescript-app` writes (CommonJS, lib es2016,
 * no skipLibCheck). The real pack-and-install flow, which needs the registry, runs in .ci/run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ROOT, SCENARIO, tempDir } from './util';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');

/** A user's app: a CalicoStack next to the building blocks, written as strictly as the template compiles. */
const USER_APP = `import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CalicoStack, ClusterSpec, Encapsulation, FluxKustomizations, formatFindings, Grafana, NodeExporter, Prometheus, renderStack,
  Stage,
} from 'calico-stack';
import { writeOutputFolders } from 'calico-stack/app';

export const spec: ClusterSpec = {
  name: 'lab',
  platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' },
  calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: Encapsulation.VXLAN }] },
  retina: { logLevel: 'warn' },
};

/** Monitoring built from the blocks alone, in the user's own chart. */
export class Observability extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NodeExporter(this, 'NodeExporter', { namespace: 'obs' });
    const prometheus = new Prometheus(this, 'Prometheus', { clusterName: 'lab', namespace: 'obs', nodePort: 31090 });
    new Grafana(this, 'Grafana', { prometheus, namespace: 'obs', nodePort: 31300, dashboards: { home: { uid: 'home', title: 'Home' } } });
    new FluxKustomizations(this, 'Flux', {
      namePrefix: 'obs', namespace: 'flux-system', sourceRef: { kind: 'GitRepository', name: 'flux-system' }, stages: [{ stage: Stage.MONITORING, path: 'obs' }],
    });
  }
}

async function main(outdir: string, writeRoot: string): Promise<void> {
  const app = new App({ outdir });
  const stack = new CalicoStack(app, 'lab', spec);
  new Observability(app, 'observability').addDependency(...stack.charts);
  if (stack.findings.length > 0) console.error(formatFindings(stack.findings, stack.clusterName));
  app.synth();
  await writeOutputFolders(writeRoot, [{ name: stack.clusterName, files: renderStack(stack) }]);
}

main(process.argv[2], process.argv[3]).catch((err: Error) => {
  console.error(err.message);
  process.exitCode = 1;
});
`;

describe('the package (slow: npm pack, then installs it into a scratch project)', () => {
  let scratch: string;
  let app: string;
  let pkg: string;

  beforeAll(() => {
    scratch = tempDir();
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
    app = path.join(scratch, 'app');
    pkg = path.join(app, 'node_modules', 'calico-stack');
    const build = spawnSync(process.execPath, [TSC, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(pkg, 'lib')], { encoding: 'utf8' });
    expect(build.stdout).toBe('');
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    fs.mkdirSync(path.join(pkg, 'bin'));
    fs.copyFileSync(path.join(ROOT, 'bin', 'calico-stack.js'), path.join(pkg, 'bin', 'calico-stack.js'));
    fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
    fs.writeFileSync(path.join(app, 'main.ts'), USER_APP);
  }, 60_000);

  test('names in package.json files the build emits', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    const targets = [manifest.main, manifest.types, manifest.exports['.'].types, manifest.exports['.'].default, ...Object.values(manifest.bin)] as string[];
    for (const target of targets) expect(fs.existsSync(path.join(pkg, target))).toBe(true);
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toHaveProperty('fs-native-extensions');
  });

  test('its types compile unchanged in a project made by cdk8s init typescript-app (slow: tsc compiles the package and the app)', () => {
    const tsc = spawnSync(process.execPath, [TSC, '-p', app], { cwd: app, encoding: 'utf8' });
    expect(tsc.stdout).toBe('');
    expect(tsc.status).toBe(0);
    // What the public declarations reach: never zod's nor the Grafana SDK's (neither compiles there).
    const reached = spawnSync(process.execPath, [TSC, '-p', app, '--listFilesOnly'], { cwd: app, encoding: 'utf8' }).stdout;
    expect(reached).toContain('node_modules/calico-stack/lib/src/index.d.ts');
    expect(reached).not.toMatch(/node_modules\/(zod|@grafana)\//);
  }, 60_000);

  test('the compiled app synthesizes with it and writes the stack with the safe writer', () => {
    const outdir = path.join(scratch, 'cdk8s.out');
    const written = path.join(scratch, 'written');
    const run = spawnSync(process.execPath, [path.join(app, 'main.js'), outdir, written], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual([
      '0000-lab-tigera-operator.k8s.yaml', '0001-lab-calico.k8s.yaml', '0002-lab-retina.k8s.yaml', '0003-lab-monitoring.k8s.yaml', '0004-observability.k8s.yaml',
    ]);
    const installation = parseAllDocuments(fs.readFileSync(path.join(outdir, '0001-lab-calico.k8s.yaml'), 'utf8')).map((d) => d.toJS())
      .find((o) => o.kind === 'Installation');
    expect(installation.spec.calicoNetwork.ipPools[0]).toMatchObject({ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' });
    expect(fs.readdirSync(path.join(written, 'lab')).sort()).toEqual([
      '0000-tigera-operator.k8s.yaml', '0001-calico.k8s.yaml', '0002-retina.k8s.yaml', '0003-monitoring.k8s.yaml', 'calico-stack.sum', 'kustomization.yaml',
    ]);
  }, 60_000);

  test('its calico-stack command runs the CLI', () => {
    const help = spawnSync(process.execPath, [path.join(pkg, 'bin', 'calico-stack.js'), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('calico-stack synth|check|plan [options]');
    const plan = spawnSync(process.execPath, [path.join(pkg, 'bin', 'calico-stack.js'), 'plan', '--config', SCENARIO], { cwd: scratch, encoding: 'utf8' });
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('kans-homelab (');
    expect(plan.stdout).toContain('Network requirements:');
  }, 60_000);
});
