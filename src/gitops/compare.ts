/**
 * Compares a fresh render with a committed output folder, file by file, and says what differs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { STAGING_PREFIX } from './atomic-writer';

/** Lines like `changed: kans-homelab/0001-calico.k8s.yaml (first difference at line 12)`. */
export function compareFolders(fresh: string, committed: string): string[] {
  const a = listFiles(fresh);
  const b = listFiles(committed);
  const diffs: string[] = [];
  for (const file of [...new Set([...a, ...b])].sort()) {
    if (!b.includes(file)) diffs.push(`missing: ${file} (synth would create it)`);
    else if (!a.includes(file)) diffs.push(`extra: ${file} (synth would not create it)`);
    else {
      const x = fs.readFileSync(path.join(fresh, file), 'utf8');
      const y = fs.readFileSync(path.join(committed, file), 'utf8');
      if (x !== y) diffs.push(`changed: ${file} (first difference at line ${firstDifferentLine(x, y)})`);
    }
  }
  return diffs;
}

function listFiles(root: string, rel = ''): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(STAGING_PREFIX)) return [];
    const p = path.join(rel, e.name);
    return e.isDirectory() ? listFiles(root, p) : [p];
  });
}

function firstDifferentLine(x: string, y: string): number {
  const xs = x.split('\n');
  const ys = y.split('\n');
  let i = 0;
  while (i < xs.length && i < ys.length && xs[i] === ys[i]) i++;
  return i + 1;
}
