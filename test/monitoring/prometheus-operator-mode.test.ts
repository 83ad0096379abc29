/**
 * `monitoring.mode: prometheus-operator`: for a cluster that runs kube-prometheus-stack, PodMonitors
 * that scrape exactly what the standalone jobs scrape, the standalone rules as a PrometheusRule,
 * the standalone dashboards as sidecar ConfigMaps, labelled for what `helm install prometheus ...`
 * selects; the GitOps stages and `npm run plan` know its CRDs come from kube-prometheus-stack.
 */
import { parse } from 'yaml';
import { MonitoringChart } from '../../src/lib/monitoring/monitoring-chart';
import { Stage, STAGES } from '../../src/lib/gitops/stages';
import { findingsOf } from '../../src/lib/common/checks';
import { renderStack } from '../../src/lib/render/render';
import { monitoringRequirements } from '../../src/app/plan/network-requirements';
import { prerequisites } from '../../src/app/plan/prerequisites';
import { allSchemaProblems, schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, K8sObject, load, messages, parseObjects, render, testApp } from '../util';

const OPERATOR = { mode: 'prometheus-operator' };
const ARGOCD = { argocd: { enabled: true, repoURL: 'https://git.example.com/c.git' } };

function rendered(doc: Record<string, any>): K8sObject[] {
  return render(config(clusterDoc(doc)))['monitoring'];
}

function findingsOfDoc(monitoring: Record<string, unknown>): string[] {
  return messages(load(clusterDoc({ monitoring })).findings);
}

describe('defaults: what `helm install prometheus prometheus-community/kube-prometheus-stack -n monitoring` selects', () => {
  const stack = config(clusterDoc({ monitoring: OPERATOR }));
  const objects = render(stack)['monitoring'];

  test('objects: a PodMonitor for Retina, the PrometheusRule, the dashboard ConfigMap; no namespace, Prometheus, Grafana or node-exporter', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'PodMonitor/monitoring/calico-stack-retina',
      'PrometheusRule/monitoring/calico-stack',
      'ConfigMap/monitoring/calico-stack-dashboard-retina-nodes',
    ]);
    const m = stack.monitoring!;
    expect([m.mode, m.prometheus, m.grafana, m.nodeExporter, m.nodePorts()]).toEqual(['prometheus-operator', undefined, undefined, undefined, []]);
  });

  test('every object is valid against the prometheus-operator CRD schemas (and the Kubernetes ones)', () => {
    expect(allSchemaProblems(objects)).toEqual([]);
  });

  test('the PodMonitor and the PrometheusRule carry release: prometheus; the dashboards grafana_dashboard: "1"', () => {
    expect(find(objects, 'PodMonitor', 'calico-stack-retina').metadata.labels).toMatchObject({ release: 'prometheus' });
    expect(find(objects, 'PrometheusRule', 'calico-stack').metadata.labels).toMatchObject({ release: 'prometheus' });
    expect(find(objects, 'ConfigMap', 'calico-stack-dashboard-retina-nodes').metadata.labels).toMatchObject({ grafana_dashboard: '1' });
  });

  test('resolved values', () => {
    expect(stack.monitoring!.prometheusOperator).toEqual({
      namespace: 'monitoring', matchLabels: { release: 'prometheus' }, dashboardLabel: 'grafana_dashboard', dashboardLabelValue: '1',
      dashboardNamespace: 'monitoring', fluxDependsOn: [],
    });
    expect(stack.monitoring!.monitoringNamespace).toBe('monitoring');
    expect(stack.externalRequirements).toEqual([{
      stage: 'monitoring', apiVersion: 'monitoring.coreos.com/v1', kinds: ['PodMonitor', 'PrometheusRule'], installedBy: 'kube-prometheus-stack', fluxDependsOn: [],
    }]);
  });

  test('the standalone mode needs nothing from outside the folder', () => {
    expect(config(clusterDoc()).externalRequirements).toEqual([]);
  });
});

