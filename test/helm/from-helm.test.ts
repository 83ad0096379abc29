/**
 * `from-helm` (src/app/cli/from-helm.ts, src/app/helm/from-helm.ts): values files of
 * test/fixtures/from-helm/ converted, each file asserted by its keys and values, the lines of what
 * cannot be carried, the refusals, and the proof: the chart's custom resources per fixture written
 * by hand from the chart's templates (templates/crs/custom-resources.yaml,
 * templates/crs/configmap-felixconfiguration-templates.yaml, templates/_helpers.tpl's
 * imagePullSecrets), and generate.sh's values rendering the operator calico-stack renders.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { fromHelmCommand } from '../../src/app/cli/from-helm';
import { quietApp, renderClusterText, specOf } from '../../src/app/day2/adopt';
import { chartCustomResources, fromHelm, proveConversion, withChartDefaults } from '../../src/app/helm/from-helm';
import { readValuesFile, VALUES_FILE, ValuesReadError } from '../../src/app/helm/values-file';
import { DEFAULT_CALICO_VERSION, RELEASES } from '../../src/lib/calico/releases';
import { renderStack } from '../../src/lib/render/render';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { runCommand } from '../day2/run-command';
import { tempDir } from '../temp';
import { FIXTURES } from '../util';

const fixture = (name: string) => path.join(FIXTURES, 'from-helm', `${name}.yaml`);

/** Runs from-helm on a fixture into a fresh folder; the run and the written file's data. */
function convert(name: string, ...options: string[]) {
  const dir = tempDir();
  const out = path.join(dir, `${name}.yaml`);
  const run = runCommand(() => fromHelmCommand([fixture(name), '--name', name, '--cloud', 'baremetal', '--out', out, ...options]));
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  return { run, out, text, data: text === undefined ? undefined : parse(text) as Record<string, any> };
}

/** The lines after `not carried over (n):`. */
const uncarriedLines = (stdout: string) => {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('not carried over ('));
  return start === -1 ? [] : lines.slice(start + 1).filter((l) => l.startsWith('  ')).map((l) => l.slice(2));
};

