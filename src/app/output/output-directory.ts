/**
 * An output root (e.g. `dist/`) opened for one run: locked for the run's whole duration, with any
 * transaction a killed run left there completed or rolled back first. Output folders are its
 * direct sub-folders (`dist/<cluster>/`).
 *
 *   const out = await OutputDirectory.open('dist');
 *   try {
 *     const plan = out.plan([{ name: 'prod', files }], { prune: true });  // throws on a conflict, nothing changed
 *     await out.write(plan);                                               // all or nothing
 *   } finally {
 *     out.close();
 *   }
 *
 * writeOutputFolders() does exactly that in one call.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FolderPlan, FolderState, NOT_OURS, OwnershipConflictError, planFolder, planRemoval, planUnchangedFolder, readFolder } from './folder-plan';
import { describeProblem, readBounded } from '../common/bounded-read';
import { OUTPUT_FILE_LIMIT } from './limits';
import { LOCK_FILE, OutputLock } from './lock';
import { byPath, RECORD_FILE, sha256 } from './record';
import { isMachinery, Recovery, recoverTransaction, runTransaction, TXN_DIR } from './transaction';

/** The content of one output folder. */
export interface OutputFolder {
  /** The folder's name inside the output root: one path segment. */
  readonly name: string;
  /** Every file calico-stack writes there: `/`-separated relative path → content. */
  readonly files: ReadonlyMap<string, string | Uint8Array>;
}

/**
 * An output folder known by the ownership record of its files (the `calico-stack.sum` text they
 * give), its files produced only when needed: a folder that already holds exactly those files (every
 * one with the hash the record gives) is planned as unchanged without them; otherwise `files()` is
 * called and the folder is planned as an {@link OutputFolder} with those files, so a missing or
 * hand-edited file is restored or refused as always.
 */
export interface RecordedOutputFolder {
  /** The folder's name inside the output root: one path segment. */
  readonly name: string;
  /** The ownership record the files give, exactly as calico-stack writes it. */
  readonly record: string;
  /** Every file calico-stack writes there; called only when the folder does not hold them already. */
  readonly files: () => ReadonlyMap<string, string | Uint8Array>;
}

/** Options of {@link OutputDirectory.open}. */
export interface OpenOptions {
  /**
   * How long to wait while another run holds the root.
   * @default 10000
   */
  readonly lockTimeoutMs?: number;
  /**
   * Create the root (and its missing parents) when it does not exist; created folders that are
   * still empty at close() are removed again.
   * @default true
   */
  readonly create?: boolean;
  /** Stops waiting for the lock. */
  readonly signal?: AbortSignal;
  /**
   * Roll an interrupted write back even over files changed since it wrote them.
   * @default false
   */
  readonly overwriteEdits?: boolean;
}

/** Options of {@link OutputDirectory.plan}. */
export interface PlanOptions {
  /**
   * Also remove calico-stack's files from the root's other output folders (those with a record
   * that are not in this write: their cluster is gone).
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Overwrite calico-stack's files that were changed by hand since it wrote them.
   * @default false
   */
  readonly overwriteEdits?: boolean;
}

/** What a write will do, folder by folder (from {@link OutputDirectory.plan}). */
export interface WritePlan {
  readonly folders: readonly FolderPlan[];
}

/** Options of {@link OutputDirectory.write}. */
export interface WriteOptions {
  /** Aborting rolls the write back (checked between steps). */
  readonly signal?: AbortSignal;
  /** Problems after the commit, which do not undo it. */
  readonly onWarning?: (message: string) => void;
}

/** What a comparison of rendered folders with the root found. */
export interface Comparison {
  /** Lines like `changed: prod/0001-calico.k8s.yaml (first difference at line 12)`; empty when up to date. */
  readonly differences: readonly string[];
  /** Files left alone because they are not calico-stack's. */
  readonly notOurs: readonly string[];
}

/** The default wait for another run's lock. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

/** Names in an output root that belong to calico-stack's machinery, not to output folders. */
export function isInternalName(name: string): boolean {
  return isMachinery(name);
}

/**
 * An output root opened for one run: locked, with an interrupted earlier write completed or rolled
 * back. Plans and writes output folders all or nothing, never over files calico-stack did not write
 * (each folder's `calico-stack.sum` records what it wrote).
 */
