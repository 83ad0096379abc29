/**
 * The `operator` section: the tigera-operator Helm chart's values for the operator's own Deployment,
 * applied where the chart's template puts them, each checked as the API server checks a Deployment.
 */
import { OPERATOR_DEPLOYMENT_RULES } from '../../src/lib/calico/operator-deployment';
import { calicoRelease } from '../../src/lib/calico/releases';
import { TigeraOperator } from '../../src/lib/calico/tigera-operator';
import { findingsOf } from '../../src/lib/common/checks';
import { Severity } from '../../src/lib/common/findings';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, load, messages, render, testChart } from '../util';

const deploymentOf = (operator?: Record<string, unknown>) => find(render(config(clusterDoc(operator ? { operator } : {})))['tigera-operator'], 'Deployment', 'tigera-operator', 'tigera-operator');
const findingsFor = (operator: Record<string, unknown>) => load(clusterDoc({ operator })).findings;
const errorsOf = (operator: Record<string, unknown>) => messages(findingsFor(operator).filter((f) => f.severity === Severity.ERROR));
const upstreamSpec = calicoRelease('v3.32.1').operator.deployment.spec as any;

describe('operator', () => {
  test('defaults: without the section the Deployment is upstream\'s, unchanged', () => {
    expect(deploymentOf().spec).toEqual(upstreamSpec);
  });

  test('every setting lands where the Helm chart\'s template puts it; the rest stays upstream\'s', () => {
    const settings = {
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } } },
      priorityClassName: 'system-cluster-critical',
      podAnnotations: { 'example.com/owner': 'platform' },
      podLabels: { team: 'platform' },
      dnsConfig: { nameservers: ['10.96.0.10'], searches: ['corp.example.com'], options: [{ name: 'ndots', value: '2' }] },
      env: [{ name: 'LOG_LEVEL', value: 'debug' }, { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
    };
    const deployment = deploymentOf(settings);
    const pod = deployment.spec.template.spec;
    const container = pod.containers.find((c: any) => c.name === 'tigera-operator');
    expect(deployment.spec.template.metadata).toEqual({ labels: { 'name': 'tigera-operator', 'k8s-app': 'tigera-operator', 'team': 'platform' }, annotations: settings.podAnnotations });
    expect(pod.tolerations).toEqual(settings.tolerations);
    expect(pod.nodeSelector).toEqual(settings.nodeSelector);
    expect(pod.affinity).toEqual(settings.affinity);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.dnsConfig).toEqual(settings.dnsConfig);
    expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
    expect(container.resources).toEqual(settings.resources);
    expect(container.env).toEqual([...upstreamSpec.template.spec.containers[0].env, ...settings.env]);
    expect(deployment.spec.selector).toEqual(upstreamSpec.selector);
    expect(schemaProblems(deployment)).toEqual([]);
    expect(findingsFor(settings)).toEqual([]);
  });

  test('a TigeraOperator on its own takes the settings as props, reporting at their paths', () => {
    const op = new TigeraOperator(testChart(), 'Op', { release: calicoRelease('v3.32.1'), priorityClassName: 'Critical' });
    expect((op.deployment.toJson() as any).spec.template.spec.priorityClassName).toBe('Critical');
    expect(messages(findingsOf(op))).toEqual([
      'priorityClassName: is not a valid PriorityClass name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "Critical"; allowed a DNS subdomain, e.g. system-cluster-critical) — name a PriorityClass of the cluster (kubectl get priorityclasses)',
    ]);
  });

  test('fails on Kubernetes\' rules for resources, tolerations, nodeSelector, affinity, labels and annotations', () => {
    expect(errorsOf({
      resources: { requests: { cpu: '2' }, limits: { cpu: '1' } },
      tolerations: [{ operator: 'Equal', value: 'x' }],
      nodeSelector: { 'bad key!': 'x' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
      podAnnotations: { 'a/b/c': 'x' },
    })).toEqual([
      'operator.resources.requests.cpu: must be less than or equal to cpu limit (got "2"; allowed at most the limit, 1) — lower the request or raise the limit',
      'operator.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: must have at least one node selector term (got []) — list the terms nodes must match (any one of them), or remove requiredDuringSchedulingIgnoredDuringExecution',
      'operator.tolerations[0].operator: operator must be Exists when `key` is empty, which means "match all values and all keys" (got "Equal"; allowed Exists, or a key) — set key to the taint\'s key, or use operator: Exists to tolerate every taint',
      'operator.nodeSelector["bad key!"]: is not a valid label key: name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (got "bad key!"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — use the key and value of a label your nodes have (kubectl get nodes --show-labels)',
      'operator.podAnnotations["a/b/c"]: is not a valid annotation key: a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\') (got "a/b/c"; allowed an optional DNS subdomain prefix and "/", then a name of at most 63 characters, e.g. node-role.kubernetes.io/control-plane) — use a key such as example.com/note',
    ]);
  });

  test('fails on the shape of affinity and resources against the pod schema', () => {
    expect(errorsOf({ resources: { limits: { memory: '1 GB' } } })[0]).toMatch(/^operator\.resources\.limits\.memory: does not match the pattern .* \(got "1 GB"\)$/);
    expect(errorsOf({ affinity: { nodeAfinity: {} } })).toEqual([
      'operator.affinity.nodeAfinity: is not a field of the schema; the API server would drop it (allowed nodeAffinity, podAffinity, podAntiAffinity)',
    ]);
  });

  test('fails when a pod label is one the Deployment selects by', () => {
    expect(errorsOf({ podLabels: { name: 'operator' } })).toEqual([
      'operator.podLabels.name: is a label the Deployment selects its pod by; a pod labelled otherwise is not the Deployment\'s (got "operator") — remove operator.podLabels.name; choose another label name',
    ]);
    expect(errorsOf({ podLabels: { 'k8s-app': 'operator' } })).toEqual([
      'operator.podLabels.k8s-app: is a label upstream\'s Deployment gives the pod; it stays upstream\'s (got "operator") — remove operator.podLabels.k8s-app; choose another label name',
    ]);
    // Not rendered over upstream's.
    const stack = load(clusterDoc({ operator: { podLabels: { name: 'operator' } } })).stack!;
    expect((stack.operator.operator.deployment.toJson() as any).spec.template.metadata.labels.name).toBe('tigera-operator');
  });

  test('fails on dnsConfig beyond what a pod takes', () => {
    expect(errorsOf({
      dnsConfig: { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', 'dns.example.com'], searches: ['Corp.Example'], options: [{ name: '' }] },
    })).toEqual([
      'operator.dnsConfig.nameservers: lists 4 nameservers; a pod takes at most 3 (allowed at most 3) — keep 3 nameservers',
      'operator.dnsConfig.nameservers[3]: is not an IP address (got "dns.example.com"; allowed an IPv4 or IPv6 address) — write the nameserver\'s address, e.g. 10.96.0.10',
      'operator.dnsConfig.searches[0]: is not a valid search domain: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "Corp.Example"; allowed a DNS subdomain, e.g. svc.cluster.local) — write the domain in lowercase letters, digits, - and .',
      'operator.dnsConfig.options[0].name: must not be empty (got "") — name the resolver option, e.g. ndots',
    ]);
    expect(errorsOf({ dnsConfig: { searches: Array.from({ length: 33 }, (_, i) => `d${i}.example.com`) } })).toEqual([
      'operator.dnsConfig.searches: lists 33 search domains; a pod takes at most 32 (allowed at most 32) — keep 32 search domains',
    ]);
    expect(errorsOf({ dnsConfig: { searches: Array.from({ length: 20 }, (_, i) => `${'a'.repeat(60)}.${'b'.repeat(40)}${i}.example`) } })[0])
      .toMatch(/^operator\.dnsConfig\.searches: is 2\d\d\d characters long \(joined by spaces\); a pod takes at most 2048/);
  });

  test('fails on env: names, duplicates, upstream\'s names, value and valueFrom, sources', () => {
    expect(errorsOf({
      env: [
        { name: '1ST', value: 'x' },
        { name: 'WATCH_NAMESPACE', value: 'calico-system' },
        { name: 'A', value: '1' },
        { name: 'A', value: '2' },
        { name: 'B', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'C', valueFrom: {} },
        { name: 'D', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
        { name: 'E', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } },
        { name: 'F', valueFrom: { configMapKeyRef: { name: 'Cfg', key: 'a/b' } } },
      ],
    })).toEqual([
      'operator.env[0].name: is not an environment variable name every Kubernetes release takes: letters, digits, _, - or ., not starting with a digit, nor with .. (got "1ST"; allowed e.g. MY_ENV.NAME, my.env-name, MyEnvName1) — rename the variable, e.g. LOG_LEVEL',
      'operator.env[1].name: is a variable upstream\'s Deployment already sets for the operator; a second one would hide it (got "WATCH_NAMESPACE"; allowed a name other than WATCH_NAMESPACE, POD_NAME, OPERATOR_NAME, TIGERA_OPERATOR_INIT_IMAGE_VERSION) — remove it: the operator needs upstream\'s value',
      'operator.env[3].name: is given twice (also operator.env[2]); the later one would hide the earlier (got "A") — keep one of them',
      'operator.env[4]: has both value and valueFrom; Kubernetes takes one of them — keep value or valueFrom',
      'operator.env[5].valueFrom: names no source (allowed one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef) — keep one source',
      'operator.env[6].valueFrom.fieldRef.fieldPath: is not a field a container\'s environment can read (got "status.phase"; allowed metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, metadata.labels[\'<key>\'], metadata.annotations[\'<key>\']) — choose one of the allowed fields',
      'operator.env[7].valueFrom.resourceFieldRef.resource: is not a resource a container\'s environment can read (got "limits.gpu"; allowed limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage, limits.hugepages-<size>, requests.hugepages-<size>) — choose one of the allowed resources',
      'operator.env[8].valueFrom.configMapKeyRef.name: is not a valid ConfigMap name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "Cfg") — name a ConfigMap in namespace tigera-operator',
      'operator.env[8].valueFrom.configMapKeyRef.key: is not a valid key: a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (got "a/b") — name a key of its data',
    ]);
  });

  test('fails when env sets the API server\'s address, which platform.apiServerEndpoint says', () => {
    expect(errorsOf({ env: [{ name: 'KUBERNETES_SERVICE_HOST', value: '10.0.0.1' }] })).toEqual([
      'operator.env[0].name: is the API server\'s address, which the operator reads from ConfigMap kubernetes-services-endpoint and passes on to Calico; set here it would reach the operator only (got "KUBERNETES_SERVICE_HOST") — remove it and set platform.apiServerEndpoint (host:port)',
    ]);
  });

  test('warns when a credential is written as a literal value, recommending a secretKeyRef; a secretKeyRef passes', () => {
    expect(messages(findingsFor({ env: [{ name: 'HTTPS_PROXY_PASSWORD', value: 'hunter2' }] }))).toEqual([
      'operator.env[0].value: is a literal value of HTTPS_PROXY_PASSWORD, which reads as a credential: it would be committed to dist/ and readable by anyone who can read the Deployment — put it in a Secret in namespace tigera-operator and write valueFrom: { secretKeyRef: { name: <secret>, key: <key> } } instead of value',
    ]);
    expect(findingsFor({ env: [{ name: 'HTTPS_PROXY_PASSWORD', valueFrom: { secretKeyRef: { name: 'proxy', key: 'password' } } }] })).toEqual([]);
  });

  test('fails when the section has a key the chart has not, or a wrong type', () => {
    expect(messages(load(clusterDoc({ operator: { replicas: 2 } })).findings)[0]).toMatch(/^operator\.replicas: unknown key/);
    expect(messages(load(clusterDoc({ operator: { env: [{ value: 'x' }] } })).findings)[0]).toMatch(/^operator\.env\[0\]\.name/);
  });

  test('each finding of a rule here names its row of the rules table', () => {
    const findings = findingsFor({ priorityClassName: 'X', podLabels: { name: 'x' }, dnsConfig: { nameservers: ['x'] }, env: [{ name: '1', value: 'x' }, { name: 'TOKEN', value: 'x' }] });
    expect(findings.map((f) => f.rule)).toEqual([
      'deployment.podLabels.selector', 'deployment.priorityClassName.name', 'deployment.dnsConfig.nameservers.ip', 'deployment.env.name', 'deployment.env.literalCredential',
    ]);
    for (const f of findings) expect(Object.keys(OPERATOR_DEPLOYMENT_RULES)).toContain(f.rule);
  });
});
