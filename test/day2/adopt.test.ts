/**
 * `adopt` (src/app/cli/adopt.ts, src/app/day2/adopt.ts): exports built for every release of the
 * catalog (test/day2/cluster-exports.ts) and one written by hand (test/fixtures/adopt/).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCommand } from './run-command';
import { exportText, liveObjects, richSpec } from './cluster-exports';
import { adoptCommand } from '../../src/app/cli/adopt';
import { readClusterFile } from '../../src/app/config/load';
import { platformSchema } from '../../src/app/config/schema';
import { RELEASES } from '../../src/lib/calico/releases';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { Json } from '../calico/operator-defaulting';
import { tempDir } from '../temp';

const KUBEADM = { podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', clusterName: 'edge-1' };

/** Writes an export into a fresh folder (with an empty clusters/); returns the folder and the export's path. */
function exported(objects: Json[]): { dir: string; file: string } {
  const dir = tempDir({ 'export.yaml': exportText(objects), 'clusters/.keep': '' });
  return { dir, file: path.join(dir, 'export.yaml') };
}

const installationOf = (objects: readonly Json[]) => objects.find((o) => o.kind === 'Installation')!;

/** kubeadm-config's Kubernetes version as `platform.kubernetesVersion`, once the cluster file has that key. */
const kubernetesVersion = (version: string) => (Object.hasOwn(platformSchema.shape, 'kubernetesVersion') ? { kubernetesVersion: version } : {});

