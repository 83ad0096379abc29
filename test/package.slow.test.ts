/**
 * The package as a user's project gets it, offline: the tarball `npm pack` makes, unpacked into a
 * scratch app, used there through its two entry points and its command only.
 *
 * How it packs and installs without the registry:
 *
 * - pack: the project's files as a clean clone has them (`git ls-files --cached --others
 *   --exclude-standard`: the work tree's content, uncommitted edits included, without lib/ or
 *   anything else Git ignores) are copied into a scratch folder whose node_modules links to the
 *   project's, and `npm pack --offline` runs there. So npm itself runs `prepare` (scripts/build.js,
 *   the package build from scratch), selects the files with package.json's `files`, and writes the
 *   tarball: the same steps as a release, and the checkout's own lib/ is never touched.
 * - install: the tarball is unpacked with `tar` into `app/node_modules/calico-stack`, and the
 *   command is linked as npm links it (`node_modules/.bin/calico-stack`). The package's
 *   dependencies and peer dependencies (cdk8s, constructs) resolve through `node_modules` one
 *   folder up, links to the project's packages: the versions package-lock.json pins (of the type
 *   packages, only those a cdk8s init project installs). The real
 *   `npm install` of the tarball, which needs the registry, runs in .ci/run.
 *
 * The app's tsconfig.json is the one `cdk8s init typescript-app` writes (CommonJS, lib es2016, no
 * skipLibCheck). Its spec uses the features that need files of the package besides its code:
 * `calico.installation` (checked against the Installation CRD's schema, lib/imports/crd-schemas.json,
 * which src/ reads with require() and tsc does not emit), BGP (the calico-api stage),
 * `monitoring.mode: prometheus-operator`, and a CRD bundle (Calico v3.28, whose operator cannot create
 * its CRDs: the bundle the package ships in crds/, and, for the command, a file of the user's own).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import { isBuiltin } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { K8sObject, ROOT, SCENARIO, tempDir } from './util';

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TEMPLATE = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'templates', 'typescript-app');
/** The one shipped CRD bundle (crds/): Calico v3.28's operator cannot create its CRDs. */
const CRD_VERSION = 'v3.28.2';
/** What the package may hold (the same rule as .ci/run's check of the real tarball). */
const PACKAGE_FILE = /^(lib\/(src|imports)\/.+\.(js|d\.ts|json)|lib\/build-info\.json|crds\/[^/]+\.yaml|bin\/calico-stack\.js|scripts\/build\.js|package\.json|README\.md)$/;

/**
 * A user's app: a CalicoStack of a spec written in code next to the building blocks in a chart of
 * its own, written as strictly as the template compiles, importing the package only.
 */
const USER_APP = `import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CalicoStack, ClusterSpec, Encapsulation, FluxKustomizations, formatFindings, Grafana, NodeExporter, Prometheus, renderStack,
  Stage,
} from 'calico-stack';
import { loadShippedCrdBundle, writeOutputFolders } from 'calico-stack/app';

/** Bare metal, pod routes over BGP to the rack's router, Calico ${CRD_VERSION} with its CRDs, kube-prometheus-stack's Prometheus. */
export const spec: ClusterSpec = {
  name: 'lab',
  platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', nodeSubnets: ['192.168.50.0/24'] },
  calico: {
    version: '${CRD_VERSION}',
    crds: loadShippedCrdBundle('${CRD_VERSION}'),
    ipPools: [{ cidr: '10.244.0.0/16', blockSize: 26, encapsulation: Encapsulation.NONE }],
    bgp: 'Enabled',
    asNumber: 65010,
    nodeToNodeMesh: false,
    bgpPeers: [{ name: 'rack-a-tor', peerIP: '192.168.50.1', asNumber: 65001, nodeSelector: "rack == 'a'" }],
    installation: {
      calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: { requests: { cpu: '250m', memory: '256Mi' } } }] } } } },
    },
  },
  monitoring: { mode: 'prometheus-operator' },
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

/** The same cluster as a cluster file for the command; its CRD bundle is a file of the user's own, next to it. */
const CLUSTER_FILE = `name: lab
platform:
  cloud: baremetal
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
  nodeSubnets: [192.168.50.0/24]
