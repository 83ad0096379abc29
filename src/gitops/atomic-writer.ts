/**
 * Writes rendered folders so that a failure never leaves a half-written or empty output behind:
 * everything is rendered into a staging folder next to the target (same file system), and each
 * target folder is replaced by a rename only after every render succeeded.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isOurFile } from './layout';

/** Prefix of staging folders; a run killed half-way leaves one behind, the next run removes it. */
export const STAGING_PREFIX = '.calico-stack-staging-';

export interface StagedFolder {
  /** Where it was rendered. */
  readonly staged: string;
  /** The folder it replaces. */
  readonly target: string;
}

/**
 * Calls `render(stagingDir, index)` for each target and then swaps every staged folder into place.
 * If any render throws, the staging area is removed, nothing is replaced and the error propagates.
 */
export function writeAtomically(targets: readonly string[], render: (dir: string, index: number) => void): void {
  const byParent = new Map<string, string>();
  const staged: StagedFolder[] = targets.map((target, i) => {
    const parent = path.dirname(path.resolve(target));
    if (!byParent.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
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
    for (const s of staged) {
      const old = `${s.staged}.old`;
      if (fs.existsSync(s.target)) fs.renameSync(s.target, old);
      fs.renameSync(s.staged, s.target);
    }
  } finally {
    for (const dir of byParent.values()) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Removes sub-folders of `root` that calico-stack wrote (only our manifest files inside) and that
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
