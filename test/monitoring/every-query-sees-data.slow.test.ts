/**
 * Proof that no panel is empty and every rule sees data: a real Prometheus runs what calico-stack
 * renders, scraping a local stand-in for the Retina agents, Felix and Typha that serves metric
 * families shaped exactly as upstream emits them (upstream-exporter.ts says where each comes
 * from), and every dashboard panel query, every dashboard variable, every recording rule and every
 * alert expression is evaluated through the HTTP API. A query that returns no series fails the test:
 * this is the test that would have caught the original "Grafana shows nothing".
 *
 * Both modes run: standalone (the rendered prometheus.yml and rule file) and prometheus-operator
 * (the scrape configuration prometheus-operator generates from the rendered PodMonitors,
 * operator-scrape-config.ts, and the PrometheusRule's groups as the operator writes them).
 *
 * Three nodes: node-a healthy and quiet (none of the series the agent creates only on a first
 * event), node-b with every problem the alerts look for, node-c down (nothing listens). Kubernetes
 * discovery is replaced by file discovery listing the pods discovery would list per namespace
 * (Retina's pods with their init container in kube-system; calico-node and Typha pods in
 * calico-system), so each job's selection is exercised too. Scrape and rule intervals are 1s.
 * Dashboard variables are substituted as Grafana does: `$cluster` by the cluster, `$node` by `.*`
 * (the dashboard's All value) or one node, `$__rate_interval` by max($__interval + scrape interval,
 * 4 × scrape interval) for the datasource's 30s scrape interval (both Grafanas' setting), 2m.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { closeAll, DiscoveredPod, getJson, listenOn, LoopbackServer, podTarget, randomLoopbackIp, RunningPrometheus, startPrometheus, waitFor } from './local-prometheus';
import { podMonitorScrapeConfig } from './operator-scrape-config';
import { describeWithPrometheus, renderedPrometheusConfig } from './prometheus-binaries';
import { felixMetrics, Health, retinaMetrics, typhaMetrics } from './upstream-exporter';
import { AlertingRule, alertingRules, AlertName, recordingRules, RuleGroup } from '../../src/lib/monitoring/alert-rules';
import { clusterDoc, config, find, K8sObject, render, tempDir } from '../util';

const CLUSTER = 'lab';
const DEADLINE_MS = 60_000;
const NODES = { healthy: 'node-a', troubled: 'node-b', down: 'node-c' } as const;
/** The datasource's scrape interval (standalone: calico-stack's Prometheus; kube-prometheus-stack: its default). */
const DATASOURCE_SCRAPE_SECONDS = 30;
/** Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval); $__interval is at least the scrape interval. */
const RATE_INTERVAL = `${Math.max(DATASOURCE_SCRAPE_SECONDS + DATASOURCE_SCRAPE_SECONDS, 4 * DATASOURCE_SCRAPE_SECONDS)}s`;

interface Panel { type: string; title: string; targets?: Array<{ expr: string }> }
/** Where a panel query's 0 for quiet nodes starts (dashboards/common.ts orZeroPerNode). */
const ZEROS = ' or on (instance) ';
interface Dashboard { title: string; panels: Panel[]; templating: { list: Array<{ name: string; query: string }> } }

/** A query as Grafana sends it: variables substituted. */
function substitute(expr: string, node: string | 'All'): string {
  const nodeValue = node === 'All' ? '.*' : node.replace(/[\\^$*+?.()|[\]{}]/g, '\\\\$&');
  return expr.replace(/\$__rate_interval/g, RATE_INTERVAL).replace(/\$cluster/g, CLUSTER).replace(/\$node/g, nodeValue);
}

/** The panels' queries of a dashboard. */
function panelQueries(d: Dashboard): Array<{ panel: string; expr: string }> {
  return d.panels.filter((p) => p.type !== 'row').flatMap((p) => (p.targets ?? []).map((t) => ({ panel: `${d.title} / ${p.title}`, expr: t.expr })));
}

/** absent(X) has series only when X has none: what shows it would stay silent is X having series. */
function seriesExpr(rule: AlertingRule): string {
  const absent = /^absent\((.*)\)$/.exec(rule.expr);
  return absent ? absent[1] : rule.expr;
}

/**
 * The pods of the Tigera operator in calico-system, as it renders them (tigera/operator v1.40.15):
 * the component handler labels every pod `k8s-app: <name>` (pkg/controller/utils/component.go:995-996);
 * calico-node's container is `calico-node` (pkg/render/node.go:67), Typha's `calico-typha` with port
 * 5473 named `calico-typha` (pkg/render/typha.go:46-53, :543-551). Written out, not taken from
 * calico-stack's own description of them, which these pods check.
 */
