/**
 * Bounded inputs: the cluster file, its kubeadm-config and its CRD bundle are read only when they
 * are regular files no larger than their kind's limit. Anything else is an error finding, at once.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { readClusterFile } from '../../src/app/config/load';
import { INPUT_KINDS } from '../../src/app/config/input-file';
import { Finding, show } from '../../src/lib/common/findings';
import { clusterDoc, load, messages, tempDir } from '../util';

const writers: ChildProcess[] = [];
afterEach(() => {
  for (const w of writers.splice(0)) w.kill('SIGKILL');
});

/** A FIFO in a fresh folder. */
function fifo(): string {
  const file = path.join(tempDir(), 'pipe.yaml');
  execFileSync('mkfifo', [file]);
  // Safety net: should the loader ever open the FIFO and wait, this writer lets it go after a few
  // seconds (end of file), so a regression fails the test instead of hanging the test run.
  writers.push(spawn('sh', ['-c', 'exec sleep 5 > "$0"', file], { stdio: 'ignore' }));
  return file;
}

/** A sparse file of `size` bytes in a fresh folder (no disk space used). */
function sparse(size: number): string {
  const file = path.join(tempDir(), 'big.yaml');
  fs.writeFileSync(file, '');
  fs.truncateSync(file, size);
  return file;
}

function directory(): string {
  const dir = path.join(tempDir(), 'folder.yaml');
  fs.mkdirSync(dir);
  return dir;
}

