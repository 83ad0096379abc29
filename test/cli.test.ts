/**
 * The command line end to end: `node scripts/run.js src/main.ts ...` in a scratch project folder.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { STAGING_PREFIX } from '../src/gitops/atomic-writer';
import { clusterDoc, FIXTURES, ROOT, tempDir } from './util';

function cli(cwd: string, ...args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  return run(cwd, {}, args);
}

/** The CLI with `env` added and `node` options (e.g. a --require preload) before the script. */
function run(cwd: string, env: Record<string, string>, args: string[], nodeOptions: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeOptions, path.join(ROOT, 'scripts', 'run.js'), path.join(ROOT, 'src', 'main.ts'), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** A synth that SIGKILLs itself at its Nth rename into or out of the staging folder (test/fixtures/kill-on-rename.js). */
const killedSynth = (cwd: string, atRename: number) => run(cwd, { KILL_AT_RENAME: String(atRename) }, ['synth'], ['--require', path.join(FIXTURES, 'kill-on-rename.js')]);

const stagingFolders = (dist: string) => fs.readdirSync(dist).filter((f) => f.startsWith(STAGING_PREFIX));

/** sha256 of every file below `dir`, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
  }
  return out;
}

const project = (clusters: Record<string, object | string>) => tempDir(Object.fromEntries(
  Object.entries(clusters).map(([name, doc]) => [`clusters/${name}.yaml`, typeof doc === 'string' ? doc : stringify(doc)]),
));

describe('npm run synth', () => {
  test('renders every cluster file into dist/<name>/, files in apply order', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }) });
    const r = cli(dir, 'synth');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Object.keys(tree(path.join(dir, 'dist')))).toEqual([
      'alpha/0000-tigera-operator.k8s.yaml', 'alpha/0001-calico.k8s.yaml', 'alpha/0002-retina.k8s.yaml', 'alpha/0003-monitoring.k8s.yaml', 'alpha/kustomization.yaml',
      'beta/0000-tigera-operator.k8s.yaml', 'beta/0001-calico.k8s.yaml', 'beta/0002-retina.k8s.yaml', 'beta/0003-monitoring.k8s.yaml', 'beta/kustomization.yaml',
    ]);
  });

  test('--config/--out renders one cluster file into one folder', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    const r = cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', 'out/here');
    expect(r.status).toBe(0);
    expect(Object.keys(tree(path.join(dir, 'out')))).toEqual([
      'here/0000-tigera-operator.k8s.yaml', 'here/0001-calico.k8s.yaml', 'here/0002-retina.k8s.yaml', 'here/0003-monitoring.k8s.yaml', 'here/kustomization.yaml',
    ]);
  });

  test('two runs give byte-identical output, GitOps files included', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', calico: { wireguard: true }, gitops: { argocd: { enabled: true, repoURL: 'https://example.com/g.git' }, flux: { enabled: true } } }) });
    expect(cli(dir, 'synth').status).toBe(0);
    const first = tree(path.join(dir, 'dist'));
    expect(Object.keys(first)).toContain('alpha/flux/sync.yaml');
    cli(dir, 'synth');
    expect(tree(path.join(dir, 'dist'))).toEqual(first);
  });

  test('fails when a cluster file is bad: every finding, exit 1, no stack trace, dist/ byte-identical', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }) });
    expect(cli(dir, 'synth').status).toBe(0);
    const before = tree(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'clusters', 'b.yaml'), stringify(clusterDoc({ name: 'beta', calico: { mtu: 'x', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIPP' }] } })));
    const r = cli(dir, 'synth');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('clusters/b.yaml: 2 errors');
    expect(r.stderr).toContain('calico.ipPools[0].encapsulation: "IPIPP" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None');
    expect(r.stderr).toContain('calico.mtu: expected a number (got "x")');
    expect(r.stderr).toContain('nothing written');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
  });

  test('fails when two cluster files share a name', () => {
    const dir = project({ a: clusterDoc({ name: 'same' }), b: clusterDoc({ name: 'same' }) });
    const r = cli(dir, 'synth');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('clusters/b.yaml: name: "same" is also the name of clusters/a.yaml');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('removes the output folder of a cluster whose file is gone, and nothing else', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }) });
    cli(dir, 'synth');
    fs.writeFileSync(path.join(dir, 'dist', 'README.md'), 'keep me');
    fs.mkdirSync(path.join(dir, 'dist', 'notes'));
    fs.writeFileSync(path.join(dir, 'dist', 'notes', 'todo.txt'), 'keep me too');
    fs.rmSync(path.join(dir, 'clusters', 'b.yaml'));
    const r = cli(dir, 'synth');
    expect(r.stdout).toContain('removed dist/beta/');
    expect(Object.keys(tree(path.join(dir, 'dist')))).toEqual([
      'README.md', 'alpha/0000-tigera-operator.k8s.yaml', 'alpha/0001-calico.k8s.yaml', 'alpha/0002-retina.k8s.yaml', 'alpha/0003-monitoring.k8s.yaml', 'alpha/kustomization.yaml',
      'notes/todo.txt',
    ]);
  });

  test('exits 2 with the usage on an unknown command or option', () => {
    const dir = project({ a: clusterDoc() });
    expect(cli(dir, 'deploy').status).toBe(2);
    const r = cli(dir, 'synth', '--nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--nope'/);
  });

  test('warns when a pool\'s blockSize changes against the committed dist/; --strict makes the warning fail', () => {
    const doc = (blockSize: number) => stringify(clusterDoc({ name: 'alpha', calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize }] } }));
    const dir = project({ a: doc(26) });
    expect(cli(dir, 'synth').status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), doc(24));
    const before = tree(path.join(dir, 'dist'));
    const strict = cli(dir, 'synth', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('calico.ipPools[0].blockSize: changes default-ipv4-ippool from 26 (the committed dist/) to 24');
    expect(strict.stderr).toContain('(--strict: warnings fail)');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    const lenient = cli(dir, 'synth');
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain('1 warning');
    expect(fs.readFileSync(path.join(dir, 'dist', 'alpha', '0001-calico.k8s.yaml'), 'utf8')).toContain('blockSize: 24');
  });
});

describe('npm run plan', () => {
  test('prints the findings and the network requirements derived from the config', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', platform: { cloud: 'aws' }, calico: { wireguard: true, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLANCrossSubnet' }] } }) });
    const r = cli(dir, 'plan', '--config', 'clusters/a.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('alpha (clusters/a.yaml): Calico v3.31.7 on aws');
    expect(r.stdout).toContain('! calico.ipPools[0].encapsulation: on AWS EC2 this needs UDP 4789 open between the nodes');
    const table = r.stdout.slice(r.stdout.indexOf('Network requirements:'));
    expect(table).toMatch(/PROTOCOL\s+PORT\s+FROM\s+TO\s+FOR/);
    expect(table).toMatch(/TCP\s+5473\s+every node\s+every node\s+Typha/);
    expect(table).toMatch(/TCP\s+179\s+every node\s+every node\s+BGP/);
    expect(table).toMatch(/UDP\s+4789\s+every node\s+every node\s+VXLAN pod traffic \(VXLANCrossSubnet: only between nodes in different subnets\)/);
    expect(table).toMatch(/UDP\s+51820\s+every node\s+every node\s+WireGuard \(IPv4\)/);
    expect(table).toMatch(/TCP\s+10093\s+every node and pod CIDRs \(Prometheus\)\s+every node\s+Retina agent metrics/);
    expect(table).not.toMatch(/IP protocol 4/);
  });

  test('exits 1 when a cluster has errors', () => {
    const dir = project({ a: clusterDoc({ platform: { cloud: 'azure' } }) });
    const r = cli(dir, 'plan');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Azure drops IP-in-IP');
  });
});

describe('a synth killed with SIGKILL', () => {
  const setup = () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }) });
    expect(cli(dir, 'synth').status).toBe(0);
    const before = tree(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { mtu: 1400 } })));
    // A new cluster; its file sorts first, so the swap renames: gamma in, alpha out, alpha in, beta out, beta in.
    fs.writeFileSync(path.join(dir, 'clusters', '0.yaml'), stringify(clusterDoc({ name: 'gamma' })));
    return { dir, dist: path.join(dir, 'dist'), before };
  };
  /** The next synth, with a cluster file that fails validation: only the rollback can change dist/. */
  const badSynth = (dir: string) => {
    fs.writeFileSync(path.join(dir, 'clusters', '0.yaml'), 'name: gamma\n');
    const r = cli(dir, 'synth');
    expect(r.status).toBe(1);
    return r;
  };

  test('after rendering, before the swap: dist/ is byte-identical; the staging folder is ignored by check, prune and git, and removed by the next run', () => {
    const { dir, dist, before } = setup();
    expect(killedSynth(dir, 1).signal).toBe('SIGKILL');
    expect(Object.fromEntries(Object.entries(tree(dist)).filter(([f]) => !f.startsWith(STAGING_PREFIX)))).toEqual(before);
    const [staging] = stagingFolders(dist);
    expect(staging).toBeDefined();

    // check compares only the cluster folders: with the cluster files as they were, dist/ is fresh.
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha' })));
    fs.rmSync(path.join(dir, 'clusters', '0.yaml'));
    expect(cli(dir, 'check')).toMatchObject({ status: 0, stderr: '' });
    // git ignores it (the repository's .gitignore).
    const ignored = spawnSync('git', ['check-ignore', '--no-index', '-q', `dist/${staging}/0/kustomization.yaml`], { cwd: ROOT });
    expect(ignored.status).toBe(0);
    // prune leaves it alone, and the next synth removes it.
    fs.rmSync(path.join(dir, 'clusters', 'b.yaml'));
    const r = cli(dir, 'synth');
    expect(r.stdout).toContain('removed dist/beta/');
    expect(stagingFolders(dist)).toEqual([]);
  });

  test('between the two renames of a swap: the next run restores dist/ byte-identical, even when its own cluster files are bad', () => {
    const { dir, dist, before } = setup();
    expect(killedSynth(dir, 3).signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(dist, 'alpha'))).toBe(false); // the window the swap journal covers
    expect(badSynth(dir).stderr).toContain('restored dist/alpha/ as it was before an interrupted synth');
    expect(tree(dist)).toEqual(before);
  });

  test('after swapping some folders: the next run rolls every one back, and removes folders that did not exist', () => {
    const { dir, dist, before } = setup();
    expect(killedSynth(dir, 4).signal).toBe('SIGKILL'); // gamma and alpha swapped in, beta not
    expect(fs.existsSync(path.join(dist, 'gamma'))).toBe(true);
    expect(fs.readFileSync(path.join(dist, 'alpha', '0001-calico.k8s.yaml'), 'utf8')).toContain('mtu: 1400');
    expect(badSynth(dir).stderr).toContain('restored dist/gamma/');
    expect(tree(dist)).toEqual(before);
  });
});

