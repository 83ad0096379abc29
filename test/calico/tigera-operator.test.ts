/**
 * The operator objects must equal upstream's manifests/tigera-operator.yaml of each release, object
 * for object (CRDs aside). The expected facts below were read from those manifests; rules are
 * written `[apiGroups] resources :: verbs (resourceNames)`.
 */
import { calicoRelease } from '../../src/lib/calico/releases';
import { TigeraOperator } from '../../src/lib/calico/tigera-operator';
import { findingsOf } from '../../src/lib/common/checks';
import { allObjects, clusterDoc, config, find, FIXTURES, K8sObject, load, messages, render, testChart } from '../util';

const V3_31_7_OPERATOR_RULES = [
      '[apiextensions.k8s.io] customresourcedefinitions :: get,list,watch,create',
      '[apiextensions.k8s.io] customresourcedefinitions :: update (apiservers.operator.tigera.io,gatewayapis.operator.tigera.io,imagesets.operator.tigera.io,installations.operator.tigera.io,tigerastatuses.operator.tigera.io,bgpconfigurations.crd.projectcalico.org,bgpfilters.crd.projectcalico.org,bgppeers.crd.projectcalico.org,blockaffinities.crd.projectcalico.org,caliconodestatuses.crd.projectcalico.org,clusterinformations.crd.projectcalico.org,felixconfigurations.crd.projectcalico.org,globalnetworkpolicies.crd.projectcalico.org,stagedglobalnetworkpolicies.crd.projectcalico.org,globalnetworksets.crd.projectcalico.org,hostendpoints.crd.projectcalico.org,ipamblocks.crd.projectcalico.org,ipamconfigs.crd.projectcalico.org,ipamhandles.crd.projectcalico.org,ippools.crd.projectcalico.org,ipreservations.crd.projectcalico.org,kubecontrollersconfigurations.crd.projectcalico.org,networkpolicies.crd.projectcalico.org,stagednetworkpolicies.crd.projectcalico.org,stagedkubernetesnetworkpolicies.crd.projectcalico.org,networksets.crd.projectcalico.org,tiers.crd.projectcalico.org,whiskers.operator.tigera.io,goldmanes.operator.tigera.io,managementclusterconnections.operator.tigera.io)',
      '[apiextensions.k8s.io] customresourcedefinitions :: update,delete (adminnetworkpolicies.policy.networking.k8s.io,baselineadminnetworkpolicies.policy.networking.k8s.io)',
      '[] namespaces,pods,podtemplates,services,endpoints,events,configmaps,serviceaccounts :: create,get,list,update,delete,watch',
      '[] resourcequotas,secrets :: list,get,watch',
      '[] resourcequotas :: create,get,list,update,delete,watch (calico-critical-pods,tigera-critical-pods)',
      '[] nodes :: get,patch,list,watch',
      '[authentication.k8s.io] tokenreviews :: create',
      '[rbac.authorization.k8s.io] clusterroles,clusterrolebindings,rolebindings,roles :: create,get,list,update,delete,watch,bind,escalate',
      '[apps] deployments,daemonsets,statefulsets :: create,get,list,patch,update,delete,watch',
      '[apps] deployments/finalizers :: update (tigera-operator)',
      '[operator.tigera.io] apiservers,apiservers/finalizers,apiservers/status,gatewayapis,gatewayapis/finalizers,goldmanes,goldmanes/finalizers,goldmanes/status,imagesets,installations,installations/finalizers,installations/status,managementclusterconnections,managementclusterconnections/finalizers,managementclusterconnections/status,tigerastatuses,tigerastatuses/status,tigerastatuses/finalizers,whiskers,whiskers/finalizers,whiskers/status :: get,list,update,patch,watch',
      '[operator.tigera.io] tigerastatuses :: create,delete',
      '[operator.tigera.io] installations,apiservers,whiskers,goldmanes :: delete',
      '[networking.k8s.io] networkpolicies :: create,update,delete,get,list,watch',
      '[crd.projectcalico.org] felixconfigurations,ippools :: create,patch,list,get,watch',
      '[crd.projectcalico.org] kubecontrollersconfigurations,bgpconfigurations,clusterinformations :: get,list,watch',
      '[projectcalico.org] ippools :: create,update,delete,patch,get,list,watch',
      '[projectcalico.org] ipamconfigurations,clusterinformations :: get,list,watch',
      '[scheduling.k8s.io] priorityclasses :: create,get,list,update,delete,watch',
      '[policy] poddisruptionbudgets :: create,get,list,update,delete,watch',
      '[apiregistration.k8s.io] apiservices :: list,watch,create,update',
      '[discovery.k8s.io] endpointslices :: get,list,watch',
      '[admissionregistration.k8s.io] mutatingwebhookconfigurations :: create,delete,get,list,watch',
      '[admissionregistration.k8s.io] mutatingwebhookconfigurations :: update (envoy-gateway-topology-injector.tigera-gateway)',
      '[admissionregistration.k8s.io] validatingadmissionpolicies,validatingadmissionpolicybindings :: create,update,delete,get,list,watch',
      '[coordination.k8s.io] leases :: create,get,list,update,delete,watch',
      '[storage.k8s.io] csidrivers :: list,watch,update,get,create,delete',
      '[certificates.k8s.io] certificatesigningrequests :: list,watch',
      '[policy] podsecuritypolicies :: use (tigera-operator)',
      '[policy] podsecuritypolicies :: get,list,watch,create,update,delete',
      '[projectcalico.org] tier.networkpolicies,tier.globalnetworkpolicies :: list,watch,get,create,update,delete (allow-tigera.*)',
      '[projectcalico.org] tiers :: get,delete,update (allow-tigera)',
      '[projectcalico.org] tiers :: create,list,watch',
      '[apiextensions.k8s.io] customresourcedefinitions :: update (backendlbpolicies.gateway.networking.k8s.io,backendtlspolicies.gateway.networking.k8s.io,gatewayclasses.gateway.networking.k8s.io,gateways.gateway.networking.k8s.io,grpcroutes.gateway.networking.k8s.io,httproutes.gateway.networking.k8s.io,referencegrants.gateway.networking.k8s.io,tcproutes.gateway.networking.k8s.io,tlsroutes.gateway.networking.k8s.io,udproutes.gateway.networking.k8s.io,xbackendtrafficpolicies.gateway.networking.x-k8s.io,listenersets.gateway.networking.k8s.io,xmeshes.gateway.networking.x-k8s.io,backends.gateway.envoyproxy.io,backendtrafficpolicies.gateway.envoyproxy.io,clienttrafficpolicies.gateway.envoyproxy.io,envoyextensionpolicies.gateway.envoyproxy.io,envoypatchpolicies.gateway.envoyproxy.io,envoyproxies.gateway.envoyproxy.io,httproutefilters.gateway.envoyproxy.io,securitypolicies.gateway.envoyproxy.io)',
      '[gateway.networking.k8s.io] gatewayclasses :: create,update,delete,list,get,watch',
      '[gateway.envoyproxy.io] envoyproxies :: create,update,delete,list,get,watch',
      '[batch] jobs :: create,list,watch',
      '[batch] jobs :: update (tigera-gateway-api-gateway-helm-certgen)',
];

