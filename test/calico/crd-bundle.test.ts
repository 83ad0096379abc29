import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { crdBundleOf, describeMissing, missingCrds, neededCrds, parseCrdBundle } from '../../src/lib/calico/crd-bundle';
import { findUp, shippedCrdBundle } from '../../src/app/config/shipped-crds';
import { calicoRelease, RELEASES } from '../../src/lib/calico/releases';
import { renderStack } from '../../src/lib/render/render';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, FIXTURES, find, render, SCENARIO, tempDir } from '../util';

const MINI = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
const miniCrds = () => parseCrdBundle(MINI, 'mini');

/** What `kubectl get crd -o yaml` prints: a List of CRDs with what the API server wrote into them. */
function kubectlExport(extra: object[] = []): string {
  const items = miniCrds().map((crd) => ({
    ...JSON.parse(JSON.stringify(crd)),
    metadata: {
      ...JSON.parse(JSON.stringify(crd.metadata)),
      uid: '7c1d0f9e-0000-4000-8000-000000000000',
      resourceVersion: '4711',
      generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge": true}', 'example.com/kept': 'yes' },
    },
    status: { acceptedNames: { kind: crd.spec.names.kind, plural: crd.spec.names.plural }, storedVersions: ['v1'] },
  }));
  return stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [...items, ...extra] });
}

const CERT_MANAGER = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'certificates.cert-manager.io' },
  spec: { group: 'cert-manager.io', names: { kind: 'Certificate', plural: 'certificates' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] },
};

describe('parseCrdBundle', () => {
  test('reads a kubectl export (kind: List) without what the API server wrote', () => {
    const crds = parseCrdBundle(kubectlExport(), 'export.yaml');
    expect(crds.map((c) => c.metadata.name)).toEqual(miniCrds().map((c) => c.metadata.name));
    for (const crd of crds) {
      expect(Object.keys(crd.metadata).sort()).toEqual(['annotations', 'name']);
      expect(crd.metadata.annotations).toEqual({ 'example.com/kept': 'yes' });
      expect('status' in crd).toBe(false);
    }
  });

  test('keeps a document\'s own status (upstream bundles carry an empty one)', () => {
    const text = stringify({ ...CERT_MANAGER, status: { acceptedNames: { kind: '', plural: '' }, conditions: [], storedVersions: [] } });
    expect(parseCrdBundle(text, 'x.yaml')[0]).toHaveProperty('status.storedVersions', []);
  });

  test('fails when a List holds something else than CRDs, naming the item', () => {
    const text = stringify({ apiVersion: 'v1', kind: 'List', items: [CERT_MANAGER, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] });
    expect(() => parseCrdBundle(text, 'export.yaml')).toThrow('export.yaml (item 1 of its List) should hold only CustomResourceDefinitions, but has kind "ConfigMap" named "x"');
  });

  test('fails when a List has no items', () => {
    expect(() => parseCrdBundle('apiVersion: v1\nkind: List\n', 'export.yaml')).toThrow('export.yaml has a List without items');
  });
});

describe('completeness against a release', () => {
  test('the needs of a release: each CRD of its bundle with its served versions', () => {
    expect(neededCrds(calicoRelease('v3.28.2').crds)).toHaveLength(22);
    expect(neededCrds(calicoRelease('v3.32.1').crds)).toContainEqual({ name: 'clusternetworkpolicies.policy.networking.k8s.io', versions: ['v1alpha2'] });
  });

  test('lists missing CRDs and versions not served, in the order of the needs', () => {
    const crds = miniCrds().filter((c) => c.metadata.name !== 'ippools.crd.projectcalico.org');
    const missing = missingCrds(crds, [
      { name: 'ippools.crd.projectcalico.org', versions: ['v1'] },
      { name: 'installations.operator.tigera.io', versions: ['v1', 'v2'] },
      { name: 'felixconfigurations.crd.projectcalico.org', versions: ['v1'] },
    ]);
    expect(describeMissing(missing)).toBe('ippools.crd.projectcalico.org, installations.operator.tigera.io (does not serve v2)');
  });

  test('a version that is defined but not served does not count', () => {
    const text = MINI.replace(/(name: installations\.operator\.tigera\.io[\s\S]*?served: )true/, '$1false');
    expect(missingCrds(parseCrdBundle(text, 'x'), [{ name: 'installations.operator.tigera.io', versions: ['v1'] }])).toEqual([
      { name: 'installations.operator.tigera.io', versions: ['v1'] },
    ]);
  });

  test('every shipped and test bundle is complete for its release', () => {
    expect(missingCrds(miniCrds(), neededCrds(calicoRelease('v3.28.2').crds))).toEqual([]);
    for (const release of RELEASES.filter((r) => r.crdBundle)) {
      const shipped = shippedCrdBundle(release.version)!;
      expect(missingCrds(parseCrdBundle(fs.readFileSync(shipped.path, 'utf8'), shipped.name), neededCrds(release.crds))).toEqual([]);
    }
  });
});

