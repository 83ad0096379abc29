/**
 * The CLI started from its startup snapshot (`npm run synth|check|plan` run scripts/run.sh) does
 * exactly what it does without one. A scratch copy of the project is built as npm's prepare builds
 * it (bundle, code cache, snapshot warmed up with its example clusters, here test fixtures); then
 * clusters unlike those examples are rendered, checked and planned both ways and compared byte for
 * byte: the snapshot holds code, never results of the warm-up.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { clusterDoc, ROOT, SCENARIO, tempDir } from './util';

/** Every file below `dir`, by relative path. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

/** The project as a fresh clone has it, with example clusters of the tests' own, built as npm's prepare builds it. */
function preparedProject(): string {
  const dir = tempDir();
  for (const entry of ['src', 'scripts', 'imports', 'crds', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.cpSync(SCENARIO, path.join(dir, 'clusters', 'kans-homelab.yaml'));
  fs.cpSync(SCENARIO.replace(/\.yaml$/, ''), path.join(dir, 'clusters', 'kans-homelab'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'clusters', 'baremetal-bgp.yaml'), stringify(clusterDoc({ name: 'baremetal-bgp', calico: { asNumber: 64512, bgpPeers: [{ name: 'tor', peerIP: '192.168.10.1', asNumber: 64513 }] } })));
  for (const args of [['scripts/run.js', '--build', 'src/app/main.ts'], ['scripts/warm-up.js']]) {
    const r = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  }
  expect(fs.existsSync(path.join(dir, '.build', 'src', 'main.blob'))).toBe(true);
  return dir;
}

const STARTED_FROM_SNAPSHOT = 'scripts/run.js: started from the startup snapshot of .build/src/app/main.js\n';

/** The CLI as npm runs it (from the snapshot) or as `node scripts/run.js` runs it (without). */
function cli(project: string, fromSnapshot: boolean, args: string[]) {
  const { NODE_OPTIONS: _unset, ...env } = process.env;
  const r = fromSnapshot
    ? spawnSync('sh', ['scripts/run.sh', 'src/app/main.ts', ...args], { cwd: project, encoding: 'utf8', env: { ...env, CALICO_STACK_DEBUG: '1' } })
    : spawnSync(process.execPath, ['scripts/run.js', 'src/app/main.ts', ...args], { cwd: project, encoding: 'utf8', env: { ...env, CALICO_STACK_DEBUG: '1' } });
  if (fromSnapshot) {
    expect(r.stderr.startsWith(STARTED_FROM_SNAPSHOT)).toBe(true);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.slice(STARTED_FROM_SNAPSHOT.length) };
  }
  expect(r.stderr).not.toContain('startup snapshot');
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('synth, check and plan started from the snapshot print and write what they do without it (slow: builds a snapshot, 8 CLI runs)', () => {
  const project = preparedProject();
  const clusters = tempDir({
    'alpha.yaml': stringify(clusterDoc({ name: 'alpha' })),
    'beta.yaml': stringify(clusterDoc({ name: 'beta', calico: { wireguard: true, installation: { calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: { requests: { cpu: '300m' } } }] } } } } } }, monitoring: { mode: 'prometheus-operator' } })),
    'gamma.yaml': stringify(clusterDoc({ name: 'gamma', platform: { cloud: 'aws' }, calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIP' }] } })),
  });
  const broken = tempDir({ 'delta.yaml': stringify(clusterDoc({ name: 'delta', calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize: 12 }] } })) });
  const results = [true, false].map((fromSnapshot) => {
    const dist = tempDir();
    const synth = cli(project, fromSnapshot, ['synth', '--no-cache', '--clusters', clusters, '--dist', dist]);
    const check = cli(project, fromSnapshot, ['check', '--clusters', clusters, '--dist', dist]);
    const plan = cli(project, fromSnapshot, ['plan', '--clusters', clusters]);
    const failed = cli(project, fromSnapshot, ['synth', '--no-cache', '--clusters', broken, '--dist', dist]);
    // The output folder's name, as the CLI prints it (relative to the project folder).
    const named = (text: string) => text.split(dist).join('<dist>').split(path.relative(project, dist)).join('<dist>');
    const byDist = (r: { status: number | null; stdout: string; stderr: string }) => ({ ...r, stdout: named(r.stdout), stderr: named(r.stderr) });
    return { synth: byDist(synth), check: byDist(check), plan, failed: byDist(failed), files: tree(dist) };
  });
  const [snapshot, plain] = results;
  expect(snapshot.synth.status).toBe(0);
  expect(snapshot.synth.stderr).toContain('gamma.yaml: 1 warning');
  expect(snapshot.failed.status).toBe(1);
  expect(snapshot.failed.stderr).toContain('blockSize');
  expect(Object.keys(snapshot.files)).toContain('beta/0001-calico.k8s.yaml');
  expect(snapshot.files['beta/0001-calico.k8s.yaml']).toContain('cpu: 300m');
  expect(snapshot).toEqual(plain);
}, 120_000);