const V3_31_7_SECRETS_RULES = [
      '[] secrets :: create,update,delete',
];

const V3_28_2_OPERATOR_RULES = [
      '[] namespaces,pods,podtemplates,services,endpoints,events,configmaps,secrets,serviceaccounts :: create,get,list,update,delete,watch',
      '[] resourcequotas :: list,get,watch',
      '[] resourcequotas :: create,get,list,update,delete,watch (calico-critical-pods,tigera-critical-pods)',
      '[] nodes :: get,patch,list,watch',
      '[rbac.authorization.k8s.io] clusterroles,clusterrolebindings,rolebindings,roles :: create,get,list,update,delete,watch,bind,escalate',
      '[apps] deployments,daemonsets,statefulsets :: create,get,list,patch,update,delete,watch',
      '[apps] deployments/finalizers :: update (tigera-operator)',
      '[operator.tigera.io] apiservers/finalizers,installations,installations/status,installations/finalizers,tigerastatuses,tigerastatuses/status,tigerastatuses/finalizers,apiservers,apiservers/status,imagesets :: get,list,update,patch,watch',
      '[operator.tigera.io] tigerastatuses :: create,delete',
      '[operator.tigera.io] installations,apiservers :: delete',
      '[networking.k8s.io] networkpolicies :: create,update,delete,get,list,watch',
      '[crd.projectcalico.org] felixconfigurations,ippools :: create,patch,list,get,watch',
      '[crd.projectcalico.org] kubecontrollersconfigurations,bgpconfigurations :: get,list,watch',
      '[projectcalico.org] ippools :: create,update,delete,patch,get,list,watch',
      '[projectcalico.org] ipamconfigurations :: get,list,watch',
      '[scheduling.k8s.io] priorityclasses :: create,get,list,update,delete,watch',
      '[policy] poddisruptionbudgets :: create,get,list,update,delete,watch',
      '[apiregistration.k8s.io] apiservices :: list,watch,create,update',
      '[coordination.k8s.io] leases :: create,get,list,update,delete,watch',
      '[storage.k8s.io] csidrivers :: list,watch,update,get,create,delete',
      '[certificates.k8s.io] certificatesigningrequests :: list,watch',
      '[policy] podsecuritypolicies :: use (tigera-operator)',
      '[policy] podsecuritypolicies :: get,list,watch,create,update,delete',
];

