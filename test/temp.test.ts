/**
 * The tests leave nothing in $TMPDIR: tempDir() folders go after their test file (test/setup.ts),
 * and the run's own TMPDIR (test/global-setup.ts), where child processes and libraries write, goes
 * at the end of the run.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import globalSetup, { OUTER_TMPDIR, RUN_TMPDIR } from './global-setup';
import globalTeardown from './global-teardown';
import { removeTempDirs, tempDir } from './temp';

test('tempDir() writes the files; removeTempDirs() (after every test file) removes every folder it made', () => {
  const a = tempDir({ 'x/y.txt': 'y' });
  const b = tempDir();
  expect(fs.readFileSync(path.join(a, 'x', 'y.txt'), 'utf8')).toBe('y');
  fs.writeFileSync(path.join(b, 'made-later.txt'), '');
  removeTempDirs();
  expect([fs.existsSync(a), fs.existsSync(b)]).toEqual([false, false]);
});

test('the run has a TMPDIR of its own, inherited by child processes: a killed one leaves its folder inside it', () => {
  const runDir = process.env[RUN_TMPDIR];
  expect(runDir).toBeDefined();
  expect(os.tmpdir()).toBe(runDir);
  const r = spawnSync(process.execPath, ['-e', `
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'killed-'));
    process.stdout.write(dir);
    process.kill(process.pid, 'SIGKILL');
  `], { encoding: 'utf8' });
  expect(r.signal).toBe('SIGKILL');
  expect(path.dirname(r.stdout)).toBe(runDir);
  fs.rmSync(r.stdout, { recursive: true });
});

test('global setup and teardown: the run\'s TMPDIR is removed with everything in it, and TMPDIR is put back', () => {
  const saved = { ...process.env };
  try {
    for (const outer of ['/some/tmp', undefined]) {
      if (outer === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = outer;
      delete process.env[OUTER_TMPDIR];
      globalSetup();
      const runDir = process.env[RUN_TMPDIR]!;
      expect(process.env.TMPDIR).toBe(runDir);
      expect(path.basename(runDir)).toMatch(/^calico-stack-jest-/);
      fs.mkdirSync(path.join(runDir, 'left', 'behind'), { recursive: true });
      globalTeardown();
      expect(fs.existsSync(runDir)).toBe(false);
      expect(process.env.TMPDIR).toBe(outer);
      expect([process.env[RUN_TMPDIR], process.env[OUTER_TMPDIR]]).toEqual([undefined, undefined]);
    }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
});