const CALICO_NODE_POD = { namespace: 'calico-system', labels: { 'k8s-app': 'calico-node' }, container: 'calico-node' };
const TYPHA_POD = { namespace: 'calico-system', labels: { 'k8s-app': 'calico-typha' }, container: 'calico-typha', port: { name: 'calico-typha', containerPort: 5473 } };

/** Where the exporters listen: Felix and Typha on the Installation's metrics ports, Retina on its container port. */
interface Ports { readonly retina: number; readonly felix: number; readonly typha: number }

/** A node's stand-in: Retina, Felix and Typha on one loopback address (pods on the host network share the node's). */
async function startNode(health: Health, since: number, ports: Ports): Promise<{ ip: string; servers: LoopbackServer[] }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ip = randomLoopbackIp();
    const servers = [
      await listenOn(ip, ports.retina, () => retinaMetrics(health, since)),
      await listenOn(ip, ports.felix, () => felixMetrics(health, since)),
      await listenOn(ip, ports.typha, () => typhaMetrics(health)),
    ];
    const up = servers.filter((s): s is LoopbackServer => s !== undefined);
    if (up.length === servers.length) return { ip, servers: up };
    await closeAll(up);
  }
  throw new Error('no loopback address with the exporters\' ports free');
}

/** The target groups Kubernetes discovery would list, per namespace, for the nodes' pods. */
function discoveredTargets(retinaDaemonSet: K8sObject, ips: Readonly<Record<string, string>>): Record<string, unknown[]> {
  const template = retinaDaemonSet.spec.template;
  const agent = template.spec.containers[0];
  const byNamespace: Record<string, unknown[]> = {};
  const add = (pod: DiscoveredPod, containers: Array<Parameters<typeof podTarget>[1]>) => {
    byNamespace[pod.namespace] = [...(byNamespace[pod.namespace] ?? []), ...containers.map((c) => podTarget(pod, c))];
  };
  for (const [node, ip] of Object.entries(ips)) {
    add({ namespace: retinaDaemonSet.metadata.namespace!, name: `retina-agent-${node}`, ip, node, labels: template.metadata.labels, annotations: template.metadata.annotations },
      [{ name: agent.name, port: agent.ports[0] }, { name: template.spec.initContainers[0].name }]);
    add({ namespace: CALICO_NODE_POD.namespace, name: `calico-node-${node}`, ip, node, labels: CALICO_NODE_POD.labels }, [{ name: CALICO_NODE_POD.container }]);
    add({ namespace: TYPHA_POD.namespace, name: `calico-typha-${node}`, ip, node, labels: TYPHA_POD.labels }, [{ name: TYPHA_POD.container, port: TYPHA_POD.port }]);
  }
  return byNamespace;
}

/** What one mode renders and the Prometheus configuration that runs it. */
interface ModeUnderTest {
  readonly dashboards: Dashboard[];
  readonly groups: RuleGroup[];
  /** The Prometheus configuration, given the file of discovered targets of a namespace and the rule file's path. */
  prometheusConfig(targetsOf: (namespace: string) => string, rulesFile: string): Record<string, unknown>;
}

const FAST = { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };

function standalone(objects: K8sObject[]): ModeUnderTest {
  const files = find(objects, 'ConfigMap', 'grafana-dashboards').data;
  return {
    dashboards: Object.values(files).map((text) => JSON.parse(text as string)),
    groups: parse(find(objects, 'ConfigMap', 'prometheus-rules').data['calico-stack.rules.yml']).groups,
    prometheusConfig: (targetsOf, rulesFile) => {
      const rendered = renderedPrometheusConfig(objects);
      return {
        ...rendered,
        global: FAST,
        rule_files: [rulesFile],
        scrape_configs: rendered.scrape_configs.map(({ kubernetes_sd_configs: sd, ...job }: Record<string, any>) => (sd
          ? { ...job, file_sd_configs: [{ files: sd[0].namespaces.names.map(targetsOf) }] }
          : job)),
      };
    },
  };
}

function prometheusOperator(objects: K8sObject[]): ModeUnderTest {
  return {
    dashboards: objects.filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.values(o.data).map((text) => JSON.parse(text as string))),
    groups: find(objects, 'PrometheusRule', 'calico-stack').spec.groups,
    prometheusConfig: (targetsOf, rulesFile) => ({
      global: FAST,
      rule_files: [rulesFile],
      scrape_configs: objects.filter((o) => o.kind === 'PodMonitor').map((pm) => ({
        ...podMonitorScrapeConfig(pm, pm.spec.namespaceSelector.matchNames.map(targetsOf)),
        scrape_interval: '1s',
      })),
    }),
  };
}

