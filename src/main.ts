/**
 * calico-stack command line: the only code that touches files, the environment and the exit code.
 *
 *   synth [--config <file> --out <dir>] [--clusters <dir>] [--dist <dir>] [--strict]
 *   check [--clusters <dir>] [--dist <dir>]
 *   plan  [--config <file>] [--clusters <dir>]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { ClusterConfig } from './config/cluster-config';
import { Finding, formatFindings, hasErrors } from './config/findings';
import { loadClusterFile, LoadResult } from './config/load';
import { validateCluster } from './config/validate';
import { pruneOutputFolders, recoverInterruptedSwaps, writeAtomically } from './gitops/atomic-writer';
import { compareFolders } from './gitops/compare';
import { readPreviousPools } from './gitops/previous-render';
import { renderCluster } from './gitops/render';
import { RenderCache } from './gitops/render-cache';
import { formatTable, networkRequirements } from './plan/network-requirements';

const USAGE = `usage:
  npm run synth [-- --strict]                      render every clusters/*.yaml into dist/<name>/
  npm run synth -- --config <file> --out <dir>     render one cluster file into one folder
  npm run check                                    fail when dist/ differs from a fresh synth
  npm run plan [-- --config <file>]                findings and network requirements of each cluster
options: --clusters <dir> (default clusters)  --dist <dir> (default dist)  --strict (warnings fail)
         --no-cache (synth: render every cluster, even those whose inputs did not change)`;

/** A problem the user can fix; printed without a stack trace. */
class UsageError extends Error {}

interface Job {
  readonly file: string;
  readonly config: ClusterConfig;
  readonly outDir: string;
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      clusters: { type: 'string', default: 'clusters' },
      dist: { type: 'string', default: 'dist' },
      strict: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = positionals[0] ?? 'synth';
  if (positionals.length > 1 || !['synth', 'check', 'plan'].includes(command)) throw new UsageError(`unknown command "${positionals.join(' ')}"\n${USAGE}`);
  if (command === 'plan') return plan(values.config !== undefined ? [values.config] : clusterFiles(values.clusters), values.dist);
  if ((values.config === undefined) !== (values.out === undefined)) throw new UsageError(`--config and --out go together\n${USAGE}`);

  // `cdk8s synth` runs the app with CDK8S_OUTDIR set: render every cluster below it.
  const dist = process.env.CDK8S_OUTDIR && values.config === undefined ? process.env.CDK8S_OUTDIR : values.dist;
  // A synth killed while swapping folders is rolled back first, whatever this run finds in the cluster files.
  if (command === 'synth') reportRestored(recoverInterruptedSwaps(values.config !== undefined ? path.dirname(path.resolve(values.out!)) : path.resolve(dist)));
  const files = values.config !== undefined ? [values.config] : clusterFiles(values.clusters);
  const jobs = loadJobs(files, values.config !== undefined ? () => values.out! : (c) => path.join(dist, c.name), values.strict);
  if (!jobs) return 1;

  if (command === 'check') return check(jobs, values.config !== undefined ? values.out! : dist);
  const cache = renderCache(values['no-cache']);
  reportRestored(writeAtomically(jobs.map((j) => j.outDir), (dir, i) => {
    if (cache?.restore(jobs[i].config, dir)) return;
    renderCluster(jobs[i].config, dir);
    cache?.store(jobs[i].config, dir);
  }));
  cache?.prune();
  for (const job of jobs) process.stdout.write(`rendered ${job.file} → ${path.relative(process.cwd(), job.outDir) || '.'}/\n`);
  if (values.config === undefined) {
    for (const removed of pruneOutputFolders(dist, jobs.map((j) => j.outDir))) {
      process.stdout.write(`removed ${path.relative(process.cwd(), removed)}/ (its cluster file is gone)\n`);
    }
  }
  return 0;
}

/**
 * The render cache, when the code runs from the precompiled bundle (scripts/run.js names it with
 * CALICO_STACK_CODE_ID and says where the cache lives) and --no-cache was not given.
 */
function renderCache(disabled: boolean): RenderCache | undefined {
  const { CALICO_STACK_CODE_ID: codeId, CALICO_STACK_CACHE_DIR: dir } = process.env;
  return disabled || !codeId || !dir ? undefined : new RenderCache(dir, codeId);
}

