/**
 * One write over every output folder of a run, all or nothing, also when the process is killed.
 *
 * Everything happens inside the output root, so every step is a rename on one file system. The
 * caller holds the root's lock (lock.ts) throughout; TXN_DIR has a fixed name, so whoever holds the
 * lock next finds an interrupted transaction there.
 *
 *   1. stage    new content into TXN_DIR/new/<i>; then the journal (TXN_DIR/journal.json, by an
 *               atomic rename): the file operations, in order. No journal = nothing was applied.
 *   2. apply    per operation: the old file (if any) is renamed to TXN_DIR/old/<i>, the new one is
 *               renamed into place. The backups are the only copies of the old files until commit.
 *   3. commit   TXN_DIR/committed is created: from here on the new files are the result.
 *   4. finish   folders emptied by removals are removed; the journal is deleted first of the
 *               transaction's files (a transaction without a journal has nothing to undo or redo),
 *               then TXN_DIR.
 *
 * Before step 1 a marker of the run is written into the user's state folder (provenance.ts), and
 * rewritten with the journal's hash before the journal takes effect; TXN_DIR holds a `.gitignore`
 * (`*`), so `git add` never picks the transaction up, and the run's id.
 *
 * Recovery, under the lock, before anything else: no journal → the staging area is removed;
 * journal without commit mark → every operation is undone from the backups (roll back); journal
 * and commit mark → step 4 is done again (roll forward). Both are idempotent: a run killed while
 * recovering is recovered by the next one the same way. Any failure in steps 1-3 rolls back at
 * once; a failure of the rollback itself leaves the journal for the next run.
 *
 * Everything recovery reads is untrusted (a commit can carry a TXN_DIR): it acts only on a
 * transaction its marker proves to be this machine's own interrupted run (provenance.ts), whose
 * every path is confined to the root (relative, no `..`, no symbolic link on the way, checked on
 * the file system) and whose files are regular files within the limits; anything else is refused
 * (JournalRefusedError) and left exactly as it is. A rollback never overwrites or removes a file
 * that was changed after the killed run wrote it (HandEditsError) unless told to.
 *
 * What it does not cover: a power loss or a kernel crash (no fsync; Git has the committed copy).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { describeProblem, readBounded } from '../common/bounded-read';
import { FileChange } from './folder-plan';
import { JOURNAL_LIMIT } from './limits';
import { LOCK_FILE } from './lock';
import { isRunId, newRunId, provenanceProblem, removeMarker, writeMarker } from './provenance';
import { relativePathProblem } from './record';

/** The transaction's folder inside the output root. */
export const TXN_DIR = '.calico-stack-txn';
const JOURNAL = 'journal.json';
const COMMITTED = 'committed';
/** The run's id, written first into the staging area (a staging area without a journal is known by it). */
const RUN_ID_FILE = 'run-id';
/** Keeps `git add` away from a transaction folder (git ignores it with its content). */
const IGNORE_FILE = '.gitignore';

/** One operation of a journal. */
interface JournalEntry {
  readonly path: string;
  readonly op: 'write' | 'delete';
  readonly existed: boolean;
  /** SHA-256 of a write's new content: what recovery expects to find where it moved it. */
  readonly sha256?: string;
}

interface Journal {
  readonly format: 2;
  /** The run that wrote it (provenance.ts). */
  readonly runId: string;
  /** The operations, relative to the root; staged content of entry i is new/<i>, its backup old/<i>. */
  readonly entries: readonly JournalEntry[];
  /** Folders the transaction creates (parents first); rolled back when empty. */
  readonly createDirs: readonly string[];
  /** Folders removed after commit when empty (deepest first). */
  readonly removeDirs: readonly string[];
}

export interface TransactionPlan {
  readonly changes: readonly FileChange[];
  readonly createDirs: readonly string[];
  readonly removeDirs: readonly string[];
}

/** What recovery did with an interrupted transaction. */
export interface Recovery {
  readonly outcome: 'rolled back' | 'completed' | 'discarded';
  /** The output folders (first path segments) it changed. */
  readonly folders: readonly string[];
}

/** A step failed; every folder is as it was before (the rollback succeeded). */
export class TransactionError extends Error {
  constructor(message: string, readonly cause: unknown) {
    super(message);
    this.name = 'TransactionError';
  }
}

/** A step failed and so did the rollback: the journal stays, the next run finishes the rollback. */
export class RollbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollbackError';
  }
}