describe('npm run check', () => {
  test('passes when dist/ is fresh and fails, naming the file, when it is stale', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    cli(dir, 'synth');
    expect(cli(dir, 'check')).toMatchObject({ status: 0, stdout: 'dist/ is up to date (1 cluster)\n' });
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { mtu: 1400 } })));
    const r = cli(dir, 'check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dist/ is stale — run `npm run synth` and commit the result:');
    expect(r.stderr).toContain('changed: alpha/0001-calico.k8s.yaml (first difference at line');
  });

  test('covers kustomization.yaml and the GitOps files', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', gitops: { argocd: { enabled: true, repoURL: 'https://example.com/g.git' }, flux: { enabled: true } } }) });
    expect(cli(dir, 'synth').status).toBe(0);
    expect(Object.keys(tree(path.join(dir, 'dist')))).toEqual([
      'alpha/0000-tigera-operator.k8s.yaml', 'alpha/0001-calico.k8s.yaml', 'alpha/0002-retina.k8s.yaml', 'alpha/0003-monitoring.k8s.yaml', 'alpha/argocd/application.yaml',
      'alpha/flux/calico/kustomization.yaml', 'alpha/flux/kustomization.yaml', 'alpha/flux/monitoring/kustomization.yaml', 'alpha/flux/operator/kustomization.yaml',
      'alpha/flux/retina/kustomization.yaml', 'alpha/flux/sync.yaml',
      'alpha/kustomization.yaml',
    ]);
    fs.appendFileSync(path.join(dir, 'dist', 'alpha', 'kustomization.yaml'), '  - extra.yaml\n');
    fs.rmSync(path.join(dir, 'dist', 'alpha', 'argocd', 'application.yaml'));
    const r = cli(dir, 'check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('changed: alpha/kustomization.yaml (first difference at line');
    expect(r.stderr).toContain('missing: alpha/argocd/application.yaml (synth would create it)');
  });

  test('fails when dist/ has a folder no cluster file renders', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    cli(dir, 'synth');
    fs.mkdirSync(path.join(dir, 'dist', 'ghost'));
    fs.writeFileSync(path.join(dir, 'dist', 'ghost', '0000-calico.k8s.yaml'), '');
    expect(cli(dir, 'check').stderr).toContain('extra: ghost/0000-calico.k8s.yaml (synth would not create it)');
  });
});

