/**
 * Temporary folders of the tests. Every folder made here is removed after its test file
 * (test/setup.ts); the whole jest run also works inside a TMPDIR of its own, removed at the end
 * (test/global-setup.ts), so child processes, killed ones included, and libraries that write to
 * os.tmpdir() leave nothing behind either.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const created: string[] = [];

/** Writes files into a fresh temporary folder; returns its path. Removed after the test file. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-test-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Removes every folder tempDir() made in this test file so far. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}
