/**
 * The command line end to end: `node bin/calico-stack.js ...` (what `npm run synth` runs) in a scratch project folder.
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { OutputLock } from '../src/app/output/lock';
import { RECORD_FILE } from '../src/app/output/record';
import { CLI, clusterDoc, FIXTURES, ROOT, tempDir } from './util';

function cli(cwd: string, ...args: string[]): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  return run(cwd, {}, args);
}

/** The CLI with `env` added and `node` options (e.g. a --require preload) before the script. */
function run(cwd: string, env: Record<string, string>, args: string[], nodeOptions: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeOptions, CLI, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A synth that, at its Nth rename of a path containing `where`, sends itself a signal or fails
 * with an errno (test/fixtures/fs-fault-preload.js).
 */
const faultySynth = (cwd: string, mode: string, at: number, where = 'dist', args: string[] = ['synth']) => run(
  cwd, { FAULT_MODE: mode, FAULT_AT: String(at), FAULT_PATH: where }, args, ['--require', path.join(FIXTURES, 'fs-fault-preload.js')],
);

/** calico-stack's own files in a folder that holds no run now (lock, transaction). */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('.calico-stack'));

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
      'alpha/0000-tigera-operator.k8s.yaml', 'alpha/0001-calico.k8s.yaml', 'alpha/0002-retina.k8s.yaml', 'alpha/0003-monitoring.k8s.yaml', 'alpha/README.md', `alpha/${RECORD_FILE}`, 'alpha/kustomization.yaml',
      'beta/0000-tigera-operator.k8s.yaml', 'beta/0001-calico.k8s.yaml', 'beta/0002-retina.k8s.yaml', 'beta/0003-monitoring.k8s.yaml', 'beta/README.md', `beta/${RECORD_FILE}`, 'beta/kustomization.yaml',
    ]);
    expect(r.stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (new, 7 files)\nrendered clusters/b.yaml → dist/beta/ (new, 7 files)\n');
    expect(leftovers(path.join(dir, 'dist'))).toEqual([]);
  });

  test('--config/--out renders one cluster file into one folder', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    const r = cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', 'out/here');
    expect(r.status).toBe(0);
    expect(Object.keys(tree(path.join(dir, 'out')))).toEqual([
      'here/0000-tigera-operator.k8s.yaml', 'here/0001-calico.k8s.yaml', 'here/0002-retina.k8s.yaml', 'here/0003-monitoring.k8s.yaml', 'here/README.md', `here/${RECORD_FILE}`, 'here/kustomization.yaml',
    ]);
  });

  test('two runs give byte-identical output, GitOps files included', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', calico: { wireguard: true }, gitops: { argocd: { enabled: true, repoURL: 'https://example.com/g.git' }, flux: { enabled: true } } }) });
    expect(cli(dir, 'synth').status).toBe(0);
    const first = tree(path.join(dir, 'dist'));
    expect(Object.keys(first)).toContain('alpha/flux/sync.yaml');
    expect(cli(dir, 'synth').stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (unchanged)\n');
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

  test('removes calico-stack\'s files of a cluster whose file is gone, and nothing of the user\'s: an overlay folder, notes in dist/ and in an output folder', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }), c: clusterDoc({ name: 'gamma' }) });
    cli(dir, 'synth');
    const dist = path.join(dir, 'dist');
    fs.writeFileSync(path.join(dist, 'README.md'), 'keep me');
    fs.mkdirSync(path.join(dist, 'overlays', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../../alpha]\n');
    fs.writeFileSync(path.join(dist, 'alpha', 'NOTES.md'), 'my notes');
    fs.writeFileSync(path.join(dist, 'gamma', 'NOTES.md'), 'my notes on gamma');
    fs.rmSync(path.join(dir, 'clusters', 'b.yaml'));
    fs.rmSync(path.join(dir, 'clusters', 'c.yaml'));
    const r = cli(dir, 'synth');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe([
      'rendered clusters/a.yaml → dist/alpha/ (unchanged)',
      'removed dist/beta/ (its cluster file is gone)',
      'removed calico-stack\'s files from dist/gamma/ (its cluster file is gone); kept NOTES.md (not calico-stack\'s)',
      '',
    ].join('\n'));
    // gamma/ keeps a record that lists nothing: calico-stack may write there again when gamma comes back.
    expect(Object.keys(tree(dist)).filter((f) => !f.startsWith('alpha/0'))).toEqual([
      'README.md', 'alpha/NOTES.md', 'alpha/README.md', `alpha/${RECORD_FILE}`, 'alpha/kustomization.yaml', 'gamma/NOTES.md', `gamma/${RECORD_FILE}`, 'overlays/prod/kustomization.yaml',
    ]);
    const check = cli(dir, 'check');
    expect(check.status).toBe(0);
    expect(check.stdout).toBe('not calico-stack\'s, left alone: alpha/NOTES.md\ndist/ is up to date (1 cluster)\n');
    // The next synth has nothing to say about gamma/; when its cluster file is back, it renders there again.
    expect(cli(dir, 'synth').stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (unchanged)\n');
    fs.writeFileSync(path.join(dir, 'clusters', 'c.yaml'), stringify(clusterDoc({ name: 'gamma' })));
    const back = cli(dir, 'synth');
    expect([back.status, back.stdout]).toEqual([0, expect.stringContaining('rendered clusters/c.yaml → dist/gamma/ (1 changed, 6 new)\n')]);
    expect(fs.readFileSync(path.join(dist, 'gamma', 'NOTES.md'), 'utf8')).toBe('my notes on gamma');
  });

  test('--out writes into an empty folder and into its own earlier output', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', 'empty')).toMatchObject({ status: 0 });
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { mtu: 1400 } })));
    const r = cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', 'empty');
    expect(r).toMatchObject({ status: 0, stdout: 'rendered clusters/a.yaml → empty/ (2 changed)\n' });
    expect(leftovers(dir)).toEqual([]);
  });

  test('fails when --out names a folder with files calico-stack did not write, naming some of them, and changes nothing', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    fs.mkdirSync(path.join(dir, 'mine'));
    for (const f of ['a.txt', 'b.txt']) fs.writeFileSync(path.join(dir, 'mine', f), f);
    const before = tree(dir);
    const r = cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', 'mine');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('calico-stack: refusing to write, nothing changed:\n  ✗ mine/ is not empty and calico-stack did not write it (no calico-stack.sum): a.txt, b.txt — choose a new or empty folder');
    expect(tree(dir)).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  test.each([
    ['.', 'is the project folder'],
    ['..', 'is a folder that contains the project folder'],
    ['clusters', 'is the folder of clusters/a.yaml'],
  ])('fails when --out is %s: %s, and changes nothing', (out, why) => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    const before = tree(dir);
    const r = cli(dir, 'synth', '--config', 'clusters/a.yaml', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--out ${JSON.stringify(out)}: ${why}`);
    expect(tree(dir)).toEqual(before);
  });

  test('fails when a file calico-stack wrote was changed by hand; --force overwrites it', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    cli(dir, 'synth');
    const file = path.join(dir, 'dist', 'alpha', '0001-calico.k8s.yaml');
    fs.appendFileSync(file, '# my tweak\n');
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { mtu: 1400 } })));
    const before = tree(dir);
    const r = cli(dir, 'synth');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dist/alpha/0001-calico.k8s.yaml was changed by hand since calico-stack wrote it, and that change would be lost');
    expect(tree(dir)).toEqual(before);
    expect(cli(dir, 'synth', '--force').status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('# my tweak');
  });

  test('exits 2 with the usage on an unknown command or option, with a did-you-mean; --help prints the usage, exit 0', () => {
    const dir = project({ a: clusterDoc() });
    const deploy = cli(dir, 'deploy');
    expect([deploy.status, deploy.stderr.split('\n')[0]]).toEqual([2, 'unknown command "deploy" (the commands are synth, check, plan, adopt, drift, from-helm)']);
    expect(cli(dir, 'snyth').stderr.split('\n')[0]).toBe('unknown command "snyth" (did you mean synth?)');
    const r = cli(dir, 'synth', '--conifg', 'x.yaml');
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^unknown option --conifg \(did you mean --config\?\)\nusage:\n/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const help = cli(dir, '--help');
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^usage:\n/);
  });

  test('fails with the option\'s name when --dist or --out is a file, or inside one, and changes nothing', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    fs.writeFileSync(path.join(dir, 'distfile'), 'x');
    const before = tree(dir);
    for (const [args, message] of [
      [['synth', '--dist', 'distfile'], '--dist distfile: distfile is a file, not a folder — --dist names the folder calico-stack writes each cluster\'s folder into (e.g. dist)'],
      [['check', '--dist', 'distfile'], '--dist distfile: distfile is a file, not a folder — --dist names the folder calico-stack writes each cluster\'s folder into (e.g. dist)'],
      [['synth', '--config', 'clusters/a.yaml', '--out', 'clusters/a.yaml'], '--out clusters/a.yaml: clusters/a.yaml is a file, not a folder — --out names the folder calico-stack writes the cluster\'s files into (e.g. dist/<name>)'],
      [['synth', '--config', 'clusters/a.yaml', '--out', 'distfile/alpha'], '--out distfile/alpha: distfile (in distfile/alpha) is a file, not a folder — --out names the folder calico-stack writes the cluster\'s files into (e.g. dist/<name>)'],
    ] as const) {
      const r = cli(dir, ...args);
      expect([r.status, r.stderr]).toEqual([2, `${message}\n`]);
    }
    expect(tree(dir)).toEqual(before);
  });

  test('warns when a pool\'s blockSize changes against the committed dist/; --strict makes the warning fail', () => {
    const doc = (blockSize: number) => stringify(clusterDoc({ name: 'alpha', calico: { ipPools: [{ cidr: '10.244.0.0/16', blockSize }] } }));
    const dir = project({ a: doc(26) });
    expect(cli(dir, 'synth').status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), doc(24));
    const before = tree(path.join(dir, 'dist'));
    const strict = cli(dir, 'synth', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('calico.ipPools[0].blockSize: changes default-ipv4-ippool: blockSize 26 → 24 (a pool\'s block size cannot change once it exists), compared with the committed dist/');
    expect(strict.stderr).toContain('(--strict: warnings fail)');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    const lenient = cli(dir, 'synth');
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toContain('1 warning');
    expect(fs.readFileSync(path.join(dir, 'dist', 'alpha', '0001-calico.k8s.yaml'), 'utf8')).toContain('blockSize: 24');
    // Once dist/ has the new blockSize, there is nothing to warn about, also for the runs that use the render cache.
    for (let i = 0; i < 3; i++) expect(cli(dir, 'synth').stderr).toBe('');
  });
});

/**
 * A synth of clusters whose files did not change since an earlier synth takes their findings and
 * render from the render cache, without loading the files or building the stacks (src/app/main.ts):
 * these tests give each run a cache folder of its own, and alter a finding's text in the cache to
 * see which runs took it from there.
 */
describe('a synth of clusters whose files did not change', () => {
  /** A project whose cluster has a warning (AWS and IPIP) and a kubeadm-config, and its own render cache. */
  function cachedProject(): { dir: string; synth: (...args: string[]) => ReturnType<typeof cli>; cache: string } {
    const dir = tempDir({
      'clusters/a.yaml': stringify(clusterDoc({ name: 'alpha', platform: { cloud: 'aws', kubeadmConfig: 'a/kubeadm-config.yaml' }, calico: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIP' }] } })),
      'clusters/a/kubeadm-config.yaml': 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n',
      'clusters/b.yaml': stringify(clusterDoc({ name: 'beta' })),
    });
    const cache = path.join(dir, 'render-cache');
    return { dir, cache, synth: (...args: string[]) => run(dir, { CALICO_STACK_CACHE_DIR: cache }, ['synth', ...args]) };
  }

  /** Replaces the text of every cached finding message about IPIP; returns how many cluster entries had one. */
  function alterCachedWarning(cache: string): number {
    let altered = 0;
    for (const name of fs.readdirSync(cache).filter((f) => f.endsWith('.cluster.json'))) {
      const text = fs.readFileSync(path.join(cache, name), 'utf8');
      if (!text.includes('IP-in-IP')) continue;
      fs.writeFileSync(path.join(cache, name), text.replace(/IP-in-IP/g, 'ALTERED-IN-CACHE'));
      altered++;
    }
    return altered;
  }

  test('prints what a synth that loads them prints, and leaves dist/ alone (same inodes and times)', () => {
    const { dir, synth } = cachedProject();
    const first = synth();
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('clusters/a.yaml: 1 warning');
    const second = synth();
    const stat = (f: string) => fs.statSync(path.join(dir, 'dist', f));
    const before = ['alpha/0001-calico.k8s.yaml', `alpha/${RECORD_FILE}`, 'beta/kustomization.yaml'].map((f) => [stat(f).ino, stat(f).mtimeMs]);
    const third = synth();
    expect(third).toEqual(second);
    expect(third.stderr).toBe(first.stderr);
    expect(third.stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (unchanged)\nrendered clusters/b.yaml → dist/beta/ (unchanged)\n');
    expect(['alpha/0001-calico.k8s.yaml', `alpha/${RECORD_FILE}`, 'beta/kustomization.yaml'].map((f) => [stat(f).ino, stat(f).mtimeMs])).toEqual(before);
    expect(run(dir, {}, ['check']).status).toBe(0);
  });

  test('takes the findings from the cache while the cluster file and the files it names are unchanged, and loads the cluster again when one changes', () => {
    const { dir, cache, synth } = cachedProject();
    synth();
    synth();
    expect(alterCachedWarning(cache)).toBe(1);
    expect(synth().stderr).toContain('ALTERED-IN-CACHE');
    // The kubeadm-config the cluster file names changed (same podSubnet, one more key): loaded again.
    fs.appendFileSync(path.join(dir, 'clusters', 'a', 'kubeadm-config.yaml'), '  dnsDomain: cluster.local\n');
    const changed = synth();
    expect(changed.status).toBe(0);
    expect(changed.stderr).not.toContain('ALTERED-IN-CACHE');
    expect(changed.stderr).toContain('IP-in-IP');
    // So does a change of the cluster file itself, a comment included.
    synth();
    expect(alterCachedWarning(cache)).toBeGreaterThan(0);
    fs.appendFileSync(path.join(dir, 'clusters', 'a.yaml'), '# a comment\n');
    expect(synth().stderr).not.toContain('ALTERED-IN-CACHE');
    // --no-cache never uses it.
    synth();
    alterCachedWarning(cache);
    expect(synth('--no-cache').stderr).not.toContain('ALTERED-IN-CACHE');
  });

  test('restores a file deleted from dist/, refuses to overwrite one changed by hand (--force overwrites), as a synth without the cache does', () => {
    const { dir, synth } = cachedProject();
    synth();
    synth();
    const expected = tree(path.join(dir, 'dist'));
    fs.rmSync(path.join(dir, 'dist', 'alpha', 'kustomization.yaml'));
    const restored = synth();
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('rendered clusters/a.yaml → dist/alpha/ (1 new)');
    expect(tree(path.join(dir, 'dist'))).toEqual(expected);
    const file = path.join(dir, 'dist', 'beta', '0001-calico.k8s.yaml');
    fs.appendFileSync(file, '# my tweak\n');
    const before = tree(dir);
    const refused = synth();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('dist/beta/0001-calico.k8s.yaml was changed by hand since calico-stack wrote it, and that change would be lost');
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('calico-stack:'))).toEqual(synthWithoutCache(dir).stderr.split('\n').filter((l) => l.startsWith('calico-stack:')));
    expect(tree(dir)).toEqual(before);
    expect(synth('--force').status).toBe(0);
    expect(tree(path.join(dir, 'dist'))).toEqual(expected);
  });

  test('renders again when the cache lost the render of a cluster whose folder must be written', () => {
    const { dir, cache, synth } = cachedProject();
    synth();
    synth();
    const expected = tree(path.join(dir, 'dist'));
    for (const name of fs.readdirSync(cache).filter((f) => !f.endsWith('.cluster.json'))) fs.rmSync(path.join(cache, name));
    fs.rmSync(path.join(dir, 'dist', 'beta'), { recursive: true });
    const r = synth();
    expect(r.status).toBe(0);
    expect(tree(path.join(dir, 'dist'))).toEqual(expected);
  });

  /** The same synth with --no-cache. */
  function synthWithoutCache(dir: string): ReturnType<typeof cli> {
    return cli(dir, 'synth', '--no-cache');
  }
});

/**
 * With a fleet (calico-stack.yaml), a synth takes the parsed settings and the fleet folder from the
 * render cache too, by the settings file's text and every value the folder is built from: an
 * unchanged repository loads neither the YAML and schema libraries nor cdk8s, and any change gives
 * the folder a fresh render would (`check` never uses the cache).
 */
describe('a synth of a fleet whose settings and members did not change', () => {
  const REPO = 'https://github.com/example/gitops.git';
  const SETTINGS = { fleet: { waves: ['canary', 'main'], argocd: { enabled: true, repoURL: REPO }, flux: { enabled: true } } };
  const member = (name: string, wave?: string) => clusterDoc({ name, gitops: { argocd: { enabled: true }, flux: { enabled: true }, ...(wave ? { wave } : {}) } });

  function fleetProject(): { dir: string; synth: () => ReturnType<typeof cli>; loaded: () => string[] } {
    const dir = tempDir({
      'calico-stack.yaml': stringify(SETTINGS),
      'clusters/a.yaml': stringify(member('alpha', 'canary')),
      'clusters/b.yaml': stringify(member('beta')),
    });
    const cache = path.join(dir, 'render-cache');
    const out = path.join(dir, 'loaded.txt');
    return {
      dir,
      synth: () => run(dir, { CALICO_STACK_CACHE_DIR: cache, LOADED_PACKAGES_OUT: out }, ['synth'], ['--require', path.join(FIXTURES, 'loaded-packages-preload.js')]),
      loaded: () => fs.readFileSync(out, 'utf8').split('\n'),
    };
  }
  const HEAVY = ['cdk8s', 'constructs', 'yaml', 'zod'];

  test('an unchanged repository loads neither the YAML and schema libraries nor cdk8s, and prints what the first synth printed', () => {
    const { dir, synth, loaded } = fleetProject();
    const first = synth();
    expect(first.status).toBe(0);
    // The premise: a synth that renders loads them.
    expect(loaded()).toEqual(expect.arrayContaining(HEAVY));
    const again = synth();
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (unchanged)\nrendered clusters/b.yaml → dist/beta/ (unchanged)\nrendered the fleet → dist/_fleet/ (unchanged)\n');
    expect(loaded().filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(run(dir, {}, ['check']).status).toBe(0);
    // A finding names the settings file as the user would (relative to where synth runs).
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), stringify(member('alpha', 'cannary')));
    const wrong = synth();
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('gitops.wave: is not a wave of the fleet (calico-stack.yaml: fleet.waves) (got "cannary"; allowed canary, main)');
  });

  test('every change of the settings or of a member gives the fleet folder a fresh render gives, also when a change is undone (the cache holds both)', () => {
    const { dir, synth } = fleetProject();
    const settings = (doc: object) => fs.writeFileSync(path.join(dir, 'calico-stack.yaml'), stringify(doc));
    const edits: Array<[string, () => void]> = [
      ['a wave added', () => settings({ fleet: { ...SETTINGS.fleet, waves: ['canary', 'main', 'late'] } })],
      // beta names no wave: it moved to the new last wave with the edit above.
      ['a member moved to another wave', () => fs.writeFileSync(path.join(dir, 'clusters/b.yaml'), stringify(member('beta', 'canary')))],
      ['a member added', () => fs.writeFileSync(path.join(dir, 'clusters/c.yaml'), stringify(member('gamma', 'canary')))],
      ['the revision changed', () => settings({ fleet: { ...SETTINGS.fleet, waves: ['canary', 'main', 'late'], argocd: { enabled: true, repoURL: REPO, targetRevision: 'release' } } })],
      ['a member removed', () => fs.rmSync(path.join(dir, 'clusters/c.yaml'))],
      ['the settings undone', () => settings({ fleet: { ...SETTINGS.fleet, waves: ['canary', 'main', 'late'] } })],
      ['the Flux hub turned off', () => settings({ fleet: { ...SETTINGS.fleet, waves: ['canary', 'main', 'late'], flux: { enabled: false } } })],
      ['the Flux hub back on', () => settings({ fleet: { ...SETTINGS.fleet, waves: ['canary', 'main', 'late'] } })],
    ];
    expect(synth().status).toBe(0);
    const seen = new Set([JSON.stringify(tree(path.join(dir, 'dist', '_fleet')))]);
    for (const [what, edit] of edits) {
      edit();
      // Twice: the first learns the change, the second takes it from the cache.
      for (const round of [1, 2]) {
        const r = synth();
        expect({ what, round, status: r.status, stderr: r.stderr }).toEqual({ what, round, status: 0, stderr: '' });
        const c = run(dir, {}, ['check']);
        expect({ what, round, check: c.status, stderr: c.stderr }).toEqual({ what, round, check: 0, stderr: '' });
      }
      seen.add(JSON.stringify(tree(path.join(dir, 'dist', '_fleet'))));
    }
    // The premise: the edits changed the fleet folder (all but the undo and the re-enable give new bytes).
    expect(seen.size).toBe(edits.length - 1);
  });
});

describe('a synth that changes the Calico release', () => {
  const SUMMARY = [
    '  upgrade: Calico v3.28.2 (the committed dist/alpha/) → Calico v3.32.1',
    '  the CRDs move from the CRD file to the operator: nothing calico-stack renders prunes them',
    '  before applying, read the plan (hops, release-note steps, apply order), which compares with the committed folder: git stash push -- dist/alpha && npm run plan -- --config clusters/a.yaml; git stash pop',
  ];
  const doc = (version: string) => stringify(clusterDoc({ name: 'alpha', calico: { version } }));

  test('prints the upgrade summary whether the cluster is rendered or comes from the render cache (takes ~15 s: four synths)', () => {
    const dir = tempDir({ 'clusters/a.yaml': doc('v3.32.1') });
    const cache = path.join(dir, 'render-cache');
    const synth = () => run(dir, { CALICO_STACK_CACHE_DIR: cache }, ['synth']);
    // The cache learns both renders; dist/alpha/ ends at v3.28.2.
    expect(synth().status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), doc('v3.28.2'));
    const down = synth();
    expect(down.stdout).toContain('  downgrade: Calico v3.32.1 (the committed dist/alpha/) → Calico v3.28.2\n');
    // Back to v3.32.1: the cache knows this cluster file, so it is not loaded; the summary is the same as a render's.
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), doc('v3.32.1'));
    const cached = synth();
    expect(cached.status).toBe(0);
    expect(cached.stdout.split('\n').slice(1, 4)).toEqual(SUMMARY);
    // Once the folder holds the new release, nothing more is said.
    expect(synth().stdout).toBe('rendered clusters/a.yaml → dist/alpha/ (unchanged)\n');
    // Without the cache: the same summary.
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), doc('v3.28.2'));
    expect(cli(dir, 'synth', '--no-cache').status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), doc('v3.32.1'));
    const rendered = cli(dir, 'synth', '--no-cache');
    expect(rendered.stdout.split('\n').slice(1, 4)).toEqual(SUMMARY);
  });
});

describe('inputs that are not regular files of a sane size', () => {
  test.each([
    ['calico.crds', '/dev/zero'],
    ['calico.crds', 'fifo'],
    ['calico.crds', 'folder'],
    ['calico.crds', 'big'],
    ['platform.kubeadmConfig', '/dev/zero'],
    ['platform.kubeadmConfig', 'fifo'],
    ['platform.kubeadmConfig', 'folder'],
    ['platform.kubeadmConfig', 'big'],
  ])('fails fast when %s is %s: exit 1, the path named, dist/ unchanged', (key, kind) => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    expect(cli(dir, 'synth').status).toBe(0);
    const before = tree(path.join(dir, 'dist'));
    let file = kind;
    if (kind === 'fifo') spawnSync('mkfifo', [file = path.join(dir, 'pipe.yaml')]);
    if (kind === 'folder') fs.mkdirSync(file = path.join(dir, 'folder.yaml'));
    if (kind === 'big') {
      fs.writeFileSync(file = path.join(dir, 'big.yaml'), '');
      fs.truncateSync(file, 64 * 1024 * 1024);
    }
    const doc = key === 'calico.crds'
      ? clusterDoc({ name: 'alpha', calico: { version: 'v3.28.2', crds: file } })
      : clusterDoc({ name: 'alpha', platform: { kubeadmConfig: file } });
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(doc));
    const start = Date.now();
    const r = cli(dir, 'synth');
    const elapsed = Date.now() - start;
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${key}: `);
    expect(r.stderr).toContain(JSON.stringify(file));
    expect(r.stderr).toContain('nothing written');
    expect(tree(path.join(dir, 'dist'))).toEqual(before);
    // A hang detector, not a speed target: the whole process, node's start included, ends at once.
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('npm run plan', () => {
  test('prints the findings and the network requirements derived from the config', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', platform: { cloud: 'aws' }, calico: { wireguard: true, ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLANCrossSubnet' }] } }) });
    const r = cli(dir, 'plan', '--config', 'clusters/a.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('alpha (clusters/a.yaml): Calico v3.32.1 on aws');
    expect(r.stdout).toContain('! calico.ipPools[0].encapsulation: on AWS EC2 this needs UDP 4789 open between the nodes');
    const table = r.stdout.slice(r.stdout.indexOf('Network requirements:'));
    expect(table).toMatch(/PROTOCOL\s+PORT\s+FROM\s+TO\s+FOR/);
    expect(table).toMatch(/TCP\s+5473\s+every node\s+every node\s+Typha/);
    expect(table).toMatch(/TCP\s+179\s+every node\s+every node\s+BGP/);
    expect(table).toMatch(/UDP\s+4789\s+every node\s+every node\s+VXLAN pod traffic \(VXLANCrossSubnet: only between nodes in different subnets\)/);
    expect(table).toMatch(/UDP\s+51820\s+every node\s+every node\s+WireGuard \(IPv4\)/);
    expect(table).toMatch(/TCP\s+10093\s+every node and pod CIDRs \(Prometheus\)\s+every node\s+Retina agent metrics/);
    expect(table).not.toMatch(/IP protocol 4/);
    expect(r.stdout).toContain('kube-proxy:\n  left alone: neither calico-stack nor the operator touches it with the Iptables dataplane\n');
  });

  test('says what must be installed first: kube-prometheus-stack with monitoring.mode prometheus-operator, and nothing otherwise', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha', monitoring: { mode: 'prometheus-operator', prometheusOperator: { namespace: 'kube-system' } } }), b: clusterDoc({ name: 'beta' }) });
    const r = cli(dir, 'plan', '--config', 'clusters/a.yaml');
    expect(r.status).toBe(0);
    const required = r.stdout.slice(r.stdout.indexOf('Required before apply:'), r.stdout.indexOf('Network requirements:'));
    expect(required).toContain('  kube-prometheus-stack installed first: 0003-monitoring.k8s.yaml holds PodMonitor and PrometheusRule (monitoring.coreos.com/v1), whose CRDs it installs');
    expect(required).toContain('labelled release=prometheus in namespace kube-system');
    expect(cli(dir, 'plan', '--config', 'clusters/b.yaml').stdout).not.toContain('Required before apply');
  });

  test('exits 1 when a cluster has errors', () => {
    const dir = project({ a: clusterDoc({ platform: { cloud: 'azure' } }) });
    const r = cli(dir, 'plan');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Azure drops IP-in-IP');
  });

  test('a cluster whose calico.version changed: the upgrade plan against the committed folder, and the steps of a pool change (takes ~10 s: two renders)', () => {
    const doc = (version: string, blockSize: number) => clusterDoc({ name: 'alpha', calico: { version, ipPools: [{ name: 'p1', cidr: '10.244.0.0/16', blockSize }] }, gitops: { flux: { enabled: true } } });
    const dir = project({ a: doc('v3.28.2', 26) });
    expect(cli(dir, 'synth').status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), stringify(doc('v3.32.1', 24)));
    const r = cli(dir, 'plan', '--config', 'clusters/a.yaml');
    expect(r.status).toBe(0);
    const upgrade = r.stdout.slice(r.stdout.indexOf('\nUpgrade plan:\n'));
    expect(upgrade).toContain('\nUpgrade plan:\n  From Calico v3.28.2 (operator v1.34.5) to Calico v3.32.1 (operator v1.42.3)\n');
    expect(upgrade).toMatch(/\n {4}1\. Calico v3\.28\.2 → .*\(operator v1\.\d+\.\d+\)/);
    expect(upgrade).toContain('[before] if you have AdminNetworkPolicy or BaselineAdminNetworkPolicy objects: delete them or rewrite them as ClusterNetworkPolicy');
    expect(upgrade).toContain('move from the CRD file to the operator (-manage-crds), which updates them when it starts: the file leaves the folder, the CRDs must stay');
    expect(upgrade).toContain('Flux: the committed Kustomization calico-stack-alpha-crds has prune: false');
    expect(upgrade).toContain('      1. kubectl apply --server-side -f dist/alpha/0000-tigera-operator.k8s.yaml\n         kubectl -n tigera-operator rollout status deploy/tigera-operator --timeout=300s\n');
    expect(upgrade).toContain('Then check:\n    kubectl get tigerastatus');
    expect(upgrade).toContain('\nChanges the operator cannot make in place (compared with the committed folder), step by step:\n  calico.ipPools[0].blockSize: p1: blockSize 26 → 24');
    expect(upgrade).toContain('    8. remove the temporary pool from the cluster file; npm run synth, then apply the folder\n');
    // The same folder, planned at its own release: no upgrade plan.
    fs.writeFileSync(path.join(dir, 'clusters/a.yaml'), stringify(doc('v3.28.2', 26)));
    expect(cli(dir, 'plan', '--config', 'clusters/a.yaml').stdout).not.toContain('Upgrade plan:');
  });
});