function compact(rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }>): string[] {
  return rules.map((r) => `[${r.apiGroups.join(',')}] ${r.resources.join(',')} :: ${r.verbs.join(',')}${r.resourceNames ? ` (${r.resourceNames.join(',')})` : ''}`);
}

function operatorObjects(version: string, calico: Record<string, unknown> = {}): K8sObject[] {
  const crds = version === 'v3.28.2' ? { crds: `${FIXTURES}/operator-crds-mini.yaml` } : {};
  return render(config(clusterDoc({ calico: { version, ...crds, ...calico } })))['tigera-operator'];
}

const EXPECTED_ENV = (tag: string) => [
  { name: 'WATCH_NAMESPACE', value: '' },
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'OPERATOR_NAME', value: 'tigera-operator' },
  { name: 'TIGERA_OPERATOR_INIT_IMAGE_VERSION', value: tag },
];

/**
 * For v3.32.1 and v3.30.7 the rules are not all spelled out here: their number and rules that tell the
 * releases apart, read from upstream's manifests. `npm run parity -- --releases <folder>` compares
 * every rule of every release with the upstream files themselves.
 */
const V3_32_1_SPOT_RULES = [
  '[apiextensions.k8s.io] customresourcedefinitions :: update (bgpconfigurations.projectcalico.org,bgpfilters.projectcalico.org,bgppeers.projectcalico.org,blockaffinities.projectcalico.org,caliconodestatuses.projectcalico.org,clusterinformations.projectcalico.org,felixconfigurations.projectcalico.org,globalnetworkpolicies.projectcalico.org,stagedglobalnetworkpolicies.projectcalico.org,globalnetworksets.projectcalico.org,hostendpoints.projectcalico.org,ipamblocks.projectcalico.org,ipamconfigurations.projectcalico.org,ipamhandles.projectcalico.org,ippools.projectcalico.org,ipreservations.projectcalico.org,kubecontrollersconfigurations.projectcalico.org,networkpolicies.projectcalico.org,stagednetworkpolicies.projectcalico.org,stagedkubernetesnetworkpolicies.projectcalico.org,networksets.projectcalico.org,tiers.projectcalico.org)',
  '[apiextensions.k8s.io] customresourcedefinitions :: update,delete (clusternetworkpolicies.policy.networking.k8s.io)',
  '[crd.projectcalico.org,projectcalico.org] felixconfigurations,bgpconfigurations,ippools :: create,patch,list,get,watch',
  '[kubevirt.io] virtualmachineinstancemigrations :: get,list,watch',
  '[migration.projectcalico.org] datastoremigrations :: get,list,watch',
];
const V3_30_7_SPOT_RULES = [
  '[apiextensions.k8s.io] customresourcedefinitions :: update,delete (adminnetworkpolicies.policy.networking.k8s.io,baselineadminnetworkpolicies.policy.networking.k8s.io)',
  '[projectcalico.org] ipamconfigurations :: get,list,watch',
  '[batch] jobs :: update (tigera-gateway-api-gateway-helm-certgen)',
];

/** v3.29.7's rules that v3.28.2 does not have (the allow-tigera tier, deleting mutating webhooks). */
const V3_29_7_SPOT_RULES = [
  '[admissionregistration.k8s.io] mutatingwebhookconfigurations :: delete',
  '[projectcalico.org] tier.networkpolicies,tier.globalnetworkpolicies :: list,watch,get,create,update,delete (allow-tigera.*)',
  '[projectcalico.org] tiers :: get,delete,update (allow-tigera)',
  '[projectcalico.org] tiers :: create,list,watch',
];