describe('pools.yaml: pools, a component spec, Felix, the operator\'s Deployment values', () => {
  const { run, text, data } = convert('pools');

  test('written, exit 0, every value carried', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('every value is carried over\n');
    expect(text).toMatch(/^# Converted by `calico-stack from-helm`/);
  });

  test('the proof tells what the render sets in the operator\'s place (with the operator\'s line) from what it adds', () => {
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('  the render '));
    const sets = lines.filter((l) => l.startsWith('  the render sets '));
    expect(sets.length).toBeGreaterThan(0);
    for (const l of sets) expect(l).toMatch(/ \(the chart leaves it to the operator, which writes it when it runs: operator v[\d.]+: pkg\/controller\/[\w/.-]+\.go:\d+(-\d+)?\)$/);
    // The CNI log defaults are the operator's (core_controller.go); a pool list is the cluster file's own.
    expect(sets.some((l) => l.includes('spec.logging.cni.logSeverity: "Info"'))).toBe(true);
    expect(sets.some((l) => l.includes('ipPools'))).toBe(false);
  });

  test('the cluster file says what the values say, under its own keys', () => {
    expect(data!.name).toBe('pools');
    expect(data!.platform).toEqual({ cloud: 'baremetal', apiServerEndpoint: 'api.example.com:6443', podSubnet: '10.244.0.0/16' });
    const calico = data!.calico;
    expect(calico.version).toBe(DEFAULT_CALICO_VERSION);
    expect(calico.ipPools).toEqual([{ cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'VXLAN', natOutgoing: 'Enabled', nodeSelector: 'all()' }]);
    expect(calico.bgp).toBe('Disabled');
    expect(calico.mtu).toBe(1440);
    // The chart's default, carried: it turns the CSI driver off.
    expect(calico.kubeletVolumePluginPath).toBe('None');
    expect(calico.installation).toEqual({ controlPlaneReplicas: 3, nonPrivileged: 'Disabled', calicoNetwork: { hostPorts: 'Disabled' } });
    expect(calico.apiServer).toEqual({ apiServerDeployment: { spec: { template: { spec: { containers: [{ name: 'calico-apiserver', resources: { requests: { cpu: '100m' } } }] } } } } });
    expect([calico.goldmane, calico.whisker]).toEqual([false, false]);
    expect(calico.wireguard).toBe(true);
    expect(calico.felix).toEqual({ logSeverityScreen: 'Warning' });
    expect(data!.operator).toEqual({
      resources: { requests: { cpu: '50m', memory: '64Mi' } },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      priorityClassName: 'system-cluster-critical',
      podLabels: { team: 'net' },
      env: [{ name: 'HTTPS_PROXY', value: 'http://proxy.example.com:3128' }],
    });
    expect(data!.retina).toEqual({ enabled: false });
    expect(data!.monitoring).toEqual({ enabled: false });
  });

  test('the chart\'s custom resources for these values, as its templates write them', () => {
    const values = readValuesFile(fixture('pools'));
    // templates/crs/custom-resources.yaml: installation without enabled (with the chart's defaults
    // merged in), imagePullSecrets from the helper; apiServer without enabled; goldmane and whisker off.
    // configmap-felixconfiguration-templates.yaml: defaultFelixConfiguration without enabled.
    expect(chartCustomResources(withChartDefaults(values))).toEqual([
      {
        apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' },
        spec: {
          kubeletVolumePluginPath: 'None', imagePullSecrets: [], kubernetesProvider: '', controlPlaneReplicas: 3,
          controlPlaneNodeSelector: {}, controlPlaneTolerations: [], nonPrivileged: 'Disabled',
          calicoNetwork: { bgp: 'Disabled', mtu: 1440, hostPorts: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN', natOutgoing: 'Enabled', nodeSelector: 'all()', blockSize: 26 }] },
        },
      },
      { apiVersion: 'operator.tigera.io/v1', kind: 'APIServer', metadata: { name: 'default' }, spec: { apiServerDeployment: { spec: { template: { spec: { containers: [{ name: 'calico-apiserver', resources: { requests: { cpu: '100m' } } }] } } } } } },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { logSeverityScreen: 'Warning', wireguardEnabled: true } },
    ]);
  });

  test('the proof: the render has every field of the chart\'s objects, and each operator value where the chart puts it', () => {
    const result = fromHelm(readValuesFile(fixture('pools')), { name: 'pools', cloud: 'baremetal' });
    if (result.outcome !== 'converted') throw new Error(result.outcome);
    expect(result.proof!.resources.changed.filter((d) => d.live !== undefined)).toEqual([]);
    expect(result.proof!.resources.extra).toEqual([]);
    expect(result.proof!.operator).toEqual([]);
    expect(result.uncarried).toEqual([]);
    // The render's Deployment carries the values where the chart's template puts them.
    const { rendered } = renderClusterText(result.text, 'test');
    const deployment = rendered!.find((o) => o.kind === 'Deployment') as any;
    expect(deployment.spec.template.spec.priorityClassName).toBe('system-cluster-critical');
    expect(deployment.spec.template.metadata.labels.team).toBe('net');
    expect(deployment.spec.template.spec.containers[0].env.at(-1)).toEqual({ name: 'HTTPS_PROXY', value: 'http://proxy.example.com:3128' });
  });
});