describe('a synth that fails or is stopped half-way through writing', () => {
  /** Two clusters written; then one changed and one new: the next synth writes both folders. */
  const setup = () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta' }) });
    expect(cli(dir, 'synth').status).toBe(0);
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { mtu: 1400 } })));
    fs.writeFileSync(path.join(dir, 'clusters', '0.yaml'), stringify(clusterDoc({ name: 'gamma' })));
    return { dir, dist: path.join(dir, 'dist'), before: tree(path.join(dir, 'dist')) };
  };

  test('fails on an I/O error in the middle of the swap: names the path and the error, rolls back, every folder byte-identical', () => {
    const { dir, dist, before } = setup();
    const r = faultySynth(dir, 'EPERM', 4, 'dist');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/calico-stack: EPERM: injected fault, rename '.*dist\/.*' -> '.*'; rolled back, every folder is as it was\n/);
    expect(tree(dist)).toEqual(before);
    expect(leftovers(dist)).toEqual([]);
  });

  test.each([['SIGTERM', 143], ['SIGINT', 130]])('rolls back on %s and exits %d', (signal, code) => {
    const { dir, dist, before } = setup();
    const r = faultySynth(dir, signal, 4, 'dist');
    expect(r.status).toBe(code);
    expect(r.stderr).toContain(`calico-stack: interrupted by ${signal}; nothing was changed (every folder is as it was)`);
    expect(tree(dist)).toEqual(before);
    expect(leftovers(dist)).toEqual([]);
  });

  test('killed with SIGKILL mid-swap: the next run restores every folder before anything else, even when its own cluster files are bad', () => {
    const { dir, dist, before } = setup();
    expect(faultySynth(dir, 'SIGKILL', 4, 'dist').signal).toBe('SIGKILL');
    expect(tree(dist)).not.toEqual(before);
    fs.writeFileSync(path.join(dir, 'clusters', '0.yaml'), 'name: gamma\n');
    const r = cli(dir, 'synth');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^restored dist\/alpha\/, dist\/gamma\/ as it was before an interrupted calico-stack run\n/);
    expect(tree(dist)).toEqual(before);
    expect(leftovers(dist)).toEqual([]);
  });

  test('killed with SIGKILL mid-swap: check recovers first too, then compares', () => {
    const { dir, dist, before } = setup();
    // The 4th rename in dist/: the transaction folder into place, the journal, an old file into the backups, then (killed) a new file into place.
    expect(faultySynth(dir, 'SIGKILL', 4, 'dist').signal).toBe('SIGKILL');
    fs.rmSync(path.join(dir, 'clusters', '0.yaml'));
    fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha' })));
    const r = cli(dir, 'check');
    expect(r.stderr).toContain('restored dist/');
    expect(r.status).toBe(0);
    expect(tree(dist)).toEqual(before);
  });

  test('a transaction folder that came with a commit is refused: check and synth exit 3, name it, and touch nothing in or outside dist/', () => {
    const { dir, dist } = setup();
    fs.writeFileSync(path.join(dir, 'victim.txt'), 'the user\'s file\n');
    const txn = path.join(dist, '.calico-stack-txn');
    fs.mkdirSync(path.join(txn, 'old'), { recursive: true });
    fs.mkdirSync(path.join(txn, 'new'));
    fs.writeFileSync(path.join(txn, 'old', '1'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
    fs.writeFileSync(path.join(txn, 'journal.json'), JSON.stringify({
      format: 2, runId: 'a'.repeat(32), createDirs: [], removeDirs: [],
      entries: [{ path: '../victim.txt', op: 'write', existed: false }, { path: '../planted-hook.sh', op: 'write', existed: true }],
    }));
    const before = tree(dir);
    for (const command of ['check', 'synth']) {
      const r = cli(dir, command);
      expect([r.status, r.stderr.split(':').slice(0, 2).join(':')]).toEqual([3, `calico-stack: refusing to act on ${fs.realpathSync(txn)}`]);
      expect(r.stderr).toContain('It is not provably an interrupted run of calico-stack on this machine, so it was left as it is and nothing was changed');
      expect(tree(dir)).toEqual(before);
    }
  });

  test('killed mid-swap, then a file it wrote changed by hand: the next synth refuses to roll back over it, naming it; --force rolls back and writes', () => {
    const { dir, dist, before } = setup();
    expect(faultySynth(dir, 'SIGKILL', 6, 'dist').signal).toBe('SIGKILL');
    // A file the killed run had put in place (new, or different from before), changed by hand.
    const placed = Object.keys(tree(dist)).filter((f) => !f.startsWith('.calico-stack') && tree(dist)[f] !== before[f]);
    expect(placed.length).toBeGreaterThan(0);
    fs.appendFileSync(path.join(dist, placed[0]), '# my change\n');
    // The killed run's lock file is released (removed) by the next run: not part of the comparison.
    const unlocked = () => Object.fromEntries(Object.entries(tree(dist)).filter(([f]) => f !== '.calico-stack.lock'));
    const edited = unlocked();
    const refused = cli(dir, 'synth');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`calico-stack: an interrupted calico-stack run is to be rolled back, but a file it wrote was changed since: ${path.join(fs.realpathSync(dist), placed[0])} — the rollback would lose that change`);
    expect(unlocked()).toEqual(edited);
    const forced = cli(dir, 'synth', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^restored dist\/alpha\/(, dist\/gamma\/)? as it was before an interrupted calico-stack run\n/);
    expect(cli(dir, 'check').status).toBe(0);
  });

  test('fails, naming the holder, when another run holds the output folder, and changes nothing', async () => {
    const { dir, dist } = setup();
    const lock = await OutputLock.acquire(fs.realpathSync(dist), { timeoutMs: 0 });
    const before = tree(dist);
    try {
      const r = cli(dir, 'synth', '--lock-timeout', '0.3');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`calico-stack: another calico-stack run (pid ${process.pid}) holds ${fs.realpathSync(dist)} — waited 0.3 s`);
      expect(tree(dist)).toEqual(before);
    } finally {
      lock.release();
    }
  });

  test('a run killed while holding the lock does not hold it, even as a zombie not yet reaped', () => {
    const { dir, dist } = setup();
    const holder = spawn(process.execPath, ['-e', `
      const fs = require('fs'); const { tryLock } = require(${JSON.stringify(require.resolve('fs-native-extensions'))});
      const fd = fs.openSync(${JSON.stringify(path.join(dist, '.calico-stack.lock'))}, 'a+'); tryLock(fd); fs.writeSync(fd, String(process.pid));
      process.stdout.write('locked'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = holder.pid!;
    // Wait (synchronously: the child must not be reaped by this process's event loop) until it holds the lock.
    const deadline = Date.now() + 5000;
    while (!fs.existsSync(path.join(dist, '.calico-stack.lock')) || fs.readFileSync(path.join(dist, '.calico-stack.lock'), 'utf8') !== String(pid)) {
      if (Date.now() > deadline) throw new Error('the lock holder did not start');
      spawnSync('sleep', ['0.05']);
    }
    expect(cli(dir, 'synth', '--lock-timeout', '0.2').status).toBe(1);
    process.kill(pid, 'SIGKILL');
    spawnSync('sleep', ['0.2']);
    expect(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0]).toBe('Z');
    const r = cli(dir, 'synth', '--lock-timeout', '0.2');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('calico-stack'))).toEqual([]);
    expect(r.status).toBe(0);
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
      'alpha/0000-tigera-operator.k8s.yaml', 'alpha/0001-calico.k8s.yaml', 'alpha/0002-retina.k8s.yaml', 'alpha/0003-monitoring.k8s.yaml', 'alpha/README.md', 'alpha/argocd/application.yaml',
      `alpha/${RECORD_FILE}`, 'alpha/flux/calico/kustomization.yaml', 'alpha/flux/kustomization.yaml', 'alpha/flux/monitoring/kustomization.yaml', 'alpha/flux/operator/kustomization.yaml',
      'alpha/flux/retina/kustomization.yaml', 'alpha/flux/sync.yaml',
      'alpha/kustomization.yaml',
    ]);
    fs.appendFileSync(path.join(dir, 'dist', 'alpha', 'kustomization.yaml'), '  - extra.yaml\n');
    fs.rmSync(path.join(dir, 'dist', 'alpha', 'argocd', 'application.yaml'));
    const r = cli(dir, 'check');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/changed: alpha\/kustomization.yaml \(first difference at line \d+; changed by hand since calico-stack wrote it, so synth needs --force\)/);
    expect(r.stderr).toContain('missing: alpha/argocd/application.yaml (synth would create it)');
  });

  test('fails when dist/ has an output folder no cluster file renders, and ignores folders that are not calico-stack\'s', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'ghost' }) });
    cli(dir, 'synth');
    fs.rmSync(path.join(dir, 'clusters', 'b.yaml'));
    fs.mkdirSync(path.join(dir, 'dist', 'mine'));
    fs.writeFileSync(path.join(dir, 'dist', 'mine', '0000-calico.k8s.yaml'), '');
    const r = cli(dir, 'check');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('dist/ is stale — run `npm run synth` and commit the result:\n  extra: ghost/ (no cluster file renders it; synth would remove calico-stack\'s files there)\n');
  });

  test('covers the record: a folder without one is stale', () => {
    const dir = project({ a: clusterDoc({ name: 'alpha' }) });
    cli(dir, 'synth');
    fs.rmSync(path.join(dir, 'dist', 'alpha', RECORD_FILE));
    const r = cli(dir, 'check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`missing: alpha/${RECORD_FILE} (synth would create it)`);
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

test('npx cdk8s synth through the shipped cdk8s.yaml renders into dist/ with the safe writer, and leaves the user\'s files there alone', () => {
  const dir = project({ a: clusterDoc({ name: 'alpha' }), b: clusterDoc({ name: 'beta', calico: { wireguard: true } }) });
  // The shipped cdk8s.yaml, its project paths (bin/calico-stack.js) made absolute to run in the scratch project.
  const shipped = fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), shipped.replace(/(?<=\s)bin\/[\w./-]+/g, (p) => path.join(ROOT, p)));
  // A user's own files in dist/: an overlay next to the clusters and notes inside a cluster's folder.
  expect(cli(dir, 'synth').status).toBe(0);
  fs.mkdirSync(path.join(dir, 'dist', 'overlays'));
  fs.writeFileSync(path.join(dir, 'dist', 'overlays', 'kustomization.yaml'), 'resources: [../alpha]\n');
  fs.writeFileSync(path.join(dir, 'dist', 'alpha', 'NOTES.md'), 'mine\n');
  const before = tree(path.join(dir, 'dist'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('dist/alpha/ (unchanged)');
  expect(r.stderr).toContain('(calico-stack writes into dist/; cdk8s\'s own output folder .build/cdk8s.out/ stays empty)');
  expect(tree(path.join(dir, 'dist'))).toEqual(before);
  // A change made in a cluster file reaches dist/ through npx cdk8s synth, as through npm run synth.
  fs.writeFileSync(path.join(dir, 'clusters', 'a.yaml'), stringify(clusterDoc({ name: 'alpha', calico: { wireguard: true } })));
  expect(spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf8' }).status).toBe(0);
  const felix = Object.keys(tree(path.join(dir, 'dist', 'alpha'))).filter((f) => fs.readFileSync(path.join(dir, 'dist', 'alpha', f), 'utf8').includes('kind: FelixConfiguration'));
  expect(felix).toHaveLength(1);
  expect(fs.readFileSync(path.join(dir, 'dist', 'alpha', 'NOTES.md'), 'utf8')).toBe('mine\n');
  expect(fs.existsSync(path.join(dir, 'dist', 'overlays', 'kustomization.yaml'))).toBe(true);
  expect(fs.readdirSync(path.join(dir, '.build', 'cdk8s.out'))).toEqual([]);
}, 60_000);

describe('npm run adopt and npm run drift', () => {
  test('a cluster exported with kubectl (the hand-written v3.28.2 fixture): adopt writes its file, synth renders it, drift finds no drift; --help of both (six processes, each parsing v3.28.2\'s CRD bundle: ~20 s)', () => {
    const dir = tempDir({ 'clusters/.keep': '' });
    const exported = path.join(FIXTURES, 'adopt', 'v3.28.2-export.yaml');
    const adopted = cli(dir, 'adopt', exported, '--cloud', 'aws', '--name', 'lab');
    expect([adopted.status, adopted.stderr]).toEqual([0, '']);
    expect(adopted.stdout).toContain(`wrote ${path.join('clusters', 'lab.yaml')}: renders the export's objects`);
    expect(cli(dir, 'synth').status).toBe(0);
    const drift = cli(dir, 'drift', exported);
    expect([drift.status, drift.stderr]).toEqual([0, '']);
    expect(drift.stdout).toMatch(/^lab: no drift from dist\/lab\/ \(Calico v3\.28\.2; \d+ expected operator writes, --expected lists them\)\n$/);
    // Adopting again never overwrites the file.
    const again = cli(dir, 'adopt', exported, '--cloud', 'aws', '--name', 'lab');
    expect([again.status, again.stderr.split('\n')[0]]).toEqual([2, `--out ${path.join('clusters', 'lab.yaml')} exists: adopt never overwrites a file — choose another --out, or move that file away first`]);
    for (const command of ['adopt', 'drift']) {
      const help = cli(dir, command, '--help');
      expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(new RegExp(`^usage: npm run ${command} -- <export.yaml>`))]);
    }
  });
});

