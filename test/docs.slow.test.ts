/**
 * docs/api/, the API reference the README links to (one page per module), is generated from the
 * public types (typedoc, typedoc.json): it must be what `npm run docs` gives now, and every export
 * documented.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from './util';

test('the committed API reference is what npm run docs generates from the sources (slow: runs typedoc over the whole API)', () => {
  const out = tempDir();
  const typedoc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  // typedoc.json treats warnings as errors: an export without a doc comment fails here.
  expect(typedoc.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/warning|error/);
  expect(typedoc.status).toBe(0);
  const pages = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  expect(pages(path.join(ROOT, 'docs', 'api'))).toEqual(pages(out));
  expect(pages(out)).toEqual(expect.arrayContaining(['README.md', 'app.md', 'calico.md', 'stack.md']));
  for (const page of pages(out)) {
    const a = fs.readFileSync(path.join(ROOT, 'docs', 'api', page), 'utf8').split('\n');
    const b = fs.readFileSync(path.join(out, page), 'utf8').split('\n');
    // A plain equality would print two long texts; the first differing line says enough.
    const line = a.findIndex((l, i) => l !== b[i]);
    expect({ page, state: line === -1 && a.length === b.length ? 'up to date' : `stale from line ${line + 1}: run npm run docs` }).toEqual({ page, state: 'up to date' });
  }
}, 120_000);
