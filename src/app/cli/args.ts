/**
 * Command-line arguments for the CLI and the scripts: node's util.parseArgs with `--help`, and
 * mistakes said in one line followed by the usage, never a stack trace.
 *
 *   const { values, positionals } = parseCommandLine(argv, { usage: USAGE, options: { out: { type: 'string' } }, allowPositionals: true });
 *
 * `--help` or `-h` (anywhere before a `--`) throws a UsageError with exit code 0 whose message is
 * the usage (for stdout). A mistake throws a UsageError with exit code 2 whose message is the
 * problem, then the usage (for stderr):
 *  - `unknown option --conifg (did you mean --config?)` (the suggestion from lib/common/closest.ts),
 *  - `--out needs a value`, also when the next argument is an option (`--out --strict`; write
 *    `--out=--strict` for a value that starts with a dash),
 *  - `--strict takes no value` (`--strict=yes`),
 *  - `unexpected argument x` (a positional the command does not take, or one too many),
 *  - an argument after `--` that looks like an option: never taken as a path (write `./--x`).
 * printUsageError writes one where it belongs and returns the exit code. A command throws its
 * own UsageError (`new UsageError('missing <version>', USAGE)`) for what the options spec cannot say.
 */
import { parseArgs, ParseArgsConfig } from 'util';
import { closest } from '../../lib/common/closest';

/** One option, as util.parseArgs takes it. `help` (`-h`) is added by parseCommandLine. */
export interface OptionSpec {
  /** A string option takes a value (`--out <dir>`, `--out=<dir>`), a boolean one none. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias (`-o`). */
  readonly short?: string;
  /** Given more than once: every value, in order (otherwise the last one). */
  readonly multiple?: boolean;
  /** The value when the option is not given. */
  readonly default?: string | boolean | readonly string[] | readonly boolean[];
}

/** The options of a command, by long name (without the `--`). */
export type OptionsSpec = { readonly [name: string]: OptionSpec };

/** What parseCommandLine needs to know about a command. */
export interface CommandLineSpec<O extends OptionsSpec> {
  /** Printed for `--help` and after every mistake. */
  readonly usage: string;
  /** The options; `help`/`-h` is added. */
  readonly options: O;
  /** Whether the command takes arguments that are not options. @default false */
  readonly allowPositionals?: boolean;
  /** At most this many of them (more: `unexpected argument`). @default - no limit */
  readonly maxPositionals?: number;
}

type OptionValue<S extends OptionSpec> = S['multiple'] extends true
  ? Array<S['type'] extends 'string' ? string : boolean>
  : S['type'] extends 'string' ? string : boolean;

/** The parsed options: those with a default always have a value, the others may be undefined. */
export type OptionValues<O extends OptionsSpec> = (
  & { -readonly [K in keyof O as O[K]['default'] extends {} ? K : never]: OptionValue<O[K]> }
  & { -readonly [K in keyof O as O[K]['default'] extends {} ? never : K]?: OptionValue<O[K]> }
) extends infer P ? { [K in keyof P]: P[K] } : never;

/** What parseCommandLine returns. */
export interface ParsedCommandLine<O extends OptionsSpec> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
}

/**
 * Not a failure of the command but of how it was called: `--help` (exitCode 0, the message is the
 * usage, for stdout) or a mistake (exitCode 2, the message is the problem and then the usage, for
 * stderr). Print the message as it is, without a stack trace (printUsageError).
 */
export class UsageError extends Error {
  /** 0 after `--help`, 2 after a mistake. */
  readonly exitCode: 0 | 2;
  /** The mistake in one line (`unknown option --conifg (did you mean --config?)`); undefined after `--help`. */
  readonly problem: string | undefined;
  /** The command's usage text ('' when the command has none to add). */
  readonly usage: string;

  /** A mistake (exit code 2): `problem`, then `usage` when given. No problem: `--help` (exit code 0), the usage alone. */
  constructor(problem: string | undefined, usage = '') {
    super(problem === undefined ? usage : usage === '' ? problem : `${problem}\n${usage}`);
    this.name = 'UsageError';
    this.exitCode = problem === undefined ? 0 : 2;
    this.problem = problem;
    this.usage = usage;
  }

  /** What `--help` throws: the usage alone, exit code 0. */
  static help(usage: string): UsageError {
    return new UsageError(undefined, usage);
  }
}

/** Where printUsageError writes (process by default; a test passes its own). */
export interface OutputStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Writes the error's message to stdout (after `--help`) or stderr (a mistake); returns its exit code. */
export function printUsageError(err: UsageError, streams: OutputStreams = process): number {
  (err.exitCode === 0 ? streams.stdout : streams.stderr).write(`${err.message}\n`);
  return err.exitCode;
}

/** `-x`, `--x`: an argument that would be read as an option (a lone `-` is not one). */
const looksLikeOption = (arg: string): boolean => arg.startsWith('-') && arg !== '-';

/**
 * Parses `argv` (process.argv.slice(2)) against `spec`. Throws a UsageError for `--help`/`-h`
 * (exit code 0) and for every mistake (exit code 2): see the top of this file for the messages.
 */
export function parseCommandLine<const O extends OptionsSpec>(argv: readonly string[], spec: CommandLineSpec<O>): ParsedCommandLine<O> {
  const { usage } = spec;
  const options: OptionsSpec = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  const terminator = argv.indexOf('--');
  if ((terminator === -1 ? argv : argv.slice(0, terminator)).some((arg) => arg === '--help' || arg === '-h')) throw UsageError.help(usage);

  // Not strict: every argument becomes a token, which is checked here, in order, with a message of ours.
  const parsed = parseArgs({ args: [...argv], options: options as ParseArgsConfig['options'], strict: false, allowPositionals: true, tokens: true });
  const longNames = Object.keys(options).map((name) => `--${name}`);
  const maxPositionals = spec.allowPositionals ? spec.maxPositionals ?? Infinity : 0;
  let positionals = 0;
  for (const token of parsed.tokens) {
    if (token.kind === 'option') {
      const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
      const known = option !== undefined && (token.rawName === `--${token.name}` || (option.short !== undefined && token.rawName === `-${option.short}`));
      if (!known) {
        const arg = argv[token.index];
        // `--conifg=x` is reported as --conifg; `-config` (one dash) as itself, with --config suggested.
        const word = arg.startsWith('--') ? arg.split('=')[0] : arg;
        const near = closest(`--${word.replace(/^-+/, '')}`, longNames);
        throw new UsageError(`unknown option ${word}${near === undefined ? '' : ` (did you mean ${near}?)`}`, usage);
      }
      if (option.type === 'string') {
        if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value`, usage);
        if (!token.inlineValue && looksLikeOption(token.value)) {
          throw new UsageError(`${token.rawName} needs a value (${token.value} is an option; write ${token.rawName}=${token.value} if it is the value)`, usage);
        }
      } else if (token.value !== undefined) {
        throw new UsageError(`${token.rawName} takes no value`, usage);
      }
    } else if (token.kind === 'positional') {
      // Only after `--`: an option there is still not a path (`npm run x -- -- --help`).
      if (looksLikeOption(token.value)) {
        throw new UsageError(`argument ${token.value} looks like an option (for a file of that name write ./${token.value})`, usage);
      }
      positionals += 1;
      if (positionals > maxPositionals) throw new UsageError(`unexpected argument ${token.value}`, usage);
    }
  }
  const { help, ...values } = parsed.values;
  // -h in a group of short options (`-vh`).
  if (help === true) throw UsageError.help(usage);
  return { values: values as OptionValues<O>, positionals: parsed.positionals };
}
