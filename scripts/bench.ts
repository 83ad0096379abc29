/**
 * npm run bench [-- [--runs <n>] [--only <group>[,<group>...]] [--assert] [--test]] (--help: the usage)
 *
 * Measures the performance targets on this machine, in one run, against a baseline taken in the
 * same run: `node -e "require('cdk8s-plus-28')"` (starting Node.js and loading cdk8s). Every
 * command is run once to warm up (a warm synth twice: see Command.warmups), then `--runs` times (default 7, at least 7 for the targets),
 * the commands alternating (baseline, A, B, ..., baseline, A, B, ...) so a machine whose speed
 * drifts slows them all alike; each figure is the median of its runs. Measured:
 *
 *  - `npm run synth` of 1 generated cluster whose files did not change (warm): ≤ 2.0 × baseline;
 *  - the same of 300 and of 1,000 clusters: each extra cluster ≤ 5 % of the baseline, the largest
 *    process's peak RSS ≤ 300 MB, 300 clusters ≤ 15 × baseline;
 *  - 1 cluster rendered from scratch (`--no-cache`, into an empty dist/): ≤ 4 × baseline;
 *  - 1,000 clusters rendered from scratch (`--no-cache`, into an empty dist/): ≤ 250 × baseline;
 *  - for information, no target: the first synth after `npm ci` (a scratch copy of the project,
 *    lib/ as npm's prepare leaves it, no render cache, an empty Node.js compile cache), and the
 *    first synth after an edit of one source file (bin/calico-stack.js recompiles it first);
 *  - for information: `npx cdk8s synth` of the shipped examples (the cdk8s CLI's own start-up is
 *    most of it) against `npm run synth`;
 *  - with `--test`: `npm test`, once, ≤ 25 s.
 *
 * `--only <group>[,<group>...]` measures a part (with the baseline): `warm` (1 cluster), `fleet` (300
 * and 1,000), `cold` (1 and 1,000 from scratch), `after-ci` (the first synth after npm ci and after
 * an edit), `cdk8s` (npx cdk8s synth against npm run synth).
 *
 * Prints every figure, the core count, and PASS/FAIL per target. Exits 1 on a missed target only
 * with `--assert` (a noisy machine must not fail a build by default). Writes only below a temporary
 * folder (clusters, output folders and a scratch project), removed at the end.
 */
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { parseCommandLine, UsageError } from '../src/app/cli/args';
import { closest } from '../src/lib/common/closest';
import { runScript } from './run-script';

const GROUPS = ['warm', 'fleet', 'cold', 'after-ci', 'cdk8s'] as const;
type Group = typeof GROUPS[number];

export const USAGE = `usage: npm run bench [-- [--runs <n>] [--only <group>[,<group>...]] [--assert] [--test]]
  measures the performance targets on this machine against a baseline (node -e "require('cdk8s-plus-28')")
  --runs <n>       runs of each command after the warm-up (default 7, at least 7 for the targets)
  --only <groups>  measure these groups only (and the baseline): ${GROUPS.join(', ')}
  --assert         exit 1 when a target is missed (default: report it only)
  --test           also time npm test (target: 25 s)
  -h, --help       this text`;

export interface BenchOptions {
  /** Counted runs of each command. */
  readonly runs: number;
  /** Exit 1 on a missed target. */
  readonly assert: boolean;
  /** Also time `npm test`. */
  readonly test: boolean;
  /** The groups measured (undefined: all). */
  readonly only?: readonly Group[];
}

