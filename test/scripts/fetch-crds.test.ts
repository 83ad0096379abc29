import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { fetchCrds } from '../../scripts/fetch-crds';
import { FIXTURES, tempDir } from '../util';

describe('npm run fetch-crds', () => {
  let server: http.Server;
  let baseUrl: string;
  const requests: string[] = [];
  const bundle = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url!);
      if (req.url === '/v3.28.2/manifests/operator-crds.yaml') res.end(bundle);
      else if (req.url === '/v3.31.7/manifests/operator-crds.yaml') res.end('apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
      else { res.statusCode = 404; res.end('not found'); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('downloads the release\'s manifests/operator-crds.yaml and saves it unchanged', async () => {
    const out = path.join(tempDir(), 'crds', 'operator-crds-v3.28.2.yaml');
    expect(await fetchCrds({ version: 'v3.28.2', baseUrl, out })).toBe(out);
    expect(requests).toContain('/v3.28.2/manifests/operator-crds.yaml');
    expect(fs.readFileSync(out, 'utf8')).toBe(bundle);
  });

  test('fails when the file is not a CRD bundle, and writes nothing', async () => {
    const out = path.join(tempDir(), 'x.yaml');
    await expect(fetchCrds({ version: 'v3.31.7', baseUrl, out })).rejects.toThrow(/should hold only CustomResourceDefinitions, but has kind "Namespace"/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('fails on an HTTP error, naming the URL', async () => {
    await expect(fetchCrds({ version: 'v3.28.2', baseUrl: `${baseUrl}/missing`, out: path.join(tempDir(), 'x.yaml') }))
      .rejects.toThrow(`GET ${baseUrl}/missing/v3.28.2/manifests/operator-crds.yaml: HTTP 404`);
  });

  test('fails on an unknown release, listing the known ones', async () => {
    await expect(fetchCrds({ version: 'v3.29.0', baseUrl })).rejects.toThrow('unknown Calico release "v3.29.0" (known: v3.32.1, v3.31.7, v3.30.7, v3.28.2)');
  });

  test('fails with the cause when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetchCrds({ version: 'v3.28.2', baseUrl: `http://127.0.0.1:${port}`, out: path.join(tempDir(), 'x.yaml') }))
      .rejects.toThrow(new RegExp(`GET http://127\\.0\\.0\\.1:${port}/v3\\.28\\.2/manifests/operator-crds\\.yaml failed: .*ECONNREFUSED`));
  });
});