export class OutputDirectory {
  /** Locks `root` (waiting up to `lockTimeoutMs`) and recovers an interrupted transaction there. */
  public static async open(root: string, options: OpenOptions = {}): Promise<OutputDirectory> {
    const created: string[] = [];
    if (!fs.existsSync(root)) {
      if (options.create === false) return new OutputDirectory(path.resolve(root), path.resolve(root), undefined, undefined, []);
      for (let dir = path.resolve(root); !fs.existsSync(dir); dir = path.dirname(dir)) created.unshift(dir);
      fs.mkdirSync(root, { recursive: true });
    }
    const real = fs.realpathSync(root);
    let lock: OutputLock | undefined;
    try {
      lock = await OutputLock.acquire(real, { timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, signal: options.signal });
      return new OutputDirectory(real, path.resolve(root), lock, recoverTransaction(real, { overwriteEdits: options.overwriteEdits }), created);
    } catch (err) {
      lock?.release();
      removeIfEmpty(created);
      throw err;
    }
  }

  private constructor(
    /** The root's real path. */
    readonly root: string,
    /** The root as the caller named it (absolute), for messages. */
    private readonly named: string,
    private lock: OutputLock | undefined,
    /** What was done with a transaction a killed run left, if there was one. */
    readonly recovered: Recovery | undefined,
    private readonly created: readonly string[],
  ) {}

  /** Folders that holds() found holding their files, by name: plan() does not read them again. */
  private readonly unchanged = new Map<string, { readonly record: string; readonly plan: FolderPlan }>();

  /** Absolute path of an output folder. */
  public folderPath(name: string): string {
    return path.join(this.root, name);
  }

  /**
   * Whether output folder `name` exists and holds exactly the files whose ownership record is
   * `record`, its record included (every file that record lists, with the hash it gives). Reads the
   * files; a later plan() of the same folder and record does not read them again.
   */
  public holds(name: string, record: string): boolean {
    this.assertOpen();
    checkFolderName(name);
    if (this.unchanged.get(name)?.record === record) return true;
    const state = readFolder(this.root, name, this.display(name));
    const plan = 'problem' in state ? undefined : planUnchangedFolder(state, record, this.display(name));
    if (plan === undefined) return false;
    this.unchanged.set(name, { record, plan });
    return true;
  }

  /**
   * What writing `folders` would change. Throws OwnershipConflictError listing every problem when
   * any folder or file is not calico-stack's to write or remove (nothing has changed then).
   */
  public plan(folders: ReadonlyArray<OutputFolder | RecordedOutputFolder>, options: PlanOptions = {}): WritePlan {
    this.assertOpen();
    const problems: string[] = [];
    const plans: FolderPlan[] = [];
    const names = new Set<string>();
    const buffers = new Map<string, Buffer>();
    for (const folder of folders) {
      checkFolderName(folder.name);
      if (names.has(folder.name)) throw new Error(`output folder ${JSON.stringify(folder.name)} is written twice in one run`);
      names.add(folder.name);
      const known = 'record' in folder && this.holds(folder.name, folder.record) ? this.unchanged.get(folder.name)!.plan : undefined;
      if (known) {
        plans.push(known);
        continue;
      }
      const state = readFolder(this.root, folder.name, this.display(folder.name));
      const files = typeof folder.files === 'function' ? folder.files() : folder.files;
      if ('problem' in state) problems.push(state.problem);
      else plans.push(planFolder(state, files, this.display(folder.name), options.overwriteEdits ?? false, problems, buffers));
    }
    if (options.prune) {
      for (const state of this.otherOutputFolders(names)) {
        if ('problem' in state) problems.push(state.problem);
        else plans.push(planRemoval(state, this.display(state.name)));
      }
    }
    if (problems.length > 0) throw new OwnershipConflictError(problems);
    return { folders: plans };
  }

  /** Carries out a plan all or nothing (transaction.ts). */
  public async write(plan: WritePlan, options: WriteOptions = {}): Promise<void> {
    this.assertOpen();
    // What holds() saw is not trusted beyond this write: the folders may change after it.
    this.unchanged.clear();
    const folders = plan.folders.filter((f) => f.changes.length > 0);
    if (folders.length === 0) return;
    await runTransaction(this.root, {
      changes: folders.flatMap((f) => f.changes),
      createDirs: folders.flatMap((f) => f.createDirs),
      removeDirs: folders.flatMap((f) => f.removeDirs),
    }, options);
  }