describe.each([
  { version: 'v3.32.1', tag: 'v1.42.3', args: ['-manage-crds=true'], rules: V3_32_1_SPOT_RULES, ruleCount: 50, secretsRules: V3_31_7_SECRETS_RULES, labels: { 'k8s-app': 'tigera-operator' } },
  { version: 'v3.31.7', tag: 'v1.40.15', args: ['-manage-crds=true'], rules: V3_31_7_OPERATOR_RULES, ruleCount: 39, secretsRules: V3_31_7_SECRETS_RULES, labels: { 'k8s-app': 'tigera-operator' } },
  { version: 'v3.30.7', tag: 'v1.38.13', args: ['-manage-crds=true'], rules: V3_30_7_SPOT_RULES, ruleCount: 37, secretsRules: V3_31_7_SECRETS_RULES, labels: { 'k8s-app': 'tigera-operator' } },
  { version: 'v3.29.7', tag: 'v1.36.16', args: undefined, rules: V3_29_7_SPOT_RULES, ruleCount: 27, secretsRules: undefined, labels: { 'k8s-app': 'tigera-operator' } },
  { version: 'v3.28.2', tag: 'v1.34.5', args: undefined, rules: V3_28_2_OPERATOR_RULES, ruleCount: 23, secretsRules: undefined, labels: undefined },
])('tigera-operator of Calico $version equals upstream', ({ version, tag, args, rules, ruleCount, secretsRules, labels }) => {
  const objects = operatorObjects(version);

  test('objects, in upstream order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//tigera-operator',
      'ServiceAccount/tigera-operator/tigera-operator',
      ...(secretsRules ? ['ClusterRole//tigera-operator-secrets'] : []),
      'ClusterRole//tigera-operator',
      'ClusterRoleBinding//tigera-operator',
      ...(secretsRules ? ['RoleBinding/tigera-operator/tigera-operator-secrets'] : []),
      'Deployment/tigera-operator/tigera-operator',
    ]);
  });

  test('namespace is privileged for pod security', () => {
    expect(find(objects, 'Namespace', 'tigera-operator').metadata.labels).toEqual({
      'name': 'tigera-operator',
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
  });

  test('labels: k8s-app on every object but the Namespace from v3.30, only on the Deployment before', () => {
    for (const o of objects.filter((x) => !['Namespace', 'Deployment'].includes(x.kind))) {
      expect(o.metadata.labels).toEqual(labels);
    }
    expect(find(objects, 'Deployment', 'tigera-operator').metadata.labels).toEqual({ 'k8s-app': 'tigera-operator' });
  });

  test('every RBAC rule of ClusterRole tigera-operator', () => {
    const rendered = compact(find(objects, 'ClusterRole', 'tigera-operator').rules);
    expect(rendered).toHaveLength(ruleCount);
    if (rules.length === ruleCount) expect(rendered).toEqual(rules);
    else expect(rendered).toEqual(expect.arrayContaining(rules));
  });

  test('secrets ClusterRole and its RoleBinding in the operator namespace', () => {
    if (!secretsRules) {
      expect(objects.filter((o) => o.metadata.name === 'tigera-operator-secrets')).toEqual([]);
      return;
    }
    expect(compact(find(objects, 'ClusterRole', 'tigera-operator-secrets').rules)).toEqual(secretsRules);
    const rb = find(objects, 'RoleBinding', 'tigera-operator-secrets', 'tigera-operator');
    expect(rb.roleRef).toEqual({ kind: 'ClusterRole', name: 'tigera-operator-secrets', apiGroup: 'rbac.authorization.k8s.io' });
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'tigera-operator', namespace: 'tigera-operator' }]);
  });

  test('ClusterRoleBinding binds the operator ServiceAccount', () => {
    const crb = find(objects, 'ClusterRoleBinding', 'tigera-operator');
    expect(crb.roleRef).toEqual({ kind: 'ClusterRole', name: 'tigera-operator', apiGroup: 'rbac.authorization.k8s.io' });
    expect(crb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'tigera-operator', namespace: 'tigera-operator' }]);
  });

  test('Deployment fields', () => {
    const d = find(objects, 'Deployment', 'tigera-operator', 'tigera-operator');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.selector).toEqual({ matchLabels: { name: 'tigera-operator' } });
    const pod = d.spec.template;
    expect(pod.metadata.labels).toEqual({ 'name': 'tigera-operator', 'k8s-app': 'tigera-operator' });
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.tolerations).toEqual([{ effect: 'NoExecute', operator: 'Exists' }, { effect: 'NoSchedule', operator: 'Exists' }]);
    expect(pod.spec.serviceAccountName).toBe('tigera-operator');
    expect(pod.spec.terminationGracePeriodSeconds).toBe(60);
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(pod.spec.volumes).toEqual([{ name: 'var-lib-calico', hostPath: { path: '/var/lib/calico' } }]);
    expect(pod.spec.containers).toHaveLength(1);
    const c = pod.spec.containers[0];
    expect(c.name).toBe('tigera-operator');
    expect(c.image).toBe(`quay.io/tigera/operator:${tag}`);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.command).toEqual(['operator']);
    expect(c.args).toEqual(args);
    expect(c.env).toEqual(EXPECTED_ENV(tag));
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }]);
    expect(c.volumeMounts).toEqual([{ name: 'var-lib-calico', readOnly: true, mountPath: '/var/lib/calico' }]);
  });

  test('the release catalog names the same operator', () => {
    expect(calicoRelease(version).operatorVersion).toBe(tag);
  });
});

