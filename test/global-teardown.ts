/** Once per jest run, at the end (jest globalTeardown): removes the run's TMPDIR (test/global-setup.ts). */
import * as fs from 'fs';
import { OUTER_TMPDIR, RUN_TMPDIR } from './global-setup';

export default function globalTeardown(): void {
  const dir = process.env[RUN_TMPDIR];
  if (dir === undefined) return;
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  const outer = process.env[OUTER_TMPDIR];
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  delete process.env[RUN_TMPDIR];
  delete process.env[OUTER_TMPDIR];
}
