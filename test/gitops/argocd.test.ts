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

  test('ignores the Installation fields the operator writes back, and only those the rendered Installation leaves unset', () => {
    const defaults = ignored(application(clusterDoc({ gitops: ARGOCD })), 'Installation');
    expect(defaults).toEqual(expect.arrayContaining([
      '/spec/variant', '/spec/cni', '/spec/controlPlaneReplicas', '/spec/nodeUpdateStrategy', '/spec/logging',
      '/spec/calicoNetwork/linuxDataplane', '/spec/calicoNetwork/hostPorts', '/spec/calicoNetwork/nodeAddressAutodetectionV4',
      '/spec/calicoNetwork/ipPools/0/allowedUses', '/spec/calicoNetwork/ipPools/0/disableBGPExport',
      '/spec/calicoNetwork/ipPools/0/disableNewAllocations', '/spec/calicoNetwork/ipPools/0/assignmentMode',
    ]));
    // Rendered fields stay in the diff: bgp, and each pool's cidr, blockSize, encapsulation, natOutgoing, nodeSelector, name.
    expect(defaults.filter((p) => /\/(bgp|cidr|blockSize|encapsulation|natOutgoing|nodeSelector|name)$/.test(p))).toEqual([]);

    const set = ignored(application(clusterDoc({
      calico: { linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, ipPools: [{ cidr: '10.244.0.0/16', allowedUses: ['Workload'], disableBGPExport: true }] },
      gitops: ARGOCD,
    })), 'Installation');
    for (const p of ['/spec/calicoNetwork/linuxDataplane', '/spec/calicoNetwork/nodeAddressAutodetectionV4', '/spec/calicoNetwork/ipPools/0/allowedUses', '/spec/calicoNetwork/ipPools/0/disableBGPExport']) {
      expect(set).not.toContain(p);
    }
  });

  test('one entry per pool; FelixConfiguration/default only when it is rendered', () => {
    const dual = application(clusterDoc({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, calico: { wireguard: true }, gitops: ARGOCD }));
    expect(ignored(dual, 'Installation')).toEqual(expect.arrayContaining(['/spec/calicoNetwork/ipPools/1/allowedUses', '/spec/calicoNetwork/nodeAddressAutodetectionV6']));
    expect(dual.spec.ignoreDifferences.find((d: any) => d.kind === 'FelixConfiguration')).toEqual({
      group: 'projectcalico.org', kind: 'FelixConfiguration', name: 'default',
      jsonPointers: ['/spec/healthPort', '/spec/vxlanVNI', '/spec/vxlanPort', '/spec/nftablesMode', '/spec/bpfEnabled', '/metadata/annotations/operator.tigera.io~1bpfEnabled'],
    });
    expect(ignored(application(clusterDoc({ gitops: ARGOCD })), 'FelixConfiguration')).toEqual([]);
    // BGPConfiguration: the field operator v1.42.3 sets (with calicoNetwork.clusterRoutingMode), only when rendered.
    expect(application(clusterDoc({ calico: { asNumber: 65001 }, gitops: ARGOCD })).spec.ignoreDifferences.find((d: any) => d.kind === 'BGPConfiguration')).toEqual({
      group: 'projectcalico.org', kind: 'BGPConfiguration', name: 'default', jsonPointers: ['/spec/programClusterRoutes'],
    });
    expect(ignored(application(clusterDoc({ gitops: ARGOCD })), 'BGPConfiguration')).toEqual([]);
  });

  test('ignores what the operator detects or defaults elsewhere: Installation kubernetesProvider, Whisker notifications', () => {
    const app = application(clusterDoc({ gitops: ARGOCD }));
    expect(ignored(app, 'Installation')).toContain('/spec/kubernetesProvider');
    expect(app.spec.ignoreDifferences.find((d: any) => d.kind === 'Whisker')).toEqual({ group: 'operator.tigera.io', kind: 'Whisker', name: 'default', jsonPointers: ['/spec/notifications'] });
    expect(ignored(application(clusterDoc({ calico: { whisker: false }, gitops: ARGOCD })), 'Whisker')).toEqual([]);
  });

  test('node address autodetection only for the families of the rendered pools (IPv4 also for BPF), both when the pools are the user\'s own', () => {
    const autodetection = (calico: Record<string, unknown>, platform: Record<string, unknown> = {}) => ignored(application(clusterDoc({ platform, calico, gitops: ARGOCD })), 'Installation')
      .filter((p) => p.includes('nodeAddressAutodetection'));
    expect(autodetection({})).toEqual(['/spec/calicoNetwork/nodeAddressAutodetectionV4']);
    expect(autodetection({}, { podSubnet: 'fd00:10:244::/56' })).toEqual(['/spec/calicoNetwork/nodeAddressAutodetectionV6']);
    expect(autodetection({ linuxDataplane: 'BPF', nodeAddressAutodetectionV6: { kubernetes: 'NodeInternalIP' } }, { podSubnet: 'fd00:10:244::/56' })).toEqual(['/spec/calicoNetwork/nodeAddressAutodetectionV4']);
    expect(autodetection({ ipPools: [] })).toEqual(['/spec/calicoNetwork/nodeAddressAutodetectionV4', '/spec/calicoNetwork/nodeAddressAutodetectionV6']);
  });

  test('linuxPolicySetupTimeoutSeconds only with the Iptables dataplane, which the operator defaults it for', () => {
    const timeout = (calico: Record<string, unknown>) => ignored(application(clusterDoc({ calico, gitops: ARGOCD })), 'Installation').includes('/spec/calicoNetwork/linuxPolicySetupTimeoutSeconds');
    expect(timeout({})).toBe(true);
    expect(timeout({ linuxDataplane: 'Iptables' })).toBe(true);
    expect(timeout({ linuxDataplane: 'Nftables' })).toBe(false);
    expect(timeout({ linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } })).toBe(false);
  });

  test('a pointer into a key with a slash is escaped (~1) and found in the rendered object', () => {
    const rendered = (annotations: Record<string, string>) => operatorWrittenFields([{ apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default', annotations } } as never])[0].jsonPointers;
    expect(rendered({})).toContain('/metadata/annotations/operator.tigera.io~1bpfEnabled');
    expect(rendered({ 'operator.tigera.io/bpfEnabled': 'false' })).not.toContain('/metadata/annotations/operator.tigera.io~1bpfEnabled');
  });

  test('operatorWrittenFields leaves other kinds alone', () => {
    expect(operatorWrittenFields([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }])).toEqual([]);
  });
});
