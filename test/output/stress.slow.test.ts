/**
 * The real CLI under SIGKILLs and under concurrent runs on one output folder: after every round,
 * every output folder is wholly one version or the other (after the next run's recovery), and a
 * run that fails says so with the lock message. The kills are spread evenly over a whole run and
 * over its write (not drawn at random), so every part of a run is hit in every test run; the
 * deterministic fault-injection test (fault-injection.slow.test.ts) kills at every single step.
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { LOCK_FILE } from '../../src/app/output/lock';
import { OutputDirectory } from '../../src/app/output/output-directory';
import { TXN_DIR } from '../../src/app/output/transaction';
import { CLI, clusterDoc, FIXTURES, tempDir } from '../util';

const CLUSTERS = 12;
/** Clusters whose files are the same in both versions: every run after the first skips them (unchanged, from the render cache). */
const STEADY = 2;
/** Version B changes every file of every cluster, and adds and removes GitOps sub-folders. */
const VERSIONS = {
  a: (name: string) => clusterDoc({ name, gitops: { flux: { enabled: true } } }),
  b: (name: string) => clusterDoc({
    name,
    calico: { mtu: 1400, version: 'v3.31.7' },
    retina: { metricsInterval: '20s' },
    monitoring: { prometheus: { retention: '7d' } },
    gitops: { argocd: { enabled: true, repoURL: 'https://example.com/g.git' } },
  }),
};
type Version = keyof typeof VERSIONS;

/** A project with one clusters folder per version; both render into `dist/`. */
function project(): string {
  const dir = tempDir();
  for (const v of Object.keys(VERSIONS) as Version[]) {
    fs.mkdirSync(path.join(dir, `clusters-${v}`));
    for (let i = 0; i < CLUSTERS; i++) fs.writeFileSync(path.join(dir, `clusters-${v}`, `c${i}.yaml`), stringify(VERSIONS[v](`c${i}`)));
    for (let i = 0; i < STEADY; i++) fs.writeFileSync(path.join(dir, `clusters-${v}`, `s${i}.yaml`), stringify(clusterDoc({ name: `s${i}` })));
  }
  return dir;
}

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs a synth of version `v`. `kill`: SIGKILL it `afterMs` after it starts, or, with `inWrite`,
 * `afterMs` after its transaction folder appears in `dist/` (so the kill lands while it writes).
 */
function synth(cwd: string, v: Version, extra: string[] = [], kill?: { afterMs: number; inWrite?: boolean }): Promise<Run & { writeMs?: number }> {
  return new Promise((resolve) => {
    // In write rounds, each rename into or out of dist/ takes 1 ms longer (test/fixtures/fs-fault-preload.js).
    const slow = kill?.inWrite ? ['--require', path.join(FIXTURES, 'fs-fault-preload.js')] : [];
    const child = spawn(process.execPath, [...slow, CLI, 'synth', '--clusters', `clusters-${v}`, ...extra], {
      cwd, env: { ...process.env, FAULT_MODE: 'SLOW', FAULT_AT: '1', FAULT_PATH: path.join(cwd, 'dist') },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.resume();
    let timer: NodeJS.Timeout | undefined;
    let writeStart: number | undefined;
    if (kill && !kill.inWrite) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    // When the transaction folder appears: the write starts (a kill inWrite is timed from then).
    const watcher = fs.existsSync(path.join(cwd, 'dist')) ? fs.watch(path.join(cwd, 'dist'), (_event, name) => {
      if (name !== TXN_DIR || writeStart !== undefined) return;
      writeStart = Date.now();
      if (kill?.inWrite) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    }) : undefined;
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ code, signal, stderr, writeMs: writeStart === undefined ? undefined : Date.now() - writeStart });
    });
  });
}

/** sha256 of every file below `dist` except calico-stack's lock and transaction folder. */
function digest(dist: string): string {
  const hash = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).sort()) {
    if (f.startsWith(TXN_DIR) || f === LOCK_FILE || !fs.lstatSync(path.join(dist, f)).isFile()) continue;
    hash.update(f).update('\0').update(fs.readFileSync(path.join(dist, f))).update('\0');
  }
  return hash.digest('hex');
}

/** `count` moments spread evenly over `spanMs` (the middle of each of `count` equal slices). */
function spread(count: number, spanMs: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) / count) * spanMs));
}

