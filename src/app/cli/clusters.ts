/**
 * Loading, checking and rendering cluster files for the commands: the cluster file (YAML, the
 * schema), the CalicoStack and the render libraries (cdk8s, cdk8s-plus, the Grafana SDK). The
 * synth of a fleet whose clusters are unchanged (cli/synth.ts, through the render cache) never
 * loads this module; every other command does.
 */
import { App } from 'cdk8s';
import { duplicateNames, nothingWritten, printFindings } from './report';
import { onWarnings } from '../../lib/common/checks';
import { error, Finding, formatFindings, hasErrors, Severity } from '../../lib/common/findings';
import { Memos, useMemos } from '../../lib/common/memo';
import { renderStackObjects } from '../../lib/render/render';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { ClusterSpec } from '../../lib/stack/cluster-spec';
import { InputDigest } from '../config/inputs';
import { readClusterFile } from '../config/load';
import { dataplaneChangeFindings } from '../day2/dataplane-changes';
import { poolChangeFindings } from '../day2/pool-changes';
import { OutputDirectory, OutputFolder } from '../output/output-directory';
import { withClusterPage } from '../plan/cluster-page';
import { committedFile, committedInstallation, committedObjects, InstallationShape, installationShape, renderedInstallation, renderedObjects } from '../output/previous-render';
import { committedRelease, upgradePlan, UpgradePlan, upgradeSummary } from '../day2/upgrade-plan';
import { RELEASES } from '../../lib/calico/releases';
import { Stage, STAGES } from '../../lib/gitops/stages';
import { MANIFEST_EXTENSION } from '../../lib/render/layout';
import { formatRecord } from '../output/record';
import { RenderCache } from '../output/render-cache';
import { FleetEntry, fleetEntry, fleetMembership, lastStage, withFleetDefaults } from './fleet';
import { RepositorySettings, SETTINGS_FILE } from '../config/repository-settings';
import type { FleetMembership } from '../../lib/gitops/fleet';

/** Where a command reads and writes: an output root and, per cluster, a folder name in it. */
export interface Target {
  readonly root: string;
  /** `--out`: the one folder; otherwise every cluster's name. */
  readonly single?: string;
  /**
   * The repository's settings (config/repository-settings.ts), read once by the command.
   * @default - none: no fleet
   */
  readonly repository?: RepositorySettings;
}

/** The output folder of a cluster named `name`. */
export function folderOf(target: Target, name: string): string {
  return target.single ?? name;
}

/** A cluster file, loaded and checked. */
export interface CheckedCluster {
  readonly spec?: ClusterSpec;
  /** The cluster, built and checked, when the file could be loaded. */
  readonly stack?: CalicoStack;
  /** Every finding of the file and of the stack (not of the comparison with the committed render). */
  readonly findings: Finding[];
  /** The files it was loaded from, with a spec. */
  readonly inputs?: readonly InputDigest[];
  /** How it takes part in the repository's fleet, when it does. */
  readonly membership?: FleetMembership;
}

/**
 * What the clusters of a run share: the memos of every App the run builds (a fleet's clusters have
 * most of their YAML text and every CEL rule in common).
 */
const runMemos = new Memos();

/**
 * Loads a cluster file and, when its shape is right, builds its CalicoStack: every finding of the
 * file and of the stack. A failure of calico-stack itself on one cluster is that cluster's error
 * finding: the other clusters of the run are still loaded and reported.
 */
export function loadAndCheck(file: string, repository?: RepositorySettings): CheckedCluster {
  try {
    const loaded = readClusterFile(file);
    if (!loaded.spec) return { findings: loaded.findings };
    const spec = withFleetDefaults(loaded.spec, repository?.fleet);
    const member = fleetMembership(spec, repository?.fleet, repository?.file ?? SETTINGS_FILE);
    // One App per cluster: the stack's id need not be unique (nor a valid construct id, as a name like "constructor" is not).
    const app = new App();
    useMemos(app, runMemos);
    // Findings, warnings included, are printed with the cluster file's name by the commands.
    onWarnings(app, () => undefined);
    const stack = new CalicoStack(app, 'cluster', spec);
    return {
      spec, stack, findings: [...loaded.findings, ...member.findings, ...stack.findings], inputs: loaded.inputs,
      ...(member.membership ? { membership: member.membership } : {}),
    };
  } catch (err) {
    const e = err as Error;
    return {
      findings: [error(file, `calico-stack failed on this cluster: ${e.message}`, {
        fix: `this is a bug of calico-stack: please report it with the stack trace that CALICO_STACK_DEBUG=1 prints${process.env.CALICO_STACK_DEBUG ? `\n${e.stack}` : ''}`,
      })],
    };
  }
}

