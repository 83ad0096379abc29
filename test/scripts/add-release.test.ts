import * as fs from 'fs';
import * as path from 'path';
import { addRelease, currentDefault, DATA_DIR, indexSource, parseAddReleaseArgs, USAGE } from '../../scripts/add-release';
import { defaultCalicoRegistry, extractRelease, parseOperatorImage, RELEASE_FILES, ReleaseFile, sha256 } from '../../scripts/release-data';
import { parseCrdBundle } from '../../src/lib/calico/crd-bundle';
import { usageError } from '../usage-error';
import { FIXTURES, tempDir } from '../util';

const RELEASES_DIR = path.join(FIXTURES, 'release');
const files = (version: string): Record<ReleaseFile, string> =>
  Object.fromEntries(RELEASE_FILES.map((f) => [f, fs.readFileSync(path.join(RELEASES_DIR, version, f), 'utf8')])) as Record<ReleaseFile, string>;
/** The release's files with `file` changed by `edit`. */
const edited = (version: string, file: ReleaseFile, edit: (text: string) => string) => ({ ...files(version), [file]: edit(files(version)[file]) });

describe('extractRelease: the facts of a release whose operator creates its CRDs', () => {
  const { data, bundle } = extractRelease({ version: 'v9.2.0', files: files('v9.2.0') });

  test('operator image, arguments, labels, RBAC and the Deployment as upstream writes them', () => {
    expect(data.operator).toMatchObject({
      version: 'v1.91.0',
      image: { registry: 'quay.io/', imagePath: 'tigera', name: 'operator' },
      args: ['-manage-crds=true'],
      createsCrds: true,
      namespaceLabels: { 'name': 'tigera-operator', 'pod-security.kubernetes.io/enforce': 'privileged' },
      labels: { 'k8s-app': 'tigera-operator' },
      // Keys in one order, whatever upstream's.
      rules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch', 'create'] }],
      secretsRules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }],
    });
    expect(Object.keys(data.operator.rules[0])).toEqual(['apiGroups', 'resources', 'verbs']);
    expect(data.operator.deployment.spec).toMatchObject({ replicas: 1, template: { spec: { containers: [{ image: 'quay.io/tigera/operator:v1.91.0', args: ['-manage-crds=true'] }] } } });
  });

  test('what the operator writes: the table of the newest inventoried operator tag older than its operator, which the data names', () => {
    expect(data.operatorWrites.readAt).toBe('v1.42.3');
    expect(data.operatorWrites.fields.find((f) => f.id === 'ipPools.assignmentMode')).toMatchObject({
      kind: 'Installation', pointer: '/spec/calicoNetwork/ipPools/*/assignmentMode', value: 'Automatic', at: 'pkg/controller/ippool/defaults.go:239-240',
    });
  });

  test('CRDs with their versions, custom resource kinds, values, and where every fact came from', () => {
    expect(data.crds.map((c) => `${c.name} ${c.kind} ${c.versions.map((v) => v.name).join(',')}`)).toEqual([
      'installations.operator.tigera.io Installation v1',
      'goldmanes.operator.tigera.io Goldmane v1',
      'ippools.crd.projectcalico.org IPPool v1',
      'kubecontrollersconfigurations.crd.projectcalico.org KubeControllersConfiguration v1',
    ]);
    expect(data.customResources).toEqual(['Installation', 'Goldmane']);
    expect(data.linuxDataplanes).toEqual(['Iptables', 'BPF', 'Nftables']);
    expect(data.allowedUses).toEqual(['Workload', 'Tunnel', 'LoadBalancer']);
    expect(data.calicoImageRegistry).toBe('quay.io/');
    expect(Object.keys(data.fields)).toEqual(['Installation', 'Goldmane']);
    expect(data.sources).toEqual(RELEASE_FILES.map((file) => ({
      file, url: `https://raw.githubusercontent.com/projectcalico/calico/v9.2.0/manifests/${file}`, sha256: sha256(files('v9.2.0')[file]),
    })));
    expect(bundle).toBeUndefined();
    expect(data.crdBundle).toBeUndefined();
  });

  test('pool uses: the IPPool CRD\'s enum, else LoadBalancer exactly when kube-controllers has its LoadBalancer controller', () => {
    const withoutPoolCrd = edited('v9.2.0', 'operator-crds.yaml', (t) => t.split('\n---\n').filter((d) => !d.includes('name: ippools.')).join('\n---\n'));
    expect(extractRelease({ version: 'v9.2.0', files: withoutPoolCrd }).data.allowedUses).toEqual(['Workload', 'Tunnel', 'LoadBalancer']);
    expect(extractRelease({ version: 'v9.1.0', files: files('v9.1.0') }).data.allowedUses).toEqual(['Workload', 'Tunnel']);
  });
});

