/**
 * How every script under scripts/ runs as a command line (`node lib/scripts/<name>.js`): its main
 * function's result is the exit code; `--help` and usage mistakes print what cli/args.ts says
 * (exit 0 or 2); any other error is one line, `<name>: <message>`, and exit 1 (or the code the
 * script gives its own error class), with the stack only when CALICO_STACK_DEBUG is set.
 */
import { printUsageError, UsageError } from '../src/app/cli/args';

/** An error class of a script and its exit code. */
export type ScriptError = readonly [abstract new (...args: never[]) => Error, number];

/** Runs `main` on the process's arguments and sets the exit code; `errors`: classes with an exit code of their own. */
export function runScript(name: string, main: (argv: string[]) => number | void | Promise<number | void>, errors: readonly ScriptError[] = []): void {
  const fail = (err: unknown): void => {
    if (err instanceof UsageError) {
      process.exitCode = printUsageError(err);
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`${name}: ${e.message}\n${process.env.CALICO_STACK_DEBUG ? `${e.stack}\n` : ''}`);
    process.exitCode = errors.find(([cls]) => e instanceof cls)?.[1] ?? 1;
  };
  try {
    const result = main(process.argv.slice(2));
    if (result instanceof Promise) result.then((code) => { if (typeof code === 'number') process.exitCode = code; }, fail);
    else if (typeof result === 'number') process.exitCode = result;
  } catch (err) {
    fail(err);
  }
}
