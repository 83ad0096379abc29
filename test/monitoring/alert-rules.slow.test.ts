/**
 * The alerting and recording rules, checked by Prometheus' own tools on the rendered files:
 * `promtool check rules` on every rule file calico-stack renders (the standalone ConfigMap and the
 * PrometheusRule's groups, as prometheus-operator writes them into a rule file), and
 * `promtool test rules` unit tests per alert: input series under which it fires (with the exact
 * labels and annotations, so the summary and description name the node) and series under which it
 * stays silent. Thresholds: a changed one moves the line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { describeWithPrometheus, PROMTOOL_BIN } from './prometheus-binaries';
import { AlertingRule, alertingRules, AlertName, RecordingRuleName, recordingRules, RuleGroup } from '../../src/lib/monitoring/alert-rules';
import { clusterDoc, config, find, render, scenario, tempDir } from '../util';

const CLUSTER = 'lab';

/** The rule file of standalone mode, as rendered. */
function standaloneRules(doc: Record<string, any>): string {
  return find(render(config(clusterDoc({ name: CLUSTER, ...doc })))['monitoring'], 'ConfigMap', 'prometheus-rules').data['calico-stack.rules.yml'];
}

/** The PrometheusRule's groups as the operator writes them into a rule file. */
function operatorRules(doc: Record<string, any>): string {
  const objects = render(config(clusterDoc({ name: CLUSTER, ...doc, monitoring: { ...doc.monitoring, mode: 'prometheus-operator' } })))['monitoring'];
  return stringify(find(objects, 'PrometheusRule', 'calico-stack').spec);
}

const EVERYTHING = { calico: { metrics: true } };
const RULES = standaloneRules(EVERYTHING);
const GROUPS: RuleGroup[] = parse(RULES).groups;