test('the proof fails when the file does not say what the values say: a value taken out of the converted file is named', () => {
  const values = withChartDefaults(readValuesFile(fixture('pools')));
  const result = fromHelm(readValuesFile(fixture('pools')), { name: 'pools', cloud: 'baremetal' });
  if (result.outcome !== 'converted') throw new Error(result.outcome);
  const tampered = parse(result.text) as Record<string, any>;
  delete tampered.calico.mtu;
  delete tampered.operator.priorityClassName;
  tampered.calico.apiServer = true;
  const { proof } = proveConversion(stringify(tampered), values, result.release);
  expect(proof!.resources.changed.filter((d) => d.live !== undefined).map((d) => `${d.object} ${d.path}: ${JSON.stringify(d.live)}`)).toEqual([
    'Installation/default spec.calicoNetwork.mtu: 1440',
    'APIServer/default spec.apiServerDeployment.spec.template.spec.containers: [{"name":"calico-apiserver","resources":{"requests":{"cpu":"100m"}}}]',
  ]);
  expect(proof!.operator).toEqual([{ value: 'priorityClassName', path: 'Deployment tigera-operator spec.template.spec.priorityClassName', chart: 'system-cluster-critical', rendered: undefined }]);
});

test('kubernetesServiceEndpoint: an IPv6 host in brackets, the chart\'s default port; the ConfigMap proven against the chart\'s', () => {
  const result = fromHelm({ kubernetesServiceEndpoint: { host: 'fd00::10' } }, { name: 'v6', cloud: 'baremetal', podSubnet: '10.244.0.0/16' });
  if (result.outcome !== 'converted') throw new Error(result.outcome);
  expect(result.data.platform).toEqual({ cloud: 'baremetal', apiServerEndpoint: '[fd00::10]:6443', podSubnet: '10.244.0.0/16' });
  expect(result.proof!.operator).toEqual([]);
  expect(result.uncarried.map((u) => u.path)).toEqual([]);
});

test('--release v3.29.7: no Goldmane or Whisker in that release, so none is expected of the chart either', () => {
  const result = fromHelm(readValuesFile(fixture('registry')), { name: 'old', cloud: 'baremetal', release: 'v3.29.7' });
  if (result.outcome !== 'converted') throw new Error(result.outcome);
  expect(result.data.calico).not.toHaveProperty('goldmane');
  expect(result.proof!.resources.extra).toEqual([]);
  expect(result.uncarried).toEqual([]);
});

test('a null removes the chart\'s default, as helm merges values: no tolerations and no node selector for the operator', () => {
  const result = fromHelm({ tolerations: null, nodeSelector: null }, { name: 'n', cloud: 'baremetal', podSubnet: '10.244.0.0/16' });
  if (result.outcome !== 'converted') throw new Error(result.outcome);
  expect(result.data.operator).toEqual({ tolerations: [], nodeSelector: {} });
  expect(result.proof!.operator).toEqual([]);
  expect(result.uncarried).toEqual([]);
});

