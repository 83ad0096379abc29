/** Test helper: the UsageError a command line's parsing throws (fails the test when it throws none or another error). */
import { UsageError } from '../src/app/cli/args';

export function usageError(parse: () => unknown): UsageError {
  try {
    parse();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('no UsageError was thrown');
}

/** What printUsageError writes: each stream's text, and the exit code it returns. */
export function printed(print: (streams: { stdout: { write(t: string): void }; stderr: { write(t: string): void } }) => number): { stdout: string; stderr: string; exitCode: number } {
  let stdout = '';
  let stderr = '';
  const exitCode = print({ stdout: { write: (t) => { stdout += t; } }, stderr: { write: (t) => { stderr += t; } } });
  return { stdout, stderr, exitCode };
}