function promtool(args: readonly string[], files: Record<string, string>): { status: number | null; output: string } {
  const dir = tempDir(files);
  const r = spawnSync(PROMTOOL_BIN!, args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** An input series of a unit test: the series and promtool's expanding notation of its values. */
interface Series {
  readonly series: string;
  readonly values: string;
}

/** A unit test of one alert: what fires it, and what must not. */
interface AlertCase {
  readonly alert: AlertName;
  readonly fires: {
    readonly series: readonly Series[];
    readonly at: string;
    /** The alert's labels besides alertname and severity. */
    readonly labels: Readonly<Record<string, string>>;
    /** `$value` as the annotations print it. */
    readonly value: string;
  };
  readonly silent: { readonly what: string; readonly series: readonly Series[]; readonly at: string };
}

const node = (job: string, name: string, extra: Record<string, string> = {}) => {
  const labels = { job, instance: 'node-b', cluster: CLUSTER, ...extra };
  return `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
};
const retina = (name: string, extra?: Record<string, string>) => node('retina', name, extra);
const felix = (name: string) => node('calico-felix', name);
const typha = (name: string) => node('calico-typha', name);
const at = (labels: Record<string, string>) => ({ instance: 'node-b', cluster: CLUSTER, ...labels });

/** Every alert, one row each. Rates: a counter growing by N per 1m sample is N/60 per second. */
const CASES: readonly AlertCase[] = [
  {
    alert: AlertName.RETINA_AGENT_DOWN,
    fires: { series: [{ series: retina('up'), values: '1 0x10' }], at: '10m', labels: at({ job: 'retina' }), value: '0' },
    silent: { what: 'a scrape that fails for 2 minutes', series: [{ series: retina('up'), values: '1 0 0 1x8' }], at: '10m' },
  },
  {
    alert: AlertName.RETINA_AGENTS_NOT_SCRAPED,
    fires: { series: [{ series: node('node-exporter', 'up'), values: '1x20' }], at: '15m', labels: { job: 'retina', cluster: CLUSTER }, value: '1' },
    silent: { what: 'one agent scraped', series: [{ series: retina('up'), values: '1x20' }], at: '15m' },
  },
  {
    alert: AlertName.RETINA_AGENT_RESTARTING,
    fires: { series: [{ series: retina('process_start_time_seconds'), values: '100 100 400 400 700x6' }], at: '10m', labels: at({ job: 'retina' }), value: '2' },
    silent: { what: 'a single restart', series: [{ series: retina('process_start_time_seconds'), values: '100 100 400x8' }], at: '10m' },
  },
  {
    alert: AlertName.RETINA_PLUGIN_RECONCILE_FAILED,
    // Seen by one scrape only: the agent exits right after counting.
    fires: { series: [{ series: retina('controlplane_networkobservability_plugin_manager_failed_to_reconcile', { reason: 'dropreason' }), values: '_ _ 1 _x20' }], at: '5m', labels: at({ reason: 'dropreason' }), value: '1' },
    silent: { what: 'a failure more than 15 minutes ago', series: [{ series: retina('controlplane_networkobservability_plugin_manager_failed_to_reconcile', { reason: 'dropreason' }), values: '_ _ 1 _x20' }], at: '20m' },
  },
  {
    alert: AlertName.RETINA_LOST_EVENTS,
    fires: { series: [{ series: retina('controlplane_networkobservability_lost_events_counter', { type: 'kernel', reason: 'dns' }), values: '0+120x40' }], at: '30m', labels: at({ type: 'kernel', reason: 'dns' }), value: '2' },
    silent: { what: 'events lost once, long ago', series: [{ series: retina('controlplane_networkobservability_lost_events_counter', { type: 'kernel', reason: 'dns' }), values: '50x40' }], at: '30m' },
  },
  {
    alert: AlertName.RETINA_PACKET_DROPS_HIGH,
    fires: {
      series: [{ series: retina('networkobservability_drop_count', { reason: 'IPTABLE_RULE_DROP', direction: 'unknown' }), values: '0+12000x40' }],
      at: '30m', labels: at({ reason: 'IPTABLE_RULE_DROP', direction: 'unknown' }), value: '200',
    },
    silent: { what: '50 drops per second', series: [{ series: retina('networkobservability_drop_count', { reason: 'IPTABLE_RULE_DROP', direction: 'unknown' }), values: '0+3000x40' }], at: '30m' },
  },
  {
    alert: AlertName.RETINA_INTERFACE_ERRORS,
    fires: {
      series: [{ series: retina('networkobservability_interface_stats', { interface_name: 'all_interfaces', statistic_name: 'rx_drops' }), values: '0+300x40' }],
      at: '30m', labels: at({ statistic_name: 'rx_drops' }), value: '5',
    },
    silent: { what: 'half an error per second', series: [{ series: retina('networkobservability_interface_stats', { interface_name: 'all_interfaces', statistic_name: 'rx_drops' }), values: '0+30x40' }], at: '30m' },
  },
  {
    alert: AlertName.CALICO_FELIX_DOWN,
    fires: { series: [{ series: felix('up'), values: '1 0x10' }], at: '10m', labels: at({ job: 'calico-felix' }), value: '0' },
    silent: { what: 'Felix scraped', series: [{ series: felix('up'), values: '1x10' }], at: '10m' },
  },
  {
    alert: AlertName.CALICO_TYPHA_DOWN,
    fires: { series: [{ series: typha('up'), values: '1 0x10' }], at: '10m', labels: at({ job: 'calico-typha' }), value: '0' },
    silent: { what: 'Typha scraped', series: [{ series: typha('up'), values: '1x10' }], at: '10m' },
  },
  {
    alert: AlertName.CALICO_FELIX_NOT_IN_SYNC,
    fires: { series: [{ series: felix('felix_resync_state'), values: '3 3 2x20' }], at: '20m', labels: at({}), value: '2' },
    silent: { what: 'a resync that ends after 2 minutes', series: [{ series: felix('felix_resync_state'), values: '2 2 3x20' }], at: '20m' },
  },
  {
    alert: AlertName.CALICO_FELIX_DATAPLANE_FAILURES,
    fires: { series: [{ series: felix('felix_int_dataplane_failures'), values: '0+60x40' }], at: '30m', labels: at({}), value: '1' },
    silent: { what: 'failures that stopped', series: [{ series: felix('felix_int_dataplane_failures'), values: '5x40' }], at: '30m' },
  },
  {
    alert: AlertName.CALICO_TYPHA_NO_CONNECTIONS,
    fires: { series: [{ series: typha('typha_connections_active'), values: '0x30' }], at: '20m', labels: at({}), value: '0' },
    silent: { what: 'Typha with clients', series: [{ series: typha('typha_connections_active'), values: '3x30' }], at: '20m' },
  },
];

/** An annotation as Prometheus expands it for the given labels and value (the template forms the rules use). */
function expand(template: string, labels: Readonly<Record<string, string>>, value: string): string {
  const text = template
    .replace(/\{\{ \$labels\.([a-z_]+) \}\}/g, (_m, name: string) => labels[name] ?? '')
    .replace(/\{\{ \$value \| humanize \}\}/g, value);
  if (text.includes('{{')) throw new Error(`unexpanded template in ${template}`);
  return text;
}

/** promtool's unit-test file for one alert and one case. */
function unitTest(rule: AlertingRule, series: readonly Series[], evalTime: string, expected: AlertCase['fires'] | undefined): string {
  const labels = expected ? { ...expected.labels, ...rule.labels } : {};
  return stringify({
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [{
      interval: '1m',
      input_series: series,
      alert_rule_test: [{
        eval_time: evalTime,
        alertname: rule.alert,
        exp_alerts: expected ? [{
          exp_labels: labels,
          exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, expand(v, labels, expected.value)])),
        }] : [],
      }],
    }],
  });
}

describeWithPrometheus('promtool check rules', () => {
  test.each([
    ['the scenario (standalone)', find(render(scenario())['monitoring'], 'ConfigMap', 'prometheus-rules').data['calico-stack.rules.yml']],
    ['every rule (Retina with every default plugin, Felix and Typha), standalone', RULES],
    ['every rule, the PrometheusRule of prometheus-operator mode', operatorRules(EVERYTHING)],
    ['Retina with dns only, prometheus-operator mode', operatorRules({ retina: { plugins: ['dns'] } })],
    ['thresholds changed', standaloneRules({ ...EVERYTHING, monitoring: { alerts: { dropsPerSecond: 0.5, interfaceErrorsPerSecond: 10, lostEventsPerSecond: 1, felixDataplaneFailuresPerSecond: 2 } } })],
  ])('%s', (_what, rules) => {
    const r = promtool(['check', 'rules', 'rules.yml'], { 'rules.yml': rules });
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  test('every rule: 12 alerts, 4 recording rules', () => {
    expect(alertingRules(GROUPS).map((r) => r.alert)).toEqual(Object.values(AlertName));
    expect(recordingRules(GROUPS).map((r) => r.record).sort()).toEqual(Object.values(RecordingRuleName).sort());
    expect(promtool(['check', 'rules', 'rules.yml'], { 'rules.yml': RULES }).output).toContain('SUCCESS: 16 rules found');
  });

  test('fails when an expression does not parse (the check can fail)', () => {
    const r = promtool(['check', 'rules', 'rules.yml'], { 'rules.yml': RULES.replace('up{job="retina"} == 0', 'up{job="retina" == 0') });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/unexpected/);
  });
});

describeWithPrometheus('promtool test rules: every alert fires when it should and stays silent when it should not', () => {
  test('every alert has a case', () => {
    expect(CASES.map((c) => c.alert).sort()).toEqual(Object.values(AlertName).sort());
  });

  describe.each(CASES)('$alert', (c) => {
    const rule = alertingRules(GROUPS).find((r) => r.alert === c.alert)!;

    test(`fires, naming the node in its summary and description (${c.fires.at})`, () => {
      const r = promtool(['test', 'rules', 'test.yml'], { 'rules.yml': RULES, 'test.yml': unitTest(rule, c.fires.series, c.fires.at, c.fires) });
      expect(r.output).toContain('SUCCESS');
      expect(r.status).toBe(0);
      const labels = { ...c.fires.labels, ...rule.labels };
      const where = labels.instance ?? labels.cluster;
      expect(expand(rule.annotations.summary, labels, c.fires.value)).toContain(where);
      expect(expand(rule.annotations.description, labels, c.fires.value)).toMatch(new RegExp(`${where}[\\s\\S]*Next: `));
    });

    test(`stays silent for ${c.silent.what}`, () => {
      const r = promtool(['test', 'rules', 'test.yml'], { 'rules.yml': RULES, 'test.yml': unitTest(rule, c.silent.series, c.silent.at, undefined) });
      expect(r.output).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });
  });

  test('fails when the expected alert differs (the unit tests can fail)', () => {
    const c = CASES[0];
    const rule = alertingRules(GROUPS).find((r) => r.alert === c.alert)!;
    const r = promtool(['test', 'rules', 'test.yml'], { 'rules.yml': RULES, 'test.yml': unitTest(rule, c.silent.series, c.silent.at, c.fires) });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/FAILED/);
  });

  test('a changed threshold moves the line: 200 drops per second stay silent with dropsPerSecond 300, and fire with 150', () => {
    const c = CASES.find((x) => x.alert === AlertName.RETINA_PACKET_DROPS_HIGH)!;
    for (const [threshold, fires] of [[300, false], [150, true]] as const) {
      const rules = standaloneRules({ ...EVERYTHING, monitoring: { alerts: { dropsPerSecond: threshold } } });
      const rule = alertingRules(parse(rules).groups).find((r) => r.alert === c.alert)!;
      expect(rule.expr).toBe(`instance_reason:networkobservability_drop_count:rate5m > ${threshold}`);
      const r = promtool(['test', 'rules', 'test.yml'], { 'rules.yml': rules, 'test.yml': unitTest(rule, c.fires.series, c.fires.at, fires ? c.fires : undefined) });
      expect(r.output).toContain('SUCCESS');
    }
  });

  test('the recording rules keep cluster and node, and give rates per second', () => {
    const test = stringify({
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [
          { series: retina('networkobservability_drop_count', { reason: 'CONNTRACK_ADD_DROP', direction: 'unknown' }), values: '0+600x20' },
          { series: retina('networkobservability_interface_stats', { interface_name: 'all_interfaces', statistic_name: 'tx_errors' }), values: '0+120x20' },
          { series: retina('controlplane_networkobservability_lost_events_counter', { type: 'buffered_channel', reason: 'dns' }), values: '0+60x20' },
          { series: felix('felix_int_dataplane_failures'), values: '0+30x20' },
        ],
        promql_expr_test: [
          { expr: RecordingRuleName.DROPS, eval_time: '15m', exp_samples: [{ labels: `${RecordingRuleName.DROPS}{cluster="${CLUSTER}",instance="node-b",reason="CONNTRACK_ADD_DROP",direction="unknown"}`, value: 10 }] },
          { expr: RecordingRuleName.INTERFACE_ERRORS, eval_time: '15m', exp_samples: [{ labels: `${RecordingRuleName.INTERFACE_ERRORS}{cluster="${CLUSTER}",instance="node-b",statistic_name="tx_errors"}`, value: 2 }] },
          { expr: RecordingRuleName.LOST_EVENTS, eval_time: '15m', exp_samples: [{ labels: `${RecordingRuleName.LOST_EVENTS}{cluster="${CLUSTER}",instance="node-b",type="buffered_channel",reason="dns"}`, value: 1 }] },
          { expr: RecordingRuleName.FELIX_DATAPLANE_FAILURES, eval_time: '15m', exp_samples: [{ labels: `${RecordingRuleName.FELIX_DATAPLANE_FAILURES}{cluster="${CLUSTER}",instance="node-b"}`, value: 0.5 }] },
        ],
      }],
    });
    const r = promtool(['test', 'rules', 'test.yml'], { 'rules.yml': RULES, 'test.yml': test });
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});

test('rules follow the plugins: no drop alert without dropreason, no interface alert without linuxutil, no Calico rules without calico.metrics', () => {
  const alerts = (doc: Record<string, any>) => alertingRules(parse(standaloneRules(doc)).groups).map((r) => r.alert);
  expect(alerts({ retina: { plugins: ['dns'] } })).toEqual([
    'RetinaAgentDown', 'RetinaAgentsNotScraped', 'RetinaAgentRestarting', 'RetinaPluginReconcileFailed', 'RetinaLostEvents',
  ]);
  expect(alerts({})).not.toContain('CalicoFelixDown');
  expect(render(config(clusterDoc({ retina: { enabled: false } })))['monitoring'].map((o) => o.metadata.name)).not.toContain('prometheus-rules');
});

test('the rule file is mounted where rule_files looks for it (a path promtool check config resolves)', () => {
  const objects = render(config(clusterDoc()))['monitoring'];
  const promConfig = parse(find(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);
  const deployment = find(objects, 'Deployment', 'prometheus');
  const mount = deployment.spec.template.spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'rules');
  expect(promConfig.rule_files).toEqual([`${mount.mountPath}/*.yml`]);
  expect(path.posix.basename(Object.keys(find(objects, 'ConfigMap', 'prometheus-rules').data)[0])).toMatch(/\.yml$/);
});
