/**
 * kustomization.yaml: the numbered files in apply order, and what kustomize builds from it.
 *
 * The build is checked with a real kustomize when a `kubectl` is on the PATH (CI installs Debian's
 * `kubernetes-client`, whose kubectl embeds kustomize; see .ci/run); those tests are skipped when
 * there is none. The parse-based tests always run. kustomize sorts what it builds by kind (its
 * default "legacy" order: Namespaces and CRDs first, custom resources of unknown kinds last), so
 * the checks are: the same objects as the numbered files, in an order that applies.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { manifestFiles } from '../../src/lib/render/layout';
import { Stage, STAGES } from '../../src/lib/gitops/stages';
import { clusterDoc, config, FIXTURES, K8sObject, parseObjects, renderToFolder, scenario } from '../util';

const kubectlHelp = spawnSync('kubectl', ['kustomize', '--help'], { encoding: 'utf8' });
const hasKubectl = kubectlHelp.status === 0;
const hasLoadRestrictor = hasKubectl && kubectlHelp.stdout.includes('load-restrictor');
const withKubectl = hasKubectl ? test : test.skip;
const withLoadRestrictor = hasLoadRestrictor ? test : test.skip;

function kustomize(dir: string, ...flags: string[]): K8sObject[] {
  const r = spawnSync('kubectl', ['kustomize', ...flags, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return parseObjects(r.stdout);
}

const id = (o: K8sObject) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const group = (o: K8sObject) => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '');

/** Problems with `objects` as an apply order: a custom resource before its CRD, an object before its Namespace, a Calico CR before the operator. */
function applyOrderProblems(objects: readonly K8sObject[]): string[] {
  const index = new Map(objects.map((o, i) => [id(o), i]));
  const problems: string[] = [];
  objects.forEach((o, i) => {
    const crd = objects.findIndex((c) => c.kind === 'CustomResourceDefinition' && c.spec.group === group(o) && c.spec.names.kind === o.kind);
    if (crd > i) problems.push(`${id(o)} comes before its CRD`);
    const ns = o.metadata.namespace === undefined ? undefined : index.get(`v1/Namespace//${o.metadata.namespace}`);
    if (ns !== undefined && ns > i) problems.push(`${id(o)} comes before its Namespace`);
    const operator = index.get('apps/v1/Deployment/tigera-operator/tigera-operator');
    if (['operator.tigera.io', 'crd.projectcalico.org'].includes(group(o)) && (operator === undefined || operator > i)) problems.push(`${id(o)} comes before the operator`);
  });
  return problems;
}

const CASES: Array<[string, Record<string, any>]> = [
  ['v3.31.7 (the operator creates the CRDs)', clusterDoc({ calico: { wireguard: true }, gitops: { argocd: { enabled: true, repoURL: 'https://example.com/r.git' }, flux: { enabled: true } } })],
  ['v3.28.2 (CRDs from a file)', clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` }, gitops: { flux: { enabled: true } } })],
];

describe.each(CASES)('kustomization.yaml, %s', (_, doc) => {
  const c = config(doc);
  const { dir, files } = renderToFolder(c);
  const numbered = Object.keys(files).filter((f) => /^\d{4}-.*\.k8s\.yaml$/.test(f)).sort();
  const rendered = numbered.flatMap((f) => parseObjects(files[f]));

  test('lists every numbered file, in number order, and nothing else; each listed file exists', () => {
    const k = parse(files['kustomization.yaml']);
    expect(k).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: numbered });
    for (const f of k.resources) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  });

  test('the numbered files hold the stages in apply order, and their objects in a valid apply order', () => {
    const stages = manifestFiles(c.stages);
    expect(stages.map((s) => s.file)).toEqual(numbered);
    const order = [...STAGES.keys()];
    expect(stages.map((s) => order.indexOf(s.stage))).toEqual(stages.map((s) => order.indexOf(s.stage)).sort((a, b) => a - b));
    expect(applyOrderProblems(rendered)).toEqual([]);
  });

  test('each Flux stage kustomization lists the numbered files of its stage, and they exist', () => {
    const stages = manifestFiles(c.stages);
    for (const stage of new Set(stages.map((s) => s.stage))) {
      const resources: string[] = parse(files[`flux/${stage}/kustomization.yaml`]).resources;
      expect(resources).toEqual(stages.filter((s) => s.stage === stage).map((s) => `../../${s.file}`));
      for (const r of resources) expect(fs.existsSync(path.join(dir, 'flux', stage, r))).toBe(true);
    }
  });

  test('the apply-order check fails when the order is reversed (it can fail)', () => {
    expect(applyOrderProblems([...rendered].reverse())).not.toEqual([]);
  });

  withKubectl(`kubectl kustomize builds exactly the numbered files' objects, in a valid apply order${hasKubectl ? '' : ' (skipped: no kubectl)'}`, () => {
    const built = kustomize(dir);
    expect(built.map(id).sort()).toEqual(rendered.map(id).sort());
    expect(applyOrderProblems(built)).toEqual([]);
  });

  withLoadRestrictor(`each Flux stage folder builds, as Flux does (files anywhere in the source), exactly its stage's objects${hasLoadRestrictor ? '' : ' (skipped: kubectl without --load-restrictor)'}`, () => {
    const stages = manifestFiles(c.stages);
    for (const stage of new Set(stages.map((s) => s.stage))) {
      const expected = stages.filter((s) => s.stage === stage).flatMap((s) => parseObjects(files[s.file]));
      expect(kustomize(path.join(dir, 'flux', stage), '--load-restrictor', 'LoadRestrictionsNone').map(id).sort()).toEqual(expected.map(id).sort());
    }
  });

  withKubectl(`kubectl kustomize of flux/ gives the Flux Kustomizations only, not the stages${hasKubectl ? '' : ' (skipped: no kubectl)'}`, () => {
    expect(kustomize(path.join(dir, 'flux')).map(id).sort()).toEqual(parseObjects(files['flux/sync.yaml']).map(id).sort());
  });
});

test('the scenario\'s kustomization.yaml (the shipped example) lists the operator, the Calico custom resources, Retina, then monitoring', () => {
  const k = parse(renderToFolder(scenario()).files['kustomization.yaml']);
  expect(k.resources).toEqual(['0000-tigera-operator.k8s.yaml', '0001-calico.k8s.yaml', '0002-retina.k8s.yaml', '0003-monitoring.k8s.yaml']);
});

test('the Flux stage folders are the stages of the charts', () => {
  const { files } = renderToFolder(config(CASES[1][1]));
  expect(Object.keys(files).filter((f) => f.startsWith('flux/') && f.endsWith('/kustomization.yaml') && f !== 'flux/kustomization.yaml').sort())
    .toEqual([Stage.CALICO, Stage.CRDS, Stage.MONITORING, Stage.OPERATOR, Stage.RETINA].map((s) => `flux/${s}/kustomization.yaml`));
  expect(parse(files['flux/crds/kustomization.yaml']).resources).toEqual(['../../0000-calico-crds.k8s.yaml']);
});