// The one test of the shipped example itself; nothing else reads the repository's clusters/ or dist/,
// so users can add cluster files without breaking the tests.
test('the shipped example renders, with only the AWS IPIP warning of its scenario, and the committed dist/kans-homelab/ is fresh', () => {
  const r = cli(ROOT, 'check', '--config', 'clusters/kans-homelab.yaml', '--out', 'dist/kans-homelab');
  expect(r.stdout).toBe('dist/kans-homelab/ is up to date (1 cluster)\n');
  expect(r.stderr).toBe([
    'clusters/kans-homelab.yaml: 1 warning',
    '  ! calico.ipPools[0].encapsulation: on AWS EC2 this needs security-group rules between the nodes for IP protocol 4 (IP-in-IP) and TCP 179 (BGP), or cross-node pod traffic is silently dropped (got "IPIP") — add those rules, or use encapsulation: VXLAN (UDP 4789)',
    '',
  ].join('\n'));
  expect(r.status).toBe(0);
});

test('npx cdk8s synth through the shipped cdk8s.yaml renders every cluster file as npm run synth does', () => {
  const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta', calico: { wireguard: true } }) });
  // The shipped cdk8s.yaml, its project paths (scripts/run.js, src/main.ts) made absolute to run in the scratch project.
  const shipped = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), shipped.replace(/(?<=\s)(scripts|src)\/[\w./-]+/g, (p) => path.join(ROOT, p)));
  const out = path.join(dir, 'cdk8s.out');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(cli(dir, 'synth').status).toBe(0);
  expect(Object.keys(tree(out))).toContain('beta/0001-calico.k8s.yaml');
  expect(tree(out)).toEqual(tree(path.join(dir, 'dist')));
}, 60_000);