/**
 * A transaction folder that is not provably this machine's own interrupted run, or that names
 * paths outside the root: nothing was done with it, nothing else was changed.
 */
export class JournalRefusedError extends Error {
  constructor(readonly txn: string, reason: string) {
    super(`refusing to act on ${txn}: ${reason}. It is not provably an interrupted run of calico-stack on this machine, `
      + 'so it was left as it is and nothing was changed — check the output folders with Git (git status), '
      + `then remove ${txn} yourself`);
    this.name = 'JournalRefusedError';
  }
}

/**
 * Rolling back an interrupted run would overwrite or remove files changed since that run wrote
 * them: nothing was done (`overwriteEdits` rolls back anyway).
 */
export class HandEditsError extends Error {
  constructor(readonly files: readonly string[]) {
    super(`an interrupted calico-stack run is to be rolled back, but ${files.length === 1 ? 'a file it wrote was' : 'files it wrote were'} changed since: `
      + `${files.join(', ')} — the rollback would ${files.length === 1 ? 'lose that change' : 'lose those changes'}; keep a copy, then run again `
      + 'with --force to restore every folder as it was before that run (nothing was changed)');
    this.name = 'HandEditsError';
  }
}

/** Options of recovering an interrupted write (OutputDirectory.open: `overwriteEdits`). */
export interface RecoveryOptions {
  /**
   * Roll back also over files changed since the interrupted run wrote them.
   * @default false
   */
  readonly overwriteEdits?: boolean;
}

export interface TransactionOptions {
  /** Checked between steps (after yielding to the event loop, so signal handlers can run). */
  readonly signal?: AbortSignal;
  /** Problems after the commit (the result stands; the next run tidies up). */
  readonly onWarning?: (message: string) => void;
}

/**
 * Applies `plan` to `root` all or nothing. Throws TransactionError (rolled back) or RollbackError
 * (rolled back only partly; the next run finishes it). An abort rolls back and rethrows the reason.
 */
export async function runTransaction(root: string, plan: TransactionPlan, options: TransactionOptions = {}): Promise<void> {
  const txn = path.join(root, TXN_DIR);
  const runId = newRunId();
  const journal: Journal = {
    format: 2,
    runId,
    entries: plan.changes.map(({ path: p, op, existed, content }) => (op === 'write'
      ? { path: p, op, existed, sha256: crypto.createHash('sha256').update(content!).digest('hex') }
      : { path: p, op, existed })),
    createDirs: plan.createDirs,
    removeDirs: plan.removeDirs,
  };
  const checkpoint = async (): Promise<void> => {
    if (!options.signal) return;
    await new Promise((resolve) => setImmediate(resolve));
    options.signal.throwIfAborted();
  };

  // 1. stage
  try {
    writeMarker(root, runId, null);
  } catch (err) {
    throw new TransactionError(describe(err), err);
  }
  // The transaction folder never exists without its run id: it is made under a name of its own
  // (recovery removes such a folder of this machine's run) and renamed into place.
  const preparing = path.join(root, `${TXN_DIR}.${runId}`);
  try {
    fs.mkdirSync(preparing);
    writeFile(path.join(preparing, IGNORE_FILE), '# calico-stack\'s transaction of a run that was interrupted: never commit it\n*\n');
    writeFile(path.join(preparing, RUN_ID_FILE), runId);
    fs.renameSync(preparing, txn);
  } catch (err) {
    try {
      fs.rmSync(preparing, { recursive: true, force: true });
      removeMarker(root, runId);
    } catch {
      // The next run removes it.
    }
    throw new TransactionError(`${describe(err)}; nothing was changed`, err);
  }
  try {
    fs.mkdirSync(path.join(txn, 'new'));
    fs.mkdirSync(path.join(txn, 'old'));
    for (const [i, change] of plan.changes.entries()) {
      if (change.op === 'write') {
        writeFile(path.join(txn, 'new', `${i}`), change.content!);
        if (i % 16 === 15) await checkpoint();
      }
    }
    await checkpoint();
    const text = Buffer.from(JSON.stringify(journal));
    writeFile(path.join(txn, `${JOURNAL}.tmp`), text);
    writeMarker(root, runId, text);
    fs.renameSync(path.join(txn, `${JOURNAL}.tmp`), path.join(txn, JOURNAL));
  } catch (err) {
    const removed = discardStaging(txn);
    if (removed) removeMarker(root, runId);
    if (isAbort(err, options.signal)) throw err;
    throw new TransactionError(`${describe(err)}; nothing was changed${removed ? '' : ` (the staging folder ${txn} is left; the next run removes it)`}`, err);
  }

  // 2. apply, 3. commit
  try {
    for (const dir of journal.createDirs) mkdirIfAbsent(path.join(root, dir));
    for (const [i, entry] of journal.entries.entries()) {
      await checkpoint();
      const target = path.join(root, entry.path);
      if (entry.existed) fs.renameSync(target, path.join(txn, 'old', `${i}`));
      if (entry.op === 'write') fs.renameSync(path.join(txn, 'new', `${i}`), target);
    }
    await checkpoint();
    fs.closeSync(fs.openSync(path.join(txn, COMMITTED), 'wx'));
  } catch (err) {
    if (!fs.existsSync(path.join(txn, COMMITTED))) {
      try {
        rollBack(root, txn, journal);
      } catch (rollbackErr) {
        throw new RollbackError(`${describe(err)}, and rolling back failed too: ${describe(rollbackErr)}. `
          + `The old files are kept in ${path.join(txn, 'old')}; the next calico-stack run (synth or check) puts them back`);
      }
      removeMarker(root, runId);
      if (isAbort(err, options.signal)) throw err;
      throw new TransactionError(`${describe(err)}; rolled back, every folder is as it was`, err);
    }
  }

  // 4. finish
  try {
    finish(root, txn, journal);
    removeMarker(root, runId);
  } catch (err) {
    options.onWarning?.(`written, but tidying up failed: ${describe(err)} — the next run finishes it`);
  }
}

