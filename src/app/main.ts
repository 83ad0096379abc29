/**
 * calico-stack command line: arguments, the environment, printing and the exit code. Files are
 * read by config/load.ts and written only through output/ (OutputDirectory).
 *
 *   synth [--config <file> --out <dir>] [--clusters <dir>] [--dist <dir>] [--strict] [--force] [--no-cache]
 *   check [--config <file> --out <dir>] [--clusters <dir>] [--dist <dir>]
 *   plan  [--config <file>] [--clusters <dir>]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import { parseArgs } from 'util';
import { duplicateNames, nothingWritten, printFindings } from './cli/report';
import type * as Stacks from './cli/stacks';
import type * as PreviousRender from './output/previous-render';
import { onWarnings } from '../lib/common/checks';
import { Finding } from '../lib/common/findings';
import { InputDigest, inputsUnchanged, readDigest } from './config/inputs';
import { FolderPlan, NOT_OURS, OwnershipConflictError } from './output/folder-plan';
import { LockHeldError } from './output/lock';
import { DEFAULT_LOCK_TIMEOUT_MS, OutputDirectory, OutputFolder, RecordedOutputFolder } from './output/output-directory';
import { parseRecord } from './output/record';
import { CachedCluster, RenderCache, restoreFinding } from './output/render-cache';
import { protectedOutputProblem } from './output/protected-paths';
import { RollbackError, TransactionError } from './output/transaction';

/**
 * The heavy half (src/app/cli/stacks.ts: YAML, the schema, cdk8s and every construct), loaded on first
 * use: a synth whose clusters are all unchanged never needs it.
 */
function stacks(): typeof Stacks {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./cli/stacks') as typeof Stacks;
}

const USAGE = `usage:
  npm run synth [-- --strict]                      render every clusters/*.yaml into dist/<name>/
  npm run synth -- --config <file> --out <dir>     render one cluster file into one folder
  npm run check                                    fail when dist/ differs from a fresh synth
  npm run plan [-- --config <file>]                findings and network requirements of each cluster
options: --clusters <dir> (default clusters)  --dist <dir> (default dist)  --strict (warnings fail)
         --force (synth: overwrite calico-stack's files that were changed by hand)
         --no-cache (synth: render every cluster, even those whose inputs did not change)
         --lock-timeout <seconds> (wait for another run on the same folder; default ${DEFAULT_LOCK_TIMEOUT_MS / 1000})
the installed package's command is the same: calico-stack synth|check|plan [options] (no --)`;

/** A problem the user can fix; printed without a stack trace, exit 2. */
class UsageError extends Error {}

/** Exit codes of the signals a run rolls back on (128 + signal number). */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Where a command reads and writes: an output root and, per cluster, a folder name in it. */
type Target = Stacks.Target;

async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      clusters: { type: 'string', default: 'clusters' },
      dist: { type: 'string', default: 'dist' },
      strict: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'lock-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? 'synth';
  if (positionals.length > 1 || !['synth', 'check', 'plan'].includes(command)) throw new UsageError(`unknown command "${positionals.join(' ')}"\n${USAGE}`);
  if (command !== 'plan' && (values.config === undefined) !== (values.out === undefined)) throw new UsageError(`--config and --out go together\n${USAGE}`);
  const lockTimeoutMs = values['lock-timeout'] === undefined ? DEFAULT_LOCK_TIMEOUT_MS : seconds(values['lock-timeout']);

  const files = values.config !== undefined ? [values.config] : clusterFiles(values.clusters);
  // `cdk8s synth` runs the app with CDK8S_OUTDIR set: render every cluster below it.
  const dist = process.env.CDK8S_OUTDIR && values.config === undefined ? process.env.CDK8S_OUTDIR : values.dist;
  const target: Target = command !== 'plan' && values.out !== undefined
    ? { root: path.dirname(path.resolve(values.out)), single: path.basename(path.resolve(values.out)) }
    : { root: path.resolve(dist) };
  const problem = protectedOutputProblem(target.single !== undefined ? path.join(target.root, target.single) : target.root, {
    flag: target.single !== undefined ? '--out' : '--dist',
    clusterFiles: files,
    clustersDir: values.config === undefined ? values.clusters : undefined,
  });
  if (problem !== undefined) throw new UsageError(problem);

  const out = await OutputDirectory.open(target.root, { create: command === 'synth', lockTimeoutMs, signal });
  try {
    reportRecovery(out);
    if (command === 'plan') return stacks().plan(files, out);
    if (command === 'check') {
      const jobs = stacks().loadJobs(files, out, target, values.strict);
      return jobs ? stacks().check(jobs, out, target) : 1;
    }
    return await synth(files, out, target, { force: values.force, noCache: values['no-cache'], strict: values.strict, signal });
  } finally {
    out.close();
  }
}