/** The findings of loading `file`, and how long it took. */
function timedLoad(file: string): { findings: Finding[]; ms: number } {
  const start = process.hrtime.bigint();
  const { findings } = readClusterFile(file);
  return { findings, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** A cluster file (in its own folder) whose `platform.kubeadmConfig` and `calico.crds` name `target`. */
function referring(key: 'kubeadmConfig' | 'crds', target: string): string {
  const doc = key === 'kubeadmConfig'
    ? clusterDoc({ platform: { kubeadmConfig: target } })
    : clusterDoc({ calico: { version: 'v3.28.2', crds: target } });
  return path.join(tempDir({ 'cluster.yaml': stringify(doc) }), 'cluster.yaml');
}

const CONFIG_PATH = { kubeadmConfig: 'platform.kubeadmConfig', crds: 'calico.crds' } as const;
const LIMIT_TEXT = { clusterFile: '256 KiB', kubeadmConfig: '1 MiB', crds: '16 MiB' } as const;

/** Generous: refusing takes about a millisecond; without the checks, these inputs hang or eat memory. */
const FAIL_FAST_MS = 1000;

describe.each(['kubeadmConfig', 'crds'] as const)('%s', (key) => {
  const at = CONFIG_PATH[key];
  const allowed = `allowed a regular file of at most ${LIMIT_TEXT[key]}`;
  const what = key === 'crds' ? 'a CRD bundle' : 'a kubeadm-config';

  test(`fails when it is /dev/zero, at once`, () => {
    const { findings, ms } = timedLoad(referring(key, '/dev/zero'));
    expect(messages(findings)).toEqual([`${at}: names a character device, not a regular file (got "/dev/zero"; ${allowed}) — name ${what} file`]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  test(`fails when it is a FIFO, without waiting for a writer`, () => {
    const pipe = fifo();
    const { findings, ms } = timedLoad(referring(key, pipe));
    expect(messages(findings)).toEqual([`${at}: names a FIFO (named pipe), not a regular file (got ${JSON.stringify(pipe)}; ${allowed}) — name ${what} file`]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  test(`fails when it is a directory`, () => {
    const dir = directory();
    expect(messages(timedLoad(referring(key, dir)).findings)).toEqual([
      `${at}: names a directory, not a regular file (got ${JSON.stringify(dir)}; ${allowed}) — name ${what} file`,
    ]);
  });

  test(`fails when the file is larger than ${LIMIT_TEXT[key]}, without reading it`, () => {
    const big = sparse(INPUT_KINDS[key].limit + 1);
    const { findings, ms } = timedLoad(referring(key, big));
    expect(messages(findings)).toEqual([
      `${at}: names a file of ${INPUT_KINDS[key].limit + 1} bytes, more than the ${LIMIT_TEXT[key]} ${what} may have (got ${JSON.stringify(big)}; ${allowed}) — check that this is the file you meant`,
    ]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });
});

describe('the cluster file itself', () => {
  const allowed = 'allowed a regular file of at most 256 KiB';

  test('fails when it is /dev/zero, at once', () => {
    const { findings, ms } = timedLoad('/dev/zero');
    expect(messages(findings)).toEqual([`/dev/zero: is a character device, not a regular file (${allowed})`]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  test('fails when it is a FIFO, without waiting for a writer', () => {
    const pipe = fifo();
    const { findings, ms } = timedLoad(pipe);
    expect(messages(findings)).toEqual([`${pipe}: is a FIFO (named pipe), not a regular file (${allowed})`]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  test('fails when it is a directory', () => {
    const dir = directory();
    expect(messages(timedLoad(dir).findings)).toEqual([`${dir}: is a directory, not a regular file (${allowed})`]);
  });

  test('fails when it is larger than 256 KiB (a 50 MB file), without reading it', () => {
    const big = sparse(50 * 1024 * 1024);
    const { findings, ms } = timedLoad(big);
    expect(messages(findings)).toEqual([
      `${big}: is 50 MiB, more than the 256 KiB a cluster file may have (${allowed}) — a cluster file is a few KB: check that this is the file you meant`,
    ]);
    expect(ms).toBeLessThan(FAIL_FAST_MS);
  });

  test('reads a file of exactly 256 KiB', () => {
    const text = stringify(clusterDoc({ name: 'edge' }));
    const padding = '#'.repeat(INPUT_KINDS.clusterFile.limit - text.length - 1);
    const file = path.join(tempDir({ 'cluster.yaml': `${text}${padding}\n` }), 'cluster.yaml');
    expect(fs.statSync(file).size).toBe(INPUT_KINDS.clusterFile.limit);
    const { spec, findings } = readClusterFile(file);
    expect(findings).toEqual([]);
    expect(spec?.name).toBe('edge');
  });
});

describe('encodings (YAML 1.2: UTF-8 or UTF-16, told by the byte order mark or the first character)', () => {
  const TEXT = stringify(clusterDoc({ name: 'encoded', platform: { nodeSubnets: ['192.168.0.0/24'] } }));
  const BOM = '\uFEFF';
  /** A file of `bytes` in a fresh folder. */
  const file = (bytes: Buffer, name = 'cluster.yaml'): string => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const utf32le = (text: string) => Buffer.concat([...text].map((c) => { const b = Buffer.alloc(4); b.writeUInt32LE(c.codePointAt(0)!); return b; }));

  test.each([
    ['UTF-8 with a byte order mark', Buffer.from(BOM + TEXT, 'utf8')],
    ['UTF-16LE with a byte order mark (Windows PowerShell\'s >)', Buffer.from(BOM + TEXT, 'utf16le')],
    ['UTF-16BE with a byte order mark', utf16be(BOM + TEXT)],
    ['UTF-16LE without one', Buffer.from(TEXT, 'utf16le')],
    ['UTF-16BE without one', utf16be(TEXT)],
  ])('reads a cluster file in %s as its text', (_, bytes) => {
    const { spec, findings } = readClusterFile(file(bytes));
    expect(findings).toEqual([]);
    expect(spec).toEqual({ name: 'encoded', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', nodeSubnets: ['192.168.0.0/24'] } });
  });

  test('reads a kubeadm-config in UTF-16LE', () => {
    const kubeadm = 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: {podSubnet: 10.8.0.0/16}\n';
    const dir = tempDir({ 'cluster.yaml': stringify({ name: 'x', platform: { cloud: 'baremetal', kubeadmConfig: 'k.yaml' } }) });
    fs.writeFileSync(path.join(dir, 'k.yaml'), Buffer.from(BOM + kubeadm, 'utf16le'));
    expect(readClusterFile(path.join(dir, 'cluster.yaml')).spec?.platform.kubeadmConfig).toEqual({ source: 'k.yaml', podSubnet: '10.8.0.0/16' });
  });

  test('fails when the file is UTF-32, saying so', () => {
    const f = file(utf32le(BOM + TEXT));
    expect(messages(readClusterFile(f).findings)).toEqual([`${f}: is UTF-32 text (allowed UTF-8 text, or UTF-16 text) — save it as UTF-8`]);
  });

  test('fails when the bytes are not valid UTF-8 (a Latin-1 file), naming the line, not echoing it', () => {
    const f = file(Buffer.concat([Buffer.from('name: x\n# caf'), Buffer.from([0xe9]), Buffer.from('\nplatform: {cloud: aws}\n')]));
    expect(messages(readClusterFile(f).findings)).toEqual([`${f}: is not valid UTF-8 text at line 2 (allowed UTF-8 text, or UTF-16 text) — save it as UTF-8`]);
  });

  test('fails when UTF-16 is cut short (an odd number of bytes)', () => {
    const f = file(Buffer.concat([Buffer.from(BOM + TEXT, 'utf16le'), Buffer.from([0x41])]));
    expect(messages(readClusterFile(f).findings)[0]).toMatch(/: is not valid UTF-16 text at line \d+ \(allowed UTF-8 text, or UTF-16 text\) — save it as UTF-8$/);
  });

  test('fails when a file the cluster file names is UTF-32, at the key that names it', () => {
    const dir = tempDir({ 'cluster.yaml': stringify({ name: 'x', platform: { cloud: 'baremetal', kubeadmConfig: 'k.yaml' } }) });
    fs.writeFileSync(path.join(dir, 'k.yaml'), utf32le('kind: ClusterConfiguration\n'));
    expect(messages(readClusterFile(path.join(dir, 'cluster.yaml')).findings)).toEqual([
      'platform.kubeadmConfig: names a file that is UTF-32 text (got "k.yaml"; allowed UTF-8 text, or UTF-16 text) — save it as UTF-8',
    ]);
  });
});

describe('lists', () => {
  const errorsOf = (doc: Record<string, unknown>) => messages(load(doc).findings);

  test('fails when platform.nodeSubnets lists more than 256 networks, without echoing the list', () => {
    const nodeSubnets = Array.from({ length: 257 }, (_, i) => `192.168.${i % 256}.${i >= 256 ? 128 : 0}/25`);
    expect(errorsOf(clusterDoc({ platform: { nodeSubnets } }))).toEqual(['platform.nodeSubnets: lists 257 items (allowed at most 256)']);
  });

  test('fails when platform.serviceSubnet lists more than two CIDRs', () => {
    expect(errorsOf(clusterDoc({ platform: { serviceSubnet: '10.96.0.0/16,10.97.0.0/16,fd00:96::/112' } }))).toEqual([
      'platform.serviceSubnet: lists 3 CIDRs (got "10.96.0.0/16,10.97.0.0/16,fd00:96::/112"; allowed at most 2)',
    ]);
  });

  test('fails when platform.podSubnet lists more CIDRs than the Installation takes pools', () => {
    const podSubnet = Array.from({ length: 26 }, (_, i) => `10.${i}.0.0/16`).join(',');
    expect(errorsOf(clusterDoc({ platform: { podSubnet } }))).toEqual([`platform.podSubnet: lists 26 CIDRs (got ${show(podSubnet)}; allowed at most 25)`]);
  });

  test('fails when far more pools are listed, with the Installation\'s limit, before any rule compares them (it said "at most 100")', () => {
    const ipPools = Array.from({ length: 200 }, (_, i) => ({ cidr: `10.244.${i}.0/24` }));
    expect(errorsOf(clusterDoc({ calico: { ipPools } }))).toEqual([
      'calico.ipPools: lists 200 pools; the Installation takes at most 25 — merge pools, or create the extra ones as IPPool resources',
    ]);
    // Also when pools have problems of their own.
    expect(errorsOf(clusterDoc({ calico: { ipPools: [...ipPools, { cidr: 1 }] } }))).toEqual([
      'calico.ipPools[200].cidr: expected a string (got 1)',
      'calico.ipPools: lists 201 pools; the Installation takes at most 25 — merge pools, or create the extra ones as IPPool resources',
    ]);
  });

  test('fails when more than 25 pools are listed: the Installation takes at most 25', () => {
    const ipPools = Array.from({ length: 26 }, (_, i) => ({ cidr: `10.244.${i}.0/24` }));
    expect(errorsOf(clusterDoc({ calico: { ipPools } }))).toEqual([
      'calico.ipPools: lists 26 pools; the Installation takes at most 25 — merge pools, or create the extra ones as IPPool resources',
    ]);
  });

  test('fails when monitoring.allowedSourceCidrs lists more than 256 CIDRs', () => {
    const allowedSourceCidrs = Array.from({ length: 300 }, (_, i) => `198.51.${i % 256}.${i >= 256 ? 1 : 0}/32`);
    expect(errorsOf(clusterDoc({ monitoring: { allowedSourceCidrs } }))).toEqual(['monitoring.allowedSourceCidrs: lists 300 items (allowed at most 256)']);
  });
});