describe('uncarried.yaml: values a cluster file cannot say, and credentials', () => {
  const { run, text, data } = convert('uncarried');

  test('one line per value, path, value and why, credentials never shown', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('not carried over (17):\n');
    const certs = (where: string) => `certificates never go into a cluster file or dist/: create ${where} in tigera-operator from it before applying (npm run plan prints the command; docs/networking.md#bringing-your-own-typhanode-certificates); the file says calico.typhaCertificates: byo`;
    expect(uncarriedLines(run.stdout)).toEqual([
      'imagePullSecrets.my-registry: (54 characters, not shown) — credentials never go into a cluster file or dist/: create the Secret first (kubectl -n tigera-operator create secret generic my-registry --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=<file>); calico.imagePullSecrets names it',
      'installation.nodeMetricsPort / typhaMetricsPort: {"nodeMetricsPort":9090,"typhaMetricsPort":9091} — calico.metrics renders both, on 9091 and 9093; the file has no key for other ports or for one of them alone',
      'defaultFelixConfiguration.bpfEnabled: true — said by calico.linuxDataplane (installation.calicoNetwork.linuxDataplane: BPF), which the operator turns into it',
      `certs.node.key: (7 characters, not shown) — ${certs('Secret node-certs')}`,
      `certs.node.cert: (8 characters, not shown) — ${certs('Secret node-certs')}`,
      `certs.node.commonName: "typha-client" — ${certs('Secret node-certs')}`,
      `certs.typha.key: (8 characters, not shown) — ${certs('Secret typha-certs')}`,
      `certs.typha.cert: (9 characters, not shown) — ${certs('Secret typha-certs')}`,
      `certs.typha.commonName: "typha-server" — ${certs('Secret typha-certs')}`,
      `certs.typha.caBundle: (8 characters, not shown) — ${certs('ConfigMap typha-ca')}`,
      'manageCRDs: false — calico-stack runs the operator with the release\'s own arguments (-manage-crds=true); there is no key to change them — apply the CRDs yourself as well if you must (they are the same), or leave the operator to manage them',
      'additionalLabels: {"owner":"platform"} — Labels the chart puts on every object it renders: calico-stack renders upstream\'s labels (k8s-app: tigera-operator) and has no key for more.',
      'tigeraOperator.version: "v1.38.13" — calico-stack renders the operator of the release it renders: Calico v3.32.1 runs operator v1.42.3 — operator v1.38.13 is Calico v3.30.7\'s: give --release v3.30.7',
      'tigeraOperator.registry: "registry.example.com" — calico.registry moves Calico\'s images and the operator\'s together: the converted file pulls the operator from quay.io, the chart from registry.example.com — set installation.registry to registry.example.com (and mirror Calico\'s images there) to carry it',
      'calicoctl.tag: "v3.31.0" — The tag of the OpenShift-only init container create-initial-resources, which calico-stack does not render.',
      'dnsPolicy: "Default" — calico-stack renders upstream\'s ClusterFirstWithHostNet (the operator runs on the host network) and has no key for another.',
      'notAChartValue: 1 — no value of the tigera-operator chart v3.32.1 (docs/from-helm.md lists them): the chart ignores it',
    ]);
    for (const secret of ['NODEKEY', 'NODECERT', 'TYPHAKEY', 'TYPHACERT', 'CABUNDLE', 'c2VjcmV0']) {
      expect(run.stdout + run.stderr).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });

  test('what can be said is: byo certificates, the pull secret by name, the pool as podSubnet', () => {
    expect(data!.calico.typhaCertificates).toBe('byo');
    expect(data!.calico.imagePullSecrets).toEqual(['my-registry']);
    expect(data!.platform.podSubnet).toBe('192.168.0.0/16');
    expect(data!.calico.felix).toBeUndefined();
    expect([data!.calico.apiServer, data!.calico.goldmane, data!.calico.whisker]).toEqual([true, true, true]);
  });

  test('--release v3.30.7: the operator tag of the values is that release\'s, so it is carried', () => {
    const { run: r, data: d } = convert('uncarried', '--release', '3.30.7');
    expect(r.code).toBe(0);
    expect(d!.calico.version).toBe('v3.30.7');
    expect(r.stdout).not.toContain('tigeraOperator.version');
    expect(r.stdout).toContain('note: the values are read over the defaults of chart v3.32.1');
  });
});

