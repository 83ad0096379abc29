/**
 * The calico-stack command line: arguments, the output root, and the process (signals, exit code).
 * Each command is a module of cli/; files are read by config/ and written only through output/.
 *
 *   synth [--config <file> --out <dir>] [--clusters <dir>] [--dist <dir>] [--strict] [--force] [--no-cache]
 *   check [--config <file> --out <dir>] [--clusters <dir>] [--dist <dir>]
 *   plan  [--config <file>] [--clusters <dir>] [--dist <dir>]
 *   adopt <export.yaml>... [--name <n>] [--cloud <c>] [--version <v>] [--out <file>]   (cli/adopt.ts)
 *   drift <export.yaml>... [--config <file>] [--clusters <dir>] [--dist <dir>]         (cli/drift.ts)
 *   from-helm <values.yaml> --name <n> --cloud <c> [--out <file>] [--pod-subnet <cidrs>] [--release <v>]   (cli/from-helm.ts)
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Adopt from './cli/adopt';
import type * as Check from './cli/check';
import type * as Clusters from './cli/clusters';
import type * as Drift from './cli/drift';
import type * as FromHelm from './cli/from-helm';
import type * as Plan from './cli/plan';
import type * as Synth from './cli/synth';
import type * as Settings from './config/repository-settings';
import { nothingWritten, printFindings } from './cli/report';
import { readSettingsFile, SETTINGS_FILE, settingsFileOf } from './config/settings-file';
import { closest } from '../lib/common/closest';
import { parseCommandLine, printUsageError, UsageError } from './cli/args';
import { OwnershipConflictError } from './output/folder-plan';
import { LockHeldError } from './output/lock';
import { DEFAULT_LOCK_TIMEOUT_MS, OutputDirectory } from './output/output-directory';
import { protectedOutputProblem } from './output/protected-paths';
import { openRenderCache, RenderCache } from './output/render-cache';
import { HandEditsError, JournalRefusedError, RollbackError, TransactionError } from './output/transaction';

const USAGE = `usage:
  npm run synth [-- --strict]                      render every clusters/*.yaml into dist/<name>/
  npm run synth -- --config <file> --out <dir>     render one cluster file into one folder
  npm run check                                    fail when dist/ differs from a fresh synth
  npm run plan [-- --config <file>]                findings and network requirements of each cluster
  npm run adopt -- <export.yaml> [options]         a cluster file for a running cluster (npm run adopt -- --help)
  npm run drift -- <export.yaml> [options]         a live cluster compared with its committed dist/<name>/ (npm run drift -- --help)
  npm run from-helm -- <values.yaml> [options]     a cluster file from the tigera-operator Helm chart's values (npm run from-helm -- --help)
options: --clusters <dir> (default clusters)  --dist <dir> (default dist)  --strict (warnings fail)
         --force (overwrite calico-stack's files that were changed by hand, also when
                  rolling back an interrupted run)
         --no-cache (synth: render every cluster, even those whose inputs did not change)
         --lock-timeout <seconds> (wait for another run on the same folder; default ${DEFAULT_LOCK_TIMEOUT_MS / 1000})
the installed package's command is the same: calico-stack synth|check|plan|adopt|drift|from-helm [options] (no --)`;

/** The exit code of a run that refused a transaction folder it cannot prove to be its machine's own. */
const REFUSED_JOURNAL_EXIT = 3;

/** Exit codes of the signals a run rolls back on (128 + signal number). */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
/** The abort reason when the process that started the run is gone: handled as a hangup (SIGHUP). */
const PARENT_GONE = 'the end of the process that started it';

/** Each command's module, loaded when it runs: a synth of unchanged clusters loads no render library. */
const commands = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  synth: () => require('./cli/synth') as typeof Synth,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  check: () => require('./cli/check') as typeof Check,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  plan: () => require('./cli/plan') as typeof Plan,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  clusters: () => require('./cli/clusters') as typeof Clusters,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  adopt: () => require('./cli/adopt') as typeof Adopt,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  drift: () => require('./cli/drift') as typeof Drift,
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  'from-helm': () => require('./cli/from-helm') as typeof FromHelm,
};

/** The commands, for messages. */
const COMMANDS = ['synth', 'check', 'plan', 'adopt', 'drift', 'from-helm'];

