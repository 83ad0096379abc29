/**
 * `drift` (src/app/cli/drift.ts, src/app/day2/drift.ts): an export of a cluster installed from a
 * committed render (test/day2/cluster-exports.ts) compared with that render.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { runCommand } from './run-command';
import { exportText, liveObjects, renderQuietly, richSpec } from './cluster-exports';
import { driftCommand } from '../../src/app/cli/drift';
import { CALICO_NODE_WRITES } from '../../src/app/day2/live-compare';
import { RELEASES } from '../../src/lib/calico/releases';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { Json } from '../calico/operator-defaulting';
import { tempDir } from '../temp';

/** A project with the clusters' files and their committed renders; returns its folder. */
function project(specs: readonly ClusterSpec[]): string {
  const dir = tempDir();
  for (const spec of specs) {
    fs.mkdirSync(path.join(dir, 'clusters'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'clusters', `${spec.name}.yaml`), stringify(spec));
    for (const [file, text] of renderQuietly(spec)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'dist', spec.name, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'dist', spec.name, file), text);
    }
  }
  return dir;
}

function drift(dir: string, objects: Json[], ...args: string[]) {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, exportText(objects));
  return runCommand(() => driftCommand([file, '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist'), ...args]));
}

const version = RELEASES[0].version;
const spec = richSpec(version, 'edge-1');

describe('drift', () => {
  const dir = project([spec]);
  const dist = path.join(dir, 'dist', 'edge-1');

  test('no drift on a cluster installed from the committed render: exit 0, one line', () => {
    const run = drift(dir, liveObjects(spec));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^edge-1: no drift from ${dist}/ \\(Calico ${version}; \\d+ expected operator writes, --expected lists them\\)\\n$`));
  });

  test('a field changed in the cluster: exit 1 and its line, committed → live', () => {
    const run = drift(dir, liveObjects(spec, { edit: (objects) => { objects.find((o) => o.kind === 'Installation')!.spec.calicoNetwork.mtu = 1500; } }));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('Installation/default spec.calicoNetwork.mtu: 1440 → 1500');
    expect(run.stdout.split('\n')[1]).toMatch(/^edge-1: 1 difference from /);
  });

  test('what the operator writes is listed apart, with where (--expected), and is no drift', () => {
    const run = drift(dir, liveObjects(spec), '--expected');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^expected, written by the operator \(not drift\): \d+$/);
    const operator = RELEASES[0].operatorWrites.readAt;
    expect(lines).toContain(`  Installation/default metadata.finalizers: (none) → ["tigera.io/operator-cleanup"] (operator ${operator}: ${RELEASES[0].operatorWrites.fields.find((r) => r.pointer === '/metadata/finalizers')!.at})`);
    expect(lines).toContain('  IPPool/pods-a (the operator\'s pool for Installation pool 10.244.0.0/17): created by the operator');
    expect(lines.some((l) => /^ {2}FelixConfiguration\/default spec\.healthPort: \(none\) → 9099 \(operator /.test(l))).toBe(true);
    // calico-node's own writes name the release's line (release-data/calico-node-writes.json).
    expect(lines).toContain(`  FelixConfiguration/default spec.reportingInterval: (none) → "0s" (calico-node ${version}: ${CALICO_NODE_WRITES.at[version]})`);
  });

  test('every release of the catalog says where its calico-node writes FelixConfiguration/default (a new release shows up unread here)', () => {
    expect(RELEASES.map((r) => r.version).filter((v) => !/^node\/pkg\/lifecycle\/startup\/startup\.go:\d+-\d+$/.test(CALICO_NODE_WRITES.at[v] ?? ''))).toEqual([]);
  });

  test('a missing object and an extra one: one line each', () => {
    const run = drift(dir, liveObjects(spec, {
      edit: (objects) => {
        objects.splice(objects.findIndex((o) => o.kind === 'BGPPeer'), 1);
        objects.push({ apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'by-hand', uid: 'x' }, spec: { peerIP: '192.168.50.9', asNumber: 65009 } });
      },
    }));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['BGPPeer/tor: committed → missing in the cluster', 'BGPPeer/by-hand: not committed → in the cluster']);
  });

  test('the native projectcalico.org/v3 CRDs of v3.32 are the same objects: no drift', () => {
    expect(drift(dir, liveObjects(spec, { nativeV3: true })).code).toBe(0);
  });

  test('--help: the usage, exit code 0', () => {
    const run = runCommand(() => driftCommand(['--help']));
    expect([run.code, run.stdout.split('\n')[0]]).toEqual([0, 'usage: npm run drift -- <export.yaml> [<more.yaml>...] [--config <file>] [--clusters <dir>] [--dist <dir>] [--expected]']);
  });

  test('fails on an unreadable export: exit 2 naming the file', () => {
    const run = runCommand(() => driftCommand([path.join(dir, 'none.yaml'), '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist')]));
    expect(run).toEqual({ code: 2, stdout: '', stderr: `calico-stack drift: ${path.join(dir, 'none.yaml')}: cannot be read: ENOENT: no such file or directory, stat '${path.join(dir, 'none.yaml')}'\n` });
  });
});

describe('drift: which cluster', () => {
  const other: ClusterSpec = { ...richSpec(version, 'other'), calico: { ...richSpec(version).calico, ipPools: [{ name: 'p', cidr: '10.250.0.0/16' }] }, platform: { cloud: 'aws', podSubnet: '10.250.0.0/16' } };
  const dir = project([spec, other]);

  test('the one whose committed Installation has the export\'s pools, among several', () => {
    const run = drift(dir, liveObjects(other));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^other: no drift from /);
  });

  test('the one --config names', () => {
    const run = drift(dir, liveObjects(spec), '--config', path.join(dir, 'clusters', 'edge-1.yaml'));
    expect(run.stdout).toMatch(/^edge-1: no drift from /);
  });

  test('fails on an unknown cluster: exit 2', () => {
    const unknown = { ...richSpec(version, 'x'), calico: { ...richSpec(version).calico, ipPools: [{ name: 'q', cidr: '10.150.0.0/16' }] }, platform: { cloud: 'aws' as const, podSubnet: '10.150.0.0/16' } };
    const run = drift(dir, liveObjects(unknown));
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`unknown cluster: the export's Installation (pools q=10.150.0.0/16) matches no committed render in ${path.join(dir, 'dist')}/ of the 2 cluster files in ${path.join(dir, 'clusters')}/ — give --config <file>`);
  });
});

test('drift fails on an export that holds none of the kinds it compares: exit 2', () => {
  const dir = tempDir({ 'e.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: y}}\n' });
  const run = runCommand(() => driftCommand([path.join(dir, 'e.yaml'), '--clusters', dir, '--dist', dir]));
  expect(run).toEqual({ code: 2, stdout: '', stderr: 'calico-stack drift: the export holds none of the kinds drift compares (Installation, APIServer, Goldmane, Whisker, IPPool, BGPConfiguration, BGPPeer, FelixConfiguration) — export them with the kubectl get line of docs/adopt-and-drift.md\n' });
});
