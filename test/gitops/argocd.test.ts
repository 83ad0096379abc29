import { parse } from 'yaml';
import { operatorWrittenFields } from '../../src/lib/calico/operator-written-fields';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from '../../src/lib/gitops/argocd';
import { allObjects, clusterDoc, config, find, FIXTURES, K8sObject, render, renderToFolder } from '../util';

const ARGOCD = { argocd: { enabled: true, repoURL: 'https://github.com/example/gitops.git' } };
const annotations = (o: K8sObject): Record<string, string> => o.metadata.annotations ?? {};
const application = (doc: Record<string, any>): K8sObject => find([parse(renderToFolder(config(doc)).files['argocd/application.yaml'])], 'Application', 'calico-stack-test');
const ignored = (app: K8sObject, kind: string): string[] => app.spec.ignoreDifferences.find((d: any) => d.kind === kind)?.jsonPointers ?? [];

describe('Argo CD annotations', () => {
  test('without gitops.argocd no object carries an Argo CD annotation and there is no argocd/ folder', () => {
    const c = config(clusterDoc({ calico: { wireguard: true } }));
    expect(allObjects(render(c)).filter((o) => Object.keys(annotations(o)).some((k) => k.startsWith('argocd.argoproj.io/')))).toEqual([]);
    expect(Object.keys(renderToFolder(c).files).filter((f) => f.startsWith('argocd/'))).toEqual([]);
  });

  test('every object carries its stage\'s sync wave: operator 0, Calico custom resources 1', () => {
    const r = render(config(clusterDoc({ calico: { wireguard: true }, gitops: ARGOCD })));
    expect(new Set(r['tigera-operator'].map((o) => annotations(o)[SYNC_WAVE_ANNOTATION]))).toEqual(new Set(['0']));
    expect(new Set(r.calico.map((o) => annotations(o)[SYNC_WAVE_ANNOTATION]))).toEqual(new Set(['1']));
  });

  test('custom resources whose CRD the operator creates skip the dry run; built-in kinds do not', () => {
    const objects = allObjects(render(config(clusterDoc({ calico: { wireguard: true }, gitops: ARGOCD }))));
    for (const [kind, name] of [['Installation', 'default'], ['APIServer', 'default'], ['Goldmane', 'default'], ['Whisker', 'default'], ['FelixConfiguration', 'default']]) {
      expect(annotations(find(objects, kind, name))[SYNC_OPTIONS_ANNOTATION]).toBe('SkipDryRunOnMissingResource=true');
    }
    expect(annotations(find(objects, 'Deployment', 'tigera-operator'))[SYNC_OPTIONS_ANNOTATION]).toBeUndefined();
  });

  test('with CRDs from a file: CRDs in wave -1 with ServerSideApply (once) and Prune=false, and the custom resources need no skip', () => {
    const r = render(config(clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` }, gitops: ARGOCD })));
    const crd = find(r['calico-crds'], 'CustomResourceDefinition', 'installations.operator.tigera.io');
    expect(annotations(crd)).toEqual({ [SYNC_WAVE_ANNOTATION]: '-1', [SYNC_OPTIONS_ANNOTATION]: 'ServerSideApply=true,Prune=false' });
    expect(annotations(find(r.calico, 'Installation', 'default'))).toEqual({ [SYNC_WAVE_ANNOTATION]: '1' });
  });
});

describe('Argo CD Application', () => {
  test('defaults: syncs dist/<name> at HEAD of the repository into the cluster Argo CD runs in, automated, with retries', () => {
    const app = application(clusterDoc({ gitops: ARGOCD }));
    expect(app.metadata).toEqual({ name: 'calico-stack-test', namespace: 'argocd' });
    expect(app.spec).toMatchObject({
      project: 'default',
      source: { repoURL: 'https://github.com/example/gitops.git', targetRevision: 'HEAD', path: 'dist/test' },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['RespectIgnoreDifferences=true'], retry: { limit: 10 } },
    });
    expect(app.metadata.finalizers).toBeUndefined();
  });

  test('every key: project, revision, path, namespace and destination server as configured', () => {
    const app = find([parse(renderToFolder(config(clusterDoc({
      name: 'edge',
      gitops: { argocd: { enabled: true, repoURL: 'git@example.com:o/r.git', targetRevision: 'main', project: 'net', path: 'clusters/edge', namespace: 'argo', server: 'https://10.0.0.1:6443' } },
    }))).files['argocd/application.yaml'])], 'Application', 'calico-stack-edge');
    expect(app.metadata.namespace).toBe('argo');
    expect(app.spec).toMatchObject({ project: 'net', source: { repoURL: 'git@example.com:o/r.git', targetRevision: 'main', path: 'clusters/edge' }, destination: { server: 'https://10.0.0.1:6443' } });
  });

  test('ignores only the Installation fields left to the operator: what it detects at run time (every default it would write is rendered)', () => {
    expect(ignored(application(clusterDoc({ gitops: ARGOCD })), 'Installation')).toEqual([
      '/spec/kubernetesProvider',
      '/spec/calicoNetwork/nodeAddressAutodetectionV6',
      '/spec/calicoNetwork/nodeAddressAutodetectionV4',
      '/spec/cni/confDir',
      '/spec/cni/binDir',
      '/spec/flexVolumePath',
      '/metadata/finalizers',
    ]);
    // v3.28.2's operator has no CNI directories to write.
    expect(ignored(application(clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` }, gitops: ARGOCD })), 'Installation')).toEqual([
      '/spec/kubernetesProvider', '/spec/calicoNetwork/nodeAddressAutodetectionV6', '/spec/calicoNetwork/nodeAddressAutodetectionV4', '/spec/flexVolumePath', '/metadata/finalizers',
    ]);
  });

  test('nothing in the pools: every pool field the operator would write is rendered, in every pool', () => {
    const dual = application(clusterDoc({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, gitops: ARGOCD }));
    expect(ignored(dual, 'Installation').filter((p) => p.includes('ipPools'))).toEqual([]);
  });

  test('a field the cluster file sets stays in the diff: the provider named, the provider\'s defaults rendered, autodetection set', () => {
    const set = ignored(application(clusterDoc({
      calico: { nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, installation: { kubernetesProvider: 'RKE2' } },
      gitops: ARGOCD,
    })), 'Installation');
    expect(set).toEqual(['/spec/calicoNetwork/nodeAddressAutodetectionV6', '/metadata/finalizers']);
  });

  test('FelixConfiguration and BGPConfiguration: what the operator sets there, only when they are rendered; Whisker: nothing (notifications rendered)', () => {
    const app = application(clusterDoc({ calico: { wireguard: true, asNumber: 65001 }, gitops: ARGOCD }));
    expect(app.spec.ignoreDifferences.find((d: any) => d.kind === 'FelixConfiguration')).toEqual({
      group: 'projectcalico.org', kind: 'FelixConfiguration', name: 'default',
      jsonPointers: [
        '/spec/routeTableRange', '/spec/healthPort', '/spec/vxlanVNI', '/spec/vxlanPort', '/spec/bpfHostConntrackBypass', '/spec/nftablesMode',
        '/spec/bpfEnabled', '/metadata/annotations/operator.tigera.io~1bpfEnabled', '/spec/programClusterRoutes',
      ],
    });
    // BGPConfiguration: the field operator v1.42.3 sets (with calicoNetwork.clusterRoutingMode).
    expect(app.spec.ignoreDifferences.find((d: any) => d.kind === 'BGPConfiguration')).toEqual({
      group: 'projectcalico.org', kind: 'BGPConfiguration', name: 'default', jsonPointers: ['/spec/programClusterRoutes'],
    });
    expect(ignored(app, 'Whisker')).toEqual([]);
    const plain = application(clusterDoc({ gitops: ARGOCD }));
    expect([ignored(plain, 'FelixConfiguration'), ignored(plain, 'BGPConfiguration')]).toEqual([[], []]);
    // Older operators write fewer fields (operator v1.38.13: no vxlanPort, no programClusterRoutes).
    const v3307 = application(clusterDoc({ calico: { version: 'v3.30.7', wireguard: true, asNumber: 65001 }, gitops: ARGOCD }));
    expect(ignored(v3307, 'FelixConfiguration')).not.toContain('/spec/vxlanPort');
    expect(ignored(v3307, 'BGPConfiguration')).toEqual([]);
  });

  test('a pointer into a key with a slash is escaped (~1); a field the operator sets whatever the object says is listed even when set', () => {
    const felix = (spec: Record<string, unknown>, annotations: Record<string, string>) => operatorWrittenFields([{ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default', annotations }, spec } as never])[0].jsonPointers;
    expect(felix({}, {})).toContain('/metadata/annotations/operator.tigera.io~1bpfEnabled');
    expect(felix({}, { 'operator.tigera.io/bpfEnabled': 'false' })).toContain('/metadata/annotations/operator.tigera.io~1bpfEnabled');
    expect(felix({ healthPort: 9199 }, {})).not.toContain('/spec/healthPort');
    expect(felix({ nftablesMode: 'Enabled' }, {})).toContain('/spec/nftablesMode');
  });

  test('operatorWrittenFields leaves other kinds alone', () => {
    expect(operatorWrittenFields([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }])).toEqual([]);
  });
});