describe('tigera-operator with a private registry', () => {
  test('registry and imagePath move the operator image; pull secrets go on its ServiceAccount', () => {
    const objects = operatorObjects('v3.31.7', { registry: 'registry.example.com:5000', imagePath: 'mirror', imagePullSecrets: ['regcred', { name: 'other' }] });
    const d = find(objects, 'Deployment', 'tigera-operator');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.example.com:5000/mirror/operator:v1.40.15');
    expect(find(objects, 'ServiceAccount', 'tigera-operator').imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'other' }]);
  });

  test('registry alone keeps the tigera path', () => {
    const objects = operatorObjects('v3.31.7', { registry: 'mirror.local/' });
    expect(find(objects, 'Deployment', 'tigera-operator').spec.template.spec.containers[0].image).toBe('mirror.local/tigera/operator:v1.40.15');
  });
});

describe('the API server\'s address (platform.apiServerEndpoint)', () => {
  const objectsWith = (version: string, apiServerEndpoint?: string) => {
    const crds = version === 'v3.28.2' ? { crds: `${FIXTURES}/operator-crds-mini.yaml` } : {};
    return render(config(clusterDoc({ platform: { apiServerEndpoint }, calico: { version, ...crds } })))['tigera-operator'];
  };

  test.each(['v3.32.1', 'v3.31.7', 'v3.30.7', 'v3.29.7', 'v3.28.2'])('%s: ConfigMap kubernetes-services-endpoint in tigera-operator, after the Namespace and before the Deployment that reads it', (version) => {
    const objects = objectsWith(version, '10.0.0.10:6443');
    const cm = find(objects, 'ConfigMap', 'kubernetes-services-endpoint', 'tigera-operator');
    expect(cm.data).toEqual({ KUBERNETES_SERVICE_HOST: '10.0.0.10', KUBERNETES_SERVICE_PORT: '6443' });
    const order = objects.map((o) => o.kind);
    expect(order.indexOf('Namespace')).toBeLessThan(order.indexOf('ConfigMap'));
    expect(order.indexOf('ConfigMap')).toBeLessThan(order.indexOf('Deployment'));
    // The Deployment takes it as optional environment in every release's manifest.
    expect(find(objects, 'Deployment', 'tigera-operator').spec.template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }]);
  });

  test('an IPv6 address is written without its brackets, as Kubernetes writes KUBERNETES_SERVICE_HOST', () => {
    expect(find(objectsWith('v3.32.1', '[fd00::10]:6443'), 'ConfigMap', 'kubernetes-services-endpoint').data).toEqual({ KUBERNETES_SERVICE_HOST: 'fd00::10', KUBERNETES_SERVICE_PORT: '6443' });
  });

  test('no ConfigMap without it', () => {
    expect(objectsWith('v3.32.1').filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });

  test('fails when it is not host:port, naming its path; nothing is rendered for it', () => {
    const l = load(clusterDoc({ platform: { apiServerEndpoint: 'fd00::10:6443' } }));
    expect(messages(l.findings)).toEqual([
      'platform.apiServerEndpoint: is not host:port: an IPv6 address goes in brackets, followed by the port: [fd00::10]:6443 (got "fd00::10:6443"; allowed host:port with a DNS name, an IPv4 address or an IPv6 address in brackets, and a port 1–65535, such as api.example.com:6443, 10.0.0.10:6443 or [fd00::10]:6443)',
    ]);
    expect(l.stack!.operator.operator.servicesEndpoint).toBeUndefined();
  });

  test('TigeraOperator on its own checks it with paths relative to its props', () => {
    const chart = testChart();
    const op = new TigeraOperator(chart, 'Operator', { release: calicoRelease('v3.32.1'), apiServerEndpoint: 'api.example.com' });
    expect(messages(findingsOf(op))).toEqual([
      'apiServerEndpoint: is not host:port: the port is missing (got "api.example.com"; allowed host:port with a DNS name, an IPv4 address or an IPv6 address in brackets, and a port 1–65535, such as api.example.com:6443, 10.0.0.10:6443 or [fd00::10]:6443)',
    ]);
  });
});

test('operator objects of the default release are unchanged (change detector)', () => {
  expect(allObjects({ op: operatorObjects('v3.31.7') })).toMatchSnapshot();
});