describe('extractRelease: a release whose operator cannot create its CRDs', () => {
  const { data, bundle } = extractRelease({ version: 'v9.1.0', files: files('v9.1.0') });

  test('no arguments, labels only on the Deployment, no secrets role; the Deployment kept whole', () => {
    expect(data.operator).toMatchObject({ version: 'v1.90.1', args: [], createsCrds: false, labels: {} });
    expect(data.operator.secretsRules).toBeUndefined();
    expect(data.operator.rules[1]).toEqual({ apiGroups: ['operator.tigera.io'], resources: ['installations'], verbs: ['get'], resourceNames: ['default'] });
    expect(data.operator.deployment.spec).toMatchObject({ template: { spec: { containers: [{ resources: { requests: { cpu: '100m', memory: '64Mi' } }, ports: [{ name: 'metrics', containerPort: 9484 }] }] } } });
  });

  test('the field tree of each rendered kind: fields, list items, map values, enums, open objects', () => {
    expect(data.fields.Installation).toEqual({
      fields: {
        registry: {},
        calicoNetwork: {
          fields: {
            linuxDataplane: { enum: ['Iptables', 'BPF'] },
            ipPools: { items: { fields: { cidr: {}, allowedUses: { items: {} } } } },
          },
        },
        controlPlaneNodeSelector: { values: {} },
        componentResources: { open: true },
        description: {},
      },
    });
    expect(data.fields.APIServer).toEqual({});
  });

  test('the shipped bundle: every CRD, version and field kept, descriptions left out, source URL and sha256 recorded', () => {
    expect(bundle?.file).toBe('crds/operator-crds-v9.1.0.yaml');
    const text = bundle!.text;
    const upstreamSha = sha256(files('v9.1.0')['operator-crds.yaml']);
    expect(text).toContain('# Calico v9.1.0: the CRDs its operator (v1.90.1) needs and cannot create itself.');
    expect(text).toContain('#   https://raw.githubusercontent.com/projectcalico/calico/v9.1.0/manifests/operator-crds.yaml');
    expect(text).toContain(`#   sha256 ${upstreamSha}`);
    expect(data.crdBundle).toEqual({ file: 'crds/operator-crds-v9.1.0.yaml', sha256: sha256(text) });
    const upstream = parseCrdBundle(files('v9.1.0')['operator-crds.yaml'], 'upstream');
    const shipped = parseCrdBundle(text, 'shipped');
    expect(shipped.map((c) => c.metadata.name)).toEqual(upstream.map((c) => c.metadata.name));
    const spec = (shipped[0].spec.versions[0].schema!.openAPIV3Schema!.properties as any).spec;
    expect(spec.properties.registry).toEqual({ type: 'string' });
    // A field named description is a field, not prose.
    expect(spec.properties.description).toEqual({ type: 'string' });
    expect((shipped[0].spec.versions[0] as any).additionalPrinterColumns).toEqual([{ name: 'Ready', type: 'string', jsonPath: '.status.ready' }]);
    expect((shipped[0] as any).status).toEqual({ acceptedNames: { kind: '', plural: '' }, conditions: [], storedVersions: [] });
    expect(JSON.stringify(shipped)).not.toMatch(/"description":"/);
  });

  test('Calico images from docker.io up to operator v1.37, quay.io from v1.38; --calico-registry overrides', () => {
    expect(data.calicoImageRegistry).toBe('quay.io/');
    // docker.io up to operator v1.38.6, quay.io from v1.38.7 (pkg/components/images.go:18 at those tags).
    expect(['v1.34.5', 'v1.37.0', 'v1.38.0', 'v1.38.6', 'v1.38.7', 'v1.38.13', 'v1.40.15', 'v2.0.0'].map(defaultCalicoRegistry)).toEqual([
      'docker.io/', 'docker.io/', 'docker.io/', 'docker.io/', 'quay.io/', 'quay.io/', 'quay.io/', 'quay.io/',
    ]);
    expect(extractRelease({ version: 'v9.1.0', files: files('v9.1.0'), calicoImageRegistry: 'docker.io/' }).data.calicoImageRegistry).toBe('docker.io/');
  });
});

describe('extractRelease fails on what calico-stack cannot render from data', () => {
  test('fails when the operator manifest has an object calico-stack does not render', () => {
    const f = edited('v9.2.0', 'tigera-operator.yaml', (t) => `${t}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: kubernetes-services-endpoint, namespace: tigera-operator}\n`);
    expect(() => extractRelease({ version: 'v9.2.0', files: f })).toThrow('tigera-operator.yaml has objects calico-stack does not render: ConfigMap/kubernetes-services-endpoint (rendering them needs code in src/lib/calico/tigera-operator.ts)');
  });

  test('fails when the operator Deployment has a second container', () => {
    const f = edited('v9.2.0', 'tigera-operator.yaml', (t) => t.replace('      containers:\n', '      containers:\n        - {name: sidecar, image: busybox:1}\n'));
    expect(() => extractRelease({ version: 'v9.2.0', files: f })).toThrow("tigera-operator.yaml's Deployment has 2 containers, calico-stack renders one");
  });

  test('fails when a binding binds another ServiceAccount', () => {
    const f = edited('v9.2.0', 'tigera-operator.yaml', (t) => t.replace('subjects:\n  - {kind: ServiceAccount, name: tigera-operator, namespace: tigera-operator}\nroleRef: {kind: ClusterRole, name: tigera-operator,', 'subjects:\n  - {kind: ServiceAccount, name: other, namespace: tigera-operator}\nroleRef: {kind: ClusterRole, name: tigera-operator,'));
    expect(() => extractRelease({ version: 'v9.2.0', files: f })).toThrow('tigera-operator.yaml binds ClusterRoleBinding/tigera-operator otherwise than to ClusterRole tigera-operator for ServiceAccount tigera-operator/tigera-operator');
  });

  test('fails when the operator may create CRDs by its flag but not by its RBAC', () => {
    const f = edited('v9.2.0', 'tigera-operator.yaml', (t) => t.replace('verbs: [get, list, watch, create]', 'verbs: [get, list, watch]'));
    expect(() => extractRelease({ version: 'v9.2.0', files: f })).toThrow('tigera-operator.yaml runs the operator with -manage-crds but gives it no right to create CRDs');
  });

  test('fails when custom-resources.yaml renders a kind the CRD bundle lacks', () => {
    const f = edited('v9.1.0', 'custom-resources.yaml', (t) => `${t}---\napiVersion: operator.tigera.io/v1\nkind: Whisker\nmetadata: {name: default}\n`);
    expect(() => extractRelease({ version: 'v9.1.0', files: f })).toThrow('custom-resources.yaml renders operator.tigera.io/v1 Whisker, which operator-crds.yaml has no served CRD for');
  });

  test('fails when the embedded CRDs are not all in operator-crds.yaml', () => {
    const f = edited('v9.1.0', 'tigera-operator.yaml', (t) => t.replace('name: apiservers.operator.tigera.io', 'name: tiers.crd.projectcalico.org'));
    expect(() => extractRelease({ version: 'v9.1.0', files: f })).toThrow('tigera-operator.yaml embeds CRDs that operator-crds.yaml lacks: tiers.crd.projectcalico.org');
  });

  test('fails when the Installation CRD has no dataplane enum', () => {
    const f = edited('v9.1.0', 'operator-crds.yaml', (t) => t.replace(', enum: [Iptables, BPF]', ''));
    expect(() => extractRelease({ version: 'v9.1.0', files: f })).toThrow('the Installation CRD has no enum for spec.calicoNetwork.linuxDataplane');
  });

  test('operator images: registry, path, name and tag', () => {
    expect(parseOperatorImage('quay.io/tigera/operator:v1.42.3')).toEqual({ registry: 'quay.io/', imagePath: 'tigera', name: 'operator', tag: 'v1.42.3' });
    expect(parseOperatorImage('registry.example.com:5000/a/b/operator:v1')).toEqual({ registry: 'registry.example.com:5000/', imagePath: 'a/b', name: 'operator', tag: 'v1' });
    expect(() => parseOperatorImage('operator')).toThrow('tigera-operator.yaml\'s operator image "operator" is not <registry>/<path>/<name>:<tag>');
  });
});

describe('addRelease: the files it writes', () => {
  test('the data, the shipped bundle, and an index of every release newest first, defaulting to the newest', () => {
    const root = tempDir();
    expect(addRelease({ dir: path.join(RELEASES_DIR, 'v9.1.0'), root })).toEqual([
      path.join(DATA_DIR, 'v9.1.0.json'), 'crds/operator-crds-v9.1.0.yaml', path.join(DATA_DIR, 'index.ts'),
    ]);
    expect(addRelease({ dir: path.join(RELEASES_DIR, 'v9.2.0'), root })).toEqual([path.join(DATA_DIR, 'v9.2.0.json'), path.join(DATA_DIR, 'index.ts')]);
    const index = fs.readFileSync(path.join(root, DATA_DIR, 'index.ts'), 'utf8');
    expect(index).toBe(indexSource(['v9.2.0', 'v9.1.0'], 'v9.2.0'));
    expect(index).toContain("export const RELEASE_DATA: readonly ReleaseData[] = [v9_2_0, v9_1_0];\n");
    expect(currentDefault(root)).toBe('v9.2.0');
    const data = JSON.parse(fs.readFileSync(path.join(root, DATA_DIR, 'v9.1.0.json'), 'utf8'));
    expect(data.crdBundle.sha256).toBe(sha256(fs.readFileSync(path.join(root, 'crds', 'operator-crds-v9.1.0.yaml'), 'utf8')));
  });

  test('--keep-default keeps the default the index names', () => {
    const root = tempDir();
    addRelease({ dir: path.join(RELEASES_DIR, 'v9.1.0'), root });
    addRelease({ dir: path.join(RELEASES_DIR, 'v9.2.0'), root, defaultVersion: currentDefault(root) });
    expect(currentDefault(root)).toBe('v9.1.0');
  });

  test('fails when the folder is not named after a tag and no version is given', () => {
    const dir = tempDir(Object.fromEntries(RELEASE_FILES.map((f) => [f, files('v9.2.0')[f]])));
    expect(() => addRelease({ dir, root: tempDir() })).toThrow(`cannot tell the release from the folder name "${path.basename(dir)}": name the folder after the tag (v3.32.1) or pass --version`);
    expect(addRelease({ dir, root: tempDir(), version: 'v9.2.0' })).toHaveLength(2);
  });

  test('fails when a file is missing, naming where upstream publishes it', () => {
    const dir = path.join(tempDir({ 'v9.3.0/tigera-operator.yaml': files('v9.2.0')['tigera-operator.yaml'] }), 'v9.3.0');
    expect(() => addRelease({ dir, root: tempDir() })).toThrow(`${dir} lacks custom-resources.yaml, operator-crds.yaml; download https://raw.githubusercontent.com/projectcalico/calico/v9.3.0/manifests/custom-resources.yaml and https://raw.githubusercontent.com/projectcalico/calico/v9.3.0/manifests/operator-crds.yaml`);
  });
});

describe('npm run add-release: the command line', () => {
  test('a folder, --version, --calico-registry; --keep-default reads the default the index names', () => {
    const root = tempDir();
    expect(parseAddReleaseArgs(['dir', '--version', 'v9.2.0', '--calico-registry', 'r.example'], root))
      .toEqual({ dir: 'dir', version: 'v9.2.0', calicoImageRegistry: 'r.example', root, defaultVersion: undefined });
    addRelease({ dir: path.join(RELEASES_DIR, 'v9.1.0'), root });
    expect(parseAddReleaseArgs(['dir', '--keep-default'], root)).toMatchObject({ dir: 'dir', defaultVersion: 'v9.1.0' });
  });

  test('--help: the usage, exit code 0; never read as the folder', () => {
    expect(USAGE).toMatch(/^usage: npm run add-release -- <folder> \[--version vX\.Y\.Z\] \[--calico-registry <registry>\] \[--keep-default\]\n/);
    for (const argv of [['--help'], ['-h'], ['dir', '--help']]) expect(usageError(() => parseAddReleaseArgs(argv, tempDir()))).toMatchObject({ exitCode: 0, message: USAGE });
  });

  test.each([
    [['dir', '--keep-defualt'], 'unknown option --keep-defualt (did you mean --keep-default?)'],
    [['dir', '--verison', 'v9.2.0'], 'unknown option --verison (did you mean --version?)'],
    [['dir', '--version'], '--version needs a value'],
    [['dir', '--keep-default=yes'], '--keep-default takes no value'],
    [[], 'missing <folder>'],
    [['a', 'b'], 'unexpected argument b'],
  ])('%j: %s, then the usage, exit code 2', (argv, problem) => {
    expect(usageError(() => parseAddReleaseArgs(argv, tempDir()))).toMatchObject({ exitCode: 2, message: `${problem}\n${USAGE}` });
  });
});
