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
import { parseArgs } from 'util';
import { App } from 'cdk8s';
import { onWarnings } from './common/checks';
import { Finding, formatFindings, hasErrors } from './common/findings';
import { readClusterFile } from './config/load';
import { FolderPlan, NOT_OURS, OwnershipConflictError } from './output/folder-plan';
import { LockHeldError } from './output/lock';
import { DEFAULT_LOCK_TIMEOUT_MS, OutputDirectory, OutputFolder } from './output/output-directory';
import { readPreviousPools } from './output/previous-render';
import { renderStack } from './output/render';
import { RenderCache } from './output/render-cache';
import { protectedOutputProblem } from './output/protected-paths';
import { RollbackError, TransactionError } from './output/transaction';
import { asNumberLines, manualSteps } from './plan/bgp-plan';
import { kubeProxyPlan } from './plan/kube-proxy';
import { formatTable, networkRequirements } from './plan/network-requirements';
import { prerequisites } from './plan/prerequisites';
import { CalicoStack } from './stack/calico-stack';
import { ClusterSpec } from './stack/cluster-spec';

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

interface Job {
  readonly file: string;
  readonly spec: ClusterSpec;
  /** The cluster, built and checked (no errors). */
  readonly stack: CalicoStack;
  /** The output folder's name inside the output root. */
  readonly folder: string;
}

/** Where a command reads and writes: an output root and, per cluster, a folder name in it. */
interface Target {
  readonly root: string;
  /** `--out`: the one folder; otherwise every cluster's name. */
  readonly single?: string;
}

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
    if (command === 'plan') return plan(files, out);
    const jobs = loadJobs(files, out, target, values.strict);
    if (!jobs) return 1;
    if (command === 'check') return await check(jobs, out, target);
    return await synth(jobs, out, target, { force: values.force, noCache: values['no-cache'], signal });
  } finally {
    out.close();
  }
}

async function synth(jobs: readonly Job[], out: OutputDirectory, target: Target, options: { force: boolean; noCache: boolean; signal: AbortSignal }): Promise<number> {
  const cache = renderCache(options.noCache);
  const folders: OutputFolder[] = [];
  for (const job of jobs) {
    await checkpoint(options.signal);
    let files = cache?.get(job.spec);
    if (!files) {
      files = renderStack(job.stack);
      cache?.set(job.spec, files);
    }
    folders.push({ name: job.folder, files });
  }
  const writePlan = out.plan(folders, { prune: target.single === undefined, overwriteEdits: options.force });
  await out.write(writePlan, { signal: options.signal, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
  try {
    cache?.prune();
  } catch {
    // Only the cache's size is at stake.
  }
  const byFolder = new Map(writePlan.folders.map((f) => [f.name, f]));
  for (const job of jobs) {
    const f = byFolder.get(job.folder)!;
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

/** Loads and checks every file; prints findings; returns undefined when any file fails. */
function loadJobs(files: readonly string[], out: OutputDirectory, target: Target, strict: boolean): Job[] | undefined {
  const jobs: Job[] = [];
  let failed = false;
  for (const file of files) {
    const { spec, stack, findings } = loadAndCheck(file, out, target);
    const fails = hasErrors(findings) || (strict && findings.length > 0);
    if (findings.length > 0) {
      const text = formatFindings(findings, file);
      process.stderr.write(`${text}${strict && !hasErrors(findings) ? '\n  (--strict: warnings fail)' : ''}\n`);
    }
    if (fails || !spec || !stack) failed = true;
    else jobs.push({ file, spec, stack, folder: target.single ?? spec.name });
  }
  const seen = new Map<string, string>();
  for (const job of jobs) {
    const other = seen.get(job.spec.name);
    if (other) {
      process.stderr.write(`${job.file}: name: ${JSON.stringify(job.spec.name)} is also the name of ${other} — every cluster needs its own name (it is its output folder)\n`);
      failed = true;
    }
    seen.set(job.spec.name, job.file);
  }
  if (failed) {
    process.stderr.write(`nothing written: fix the ${files.length === 1 ? 'file' : 'files'} above and run again\n`);
    return undefined;
  }
  return jobs;
}

/**
 * Loads a cluster file and, when its shape is right, builds its CalicoStack, checked against the
 * previous render in its output folder: every finding of the file and of the stack.
 */
function loadAndCheck(file: string, out: OutputDirectory, target: Target): { spec?: ClusterSpec; stack?: CalicoStack; findings: Finding[] } {
  const loaded = readClusterFile(file);
  if (!loaded.spec) return { findings: loaded.findings };
  const spec = loaded.spec;
  const previousPools = readPreviousPools(out.folderPath(target.single ?? spec.name));
  // One App per cluster: the stack's id need not be unique (nor a valid construct id, as a name like "constructor" is not).
  const stack = new CalicoStack(new App(), 'cluster', spec, { previousPools });
  return { spec, stack, findings: [...loaded.findings, ...stack.findings] };
}

/** Prints, per cluster, the findings and the network requirements; exit 1 when any cluster has errors. */
function plan(files: readonly string[], out: OutputDirectory): number {
  let failed = false;
  for (const file of files) {
    const { stack, findings } = loadAndCheck(file, out, { root: out.root });
    failed ||= hasErrors(findings);
    const title = stack ? `${stack.clusterName} (${file}): Calico ${stack.calico.release.version} on ${stack.platform.cloud}` : file;
    process.stdout.write(`${title}\n\n${findings.length > 0 ? formatFindings(findings, file) : `${file}: no findings`}\n`);
    const required = stack ? prerequisites(stack) : [];
    if (required.length > 0) process.stdout.write(`\nRequired before apply:\n${required.map((line) => `  ${line}`).join('\n')}\n`);
    if (stack) {
      process.stdout.write(`\nkube-proxy:\n${kubeProxyPlan(stack).map((line) => `  ${line}`).join('\n')}\n`);
      process.stdout.write(`\nNetwork requirements:\n${formatTable(networkRequirements(stack)).replace(/^/gm, '  ')}\n`);
      const as = asNumberLines(stack);
      if (as.length > 0) process.stdout.write(`\nBGP AS numbers:\n${as.map((l) => `  ${l}`).join('\n')}\n`);
      const steps = manualSteps(stack);
      if (steps.length > 0) process.stdout.write(`\nSteps a manifest cannot take (do them by hand):\n${steps.map((l, i) => `  ${i + 1}. ${l}`).join('\n')}\n`);
    }
    process.stdout.write('\n');
  }
  return failed ? 1 : 0;
}

/** Renders every cluster (never from the cache) and compares with what the output folders hold. */
async function check(jobs: readonly Job[], out: OutputDirectory, target: Target): Promise<number> {
  const folders = jobs.map((job) => ({ name: job.folder, files: renderStack(job.stack) }));
  const { differences, notOurs } = out.compare(folders, { prune: target.single === undefined });
  const where = `${out.display(target.single ?? '')}/`.replace(/^\.\/$/, './');
  for (const file of notOurs) process.stdout.write(`not calico-stack's, left alone: ${file}\n`);
  if (differences.length === 0) {
    process.stdout.write(`${where} is up to date (${jobs.length} cluster${jobs.length === 1 ? '' : 's'})\n`);
    return 0;
  }
  process.stderr.write(`${where} is stale — run \`npm run synth\` and commit the result:\n${differences.map((d) => `  ${d}`).join('\n')}\n`);
  return 1;
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

void run();
