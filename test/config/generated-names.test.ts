/**
 * Names and namespaces: the monitoring namespace is not one another component owns, every name
 * calico-stack builds fits where it is used, and settings that mean "nothing" say so.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { configMapKeyErrors, dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from '../../src/lib/common/k8s-names';
import { toData } from '../../src/lib/common/yaml-data';
import { renderStack } from '../../src/lib/render/render';
import { MAX_CLUSTER_NAME_LENGTH } from '../../src/lib/gitops/names';
import { clusterDoc, config, find, FIXTURES, K8sObject, load, messages, render, tempDir } from '../util';


const errorsOf = (doc: Record<string, unknown>) => messages(load(doc).findings.filter((f) => f.severity === 'error'));
const warningsOf = (doc: Record<string, unknown>) => messages(load(doc).findings.filter((f) => f.severity === 'warning'));
const ARGOCD = { argocd: { enabled: true, repoURL: 'https://git.example.com/clusters.git' } };

describe('monitoring.namespace', () => {
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'tigera-operator', 'calico-system', 'calico-apiserver', 'default'])('fails when it is %s', (namespace) => {
    expect(errorsOf(clusterDoc({ monitoring: { namespace } }))).toEqual([
      `monitoring.namespace: belongs to Kubernetes or another part of the stack, and the monitoring file creates and owns its namespace (got "${namespace}") — use a namespace of its own, such as monitoring`,
    ]);
  });

  test('fails when it is where Argo CD runs (which the Application would prune)', () => {
    expect(errorsOf(clusterDoc({ gitops: ARGOCD, monitoring: { namespace: 'argocd' } }))).toEqual([
      'monitoring.namespace: is where Argo CD runs (gitops.argocd.namespace); the monitoring file creates and owns its namespace, so Argo CD would manage its own namespace as part of this cluster and prune it with the monitoring stack (got "argocd") — use a namespace of its own, such as monitoring',
    ]);
    expect(errorsOf(clusterDoc({ gitops: { argocd: { ...ARGOCD.argocd, namespace: 'gitops' } }, monitoring: { namespace: 'gitops' } }))).toHaveLength(1);
  });

  test('fails when it is where the Flux Kustomizations live', () => {
    expect(errorsOf(clusterDoc({ gitops: { flux: { enabled: true, namespace: 'flux' } }, monitoring: { namespace: 'flux' } }))).toEqual([
      'monitoring.namespace: is where Flux runs (gitops.flux.namespace); the monitoring file creates and owns its namespace, so Flux would manage its own namespace as part of this cluster and prune it with the monitoring stack (got "flux") — use a namespace of its own, such as monitoring',
    ]);
  });

  test('may be called argocd when Argo CD is not used', () => {
    const c = config(clusterDoc({ monitoring: { namespace: 'argocd' } }));
    expect(find(render(c).monitoring, 'Namespace', 'argocd').metadata.name).toBe('argocd');
  });
});

describe('the cluster name', () => {
  test(`is at most ${MAX_CLUSTER_NAME_LENGTH} characters, computed from the longest GitOps name (calico-stack-<name>-monitoring in a 63-character label value)`, () => {
    expect(MAX_CLUSTER_NAME_LENGTH).toBe(63 - 'calico-stack-'.length - '-monitoring'.length);
  });

  test.each([['gitops.argocd', { argocd: ARGOCD.argocd }], ['gitops.flux', { flux: { enabled: true } }]])('fails when it is one character longer with %s, naming the name that would not fit', (_what, gitops) => {
    const name = 'a'.repeat(MAX_CLUSTER_NAME_LENGTH + 1);
    expect(errorsOf(clusterDoc({ name, gitops }))).toEqual([
      `name: is 40 characters; the GitOps name "calico-stack-${name}-calico-api" built from it would be 64, and Flux and Argo CD write these names into label values, which hold at most 63 (got "${name}"; allowed at most 39 characters with gitops.argocd or gitops.flux enabled) — choose a shorter name`,
    ]);
  });

  test('without Argo CD or Flux output it may be a whole DNS label (63 characters), not one more', () => {
    expect(errorsOf(clusterDoc({ name: 'a'.repeat(63) }))).toEqual([]);
    expect(errorsOf(clusterDoc({ name: 'a'.repeat(64) }))[0]).toMatch(/^name: /);
  });

  test.each([
    ['with Argo CD and Flux, 39 characters', MAX_CLUSTER_NAME_LENGTH, { ...ARGOCD, flux: { enabled: true } }],
    ['without them, 63 characters', 63, {}],
  ])('at its longest (%s), every name rendered fits where it is used', (_what, length, gitops) => {
    const name = `c${'x'.repeat(length - 2)}1`;
    const crds = fs.readFileSync(path.join(FIXTURES, 'operator-crds-mini.yaml'), 'utf8');
    const c = config(clusterDoc({
      name,
      calico: { version: 'v3.28.2', crds: 'crds.yaml', goldmane: false, whisker: false, wireguard: true, metrics: true },
      monitoring: { prometheus: { storage: { size: '5Gi' } }, allowedSourceCidrs: ['192.0.2.0/24'] },
      gitops,
    }), { 'crds.yaml': crds });
    const out = tempDir(Object.fromEntries(renderStack(c)));
    const objects: K8sObject[] = fs.readdirSync(out, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.yaml') && fs.statSync(path.join(out, f)).isFile())
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(out, f), 'utf8')).map((d) => toData(d) as K8sObject))
      // Every Kubernetes object; kustomize's own kustomization.yaml files are not objects.
      .filter((o) => typeof o?.metadata?.name === 'string' && !o.apiVersion.startsWith('kustomize.config.k8s.io'));
    const problems: string[] = [];
    const check = (what: string, errors: string[]) => problems.push(...errors.map((e) => `${what}: ${e}`));
    for (const o of objects) {
      const id = `${o.kind}/${o.metadata.name}`;
      const nameRule = ['Namespace', 'Service'].includes(o.kind) ? dns1123LabelErrors : dns1123SubdomainErrors;
      check(`${id} name`, nameRule(o.metadata.name));
      for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
        check(`${id} label ${key}`, [...labelKeyErrors(key), ...labelValueErrors(String(value))]);
      }
      if (o.kind === 'ConfigMap') for (const key of Object.keys(o.data ?? {})) check(`${id} key ${key}`, configMapKeyErrors(key));
      // Flux labels what a Kustomization applies with its name; Argo CD labels with the Application's.
      if (o.kind === 'Kustomization' || o.kind === 'Application') check(`${id} as a label value`, labelValueErrors(o.metadata.name));
    }
    if (length === MAX_CLUSTER_NAME_LENGTH) {
      expect(objects.filter((o) => o.kind === 'Kustomization').map((o) => o.metadata.name)).toContain(`calico-stack-${name}-monitoring`);
      expect(find(objects, 'Application', `calico-stack-${name}`).metadata.namespace).toBe('argocd');
    }
    expect(objects.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });
});

describe('monitoring.allowedSourceCidrs', () => {
  test.each([['0.0.0.0/0', 4], ['::/0', 6]])('warns when it holds %s, which restricts nothing but still costs externalTrafficPolicy: Local', (cidr, family) => {
    expect(warningsOf(clusterDoc({ monitoring: { allowedSourceCidrs: ['192.0.2.0/24', cidr] } }))).toEqual([
      `monitoring.allowedSourceCidrs[1]: admits every IPv${family} address, so it restricts nothing; yet any allowedSourceCidrs switch the Prometheus and Grafana NodePorts to externalTrafficPolicy: Local, where only the node running the pod answers (got "${cidr}") — list the networks that should reach Prometheus and Grafana, or leave allowedSourceCidrs empty (open, and every node answers)`,
    ]);
  });

  test('does not warn about a real restriction', () => {
    expect(warningsOf(clusterDoc({ monitoring: { allowedSourceCidrs: ['192.0.2.0/24'] } }))).toEqual([]);
  });
});

describe('calico.ipPools: []', () => {
  test('renders an Installation with no pools, not the default pool', () => {
    const c = config(clusterDoc({ calico: { ipPools: [] } }));
    expect(c.calico.installation.ipPools).toEqual([]);
    expect(find(render(c).calico, 'Installation', 'default').spec.calicoNetwork.ipPools).toEqual([]);
  });

  test('warns that no pod gets an address until IP pools are created', () => {
    expect(warningsOf(clusterDoc({ calico: { ipPools: [] } }))).toEqual([
      'calico.ipPools: is empty: the operator creates no IP pools (and deletes those it created before) and waits ("waiting for enabled IP pools to be created") before it installs calico-node, so no pod gets an address until you create IPPool objects yourself (got []) — create the pools yourself (e.g. with calicoctl), or list them here (leave the key out for one pool per podSubnet CIDR)',
    ]);
  });

  test('leaving the key out still gives one pool per podSubnet CIDR, without the warning', () => {
    const { stack, findings } = load(clusterDoc());
    expect(stack?.calico.installation.ipPools.map((p) => p.name)).toEqual(['default-ipv4-ippool']);
    expect(findings).toEqual([]);
  });
});