describe.each(RELEASES.map((r) => [r.version, r] as const))('adopt a Calico %s cluster', (version, release) => {
  for (const nativeV3 of version >= 'v3.32' ? [false, true] : [false]) {
    test(`round trip${nativeV3 ? ' (native projectcalico.org/v3 CRDs)' : ''}: the written file renders, through the operator, the export's Installation`, () => {
      const live = liveObjects(richSpec(version), { kubeadm: KUBEADM, nativeV3 });
      const { dir, file } = exported(live);
      const out = path.join(dir, 'clusters', 'edge-1.yaml');
      const run = runCommand(() => adoptCommand([file, '--cloud', 'baremetal', '--out', out]));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`wrote ${out}: renders the export's objects`);
      const loaded = readClusterFile(out);
      expect(loaded.findings).toEqual([]);
      const spec = loaded.spec as ClusterSpec;
      expect(spec.name).toBe('edge-1');
      expect(spec.platform).toEqual({ cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12', ...kubernetesVersion('v1.33.4') });
      // The adopted file's cluster, installed and defaulted by the operator, is the cluster exported.
      const again = liveObjects({ ...spec, calico: { ...spec.calico, crds: undefined } }, { kubeadm: KUBEADM, nativeV3 });
      expect(installationOf(again).spec).toEqual(installationOf(live).spec);
      const kinds = (objects: Json[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(kinds(again)).toEqual(kinds(live));
      // What the server and the operator write stays out of the file; the sections the export does not cover are off, with how to turn them on.
      const text = fs.readFileSync(out, 'utf8');
      for (const word of ['uid', 'resourceVersion', 'managedFields', 'status', 'flexVolumePath', 'finalizers', 'last-applied']) expect(text).not.toContain(word);
      expect(text).toContain('# Not in the export. Retina in basic mode: remove `enabled: false`');
      expect(text).toContain('# GitOps (Argo CD, Flux) is off: add a gitops section to turn it on (docs/gitops.md).');
      expect(text).toContain('# The subnets as kubeadm-config (ConfigMap kube-system/kubeadm-config) has them.\nplatform:\n');
      expect(text).toMatch(/ {2}# Installation fields the keys above do not model, where the cluster differs from what calico-stack renders anyway\.\n {2}installation:\n {4}controlPlaneReplicas: 3\n/);
      expect(spec.calico?.version).toBe(release.version);
    });
  }
});

describe('adopt', () => {
  const version = RELEASES[0].version;

  test('fails when the cluster uses something calico-stack cannot express: exit 1 naming the path, the value and why; nothing written', () => {
    const live = liveObjects(richSpec(version), {
      kubeadm: KUBEADM,
      edit: (objects) => {
        installationOf(objects).spec.calicoNetwork.ipPools[0].disableNewAllocations = true;
        objects.find((o) => o.kind === 'FelixConfiguration')!.spec.logSeverityScreen = 'Debug';
      },
    });
    const { dir, file } = exported(live);
    const out = path.join(dir, 'clusters', 'edge-1.yaml');
    const run = runCommand(() => adoptCommand([file, '--cloud', 'baremetal', '--out', out]));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe([
      'calico-stack adopt: the cluster uses 2 things calico-stack cannot express:',
      '  Installation/default spec.calicoNetwork.ipPools[0].disableNewAllocations: true — the cluster file has no key for it (calico.ipPools[] takes name, cidr, blockSize, encapsulation, natOutgoing, nodeSelector, disableBGPExport, allowedUses), and calico-stack renders the operator\'s false',
      '  FelixConfiguration/default spec.logSeverityScreen: "Debug" — the adopted file renders no such field: calico-stack has no key that says it',
      'nothing written: remove or change these in the cluster (or accept losing them) before adopting it',
      '',
    ].join('\n'));
    expect(fs.existsSync(out)).toBe(false);
  });

  test('fails on a cluster installed with manifests: the migration to the operator, same Calico version only', () => {
    const dir = tempDir({
      'export.yaml': exportText([
        { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system', uid: 'u1' }, spec: { template: { spec: { containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.28.2' }] } } } },
        { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'default-ipv4-ippool' }, spec: { cidr: '192.168.0.0/16', ipipMode: 'Always' } },
      ]),
    });
    const run = runCommand(() => adoptCommand([path.join(dir, 'export.yaml'), '--cloud', 'aws', '--name', 'old']));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe([
      'calico-stack adopt: this cluster runs Calico from manifests (DaemonSet kube-system/calico-node, no Installation): the operator does not manage it, so there is nothing to adopt yet.',
      '  1. Migrate it to the operator with upstream\'s procedure, https://docs.tigera.io/calico/latest/operations/operator-migration (operations/operator-migration):',
      '     it is supported only to the operator of the same Calico version — here v3.28.2 (tigera/docs#680): apply that release\'s tigera-operator.yaml, then create an Installation; the operator fills in its spec from the running install and moves Calico to calico-system.',
      '  2. When the migration has finished (kubectl get tigerastatus), export the cluster again and run adopt on that export.',
      '',
    ].join('\n'));
  });

  test('fails on an operator of a release calico-stack does not render: exit 1 naming it and the operators it knows', () => {
    const live = liveObjects(richSpec(version), {
      kubeadm: KUBEADM,
      edit: (objects) => { objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].image = 'quay.io/tigera/operator:v1.99.0'; },
    });
    const { file } = exported(live);
    const run = runCommand(() => adoptCommand([file, '--cloud', 'baremetal']));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`calico-stack adopt: Deployment tigera-operator runs operator v1.99.0, which is no release calico-stack renders (operators: ${RELEASES.map((r) => `${r.operatorVersion} = Calico ${r.version}`).join(', ')}) — upgrade the cluster to one of them first\n`);
  });

  test('fails when --out exists: exit 2, the file unchanged', () => {
    const { dir, file } = exported(liveObjects(richSpec(version), { kubeadm: KUBEADM }));
    const out = path.join(dir, 'clusters', 'edge-1.yaml');
    fs.writeFileSync(out, '# mine\n');
    for (const argv of [[file, '--cloud', 'baremetal', '--out', out], [file, '--cloud', 'baremetal']]) {
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        const run = runCommand(() => adoptCommand(argv));
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(`--out ${argv.length === 5 ? out : path.join('clusters', 'edge-1.yaml')} exists: adopt never overwrites a file — choose another --out, or move that file away first\n`);
      } finally {
        process.chdir(cwd);
      }
      expect(fs.readFileSync(out, 'utf8')).toBe('# mine\n');
    }
  });

  test('fails without the release: no Deployment tigera-operator and no --version is exit 2 saying what is missing; --version is enough', () => {
    const { dir, file } = exported(liveObjects(richSpec(version), { kubeadm: KUBEADM, deployment: false }));
    const missing = runCommand(() => adoptCommand([file, '--cloud', 'baremetal']));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe('the export has no Deployment tigera-operator, so the Calico release is unknown — add `kubectl -n tigera-operator get deployment tigera-operator -o yaml` to the export, or give --version <release>');
    const given = runCommand(() => adoptCommand([file, '--cloud', 'baremetal', '--version', version, '--out', path.join(dir, 'clusters', 'x.yaml')]));
    expect([given.code, given.stderr]).toEqual([0, '']);
  });

  test('fails on an export that is not a regular file, not YAML, or holds a __proto__ key: exit 2 naming the file and the place', () => {
    const dir = tempDir({ 'proto.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: operator.tigera.io/v1\n    kind: Installation\n    metadata: {name: default}\n    spec:\n      __proto__: {x: 1}\n', 'bad.yaml': 'kind: [\n' });
    const cases: Array<[string, string]> = [
      [dir, `calico-stack adopt: ${dir}: is a directory, not a regular file (allowed: a regular file of at most 32 MiB) — save the kubectl output to a file first\n`],
      [path.join(dir, 'proto.yaml'), `calico-stack adopt: ${path.join(dir, 'proto.yaml')}: items[0].spec.__proto__: the key __proto__ is not a field of any Kubernetes object — this is not a kubectl export; remove the key\n`],
      [path.join(dir, 'none.yaml'), `calico-stack adopt: ${path.join(dir, 'none.yaml')}: cannot be read: ENOENT: no such file or directory, stat '${path.join(dir, 'none.yaml')}'\n`],
    ];
    for (const [file, message] of cases) expect(runCommand(() => adoptCommand([file, '--cloud', 'aws']))).toEqual({ code: 2, stdout: '', stderr: message });
    const bad = runCommand(() => adoptCommand([path.join(dir, 'bad.yaml'), '--cloud', 'aws']));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`^calico-stack adopt: ${path.join(dir, 'bad.yaml')}:\\d+:\\d+: is not valid YAML: `));
  });

  test('--help: the usage, exit code 0', () => {
    const run = runCommand(() => adoptCommand(['--help']));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run adopt -- <export.yaml>/);
  });
});