async function command(argv: string[], signal: AbortSignal, progress: Synth.SynthProgress): Promise<number> {
  // adopt and drift (named first, as the npm scripts do) read an export and take options of their own; from-helm a values file.
  if (argv[0] === 'adopt') return commands.adopt().adoptCommand(argv.slice(1));
  if (argv[0] === 'drift') return commands.drift().driftCommand(argv.slice(1));
  if (argv[0] === 'from-helm') return commands['from-helm']().fromHelmCommand(argv.slice(1));
  const { values, positionals } = parseCommandLine(argv, {
    usage: USAGE,
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      clusters: { type: 'string', default: 'clusters' },
      dist: { type: 'string', default: 'dist' },
      strict: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'lock-timeout': { type: 'string' },
    },
    allowPositionals: true,
    maxPositionals: 1,
  });
  const name = positionals[0] ?? 'synth';
  if (!COMMANDS.includes(name)) throw new UsageError(`unknown command "${name}"${didYouMean(name)}`, USAGE);
  if (name !== 'plan' && (values.config === undefined) !== (values.out === undefined)) throw new UsageError('--config and --out go together', USAGE);
  const lockTimeoutMs = values['lock-timeout'] === undefined ? DEFAULT_LOCK_TIMEOUT_MS : seconds(values['lock-timeout']);

  const files = values.config !== undefined ? [values.config] : clusterFiles(values.clusters);
  // A synth takes what it can from the render cache (`check` and `plan` never do: they compare with a fresh render).
  const cache = name === 'synth' && !values['no-cache'] ? openRenderCache() : undefined;
  // calico-stack.yaml next to the cluster files' folder: the repository's settings (its fleet), read once.
  const repository = repositorySettings(values.clusters, cache);
  const place: Clusters.Target = name !== 'plan' && values.out !== undefined
    ? { root: path.dirname(path.resolve(values.out)), single: path.basename(path.resolve(values.out)) }
    : { root: path.resolve(values.dist) };
  const target: Clusters.Target = repository ? { ...place, repository } : place;
  if (repository && printFindings(repository.file ?? SETTINGS_FILE, repository.findings, values.strict)) return nothingWritten([repository.file ?? SETTINGS_FILE]);
  const problem = protectedOutputProblem(target.single !== undefined ? path.join(target.root, target.single) : target.root, {
    flag: target.single !== undefined ? '--out' : '--dist',
    clusterFiles: files,
    clustersDir: values.config === undefined ? values.clusters : undefined,
  });
  if (problem !== undefined) throw new UsageError(problem);
  const notFolder = notAFolder(target, name === 'plan' ? '--dist' : target.single !== undefined ? '--out' : '--dist', values.out ?? values.dist);
  if (notFolder !== undefined) throw new UsageError(notFolder);

  const out = await OutputDirectory.open(target.root, { create: name === 'synth', lockTimeoutMs, signal, overwriteEdits: values.force });
  // `npx cdk8s synth` (cdk8s.yaml) runs this command with CDK8S_OUTDIR, a scratch folder it empties
  // first and expects to exist afterwards: calico-stack writes into --dist as always, never there.
  // The cdk8s CLI keeps the app's stdout to itself: what the run says goes to stderr then.
  const cdk8sOutdir = process.env.CDK8S_OUTDIR;
  if (cdk8sOutdir) {
    fs.mkdirSync(cdk8sOutdir, { recursive: true });
    process.stdout.write = process.stderr.write.bind(process.stderr);
    process.on('exit', (code) => {
      if (code === 0) process.stderr.write(`(calico-stack writes into ${out.display('')}/; cdk8s's own output folder ${path.relative(process.cwd(), cdk8sOutdir)}/ stays empty)\n`);
    });
  }
  try {
    reportRecovery(out);
    if (name === 'plan') return commands.plan().plan(files, out, target);
    if (name === 'check') {
      const jobs = commands.clusters().loadJobs(files, out, target, values.strict);
      return jobs ? commands.check().check(jobs, out, target) : 1;
    }
    return await commands.synth().synth(files, out, target, { force: values.force, cache, strict: values.strict, signal }, progress);
  } finally {
    out.close();
  }
}

/**
 * Why the output folder cannot be one (a file where it or its root should be), or undefined. Said
 * before anything is opened, in the words of the option the user gave.
 */
function notAFolder(target: Clusters.Target, flag: string, given: string): string | undefined {
  const checks = target.single !== undefined ? [path.join(target.root, target.single), target.root] : [target.root];
  for (const dir of checks) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      continue;
    }
    if (st.isDirectory()) return undefined;
    const what = dir === path.resolve(given) ? `${given} is a file` : `${path.relative(process.cwd(), dir) || '.'} (in ${given}) is a file`;
    return `${flag} ${given}: ${what}, not a folder — ${flag} names the folder calico-stack writes ${flag === '--out' ? 'the cluster\'s files into (e.g. dist/<name>)' : 'each cluster\'s folder into (e.g. dist)'}`;
  }
  return undefined;
}

