/**
 * `synth`: loads, checks and renders every cluster file, then writes every output folder all or
 * nothing (output/). A cluster whose files are unchanged since an earlier synth comes from the
 * render cache without loading its file or building its stack: a synth of an unchanged fleet
 * loads neither the YAML library nor cdk8s (cli/clusters.ts is loaded for the first cluster that
 * needs it).
 */
import * as path from 'path';
import type * as Clusters from './clusters';
import type * as Fleet from './fleet';
import type { FleetEntry } from '../../lib/render/fleet';
import { FLEET_FOLDER } from '../../lib/render/layout';
import { duplicateNames, nothingWritten, printFindings } from './report';
import { Finding } from '../../lib/common/findings';
import { InputDigest, inputsUnchanged, readDigest } from '../config/inputs';
import { FolderPlan, NOT_OURS } from '../output/folder-plan';
import { OutputDirectory, OutputFolder, RecordedOutputFolder } from '../output/output-directory';
import { RenderCache, restoreFinding } from '../output/render-cache';
import type { FleetSettings } from '../config/repository-settings';

/** Options of {@link synth}. */
export interface SynthOptions {
  readonly force: boolean;
  /** The render cache (none: render every cluster and the fleet folder). */
  readonly cache?: RenderCache;
  readonly strict: boolean;
  readonly signal: AbortSignal;
}

/** What a synth did, for the exit message of a run interrupted after its write. */
export interface SynthProgress {
  /** Set once every folder is written (the transaction committed). */
  committed: boolean;
}

/** The loading, checking and rendering half, loaded on first use. */
function clusters(): typeof Clusters {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./clusters') as typeof Clusters;
}

/** A cluster of a synth, loaded and checked without errors. */
interface SynthJob {
  readonly file: string;
  readonly name: string;
  readonly folder: OutputFolder | RecordedOutputFolder;
  /** The upgrade summary, when the Calico release changes from the committed render. */
  readonly upgrade?: readonly string[];
  /** When it is a member of the repository's fleet. */
  readonly fleet?: FleetEntry;
}

/** The fleet folder's half, loaded only when the repository has a fleet. */
function fleetModule(): typeof Fleet {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./fleet') as typeof Fleet;
}

export async function synth(files: readonly string[], out: OutputDirectory, target: Clusters.Target, options: SynthOptions, progress: SynthProgress): Promise<number> {
  // Every render depends on the repository's settings too (the fleet), and its findings may name the file: both are part of the cache's key.
  const settings = target.repository;
  const cache = options.cache?.withContext(settings?.digest ? `${settings.digest.sha256}\0${settings.file ?? ''}` : '');
  const fleet = target.single === undefined ? target.repository?.fleet : undefined;
  const jobs: SynthJob[] = [];
  const seen = new Map<string, InputDigest | undefined>();
  let failed = false;
  for (const file of files) {
    await checkpoint(options.signal);
    const cluster = (cache ? unchangedCluster(file, cache, out, target, seen) : undefined) ?? clusters().synthCluster(file, out, target, cache);
    if (printFindings(file, cluster.findings, options.strict) || cluster.name === undefined || cluster.folder === undefined) failed = true;
    else jobs.push({ file, name: cluster.name, folder: cluster.folder, ...(cluster.upgrade ? { upgrade: cluster.upgrade } : {}), ...(cluster.fleet ? { fleet: cluster.fleet } : {}) });
  }
  if (duplicateNames(jobs) || failed) return nothingWritten(files);
  // The fleet folder is the whole repository's: a --config run never writes it.
  const fleetFolder = fleet ? fleetFolderOf(fleet, jobs.flatMap((job) => (job.fleet ? [job.fleet] : [])), cache) : undefined;
  const writePlan = out.plan([...jobs.map((job) => job.folder), ...(fleetFolder ? [fleetFolder] : [])], { prune: target.single === undefined, overwriteEdits: options.force });
  await out.write(writePlan, { signal: options.signal, onWarning: (m) => process.stderr.write(`warning: ${m}\n`) });
  progress.committed = true;
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
    for (const line of job.upgrade ?? []) process.stdout.write(`  ${line}\n`);
  }
  const fleetPlan = fleetFolder && byFolder.get(fleetFolder.name);
  if (fleetPlan) process.stdout.write(`rendered the fleet → ${out.display(fleetPlan.name)}/ (${summary(fleetPlan)})\n`);
  for (const f of writePlan.folders.filter((p) => p.status === 'removed')) {
    const where = `${out.display(f.name)}/`;
    if (f.name === FLEET_FOLDER && f.kept.length === 0) process.stdout.write(`removed ${where} (no fleet in the repository settings)\n`);
    else if (f.kept.length === 0) process.stdout.write(`removed ${where} (its cluster file is gone)\n`);
    else process.stdout.write(`removed calico-stack's files from ${where} (its cluster file is gone); kept ${f.kept.map((k) => `${path.posix.relative(where, k.path)} (${k.reason})`).join(', ')}\n`);
  }
  return 0;
}

/**
 * The fleet folder of `fleet` and its members `entries`: from the render cache when it was built
 * from the same values before (then cdk8s is not loaded), else built and stored there.
 */
function fleetFolderOf(fleet: FleetSettings, entries: readonly FleetEntry[], cache: RenderCache | undefined): OutputFolder {
  const cached = cache?.fleet({ fleet, entries });
  if (cached) return { name: FLEET_FOLDER, files: cached };
  const folder = fleetModule().fleetFolder(fleet, entries);
  cache?.setFleet({ fleet, entries }, folder.files);
  return folder;
}

/**
 * A cluster the render cache already knows, without loading its file or building its stack: its
 * cluster file and the files it names have the contents they had at an earlier synth. A folder
 * that holds the render already is not read again by the plan (and cannot differ from it); any
 * other folder is compared with the cached render's Installation, and planned with the
 * cached files, so a missing or hand-edited file is restored or refused as always. Undefined when
 * the cache does not know the cluster (it is then loaded, checked and rendered).
 */
function unchangedCluster(file: string, cache: RenderCache, out: OutputDirectory, target: Clusters.Target, seen: Map<string, InputDigest | undefined>): { name: string; findings: Finding[]; folder: RecordedOutputFolder; upgrade?: readonly string[]; fleet?: FleetEntry } | undefined {
  const clusterFile = readDigest(file, 'clusterFile');
  const entry = clusterFile && cache.cluster(clusterFile);
  if (!entry || !inputsUnchanged(entry.inputs, seen)) return undefined;
  const folder = target.single ?? entry.name;
  const findings = entry.findings.map(restoreFinding);
  // The render is read only for a folder that does not hold it (rendered again if the entry is gone), once.
  let files: Map<string, string> | undefined;
  const render = () => (files ??= cache.render(entry.renderKey) ?? clusters().renderFile(file, target.repository));
  let upgrade: readonly string[] | undefined;
  if (!out.holds(folder, entry.record)) {
    findings.push(...clusters().comparisonFindings(out, folder, JSON.parse(entry.installation)));
    // A folder that holds the render has the same Calico release: an upgrade shows only here.
    const summary = clusters().upgradeSummaryOf(out, folder, render(), file);
    upgrade = summary?.lines;
    findings.push(...(summary?.errors ?? []));
  }
  return {
    name: entry.name,
    findings,
    folder: { name: folder, record: entry.record, files: render },
    ...(upgrade ? { upgrade } : {}),
    ...(entry.fleet ? { fleet: entry.fleet } : {}),
  };
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

/** Lets signal handlers run, then stops if one did. */
async function checkpoint(signal: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal.throwIfAborted();
}
