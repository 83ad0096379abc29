/** Runs a command in process (cli/adopt.ts, cli/drift.ts) as main.ts does: its output, and its exit code (a UsageError printed as main prints it). */
import { printUsageError, UsageError } from '../../src/app/cli/args';

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(command: () => number): CommandRun {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => { stdout += String(t); return true; });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => { stderr += String(t); return true; });
  let code: number;
  try {
    code = command();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    code = printUsageError(e, { stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } } });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}
