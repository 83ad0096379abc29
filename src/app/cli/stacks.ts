/**
 * The command line's heavy half: everything that loads a cluster file (YAML, the schema), builds a
 * CalicoStack or renders one, and with it the render libraries (cdk8s, cdk8s-plus, the Grafana
 * SDK). src/main.ts loads this module only when a cluster must be loaded, checked or rendered, so
 * a synth of clusters that are unchanged since the last one never loads them.
 */
import { App } from 'cdk8s';
import { duplicateNames, nothingWritten, printFindings } from './report';
import { Finding, formatFindings, hasErrors } from '../../lib/common/findings';
import { forgetMemos, memo } from '../../lib/common/memo';
import { InputDigest } from '../config/inputs';
import { readClusterFile } from '../config/load';
import { OutputDirectory, OutputFolder } from '../output/output-directory';
import { readPreviousPools, renderedPools } from '../output/previous-render';
import { formatRecord } from '../output/record';
import { renderStack } from '../../lib/render/render';
import { RenderCache } from '../output/render-cache';
import { asNumberLines } from '../plan/bgp-plan';
import { kubeProxyPlan } from '../plan/kube-proxy';
import { formatManualSteps, manualSteps } from '../plan/manual-steps';
import { formatTable, networkRequirements } from '../plan/network-requirements';
import { prerequisites } from '../plan/prerequisites';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { ClusterSpec } from '../../lib/stack/cluster-spec';

/** Where a command reads and writes: an output root and, per cluster, a folder name in it. */
export interface Target {
  readonly root: string;
  /** `--out`: the one folder; otherwise every cluster's name. */
  readonly single?: string;
}

/** A cluster file, loaded and checked. */
export interface CheckedCluster {
  readonly spec?: ClusterSpec;
  /** The cluster, built and checked, when the file could be loaded. */
  readonly stack?: CalicoStack;
  readonly findings: Finding[];
  /** The files it was loaded from, with a spec. */
  readonly inputs?: readonly InputDigest[];
  /** JSON of the previous render's pools the stack was checked against ('null': none). */
  readonly previousPools?: string;
}

/**
 * Loads a cluster file and, when its shape is right, builds its CalicoStack, checked against the
 * previous render in its output folder: every finding of the file and of the stack.
 */
export function loadAndCheck(file: string, out: OutputDirectory, target: Target): CheckedCluster {
  const loaded = readClusterFile(file);
  if (!loaded.spec) return { findings: loaded.findings };
  const spec = loaded.spec;
  const previousPools = readPreviousPools(out.folderPath(target.single ?? spec.name));
  // One App per cluster: the stack's id need not be unique (nor a valid construct id, as a name like "constructor" is not).
  const stack = new CalicoStack(new App(), 'cluster', spec, { previousPools });
  return { spec, stack, findings: [...loaded.findings, ...stack.findings], inputs: loaded.inputs, previousPools: JSON.stringify(previousPools ?? null) };
}

/** A cluster of a synth: its findings, and its output folder when it has no errors. */
export interface SynthCluster {
  readonly name?: string;
  readonly findings: readonly Finding[];
  readonly folder?: OutputFolder;
}

/**
 * Loads, checks and (without errors) renders a cluster file for a synth, through the render cache
 * when there is one; records in the cache what the next synth needs to skip all that while the
 * cluster's files do not change. The stack is not kept: only its files are.
 */
export function synthCluster(file: string, out: OutputDirectory, target: Target, cache: RenderCache | undefined): SynthCluster {
  const checked = loadAndCheck(file, out, target);
  const { spec, stack, findings } = checked;
  if (!spec || !stack || hasErrors(findings)) return { name: spec?.name, findings };
  let files = cache?.get(spec);
  if (!files) files = renderStack(stack);
  files = new Map([...files].map(([name, text]) => [name, intern(text)]));
  if (cache && checked.inputs) {
    const renderKey = cache.set(spec, files);
    const [clusterFile, ...inputs] = checked.inputs;
    cache.setCluster(clusterFile, {
      name: spec.name,
      inputs,
      record: formatRecord(files),
      renderedPools: JSON.stringify(renderedPools(files) ?? null),
      renderKey,
    }, checked.previousPools!, findings);
  }
  return { name: spec.name, findings, folder: { name: target.single ?? spec.name, files } };
}

/** Every distinct file text of the run, once: a fleet's clusters share most files (the operator of a release, ...). */
const texts = memo<string, string>();

function intern(text: string): string {
  const known = texts.get(text);
  if (known !== undefined) return known;
  texts.set(text, text);
  return text;
}

/**
 * The files of a cluster file known to have no errors (its render cache entry said so), rendered.
 * Throws when it has errors after all (it changed during the run).
 */
export function renderFile(file: string, out: OutputDirectory, target: Target): Map<string, string> {
  const { stack, findings } = loadAndCheck(file, out, target);
  if (!stack || hasErrors(findings)) throw new Error(`${file} changed during the run: ${formatFindings(findings, file)}`);
  return renderStack(stack);
}

/**
 * Loads, checks and renders cluster files, and keeps nothing: the warm-up of the startup snapshot
 * (src/main.ts), which compiles the code paths they take. Every memo is emptied afterwards, so the
 * snapshot holds code, not results. A file with errors is checked but not rendered.
 */
export function warmUp(files: readonly string[]): void {
  for (const file of files) {
    const { spec } = readClusterFile(file);
    if (!spec) continue;
    const stack = new CalicoStack(new App(), 'cluster', spec);
    if (!hasErrors(stack.findings)) renderStack(stack);
  }
  forgetMemos();
}

/** A cluster of a check: loaded, checked and without errors. */
export interface Job {
  readonly file: string;
  readonly spec: ClusterSpec;
  /** The cluster, built and checked (no errors). */
  readonly stack: CalicoStack;
  /** The output folder's name inside the output root. */
  readonly folder: string;
}

/** Loads and checks every file; prints findings; returns undefined when any file fails. */
export function loadJobs(files: readonly string[], out: OutputDirectory, target: Target, strict: boolean): Job[] | undefined {
  const jobs: Job[] = [];
  let failed = false;
  for (const file of files) {
    const { spec, stack, findings } = loadAndCheck(file, out, target);
    if (printFindings(file, findings, strict) || !spec || !stack) failed = true;
    else jobs.push({ file, spec, stack, folder: target.single ?? spec.name });
  }
  failed = duplicateNames(jobs.map((j) => ({ file: j.file, name: j.spec.name }))) || failed;
  if (failed) {
    nothingWritten(files);
    return undefined;
  }
  return jobs;
}

/** Prints, per cluster, the findings and the network requirements; exit 1 when any cluster has errors. */
export function plan(files: readonly string[], out: OutputDirectory): number {
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
      // Derived from the rendered files, so only for a cluster without errors (a render of one throws).
      const steps = hasErrors(findings) ? [] : manualSteps(stack);
      if (steps.length > 0) process.stdout.write(`\nSteps a manifest cannot take (do them by hand, in this order):\n${formatManualSteps(steps)}\n`);
    }
    process.stdout.write('\n');
  }
  return failed ? 1 : 0;
}

/** Renders every cluster (never from the cache) and compares with what the output folders hold. */
export function check(jobs: readonly Job[], out: OutputDirectory, target: Target): number {
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