function reportRestored(targets: readonly string[]): void {
  for (const t of targets) process.stderr.write(`restored ${path.relative(process.cwd(), t) || '.'}/ as it was before an interrupted synth\n`);
}

function clusterFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new UsageError(`no cluster folder ${dir}/ (create ${dir}/<name>.yaml, or pass --config <file> --out <dir>)`);
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new UsageError(`${dir}/ has no *.yaml cluster files`);
  return files;
}

/** Loads and validates every file; prints findings; returns undefined when any file fails. */
function loadJobs(files: readonly string[], outDirOf: (c: ClusterConfig) => string, strict: boolean): Job[] | undefined {
  const jobs: Job[] = [];
  let failed = false;
  for (const file of files) {
    const { loaded, findings } = loadAndValidate(file, outDirOf);
    const fails = hasErrors(findings) || (strict && findings.length > 0);
    if (findings.length > 0) {
      const text = formatFindings(findings, file);
      process.stderr.write(`${text}${strict && !hasErrors(findings) ? '\n  (--strict: warnings fail)' : ''}\n`);
    }
    if (fails || !loaded.config) failed = true;
    else jobs.push({ file, config: loaded.config, outDir: outDirOf(loaded.config) });
  }
  const seen = new Map<string, string>();
  for (const job of jobs) {
    const other = seen.get(job.config.name);
    if (other) {
      process.stderr.write(`${job.file}: name: ${JSON.stringify(job.config.name)} is also the name of ${other} — every cluster needs its own name (it is its output folder)\n`);
      failed = true;
    }
    seen.set(job.config.name, job.file);
  }
  if (failed) {
    process.stderr.write(`nothing written: fix the ${files.length === 1 ? 'file' : 'files'} above and run again\n`);
    return undefined;
  }
  return jobs;
}

/** Loads a cluster file and validates it against its previous render in its output folder. */
function loadAndValidate(file: string, outDirOf: (c: ClusterConfig) => string): { loaded: LoadResult; findings: Finding[] } {
  const loaded = loadClusterFile(file);
  if (!loaded.config) return { loaded, findings: loaded.findings };
  const previousPools = readPreviousPools(outDirOf(loaded.config));
  return { loaded, findings: [...loaded.findings, ...validateCluster(loaded.config, { previousPools })] };
}

/** Prints, per cluster, the findings and the network requirements; exit 1 when any cluster has errors. */
function plan(files: readonly string[], dist: string): number {
  let failed = false;
  for (const file of files) {
    const { loaded, findings } = loadAndValidate(file, (c) => path.join(dist, c.name));
    failed ||= hasErrors(findings);
    const c = loaded.config;
    const title = c ? `${c.name} (${file}): Calico ${c.calico.release.version} on ${c.platform.cloud}` : file;
    process.stdout.write(`${title}\n\n${findings.length > 0 ? formatFindings(findings, file) : `${file}: no findings`}\n`);
    if (c) process.stdout.write(`\nNetwork requirements:\n${formatTable(networkRequirements(c)).replace(/^/gm, '  ')}\n`);
    process.stdout.write('\n');
  }
  return failed ? 1 : 0;
}

/** Renders into a temporary folder and compares with what is committed. */
function check(jobs: readonly Job[], dist: string): number {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-check-'));
  try {
    // Same layout as the target: <dist>/<name>/ for every cluster, or the --out folder itself.
    for (const job of jobs) renderCluster(job.config, path.join(tmp, path.relative(dist, job.outDir)));
    const diffs = compareFolders(tmp, dist);
    if (diffs.length === 0) {
      process.stdout.write(`${dist}/ is up to date (${jobs.length} cluster${jobs.length === 1 ? '' : 's'})\n`);
      return 0;
    }
    process.stderr.write(`${dist}/ is stale — run \`npm run synth\` and commit the result:\n${diffs.map((d) => `  ${d}`).join('\n')}\n`);
    return 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  const e = err as Error;
  if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`calico-stack: ${e.message}\nnothing written.${process.env.CALICO_STACK_DEBUG ? `\n${e.stack}` : ' (set CALICO_STACK_DEBUG=1 for a stack trace)'}\n`);
    process.exitCode = 1;
  }
}
