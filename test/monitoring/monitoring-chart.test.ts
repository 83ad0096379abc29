/**
 * The monitoring chart: what a default cluster gets, what every option changes, the links to the
 * Retina agent, and the construct's own invariants.
 */
import { createHash } from 'crypto';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { expectHardened, expectResources, expectSelectsOwnPods, expectServiceSelects } from './workload-assertions';
import { MonitoringChart } from '../../src/lib/monitoring/monitoring-chart';
import { schemaProblems } from '../schema-validator';
import { findingsOf } from '../../src/lib/common/checks';
import { clusterDoc, config, find, K8sObject, messages, render, testApp } from '../util';

function monitoring(doc: Record<string, any> = {}): K8sObject[] {
  return render(config(clusterDoc(doc)))['monitoring'];
}

const PROMETHEUS_SELECTOR = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };
const GRAFANA_SELECTOR = { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };
const NODE_EXPORTER_SELECTOR = { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };
const SELECTORS: Record<string, Record<string, string>> = { 'prometheus': PROMETHEUS_SELECTOR, 'grafana': GRAFANA_SELECTOR, 'node-exporter': NODE_EXPORTER_SELECTOR };

describe('defaults', () => {
  const objects = monitoring();
  const prometheus = find(objects, 'Deployment', 'prometheus', 'monitoring');
  const prometheusPod = prometheus.spec.template.spec;
  const grafana = find(objects, 'Deployment', 'grafana', 'monitoring');
  const grafanaPod = grafana.spec.template.spec;
  const promConfig = parse(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);

  test('objects: namespace, node-exporter, Prometheus with its rules, Grafana; no NetworkPolicy, no claim, no Secret', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//monitoring',
      'DaemonSet/monitoring/node-exporter',
      'ServiceAccount/monitoring/prometheus',
      'ClusterRole//calico-stack-prometheus',
      'ClusterRoleBinding//calico-stack-prometheus',
      'ConfigMap/monitoring/prometheus-config',
      'ConfigMap/monitoring/prometheus-rules',
      'Deployment/monitoring/prometheus',
      'Service/monitoring/prometheus',
      'ConfigMap/monitoring/grafana-provisioning',
      'ConfigMap/monitoring/grafana-dashboards',
      'Deployment/monitoring/grafana',
      'Service/monitoring/grafana',
    ]);
  });

  test('every object is valid against the Kubernetes schemas', () => {
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('Prometheus RBAC: get/list/watch on pods only, bound to the ServiceAccount the pod runs as', () => {
    expect(find(objects, 'ClusterRole', 'calico-stack-prometheus').rules).toEqual([{ apiGroups: [''], resources: ['pods'], resourceNames: [], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(objects, 'ClusterRoleBinding', 'calico-stack-prometheus');
    expect(binding.subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' }]);
    expect(binding.roleRef).toEqual({ kind: 'ClusterRole', name: 'calico-stack-prometheus', apiGroup: 'rbac.authorization.k8s.io' });
    expect(find(objects, 'ServiceAccount', binding.subjects[0].name, binding.subjects[0].namespace)).toBeDefined();
    expect(prometheusPod.serviceAccountName).toBe('prometheus');
    expect(prometheusPod.automountServiceAccountToken).toBe(true);
  });

  test('every workload is hardened, has resources, and its selector selects its own pods', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
    expect(workloads.map((w) => w.metadata.name)).toEqual(['node-exporter', 'prometheus', 'grafana']);
    const users: Record<string, number> = { 'node-exporter': 65534, 'prometheus': 65534, 'grafana': 472 };
    for (const w of workloads) {
      expectHardened(w, users[w.metadata.name]);
      expectResources(w);
      expectSelectsOwnPods(w, SELECTORS[w.metadata.name]);
    }
  });

  test('every Service selects the pods of exactly one workload', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
    for (const service of objects.filter((o) => o.kind === 'Service')) {
      const selected = workloads.filter((w) => Object.entries(service.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
      expect(selected.map((w) => w.metadata.name)).toEqual([service.metadata.name]);
      expectServiceSelects(service, selected[0]);
    }
  });

  test('Prometheus v3.14.0: args, one replica recreated, probes, resources, data on an emptyDir', () => {
    const c = prometheusPod.containers[0];
    expect(c.image).toBe('docker.io/prom/prometheus:v3.14.0');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.args).toEqual(['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--storage.tsdb.retention.time=15d']);
    expect(prometheus.spec.replicas).toBe(1);
    expect(prometheus.spec.strategy).toEqual({ type: 'Recreate' });
    expect(prometheusPod.securityContext).toEqual(expect.objectContaining({ runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, runAsNonRoot: true }));
    expect(c.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 9090, scheme: 'HTTP' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 9090, scheme: 'HTTP' });
    expect(c.resources).toEqual({ requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2048Mi' } });
    expect(c.ports).toEqual([{ name: 'web', containerPort: 9090, protocol: 'TCP' }]);
    expect(prometheusPod.volumes).toEqual([
      { name: 'config', configMap: { name: 'prometheus-config' } }, { name: 'rules', configMap: { name: 'prometheus-rules' } }, { name: 'data', emptyDir: {} },
    ]);
  });

  test('a config or rules change rolls the pod: checksum/config is the sha256 of prometheus.yml and the rule file', () => {
    const text = find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml'];
    const rules = find(objects, 'ConfigMap', 'prometheus-rules').data['calico-stack.rules.yml'];
    expect(prometheus.spec.template.metadata.annotations).toEqual({ 'checksum/config': createHash('sha256').update(text).update(rules).digest('hex') });
  });

  test('Services: NodePort 30090 and 30300, externalTrafficPolicy Cluster, selecting the pods', () => {
    const p = find(objects, 'Service', 'prometheus', 'monitoring');
    expect(p.spec).toEqual({
      type: 'NodePort', externalTrafficPolicy: 'Cluster', selector: PROMETHEUS_SELECTOR,
      ports: [{ name: 'web', port: 9090, targetPort: 9090, nodePort: 30090, protocol: 'TCP' }],
    });
    const g = find(objects, 'Service', 'grafana', 'monitoring');
    expect(g.spec).toEqual({
      type: 'NodePort', externalTrafficPolicy: 'Cluster', selector: GRAFANA_SELECTOR,
      ports: [{ name: 'http', port: 3000, targetPort: 3000, nodePort: 30300, protocol: 'TCP' }],
    });
  });

  test('scrape jobs: retina, node-exporter, prometheus; every 30s', () => {
    expect(promConfig.global).toEqual({ scrape_interval: '30s', scrape_timeout: '10s', evaluation_interval: '30s' });
    expect(promConfig.scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['retina', 'node-exporter', 'prometheus']);
  });

  test('node-exporter v1.12.1: host network and PID, every Linux node (control plane too), read-only host mounts, no token', () => {
    const ds = find(objects, 'DaemonSet', 'node-exporter', 'monitoring');
    const pod = ds.spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toBe('quay.io/prometheus/node-exporter:v1.12.1');
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.tolerations).toEqual([{ key: '', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }]);
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    expect(c.args.slice(0, 4)).toEqual(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root', '--web.listen-address=:9100']);
    expect(pod.volumes.map((v: { hostPath: { path: string } }) => v.hostPath.path)).toEqual(['/proc', '/sys', '/']);
    expect(c.volumeMounts.every((m: { readOnly: boolean }) => m.readOnly)).toBe(true);
  });

  test('Grafana 13.2.0: admin login from Secret grafana-admin, probes, provisioning mounted', () => {
    const c = grafanaPod.containers[0];
    expect(c.image).toBe('docker.io/grafana/grafana:13.2.0');
    expect(c.env.slice(0, 2)).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-user', optional: false } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'admin-password', optional: false } } },
    ]);
    expect(c.env).toContainEqual({ name: 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH', value: '/etc/grafana/dashboards/retina-nodes.json' });
    expect(grafanaPod.automountServiceAccountToken).toBe(false);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 3000, scheme: 'HTTP' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/api/health', port: 3000, scheme: 'HTTP' });
    expect(c.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual([
      '/etc/grafana/provisioning/datasources', '/etc/grafana/provisioning/dashboards', '/etc/grafana/dashboards', '/var/lib/grafana', '/tmp',
    ]);
  });

  test('Grafana: read-only root filesystem, writing only to emptyDirs (its data path and /tmp)', () => {
    const c = grafanaPod.containers[0];
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    const emptyDirs = grafanaPod.volumes.filter((v: { emptyDir?: object }) => v.emptyDir).map((v: { name: string }) => v.name);
    const writable = c.volumeMounts.filter((m: { readOnly?: boolean }) => !m.readOnly);
    expect(writable.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/var/lib/grafana', '/tmp']);
    expect(writable.map((m: { name: string }) => m.name)).toEqual(emptyDirs);
  });

  test('Grafana datasource: the Prometheus Service, fixed uid, default; dashboards from /etc/grafana/dashboards', () => {
    const cm = find(objects, 'ConfigMap', 'grafana-provisioning');
    expect(parse(cm.data['datasources.yaml'])).toEqual({
      apiVersion: 1,
      datasources: [{
        name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: 'http://prometheus.monitoring.svc:9090',
        isDefault: true, editable: false, jsonData: { timeInterval: '30s', httpMethod: 'POST' },
      }],
    });
    expect(parse(cm.data['dashboards.yaml']).providers[0]).toEqual(expect.objectContaining({ type: 'file', options: { path: '/etc/grafana/dashboards' } }));
    expect(Object.keys(find(objects, 'ConfigMap', 'grafana-dashboards').data)).toEqual(['retina-nodes.json']);
  });

  test('ConfigMaps stay far below the 1 MiB limit', () => {
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) expect(JSON.stringify(cm.data).length).toBeLessThan(256 * 1024);
  });

  test('two renders are identical (no timestamps, no random values)', () => {
    expect(monitoring()).toEqual(objects);
  });

  test('change detector', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('the Retina job selects the agent through the RetinaAgent construct', () => {
  const charts = config(clusterDoc({ name: 'lab' }));
  const agent = charts.retina!.agent;
  const job = charts.monitoring!.prometheus!.config.scrape_configs[0];

  test('pod discovery in the agent\'s namespace; keep its selector labels, container and port; address, instance, cluster', () => {
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['kube-system'] } }]);
    expect(job.relabel_configs).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'retina', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_instance'], regex: 'retina', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_label_app_kubernetes_io_component'], regex: 'workload', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], regex: 'retina', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: 'retina', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_ip'], regex: '(.*:.*)', target_label: '__address__', replacement: '[$1]:10093', action: 'replace' },
      { source_labels: ['__meta_kubernetes_pod_ip'], regex: '([^:]+)', target_label: '__address__', replacement: '$1:10093', action: 'replace' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], regex: '(.+)', target_label: 'instance', replacement: '$1', action: 'replace' },
      { target_label: 'cluster', replacement: 'lab', action: 'replace' },
    ]);
  });

  test('the values are the agent\'s: selector labels, container name, port name and port', () => {
    const keeps = job.relabel_configs.filter((r) => r.action === 'keep');
    expect(keeps.slice(0, 3).map((r) => r.regex)).toEqual(Object.values(agent.selectorLabels));
    expect(keeps[3].regex).toBe(agent.containerName);
    expect(keeps[4].regex).toBe(agent.metricsPortName);
    expect(job.relabel_configs[6].replacement).toBe(`$1:${agent.metricsPort}`);
  });

  test('no generic prometheus.io/scrape job: Retina is scraped once', () => {
    const text = charts.monitoring!.prometheus!.configYaml;
    expect(text).not.toMatch(/prometheus_io_scrape/);
    expect(charts.monitoring!.prometheus!.config.scrape_configs.filter((j) => j.kubernetes_sd_configs?.[0].namespaces.names.includes('kube-system'))).toHaveLength(1);
  });

  test('node-exporter is selected through its construct too', () => {
    const nodeExporter = charts.monitoring!.nodeExporter!;
    const nodeJob = charts.monitoring!.prometheus!.config.scrape_configs[1];
    expect(nodeJob.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['monitoring'] } }]);
    expect(nodeJob.relabel_configs.filter((r) => r.action === 'keep').map((r) => r.regex)).toEqual([
      ...Object.values(nodeExporter.selectorLabels), 'node-exporter', 'metrics',
    ]);
    expect(nodeJob.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_node_name'], regex: '(.+)', target_label: 'instance', replacement: '$1', action: 'replace' });
  });
});