calico:
  version: ${CRD_VERSION}
  crds: operator-crds.yaml
  ipPools:
    - { cidr: 10.244.0.0/16, blockSize: 26, encapsulation: None }
  bgp: Enabled
  asNumber: 65010
  nodeToNodeMesh: false
  bgpPeers:
    - { name: rack-a-tor, peerIP: 192.168.50.1, asNumber: 65001, nodeSelector: "rack == 'a'" }
  installation:
    calicoNodeDaemonSet:
      spec: { template: { spec: { containers: [{ name: calico-node, resources: { requests: { cpu: 250m, memory: 256Mi } } }] } } }
monitoring:
  mode: prometheus-operator
`;

/** The environment of a child process without the variables npm sets for the script that runs jest (npm_config_*, ...). */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Fails with the command's output when it did not exit 0. */
function succeeded(run: SpawnSyncReturns<string>, what: string): SpawnSyncReturns<string> {
  if (run.error) throw new Error(`${what}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${what} exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** The objects of a rendered YAML file. */
function objectsOf(file: string): K8sObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as K8sObject);
}

/** The one object of `kind` named `name` among `objects`. */
function one(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const hits = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${hits.length} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return hits[0];
}

/** Every file below `dir`: `/`-separated paths relative to it, sorted. */
function filesBelow(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/**
 * What the cluster's folder holds, as both the app (renderStack and the writer) and the command
 * write it: the objects of each feature, checked by kind, name and field. The command adds the
 * cluster page, README.md (the application's: the library has no network requirements or steps).
 */
function expectClusterFolder(dir: string, by: 'app' | 'command'): void {
  expect(fs.readdirSync(dir).sort()).toEqual([
    '0000-calico-crds.k8s.yaml', '0001-tigera-operator.k8s.yaml', '0002-calico.k8s.yaml', '0003-calico-api.k8s.yaml', '0004-retina.k8s.yaml',
    '0005-monitoring.k8s.yaml', ...(by === 'command' ? ['README.md'] : []), 'calico-stack.sum', 'kustomization.yaml',
  ]);
  if (by === 'command') expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('| rack-a-tor | 192.168.50.1:179 | 65001 |');
  // The CRD bundle: the operator's and Calico's CRDs, applied first.
  const crds = objectsOf(path.join(dir, '0000-calico-crds.k8s.yaml'));
  expect(crds.every((o) => o.kind === 'CustomResourceDefinition')).toBe(true);
  for (const name of ['installations.operator.tigera.io', 'bgpconfigurations.crd.projectcalico.org', 'bgppeers.crd.projectcalico.org']) one(crds, 'CustomResourceDefinition', name);
  // calico.installation merged into the Installation (after the CRD schema check passed), next to the modelled fields.
  const installation = one(objectsOf(path.join(dir, '0002-calico.k8s.yaml')), 'Installation', 'default');
  expect(installation.spec.calicoNetwork.bgp).toBe('Enabled');
  expect(installation.spec.calicoNetwork.ipPools).toEqual([expect.objectContaining({ cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'None' })]);
  expect(installation.spec.calicoNodeDaemonSet.spec.template.spec.containers).toEqual([
    { name: 'calico-node', resources: { requests: { cpu: '250m', memory: '256Mi' } } },
  ]);
  // BGP: the cluster's AS without the mesh, and the router as a BGPPeer.
  const api = objectsOf(path.join(dir, '0003-calico-api.k8s.yaml'));
  expect(one(api, 'BGPConfiguration', 'default').spec).toMatchObject({ asNumber: 65010, nodeToNodeMeshEnabled: false });
  expect(one(api, 'BGPPeer', 'rack-a-tor').spec).toMatchObject({ peerIP: '192.168.50.1', asNumber: 65001, nodeSelector: "rack == 'a'" });
  // prometheus-operator: kube-prometheus-stack's objects, no Prometheus or Grafana of calico-stack's.
  const monitoring = objectsOf(path.join(dir, '0005-monitoring.k8s.yaml'));
  expect(monitoring.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'PodMonitor/calico-stack-retina', 'PrometheusRule/calico-stack', 'ConfigMap/calico-stack-dashboard-retina-nodes',
  ]);
  expect(one(monitoring, 'PodMonitor', 'calico-stack-retina').metadata.labels).toMatchObject({ release: 'prometheus' });
}

