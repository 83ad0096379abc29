/**
 * scripts/run.js decides from contents, not from sizes and mtimes, whether its bundle is fresh: the
 * code that runs is the code in the sources. Each test runs a copy of run.js in a scratch project
 * (node_modules linked to the repository's, read only) with a throwaway entry point, so nothing of
 * the repository is touched.
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, ROOT, tempDir } from '../util';

/** A fixed mtime (whole seconds, so restoring it is exact on every file system). */
const MTIME = 1_700_000_000;

const TSCONFIG = (target: string) => `${JSON.stringify({ compilerOptions: { strict: true, baseUrl: '.', paths: { '@value': [target] } } })}\n`;

/** A scratch project: a copy of run.js, the repository's node_modules (for esbuild), `files`, all dated MTIME. */
function project(files: Record<string, string>): string {
  const dir = tempDir({ 'scripts/run.js': fs.readFileSync(path.join(ROOT, 'scripts', 'run.js'), 'utf8'), 'package.json': '{ "name": "scratch-a", "private": true }\n', ...files });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const f of ['scripts/run.js', 'package.json', ...Object.keys(files)]) fs.utimesSync(path.join(dir, f), MTIME, MTIME);
  return dir;
}

function run(dir: string, entry = 'src/entry.ts', env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const { CALICO_STACK_CACHE_DIR: _ignored, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'run.js'), entry, 'an-arg'], { cwd: dir, encoding: 'utf8', env: { ...inherited, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Replaces `file`'s text with `text` of the same length, and puts its size and mtime back as they were. */
function sameSizeEdit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const before = fs.statSync(p);
  const text = fs.readFileSync(p, 'utf8');
  expect(text).toContain(from);
  expect(to).toHaveLength(from.length);
  fs.writeFileSync(p, text.replace(from, to));
  fs.utimesSync(p, before.atime, before.mtime);
  // The premise: nothing size or mtime based can see this edit.
  const after = fs.statSync(p);
  expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
}

const ENTRY = {
  'src/entry.ts': [
    "import { value } from './value';",
    "console.log(JSON.stringify({ value, args: process.argv.slice(2), codeId: process.env.CALICO_STACK_CODE_ID, cacheDir: process.env.CALICO_STACK_CACHE_DIR }));",
    '',
  ].join('\n'),
  'src/value.ts': "export const value: string = 'old';\n",
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true } })}\n`,
};

const output = (r: { status: number | null; stdout: string; stderr: string }) => {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { value: string; args: string[]; codeId: string; cacheDir: string };
};

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('runs the entry from a bundle in .build/, with its arguments, the bundle\'s hash as CALICO_STACK_CODE_ID and the render cache dir', () => {
  const dir = project(ENTRY);
  const out = output(run(dir));
  expect(out).toEqual({ value: 'old', args: ['an-arg'], codeId: sha256(path.join(dir, '.build', 'src', 'entry.js')), cacheDir: path.join(dir, '.build', 'render-cache') });
  // The V8 code cache is written after the first run of a new bundle.
  expect(fs.existsSync(path.join(dir, '.build', 'src', 'entry.js.cache'))).toBe(true);
});

test('a render cache folder given by the caller is kept', () => {
  const dir = project(ENTRY);
  expect(output(run(dir, 'src/entry.ts', { CALICO_STACK_CACHE_DIR: path.join(dir, 'elsewhere') })).cacheDir).toBe(path.join(dir, 'elsewhere'));
});

test('an unchanged tree runs the existing bundle without building it again', () => {
  const dir = project(ENTRY);
  output(run(dir));
  const bundle = path.join(dir, '.build', 'src', 'entry.js');
  fs.utimesSync(bundle, MTIME, MTIME);
  output(run(dir));
  expect(fs.statSync(bundle).mtimeMs).toBe(MTIME * 1000);
});

test('a same-size edit of a source whose mtime was restored (as a git checkout can leave it) runs the new code', () => {
  const dir = project(ENTRY);
  const first = output(run(dir));
  expect(first.value).toBe('old');
  sameSizeEdit(dir, 'src/value.ts', "'old'", "'new'");
  const second = output(run(dir));
  expect(second.value).toBe('new');
  expect(second.codeId).not.toBe(first.codeId);
  expect(second.codeId).toBe(sha256(path.join(dir, '.build', 'src', 'entry.js')));
});

test('inputs unchanged for 2 s are recorded with what stat says, and a same-size edit with the mtime restored still runs the new code (slow: waits 2 s)', () => {
  const dir = project(ENTRY);
  // Files whose ctime is within 2 s of the build are hashed on every run (racily clean).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  expect(output(run(dir)).value).toBe('old');
  const recorded = JSON.parse(fs.readFileSync(path.join(dir, '.build', 'src', 'entry.inputs.json'), 'utf8')) as Record<string, unknown>;
  expect(Object.keys(recorded['(unchanged since)'] as object).sort()).toEqual(['node_modules/.package-lock.json', 'package.json', 'scripts/run.js', 'src/entry.ts', 'src/value.ts', 'tsconfig.json']);
  // The edit keeps size and mtime but not ctime, which no user tool can set back.
  sameSizeEdit(dir, 'src/value.ts', "'old'", "'new'");
  expect(output(run(dir)).value).toBe('new');
  // Just rebuilt: src/value.ts changed within the last 2 s, so it is hashed, not stated.
  const again = JSON.parse(fs.readFileSync(path.join(dir, '.build', 'src', 'entry.inputs.json'), 'utf8')) as Record<string, unknown>;
  expect(Object.keys(again['(unchanged since)'] as object)).not.toContain('src/value.ts');
});

test('a change of tsconfig.json contents (same size, mtime restored) rebuilds the bundle', () => {
  // esbuild resolves '@value' through tsconfig.json's paths: the only change is in tsconfig.json.
  const dir = project({
    'src/entry.ts': "import { value } from '@value';\nconsole.log(JSON.stringify({ value }));\n",
    'src/a.ts': "export const value = 'from a';\n",
    'src/b.ts': "export const value = 'from b';\n",
    'tsconfig.json': TSCONFIG('src/a.ts'),
  });
  expect(output(run(dir)).value).toBe('from a');
  sameSizeEdit(dir, 'tsconfig.json', 'src/a.ts', 'src/b.ts');
  expect(output(run(dir)).value).toBe('from b');
});

test('a change of package.json or of run.js itself rebuilds the bundle', () => {
  const dir = project(ENTRY);
  const bundle = path.join(dir, '.build', 'src', 'entry.js');
  output(run(dir));
  for (const [file, from, to] of [['package.json', 'scratch-a', 'scratch-b'], ['scripts/run.js', "'use strict';", '"use strict";']]) {
    fs.utimesSync(bundle, MTIME, MTIME);
    sameSizeEdit(dir, file, from, to);
    output(run(dir));
    expect(fs.statSync(bundle).mtimeMs).not.toBe(MTIME * 1000);
  }
});

test('a source that no longer compiles fails the run with esbuild\'s message instead of running the old bundle', () => {
  const dir = project(ENTRY);
  expect(output(run(dir)).value).toBe('old');
  sameSizeEdit(dir, 'src/value.ts', "'old'", "'old ");
  const r = run(dir);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('Unterminated string literal');
  expect(r.stdout).toBe('');
});

test('--build brings the bundle up to date without running it (npm\'s prepare runs it)', () => {
  const dir = project(ENTRY);
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'run.js'), '--build', 'src/entry.ts'], { cwd: dir, encoding: 'utf8' });
  expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
  const bundle = path.join(dir, '.build', 'src', 'entry.js');
  expect(fs.existsSync(bundle)).toBe(true);
  fs.utimesSync(bundle, MTIME, MTIME);
  expect(output(run(dir)).value).toBe('old');
  expect(fs.statSync(bundle).mtimeMs).toBe(MTIME * 1000);
});

test('a package cdk8s bundles a copy of (yaml) is bundled once when both copies are the same version, twice otherwise', () => {
  /** A scratch project whose node_modules holds yaml and cdk8s's own copy of it (at `cdk8sYaml`), and esbuild. */
  const withYamls = (cdk8sYaml: string) => {
    const pkg = (name: string, version: string, main: string) => ({
      [`node_modules/${name}/package.json`]: `${JSON.stringify({ name: name.split('/node_modules/').pop(), version, main: 'index.js' })}\n`,
      [`node_modules/${name}/index.js`]: main,
    });
    const dir = tempDir({
      'scripts/run.js': fs.readFileSync(path.join(ROOT, 'scripts', 'run.js'), 'utf8'),
      'package.json': '{ "name": "scratch-yaml", "private": true }\n',
      'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true } })}\n`,
      'src/entry.ts': "import { copy } from 'yaml';\nimport { yamlOfCdk8s } from 'cdk8s';\nconsole.log(JSON.stringify({ copy, yamlOfCdk8s }));\n",
      ...pkg('yaml', '2.9.1', "exports.copy = 'the project\\'s';\n"),
      ...pkg('cdk8s', '2.70.0', "exports.yamlOfCdk8s = require('yaml').copy;\n"),
      ...pkg('cdk8s/node_modules/yaml', cdk8sYaml, "exports.copy = 'cdk8s\\'s own';\n"),
    });
    fs.symlinkSync(path.join(ROOT, 'node_modules', 'esbuild'), path.join(dir, 'node_modules', 'esbuild'), 'dir');
    fs.mkdirSync(path.join(dir, 'node_modules', '@esbuild'));
    for (const p of fs.readdirSync(path.join(ROOT, 'node_modules', '@esbuild'))) fs.symlinkSync(path.join(ROOT, 'node_modules', '@esbuild', p), path.join(dir, 'node_modules', '@esbuild', p), 'dir');
    const r = run(dir);
    expect([r.status, r.stderr]).toEqual([0, '']);
    return JSON.parse(r.stdout) as unknown;
  };
  expect(withYamls('2.9.1')).toEqual({ copy: 'the project\'s', yamlOfCdk8s: 'the project\'s' });
  expect(withYamls('2.8.0')).toEqual({ copy: 'the project\'s', yamlOfCdk8s: 'cdk8s\'s own' });
});

