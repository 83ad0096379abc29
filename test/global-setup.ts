/**
 * Once per jest run (jest globalSetup): the run gets a TMPDIR of its own, inherited by every test
 * worker and every child process, so anything written to os.tmpdir() during the tests lands in it
 * and test/global-teardown.ts removes it all.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const RUN_TMPDIR = 'CALICO_STACK_TEST_RUN_TMPDIR';
export const OUTER_TMPDIR = 'CALICO_STACK_TEST_OUTER_TMPDIR';

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-jest-'));
  if (process.env.TMPDIR !== undefined) process.env[OUTER_TMPDIR] = process.env.TMPDIR;
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
  // The CLI's render cache goes there too, not into the repository's node_modules/.cache/.
  process.env.CALICO_STACK_CACHE_DIR = path.join(dir, 'render-cache');
  // And the markers of runs that write (src/app/output/provenance.ts), not into the user's state folder.
  process.env.CALICO_STACK_STATE_DIR = path.join(dir, 'state');
  // The tests that run the CLI (bin/calico-stack.js) in parallel workers find lib/ up to date.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../scripts/build.js') as { ensureBuilt(root: string): string[] }).ensureBuilt(path.join(__dirname, '..'));
}