/**
 * Completes or rolls back a transaction a killed run left in `root` (a real path; see the file
 * comment). Returns undefined when there was none. Throws JournalRefusedError (nothing done) when
 * it is not provably this machine's own, and HandEditsError (nothing done) when rolling back would
 * overwrite files changed since the run wrote them.
 */
export function recoverTransaction(root: string, options: RecoveryOptions = {}): Recovery | undefined {
  const txn = path.join(root, TXN_DIR);
  removePreparing(root);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(txn);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!st.isDirectory()) throw new JournalRefusedError(txn, `it is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`);
  const journalFile = path.join(txn, JOURNAL);
  const journalRead = readBounded(journalFile, { limit: JOURNAL_LIMIT });
  if (!('data' in journalRead)) {
    if (journalRead.problem === 'unreadable' && journalRead.code !== 'ENOENT') throw new Error(journalRead.message);
    if (journalRead.problem !== 'unreadable') throw new JournalRefusedError(txn, `${JOURNAL} ${describeProblem(journalRead, JOURNAL_LIMIT)}`);
    // A staging area without a journal: nothing was applied. An empty folder holds nothing to lose
    // (the last step of removing a transaction folder); any other is removed if it is this machine's run's.
    if (fs.readdirSync(txn).length === 0) {
      fs.rmdirSync(txn);
      return { outcome: 'discarded', folders: [] };
    }
    const runId = readBounded(path.join(txn, RUN_ID_FILE), { limit: 64 });
    const id = 'data' in runId ? runId.data.toString('utf8') : undefined;
    const problem = provenanceProblem(root, id, null);
    if (problem !== undefined) throw new JournalRefusedError(txn, problem);
    removeTxnFolder(txn);
    removeMarker(root, id!);
    return { outcome: 'discarded', folders: [] };
  }
  let journal: Journal;
  try {
    journal = JSON.parse(journalRead.data.toString('utf8')) as Journal;
  } catch {
    throw new JournalRefusedError(txn, `${JOURNAL} is not JSON`);
  }
  const problem = provenanceProblem(root, (journal as { runId?: unknown } | null)?.runId, journalRead.data) ?? journalProblem(root, txn, journal);
  if (problem !== undefined) throw new JournalRefusedError(txn, problem);
  const folders = [...new Set(journal.entries.map((e) => e.path.split('/')[0]))].sort();
  if (fs.existsSync(path.join(txn, COMMITTED))) {
    finish(root, txn, journal);
    removeMarker(root, journal.runId);
    return { outcome: 'completed', folders };
  }
  if (!options.overwriteEdits) {
    const edited = editedSince(root, txn, journal);
    if (edited.length > 0) throw new HandEditsError(edited.map((p) => path.join(root, p)));
  }
  rollBack(root, txn, journal);
  removeMarker(root, journal.runId);
  return { outcome: 'rolled back', folders };
}