/**
 * The findings of comparing a render with the committed one in output folder `folder` (day2/):
 * what the operator cannot change in place, and what a change leaves to be done by hand. `next` is
 * the render's Installation.
 */
export function comparisonFindings(out: OutputDirectory, folder: string, next: InstallationShape | undefined): Finding[] {
  const previous = committedInstallation(out.folderPath(folder));
  return [...poolChangeFindings(previous, next), ...dataplaneChangeFindings(previous, next)];
}

/**
 * The files of a cluster's output folder as the commands write and compare them: the stack's render
 * (renderStack(), which a library user gets too) and the cluster page, README.md
 * (plan/cluster-page.ts), which reads the network requirements and manual steps of the application.
 */
export function renderCluster(stack: CalicoStack, fleet?: FleetMembership): Map<string, string> {
  return withClusterPage(stack, renderStackObjects(stack, fleet));
}

/** What the upgrade plan of a cluster needs besides its render. */
export interface UpgradeContext {
  readonly clusterFile: string;
  /** The cluster's Kubernetes version, when the cluster file gives it. */
  readonly kubernetes?: string;
}

/**
 * The upgrade plan of a render compared with the committed one in output folder `folder` (day2/),
 * or undefined when the folder holds no render or one of the same Calico release. The new release is
 * read from the render's operator Deployment, so a render from the cache needs no stack.
 */
export function upgradeOf(out: OutputDirectory, folder: string, files: ReadonlyMap<string, string>, context: UpgradeContext): UpgradePlan | undefined {
  const isOperator = (f: string) => !f.includes('/') && f.endsWith(OPERATOR_FILE);
  const next = committedRelease(renderedObjects(new Map([...files].filter(([f]) => isOperator(f))), 'Deployment'), RELEASES);
  if (next.kind !== 'known') return undefined;
  const dir = out.folderPath(folder);
  // The committed operator file alone first: most runs end here (no committed render, or the same release).
  const operatorOnly = committedObjects(dir, isOperator, 'Deployment');
  const committed = committedRelease(operatorOnly, RELEASES);
  if (operatorOnly.unreadable.length === 0 && (committed.kind === 'none' || (committed.kind === 'known' && committed.release.version === next.release.version))) return undefined;
  return upgradePlan({
    clusterFile: context.clusterFile,
    folder: out.display(folder),
    committed: committedObjects(dir),
    committedFlux: committedFile(dir, 'flux/sync.yaml'),
    next: files,
    release: next.release,
    catalog: RELEASES,
    ...(context.kubernetes !== undefined ? { kubernetes: context.kubernetes } : {}),
  });
}

/** The file name every render's operator manifest ends with (`0000-tigera-operator.k8s.yaml`). */
const OPERATOR_FILE = `-${STAGES.get(Stage.OPERATOR)!.file}${MANIFEST_EXTENSION}`;

/** A cluster of a synth: its findings, and its output folder when it has no errors. */
export interface SynthCluster {
  readonly name?: string;
  readonly findings: readonly Finding[];
  readonly folder?: OutputFolder;
  /** When the Calico release changes from the committed render: the lines synth prints about it. */
  readonly upgrade?: readonly string[];
  /** When it is a member of the repository's fleet. */
  readonly fleet?: FleetEntry;
}

/** What synth says when a render changes the Calico release of the committed one: a few lines, and what upstream refuses (errors). */
export interface UpgradeSummary {
  readonly lines: readonly string[];
  readonly errors: readonly Finding[];
}

