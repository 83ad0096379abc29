/**
 * The committed release data (src/lib/calico/release-data/, crds/) is what add-release writes: the index
 * lists every data file, each file names its sources, and the shipped CRD bundles are unchanged.
 * The data itself is checked against upstream by `npm run parity -- --releases <folder>` and by the
 * facts in tigera-operator.test.ts; add-release's logic by test/scripts/add-release.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DATA_DIR, indexSource } from '../../scripts/add-release';
import { compareVersionsDescending, sha256 } from '../../scripts/release-data';
import { ReleaseData } from '../../src/lib/calico/release-data';
import { CALICO_VERSIONS, DEFAULT_CALICO_VERSION, OPERATOR_CRD_GROUPS, RELEASES } from '../../src/lib/calico/releases';
import { TigeraOperatorChart } from '../../src/lib/calico/tigera-operator-chart';
import { ROOT, testApp } from '../util';

// The releases' data files (the folder also holds the operator's rules, operator-rule*.json).
const dataFiles = fs.readdirSync(path.join(ROOT, DATA_DIR)).filter((f) => /^v\d+\.\d+\.\d+\.json$/.test(f)).sort();
const data = (version: string): ReleaseData => JSON.parse(fs.readFileSync(path.join(ROOT, DATA_DIR, `${version}.json`), 'utf8'));

test('the catalog: v3.32.1 (the default), v3.31.7, v3.30.7, v3.29.7, v3.28.2, newest first', () => {
  expect(CALICO_VERSIONS).toEqual(['v3.32.1', 'v3.31.7', 'v3.30.7', 'v3.29.7', 'v3.28.2']);
  expect(DEFAULT_CALICO_VERSION).toBe('v3.32.1');
  expect(OPERATOR_CRD_GROUPS).toEqual(['operator.tigera.io', 'crd.projectcalico.org', 'policy.networking.k8s.io']);
});

test('the generated index lists every data file, newest first', () => {
  const versions = dataFiles.map((f) => f.replace(/\.json$/, '')).sort(compareVersionsDescending);
  expect(fs.readFileSync(path.join(ROOT, DATA_DIR, 'index.ts'), 'utf8')).toBe(indexSource(versions, DEFAULT_CALICO_VERSION));
  expect(versions).toEqual(CALICO_VERSIONS);
});

describe.each(RELEASES.map((r) => [r.version, r] as const))('release data of %s', (version, release) => {
  test('names its upstream files at the tag, with their sha256', () => {
    expect(release.sources.map((s) => s.url)).toEqual(['tigera-operator.yaml', 'custom-resources.yaml', 'operator-crds.yaml']
      .map((f) => `https://raw.githubusercontent.com/projectcalico/calico/${version}/manifests/${f}`));
    for (const s of release.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(data(version).version).toBe(version);
  });

  test('its custom resource kinds and field kinds have CRDs in its bundle', () => {
    const kinds = new Set(release.crds.map((c) => c.kind));
    for (const kind of [...release.customResources, ...Object.keys(release.fields)]) expect(kinds).toContain(kind);
  });

  test('a shipped CRD bundle exactly when the operator cannot create its CRDs, unchanged since add-release wrote it', () => {
    expect(release.crdBundle === undefined).toBe(release.operatorCreatesCrds);
    if (!release.crdBundle) return;
    const text = fs.readFileSync(path.join(ROOT, release.crdBundle.file), 'utf8');
    expect(sha256(text)).toBe(release.crdBundle.sha256);
    const upstream = release.sources.find((s) => s.file === 'operator-crds.yaml')!;
    expect(text).toContain(`#   ${upstream.url}\n#   sha256 ${upstream.sha256}\n`);
  });

  test('the rendered Deployment is the data\'s, field for field', () => {
    const objects = new TigeraOperatorChart(testApp(), 'op', { release }).toJson();
    const deployment = objects.find((o: { kind: string }) => o.kind === 'Deployment');
    expect(deployment.spec).toEqual(release.operator.deployment.spec);
  });
});

test('the BPF bootstrap and kube-proxy management, read from the Installation field trees: v3.31.7 and later', () => {
  expect(RELEASES.map((r) => [r.version, r.hasBpfNetworkBootstrap, r.hasKubeProxyManagement])).toEqual([
    ['v3.32.1', true, true], ['v3.31.7', true, true], ['v3.30.7', false, false], ['v3.29.7', false, false], ['v3.28.2', false, false],
  ]);
});

test('the shipped bundles: 0.54 MB for v3.28.2, about a third of upstream\'s 1.76 MB; one for each release whose operator cannot create its CRDs (v3.29.7, v3.28.2)', () => {
  const size = fs.statSync(path.join(ROOT, 'crds', 'operator-crds-v3.28.2.yaml')).size;
  expect(size).toBeGreaterThan(400_000);
  expect(size).toBeLessThan(700_000);
  expect(RELEASES.filter((r) => r.crdBundle).map((r) => r.version)).toEqual(['v3.29.7', 'v3.28.2']);
  expect(fs.readdirSync(path.join(ROOT, 'crds')).filter((f) => f.endsWith('.yaml')).sort()).toEqual(RELEASES.filter((r) => r.crdBundle).map((r) => path.basename(r.crdBundle!.file)).sort());
});