const MODES: Array<[string, Record<string, unknown>, (objects: K8sObject[]) => ModeUnderTest]> = [
  ['standalone', {}, standalone],
  ['prometheus-operator', { mode: 'prometheus-operator' }, prometheusOperator],
];

describeWithPrometheus('every panel, variable and rule sees data from upstream-shaped metrics in a real Prometheus (slow: starts two Prometheus servers and waits for their scrapes and rule evaluations)', () => {
  describe.each(MODES)('%s', (mode, monitoring, underTest) => {
    const rendered = render(config(clusterDoc({ name: CLUSTER, calico: { metrics: true }, monitoring })));
    const m = underTest(rendered['monitoring']);
    let prometheus: RunningPrometheus | undefined;
    let servers: LoopbackServer[] = [];

    const query = async (expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
      const r = await getJson(`${prometheus!.api}/query?query=${encodeURIComponent(expr)}`);
      if (r.status !== 'success') throw new Error(`${expr}: ${r.error}`);
      return r.data.result;
    };
    /** The queries of the list that return no series. */
    const empty = async (exprs: readonly string[]): Promise<string[]> => {
      const results = await Promise.all(exprs.map(async (e) => ((await query(e)).length === 0 ? [e] : [])));
      return results.flat();
    };

    beforeAll(async () => {
      const since = Date.now() - 60_000;
      const installation = find(rendered['calico'], 'Installation', 'default').spec;
      const ports = {
        retina: find(rendered['retina'], 'DaemonSet', 'retina-agent').spec.template.spec.containers[0].ports[0].containerPort,
        felix: installation.nodeMetricsPort,
        typha: installation.typhaMetricsPort,
      };
      expect(ports).toEqual({ retina: 10093, felix: 9091, typha: 9093 });
      const a = await startNode(Health.HEALTHY, since, ports);
      const b = await startNode(Health.TROUBLED, since, ports);
      servers = [...a.servers, ...b.servers];
      const ips = { [NODES.healthy]: a.ip, [NODES.troubled]: b.ip, [NODES.down]: randomLoopbackIp() };
      const dir = tempDir();
      const discovered = discoveredTargets(find(rendered['retina'], 'DaemonSet', 'retina-agent'), ips);
      // A namespace without pods of ours (node-exporter's) is an empty list.
      const targetsOf = (ns: string) => {
        const file = path.join(dir, `${ns}.json`);
        fs.writeFileSync(file, JSON.stringify(discovered[ns] ?? []));
        return file;
      };
      const rulesFile = path.join(dir, 'rules.yml');
      fs.writeFileSync(rulesFile, stringify({ groups: m.groups }));
      const configFile = path.join(dir, 'prometheus.yml');
      fs.writeFileSync(configFile, stringify(m.prometheusConfig(targetsOf, rulesFile)));

      prometheus = await startPrometheus(configFile, dir);
      // Ready: 9 targets (3 jobs × 3 nodes) scraped, every one at least 4 times (rates and changes
      // need several samples), and every rule group evaluated.
      const samples = async () => {
        const r = await query(`min(count_over_time(up{job=~"retina|calico-felix|calico-typha"}[1m]))`);
        return Number(r[0]?.value?.[1] ?? 0);
      };
      const scraped = async () => {
        const targets = (await getJson(`${prometheus!.api}/targets`)).data.activeTargets as Array<{ labels: Record<string, string>; health: string }>;
        return targets.filter((t) => t.labels.job !== 'prometheus' && t.health !== 'unknown').length;
      };
      const evaluated = async () => {
        const groups = (await getJson(`${prometheus!.api}/rules`)).data.groups as Array<{ lastEvaluation: string }>;
        return groups.length === m.groups.length && groups.every((g) => !g.lastEvaluation.startsWith('0001'));
      };
      await waitFor(prometheus, DEADLINE_MS, async () => (await scraped()) === 9 && (await samples()) >= 4 && (await evaluated()),
        async () => `${await scraped().catch(() => '?')} of 9 targets scraped`);
    }, DEADLINE_MS + 10_000);

    afterAll(async () => {
      await prometheus?.stop();
      await closeAll(servers);
    });

    test('every target is scraped with job, instance = the node and cluster; other pods and containers are left out', async () => {
      const targets = (await getJson(`${prometheus!.api}/targets`)).data.activeTargets as Array<{ labels: Record<string, string>; health: string }>;
      const ours = targets.filter((t) => t.labels.job !== 'prometheus')
        .map((t) => `${t.labels.job} ${t.labels.instance} ${t.labels.cluster} ${t.health}`).sort();
      expect(ours).toEqual(['calico-felix', 'calico-typha', 'retina'].flatMap((job) => [
        `${job} ${NODES.healthy} ${CLUSTER} up`, `${job} ${NODES.troubled} ${CLUSTER} up`, `${job} ${NODES.down} ${CLUSTER} down`,
      ]));
    });

    test('every dashboard variable lists the cluster and the nodes', async () => {
      for (const d of m.dashboards) {
        for (const v of d.templating.list) {
          const [, selector, label] = /^label_values\((.*), ([a-z_]+)\)$/.exec(v.query)!;
          const r = await getJson(`${prometheus!.api}/label/${label}/values?match[]=${encodeURIComponent(substitute(selector, 'All'))}`);
          expect([d.title, v.name, r.data]).toEqual([d.title, v.name, label === 'cluster' ? [CLUSTER] : Object.values(NODES).sort()]);
        }
      }
    });

    test('every dashboard panel query returns series: for All nodes, and for each node that is up', async () => {
      const queries = m.dashboards.flatMap(panelQueries);
      expect(m.dashboards.map((d) => d.title).sort()).toEqual(['Calico / Felix and Typha', 'Retina / Nodes']);
      expect(queries.length).toBeGreaterThan(20);
      const failures: string[] = [];
      for (const node of ['All', NODES.healthy, NODES.troubled] as const) {
        for (const q of queries) {
          if ((await query(substitute(q.expr, node))).length === 0) failures.push(`${q.panel} (node ${node}): ${q.expr}`);
        }
      }
      expect(failures).toEqual([]);
    });

    test('the zeros of quiet nodes hide no broken query: without them, every panel returns series for the troubled node, which emits every family', async () => {
      const topped = m.dashboards.flatMap(panelQueries).filter((q) => q.expr.includes(ZEROS));
      expect(topped).toHaveLength(10);
      const own = topped.map((q) => substitute(q.expr.slice(0, q.expr.indexOf(ZEROS)), NODES.troubled));
      expect(await empty(own)).toEqual([]);
    });

    test('every recording rule returns series, and Prometheus records them', async () => {
      const rules = recordingRules(m.groups);
      expect(rules).toHaveLength(4);
      expect(await empty(rules.map((r) => r.expr))).toEqual([]);
      expect(await empty(rules.map((r) => r.record))).toEqual([]);
    });

    test('every alert expression returns series for the troubled or the down node, never for the healthy one', async () => {
      const alerts = alertingRules(m.groups);
      expect(alerts.map((a) => a.alert).sort()).toEqual(Object.values(AlertName).sort());
      const report: string[] = [];
      for (const rule of alerts) {
        const series = await query(seriesExpr(rule));
        const nodes = [...new Set(series.map((s) => s.metric.instance))].sort();
        if (rule.alert === AlertName.RETINA_AGENTS_NOT_SCRAPED) {
          // Its argument has series: Retina is scraped, and absent() stays silent.
          if (series.length === 0) report.push(`${rule.alert}: ${seriesExpr(rule)} has no series`);
        } else if (series.length === 0 || nodes.includes(NODES.healthy)) {
          report.push(`${rule.alert}: ${rule.expr} gives nodes [${nodes.join(', ')}]`);
        }
      }
      expect(report).toEqual([]);
    });

    test('Prometheus evaluates the loaded rules: every alert but the absent one is pending or firing, for the troubled or down node', async () => {
      const active = await query('ALERTS');
      const byAlert = new Map<string, Set<string>>();
      for (const s of active) byAlert.set(s.metric.alertname, new Set([...(byAlert.get(s.metric.alertname) ?? []), s.metric.instance]));
      expect([...byAlert.keys()].sort()).toEqual(Object.values(AlertName).filter((a) => a !== AlertName.RETINA_AGENTS_NOT_SCRAPED).sort());
      for (const nodes of byAlert.values()) expect(nodes.has(NODES.healthy)).toBe(false);
    });

    test('the check can fail: queries of metrics or values the agent does not emit return no series', async () => {
      // As in upstream's dashboards: lower-case statistic names, a label v1.2.6 DNS metrics lack.
      expect(await empty([
        `networkobservability_udp_connection_stats{cluster="${CLUSTER}", statistic_name="active"}`,
        'sum by (query_type) (networkobservability_dns_request_count) > 0 and on () networkobservability_dns_request_count{query_type!=""}',
        'networkobservability_drop_count_total',
      ])).toHaveLength(3);
    });

    if (mode === 'prometheus-operator') {
      test('series also carry the operator\'s namespace, pod, container and endpoint labels', async () => {
        const [series] = await query(`up{job="retina", instance="${NODES.troubled}"}`);
        expect(series.metric).toEqual({
          __name__: 'up', job: 'retina', instance: NODES.troubled, cluster: CLUSTER, namespace: 'kube-system', pod: `retina-agent-${NODES.troubled}`, container: 'retina', endpoint: 'retina',
        });
      });
    }
  });
});