/** The upgrade summary of a render compared with the committed one in `folder`, or undefined when the release does not change. */
export function upgradeSummaryOf(out: OutputDirectory, folder: string, files: ReadonlyMap<string, string>, clusterFile: string): UpgradeSummary | undefined {
  const plan = upgradeOf(out, folder, files, { clusterFile });
  if (!plan) return undefined;
  // This synth replaces the committed folder: the plan then needs the folder as committed.
  const where = out.display(folder);
  const command = `git stash push -- ${where} && npm run plan -- --config ${clusterFile}; git stash pop`;
  return { lines: upgradeSummary(plan, command, where), errors: plan.findings.filter((f) => f.severity === Severity.ERROR) };
}

/**
 * Loads, checks and (without errors) renders a cluster file for a synth, through the render cache
 * when there is one; records in the cache what the next synth needs to skip all that while the
 * cluster's files do not change. The stack is not kept: only its files are.
 */
export function synthCluster(file: string, out: OutputDirectory, target: Target, cache: RenderCache | undefined): SynthCluster {
  const { spec, stack, findings, inputs, membership } = loadAndCheck(file, target.repository);
  if (!spec || !stack || hasErrors(findings)) return { name: spec?.name, findings };
  let files = cache?.get(spec);
  if (!files) files = renderCluster(stack, membership);
  const fleet = membership ? fleetEntry(spec, membership, lastStage(stack.stages.map((s) => s.stage))) : undefined;
  files = new Map([...files].map(([name, text]) => [name, intern(text)]));
  // From the stack's object, not by parsing the render's YAML again (the same values: test/day2).
  const installation = installationShape(stack.calico.installation.resource.toJson());
  if (cache && inputs) {
    const renderKey = cache.set(spec, files);
    const [clusterFile, ...others] = inputs;
    cache.setCluster(clusterFile, { name: spec.name, inputs: others, record: formatRecord(files), installation: JSON.stringify(installation ?? null), findings, renderKey, ...(fleet ? { fleet } : {}) });
  }
  const folder = folderOf(target, spec.name);
  const upgrade = upgradeSummaryOf(out, folder, files, file);
  return {
    name: spec.name,
    findings: [...findings, ...comparisonFindings(out, folder, installation), ...(upgrade?.errors ?? [])],
    folder: { name: folder, files },
    ...(upgrade ? { upgrade: upgrade.lines } : {}),
    ...(fleet ? { fleet } : {}),
  };
}

/** Every distinct file text of the run, once: a fleet's clusters share most files (the operator of a release, ...). */
const texts = new Map<string, string>();

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
export function renderFile(file: string, repository?: RepositorySettings): Map<string, string> {
  const { stack, findings, membership } = loadAndCheck(file, repository);
  if (!stack || hasErrors(findings)) throw new Error(`${file} changed during the run: ${formatFindings(findings, file)}`);
  return renderCluster(stack, membership);
}

/** A cluster of a check or plan: loaded, checked and without errors. */
export interface Job {
  readonly file: string;
  readonly spec: ClusterSpec;
  /** The cluster, built and checked (no errors). */
  readonly stack: CalicoStack;
  /** The output folder's name inside the output root. */
  readonly folder: string;
  /** Its rendered files. */
  readonly files: Map<string, string>;
  /** When it is a member of the repository's fleet. */
  readonly fleet?: FleetEntry;
}

/**
 * Loads, checks and renders every file, compared with its committed render; prints findings;
 * returns undefined when any file fails.
 */
export function loadJobs(files: readonly string[], out: OutputDirectory, target: Target, strict: boolean): Job[] | undefined {
  const jobs: Job[] = [];
  let failed = false;
  for (const file of files) {
    const { spec, stack, findings, membership } = loadAndCheck(file, target.repository);
    const rendered = spec && stack && !hasErrors(findings) ? renderCluster(stack, membership) : undefined;
    const folder = spec ? folderOf(target, spec.name) : '';
    const all = rendered ? [...findings, ...comparisonFindings(out, folder, renderedInstallation(rendered))] : findings;
    if (printFindings(file, all, strict) || !spec || !stack || !rendered) failed = true;
    else jobs.push({ file, spec, stack, folder, files: rendered, ...(membership ? { fleet: fleetEntry(spec, membership, lastStage(stack.stages.map((st) => st.stage))) } : {}) });
  }
  failed = duplicateNames(jobs.map((j) => ({ file: j.file, name: j.spec.name }))) || failed;
  if (failed) {
    nothingWritten(files);
    return undefined;
  }
  return jobs;
}
