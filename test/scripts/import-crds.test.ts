import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { parseImportArgs, readSource, USAGE } from '../../scripts/import-crds';
import { usageError } from '../usage-error';
import { FIXTURES, tempDir } from '../util';

describe('npm run import: reading the CRD bundle', () => {
  test('fails offline saying which URL failed and to import a downloaded file instead', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/v3.32.1/manifests/operator-crds.yaml`;
    const err = await readSource(url).catch((e: Error) => e);
    expect((err as Error).message).toMatch(new RegExp(`^GET ${url.replace(/\./g, '\\.')} failed: .*ECONNREFUSED.*\\n`));
    expect((err as Error).message).toContain(`Instead, download ${url} on a machine that can reach it, copy it here and run \`npm run import -- <that file>\``);
  });

  test('reads a file, or the operator-crds.yaml of a folder of upstream manifests', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
    const dir = tempDir({ 'operator-crds.yaml': text });
    expect(await readSource(path.join(dir, 'operator-crds.yaml'))).toBe(text);
    expect(await readSource(dir)).toBe(text);
  });
});

describe('npm run import: the command line', () => {
  test('up to two sources (none: the newest release\'s upstream files)', () => {
    expect(parseImportArgs([])).toEqual({ source: undefined, v3Source: undefined });
    expect(parseImportArgs(['dir'])).toEqual({ source: 'dir', v3Source: undefined });
    expect(parseImportArgs(['a.yaml', 'b.yaml'])).toEqual({ source: 'a.yaml', v3Source: 'b.yaml' });
  });

  test('--help: the usage, exit code 0; never read as a path', () => {
    expect(USAGE).toMatch(/^usage: npm run import \[-- \[<operator-crds\.yaml>\] \[<v3_projectcalico_org\.yaml>\]\]\n  regenerates imports\/ from the CRDs of Calico v\d+\.\d+\.\d+ /);
    for (const argv of [['--help'], ['-h'], ['dir', '--help']]) expect(usageError(() => parseImportArgs(argv))).toMatchObject({ exitCode: 0, message: USAGE });
  });

  test.each([
    [['--hepl'], 'unknown option --hepl (did you mean --help?)'],
    [['--out', 'x'], 'unknown option --out'],
    [['a', 'b', 'c'], 'unexpected argument c'],
    [['--', '--help'], 'argument --help looks like an option (for a file of that name write ./--help)'],
  ])('%j: %s, then the usage, exit code 2', (argv, problem) => {
    expect(usageError(() => parseImportArgs(argv))).toMatchObject({ exitCode: 2, message: `${problem}\n${USAGE}` });
  });
});