  /**
   * Compares `folders` with what the root holds, as `plan` would see it, without writing.
   * With `prune`, other folders with a record are differences too (synth would remove them).
   */
  public compare(folders: readonly OutputFolder[], options: { prune?: boolean } = {}): Comparison {
    const differences: string[] = [];
    const notOurs: string[] = [];
    for (const folder of folders) {
      checkFolderName(folder.name);
      const state = readFolder(this.root, folder.name, folder.name);
      if ('problem' in state) {
        differences.push(`refused: ${state.problem}`);
        continue;
      }
      const problems: string[] = [];
      // Hand-edited files are planned as overwrites, so they show as changed (with a note).
      const plan = planFolder(state, folder.files, folder.name, true, problems);
      differences.push(...problems.map((p) => `refused: ${p}`));
      for (const change of plan.changes) {
        const rel = change.path.slice(folder.name.length + 1);
        if (change.op === 'delete') differences.push(`extra: ${change.path} (synth would remove it)`);
        else if (!change.existed) differences.push(`missing: ${change.path} (synth would create it)`);
        else {
          const read = readBounded(path.join(state.abs, rel), { limit: OUTPUT_FILE_LIMIT });
          const onDisk = 'data' in read ? read.data : Buffer.from(`(${describeProblem(read, OUTPUT_FILE_LIMIT)})`);
          const edited = state.owned.has(rel) && rel !== RECORD_FILE && state.owned.get(rel) !== sha256(onDisk);
          differences.push(`changed: ${change.path} (first difference at line ${firstDifferentLine(change.content!.toString('utf8'), onDisk.toString('utf8'))}`
            + `${edited ? '; changed by hand since calico-stack wrote it, so synth needs --force' : ''})`);
        }
      }
      notOurs.push(...plan.kept.map((k) => (k.reason === NOT_OURS ? k.path : `${k.path} (${k.reason})`)));
    }
    if (options.prune) {
      for (const state of this.otherOutputFolders(new Set(folders.map((f) => f.name)))) {
        if ('problem' in state) differences.push(`refused: ${state.problem}`);
        // A folder whose record lists nothing holds only files that are not calico-stack's: synth leaves it.
        else if (state.owned.size > 0) differences.push(`extra: ${state.name}/ (no cluster file renders it; synth would remove calico-stack's files there)`);
      }
    }
    return { differences, notOurs };
  }

  /** Releases the lock; removes folders open() created that are still empty. Safe to call twice. */
  public close(): void {
    this.lock?.release();
    this.lock = undefined;
    removeIfEmpty(this.created);
  }

  /** Output folders of the root with a record (or a damaged one: a problem), other than `except`. */
  private otherOutputFolders(except: ReadonlySet<string>): Array<FolderState | { problem: string; name: string }> {
    if (!fs.existsSync(this.root)) return [];
    return fs.readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !except.has(e.name) && !isInternalName(e.name) && fs.existsSync(path.join(this.root, e.name, RECORD_FILE)))
      .map((e) => e.name)
      .sort(byPath)
      .flatMap((name): Array<FolderState | { problem: string; name: string }> => {
        const state = readFolder(this.root, name, this.display(name));
        if ('problem' in state) return [{ ...state, name }];
        return state.hasRecord ? [state] : [];
      });
  }

  /** An output folder as the user named it, relative to the working folder (`dist/prod`). */
  public display(name: string): string {
    return path.relative(process.cwd(), path.join(this.named, name)) || '.';
  }

  private assertOpen(): void {
    if (this.lock === undefined) throw new Error(`${this.root} is not open for writing (it does not exist, or close() was called)`);
  }
}

/**
 * Writes `folders` into `root` all or nothing, with the ownership rules of `plan` (see
 * OutputDirectory). Returns the plan it carried out.
 */
export async function writeOutputFolders(root: string, folders: ReadonlyArray<OutputFolder | RecordedOutputFolder>, options: OpenOptions & PlanOptions & WriteOptions = {}): Promise<WritePlan> {
  const out = await OutputDirectory.open(root, options);
  try {
    const plan = out.plan(folders, options);
    await out.write(plan, options);
    return plan;
  } finally {
    out.close();
  }
}

function checkFolderName(name: string): void {
  if (name === '' || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || isInternalName(name)) {
    throw new Error(`output folder name ${JSON.stringify(name)} must be one path segment (not "", ".", "..", ${LOCK_FILE} or ${TXN_DIR})`);
  }
}

function removeIfEmpty(dirs: readonly string[]): void {
  for (const dir of [...dirs].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      return;
    }
  }
}

function firstDifferentLine(x: string, y: string): number {
  const xs = x.split('\n');
  const ys = y.split('\n');
  let i = 0;
  while (i < xs.length && i < ys.length && xs[i] === ys[i]) i++;
  return i + 1;
}