describe('the CLI under stress', () => {
  const dir = project();
  const dist = path.join(dir, 'dist');
  const states: Record<string, Version> = {};
  let runMs = 0;
  let writeMs = 0;

  beforeAll(async () => {
    for (const v of ['a', 'b', 'a', 'b'] as Version[]) {
      expect((await synth(dir, v)).code).toBe(0);
      states[digest(dist)] = v;
    }
    // Warm runs (the render cache holds both versions): how long a run that writes takes, and its write with renames slowed down.
    for (const v of ['a', 'b'] as Version[]) {
      const start = Date.now();
      expect((await synth(dir, v)).code).toBe(0);
      runMs = Math.max(runMs, Date.now() - start);
      const slowed = await synth(dir, v === 'a' ? 'b' : 'a', [], { afterMs: 60_000, inWrite: true });
      expect(slowed.code).toBe(0);
      writeMs = Math.max(writeMs, slowed.writeMs ?? 0);
    }
    expect(writeMs).toBeGreaterThan(0);
  }, 60_000);

  test('SIGKILL at 40 moments of a 12-cluster synth alternating two versions, spread over whole runs and over their writes: every state is wholly one version (slow: 40 real CLI runs)', async () => {
    const rounds = 40;
    // Half the rounds killed at a moment of the whole run, half while it writes (renames slowed down by 1 ms),
    // each half spread evenly over its span; the version alternates every round.
    const anywhere = spread(rounds / 2, runMs);
    const inWrite = spread(rounds / 2, writeMs);
    const outcomes: Record<string, number> = { 'finished before the kill': 0, 'killed before writing': 0, 'killed while staging': 0, 'rolled back': 0, completed: 0 };
    for (let round = 0; round < rounds; round++) {
      const v: Version = round % 2 === 0 ? 'a' : 'b';
      const kill = round % 4 < 2 ? { afterMs: anywhere.shift()! } : { afterMs: inWrite.shift()!, inWrite: true };
      const r = await synth(dir, v, [], kill);
      const out = await OutputDirectory.open(dist, { lockTimeoutMs: 0 });
      out.close();
      const state = states[digest(dist)];
      expect({ round, kill, state: state !== undefined }).toEqual({ round, kill, state: true });
      expect(fs.readdirSync(dist).filter((f) => f.startsWith('.calico-stack'))).toEqual([]);
      if (r.signal !== 'SIGKILL') outcomes['finished before the kill']++;
      else if (out.recovered?.outcome === 'discarded') outcomes['killed while staging']++;
      else if (out.recovered !== undefined) outcomes[out.recovered.outcome]++;
      else outcomes['killed before writing']++;
    }
    // eslint-disable-next-line no-console
    console.log(`SIGKILL loop (${rounds} rounds, ${CLUSTERS} + ${STEADY} unchanged clusters, a run takes ~${runMs} ms, a slowed write ~${writeMs} ms): ${JSON.stringify(outcomes)}`);
    // Kills inside the write (staging, swapping, tidying) must have happened — how many depends on how
    // busy the machine is, as the kill times are measured before; those in the few milliseconds
    // between the commit and the end are rare (the deterministic fault-injection test covers every step).
    expect(outcomes['killed while staging'] + outcomes['rolled back'] + outcomes.completed).toBeGreaterThanOrEqual(rounds / 10);
    expect(outcomes['killed before writing']).toBeGreaterThan(0);
  }, 120_000);

  test('SIGTERM to npm (npm run synth) at 16 moments spread over whole runs: node never outlives it by more than its rollback, says what it did, and every state is wholly one version (slow: 16 real npm runs)', async () => {
    // npm starts `sh -c "node …"`; on SIGTERM npm passes it to that shell only and exits. The run
    // must notice its parent is gone, roll back or finish, say which, and end.
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
      name: 'stress', version: '1.0.0', private: true,
      scripts: Object.fromEntries((Object.keys(VERSIONS) as Version[]).map((v) => [`synth-${v}`, `node ${CLI} synth --clusters clusters-${v}`])),
    }));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // npm's own start before node runs: the kills are spread over node's run after it.
    const npmStart = Date.now();
    expect(spawnSync(npm, ['run', '-s', 'synth-a', '--', '--help'], { cwd: dir }).status).toBe(0);
    const npmMs = Date.now() - npmStart;
    const rounds = 16;
    const moments = spread(rounds, runMs).map((ms) => npmMs + ms);
    const outcomes: Record<string, number> = { 'rolled back': 0, 'written, then stopped': 0, 'finished first': 0, 'stopped before node started': 0 };
    let longestAfterNpm = 0;
    for (let round = 0; round < rounds; round++) {
      const v: Version = round % 2 === 0 ? 'a' : 'b';
      const r = await new Promise<{ stderr: string; afterNpmMs: number }>((resolve, reject) => {
        const child = spawn(npm, ['run', '-s', `synth-${v}`], { cwd: dir, env: { ...process.env, NODE_OPTIONS: `--require ${path.join(FIXTURES, 'fs-fault-preload.js')}`, FAULT_MODE: 'SLOW', FAULT_AT: '1', FAULT_PATH: dist } });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        child.stdout.resume();
        let npmExit = 0;
        child.on('exit', () => {
          npmExit = Date.now();
        });
        const timer = setTimeout(() => child.kill('SIGTERM'), moments[round]);
        // 'close' comes once every holder of the output pipes is gone: npm, and node, which inherited them.
        const orphan = setTimeout(() => reject(new Error(`round ${round}: node still runs 30 s after npm was stopped: ${stderr}`)), 30_000);
        child.on('close', () => {
          clearTimeout(timer);
          clearTimeout(orphan);
          resolve({ stderr, afterNpmMs: Date.now() - npmExit });
        });
      });
      longestAfterNpm = Math.max(longestAfterNpm, r.afterNpmMs);
      const out = await OutputDirectory.open(dist, { lockTimeoutMs: 0 });
      out.close();
      expect({ round, recovered: out.recovered }).toEqual({ round, recovered: undefined });
      expect({ round, state: states[digest(dist)] !== undefined }).toEqual({ round, state: true });
      expect(fs.readdirSync(dist).filter((f) => f.startsWith('.calico-stack'))).toEqual([]);
      const said = [
        r.stderr.includes('calico-stack: interrupted by the end of the process that started it; nothing was changed (every folder is as it was)\n') && 'rolled back',
        /calico-stack: the end of the process that started it came after every folder was written: the write stands \(exit 0\)\n/.test(r.stderr) && 'written, then stopped',
      ].filter((x): x is string => typeof x === 'string');
      expect({ round, said: said.length <= 1 }).toEqual({ round, said: true });
      if (said.length === 1) outcomes[said[0]]++;
      else if (r.stderr === '') outcomes['stopped before node started']++;
      else outcomes['finished first']++;
    }
    // eslint-disable-next-line no-console
    console.log(`SIGTERM to npm (${rounds} rounds over ~${runMs} ms after npm's start of ~${npmMs} ms): ${JSON.stringify(outcomes)}; node ended at most ${longestAfterNpm} ms after npm`);
    expect(outcomes['rolled back']).toBeGreaterThan(0);
  }, 240_000);

  test('two synths at once on one folder: each succeeds or fails with the lock message; the result is wholly one version (slow: 20 rounds of two real CLI runs)', async () => {
    const rounds = 20;
    const outcomes = { 'both wrote': 0, 'one gave up on the lock': 0 };
    for (let round = 0; round < rounds; round++) {
      // Half the rounds wait long enough for the other run, half give up at once.
      const wait = round % 2 === 0 ? ['--lock-timeout', '30'] : ['--lock-timeout', '0'];
      const runs = await Promise.all([synth(dir, 'a', wait), synth(dir, 'b', wait)]);
      for (const r of runs) {
        if (r.code !== 0) {
          expect({ round, code: r.code, stderr: r.stderr }).toEqual({ round, code: 1, stderr: expect.stringMatching(/^calico-stack: another calico-stack run \(pid \d+\) holds .* — waited \d+\.\d s; run again when it has finished \(nothing was changed\)\n$/) });
        }
      }
      expect(runs.some((r) => r.code === 0)).toBe(true);
      expect({ round, state: states[digest(dist)] !== undefined }).toEqual({ round, state: true });
      expect(fs.readdirSync(dist).filter((f) => f.startsWith('.calico-stack'))).toEqual([]);
      if (runs.every((r) => r.code === 0)) outcomes['both wrote']++;
      else outcomes['one gave up on the lock']++;
    }
    // eslint-disable-next-line no-console
    console.log(`concurrency loop (${rounds} rounds): ${JSON.stringify(outcomes)}`);
    expect(outcomes['both wrote']).toBeGreaterThan(0);
  }, 120_000);
});