describe('the package (slow: npm pack with its prepare build, then the tarball unpacked into a scratch project)', () => {
  let scratch: string;
  let app: string;
  let pkg: string;
  let bin: string;

  beforeAll(() => {
    scratch = tempDir();
    // The project's packages, one link each, but of the type packages (which tsc includes from every
    // enclosing node_modules/@types) only those cdk8s init's package.json installs: the project's
    // devDependencies bring others (mermaid's @types/d3, which needs the DOM library) that a user's app
    // never sees.
    fs.mkdirSync(path.join(scratch, 'node_modules', '@types'), { recursive: true });
    for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules')).filter((e) => e !== '@types')) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(scratch, 'node_modules', entry));
    }
    for (const types of Object.keys(JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'package.json'), 'utf8')).devDependencies as Record<string, string>).filter((d) => d.startsWith('@types/'))) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', types), path.join(scratch, 'node_modules', types), 'dir');
    }

    // The project as a clean clone has it, with the work tree's content.
    const project = path.join(scratch, 'project');
    const listed = succeeded(spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }), 'git ls-files')
      .stdout.split('\0').filter((f) => f !== '' && f !== 'node_modules' && fs.existsSync(path.join(ROOT, f)));
    for (const file of listed) fs.cpSync(path.join(ROOT, file), path.join(project, file));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');

    // npm pack: prepare builds lib/, `files` selects, npm writes the tarball (with --json, stdout is only its report).
    const npmCache = path.join(scratch, 'npm-cache');
    const pack = succeeded(spawnSync('npm', ['pack', '--json', '--offline', '--pack-destination', scratch, '--cache', npmCache, '--no-update-notifier', '--no-fund', '--no-audit'], {
      cwd: project, encoding: 'utf8', env: childEnv(),
    }), 'npm pack');
    const tarball = path.join(scratch, (JSON.parse(pack.stdout) as [{ filename: string }])[0].filename);

    // npm install, offline: the tarball unpacked (its files are below package/) and the command linked.
    app = path.join(scratch, 'app');
    pkg = path.join(app, 'node_modules', 'calico-stack');
    fs.mkdirSync(pkg, { recursive: true });
    succeeded(spawnSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1'], { encoding: 'utf8' }), 'tar');
    fs.mkdirSync(path.join(app, 'node_modules', '.bin'));
    bin = path.join(app, 'node_modules', '.bin', 'calico-stack');
    fs.symlinkSync(path.join('..', 'calico-stack', 'bin', 'calico-stack.js'), bin);

    fs.copyFileSync(path.join(TEMPLATE, 'tsconfig.json'), path.join(app, 'tsconfig.json'));
    fs.writeFileSync(path.join(app, 'main.ts'), USER_APP);
  }, 180_000);

  test('the tarball holds what package.json files selects, the data read at run time included', () => {
    const files = filesBelow(pkg);
    expect(files.filter((f) => !PACKAGE_FILE.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining([
      'lib/imports/crd-schemas.json', `crds/operator-crds-${CRD_VERSION}.yaml`, 'lib/src/index.js', 'lib/src/app/index.js', 'lib/build-info.json', 'bin/calico-stack.js',
    ]));
  });

  test('every require() of a relative path in the package finds its file there', () => {
    // A module or data file loaded at run time and left out of the package fails only when a spec reaches it.
    const missing: string[] = [];
    for (const file of filesBelow(pkg).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(pkg, file), 'utf8');
      for (const [, , request] of text.matchAll(/\brequire\((['"])(\.{1,2}\/[^'"]*)\1\)/g)) {
        const target = path.resolve(path.dirname(path.join(pkg, file)), request);
        if (!['', '.js', '.json', '/index.js'].some((ext) => fs.existsSync(target + ext) && fs.statSync(target + ext).isFile())) missing.push(`${file}: require('${request}')`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every package its JavaScript and declarations name is one a user installs with it: a dependency or peer dependency', () => {
    // The scratch app sees the project's node_modules, devDependencies included, so a declaration that
    // names a devDependency's types (@kubernetes-models/argo-cd) compiles here and fails in a user's app.
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    const installed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const packageOf = (request: string) => (request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]);
    const named: string[] = [];
    for (const file of filesBelow(pkg).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))) {
      const text = fs.readFileSync(path.join(pkg, file), 'utf8');
      for (const [, , request] of text.matchAll(/(?:\brequire\(|\bfrom\s+|\bimport\()(['"])([^'".][^'"]*)\1/g)) {
        if (request.startsWith('node:') || isBuiltin(request)) continue;
        if (!installed.has(packageOf(request))) named.push(`${file}: ${request}`);
      }
    }
    expect(named).toEqual([]);
  });

  test('names in package.json files the tarball holds', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    const exported = Object.values(manifest.exports as Record<string, string | Record<string, string>>).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)));
    // typesVersions: where the CommonJS resolution of cdk8s init's tsconfig, which reads no exports, finds calico-stack/app's types.
    const typesVersions = Object.values(manifest.typesVersions['*'] as Record<string, string[]>).flat();
    const targets = [manifest.main, manifest.types, ...exported, ...typesVersions, ...Object.values(manifest.bin)] as string[];
    expect(targets).toEqual(expect.arrayContaining(['./lib/src/app/index.js', './lib/src/app/index.d.ts', 'lib/src/app/index.d.ts']));
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
    expect(reached).toContain('node_modules/calico-stack/lib/src/app/index.d.ts');
    expect(reached).not.toMatch(/node_modules\/(zod|@grafana)\//);
  }, 120_000);

  test('the compiled app renders calico.installation, BGP, prometheus-operator mode and the shipped CRD bundle, and writes the stack with the safe writer', () => {
    const outdir = path.join(scratch, 'cdk8s.out');
    const written = path.join(scratch, 'written');
    const run = spawnSync(process.execPath, [path.join(app, 'main.js'), outdir, written], { cwd: app, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual([
      '0000-lab-calico-crds.k8s.yaml', '0001-lab-tigera-operator.k8s.yaml', '0002-lab-calico.k8s.yaml', '0003-lab-calico-api.k8s.yaml',
      '0004-lab-retina.k8s.yaml', '0005-lab-monitoring.k8s.yaml', '0006-observability.k8s.yaml',
    ]);
    expect(one(objectsOf(path.join(outdir, '0006-observability.k8s.yaml')), 'Service', 'prometheus').spec.ports[0]).toMatchObject({ nodePort: 31090 });
    expectClusterFolder(path.join(written, 'lab'), 'app');
  }, 60_000);

  test('its calico-stack command renders the same features from a cluster file, and reports a value the Installation CRD refuses', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('calico-stack synth|check|plan|adopt|drift|from-helm [options]');

    fs.mkdirSync(path.join(app, 'clusters'));
    fs.writeFileSync(path.join(app, 'clusters', 'lab.yaml'), CLUSTER_FILE);
    fs.copyFileSync(path.join(ROOT, 'crds', `operator-crds-${CRD_VERSION}.yaml`), path.join(app, 'clusters', 'operator-crds.yaml'));
    const synth = spawnSync(process.execPath, [bin, 'synth', '--config', 'clusters/lab.yaml', '--out', 'dist/lab'], { cwd: app, encoding: 'utf8' });
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expectClusterFolder(path.join(app, 'dist', 'lab'), 'command');

    // The check that reads lib/imports/crd-schemas.json, seen at work: the Installation CRD's enum, from the package.
    const typoFile = CLUSTER_FILE.replace('name: lab', 'name: typo').replace('  installation:\n', '  installation:\n    kubernetesProvider: EKSS\n');
    expect(typoFile).toContain('kubernetesProvider: EKSS');
    fs.writeFileSync(path.join(app, 'clusters', 'typo.yaml'), typoFile);
    const typo = spawnSync(process.execPath, [bin, 'synth', '--config', 'clusters/typo.yaml', '--out', 'dist/typo'], { cwd: app, encoding: 'utf8' });
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('calico.installation.kubernetesProvider: is not one of the supported values (got "EKSS"; allowed "", "EKS", "GKE"');
    expect(fs.existsSync(path.join(app, 'dist', 'typo'))).toBe(false);

    const plan = spawnSync(process.execPath, [bin, 'plan', '--config', SCENARIO], { cwd: scratch, encoding: 'utf8' });
    expect(plan.stderr).toBe('');
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('kans-homelab (');
    expect(plan.stdout).toContain('Network requirements:');
  }, 60_000);
});
