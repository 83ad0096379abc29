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
 * Recovery, under the lock, before anything else: no journal → the staging area is removed;
 * journal without commit mark → every operation is undone from the backups (roll back); journal
 * and commit mark → step 4 is done again (roll forward). Both are idempotent: a run killed while
 * recovering is recovered by the next one the same way. Any failure in steps 1-3 rolls back at
 * once; a failure of the rollback itself leaves the journal for the next run.
 *
 * What it does not cover: a power loss or a kernel crash (no fsync; Git has the committed copy).
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileChange } from './folder-plan';

/** The transaction's folder inside the output root. */
export const TXN_DIR = '.calico-stack-txn';
const JOURNAL = 'journal.json';
const COMMITTED = 'committed';

interface Journal {
  readonly format: 1;
  /** The operations, relative to the root; staged content of entry i is new/<i>, its backup old/<i>. */
  readonly entries: ReadonlyArray<{ readonly path: string; readonly op: 'write' | 'delete'; readonly existed: boolean }>;
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
  const journal: Journal = {
    format: 1,
    entries: plan.changes.map(({ path: p, op, existed }) => ({ path: p, op, existed })),
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
    fs.mkdirSync(txn);
    fs.mkdirSync(path.join(txn, 'new'));
    fs.mkdirSync(path.join(txn, 'old'));
    for (const [i, change] of plan.changes.entries()) {
      if (change.op === 'write') {
        fs.writeFileSync(path.join(txn, 'new', `${i}`), change.content!);
        if (i % 16 === 15) await checkpoint();
      }
    }
    await checkpoint();
    fs.writeFileSync(path.join(txn, `${JOURNAL}.tmp`), JSON.stringify(journal));
    fs.renameSync(path.join(txn, `${JOURNAL}.tmp`), path.join(txn, JOURNAL));
  } catch (err) {
    if (isAbort(err, options.signal)) {
      discardStaging(txn);
      throw err;
    }
    const removed = discardStaging(txn);
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
      if (isAbort(err, options.signal)) throw err;
      throw new TransactionError(`${describe(err)}; rolled back, every folder is as it was`, err);
    }
  }

  // 4. finish
  try {
    finish(root, txn, journal);
  } catch (err) {
    options.onWarning?.(`written, but tidying up failed: ${describe(err)} — the next run finishes it`);
  }
}

/**
 * Completes or rolls back a transaction a killed run left in `root` (see the file comment).
 * Returns undefined when there was none.
 */
export function recoverTransaction(root: string): Recovery | undefined {
  const txn = path.join(root, TXN_DIR);
  if (!fs.existsSync(txn)) return undefined;
  const journalFile = path.join(txn, JOURNAL);
  if (!fs.existsSync(journalFile)) {
    fs.rmSync(txn, { recursive: true, force: true });
    return { outcome: 'discarded', folders: [] };
  }
  let journal: Journal;
  try {
    journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
    if (journal.format !== 1 || !Array.isArray(journal.entries)) throw new Error(`unknown format ${JSON.stringify(journal.format)}`);
  } catch (err) {
    throw new Error(`${journalFile}: cannot read the journal of an interrupted calico-stack run (${(err as Error).message}); `
      + `its backups are in ${path.join(txn, 'old')} — compare with Git, then remove ${txn}`);
  }
  const folders = [...new Set(journal.entries.map((e) => e.path.split('/')[0]))].sort();
  if (fs.existsSync(path.join(txn, COMMITTED))) {
    finish(root, txn, journal);
    return { outcome: 'completed', folders };
  }
  rollBack(root, txn, journal);
  return { outcome: 'rolled back', folders };
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
  fs.rmSync(txn, { recursive: true, force: true });
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
  fs.rmSync(txn, { recursive: true, force: true });
}

/** Removes a staging area that has no journal yet; false when that failed too. */
function discardStaging(txn: string): boolean {
  try {
    fs.rmSync(txn, { recursive: true, force: true });
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

/** `EPERM: operation not permitted, rename 'a' -> 'b'` — Node's own text names the call and the paths. */
function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
