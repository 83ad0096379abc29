import { parseCommandLine, printUsageError, UsageError } from '../../../src/app/cli/args';
import { printed, usageError } from '../../usage-error';

const USAGE = 'usage: cmd [--config <file>] [--out <dir>] [--strict] [<command>]';
const SPEC = {
  usage: USAGE,
  options: { config: { type: 'string' }, out: { type: 'string', short: 'o' }, strict: { type: 'boolean', default: false }, kinds: { type: 'string', multiple: true } },
  allowPositionals: true,
  maxPositionals: 1,
} as const;
const parse = (...argv: string[]) => parseCommandLine(argv, SPEC);

describe('parseCommandLine: arguments as util.parseArgs reads them', () => {
  test('options, their defaults, and positionals', () => {
    expect(parse('plan', '--config', 'a.yaml', '-o', 'dist', '--kinds=A', '--kinds', 'B')).toEqual({
      values: { config: 'a.yaml', out: 'dist', strict: false, kinds: ['A', 'B'] },
      positionals: ['plan'],
    });
    expect(parse('--strict', '--out=--odd-name')).toEqual({ values: { strict: true, out: '--odd-name' }, positionals: [] });
    // `-` is a positional (standard input by convention), and so is anything after `--` that is not an option.
    expect(parse('--', '-').positionals).toEqual(['-']);
    expect(parse('--', 'x').positionals).toEqual(['x']);
  });

  test('typed: an option with a default always has a value, the others may be undefined', () => {
    const { values } = parse();
    const strict: boolean = values.strict;
    const config: string | undefined = values.config;
    const kinds: string[] | undefined = values.kinds;
    expect([strict, config, kinds]).toEqual([false, undefined, undefined]);
    expect(values).not.toHaveProperty('help');
  });
});

describe('parseCommandLine: --help', () => {
  test.each([[['--help']], [['-h']], [['plan', '--config', 'x', '--help']], [['--conifg', '-h']], [['--out', '--help']]])('%j: the usage, exit code 0', (argv) => {
    const err = usageError(() => parse(...argv));
    expect(err).toMatchObject({ exitCode: 0, message: USAGE, problem: undefined, usage: USAGE });
  });

  test('printed to stdout, exit code 0', () => {
    expect(printed((io) => printUsageError(usageError(() => parse('--help')), io))).toEqual({ stdout: `${USAGE}\n`, stderr: '', exitCode: 0 });
  });
});

describe('parseCommandLine: a mistake is one line, then the usage, exit code 2', () => {
  test.each([
    [['--conifg', 'a.yaml'], 'unknown option --conifg (did you mean --config?)'],
    [['--conifg=a.yaml'], 'unknown option --conifg (did you mean --config?)'],
    [['--Strict'], 'unknown option --Strict (did you mean --strict?)'],
    [['-config', 'a.yaml'], 'unknown option -config (did you mean --config?)'],
    [['--colour'], 'unknown option --colour'],
    [['-x'], 'unknown option -x'],
    [['--out'], '--out needs a value'],
    [['-o'], '-o needs a value'],
    [['--config', '--strict'], '--config needs a value (--strict is an option; write --config=--strict if it is the value)'],
    [['--strict=yes'], '--strict takes no value'],
    [['plan', 'check'], 'unexpected argument check'],
    [['--', '--help'], 'argument --help looks like an option (for a file of that name write ./--help)'],
  ])('%j: %s', (argv, problem) => {
    const err = usageError(() => parse(...argv));
    expect(err).toMatchObject({ exitCode: 2, problem, usage: USAGE, message: `${problem}\n${USAGE}` });
  });

  test('a command without positionals takes none', () => {
    expect(usageError(() => parseCommandLine(['x.yaml'], { usage: 'u', options: {} })).message).toBe('unexpected argument x.yaml\nu');
  });

  test('printed to stderr, exit code 2, no stack trace', () => {
    expect(printed((io) => printUsageError(usageError(() => parse('--conifg', 'x')), io))).toEqual({
      stdout: '',
      stderr: `unknown option --conifg (did you mean --config?)\n${USAGE}\n`,
      exitCode: 2,
    });
  });

  test('a command throws its own for what the spec cannot say: with the usage, or alone', () => {
    expect(new UsageError('missing <version>', USAGE)).toMatchObject({ exitCode: 2, message: `missing <version>\n${USAGE}`, name: 'UsageError' });
    expect(new UsageError('no cluster folder clusters/')).toMatchObject({ exitCode: 2, message: 'no cluster folder clusters/', usage: '' });
    expect(UsageError.help(USAGE)).toMatchObject({ exitCode: 0, message: USAGE });
  });
});
