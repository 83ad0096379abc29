/**
 * The Prometheus construct on its own: what the defaults render, what every prop changes, and the
 * links between its objects (Service → pods, binding → ServiceAccount → pod, ConfigMap → volume →
 * checksum).
 */
import { createHash } from 'crypto';
import { Duration, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { expectHardened, expectResources, expectSelectsOwnPods, expectServiceSelects, podSpec } from './workload-assertions';
import { Quantity } from '../../src/lib/k8s';
import { NodeExporter } from '../../src/lib/monitoring/node-exporter';
import { Prometheus, PrometheusProps } from '../../src/lib/monitoring/prometheus';
import { ScrapeJob } from '../../src/lib/monitoring/scrape-config';
import { schemaProblems } from '../schema-validator';
import { find, K8sObject } from '../util';

const SELECTOR = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };

function synth(props: Partial<PrometheusProps> = {}): { prometheus: Prometheus; objects: K8sObject[] } {
  const chart = Testing.chart();
  const prometheus = new Prometheus(chart, 'Prometheus', { clusterName: 'lab', ...props });
  return { prometheus, objects: Testing.synth(chart) as K8sObject[] };
}

describe('defaults', () => {
  const { prometheus, objects } = synth();
  const deployment = find(objects, 'Deployment', 'prometheus', 'monitoring');
  const pod = podSpec(deployment);
  const container = pod.containers[0];

  test('objects: ServiceAccount, ClusterRole and binding, ConfigMap, Deployment, Service; no claim, no NetworkPolicy', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/monitoring/prometheus',
      'ClusterRole//calico-stack-prometheus',
      'ClusterRoleBinding//calico-stack-prometheus',
      'ConfigMap/monitoring/prometheus-config',
      'Deployment/monitoring/prometheus',
      'Service/monitoring/prometheus',
    ]);
  });

  test('resolved values', () => {
    expect(prometheus.namespace).toBe('monitoring');
    expect(prometheus.nodePort).toBe(30090);
    expect(prometheus.retention.toDays()).toBe(15);
    expect(prometheus.scrapeInterval.toSeconds()).toBe(30);
    expect(prometheus.port).toBe(9090);
    expect(prometheus.url).toBe('http://prometheus.monitoring.svc:9090');
    expect(prometheus.selectorLabels).toEqual(SELECTOR);
    expect(prometheus.claim).toBeUndefined();
    expect(prometheus.exposure.networkPolicy).toBeUndefined();
  });

  test('every object is valid against the Kubernetes schemas', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('one replica, recreated (one TSDB, one writer)', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('the selector is the component labels, and selects the Deployment\'s own pods', () => {
    expectSelectsOwnPods(deployment, SELECTOR);
  });

  test('the Service selects the pods, NodePort 30090 to the web port, externalTrafficPolicy Cluster', () => {
    const service = find(objects, 'Service', 'prometheus', 'monitoring');
    expectServiceSelects(service, deployment);
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.externalTrafficPolicy).toBe('Cluster');
    expect(service.spec.ports).toEqual([{ name: 'web', port: 9090, targetPort: 9090, nodePort: 30090, protocol: 'TCP' }]);
    expect(container.ports).toEqual([{ name: 'web', containerPort: 9090, protocol: 'TCP' }]);
  });

  test('hardened: nobody (65534), no escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
    expectHardened(deployment, 65534);
  });

  test('resources: requests 200m / 512Mi, memory limit 2 GiB', () => {
    expectResources(deployment);
    expect(container.resources).toEqual({ requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2048Mi' } });
  });

  test('RBAC: get/list/watch on pods only, bound to the ServiceAccount the pod runs as, with its token', () => {
    const role = find(objects, 'ClusterRole', 'calico-stack-prometheus');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(objects, 'ClusterRoleBinding', 'calico-stack-prometheus');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    const account = find(objects, 'ServiceAccount', 'prometheus', 'monitoring');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    // The ServiceAccount mounts no token by default; only the Prometheus pod asks for one.
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('prometheus.yml from the ConfigMap, mounted read-only; data on an emptyDir; args point at both', () => {
    expect(pod.volumes).toEqual([{ name: 'config', configMap: { name: 'prometheus-config' } }, { name: 'data', emptyDir: {} }]);
    expect(container.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/prometheus', readOnly: true }, { name: 'data', mountPath: '/prometheus' }]);
    expect(container.args).toEqual(['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--storage.tsdb.retention.time=15d']);
    expect(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).toBe(prometheus.configYaml);
  });

  test('a config change rolls the pod: checksum/config is the sha256 of prometheus.yml', () => {
    const text = find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'checksum/config': createHash('sha256').update(text).digest('hex') });
    const other = synth({ scrapeInterval: Duration.seconds(15) });
    expect(podSpec(find(other.objects, 'Deployment', 'prometheus'))).toEqual(pod);
    expect(find(other.objects, 'Deployment', 'prometheus').spec.template.metadata.annotations['checksum/config'])
      .not.toBe(deployment.spec.template.metadata.annotations['checksum/config']);
  });

  test('probes on the web port: ready and healthy', () => {
    expect(container.readinessProbe).toEqual(expect.objectContaining({ httpGet: { path: '/-/ready', port: 9090, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10 }));
    expect(container.livenessProbe).toEqual(expect.objectContaining({ httpGet: { path: '/-/healthy', port: 9090, scheme: 'HTTP' }, initialDelaySeconds: 30, periodSeconds: 15 }));
  });

  test('only the Prometheus job, every 30s', () => {
    expect(parse(prometheus.configYaml).scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['prometheus']);
  });

  test('change detector', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('all props', () => {
  const chart = Testing.chart();
  const nodeExporter = new NodeExporter(chart, 'NodeExporter', { namespace: 'obs' });
  const props: Required<PrometheusProps> = {
    clusterName: 'lab',
    namespace: 'obs',
    podTargets: [{ job: ScrapeJob.NODE_EXPORTER, source: nodeExporter }],
    nodePort: 31090,
    retention: Duration.days(7),
    storageSize: Quantity.fromString('50Gi'),
    storageClass: 'gp3',
    scrapeInterval: Duration.seconds(15),
    allowedSourceCidrs: ['203.0.113.0/24'],
    clusterCidrs: ['10.244.0.0/16'],
    ruleGroups: [{ name: 'lab', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] }],
  };
  const prometheus = new Prometheus(chart, 'Prometheus', props);
  const objects = (Testing.synth(chart) as K8sObject[]).filter((o) => o.kind !== 'DaemonSet');
  const deployment = find(objects, 'Deployment', 'prometheus', 'obs');

  test('resolved values', () => {
    expect(prometheus.namespace).toBe('obs');
    expect(prometheus.nodePort).toBe(31090);
    expect(prometheus.retention.toDays()).toBe(7);
    expect(prometheus.scrapeInterval.toSeconds()).toBe(15);
    expect(prometheus.url).toBe('http://prometheus.obs.svc:9090');
  });

  test('every object is valid against the Kubernetes schemas, and every namespaced one is in the namespace', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    expect(objects.filter((o) => !o.kind.startsWith('Cluster')).map((o) => o.metadata.namespace)).toEqual(objects.filter((o) => !o.kind.startsWith('Cluster')).map(() => 'obs'));
  });

  test('storage: a ReadWriteOnce claim of the size and class, mounted as the data volume', () => {
    expect(find(objects, 'PersistentVolumeClaim', 'prometheus-data', 'obs').spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } },
    });
    expect(podSpec(deployment).volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'prometheus-data', readOnly: false } });
  });

  test('retention and scrape interval', () => {
    expect(podSpec(deployment).containers[0].args[2]).toBe('--storage.tsdb.retention.time=7d');
    expect(parse(prometheus.configYaml).global.scrape_interval).toBe('15s');
    expect(parse(prometheus.configYaml).scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['node-exporter', 'prometheus']);
  });

  test('restricted sources: a NetworkPolicy on the pods, and the Service keeps client addresses', () => {
    const policy = find(objects, 'NetworkPolicy', 'prometheus-ingress', 'obs');
    expect(policy.spec.podSelector).toEqual(deployment.spec.selector);
    expect(policy.spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '10.244.0.0/16' } }], ports: [{ port: 9090, protocol: 'TCP' }] }]);
    const service = find(objects, 'Service', 'prometheus', 'obs');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports[0].nodePort).toBe(31090);
  });

  test('rules: ConfigMap prometheus-rules holds the groups, mounted read-only where rule_files looks, and rolls the pod', () => {
    const rules = find(objects, 'ConfigMap', 'prometheus-rules', 'obs');
    expect(parse(rules.data['calico-stack.rules.yml'])).toEqual({ groups: props.ruleGroups });
    expect(prometheus.rulesYaml).toBe(rules.data['calico-stack.rules.yml']);
    expect(parse(prometheus.configYaml).rule_files).toEqual(['/etc/prometheus-rules/*.yml']);
    const pod = podSpec(deployment);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'rules', mountPath: '/etc/prometheus-rules', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'rules', configMap: { name: 'prometheus-rules' } });
    const config = find(objects, 'ConfigMap', 'prometheus-config', 'obs').data['prometheus.yml'];
    expect(deployment.spec.template.metadata.annotations['checksum/config'])
      .toBe(createHash('sha256').update(config).update(rules.data['calico-stack.rules.yml']).digest('hex'));
  });

  test('the binding names the ServiceAccount in its namespace', () => {
    expect(find(objects, 'ClusterRoleBinding', 'calico-stack-prometheus').subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'prometheus', namespace: 'obs' }]);
  });

  test('change detector', () => {
    expect(objects).toMatchSnapshot();
  });
});

test('fails when a storage class is given without a size', () => {
  expect(() => synth({ storageClass: 'gp3' })).toThrow('prometheus: storageClass "gp3" needs a storageSize (without one the data is on an emptyDir)');
});
