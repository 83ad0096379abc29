import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { readSource } from '../../scripts/import-crds';
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