/**
 * Why `journal` cannot be acted on (undefined when it can): its shape, a path that is not a plain
 * relative path inside an output folder, a symbolic link or a non-folder on the way to one (checked
 * on the file system), or a transaction folder whose parts are not what calico-stack makes.
 */
function journalProblem(root: string, txn: string, journal: Journal): string | undefined {
  const j = journal as Partial<Journal> | null;
  if (typeof j !== 'object' || j === null || j.format !== 2 || !isRunId(j.runId) || !Array.isArray(j.entries)
    || !Array.isArray(j.createDirs) || !Array.isArray(j.removeDirs)) {
    return `${JOURNAL} is not a journal of this version of calico-stack`;
  }
  for (const part of ['new', 'old']) {
    const st = lstatOrUndefined(path.join(txn, part));
    if (st !== undefined && !st.isDirectory()) return `${part}/ is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`;
  }
  const committed = lstatOrUndefined(path.join(txn, COMMITTED));
  if (committed !== undefined && !committed.isFile()) return `${COMMITTED} is not a regular file`;
  const paths = [
    ...j.entries.map((e: Partial<JournalEntry> | null) => (typeof e === 'object' && e !== null && (e.op === 'write' || e.op === 'delete')
      && typeof e.existed === 'boolean' && (e.sha256 === undefined || typeof e.sha256 === 'string') ? e.path : null)),
    ...j.createDirs, ...j.removeDirs,
  ];
  for (const p of paths) {
    if (typeof p !== 'string') return `${JOURNAL} has an entry that is not an operation of calico-stack`;
    const problem = relativePathProblem(p) ?? (isMachinery(p.split('/')[0]) ? 'is calico-stack\'s own machinery, not an output folder' : undefined)
      ?? linkOnTheWay(root, p);
    if (problem !== undefined) return `${JOURNAL} names ${JSON.stringify(p.slice(0, 200))}, which ${problem}`;
  }
  for (const [i, e] of j.entries.entries()) {
    for (const [file, what] of [[path.join(root, e.path), 'is'], [path.join(txn, 'old', `${i}`), 'has a backup that is'], [path.join(txn, 'new', `${i}`), 'has staged content that is']] as const) {
      const st = lstatOrUndefined(file);
      if (st !== undefined && !st.isFile()) return `${JOURNAL} names ${JSON.stringify(e.path)}, which ${what} not a regular file`;
    }
  }
  return undefined;
}

/** Why a path below `root` passes through something other than a real folder (a link, a file), or undefined. */
function linkOnTheWay(root: string, rel: string): string | undefined {
  const parts = rel.split('/');
  for (let n = 1; n < parts.length; n++) {
    const st = lstatOrUndefined(path.join(root, ...parts.slice(0, n)));
    if (st === undefined) return undefined; // Nothing below a missing folder exists either.
    if (!st.isDirectory()) return `passes through ${parts.slice(0, n).join('/')}, ${st.isSymbolicLink() ? 'a symbolic link' : 'which is not a folder'}`;
  }
  const last = lstatOrUndefined(path.join(root, rel));
  if (last?.isSymbolicLink()) return 'is a symbolic link';
  return undefined;
}

/** Names in an output root that are calico-stack's machinery, never output folders. */
export function isMachinery(name: string): boolean {
  return name === TXN_DIR || name === LOCK_FILE || PREPARING.test(name);
}

/** A transaction folder being made, before it is renamed into place (runTransaction()). */
const PREPARING = new RegExp(`^${TXN_DIR.replace(/[.]/g, '\\.')}\\.([0-9a-f]{32})$`);

/**
 * Removes the transaction folders a killed run left while making them (they hold nothing that was
 * applied); refuses one that is not this machine's run's.
 */