describe('options', () => {
  test('storage: a ReadWriteOnce claim of the size and class, mounted as the data volume', () => {
    const objects = monitoring({ monitoring: { prometheus: { storage: { size: '50Gi', storageClass: 'gp3' } } } });
    expect(find(objects, 'PersistentVolumeClaim', 'prometheus-data', 'monitoring').spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } },
    });
    expect(find(objects, 'Deployment', 'prometheus').spec.template.spec.volumes[2]).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'prometheus-data', readOnly: false } });
  });

  test('storage: {} gets 10Gi on the cluster\'s default StorageClass', () => {
    const objects = monitoring({ monitoring: { prometheus: { storage: {} } } });
    expect(find(objects, 'PersistentVolumeClaim', 'prometheus-data').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
  });

  test('retention, node ports, namespace and admin Secret name', () => {
    const objects = monitoring({ monitoring: { namespace: 'observability', prometheus: { retention: '2w', nodePort: 31090 }, grafana: { nodePort: 31300, adminSecret: 'my-grafana' } } });
    expect(objects.filter((o) => o.metadata.namespace !== undefined).every((o) => o.metadata.namespace === 'observability')).toBe(true);
    expect(find(objects, 'Deployment', 'prometheus').spec.template.spec.containers[0].args[2]).toBe('--storage.tsdb.retention.time=14d');
    expect(find(objects, 'Service', 'prometheus').spec.ports[0].nodePort).toBe(31090);
    expect(find(objects, 'Service', 'grafana').spec.ports[0].nodePort).toBe(31300);
    const env = find(objects, 'Deployment', 'grafana').spec.template.spec.containers[0].env;
    expect(env[1].valueFrom.secretKeyRef.name).toBe('my-grafana');
    expect(parse(find(objects, 'ConfigMap', 'grafana-provisioning').data['datasources.yaml']).datasources[0].url).toBe('http://prometheus.observability.svc:9090');
    expect(find(objects, 'ClusterRoleBinding', 'calico-stack-prometheus').subjects[0].namespace).toBe('observability');
  });

  test('allowedSourceCidrs: NetworkPolicies admit those and the pod CIDRs on the UI port; Services keep client addresses', () => {
    const objects = monitoring({ platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' }, monitoring: { allowedSourceCidrs: ['203.0.113.0/24', '198.51.100.7/32'] } });
    const from = ['203.0.113.0/24', '198.51.100.7/32', '10.244.0.0/16', 'fd00:10:244::/56'].map((cidr) => ({ ipBlock: { cidr } }));
    expect(find(objects, 'NetworkPolicy', 'prometheus-ingress', 'monitoring').spec).toEqual({
      podSelector: { matchLabels: PROMETHEUS_SELECTOR }, policyTypes: ['Ingress'], ingress: [{ from, ports: [{ port: 9090, protocol: 'TCP' }] }],
    });
    expect(find(objects, 'NetworkPolicy', 'grafana-ingress', 'monitoring').spec).toEqual({
      podSelector: { matchLabels: GRAFANA_SELECTOR }, policyTypes: ['Ingress'], ingress: [{ from, ports: [{ port: 3000, protocol: 'TCP' }] }],
    });
    expect(find(objects, 'Service', 'prometheus').spec.externalTrafficPolicy).toBe('Local');
    expect(find(objects, 'Service', 'grafana').spec.externalTrafficPolicy).toBe('Local');
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('calico.metrics: Installation serves Felix on 9091 and Typha on 9093; jobs select calico-node and calico-typha; Calico dashboard', () => {
    const rendered = render(config(clusterDoc({ calico: { metrics: true } })));
    const installation = find(rendered['calico'], 'Installation', 'default');
    expect(installation.spec.nodeMetricsPort).toBe(9091);
    expect(installation.spec.typhaMetricsPort).toBe(9093);
    const jobs = parse(find(rendered['monitoring'], 'ConfigMap', 'prometheus-config').data['prometheus.yml']).scrape_configs;
    const felix = jobs.find((j: { job_name: string }) => j.job_name === 'calico-felix');
    const typha = jobs.find((j: { job_name: string }) => j.job_name === 'calico-typha');
    expect(felix.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['calico-system'] } }]);
    expect(felix.relabel_configs.slice(0, 2)).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_k8s_app'], regex: 'calico-node', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], regex: 'calico-node', action: 'keep' },
    ]);
    expect(felix.relabel_configs[3].replacement).toBe('$1:9091');
    expect(typha.relabel_configs.slice(0, 2)).toEqual([
      { source_labels: ['__meta_kubernetes_pod_label_k8s_app'], regex: 'calico-typha', action: 'keep' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], regex: 'calico-typha', action: 'keep' },
    ]);
    expect(typha.relabel_configs[3].replacement).toBe('$1:9093');
    expect(Object.keys(find(rendered['monitoring'], 'ConfigMap', 'grafana-dashboards').data)).toEqual(['calico.json', 'retina-nodes.json']);
  });

  test('calico.metrics off: no metrics ports on the Installation', () => {
    const installation = find(render(config(clusterDoc()))['calico'], 'Installation', 'default');
    expect(installation.spec.nodeMetricsPort).toBeUndefined();
    expect(installation.spec.typhaMetricsPort).toBeUndefined();
  });

  test('nodeExporter: false renders no DaemonSet and no job', () => {
    const objects = monitoring({ monitoring: { nodeExporter: false } });
    expect(objects.filter((o) => o.kind === 'DaemonSet')).toEqual([]);
    expect(parse(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['retina', 'prometheus']);
  });

  test('retina.enabled: false: no Retina job and no Retina dashboard (nothing would fill them)', () => {
    const objects = monitoring({ retina: { enabled: false } });
    expect(parse(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['node-exporter', 'prometheus']);
    expect(find(objects, 'ConfigMap', 'grafana-dashboards').data ?? {}).toEqual({});
    expect(find(objects, 'Deployment', 'grafana').spec.template.spec.containers[0].env.map((e: { name: string }) => e.name)).not.toContain('GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH');
  });

  test('Retina without dns: the dashboard has no DNS row', () => {
    const objects = monitoring({ retina: { plugins: ['dropreason', 'packetforward', 'linuxutil'] } });
    const dashboard = JSON.parse(find(objects, 'ConfigMap', 'grafana-dashboards').data['retina-nodes.json']);
    expect(dashboard.panels.filter((p: { type: string }) => p.type === 'row').map((p: { title: string }) => p.title)).toEqual([
      'Agent health', 'Drops (dropreason)', 'Forwarding (packetforward)', 'Connections and interfaces (linuxutil)',
    ]);
  });
});

