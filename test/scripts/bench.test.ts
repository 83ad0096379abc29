import { parseBenchArgs, USAGE } from '../../scripts/bench';
import { usageError } from '../usage-error';

describe('npm run bench: the command line (importing the script runs nothing)', () => {
  test('defaults: 7 runs, every group, no --assert, no --test', () => {
    expect(parseBenchArgs([])).toEqual({ runs: 7, assert: false, test: false, only: undefined });
    expect(parseBenchArgs(['--runs', '9', '--only=warm,cdk8s', '--assert', '--test'])).toEqual({ runs: 9, assert: true, test: true, only: ['warm', 'cdk8s'] });
  });

  test('--help: the usage, exit code 0 (it used to crash with a stack trace)', () => {
    expect(USAGE).toMatch(/^usage: npm run bench \[-- \[--runs <n>\] \[--only <group>\[,<group>\.\.\.\]\] \[--assert\] \[--test\]\]\n/);
    expect(USAGE).toContain('--only <groups>  measure these groups only (and the baseline): warm, fleet, cold, after-ci, cdk8s\n');
    for (const argv of [['--help'], ['-h'], ['--runs', '3', '--help']]) expect(usageError(() => parseBenchArgs(argv))).toMatchObject({ exitCode: 0, message: USAGE });
  });

  test.each([
    [['--rusn', '3'], 'unknown option --rusn (did you mean --runs?)'],
    [['--asert'], 'unknown option --asert (did you mean --assert?)'],
    [['--runs'], '--runs needs a value'],
    [['--runs', 'many'], '--runs: "many" is not a positive whole number'],
    [['--runs', '0'], '--runs: "0" is not a positive whole number'],
    [['--only', 'warn'], '--only: "warn" is not one of warm, fleet, cold, after-ci, cdk8s (did you mean warm?)'],
    [['--only', 'warm,everything'], '--only: "everything" is not one of warm, fleet, cold, after-ci, cdk8s'],
    [['fleet'], 'unexpected argument fleet'],
  ])('%j: %s, then the usage, exit code 2', (argv, problem) => {
    expect(usageError(() => parseBenchArgs(argv))).toMatchObject({ exitCode: 2, message: `${problem}\n${USAGE}` });
  });
});