function removePreparing(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const id = PREPARING.exec(name)?.[1];
    if (id === undefined) continue;
    const dir = path.join(root, name);
    const st = lstatOrUndefined(dir);
    const problem = st?.isDirectory() === false ? 'it is not a folder' : provenanceProblem(root, id, null);
    if (problem !== undefined) throw new JournalRefusedError(dir, problem);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The files a rollback would overwrite or remove that are not what the interrupted run put there
 * (relative to the root): changed by hand since, or created where the run had moved a file away.
 */
function editedSince(root: string, txn: string, journal: Journal): string[] {
  const edited: string[] = [];
  journal.entries.forEach((entry, i) => {
    const target = path.join(root, entry.path);
    if (lstatOrUndefined(target) === undefined) return;
    const staged = fs.existsSync(path.join(txn, 'new', `${i}`));
    const backedUp = fs.existsSync(path.join(txn, 'old', `${i}`));
    // What the run left at the target: its new file once the staged one was moved there; nothing
    // between moving the old file away and moving the new one in (or for a delete).
    const touched = entry.existed ? backedUp : entry.op === 'write' && !staged;
    if (!touched) return;
    const expected = entry.op === 'write' && !staged ? entry.sha256 : undefined;
    const read = readBounded(target, { limit: JOURNAL_LIMIT * 4 });
    const actual = 'data' in read ? crypto.createHash('sha256').update(read.data).digest('hex') : undefined;
    if (expected === undefined || actual !== expected) edited.push(entry.path);
  });
  return edited;
}

/**
 * Undoes every applied operation, last first; each step looks at what is there, so running it
 * again after an interruption is safe. Then removes the transaction folder (journal first).
 * Throws the first failure after trying every operation (the journal then stays).
 */
function rollBack(root: string, txn: string, journal: Journal): void {
  const failures: unknown[] = [];
  const attempt = (step: () => void): void => {
    try {
      step();
    } catch (err) {
      failures.push(err);
    }
  };
  [...journal.entries.entries()].reverse().forEach(([i, entry]) => attempt(() => {
    const target = path.join(root, entry.path);
    const backup = path.join(txn, 'old', `${i}`);
    if (entry.existed) {
      // The old file is either still in place, or in its backup (then whatever is in place is new).
      if (fs.existsSync(backup)) fs.renameSync(backup, target);
    } else if (entry.op === 'write' && !fs.existsSync(path.join(txn, 'new', `${i}`)) && fs.existsSync(target)) {
      // The staged file was moved into place: the file there is the new one.
      fs.unlinkSync(target);
    }
  }));
  for (const dir of [...journal.createDirs].reverse()) attempt(() => rmdirIfEmpty(path.join(root, dir)));
  if (failures.length > 0) throw failures[0];
  fs.unlinkSync(path.join(txn, JOURNAL));
  removeTxnFolder(txn);
}

/**
 * Removes a transaction folder (its journal already gone): its run id last, so that until the
 * folder is empty a killed run leaves the id that proves the folder its own.
 */
function removeTxnFolder(txn: string): void {
  if (!fs.existsSync(txn)) return;
  for (const name of fs.readdirSync(txn)) if (name !== RUN_ID_FILE) fs.rmSync(path.join(txn, name), { recursive: true, force: true });
  fs.rmSync(path.join(txn, RUN_ID_FILE), { force: true });
  fs.rmdirSync(txn);
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/**
 * After the commit: removes emptied folders, then the journal, then the transaction folder. When a
 * folder cannot be removed, the others still are, and the journal stays for the next run.
 */
function finish(root: string, txn: string, journal: Journal): void {
  let failure: unknown;
  for (const dir of journal.removeDirs) {
    try {
      rmdirIfEmpty(path.join(root, dir));
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
  fs.rmSync(path.join(txn, JOURNAL), { force: true });
  removeTxnFolder(txn);
}

/** Removes a staging area that has no journal yet; false when that failed too. */
function discardStaging(txn: string): boolean {
  try {
    removeTxnFolder(txn);
    return true;
  } catch {
    return false;
  }
}

function mkdirIfAbsent(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.lstatSync(dir).isDirectory()) throw err;
  }
}

function rmdirIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw err;
  }
}

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && err === signal.reason;
}

/**
 * Writes a file of the transaction. Node's error for a failed write names no path (`ENOSPC: no space
 * left on device, write`): this one says which file it was writing.
 */
function writeFile(file: string, content: string | Buffer): void {
  try {
    fs.writeFileSync(file, content);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.path !== undefined) throw err;
    throw Object.assign(new Error(`${e.message} (while writing ${file})`), { code: e.code, syscall: e.syscall, path: file });
  }
}

/** `EPERM: operation not permitted, rename 'a' -> 'b'` — Node's own text names the call and the paths. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
