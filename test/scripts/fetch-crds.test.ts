import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { defaultOut, fetchCrds, instead, parseFetchCrdsArgs, USAGE } from '../../scripts/fetch-crds';
import { shippedCrdBundle } from '../../src/app/config/shipped-crds';
import { usageError } from '../usage-error';
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
      // v3.28.2's CRDs are not all v3.30.7 needs.
      else if (req.url === '/v3.30.7/manifests/operator-crds.yaml') res.end(bundle);
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

  test('fails when the bundle lacks CRDs the release needs, listing them, and writes nothing', async () => {
    const out = path.join(tempDir(), 'x.yaml');
    await expect(fetchCrds({ version: 'v3.30.7', baseUrl, out })).rejects.toThrow(/^http:\/\/127\.0\.0\.1:\d+\/v3\.30\.7\/manifests\/operator-crds\.yaml lacks CRDs Calico v3\.30\.7 needs: gatewayapis\.operator\.tigera\.io, goldmanes\.operator\.tigera\.io, .*; is it the operator-crds\.yaml of Calico v3\.30\.7\?$/);
    expect(fs.existsSync(out)).toBe(false);
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
    await expect(fetchCrds({ version: 'v3.29.0', baseUrl })).rejects.toThrow('unknown Calico release "v3.29.0" (known: v3.32.1, v3.31.7, v3.30.7, v3.29.7, v3.28.2)');
  });

  test('fails with the cause when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(fetchCrds({ version: 'v3.28.2', baseUrl: `http://127.0.0.1:${port}`, out: path.join(tempDir(), 'x.yaml') }))
      .rejects.toThrow(new RegExp(`GET http://127\\.0\\.0\\.1:${port}/v3\\.28\\.2/manifests/operator-crds\\.yaml failed: .*ECONNREFUSED`));
  });

  test('fails offline saying which URL failed and what to do instead: the shipped bundle, or a download from elsewhere', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/v3.28.2/manifests/operator-crds.yaml`;
    const err = await fetchCrds({ version: 'v3.28.2', baseUrl: `http://127.0.0.1:${port}`, out: path.join(tempDir(), 'x.yaml') }).catch((e: Error) => e);
    expect((err as Error).message.split('\n').slice(1)).toEqual([
      'Instead:',
      '- nothing: calico-stack ships the CRDs of Calico v3.28.2 (crds/operator-crds-v3.28.2.yaml, descriptions left out) and uses them when calico.crds is not set;',
      `- or download https://raw.githubusercontent.com/projectcalico/calico/v3.28.2/manifests/operator-crds.yaml (or ${url}) on a machine that can reach it, copy it here and set calico.crds to its path (relative to the cluster file);`,
      '- or point --base-url (or CALICO_STACK_MANIFESTS_URL) at a mirror of projectcalico/calico\'s raw files.',
    ]);
    expect(instead('v3.32.1', 'u')).toContain('- nothing: the operator of Calico v3.32.1 creates its CRDs when it starts');
  });

  test('fails when --out names the bundle calico-stack ships, and leaves it alone', async () => {
    const shipped = shippedCrdBundle('v3.28.2')!;
    const before = fs.readFileSync(shipped.path, 'utf8');
    await expect(fetchCrds({ version: 'v3.28.2', baseUrl, out: shipped.path })).rejects.toThrow(`${shipped.path} is the CRD bundle calico-stack ships for Calico v3.28.2; save the download elsewhere (--out), e.g. ${defaultOut('v3.28.2')}`);
    expect(fs.readFileSync(shipped.path, 'utf8')).toBe(before);
  });

  test('saves next to the cluster files by default', () => {
    expect(defaultOut('v3.28.2')).toBe(path.join('clusters', 'crds', 'operator-crds-v3.28.2.yaml'));
  });
});

describe('npm run fetch-crds: the command line', () => {
  test('a version, --out and --base-url (default: CALICO_STACK_MANIFESTS_URL)', () => {
    expect(parseFetchCrdsArgs(['v3.28.2', '--out', 'x.yaml', '--base-url=http://mirror'], {})).toEqual({ version: 'v3.28.2', out: 'x.yaml', baseUrl: 'http://mirror' });
    expect(parseFetchCrdsArgs(['v3.28.2'], { CALICO_STACK_MANIFESTS_URL: 'http://env' })).toEqual({ version: 'v3.28.2', out: undefined, baseUrl: 'http://env' });
  });

  test('--help: the usage, with the known releases, exit code 0; never read as a version', () => {
    expect(USAGE).toMatch(/^usage: npm run fetch-crds -- <version> \[--out <file>\] \[--base-url <url>\]\n/);
    expect(USAGE).toContain('<version>         v3.32.1, v3.31.7, v3.30.7, v3.29.7, v3.28.2\n');
    for (const argv of [['--help'], ['-h'], ['v3.28.2', '--help']]) expect(usageError(() => parseFetchCrdsArgs(argv))).toMatchObject({ exitCode: 0, message: USAGE });
  });

  test.each([
    [['v3.28.2', '--ot', 'x.yaml'], 'unknown option --ot (did you mean --out?)'],
    [['v3.28.2', '--baseurl', 'http://mirror'], 'unknown option --baseurl (did you mean --base-url?)'],
    [['v3.28.2', '--out'], '--out needs a value'],
    [[], 'missing <version>'],
    [['v3.28.2', 'v3.30.7'], 'unexpected argument v3.30.7'],
    [['--', '--help'], 'argument --help looks like an option (for a file of that name write ./--help)'],
  ])('%j: %s, then the usage, exit code 2', (argv, problem) => {
    expect(usageError(() => parseFetchCrdsArgs(argv, {}))).toMatchObject({ exitCode: 2, message: `${problem}\n${USAGE}` });
  });
});
