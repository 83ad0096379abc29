import { operatorWrittenFields } from '../../src/lib/calico/operator-written-fields';
import { FluxSourceKind } from '../../src/lib/gitops/flux';
import { FluxKustomizations } from '../../src/lib/gitops/flux';
import { Stage } from '../../src/lib/gitops/stages';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, FIXTURES, K8sObject, parseObjects, renderToFolder, testChart } from '../util';

const FLUX = { flux: { enabled: true } };
const kustomizations = (doc: Record<string, any>): K8sObject[] => parseObjects(renderToFolder(config(doc)).files['flux/sync.yaml']);

describe('Flux Kustomizations', () => {
  test('without gitops.flux there is no flux/ folder', () => {
    expect(Object.keys(renderToFolder(config(clusterDoc())).files).filter((f) => f.startsWith('flux/'))).toEqual([]);
  });

  test('v3.31.7: the custom resources depend on the operator stage, which is ready only when the operator runs and has created their CRDs', () => {
    const ks = kustomizations(clusterDoc({ calico: { wireguard: true }, gitops: FLUX }));
    expect(ks.map((k) => k.metadata.name)).toEqual(['calico-stack-test-operator', 'calico-stack-test-calico', 'calico-stack-test-calico-api', 'calico-stack-test-retina', 'calico-stack-test-monitoring']);
    const operator = find(ks, 'Kustomization', 'calico-stack-test-operator');
    expect(operator.metadata.namespace).toBe('flux-system');
    expect(operator.spec).toMatchObject({ path: './dist/test/flux/operator', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
    expect(operator.spec.wait).toBeUndefined(); // Flux ignores healthChecks when wait is on
    expect(operator.spec.healthChecks).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tigera-operator', namespace: 'tigera-operator' },
      ...['installations.operator.tigera.io', 'apiservers.operator.tigera.io', 'goldmanes.operator.tigera.io', 'whiskers.operator.tigera.io']
        .map((name) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name })),
    ]);
    expect(find(kustomizations(clusterDoc({ gitops: FLUX })), 'Kustomization', 'calico-stack-test-calico').spec)
      .toMatchObject({ path: './dist/test/flux/calico', dependsOn: [{ name: 'calico-stack-test-operator' }], wait: true, prune: true });
  });

  test('projectcalico.org/v3 resources (WireGuard, BGP): their stage follows the Calico stage, which is ready only once the Calico API server runs', () => {
    for (const [version, namespace] of [['v3.32.1', 'calico-system'], ['v3.31.7', 'calico-system'], ['v3.30.7', 'calico-apiserver']]) {
      const ks = kustomizations(clusterDoc({ calico: { version, asNumber: 65001 }, gitops: FLUX }));
      const calico = find(ks, 'Kustomization', 'calico-stack-test-calico');
      expect(calico.spec.wait).toBeUndefined();
      expect(calico.spec.healthChecks).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'calico-apiserver', namespace }]);
      expect(find(ks, 'Kustomization', 'calico-stack-test-calico-api').spec)
        .toMatchObject({ path: './dist/test/flux/calico-api', dependsOn: [{ name: 'calico-stack-test-calico' }], wait: true, prune: true });
    }
  });

  test('v3.28.2: a CRD stage first, never pruned; each stage waits for its own objects', () => {
    const ks = kustomizations(clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` }, gitops: FLUX }));
    expect(ks.map((k) => [k.metadata.name, k.spec.dependsOn?.[0].name, k.spec.wait, k.spec.prune])).toEqual([
      ['calico-stack-test-crds', undefined, true, false],
      ['calico-stack-test-operator', 'calico-stack-test-crds', true, true],
      ['calico-stack-test-calico', 'calico-stack-test-operator', true, true],
      ['calico-stack-test-retina', 'calico-stack-test-calico', true, true],
      ['calico-stack-test-monitoring', 'calico-stack-test-retina', true, true],
    ]);
  });

  test('source, namespace and path as configured', () => {
    const ks = kustomizations(clusterDoc({ gitops: { flux: { enabled: true, sourceRef: { kind: 'OCIRepository', name: 'infra', namespace: 'sources' }, path: 'clusters/test', namespace: 'flux' } } }));
    const calico = find(ks, 'Kustomization', 'calico-stack-test-calico');
    expect(calico.metadata.namespace).toBe('flux');
    expect(calico.spec.sourceRef).toEqual({ kind: 'OCIRepository', name: 'infra', namespace: 'sources' });
    expect(calico.spec.path).toBe('./clusters/test/flux/calico');
  });

  test('a stage\'s own dependsOn (Kustomizations outside the cluster) follow the previous stage; a first stage gets them alone', () => {
    const chart = testChart();
    const flux = new FluxKustomizations(chart, 'K', {
      namePrefix: 'x', namespace: 'flux-system', sourceRef: { kind: FluxSourceKind.GIT_REPOSITORY, name: 'flux-system' },
      stages: [
        { stage: Stage.OPERATOR, path: 'dist/x/flux/operator', dependsOn: [{ name: 'infra' }] },
        { stage: Stage.MONITORING, path: 'dist/x/flux/monitoring', dependsOn: [{ name: 'kube-prometheus-stack', namespace: 'monitoring' }] },
      ],
    });
    expect(flux.kustomizations.map((k) => k.toJson().spec.dependsOn)).toEqual([
      [{ name: 'infra' }],
      [{ name: 'x-operator' }, { name: 'kube-prometheus-stack', namespace: 'monitoring' }],
    ]);
  });

  test('fails when it has no stage', () => {
    expect(() => new FluxKustomizations(testChart(), 'K', { namePrefix: 'x', namespace: 'flux-system', sourceRef: { kind: FluxSourceKind.GIT_REPOSITORY, name: 'flux-system' }, stages: [] }))
      .toThrow('FluxKustomizations needs at least one stage');
  });
});

describe('Flux and the fields the operator writes', () => {
  /** A value at a JSON pointer. */
  const at = (value: unknown, pointer: string): unknown => pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((v, key) => (v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined), value);

  test.each([
    ['the defaults', {}],
    ['WireGuard and BGP (FelixConfiguration, BGPConfiguration)', { wireguard: true, asNumber: 65001 }],
    ['a named provider and dual-stack pools', { installation: { kubernetesProvider: 'RKE2' }, ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: 'fd00:10:244::/56' }] }],
    ['v3.28.2', { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` }],
  ])('%s: what is left to the operator is never in what Flux applies, nor inside a list it applies whole; the Kustomizations need no rule for it', (_name, calico) => {
    const stack = config(clusterDoc({ calico, platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, gitops: FLUX }));
    const { files } = renderToFolder(stack);
    const applied = Object.keys(files).filter((f) => f.endsWith('.k8s.yaml')).flatMap((f) => parseObjects(files[f]));
    const left = operatorWrittenFields(applied, stack.calico.release);
    expect(left.length).toBeGreaterThan(0);
    for (const { kind, name, jsonPointers } of left) {
      const object = find(applied, kind, name);
      // Server-side apply leaves a field Flux does not apply to the manager that wrote it (the operator)...
      expect([kind, jsonPointers.filter((p) => at(object, p) !== undefined)]).toEqual([kind, []]);
      // ...but a list without list-type markers (ipPools) is one field: nothing may be left inside one.
      expect([kind, jsonPointers.filter((p) => p.split('/').some((t) => /^\d+$/.test(t)))]).toEqual([kind, []]);
    }
    // The default apply policy (Override) and no force: nothing to annotate, nothing to ignore.
    for (const o of applied) expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.startsWith('kustomize.toolkit.fluxcd.io/'))).toEqual([]);
    const ks = parseObjects(files['flux/sync.yaml']);
    for (const k of ks) {
      expect([k.spec.force, k.spec.ignore, k.spec.patches]).toEqual([undefined, undefined, undefined]);
      expect(schemaProblems(k)).toEqual([]);
    }
  });
});