/** The command line (process.argv.slice(2)); throws a UsageError (--help, a mistake). */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseCommandLine(argv, {
    usage: USAGE,
    options: {
      runs: { type: 'string', default: '7' },
      assert: { type: 'boolean', default: false },
      test: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const only = values.only?.split(',');
  const unknownGroup = only?.find((g) => !(GROUPS as readonly string[]).includes(g));
  if (unknownGroup !== undefined) {
    const near = closest(unknownGroup, GROUPS);
    throw new UsageError(`--only: ${JSON.stringify(unknownGroup)} is not one of ${GROUPS.join(', ')}${near === undefined ? '' : ` (did you mean ${near}?)`}`, USAGE);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs: ${JSON.stringify(values.runs)} is not a positive whole number`, USAGE);
  return { runs, assert: values.assert, test: values.test, only: only as Group[] | undefined };
}

const root = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The run's temporary folder (made by main, removed at its end), and in it each process's peak RSS. */
let tmp: string;
let rssLog: string;
/** Appends each process's peak RSS (bytes) to rssLog at its exit: npm's, the synth's, cdk8s's. */
let RSS_PRELOAD: string;

/** One command to time: `before` runs untimed before each run (clearing a cache, emptying a folder). */
interface Command {
  readonly label: string;
  readonly cmd: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly before?: () => void;
  /** What --only selects it by; the baseline has none and is always measured. */
  readonly group?: Group;
  /**
   * Runs before the counted ones (default 1). A warm synth needs 2: the first renders into the
   * empty output folders; the second checks each cluster against the render its folder now holds
   * (the previous pools its findings depend on) and caches those findings; only from then on are
   * the clusters unchanged since the last synth, as in a repository where synth runs after each edit.
   */
  readonly warmups?: number;
}

interface Figures {
  readonly seconds: number[];
  /** The largest process's peak RSS of each run, bytes. */
  readonly rss: number[];
}

/**
 * The environment of every measured command: the render cache and Node.js's compile cache in the
 * bench's temporary folder (not the caller's), the RSS preload.
 */
function environment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const { CALICO_STACK_CACHE_DIR: _own, NODE_COMPILE_CACHE: _compiled, ...env } = process.env;
  return {
    ...env, CALICO_STACK_CACHE_DIR: path.join(tmp, 'render-cache'), NODE_COMPILE_CACHE: path.join(tmp, 'compile-cache'),
    NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${RSS_PRELOAD}`.trim(), ...extra,
  };
}

function time(c: Command): { seconds: number; rss: number } {
  c.before?.();
  fs.rmSync(rssLog, { force: true });
  const options: SpawnSyncOptions = { cwd: c.cwd ?? root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: environment(c.env), maxBuffer: 64 * 1024 * 1024 };
  const start = process.hrtime.bigint();
  const r = spawnSync(c.cmd, c.args, options);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${c.label}: ${c.cmd} ${c.args.join(' ')} failed (exit ${r.status}): ${String(r.stderr).slice(-2000)}`);
  const rss = fs.existsSync(rssLog) ? Math.max(...fs.readFileSync(rssLog, 'utf8').trim().split('\n').map(Number)) : NaN;
  return { seconds, rss };
}

/** Runs every command once (warm-up), then `runs` rounds of all of them in turn. */
function measure(commands: readonly Command[], runs: number): Map<Command, Figures> {
  const figures = new Map(commands.map((c) => [c, { seconds: [] as number[], rss: [] as number[] }]));
  for (const c of commands) for (let i = 0; i < (c.warmups ?? 1); i++) time(c);
  for (let round = 0; round < runs; round++) {
    for (const c of commands) {
      const { seconds, rss } = time(c);
      figures.get(c)!.seconds.push(seconds);
      figures.get(c)!.rss.push(rss);
    }
    process.stderr.write(`round ${round + 1}/${runs} done\n`);
  }
  return figures;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * A folder with `count` cluster files made from the shipped example (each its own name), with its
 * kubeadm-config, and the shipped repository settings next to them: the fleet objects of all of
 * them (dist/_fleet/) are rendered in the same synth. The first cluster keeps the example's wave
 * (the canary); the others are in the last wave.
 */
function clusterSet(count: number, kind = 'fleet'): string {
  const dir = path.join(tmp, `${kind}-${count}`);
  const example = parse(fs.readFileSync(path.join(root, 'clusters', 'kans-homelab.yaml'), 'utf8')) as Record<string, unknown>;
  const { wave: _wave, ...gitops } = (example.gitops ?? {}) as Record<string, unknown>;
  fs.mkdirSync(path.join(dir, 'clusters', 'kans-homelab'), { recursive: true });
  fs.copyFileSync(path.join(root, 'clusters', 'kans-homelab', 'kubeadm-config.yaml'), path.join(dir, 'clusters', 'kans-homelab', 'kubeadm-config.yaml'));
  if (fs.existsSync(path.join(root, SETTINGS))) fs.copyFileSync(path.join(root, SETTINGS), path.join(dir, SETTINGS));
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, 'clusters', `c${String(i).padStart(4, '0')}.yaml`), stringify({ ...example, name: `bench-${i}`, ...(i === 0 ? {} : { gitops }) }));
  }
  return dir;
}

/** The shipped repository settings (the fleet). */
const SETTINGS = 'calico-stack.yaml';

/** A copy of the project as a fresh clone has it (no lib/), node_modules linked. */
function scratchProject(): string {
  const dir = path.join(tmp, 'project');
  fs.mkdirSync(dir);
  for (const entry of ['bin', 'src', 'scripts', 'imports', 'crds', 'clusters', SETTINGS, 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'cdk8s.yaml']) {
    if (entry === SETTINGS && !fs.existsSync(path.join(root, entry))) continue;
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const synthIn = (dir: string, ...extra: string[]) => ['run', '-s', 'synth', '--', '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist'), ...extra];

function main(argv: readonly string[]): void {
  const options = parseBenchArgs(argv);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-bench-'));
  rssLog = path.join(tmp, 'rss.log');
  RSS_PRELOAD = path.join(tmp, 'rss.js');
  fs.writeFileSync(RSS_PRELOAD, `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(rssLog)}, process.resourceUsage().maxRSS * 1024 + '\\n'));\n`);
  try {
    const fleets = { 1: clusterSet(1), 300: clusterSet(300), 1000: clusterSet(1000) };
    const cold1 = clusterSet(1, 'cold');
    const cold = clusterSet(1000, 'cold');
    const project = scratchProject();
    // The scratch project's lib/, built as npm's prepare builds it.
    const prepare = () => {
      const r = spawnSync(process.execPath, [path.join(project, 'scripts', 'build.js')], { cwd: project, encoding: 'utf8', env: environment() });
      if (r.status !== 0) throw new Error(`building the scratch project failed: ${r.stderr}`);
    };
    prepare();
    /** A fresh, empty Node.js compile cache and render cache for one run of the scratch project. */
    let fresh = 0;
    const freshCaches = (): Record<string, string> => ({
      NODE_COMPILE_CACHE: path.join(tmp, `compile-cache-${fresh}`), CALICO_STACK_CACHE_DIR: path.join(tmp, `render-cache-${fresh}`),
    });

    const baseline: Command = { label: 'baseline: node -e "require(\'cdk8s-plus-28\')"', cmd: process.execPath, args: ['-e', "require('cdk8s-plus-28')"] };
    const warm1: Command = { group: 'warm', label: 'npm run synth, 1 cluster, unchanged (warm)', cmd: npm, args: synthIn(fleets[1]), warmups: 2 };
    const warm300: Command = { group: 'fleet', label: 'npm run synth, 300 clusters, unchanged (warm)', cmd: npm, args: synthIn(fleets[300]), warmups: 2 };
    const warm1000: Command = { group: 'fleet', label: 'npm run synth, 1,000 clusters, unchanged (warm)', cmd: npm, args: synthIn(fleets[1000]), warmups: 2 };
    const cold1c: Command = { group: 'cold',
      label: 'npm run synth -- --no-cache, 1 cluster into an empty dist/', cmd: npm, args: synthIn(cold1, '--no-cache'),
      before: () => fs.rmSync(path.join(cold1, 'dist'), { recursive: true, force: true }),
    };
    const cold1000: Command = { group: 'cold',
      label: 'npm run synth -- --no-cache, 1,000 clusters into an empty dist/', cmd: npm, args: synthIn(cold, '--no-cache'),
      before: () => fs.rmSync(path.join(cold, 'dist'), { recursive: true, force: true }),
    };
    const afterCiEnv: Record<string, string> = {};
    const afterCi: Command = { group: 'after-ci',
      label: 'first npm run synth after npm ci (lib/ as prepare leaves it, empty caches)', cmd: npm, args: ['run', '-s', 'synth'], cwd: project, env: afterCiEnv,
      before: () => {
        fresh++;
        Object.assign(afterCiEnv, freshCaches());
        prepare();
      },
    };
    const edited = path.join(project, 'src', 'lib', 'common', 'findings.ts');
    const afterEdit: Command = { group: 'after-ci',
      label: 'first npm run synth after an edit of one source file', cmd: npm, args: ['run', '-s', 'synth'], cwd: project,
      before: () => fs.appendFileSync(edited, `// edit ${Date.now()}\n`),
    };
    const cdk8s: Command = { group: 'cdk8s', label: 'npx cdk8s synth (shipped examples, unchanged)', cmd: 'npx', args: ['cdk8s', 'synth', '--no-check-upgrade'], cwd: project };
    const synthProject: Command = { group: 'cdk8s', label: '  npm run synth (shipped examples, unchanged)', cmd: npm, args: ['run', '-s', 'synth'], cwd: project };

    const commands = [baseline, warm1, warm300, warm1000, cold1c, cold1000, afterCi, afterEdit, cdk8s, synthProject]
      .filter((c) => c.group === undefined || options.only === undefined || options.only.includes(c.group));
        const figures = measure(commands, options.runs);
    const measured = (...cs: Command[]) => cs.every((c) => figures.has(c));
    const m = (c: Command) => median(figures.get(c)!.seconds);
    const peak = (c: Command) => Math.max(...figures.get(c)!.rss);
    const base = m(baseline);

    const cores = os.availableParallelism?.() ?? os.cpus().length;
    process.stdout.write(`${cores} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}; ${options.runs} runs of each command after one warm-up, alternating; medians\n\n`);
    const w = Math.max(...commands.map((c) => c.label.length));
    process.stdout.write(`${'command'.padEnd(w)}  ${'median'.padStart(8)}  ${'× base'.padStart(7)}  ${'peak RSS'.padStart(9)}\n`);
    for (const c of commands) {
      process.stdout.write(`${c.label.padEnd(w)}  ${`${m(c).toFixed(3)} s`.padStart(8)}  ${(m(c) / base).toFixed(2).padStart(7)}  ${`${(peak(c) / 1e6).toFixed(0)} MB`.padStart(9)}\n`);
    }
    const extra = (fleet: Command, n: number) => (m(fleet) - m(warm1)) / (n - 1) / base;

    const targets: Array<{ target: string; needs: Command[]; value: () => string; ok: () => boolean }> = [
      { target: 'one cluster, warm: npm run synth ≤ 2.0 × baseline', needs: [warm1], value: () => `${(m(warm1) / base).toFixed(2)} ×`, ok: () => m(warm1) / base <= 2.0 },
      { target: 'each extra unchanged cluster (1 → 300) ≤ 5 % of baseline', needs: [warm1, warm300], value: () => `${(extra(warm300, 300) * 100).toFixed(2)} %`, ok: () => extra(warm300, 300) <= 0.05 },
      { target: 'each extra unchanged cluster (1 → 1,000) ≤ 5 % of baseline', needs: [warm1, warm1000], value: () => `${(extra(warm1000, 1000) * 100).toFixed(2)} %`, ok: () => extra(warm1000, 1000) <= 0.05 },
      { target: 'peak RSS of 1,000 unchanged clusters ≤ 300 MB', needs: [warm1000], value: () => `${(peak(warm1000) / 1e6).toFixed(0)} MB`, ok: () => peak(warm1000) <= 300e6 },
      { target: '300 clusters, warm ≤ 15 × baseline', needs: [warm300], value: () => `${(m(warm300) / base).toFixed(2)} ×`, ok: () => m(warm300) / base <= 15 },
      { target: '1 cluster from scratch (--no-cache) ≤ 4 × baseline', needs: [cold1c], value: () => `${(m(cold1c) / base).toFixed(2)} ×`, ok: () => m(cold1c) / base <= 4 },
      { target: '1,000 clusters from scratch (--no-cache) ≤ 250 × baseline', needs: [cold1000], value: () => `${(m(cold1000) / base).toFixed(1)} ×`, ok: () => m(cold1000) / base <= 250 },
    ];
    const checks = targets.filter((t) => measured(...t.needs)).map((t) => ({ target: t.target, value: t.value(), ok: t.ok() }));
    if (options.test) {
      const t = time({ label: 'npm test', cmd: npm, args: ['test'] });
      checks.push({ target: `npm test ≤ 25 s on this machine (${cores} cores)`, value: `${t.seconds.toFixed(1)} s`, ok: t.seconds <= 25 });
    }
    process.stdout.write('\n');
    for (const c of checks) process.stdout.write(`${c.ok ? 'PASS' : 'FAIL'}  ${c.target}: ${c.value}\n`);
    const info = [
      measured(afterCi) ? `first synth after npm ci: ${(m(afterCi) / base).toFixed(2)} × (no target)` : '',
      measured(afterEdit) ? `first synth after an edit of one source file: ${(m(afterEdit) / base).toFixed(2)} × (no target)` : '',
      measured(cdk8s, synthProject) ? `npx cdk8s synth: ${(m(cdk8s) / base).toFixed(2)} × against npm run synth ${(m(synthProject) / base).toFixed(2)} ×` : '',
      options.test ? '' : 'npm test not measured (--test)',
      options.only === undefined ? '' : `measured only: ${options.only.join(', ')}`,
    ].filter((i) => i !== '');
    process.stdout.write(`info  ${info.join('; ')}\n`);
    if (options.assert && !checks.every((c) => c.ok)) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runScript('bench', main);