describe('registry.yaml: one private registry and path for Calico and the operator, no operator tolerations', () => {
  const { run, data } = convert('registry');

  test('carried: calico.registry and imagePath move both, the pull secret by name, tolerations: [] renders none', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('every value is carried over\n');
    expect(data!.calico).toMatchObject({ registry: 'registry.example.com/mirror', imagePath: 'calico-mirror', imagePullSecrets: ['mirror-pull'] });
    expect(data!.calico.ipPools).toEqual([{ cidr: '10.10.0.0/16', encapsulation: 'VXLANCrossSubnet' }]);
    expect(data!.operator).toEqual({ tolerations: [] });
    const result = fromHelm(readValuesFile(fixture('registry')), { name: 'r', cloud: 'aws' });
    if (result.outcome !== 'converted') throw new Error(result.outcome);
    const { rendered } = renderClusterText(result.text, 'test');
    const deployment = rendered!.find((o) => o.kind === 'Deployment') as any;
    expect(deployment.spec.template.spec.containers[0].image).toBe(`registry.example.com/mirror/calico-mirror/operator:${RELEASES[0].operatorVersion}`);
    expect(deployment.spec.template.spec.tolerations ?? []).toEqual([]);
    const account = rendered!.find((o) => o.kind === 'ServiceAccount') as any;
    expect(account.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
  });

  test('the chart\'s Installation for these values (templates/crs/custom-resources.yaml)', () => {
    const [installation] = chartCustomResources(withChartDefaults(readValuesFile(fixture('registry'))));
    expect(installation.spec).toEqual({
      kubeletVolumePluginPath: 'None', kubernetesProvider: '', controlPlaneReplicas: 2, controlPlaneNodeSelector: {}, controlPlaneTolerations: [], nonPrivileged: 'Disabled',
      registry: 'registry.example.com/mirror', imagePath: 'calico-mirror', imagePullSecrets: [{ name: 'mirror-pull' }],
      calicoNetwork: { ipPools: [{ cidr: '10.10.0.0/16', encapsulation: 'VXLANCrossSubnet' }] },
    });
  });

  test('--release v3.31.7: the operator tag the values leave to the chart is that release\'s', () => {
    const { run: r, data: d } = convert('registry', '--release', 'v3.31.7');
    expect(r.code).toBe(0);
    expect(d!.calico.version).toBe('v3.31.7');
    expect(r.stdout).not.toContain('tigeraOperator.version');
  });
});

