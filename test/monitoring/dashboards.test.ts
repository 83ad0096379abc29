/**
 * The dashboards query only what is there: metric names the Retina agent exports in basic mode (the
 * catalog in src/retina/metrics.ts) or Felix/Typha export, grouped by labels those metrics carry,
 * filtered by variables the dashboard defines, through the provisioned datasource.
 */
import { parse } from 'yaml';
import { CalicoMetric } from '../../src/calico/metrics';
import { calicoDashboard } from '../../src/monitoring/dashboards/calico';
import { retinaDashboard } from '../../src/monitoring/dashboards/retina';
import { BASIC_MODE_METRICS, MetricKind, RetinaMetric } from '../../src/retina/metrics';
import { DEFAULT_PLUGINS, RetinaPlugin } from '../../src/retina/releases';
import { clusterDoc, config, find, render } from '../util';

interface Panel { type: string; title: string; datasource?: { type: string; uid: string }; targets?: Array<{ expr: string }> }
interface Json { uid: string; title: string; panels: Panel[]; templating: { list: Array<{ name: string; query: string; datasource: { uid: string } }> } }

const asJson = (d: unknown) => JSON.parse(JSON.stringify(d)) as Json;
const retina = asJson(retinaDashboard(DEFAULT_PLUGINS));
const calico = asJson(calicoDashboard());

const queries = (d: Json) => d.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((t) => t.expr));
/** Metric names in a PromQL expression: identifiers right before a `{` selector. */
const metricNames = (expr: string) => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]);
/** Labels of `by (...)` clauses. */
const groupLabels = (expr: string) => [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()));

/** The basic-mode metric names, written out (the facts the catalog must hold). */
const RETINA_BASIC_METRICS = [
  'networkobservability_drop_count', 'networkobservability_drop_bytes', 'networkobservability_forward_count', 'networkobservability_forward_bytes',
  'networkobservability_dns_request_count', 'networkobservability_dns_response_count', 'networkobservability_tcp_state',
  'networkobservability_tcp_connection_remote', 'networkobservability_tcp_connection_stats', 'networkobservability_ip_connection_stats',
  'networkobservability_udp_connection_stats', 'networkobservability_interface_stats',
];

test('the catalog lists the twelve basic-mode metrics of the Linux agent', () => {
  expect(BASIC_MODE_METRICS.map((m) => m.name)).toEqual(RETINA_BASIC_METRICS);
  expect(Object.values(RetinaMetric).sort()).toEqual([...RETINA_BASIC_METRICS].sort());
});

describe.each([
  ['Retina / Nodes', retina, new Set<string>(Object.values(RetinaMetric))],
  ['Calico / Felix and Typha', calico, new Set<string>(Object.values(CalicoMetric))],
])('%s', (title, dashboard, known) => {
  const exprs = queries(dashboard);

  test('has panels with one query each', () => {
    expect(dashboard.title).toBe(title);
    expect(exprs.length).toBeGreaterThan(5);
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect(p.targets).toHaveLength(1);
  });

  test('every query reads only metrics of the catalog', () => {
    for (const expr of exprs) {
      expect(metricNames(expr).length).toBeGreaterThan(0);
      for (const name of metricNames(expr)) expect(known).toContain(name);
    }
  });

  test('every query filters by the cluster and node variables, which the dashboard defines', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['cluster', 'node']);
    for (const expr of exprs) expect(expr).toContain('cluster="$cluster", instance=~"$node"');
    const [cluster, node] = dashboard.templating.list;
    expect(cluster.query).toMatch(/^label_values\(up\{job="[a-z-]+"\}, cluster\)$/);
    expect(node.query).toMatch(/^label_values\(up\{job="[a-z-]+", cluster="\$cluster"\}, instance\)$/);
  });

  test('panels and variables use the provisioned datasource', () => {
    const monitoring = render(config(clusterDoc({ calico: { metrics: true } })))['monitoring'];
    const uid = parse(find(monitoring, 'ConfigMap', 'grafana-provisioning').data['datasources.yaml']).datasources[0].uid;
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) expect(p.datasource).toEqual({ type: 'prometheus', uid });
    for (const v of dashboard.templating.list) expect(v.datasource.uid).toBe(uid);
  });
});

describe('Retina / Nodes', () => {
  const exprs = queries(retina);

  test('the variables come from the retina job', () => {
    expect(retina.templating.list.map((v) => v.query)).toEqual(['label_values(up{job="retina"}, cluster)', 'label_values(up{job="retina", cluster="$cluster"}, instance)']);
  });

  test('every basic-mode metric has a panel', () => {
    expect(new Set(exprs.flatMap(metricNames))).toEqual(new Set(RETINA_BASIC_METRICS));
  });

  test('groups only by labels the metric carries, or instance', () => {
    for (const expr of exprs) {
      const facts = BASIC_MODE_METRICS.find((m) => m.name === metricNames(expr)[0])!;
      for (const label of groupLabels(expr)) expect(['instance', ...facts.labels]).toContain(label);
    }
  });

  test('DNS panels group by node only: v1.2.6 exports no DNS labels', () => {
    expect(exprs.filter((e) => e.includes('dns_'))).toEqual([
      'sum by (instance) (rate(networkobservability_dns_request_count{cluster="$cluster", instance=~"$node"}[$__rate_interval]))',
      'sum by (instance) (rate(networkobservability_dns_response_count{cluster="$cluster", instance=~"$node"}[$__rate_interval]))',
    ]);
  });

  test('running totals are graphed as rates, levels as they are', () => {
    for (const expr of exprs) {
      const facts = BASIC_MODE_METRICS.find((m) => m.name === metricNames(expr)[0])!;
      expect(expr.includes('rate(')).toBe(facts.kind === MetricKind.CUMULATIVE);
    }
  });

  test('UDP uses the agent\'s spelling of the statistic (ACTIVE, not active)', () => {
    expect(exprs).toContain('sum by (instance) (networkobservability_udp_connection_stats{cluster="$cluster", instance=~"$node", statistic_name="ACTIVE"})');
  });

  test('rows follow the enabled plugins', () => {
    const rows = (d: Json) => d.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows(retina)).toEqual(['Drops (dropreason)', 'Forwarding (packetforward)', 'DNS (dns)', 'Connections and interfaces (linuxutil)']);
    expect(rows(asJson(retinaDashboard([RetinaPlugin.DNS])))).toEqual(['DNS (dns)']);
  });

  test('the JSON is the same for the same input', () => {
    expect(JSON.stringify(retinaDashboard(DEFAULT_PLUGINS))).toBe(JSON.stringify(retinaDashboard(DEFAULT_PLUGINS)));
  });
});

test('the Calico dashboard\'s variables come from the Felix job (Felix runs on every node)', () => {
  expect(calico.templating.list.map((v) => v.query)).toEqual(['label_values(up{job="calico-felix"}, cluster)', 'label_values(up{job="calico-felix", cluster="$cluster"}, instance)']);
});
