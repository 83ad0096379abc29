import { parseParityArgs, USAGE } from '../../scripts/compare-upstream';
import { usageError } from '../usage-error';

describe('npm run parity: the command line (importing the script runs nothing)', () => {
  test('an upstream manifest and a rendered file or folder, with --kinds and --skip; or --releases <folder>', () => {
    expect(parseParityArgs(['up.yaml', 'dist/x'])).toEqual({ upstream: 'up.yaml', rendered: 'dist/x', kinds: undefined, skip: new Set() });
    expect(parseParityArgs(['up.yaml', 'dist/x', '--kinds', 'Deployment,Service', '--skip=a,b'])).toEqual({
      upstream: 'up.yaml', rendered: 'dist/x', kinds: new Set(['Deployment', 'Service']), skip: new Set(['a', 'b']),
    });
    expect(parseParityArgs(['--releases', 'manifests'])).toEqual({ releases: 'manifests' });
  });

  test('--help: the usage of both forms, exit code 0; never read as a path', () => {
    expect(USAGE).toMatch(/^usage: npm run parity -- <upstream manifest\.yaml> <rendered file or folder> \[--kinds A,B\] \[--skip name1,name2\]\n {7}npm run parity -- --releases <folder>\n/);
    for (const argv of [['--help'], ['-h'], ['up.yaml', '--help']]) expect(usageError(() => parseParityArgs(argv))).toMatchObject({ exitCode: 0, message: USAGE });
  });

  test.each([
    [['up.yaml', 'dist', '--kind', 'Deployment'], 'unknown option --kind (did you mean --kinds?)'],
    [['--release', 'manifests'], 'unknown option --release (did you mean --releases?)'],
    [['up.yaml', 'dist', '--kinds'], '--kinds needs a value'],
    [['--releases'], '--releases needs a value'],
    [['--releases', 'manifests', 'extra'], '--releases takes no other arguments (got extra)'],
    [['--releases', 'manifests', '--skip', 'a'], '--releases takes no other arguments (got --skip)'],
    [[], 'missing <upstream manifest.yaml> and <rendered file or folder>'],
    [['up.yaml'], 'missing <rendered file or folder>'],
    [['a', 'b', 'c'], 'unexpected argument c'],
    [['up.yaml', '--', '--help'], 'argument --help looks like an option (for a file of that name write ./--help)'],
  ])('%j: %s, then the usage, exit code 2', (argv, problem) => {
    expect(usageError(() => parseParityArgs(argv))).toMatchObject({ exitCode: 2, message: `${problem}\n${USAGE}` });
  });
});