describe('npm run from-helm', () => {
  test('a chart values file: from-helm writes clusters/<name>.yaml, synth renders it, a second run refuses to overwrite; --help; did-you-mean (four processes: ~10 s)', () => {
    const dir = tempDir({ 'clusters/.keep': '' });
    const values = path.join(FIXTURES, 'from-helm', 'pools.yaml');
    const converted = cli(dir, 'from-helm', values, '--name', 'lab', '--cloud', 'baremetal');
    expect([converted.status, converted.stderr]).toEqual([0, '']);
    expect(converted.stdout).toContain(`wrote ${path.join('clusters', 'lab.yaml')}\n`);
    expect(cli(dir, 'synth').status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist', 'lab'))).toContain('0000-tigera-operator.k8s.yaml');
    const again = cli(dir, 'from-helm', values, '--name', 'lab', '--cloud', 'baremetal');
    expect([again.status, again.stderr.split('\n')[0]]).toEqual([2, `--out ${path.join('clusters', 'lab.yaml')} exists: from-helm never overwrites a file — choose another --out, or move that file away first`]);
    const help = cli(dir, 'from-helm', '--help');
    expect([help.status, help.stdout.split('\n')[0]]).toEqual([0, expect.stringMatching(/^usage: npm run from-helm -- <values.yaml>/)]);
    expect(cli(dir, 'fromhelm').stderr.split('\n')[0]).toBe('unknown command "fromhelm" (did you mean from-helm?)');
  }, 60_000);
});