describe('checks of its props', () => {
  const findings = (props: Partial<ConstructorParameters<typeof MonitoringChart>[2]>) => messages(findingsOf(new MonitoringChart(testApp(), 'monitoring', { clusterName: 'c', ...props })));

  test('fails when sources are restricted without the pod CIDRs', () => {
    expect(findings({ allowedSourceCidrs: ['203.0.113.0/24'] })).toEqual([
      'allowedSourceCidrs: needs the cluster\'s pod CIDRs too (podCidrs; CalicoStack passes platform.podSubnet), or the NetworkPolicies would also shut out in-cluster clients — give the pod CIDRs, or leave allowedSourceCidrs empty',
    ]);
  });

  test('fails when Prometheus and Grafana get the same node port, and at synth', () => {
    expect(findings({ prometheus: { nodePort: 30300 } })).toEqual([
      'grafana.nodePort: is also prometheus.nodePort; two Services cannot share a NodePort (got 30300) — choose another port',
    ]);
    const app = testApp();
    new MonitoringChart(app, 'monitoring', { clusterName: 'c', prometheus: { nodePort: 30300 } });
    expect(() => app.synth()).toThrow('grafana.nodePort: is also prometheus.nodePort; two Services cannot share a NodePort');
  });

  test('all props', () => {
    const c = new MonitoringChart(testApp(), 'monitoring', {
      clusterName: 'c', namespace: 'mon', calicoMetrics: true, prometheus: { nodePort: 30001, retention: '7d', storage: { size: '1Gi', storageClass: 'fast' } },
      grafana: { nodePort: 30002, adminSecret: 'g' }, nodeExporter: false,
      allowedSourceCidrs: ['192.0.2.0/24'], podCidrs: ['10.0.0.0/16'],
    });
    const objects = Testing.synth(c) as K8sObject[];
    expect(objects.map((o) => o.kind)).toContain('PersistentVolumeClaim');
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(2);
    expect(c.prometheus!.config.scrape_configs.map((j) => j.job_name)).toEqual(['calico-felix', 'calico-typha', 'prometheus']);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });
});