describe('the same targets, rules and dashboards as standalone mode', () => {
  const doc = { calico: { metrics: true } };
  const standalone = render(config(clusterDoc({ ...doc, monitoring: { nodeExporter: true } })))['monitoring'];
  const operator = render(config(clusterDoc({ ...doc, monitoring: { ...OPERATOR, nodeExporter: true } })))['monitoring'];
  const jobs = parse(find(standalone, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).scrape_configs;

  test('one PodMonitor per standalone pod job', () => {
    expect(operator.filter((o) => o.kind === 'PodMonitor').map((o) => o.metadata.name)).toEqual([
      'calico-stack-retina', 'calico-stack-node-exporter', 'calico-stack-calico-felix', 'calico-stack-calico-typha',
    ]);
    expect(jobs.map((j: { job_name: string }) => j.job_name)).toEqual(['retina', 'node-exporter', 'calico-felix', 'calico-typha', 'prometheus']);
  });

  test.each(['retina', 'node-exporter', 'calico-felix', 'calico-typha'])('%s: the selector, namespace, port and relabelings are the job\'s, plus job = its name', (job) => {
    const standaloneJob = jobs.find((j: { job_name: string }) => j.job_name === job);
    const monitor = find(operator, 'PodMonitor', `calico-stack-${job}`);
    const rules: Array<Record<string, any>> = standaloneJob.relabel_configs;
    const selectorKeeps = rules.filter((r) => r.source_labels?.[0].startsWith('__meta_kubernetes_pod_label_'));
    const portKeep = rules.find((r) => r.source_labels?.[0] === '__meta_kubernetes_pod_container_port_name');
    const rest = rules.filter((r) => !selectorKeeps.includes(r) && r !== portKeep);

    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: standaloneJob.kubernetes_sd_configs[0].namespaces.names });
    // The operator writes one keep rule per matchLabels entry, as the job has.
    expect(Object.entries(monitor.spec.selector.matchLabels).map(([k, v]) => [`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`, v]).sort())
      .toEqual(selectorKeeps.map((r) => [r.source_labels[0], r.regex]).sort());
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    expect(endpoint.port).toBe(portKeep?.regex);
    expect(endpoint.interval).toBe(parse(find(standalone, 'ConfigMap', 'prometheus-config').data['prometheus.yml']).global.scrape_interval);
    expect(endpoint.relabelings).toEqual([
      ...rest.map((r) => ({
        ...(r.source_labels ? { sourceLabels: r.source_labels } : {}), ...(r.regex !== undefined ? { regex: r.regex } : {}),
        ...(r.target_label ? { targetLabel: r.target_label } : {}), ...(r.replacement !== undefined ? { replacement: r.replacement } : {}), action: r.action,
      })),
      { targetLabel: 'job', replacement: job, action: 'replace' },
    ]);
  });

  test('the PrometheusRule holds the groups of the standalone rule file; only where to look when no agent is scraped differs', () => {
    const file = parse(find(standalone, 'ConfigMap', 'prometheus-rules').data['calico-stack.rules.yml']);
    const spec = find(operator, 'PrometheusRule', 'calico-stack').spec;
    const description = (groups: any) => groups.groups[1].rules.find((r: { alert: string }) => r.alert === 'RetinaAgentsNotScraped').annotations;
    expect(description(file).description).toMatch(/then Status → Targets of calico-stack's Prometheus \(is the retina job there\?\)\.$/);
    expect(description(spec).description).toMatch(/then whether kube-prometheus-stack's Prometheus selects PodMonitor monitoring\/calico-stack-retina .* must match its labels release=prometheus;/);
    description(file).description = description(spec).description;
    expect(spec).toEqual(file);
    expect(file.groups.map((g: { name: string }) => g.name)).toEqual(['calico-stack.retina.rules', 'calico-stack.retina', 'calico-stack.calico.rules', 'calico-stack.calico']);
  });

  test('the dashboard ConfigMaps hold the standalone dashboards, byte for byte', () => {
    const files = find(standalone, 'ConfigMap', 'grafana-dashboards').data;
    expect(find(operator, 'ConfigMap', 'calico-stack-dashboard-retina-nodes').data).toEqual({ 'calico-stack-retina-nodes.json': files['retina-nodes.json'] });
    expect(find(operator, 'ConfigMap', 'calico-stack-dashboard-calico').data).toEqual({ 'calico-stack-calico.json': files['calico.json'] });
    // kube-prometheus-stack's Grafana provisions its Prometheus datasource with uid prometheus.
    expect(JSON.parse(files['retina-nodes.json']).panels[1].datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
  });

  test('node-exporter only when asked: its DaemonSet goes into the namespace, with a PodMonitor', () => {
    expect(find(operator, 'DaemonSet', 'node-exporter').metadata.namespace).toBe('monitoring');
    expect(allSchemaProblems(operator)).toEqual([]);
    expect(rendered({ monitoring: OPERATOR }).filter((o) => o.kind === 'DaemonSet')).toEqual([]);
  });
});

describe('every key of monitoring.prometheusOperator', () => {
  const prometheusOperator = {
    namespace: 'kube-system',
    matchLabels: { release: 'kps', team: 'platform' },
    dashboardLabel: 'grafana/dashboard',
    dashboardLabelValue: 'calico',
    dashboardNamespace: 'grafana',
    fluxDependsOn: [{ name: 'kube-prometheus-stack', namespace: 'flux-system' }, { name: 'monitoring-crds' }],
  };
  const stack = config(clusterDoc({ name: 'lab', monitoring: { ...OPERATOR, prometheusOperator }, gitops: { ...ARGOCD, flux: { enabled: true } } }));
  const objects = render(stack)['monitoring'];

  test('namespace and labels of the monitors and the rule; label and namespace of the dashboards', () => {
    for (const name of ['calico-stack-retina']) {
      expect(find(objects, 'PodMonitor', name).metadata).toMatchObject({ namespace: 'kube-system', labels: { release: 'kps', team: 'platform' } });
    }
    expect(find(objects, 'PrometheusRule', 'calico-stack').metadata).toMatchObject({ namespace: 'kube-system', labels: { release: 'kps', team: 'platform' } });
    expect(find(objects, 'ConfigMap', 'calico-stack-dashboard-retina-nodes').metadata).toMatchObject({ namespace: 'grafana', labels: { 'grafana/dashboard': 'calico' } });
    expect(allSchemaProblems(objects)).toEqual([]);
  });

  test('Argo CD: the PodMonitor and the PrometheusRule skip the dry run while their CRDs are missing; the ConfigMaps do not need to', () => {
    const options = (o: K8sObject) => o.metadata.annotations?.['argocd.argoproj.io/sync-options'];
    expect(objects.map((o) => [o.kind, options(o)])).toEqual([
      ['PodMonitor', 'SkipDryRunOnMissingResource=true'],
      ['PrometheusRule', 'SkipDryRunOnMissingResource=true'],
      ['ConfigMap', undefined],
    ]);
    expect(objects.every((o) => o.metadata.annotations['argocd.argoproj.io/sync-wave'] === String(STAGES.get(Stage.MONITORING)!.syncWave))).toBe(true);
  });

  test('Flux: the monitoring stage depends on the retina stage and on the Kustomizations that install kube-prometheus-stack', () => {
    const kustomizations = parseObjects(renderStack(stack).get('flux/sync.yaml')!);
    const monitoring = kustomizations.find((k) => k.metadata.name === 'calico-stack-lab-monitoring')!;
    expect(monitoring.spec.dependsOn).toEqual([
      { name: 'calico-stack-lab-retina' }, { name: 'kube-prometheus-stack', namespace: 'flux-system' }, { name: 'monitoring-crds' },
    ]);
    expect(kustomizations.filter((k) => k !== monitoring).map((k) => k.spec.dependsOn?.length ?? 0)).toEqual([0, 1, 1]);
    expect(kustomizations.flatMap(schemaProblems)).toEqual([]);
  });

  test('npm run plan: kube-prometheus-stack is required first, and what its Prometheus and Grafana must select', () => {
    expect(prerequisites(stack)).toEqual([
      'kube-prometheus-stack installed first: 0003-monitoring.k8s.yaml holds PodMonitor and PrometheusRule (monitoring.coreos.com/v1), whose CRDs it installs; the Flux stage waits for flux-system/kube-prometheus-stack, monitoring-crds',
      'its Prometheus selects PodMonitors and PrometheusRules labelled release=kps, team=platform in namespace kube-system, and its Grafana sidecar ConfigMaps labelled grafana/dashboard=calico in namespace grafana (monitoring.prometheusOperator sets them)',
    ]);
    expect(prerequisites(config(clusterDoc()))).toEqual([]);
  });

  test('npm run plan: the scrapes of the exporters are still needed, the NodePorts are not', () => {
    expect(monitoringRequirements(stack).map((r) => r.port)).toEqual([]);
    const withCalico = config(clusterDoc({ calico: { metrics: true }, monitoring: OPERATOR }));
    expect(monitoringRequirements(withCalico).map((r) => `${r.port} ${r.from}`)).toEqual([
      '9091 every node and pod CIDRs (Prometheus)', '9093 every node and pod CIDRs (Prometheus)',
    ]);
  });
});

describe('checks', () => {
  test('fails when a key of standalone mode is set with prometheus-operator', () => {
    expect(findingsOfDoc({ ...OPERATOR, namespace: 'obs', prometheus: { nodePort: 30091 }, grafana: {}, allowedSourceCidrs: [] })).toEqual([
      'monitoring.namespace: applies to calico-stack\'s own Prometheus and Grafana, which mode prometheus-operator does not render (kube-prometheus-stack runs them) — remove it, or set monitoring.mode: standalone',
      'monitoring.prometheus: applies to calico-stack\'s own Prometheus and Grafana, which mode prometheus-operator does not render (kube-prometheus-stack runs them) — remove it, or set monitoring.mode: standalone',
      'monitoring.grafana: applies to calico-stack\'s own Prometheus and Grafana, which mode prometheus-operator does not render (kube-prometheus-stack runs them) — remove it, or set monitoring.mode: standalone',
      'monitoring.allowedSourceCidrs: applies to calico-stack\'s own Prometheus and Grafana, which mode prometheus-operator does not render (kube-prometheus-stack runs them) — remove it, or set monitoring.mode: standalone',
    ]);
  });

  test('fails when monitoring.prometheusOperator is set in standalone mode', () => {
    expect(findingsOfDoc({ prometheusOperator: { namespace: 'monitoring' } })).toEqual([
      'monitoring.prometheusOperator: applies to mode prometheus-operator only — set monitoring.mode: prometheus-operator, or remove it',
    ]);
  });

  test('fails when names and labels are not what the API server takes', () => {
    expect(findingsOfDoc({
      ...OPERATOR,
      prometheusOperator: {
        namespace: 'Monitoring', dashboardNamespace: 'dash_boards', matchLabels: { 'release/x/y': 'prometheus' }, dashboardLabel: 'grafana dashboard',
        dashboardLabelValue: 'a b', fluxDependsOn: [{ name: 'KPS', namespace: 'flux_system' }],
      },
    }).map((m) => m.split(' (got')[0])).toEqual([
      'monitoring.prometheusOperator.namespace: is not a valid DNS label: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character',
      'monitoring.prometheusOperator.dashboardNamespace: is not a valid DNS label: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character',
      expect.stringMatching(/^monitoring\.prometheusOperator\.matchLabels\["release\/x\/y"\]: is not a valid label key/),
      expect.stringMatching(/^monitoring\.prometheusOperator\.dashboardLabel: is not a valid label key/),
      expect.stringMatching(/^monitoring\.prometheusOperator\.dashboardLabelValue: is not a valid label value/),
      expect.stringMatching(/^monitoring\.prometheusOperator\.fluxDependsOn\[0\]\.name: is not a valid object name/),
      expect.stringMatching(/^monitoring\.prometheusOperator\.fluxDependsOn\[0\]\.namespace: is not a valid DNS label/),
    ]);
  });

  test('fails when mode is not one of the two, with the closest one', () => {
    expect(findingsOfDoc({ mode: 'prometheus-operater' })).toEqual([
      'monitoring.mode: "prometheus-operater" is not one of standalone, prometheus-operator — did you mean "prometheus-operator"?',
    ]);
  });

  test('fails when mode is not one of the two, in code (untyped input)', () => {
    const chart = new MonitoringChart(testApp(), 'monitoring', { clusterName: 'c', mode: 'operator' as never });
    expect(messages(findingsOf(chart))).toEqual(['mode: "operator" is not one of standalone, prometheus-operator']);
    expect(chart.mode).toBe('standalone');
  });

  test('a namespace another component owns is fine: the chart does not create it', () => {
    expect(findingsOfDoc({ ...OPERATOR, prometheusOperator: { namespace: 'kube-system' } })).toEqual([]);
    expect(messages(load(clusterDoc({ gitops: ARGOCD, monitoring: { ...OPERATOR, prometheusOperator: { namespace: 'argocd' } } })).findings)).toEqual([]);
  });
});
