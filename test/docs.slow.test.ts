/**
 * docs/api/README.md, the API reference the README links to, is generated from the public types
 * (typedoc, typedoc.json): it must be what `npm run docs` gives now, and every export documented.
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
  const generated = fs.readFileSync(path.join(out, 'README.md'), 'utf8');
  const committed = fs.readFileSync(path.join(ROOT, 'docs', 'api', 'README.md'), 'utf8');
  // A plain equality would print two 5000-line texts; the first differing line says enough.
  const a = committed.split('\n');
  const b = generated.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  expect(line === -1 && a.length === b.length ? 'up to date' : `stale from line ${line + 1}: run npm run docs`).toBe('up to date');
}, 120_000);