describe('crdBundleOf', () => {
  test('keeps only the CRDs of the release, in the bundle\'s order', () => {
    const crds = crdBundleOf(kubectlExport([CERT_MANAGER]), 'export.yaml', 'v3.28.2');
    expect(crds.map((c) => c.metadata.name)).toEqual(calicoRelease('v3.28.2').crds.map((c) => c.name));
  });

  test('a kubectl export renders as the release\'s CRDs, without server fields or foreign CRDs', () => {
    const c = config(clusterDoc({ calico: { version: 'v3.28.2', crds: 'export.yaml' } }), { 'export.yaml': kubectlExport([CERT_MANAGER]) });
    const crds = render(c)['calico-crds'];
    expect(crds).toHaveLength(22);
    const installation = find(crds, 'CustomResourceDefinition', 'installations.operator.tigera.io');
    expect(installation.metadata).toEqual({
      name: 'installations.operator.tigera.io',
      annotations: { 'example.com/kept': 'yes', 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' },
    });
    expect(installation.status).toBeUndefined();
  });
});

describe('the shipped bundle', () => {
  test('is found for a release whose operator cannot create its CRDs, not for the others', () => {
    expect(shippedCrdBundle('v3.28.2')).toEqual({ name: 'crds/operator-crds-v3.28.2.yaml', path: path.resolve(__dirname, '..', '..', 'crds', 'operator-crds-v3.28.2.yaml') });
    for (const version of ['v3.30.7', 'v3.31.7', 'v3.32.1']) expect(shippedCrdBundle(version)).toBeUndefined();
  });

  test('findUp looks in the folders above, and gives up at the top', () => {
    const root = tempDir({ 'crds/x.yaml': 'a' });
    fs.mkdirSync(path.join(root, 'a', 'b', 'c'), { recursive: true });
    expect(findUp('crds/x.yaml', path.join(root, 'a', 'b', 'c'))).toBe(path.join(root, 'crds', 'x.yaml'));
    expect(findUp('crds/no-such-file.yaml', path.join(root, 'a'))).toBeUndefined();
  });

  test('a v3.28.2 cluster without calico.crds renders the shipped CRDs first, stripped of descriptions', () => {
    const rendered = render(config(clusterDoc({ calico: { version: 'v3.28.2' } })));
    expect(Object.keys(rendered)[0]).toBe('calico-crds');
    expect(rendered['calico-crds'].map((c) => c.metadata.name)).toEqual(calicoRelease('v3.28.2').crds.map((c) => c.name));
    expect(JSON.stringify(rendered['calico-crds'])).not.toMatch(/"description"\s*:\s*"/);
  });
});

test('the original scenario on v3.28.2, as the write-up had it, renders offline: the shipped CRDs first, every object valid', () => {
  const text = fs.readFileSync(SCENARIO, 'utf8').replace('version: v3.31.7', 'version: v3.28.2');
  expect(text).toContain('version: v3.28.2');
  const kubeadm = { 'kans-homelab/kubeadm-config.yaml': fs.readFileSync(path.join(path.dirname(SCENARIO), 'kans-homelab', 'kubeadm-config.yaml'), 'utf8') };
  const c = config(text, kubeadm);
  const files = [...renderStack(c).keys()];
  expect(files.filter((f) => f.endsWith('.k8s.yaml'))).toEqual([
    '0000-calico-crds.k8s.yaml', '0001-tigera-operator.k8s.yaml', '0002-calico.k8s.yaml', '0003-retina.k8s.yaml', '0004-monitoring.k8s.yaml',
  ]);
  const rendered = render(c);
  expect(Object.values(rendered).flat().flatMap(schemaProblems)).toEqual([]);
  expect(find(rendered['tigera-operator'], 'Deployment', 'tigera-operator').spec.template.spec.containers[0].image).toBe('quay.io/tigera/operator:v1.34.5');
});
