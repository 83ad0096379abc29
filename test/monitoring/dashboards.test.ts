/**
 * The dashboards query only what is there: metric names the Retina agent exports in basic mode (the
 * catalog in src/lib/retina/metrics.ts) or Felix/Typha export, grouped by labels those metrics carry,
 * filtered by variables the dashboard defines, through the provisioned datasource.
 */
import { parse } from 'yaml';
import { CalicoMetric } from '../../src/lib/calico/metrics';
import { calicoDashboard } from '../../src/lib/monitoring/dashboards/calico';
import { retinaDashboard } from '../../src/lib/monitoring/dashboards/retina';
import {
  BASIC_MODE_METRICS, EVENT_DRIVEN_METRICS, MetricKind, PROCESS_START_TIME, RetinaHealthMetric, RetinaMetric,
} from '../../src/lib/retina/metrics';
import { DEFAULT_PLUGINS, RetinaPlugin } from '../../src/lib/retina/releases';
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

/** Series Prometheus itself writes for every target. */
const TARGET_METRICS = ['up'];

describe.each([
  ['Retina / Nodes', retina, new Set<string>([...Object.values(RetinaMetric), ...Object.values(RetinaHealthMetric), PROCESS_START_TIME, ...TARGET_METRICS])],
  ['Calico / Felix and Typha', calico, new Set<string>([...Object.values(CalicoMetric), ...TARGET_METRICS])],
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

  /** The panels of the plugin rows, with the facts of the metric each reads. */
  const pluginPanels = exprs.flatMap((expr) => {
    const facts = BASIC_MODE_METRICS.find((m) => m.name === metricNames(expr)[0]);
    return facts ? [{ expr, facts }] : [];
  });

  test('every basic-mode metric has a panel', () => {
    expect(new Set(pluginPanels.map((p) => p.facts.name))).toEqual(new Set(RETINA_BASIC_METRICS));
  });

  test('groups only by labels the metric carries, or instance', () => {
    for (const { expr, facts } of pluginPanels) {
      for (const label of groupLabels(expr)) expect(['instance', ...facts.labels]).toContain(label);
    }
  });

  test('DNS panels group by node only (v1.2.6 exports no DNS labels), with a 0 for nodes without DNS traffic yet', () => {
    expect(exprs.filter((e) => e.includes('dns_'))).toEqual([
      'sum by (instance) (rate(networkobservability_dns_request_count{cluster="$cluster", instance=~"$node"}[$__rate_interval])) or on (instance) sum by (instance) (0 * up{cluster="$cluster", instance=~"$node", job="retina"})',
      'sum by (instance) (rate(networkobservability_dns_response_count{cluster="$cluster", instance=~"$node"}[$__rate_interval])) or on (instance) sum by (instance) (0 * up{cluster="$cluster", instance=~"$node", job="retina"})',
    ]);
  });

  test('running totals are graphed as rates, levels as they are', () => {
    for (const { expr, facts } of pluginPanels) expect(expr.includes('rate(')).toBe(facts.kind === MetricKind.CUMULATIVE);
  });

  test('series the agent creates only on a first event get a 0 for every scraped node; the others do not', () => {
    for (const { expr, facts } of pluginPanels) {
      expect(expr.endsWith(' or on (instance) sum by (instance) (0 * up{cluster="$cluster", instance=~"$node", job="retina"})')).toBe(EVENT_DRIVEN_METRICS.includes(facts.name));
    }
  });

  test('the health row reads the agent\'s target, its restarts, failed plugins and lost events, for every node', () => {
    const health = retina.panels.slice(1, 5);
    expect(retina.panels[0]).toMatchObject({ type: 'row', title: 'Agent health' });
    expect(health.map((p) => metricNames(p.targets![0].expr)[0])).toEqual([
      'up', 'process_start_time_seconds', 'controlplane_networkobservability_plugin_manager_failed_to_reconcile', 'controlplane_networkobservability_lost_events_counter',
    ]);
    for (const p of health) expect(p.targets![0].expr).toContain('job="retina"');
    for (const p of health.slice(2)) expect(p.targets![0].expr).toMatch(/ or on \(instance\) sum by \(instance\) \(0 \* up\{/);
  });

  test('UDP uses the agent\'s spelling of the statistic (ACTIVE, not active)', () => {
    expect(exprs).toContain('sum by (instance) (networkobservability_udp_connection_stats{cluster="$cluster", instance=~"$node", statistic_name="ACTIVE"})');
  });

  test('rows follow the enabled plugins', () => {
    const rows = (d: Json) => d.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(rows(retina)).toEqual(['Agent health', 'Drops (dropreason)', 'Forwarding (packetforward)', 'DNS (dns)', 'Connections and interfaces (linuxutil)']);
    expect(rows(asJson(retinaDashboard([RetinaPlugin.DNS])))).toEqual(['Agent health', 'DNS (dns)']);
  });

  test('the JSON is the same for the same input', () => {
    expect(JSON.stringify(retinaDashboard(DEFAULT_PLUGINS))).toBe(JSON.stringify(retinaDashboard(DEFAULT_PLUGINS)));
  });
});

test('the Calico dashboard\'s variables come from the Felix job (Felix runs on every node)', () => {
  expect(calico.templating.list.map((v) => v.query)).toEqual(['label_values(up{job="calico-felix"}, cluster)', 'label_values(up{job="calico-felix", cluster="$cluster"}, instance)']);
});
