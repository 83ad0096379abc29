/**
 * The Grafana construct on its own: what the defaults render, what every prop changes, the
 * read-only root filesystem with its writable volumes, and the links to Prometheus and the admin
 * Secret.
 */
import { createHash } from 'crypto';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { expectHardened, expectResources, expectSelectsOwnPods, expectServiceSelects, podSpec } from './workload-assertions';
import { calicoDashboard } from '../../src/lib/monitoring/dashboards/calico';
import { Grafana, GrafanaProps } from '../../src/lib/monitoring/grafana';
import { Prometheus } from '../../src/lib/monitoring/prometheus';
import { schemaProblems } from '../schema-validator';
import { find, K8sObject } from '../util';

const SELECTOR = { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };

type Env = Array<{ name: string; value?: string; valueFrom?: any }>;

function synth(props: Partial<Omit<GrafanaProps, 'prometheus'>> = {}): { grafana: Grafana; objects: K8sObject[] } {
  const chart = Testing.chart();
  const prometheus = new Prometheus(chart, 'Prometheus', { clusterName: 'lab', namespace: props.namespace });
  const grafana = new Grafana(chart, 'Grafana', { prometheus, ...props });
  const objects = (Testing.synth(chart) as K8sObject[]).filter((o) => o.metadata.name.startsWith('grafana'));
  return { grafana, objects };
}