test('a v3.28.2 cluster exported with kubectl, written by hand (test/fixtures/adopt/): the file it adopts', () => {
  const dir = tempDir({ 'clusters/.keep': '' });
  const out = path.join(dir, 'clusters', 'lab.yaml');
  const run = runCommand(() => adoptCommand([path.join(__dirname, '..', 'fixtures', 'adopt', 'v3.28.2-export.yaml'), '--cloud', 'aws', '--name', 'lab', '--out', out]));
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { spec, findings } = readClusterFile(out);
  expect(findings).toEqual([]);
  expect(spec?.calico).toMatchObject({
    version: 'v3.28.2',
    ipPools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 24, encapsulation: 'IPIP', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
    bgp: 'Enabled',
    apiServer: true,
  });
  expect(spec?.platform).toEqual({ cloud: 'aws', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24', ...kubernetesVersion('v1.31.2') });
  expect(spec?.calico?.installation).toBeUndefined();
  expect(run.stdout).toContain('IPPool/default-ipv4-ippool (the operator\'s pool for Installation pool 172.16.0.0/16): created by the operator');
});

test('what the render adds to the cluster is printed, and is no reason to fail: a BGPConfiguration made by hand with only an AS number', () => {
  const version = RELEASES[0].version;
  const live = liveObjects({ ...richSpec(version), calico: { ...richSpec(version).calico, wireguard: false, nodeToNodeMesh: undefined, bgpPeers: undefined } }, {
    kubeadm: KUBEADM,
    edit: (objects) => {
      const bgp = objects.find((o) => o.kind === 'BGPConfiguration')!;
      bgp.spec = { asNumber: 65010 };
    },
  });
  const { dir, file } = exported(live);
  const out = path.join(dir, 'clusters', 'edge-1.yaml');
  const run = runCommand(() => adoptCommand([file, '--cloud', 'baremetal', '--out', out]));
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout).toContain(`proof: ${out} (Calico ${version}) rendered and compared with the export field by field\n`
    + '  the render adds BGPConfiguration/default spec.listenPort: 179 (not in the cluster)\n'
    + '  the render adds BGPConfiguration/default spec.logSeverityScreen: "Info" (not in the cluster)\n');
});

test('objects Helm installed: its marks are no difference, and adopt says never to run helm on the release again', () => {
  const version = RELEASES[0].version;
  const live = liveObjects(richSpec(version), {
    kubeadm: KUBEADM,
    edit: (objects) => {
      for (const o of objects.filter((x) => x.apiVersion.startsWith('operator.tigera.io'))) {
        o.metadata.labels = { 'app.kubernetes.io/managed-by': 'Helm' };
        o.metadata.annotations = { ...o.metadata.annotations, 'meta.helm.sh/release-name': 'calico', 'meta.helm.sh/release-namespace': 'tigera-operator' };
      }
    },
  });
  const { dir, file } = exported(live);
  const run = runCommand(() => adoptCommand([file, '--cloud', 'baremetal', '--out', path.join(dir, 'clusters', 'edge-1.yaml')]));
  expect([run.code, run.stderr]).toEqual([0, '']);
  expect(run.stdout).toContain('note: Helm release tigera-operator/calico: the custom resources belong to this Helm release; once calico-stack\'s render is applied, never run helm upgrade, rollback or uninstall on it (they would overwrite or delete what calico-stack applies)\n');
});