/** A cluster of a synth, loaded and checked without errors. */
interface SynthJob {
  readonly file: string;
  readonly name: string;
  readonly folder: OutputFolder | RecordedOutputFolder;
}

async function synth(files: readonly string[], out: OutputDirectory, target: Target, options: { force: boolean; noCache: boolean; strict: boolean; signal: AbortSignal }): Promise<number> {
  const cache = renderCache(options.noCache);
  const jobs: SynthJob[] = [];
  const seen = new Map<string, InputDigest | undefined>();
  let failed = false;
  for (const file of files) {
    await checkpoint(options.signal);
    const unchanged = cache ? unchangedCluster(file, cache, out, target, seen) : undefined;
    const cluster = unchanged ?? stacks().synthCluster(file, out, target, cache);
    if (printFindings(file, cluster.findings, options.strict) || cluster.name === undefined || cluster.folder === undefined) failed = true;
    else jobs.push({ file, name: cluster.name, folder: cluster.folder });
  }
  if (duplicateNames(jobs) || failed) return nothingWritten(files);
  const writePlan = out.plan(jobs.map((job) => job.folder), { prune: target.single === undefined, overwriteEdits: options.force });
  await out.write(writePlan, { signal: options.signal, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
  try {
    cache?.prune();
  } catch {
    // Only the cache's size is at stake.
  }
  const byFolder = new Map(writePlan.folders.map((f) => [f.name, f]));
  for (const job of jobs) {
    const f = byFolder.get(job.folder.name)!;
    process.stdout.write(`rendered ${job.file} → ${out.display(f.name)}/ (${summary(f)})\n`);
    if (f.adopted) process.stdout.write(`  adopted ${out.display(f.name)}/: written by an earlier calico-stack, it now has a calico-stack.sum\n`);
    for (const k of f.kept.filter((k) => k.reason !== NOT_OURS)) process.stdout.write(`  kept ${k.path}: ${k.reason}\n`);
  }
  for (const f of writePlan.folders.filter((p) => p.status === 'removed')) {
    const where = `${out.display(f.name)}/`;
    if (f.kept.length === 0) process.stdout.write(`removed ${where} (its cluster file is gone)\n`);
    else process.stdout.write(`removed calico-stack's files from ${where} (its cluster file is gone); kept ${f.kept.map((k) => `${path.posix.relative(where, k.path)} (${k.reason})`).join(', ')}\n`);
  }
  return 0;
}

/**
 * A cluster the render cache already knows, without loading its file or building its stack: its
 * cluster file and the files it names have the contents they had at an earlier synth, and the
 * findings of a stack of that spec checked against the same previous pools (those its output
 * folder holds now) are in the cache. Undefined otherwise (the cluster is then loaded, checked and
 * rendered as always). A folder that holds the render already is not read again by the plan, and
 * its files are never loaded from the cache; any other folder is planned with the cached files, so
 * a missing or hand-edited file is restored or refused as always.
 */
function unchangedCluster(file: string, cache: RenderCache, out: OutputDirectory, target: Target, seen: Map<string, InputDigest | undefined>): { name: string; findings: Finding[]; folder: RecordedOutputFolder } | undefined {
  const clusterFile = readDigest(file, 'clusterFile');
  const entry = clusterFile && cache.cluster(clusterFile);
  if (!entry || !inputsUnchanged(entry.inputs, seen)) return undefined;
  const folder = target.single ?? entry.name;
  const pools = previousPools(entry, folder, out);
  const findings = entry.findings.find(([p]) => p === pools)?.[1];
  if (!findings) return undefined;
  return {
    name: entry.name,
    findings: findings.map(restoreFinding),
    folder: {
      name: folder,
      record: entry.record,
      // The render is read only now, for a folder that does not hold it; rendered again if the entry is gone.
      files: () => cache.render(entry.renderKey) ?? stacks().renderFile(file, out, target),
    },
  };
}

/**
 * JSON of the pools readPreviousPools() reads from the output folder (the key of the findings):
 * none for a missing folder; the render's for a folder that holds exactly the render and no other
 * manifest (one of the user's could come first), known without reading YAML; otherwise read from
 * the folder (loading only the YAML library).
 */
function previousPools(entry: CachedCluster, folder: string, out: OutputDirectory): string {
  if (!fs.existsSync(out.folderPath(folder))) return 'null';
  if (out.holds(folder, entry.record)) {
    const recorded = parseRecord(entry.record, 'render cache');
    if (out.manifests(folder).every((f) => recorded.has(f))) return entry.renderedPools;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readPreviousPools } = require('./output/previous-render') as typeof PreviousRender;
  return JSON.stringify(readPreviousPools(out.folderPath(folder)) ?? null);
}

/** `3 changed, 1 new, 1 removed` / `new, 12 files` / `unchanged`. */
function summary(f: FolderPlan): string {
  if (f.status === 'unchanged') return 'unchanged';
  if (f.status === 'new') return `new, ${f.changes.length} files`;
  const count = (pred: (c: FolderPlan['changes'][number]) => boolean) => f.changes.filter(pred).length;
  return [
    [count((c) => c.op === 'write' && c.existed), 'changed'],
    [count((c) => c.op === 'write' && !c.existed), 'new'],
    [count((c) => c.op === 'delete'), 'removed'],
  ].filter(([n]) => n !== 0).map(([n, what]) => `${n} ${what}`).join(', ');
}

/**
 * The render cache, when the code runs from the precompiled bundle (scripts/run.js names it with
 * CALICO_STACK_CODE_ID and says where the cache lives) and --no-cache was not given.
 */
function renderCache(disabled: boolean): RenderCache | undefined {
  const { CALICO_STACK_CODE_ID: codeId, CALICO_STACK_CACHE_DIR: dir } = process.env;
  return disabled || !codeId || !dir ? undefined : new RenderCache(dir, codeId);
}

function reportRecovery(out: OutputDirectory): void {
  const r = out.recovered;
  if (r === undefined || r.outcome === 'discarded') return;
  const folders = r.folders.map((f) => `${out.display(f)}/`).join(', ');
  process.stderr.write(r.outcome === 'rolled back'
    ? `restored ${folders} as it was before an interrupted calico-stack run\n`
    : `completed the write of ${folders} that an interrupted calico-stack run had committed\n`);
}

function clusterFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new UsageError(`no cluster folder ${dir}/ (create ${dir}/<name>.yaml, or pass --config <file> --out <dir>)`);
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new UsageError(`${dir}/ has no *.yaml cluster files`);
  return files;
}

function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--lock-timeout: ${JSON.stringify(text)} is not a number of seconds`);
  return n * 1000;
}

/** Lets signal handlers run, then stops if one did. */
async function checkpoint(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}

async function run(): Promise<void> {
  // Findings, warnings included, are printed with the cluster file's name by loadJobs and plan.
  onWarnings(() => undefined);
  const controller = new AbortController();
  for (const name of Object.keys(SIGNAL_EXIT)) process.on(name, () => controller.abort(name));
  try {
    process.exitCode = await main(process.argv.slice(2), controller.signal);
  } catch (err) {
    const signal = controller.signal.aborted ? String(controller.signal.reason) : undefined;
    if (signal !== undefined && err === controller.signal.reason) {
      process.stderr.write(`calico-stack: interrupted by ${signal}; nothing was changed (every folder is as it was)\n`);
      process.exitCode = SIGNAL_EXIT[signal];
      return;
    }
    const e = err as Error;
    if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof OwnershipConflictError || e instanceof LockHeldError || e instanceof TransactionError || e instanceof RollbackError) {
      process.stderr.write(`calico-stack: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`calico-stack: ${e.message}\nnothing was changed.${process.env.CALICO_STACK_DEBUG ? `\n${e.stack}` : ' (set CALICO_STACK_DEBUG=1 for a stack trace)'}\n`);
      process.exitCode = 1;
    }
  }
}

/**
 * What scripts/run.js needs to build the CLI's startup snapshot (npm's prepare: scripts/warm-up.js).
 * While `node --build-snapshot` loads the bundle the CLI does not run; the builder calls `warmUp`
 * with the shipped examples (their code paths get compiled, their results forgotten), and each
 * process started from the snapshot calls `run`.
 */
export const startupSnapshot = {
  warmUp(files: readonly string[]): void {
    onWarnings(() => undefined);
    stacks().warmUp(files);
    onWarnings(undefined);
  },
  run,
};

if (!v8.startupSnapshot.isBuildingSnapshot()) void run();