test('the bundle has no source map unless CALICO_STACK_SOURCEMAP=1 asks for one (a change of that rebuilds), and is ASCII', () => {
  const dir = project({ ...ENTRY, 'src/value.ts': "// a comment with a non-ASCII character: —\nexport const value: string = 'old';\n" });
  const bundle = path.join(dir, '.build', 'src', 'entry.js');
  output(run(dir));
  expect(fs.existsSync(`${bundle}.map`)).toBe(false);
  expect(fs.readFileSync(bundle).every((b) => b < 0x80)).toBe(true);
  output(run(dir, 'src/entry.ts', { CALICO_STACK_SOURCEMAP: '1' }));
  expect(fs.existsSync(`${bundle}.map`)).toBe(true);
  expect(fs.readFileSync(bundle, 'utf8')).toContain('sourceMappingURL=entry.js.map');
  output(run(dir));
  expect(fs.existsSync(`${bundle}.map`)).toBe(false);
});

describe('warm-up.js (npm\'s prepare, after --build): the code cache and the startup snapshot', () => {
  /**
   * A stand-in for src/app/main.ts. As the CLI: run with --clusters (the code-cache warm-up's render),
   * records its arguments and the cluster files it was given into $WARM_LOG, writes into the --dist
   * it was given (which must be temporary), fails with $WARM_FAIL; otherwise prints what it knows.
   * As a snapshot: warmUp keeps the text of the files it is given (so a run shows that it started
   * from the snapshot), and throws with $WARM_SNAPSHOT_FAIL.
   */
  const MAIN = {
    'src/app/main.ts': [
      "import * as fs from 'fs';",
      "import * as path from 'path';",
      "import * as v8 from 'v8';",
      "import { value } from './value';",
      'let warmed: string[] = [];',
      'function run(): void {',
      '  const args = process.argv.slice(2);',
      "  if (!args.includes('--clusters')) {",
      "    console.log(JSON.stringify({ value, args, warmed, snapshot: process.execArgv.includes('--snapshot-blob') }));",
      '    return;',
      '  }',
      "  const at = (flag: string) => args[args.indexOf(flag) + 1];",
      "  const given = fs.readdirSync(at('--clusters'), { recursive: true }).map(String).sort();",
      "  fs.mkdirSync(path.join(at('--dist'), 'x'), { recursive: true });",
      "  fs.writeFileSync(path.join(at('--dist'), 'x', 'a.yaml'), 'a');",
      "  fs.appendFileSync(process.env.WARM_LOG!, JSON.stringify({ args: args.filter((a) => !a.startsWith('/')), given, text: fs.readFileSync(path.join(at('--clusters'), 'kans-homelab.yaml'), 'utf8') }) + '\\n');",
      "  if (process.env.WARM_FAIL) { process.stderr.write('broken cluster file\\n'); process.exit(1); }",
      '}',
      'export const startupSnapshot = {',
      '  warmUp(files: string[]): void {',
      "    if (process.env.WARM_SNAPSHOT_FAIL) throw new Error('an example did not load');",
      "    warmed = files.map((f) => fs.readFileSync(f, 'utf8').trim());",
      '  },',
      '  run,',
      '};',
      'if (!v8.startupSnapshot.isBuildingSnapshot()) run();',
      '',
    ].join('\n'),
    'src/value.ts': "export const value: string = 'old';\n",
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true } })}\n`,
    'scripts/warm-up.js': fs.readFileSync(path.join(ROOT, 'scripts', 'warm-up.js'), 'utf8'),
    'scripts/run.sh': fs.readFileSync(path.join(ROOT, 'scripts', 'run.sh'), 'utf8'),
    'clusters/kans-homelab.yaml': 'name: kans-homelab\n',
    'clusters/kans-homelab/kubeadm-config.yaml': 'kind: ClusterConfiguration\n',
    'clusters/baremetal-bgp.yaml': 'name: baremetal-bgp\n',
    'clusters/users-own.yaml': 'name: mine\n',
    'dist/kans-homelab/calico-stack.sum': 'as committed\n',
  };
  const EXAMPLES = ['name: kans-homelab', 'name: baremetal-bgp'];

  function warm(dir: string, env: Record<string, string> = {}) {
    const build = spawnSync(process.execPath, [path.join(dir, 'scripts', 'run.js'), '--build', 'src/app/main.ts'], { cwd: dir, encoding: 'utf8' });
    expect(build.status).toBe(0);
    const log = path.join(dir, 'warm.log');
    const tmp = tempDir();
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'warm-up.js')], { cwd: dir, encoding: 'utf8', env: { ...process.env, WARM_LOG: log, TMPDIR: tmp, ...env } });
    const runs = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { args: string[]; given: string[]; text: string }) : [];
    const built = path.join(dir, '.build', 'src');
    return {
      status: r.status, stderr: r.stderr, runs, leftInTmp: fs.readdirSync(tmp), cache: fs.existsSync(path.join(built, 'main.js.cache')),
      snapshot: fs.existsSync(path.join(built, 'main.blob')) && fs.existsSync(path.join(built, 'main.blob.node')),
      leftInBuild: fs.readdirSync(built).filter((f) => f.endsWith('.tmp')),
    };
  }

  /**
   * npm run synth as package.json runs it: `sh scripts/run.sh src/app/main.ts synth` in the project
   * folder, whose render cache folder (.build/render-cache) does not exist: the first synth.
   */
  function npmRun(dir: string, env: Record<string, string> = {}, args = ['synth']) {
    const { NODE_OPTIONS: _unset, CALICO_STACK_CACHE_DIR: _default, ...inherited } = process.env;
    const r = spawnSync('sh', ['scripts/run.sh', 'src/app/main.ts', ...args], { cwd: dir, encoding: 'utf8', env: { ...inherited, ...env } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as { value: string; args: string[]; warmed: string[]; snapshot: boolean };
  }

  test('renders a copy of the shipped examples (not the user\'s clusters) into a temporary folder, once, in one process, and writes the code cache', () => {
    const dir = project(MAIN);
    const first = warm(dir);
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.runs).toEqual([{ args: ['synth', '--no-cache', '--clusters', '--dist'], given: ['baremetal-bgp.yaml', 'kans-homelab', 'kans-homelab.yaml', 'kans-homelab/kubeadm-config.yaml'], text: 'name: kans-homelab\n' }]);
    expect(first.cache).toBe(true);
    expect(first.leftInTmp).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'dist'), { recursive: true }).map(String).sort()).toEqual(['kans-homelab', 'kans-homelab/calico-stack.sum']);
    expect(fs.readFileSync(path.join(dir, 'dist', 'kans-homelab', 'calico-stack.sum'), 'utf8')).toBe('as committed\n');
    // The code cache exists now: no more render for it.
    expect(warm(dir).runs).toHaveLength(1);
  });

  test('builds a startup snapshot warmed up with the shipped examples, stamped with the node binary that built it, which npm run synth starts', () => {
    const dir = project(MAIN);
    const w = warm(dir);
    expect([w.status, w.stderr, w.snapshot, w.leftInBuild]).toEqual([0, '', true, []]);
    const stamp = fs.readFileSync(path.join(dir, '.build', 'src', 'main.blob.node'), 'utf8');
    const s = fs.statSync(process.execPath);
    expect(stamp).toBe(`${s.dev} ${s.ino} ${s.size} ${Math.floor(s.ctimeMs / 1000)}\n`);
    expect(npmRun(dir)).toEqual({ value: 'old', args: ['synth'], warmed: EXAMPLES, snapshot: true });
  });

  test('a synth starts from the snapshot only while there is no render cache or with --no-cache; check and plan always do', () => {
    const dir = project(MAIN);
    warm(dir);
    const cache = path.join(dir, '.build', 'render-cache');
    fs.mkdirSync(cache);
    // Its clusters are likely unchanged: starting from the bundle is quicker.
    expect(npmRun(dir)).toMatchObject({ args: ['synth'], snapshot: false });
    expect(npmRun(dir, {}, ['synth', '--no-cache'])).toMatchObject({ args: ['synth', '--no-cache'], snapshot: true });
    expect(npmRun(dir, {}, ['check'])).toMatchObject({ snapshot: true });
    expect(npmRun(dir, {}, ['plan', '--config', 'x'])).toMatchObject({ snapshot: true });
    // CALICO_STACK_CACHE_DIR names the render cache folder.
    expect(npmRun(dir, { CALICO_STACK_CACHE_DIR: path.join(dir, 'elsewhere') })).toMatchObject({ snapshot: true });
    expect(npmRun(dir, { CALICO_STACK_CACHE_DIR: cache })).toMatchObject({ snapshot: false });
    fs.rmSync(cache, { recursive: true });
    expect(npmRun(dir)).toMatchObject({ snapshot: true });
  });

  test('a process started from the snapshot runs the new code once a source changed (same size, mtime restored), and the rebuild removes the snapshot', () => {
    const dir = project(MAIN);
    warm(dir);
    sameSizeEdit(dir, 'src/value.ts', "'old'", "'new'");
    expect(npmRun(dir)).toEqual({ value: 'new', args: ['synth'], warmed: [], snapshot: true });
    expect(fs.existsSync(path.join(dir, '.build', 'src', 'main.blob'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.build', 'src', 'main.blob.node'))).toBe(false);
    expect(npmRun(dir)).toEqual({ value: 'new', args: ['synth'], warmed: [], snapshot: false });
  });

  test('starts without the snapshot when NODE_OPTIONS holds more than preloads, when another node binary built it, and when CALICO_STACK_SOURCEMAP=1 asks for another bundle', () => {
    const dir = project(MAIN);
    warm(dir);
    fs.writeFileSync(path.join(dir, 'preload.js'), "process.on('exit', () => process.stdout.write('preloaded\\n'));\n");
    fs.writeFileSync(path.join(dir, 'quiet.js'), '');
    fs.mkdirSync(path.join(dir, 'a folder'));
    fs.writeFileSync(path.join(dir, 'a folder', 'quiet.js'), '');
    // V8 refuses a snapshot under other V8 flags (node exits 14): run.sh must not try. Nor with a
    // quoted path, which it cannot split safely.
    for (const options of ['--max-old-space-size=512', `--require ${path.join(dir, 'quiet.js')} --max-semi-space-size=4`, `--require "${path.join(dir, 'a folder', 'quiet.js')}"`]) {
      expect(npmRun(dir, { NODE_OPTIONS: options })).toMatchObject({ value: 'old', warmed: [], snapshot: false });
    }
    // Preloads (a debugger's, a profiler's) are no V8 flags: the snapshot starts, and so do they.
    for (const options of [`--require ${path.join(dir, 'preload.js')}`, `-r ${path.join(dir, 'preload.js')} --import=${path.join(dir, 'preload.js')}`]) {
      const { NODE_OPTIONS: _unset, CALICO_STACK_CACHE_DIR: _default, ...inherited } = process.env;
      const r = spawnSync('sh', ['scripts/run.sh', 'src/app/main.ts', 'synth'], { cwd: dir, encoding: 'utf8', env: { ...inherited, NODE_OPTIONS: options } });
      expect([r.status, r.stderr]).toEqual([0, '']);
      const [printed, preloaded] = r.stdout.trim().split('\n');
      expect(JSON.parse(printed)).toMatchObject({ value: 'old', warmed: EXAMPLES, snapshot: true });
      expect(preloaded).toBe('preloaded');
    }
    const stampFile = path.join(dir, '.build', 'src', 'main.blob.node');
    const stamp = fs.readFileSync(stampFile, 'utf8');
    fs.writeFileSync(stampFile, stamp.replace(/^\d+/, (dev) => String(Number(dev) + 1)));
    expect(npmRun(dir)).toMatchObject({ value: 'old', warmed: [], snapshot: false });
    fs.writeFileSync(stampFile, stamp);
    expect(npmRun(dir)).toMatchObject({ value: 'old', warmed: EXAMPLES, snapshot: true });
    // The snapshot holds the bundle without a source map: a run that wants one builds and runs that.
    expect(npmRun(dir, { CALICO_STACK_SOURCEMAP: '1' })).toMatchObject({ value: 'old', warmed: [], snapshot: true });
    expect(fs.existsSync(path.join(dir, '.build', 'src', 'main.js.map'))).toBe(true);
  });

  test('a snapshot of another project folder is not used for this one\'s bundle', () => {
    const dir = project(MAIN);
    warm(dir);
    // The same project, moved: its bundle is the same, but the snapshot knows the old folder's paths.
    const moved = `${dir}-moved`;
    fs.cpSync(dir, moved, { recursive: true, verbatimSymlinks: true });
    try {
      fs.rmSync(dir, { recursive: true, force: true });
      expect(npmRun(moved)).toMatchObject({ value: 'old', warmed: [], snapshot: true });
    } finally {
      fs.rmSync(moved, { recursive: true, force: true });
    }
  });

  test('a warm-up killed at any moment leaves a project whose synth runs; the next warm-up removes what it left (slow: 6 kills)', async () => {
    const dir = project(MAIN);
    warm(dir);
    const built = path.join(dir, '.build', 'src');
    for (const delayMs of [0, 60, 120, 200, 300, 450]) {
      const { NODE_OPTIONS: _unset, ...env } = process.env;
      const child = spawn(process.execPath, [path.join(dir, 'scripts', 'warm-up.js')], { cwd: dir, env: { ...env, WARM_LOG: path.join(dir, 'warm.log') }, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await exited;
      // With or without a snapshot, with or without leftovers: the run starts and runs the code.
      expect(npmRun(dir)).toMatchObject({ value: 'old', args: ['synth'] });
    }
    // What a warm-up killed between its writes and its renames leaves, under its pid (a process
    // that has exited), is removed; a leftover of a live process is not touched (pid 1 never exits).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const dead = spawnSync('true').pid;
    for (const f of [`main.blob.${dead}.tmp`, `main.blob.node.${dead}.tmp`, 'main.blob.1.tmp']) fs.writeFileSync(path.join(built, f), 'left');
    const w = warm(dir);
    expect([w.status, w.stderr, w.snapshot]).toEqual([0, '', true]);
    expect(fs.readdirSync(built).filter((f) => f.endsWith('.tmp'))).toEqual(['main.blob.1.tmp']);
    expect(npmRun(dir)).toEqual({ value: 'old', args: ['synth'], warmed: EXAMPLES, snapshot: true });
  }, 60_000);

  test('a warm-up failing (EPERM, ENOSPC, EIO) or killed at each of its renames leaves no snapshot a run would start, never a half one, and the user\'s files as they were (slow: 8 faults)', () => {
    /** Every file below the project's clusters/ and dist/ (the user's), by path: sha256. */
    const userFiles = (dir: string) => Object.fromEntries(['clusters', 'dist'].flatMap((top) => fs.readdirSync(path.join(dir, top), { recursive: true, encoding: 'utf8' })
      .map((f) => path.join(top, f)).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, sha256(path.join(dir, f))])));
    // The warm-up's renames: the built snapshot into place (1), then its stamp (2).
    for (const at of [1, 2]) {
      for (const mode of ['EPERM', 'ENOSPC', 'EIO', 'SIGKILL']) {
        const dir = project(MAIN);
        warm(dir);
        const before = userFiles(dir);
        const { NODE_OPTIONS: _unset, ...env } = process.env;
        const r = spawnSync(process.execPath, ['--require', path.join(FIXTURES, 'fs-fault-preload.js'), path.join(dir, 'scripts', 'warm-up.js')], {
          cwd: dir, encoding: 'utf8', env: { ...env, WARM_LOG: path.join(dir, 'warm.log'), FAULT_MODE: mode, FAULT_AT: String(at), FAULT_PATH: 'main.blob' },
        });
        if (mode === 'SIGKILL') expect(r.signal).toBe('SIGKILL');
        else expect([r.status, r.stderr]).toEqual([0, `the startup snapshot was not built (npm run synth will start slower): ${mode}: injected fault, rename '${at === 1 ? `${path.join(dir, '.build', 'src', 'main.blob')}.${r.pid}.tmp` : `${path.join(dir, '.build', 'src', 'main.blob.node')}.${r.pid}.tmp`}' -> '${path.join(dir, '.build', 'src', at === 1 ? 'main.blob' : 'main.blob.node')}'\n`]);
        // No stamp, so no run starts from whatever blob is there; the run works, as without a snapshot.
        const built = path.join(dir, '.build', 'src');
        expect(fs.existsSync(path.join(built, 'main.blob.node'))).toBe(false);
        expect(npmRun(dir)).toEqual({ value: 'old', args: ['synth'], warmed: [], snapshot: false });
        expect(userFiles(dir)).toEqual(before);
        // The next warm-up builds it whole and leaves nothing of the failed one.
        const again = warm(dir);
        expect([again.status, again.stderr, again.snapshot, again.leftInBuild]).toEqual([0, '', true, []]);
        expect(npmRun(dir)).toEqual({ value: 'old', args: ['synth'], warmed: EXAMPLES, snapshot: true });
      }
    }
  }, 120_000);

  test('does nothing without the examples; a failed render or snapshot only says so (the install goes on); CALICO_STACK_SNAPSHOT=0 builds none', () => {
    const { 'clusters/kans-homelab.yaml': _a, 'clusters/baremetal-bgp.yaml': _b, ...withoutExamples } = MAIN;
    const bare = project(withoutExamples);
    expect(warm(bare)).toMatchObject({ status: 0, stderr: '', runs: [], leftInTmp: [], snapshot: false });
    const failing = warm(project(MAIN), { WARM_FAIL: '1' });
    expect(failing.status).toBe(0);
    expect(failing.stderr).toBe('warm-up render of the shipped examples failed (the first synth will be slower):\nbroken cluster file\n');
    expect(failing.leftInTmp).toEqual([]);
    const noSnapshot = project(MAIN);
    const failed = warm(noSnapshot, { WARM_SNAPSHOT_FAIL: '1' });
    expect(failed).toMatchObject({ status: 0, cache: true, snapshot: false, leftInBuild: [] });
    expect(failed.stderr).toMatch(/^the startup snapshot was not built \(npm run synth will start slower\): .*Error: an example did not load/s);
    expect(npmRun(noSnapshot)).toEqual({ value: 'old', args: ['synth'], warmed: [], snapshot: false });
    expect(warm(project(MAIN), { CALICO_STACK_SNAPSHOT: '0' })).toMatchObject({ status: 0, stderr: '', cache: true, snapshot: false });
  });
});