function reportRecovery(out: OutputDirectory): void {
  const r = out.recovered;
  if (r === undefined || r.outcome === 'discarded') return;
  const folders = r.folders.map((f) => `${out.display(f)}/`).join(', ');
  process.stderr.write(r.outcome === 'rolled back'
    ? `restored ${folders} as it was before an interrupted calico-stack run\n`
    : `completed the write of ${folders} that an interrupted calico-stack run had committed\n`);
}

/**
 * The repository settings next to the cluster files' folder, or undefined when there is no such
 * file (nothing loaded then). Settings the render cache knows by the file's path and text are
 * taken from it: the YAML and schema libraries are loaded only to parse a file it does not know.
 */
function repositorySettings(clustersDir: string, cache: RenderCache | undefined): Settings.RepositorySettings | undefined {
  const file = settingsFileOf(clustersDir);
  try {
    fs.lstatSync(file);
  } catch {
    return undefined;
  }
  const read = readSettingsFile(file);
  if (!('text' in read)) return read;
  const cached = cache?.settings(file, read.digest);
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = (require('./config/repository-settings') as typeof Settings).parseRepositorySettings(read);
  cache?.setSettings(file, read.digest, settings);
  return settings;
}

function clusterFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new UsageError(`no cluster folder ${dir}/ (create ${dir}/<name>.yaml, or pass --config <file> --out <dir>)`);
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new UsageError(`${dir}/ has no *.yaml cluster files`);
  return files;
}

function didYouMean(command: string): string {
  const near = closest(command, COMMANDS);
  return near === undefined ? ` (the commands are ${COMMANDS.join(', ')})` : ` (did you mean ${near}?)`;
}

function seconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--lock-timeout: ${JSON.stringify(text)} is not a number of seconds`);
  return n * 1000;
}

/**
 * Runs the command line `argv` (without node and the script) and sets the exit code. SIGINT,
 * SIGTERM and SIGHUP interrupt a run, and so does the end of the process that started it (as
 * SIGHUP): before its write commits, every folder is rolled back and the exit code is 128 + the
 * signal's number; once committed, the write stands, the run ends normally (exit 0) and says so.
 */
export async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  const progress: Synth.SynthProgress = { committed: false };
  const onSignal = (name: NodeJS.Signals) => controller.abort(name);
  for (const name of Object.keys(SIGNAL_EXIT)) process.on(name, onSignal);
  // Started through npm, node is the child of a shell (`sh -c`) npm started. npm passes a SIGTERM or
  // SIGINT on to that shell only; Debian's and Ubuntu's sh (dash) dies of it without passing it on,
  // and npm exits. A parent that is gone is taken as a hangup: the run rolls back and ends.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) controller.abort(PARENT_GONE);
  }, 100);
  orphaned.unref();
  try {
    process.exitCode = await command(argv, controller.signal, progress);
    if (controller.signal.aborted) {
      process.stderr.write(`calico-stack: ${String(controller.signal.reason)} came after ${progress.committed ? 'every folder was written: the write stands' : 'the run had done its work'} (exit ${process.exitCode})\n`);
    }
  } catch (err) {
    const signal = controller.signal.aborted ? String(controller.signal.reason) : undefined;
    if (signal !== undefined && err === controller.signal.reason) {
      process.stderr.write(`calico-stack: interrupted by ${signal}; nothing was changed (every folder is as it was)\n`);
      process.exitCode = SIGNAL_EXIT[signal] ?? SIGNAL_EXIT.SIGHUP;
      return;
    }
    const e = err as Error;
    if (e instanceof UsageError) {
      process.exitCode = printUsageError(e);
    } else if (e instanceof JournalRefusedError) {
      process.stderr.write(`calico-stack: ${e.message}\n`);
      process.exitCode = REFUSED_JOURNAL_EXIT;
    } else if (e instanceof OwnershipConflictError || e instanceof LockHeldError || e instanceof TransactionError || e instanceof RollbackError
      || e instanceof HandEditsError) {
      process.stderr.write(`calico-stack: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`calico-stack: ${e.message}\nnothing was changed.${process.env.CALICO_STACK_DEBUG ? `\n${e.stack}` : ' (set CALICO_STACK_DEBUG=1 for a stack trace)'}\n`);
      process.exitCode = 1;
    }
  } finally {
    // A caller in the same process (a test, a script) keeps neither the watch nor the handlers.
    clearInterval(orphaned);
    for (const name of Object.keys(SIGNAL_EXIT)) process.off(name, onSignal);
  }
}