describe('generate.sh\'s values (upstream\'s tigera-operator.yaml): the independent oracle', () => {
  test('converted and rendered, the operator objects are exactly those calico-stack renders for the release with the components off', () => {
    const { run, data, text } = convert('generate-sh', '--pod-subnet', '10.244.0.0/16');
    expect(run.code).toBe(0);
    expect(uncarriedLines(run.stdout)).toEqual([
      'installation.enabled: false — a cluster file always renders Installation/default (the chart leaves it out, as upstream\'s tigera-operator.yaml does); what the values themselves say of installation is carried for that Installation',
    ]);
    // The chart's installation defaults apply to no Installation: not carried.
    expect(data!.calico).toEqual({ version: DEFAULT_CALICO_VERSION, apiServer: false, goldmane: false, whisker: false });
    expect(data!.operator).toBeUndefined();
    const operatorFile = (spec: Record<string, unknown>) => {
      const files = renderStack(new CalicoStack(quietApp(), 'cluster', specOf(spec)));
      const name = [...files.keys()].find((f) => f.endsWith('tigera-operator.k8s.yaml'))!;
      return files.get(name)!;
    };
    const converted = parse(text!) as Record<string, unknown>;
    const expected = operatorFile({ name: 'generate-sh', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' }, calico: { apiServer: false, goldmane: false, whisker: false }, retina: { enabled: false }, monitoring: { enabled: false } });
    expect(operatorFile(converted)).toBe(expected);
    expect(expected).toContain(`image: quay.io/tigera/operator:${RELEASES[0].operatorVersion}`);
  });
});

describe('refusals', () => {
  test('fails when --out exists: exit 2, the file unchanged', () => {
    const dir = tempDir({ 'taken.yaml': 'keep me\n' });
    const out = path.join(dir, 'taken.yaml');
    const run = runCommand(() => fromHelmCommand([fixture('pools'), '--name', 'x', '--cloud', 'aws', '--out', out]));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`--out ${out} exists: from-helm never overwrites a file — choose another --out, or move that file away first\n`);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me\n');
  });

  test('fails on a chart version calico-stack has no release for, listing the supported ones', () => {
    const dir = tempDir();
    const run = runCommand(() => fromHelmCommand([fixture('pools'), '--name', 'x', '--cloud', 'aws', '--out', path.join(dir, 'x.yaml'), '--release', 'v3.27.0']));
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`--release v3.27.0: calico-stack has no release for chart version v3.27.0 — the chart versions it converts are ${RELEASES.map((r) => r.version).join(', ')} (the chart's version is its Calico release: helm list shows it as tigera-operator-<version>)`);
    expect(fs.existsSync(path.join(dir, 'x.yaml'))).toBe(false);
  });

  test('fails without pools and without --pod-subnet', () => {
    const result = fromHelm({}, { name: 'x', cloud: 'aws' });
    expect(result).toEqual({ outcome: 'usage', message: 'the values name no pool (installation.calicoNetwork.ipPools), so the pod network is unknown — give --pod-subnet <cidrs> (kubeadm\'s podSubnet, v4,v6 for dual stack)' });
  });

  test('fails on a wrong --cloud, missing --name, and answers --help', () => {
    expect(fromHelm({}, { name: 'x', cloud: 'moon', podSubnet: '10.0.0.0/16' })).toEqual({ outcome: 'usage', message: '--cloud moon is not one of aws, azure, gcp, baremetal' });
    const missing = runCommand(() => fromHelmCommand([fixture('pools'), '--cloud', 'aws']));
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, 'missing --name <name> (the cluster\'s name)']);
    const help = runCommand(() => fromHelmCommand(['--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run from-helm -- <values.yaml> --name <name> --cloud <cloud>/);
  });

  describe('the values file is untrusted input', () => {
    const read = (file: string) => {
      try {
        readValuesFile(file);
      } catch (err) {
        if (err instanceof ValuesReadError) return err.message;
        throw err;
      }
      throw new Error('read');
    };
    test('fails when it is missing, a folder, a device, or larger than 1 MiB', () => {
      const dir = tempDir({ 'big.yaml': `a: "${'x'.repeat(VALUES_FILE.limit)}"\n` });
      expect(read(path.join(dir, 'none.yaml'))).toMatch(new RegExp(`^${dir}/none.yaml: cannot be read: ENOENT`));
      expect(read(dir)).toBe(`${dir}: is a directory, not a regular file (allowed: a regular file of at most 1 MiB) — save the values to a file first`);
      expect(read(path.join(dir, 'big.yaml'))).toMatch(/big\.yaml: is .* more than the 1 MiB a Helm values file may have/);
      // A device is refused before a byte is read (it would never end).
      expect(read('/dev/zero')).toBe('/dev/zero: is a character device, not a regular file (allowed: a regular file of at most 1 MiB) — save the values to a file first');
    });
    test('fails on a FIFO without opening it for a blocking read (it would wait forever)', () => {
      const fifo = path.join(tempDir(), 'values.yaml');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      expect(read(fifo)).toBe(`${fifo}: is a FIFO (named pipe), not a regular file (allowed: a regular file of at most 1 MiB) — save the values to a file first`);
    });
    test('fails on __proto__, a list, several documents; the command exits 2 naming the file', () => {
      const dir = tempDir({ 'proto.yaml': 'installation:\n  calicoNetwork:\n    __proto__: {mtu: 1}\n', 'list.yaml': '- a\n', 'two.yaml': 'a: 1\n---\nb: 2\n' });
      expect(read(path.join(dir, 'proto.yaml'))).toBe(`${dir}/proto.yaml: installation.calicoNetwork.__proto__: the key __proto__ is no value of the chart, nor a field of any object it renders — remove it`);
      expect(read(path.join(dir, 'list.yaml'))).toMatch(/list\.yaml: holds a list, not a mapping of chart values/);
      expect(read(path.join(dir, 'two.yaml'))).toMatch(/two\.yaml: holds 2 YAML documents/);
      const run = runCommand(() => fromHelmCommand([path.join(dir, 'proto.yaml'), '--name', 'x', '--cloud', 'aws', '--out', path.join(dir, 'x.yaml')]));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^calico-stack from-helm: .*proto\.yaml: installation\.calicoNetwork\.__proto__/);
      expect(fs.existsSync(path.join(dir, 'x.yaml'))).toBe(false);
    });
  });
});
