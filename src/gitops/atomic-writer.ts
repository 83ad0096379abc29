/**
 * Writes rendered folders so that a failure never leaves a half-written or empty output behind:
 * everything is rendered into a staging folder next to the target (same file system), and each
 * target folder is replaced by a rename only after every render succeeded.
 *
 * A process killed while rendering leaves only its staging folder (ignored by git, `npm run check`
 * and pruning; removed by a later run). The swap itself is two renames per folder; a process
 * killed between them would leave a target missing, so before swapping the writer records the swap
 * in the staging folder (SWAP_JOURNAL), and the next run rolls an interrupted swap back to the
 * folders as they were before it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isOurFile } from './layout';

/** Prefix of staging folders; a run killed half-way leaves one behind, the next run removes it. */
export const STAGING_PREFIX = '.calico-stack-staging-';

/** Inside a staging folder: the swap in progress. Written once every render succeeded. */
export const SWAP_JOURNAL = 'swap.json';

export interface StagedFolder {
  /** Where it was rendered. */
  readonly staged: string;
  /** The folder it replaces. */
  readonly target: string;
}

interface Journal {
  /** The process swapping; a journal of a live process is left alone. */
  readonly pid: number;
  readonly swaps: ReadonlyArray<StagedFolder & { readonly existed: boolean }>;
}

/**
 * Calls `render(stagingDir, index)` for each target and then swaps every staged folder into place.
 * If any render throws, the staging area is removed, nothing is replaced and the error propagates.
 * Returns the targets it restored from an earlier, interrupted swap (see recoverInterruptedSwaps).
 */
export function writeAtomically(targets: readonly string[], render: (dir: string, index: number) => void): string[] {
  const restored: string[] = [];
  const byParent = new Map<string, string>();
  const staged: StagedFolder[] = targets.map((target, i) => {
    const parent = path.dirname(path.resolve(target));
    if (!byParent.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      restored.push(...recoverInterruptedSwaps(parent));
      removeStaleStaging(parent);
      byParent.set(parent, fs.mkdtempSync(path.join(parent, STAGING_PREFIX)));
    }
    return { staged: path.join(byParent.get(parent)!, `${i}`), target: path.resolve(target) };
  });
  try {
    staged.forEach((s, i) => {
      fs.mkdirSync(s.staged);
      render(s.staged, i);
    });
    for (const dir of byParent.values()) {
      const journal: Journal = {
        pid: process.pid,
        swaps: staged.filter((s) => path.dirname(s.staged) === dir).map((s) => ({ ...s, existed: fs.existsSync(s.target) })),
      };
      fs.writeFileSync(path.join(dir, SWAP_JOURNAL), JSON.stringify(journal, null, 1));
    }
    for (const s of staged) {
      if (fs.existsSync(s.target)) fs.renameSync(s.target, `${s.staged}.old`);
      fs.renameSync(s.staged, s.target);
    }
  } finally {
    for (const dir of byParent.values()) fs.rmSync(dir, { recursive: true, force: true });
  }
  return restored;
}

/**
 * Rolls back swaps a killed run left half-done in staging folders of `parent`: every target gets
 * back the folder it had before that run (or is removed if it had none). Returns the targets touched.
 */
export function recoverInterruptedSwaps(parent: string): string[] {
  if (!fs.existsSync(parent)) return [];
  const touched: string[] = [];
  for (const entry of fs.readdirSync(parent).filter((e) => e.startsWith(STAGING_PREFIX)).sort()) {
    const dir = path.join(parent, entry);
    const journalFile = path.join(dir, SWAP_JOURNAL);
    if (!fs.existsSync(journalFile)) continue;
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
    if (journal.pid !== process.pid && isAlive(journal.pid)) continue;
    for (const s of journal.swaps) {
      const old = `${s.staged}.old`;
      if (fs.existsSync(old)) {
        fs.rmSync(s.target, { recursive: true, force: true });
        fs.renameSync(old, s.target);
        touched.push(s.target);
      } else if (!s.existed && !fs.existsSync(s.staged) && fs.existsSync(s.target)) {
        fs.rmSync(s.target, { recursive: true });
        touched.push(s.target);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return touched;
}

/**
 * Removes sub-folders of `root` that calico-stack wrote (only our files inside, layout.ts) and that
 * are not in `keep`. Used after a successful run over every cluster, for clusters whose file is gone.
 */
export function pruneOutputFolders(root: string, keep: readonly string[]): string[] {
  if (!fs.existsSync(root)) return [];
  const kept = new Set(keep.map((k) => path.resolve(k)));
  const removed: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const dir = path.resolve(root, entry.name);
    if (!entry.isDirectory() || kept.has(dir) || entry.name.startsWith(STAGING_PREFIX)) continue;
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => !f.isDirectory())
      .map((f) => path.relative(dir, path.join(f.parentPath, f.name)).split(path.sep).join('/'));
    if (files.length > 0 && files.every(isOurFile)) {
      fs.rmSync(dir, { recursive: true });
      removed.push(dir);
    }
  }
  return removed;
}

/** Staging folders older than this were left by a killed run (a live run takes seconds). */
const STALE_AFTER_MS = 60 * 60 * 1000;

function removeStaleStaging(parent: string): void {
  for (const entry of fs.readdirSync(parent)) {
    const dir = path.join(parent, entry);
    if (entry.startsWith(STAGING_PREFIX) && Date.now() - fs.statSync(dir).mtimeMs > STALE_AFTER_MS) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}