describe('defaults', () => {
  const { grafana, objects } = synth();
  const deployment = find(objects, 'Deployment', 'grafana', 'monitoring');
  const pod = podSpec(deployment);
  const container = pod.containers[0];
  const env = container.env as Env;

  test('objects: two ConfigMaps, Deployment, Service; no Secret, no NetworkPolicy', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap/monitoring/grafana-provisioning',
      'ConfigMap/monitoring/grafana-dashboards',
      'Deployment/monitoring/grafana',
      'Service/monitoring/grafana',
    ]);
  });

  test('resolved values', () => {
    expect(grafana.namespace).toBe('monitoring');
    expect(grafana.nodePort).toBe(30300);
    expect(grafana.adminSecret).toBe('grafana-admin');
    expect(grafana.selectorLabels).toEqual(SELECTOR);
    expect(grafana.dashboardFiles).toEqual({});
    expect(grafana.exposure.networkPolicy).toBeUndefined();
  });

  test('every object is valid against the Kubernetes schemas', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('one replica; the selector selects the Deployment\'s own pods; the Service selects them on NodePort 30300', () => {
    expect(deployment.spec.replicas).toBe(1);
    expectSelectsOwnPods(deployment, SELECTOR);
    const service = find(objects, 'Service', 'grafana', 'monitoring');
    expectServiceSelects(service, deployment);
    expect(service.spec).toEqual(expect.objectContaining({ type: 'NodePort', externalTrafficPolicy: 'Cluster' }));
    expect(service.spec.ports).toEqual([{ name: 'http', port: 3000, targetPort: 3000, nodePort: 30300, protocol: 'TCP' }]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  });

  test('hardened: the image\'s grafana user (472), no escalation, no capabilities, RuntimeDefault seccomp, no token', () => {
    expectHardened(deployment, 472);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
  });

  test('read-only root filesystem: Grafana writes only to emptyDirs, on its data path and /tmp', () => {
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const volumes = new Map<string, Record<string, unknown>>(pod.volumes.map((v: { name: string }) => [v.name, v]));
    const writable = (container.volumeMounts as Array<{ name: string; mountPath: string; readOnly?: boolean }>).filter((m) => !m.readOnly);
    expect(writable.map((m) => [m.mountPath, volumes.get(m.name)])).toEqual([
      ['/var/lib/grafana', { name: 'data', emptyDir: {} }],
      ['/tmp', { name: 'tmp', emptyDir: {} }],
    ]);
    // Plugins live inside the data path (the image's GF_PATHS_PLUGINS), and logs go to the console only.
    expect(env.find((e) => e.name === 'GF_PATHS_PLUGINS')).toBeUndefined();
    expect(env.find((e) => e.name === 'GF_PATHS_DATA')).toBeUndefined();
    expect(env).toContainEqual({ name: 'GF_LOG_MODE', value: 'console' });
  });

  test('provisioning mounted read-only from the ConfigMaps', () => {
    expect(container.volumeMounts.filter((m: { readOnly?: boolean }) => m.readOnly)).toEqual([
      { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
      { name: 'dashboard-providers', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
      { name: 'dashboards', mountPath: '/etc/grafana/dashboards', readOnly: true },
    ]);
    expect(pod.volumes.slice(0, 3)).toEqual([
      { name: 'datasources', configMap: { name: 'grafana-provisioning', items: [{ key: 'datasources.yaml', path: 'datasources.yaml' }] } },
      { name: 'dashboard-providers', configMap: { name: 'grafana-provisioning', items: [{ key: 'dashboards.yaml', path: 'dashboards.yaml' }] } },
      { name: 'dashboards', configMap: { name: 'grafana-dashboards' } },
    ]);
    expect(env).toContainEqual({ name: 'GF_PATHS_PROVISIONING', value: '/etc/grafana/provisioning' });
  });

  test('admin login from the Secret grafana-admin (never rendered), anonymous access and phoning home off', () => {
    expect(env.slice(0, 2)).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user', optional: false } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password', optional: false } } },
    ]);
    expect(env).toEqual(expect.arrayContaining([
      { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
      { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
    ]));
    expect(env.map((e) => e.name)).not.toContain('GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH');
  });

  test('the datasource is the Prometheus Service, and a change of it rolls the pod', () => {
    const cm = find(objects, 'ConfigMap', 'grafana-provisioning');
    expect(parse(cm.data['datasources.yaml']).datasources[0]).toEqual(expect.objectContaining({ url: 'http://prometheus.monitoring.svc:9090', uid: 'prometheus' }));
    const hash = createHash('sha256').update(cm.data['datasources.yaml']).update(cm.data['dashboards.yaml']).digest('hex');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'checksum/provisioning': hash });
  });

  test('resources: requests 100m / 128Mi, memory limit 512Mi; probes on the http port', () => {
    expectResources(deployment);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 3000, scheme: 'HTTP' });
    expect(container.livenessProbe).toEqual(expect.objectContaining({ initialDelaySeconds: 60, failureThreshold: 10 }));
  });

  test('change detector', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('all props', () => {
  const props: Required<Omit<GrafanaProps, 'prometheus'>> = {
    namespace: 'obs',
    dashboards: { calico: calicoDashboard() },
    nodePort: 31300,
    adminSecret: 'my-grafana',
    allowedSourceCidrs: ['203.0.113.0/24'],
    clusterCidrs: ['10.244.0.0/16'],
  };
  const { grafana, objects } = synth(props);
  const deployment = find(objects, 'Deployment', 'grafana', 'obs');
  const env = podSpec(deployment).containers[0].env as Env;

  test('resolved values', () => {
    expect(grafana.namespace).toBe('obs');
    expect(grafana.nodePort).toBe(31300);
    expect(grafana.adminSecret).toBe('my-grafana');
    expect(Object.keys(grafana.dashboardFiles)).toEqual(['calico.json']);
  });

  test('every object is valid against the Kubernetes schemas, in the namespace', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['obs']));
  });

  test('dashboards in their ConfigMap; the first one is the home dashboard', () => {
    expect(find(objects, 'ConfigMap', 'grafana-dashboards').data).toEqual(grafana.dashboardFiles);
    expect(env).toContainEqual({ name: 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH', value: '/etc/grafana/dashboards/calico.json' });
  });

  test('the admin Secret by its name; the datasource in the namespace', () => {
    expect(env.slice(0, 2).map((e) => e.valueFrom.secretKeyRef.name)).toEqual(['my-grafana', 'my-grafana']);
    expect(parse(find(objects, 'ConfigMap', 'grafana-provisioning').data['datasources.yaml']).datasources[0].url).toBe('http://prometheus.obs.svc:9090');
  });

  test('restricted sources: a NetworkPolicy on the pods, the Service keeps client addresses', () => {
    expect(find(objects, 'NetworkPolicy', 'grafana-ingress', 'obs').spec.podSelector).toEqual(deployment.spec.selector);
    const service = find(objects, 'Service', 'grafana', 'obs');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports[0].nodePort).toBe(31300);
  });

  test('change detector', () => {
    expect(objects.map((o) => (o.metadata.name === 'grafana-dashboards' ? { ...o, data: Object.keys(o.data) } : o))).toMatchSnapshot();
  });
});
