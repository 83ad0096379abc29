/**
 * The alerting and recording rules of a Calico + Retina cluster, as data: one list of rule groups
 * that standalone mode writes into a rule file (`rule_files` of its Prometheus) and
 * prometheus-operator mode into a PrometheusRule, with the same keys in both (`record`/`alert`,
 * `expr`, `for`, `labels`, `annotations`).
 *
 * Modelled on the kubernetes-mixin and node-exporter mixin: alerts named `<Component><Problem>`,
 * a `severity` label (`warning` or `critical`), recording rules named `level:metric:operations`
 * that keep `cluster`, and annotations whose `summary` names the node and whose `description`
 * says what is lost and what to do next. Every rule selects its series by the scrape job (the
 * standalone jobs' names, which the PodMonitors set too), so nothing else in a shared Prometheus
 * is read.
 *
 * Running totals are read with `rate()` over a window shorter than the alert's `for`: a total that
 * drops (an agent restart, or linuxutil's sum over interfaces losing a removed veth) looks like a
 * counter reset, and the spike it gives lasts one window, not the whole `for`.
 */
import { CalicoMetric, FelixSyncState } from '../calico/metrics';
import { LostEventType, PROCESS_START_TIME, RetinaHealthMetric, RetinaMetric } from '../retina/metrics';
import { RetinaPlugin } from '../retina/releases';
import { CLUSTER_LABEL, INSTANCE_LABEL, ScrapeJob } from './scrape-config';

/** `labels.severity` of an alert. */
export enum AlertSeverity {
  /** Something to look at during working hours: metrics missing, drops above normal. */
  WARNING = 'warning',
  /** The network itself is affected: policy and routes no longer reach a node. */
  CRITICAL = 'critical',
}

/** An alerting rule, with Prometheus' keys. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold; absent: at once. */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** A recording rule, with Prometheus' keys. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** A rule group, as in a rule file and in a PrometheusRule's `spec.groups`. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: ReadonlyArray<AlertingRule | RecordingRule>;
}

/** The configurable alert thresholds (the `monitoring.alerts` section). */
export interface AlertThresholds {
  /**
   * Dropped packets per second on one node for one drop reason (Retina's dropreason) above which
   * `RetinaPacketDropsHigh` fires, sustained for 15 minutes.
   * @default 100
   */
  readonly dropsPerSecond?: number;
  /**
   * NIC error and drop counters (Retina's linuxutil, summed over a node's interfaces) per second
   * above which `RetinaInterfaceErrors` fires, sustained for 15 minutes.
   * @default 1
   */
  readonly interfaceErrorsPerSecond?: number;
  /**
   * Events per second the agent loses (its DNS counts run low) above which `RetinaLostEvents` fires,
   * sustained for 15 minutes.
   * @default 0
   */
  readonly lostEventsPerSecond?: number;
  /**
   * Failed Felix dataplane updates per second above which `CalicoFelixDataplaneFailures` fires,
   * sustained for 15 minutes.
   * @default 0
   */
  readonly felixDataplaneFailuresPerSecond?: number;
}

/** The thresholds' defaults (README, "Alerts", says why each). */
export const DEFAULT_ALERT_THRESHOLDS: Required<AlertThresholds> = {
  dropsPerSecond: 100,
  interfaceErrorsPerSecond: 1,
  lostEventsPerSecond: 0,
  felixDataplaneFailuresPerSecond: 0,
};

/** What the rules are written for. */
export interface RuleOptions {
  /** The cluster's name (the `cluster` label every series carries). */
  readonly clusterName: string;
  /**
   * The Retina agent's enabled plugins; Retina rules only with Retina, and each plugin's rules
   * only with the plugin.
   * @default - no Retina rules
   */
  readonly retinaPlugins?: readonly RetinaPlugin[];
  /** Rules for Felix and Typha. @default false */
  readonly calicoMetrics?: boolean;
  readonly thresholds: Required<AlertThresholds>;
  /**
   * What to check when no Retina target exists at all (depends on who runs Prometheus).
   * @default - the targets page of calico-stack's Prometheus
   */
  readonly noTargetsHint?: string;
}

/** Names of the recording rules (`level:metric:operations`; every level keeps `cluster`). */
export enum RecordingRuleName {
  DROPS = 'instance_reason:networkobservability_drop_count:rate5m',
  INTERFACE_ERRORS = 'instance_statistic:networkobservability_interface_stats:rate5m',
  LOST_EVENTS = 'instance_reason:controlplane_networkobservability_lost_events_counter:rate10m',
  FELIX_DATAPLANE_FAILURES = 'instance:felix_int_dataplane_failures:rate5m',
}

/** Names of the alerts. */
export enum AlertName {
  RETINA_AGENT_DOWN = 'RetinaAgentDown',
  RETINA_AGENTS_NOT_SCRAPED = 'RetinaAgentsNotScraped',
  RETINA_AGENT_RESTARTING = 'RetinaAgentRestarting',
  RETINA_PLUGIN_RECONCILE_FAILED = 'RetinaPluginReconcileFailed',
  RETINA_LOST_EVENTS = 'RetinaLostEvents',
  RETINA_PACKET_DROPS_HIGH = 'RetinaPacketDropsHigh',
  RETINA_INTERFACE_ERRORS = 'RetinaInterfaceErrors',
  CALICO_FELIX_DOWN = 'CalicoFelixDown',
  CALICO_TYPHA_DOWN = 'CalicoTyphaDown',
  CALICO_FELIX_NOT_IN_SYNC = 'CalicoFelixNotInSync',
  CALICO_FELIX_DATAPLANE_FAILURES = 'CalicoFelixDataplaneFailures',
  CALICO_TYPHA_NO_CONNECTIONS = 'CalicoTyphaNoConnections',
}

/** Restarts of one agent within 30 minutes that make `RetinaAgentRestarting` fire. */
export const RETINA_AGENT_RESTARTS = 2;

const NODE = `{{ $labels.${INSTANCE_LABEL} }}`;
const CLUSTER = `{{ $labels.${CLUSTER_LABEL} }}`;
const VALUE = '{{ $value | humanize }}';
const RETINA_PODS = 'kubectl -n kube-system get pods -l app.kubernetes.io/name=retina -o wide';
const CALICO_NODE_PODS = 'kubectl -n calico-system get pods -l k8s-app=calico-node -o wide';

/** `sum by (cluster, instance, ...) (rate(metric{job}[window]))`. */
function ratePerInstance(metric: string, job: ScrapeJob, window: string, by: readonly string[]): string {
  return `sum by (${[CLUSTER_LABEL, INSTANCE_LABEL, ...by].join(', ')}) (rate(${metric}{job="${job}"}[${window}]))`;
}

/** A PromQL number: thresholds are written as given (`100`, `0.5`). */
function num(value: number): string {
  return String(value);
}

/** The rule groups for the cluster: recording rules first, then the alerts, per component. */
export function ruleGroups(options: RuleOptions): RuleGroup[] {
  const groups: RuleGroup[] = [];
  if (options.retinaPlugins) groups.push(...retinaGroups(options, options.retinaPlugins));
  if (options.calicoMetrics) groups.push(...calicoGroups(options));
  return groups;
}

function retinaGroups(options: RuleOptions, plugins: readonly RetinaPlugin[]): RuleGroup[] {
  const t = options.thresholds;
  const job = ScrapeJob.RETINA;
  const has = (p: RetinaPlugin) => plugins.includes(p);
  const recording: RecordingRule[] = [
    ...(has(RetinaPlugin.DROP_REASON) ? [{ record: RecordingRuleName.DROPS, expr: ratePerInstance(RetinaMetric.DROP_COUNT, job, '5m', ['reason', 'direction']) }] : []),
    ...(has(RetinaPlugin.LINUX_UTIL) ? [{ record: RecordingRuleName.INTERFACE_ERRORS, expr: ratePerInstance(RetinaMetric.INTERFACE_STATS, job, '5m', ['statistic_name']) }] : []),
    { record: RecordingRuleName.LOST_EVENTS, expr: ratePerInstance(RetinaHealthMetric.LOST_EVENTS, job, '10m', ['type', 'reason']) },
  ];
  const alerts: AlertingRule[] = [
    {
      alert: AlertName.RETINA_AGENT_DOWN,
      expr: `up{job="${job}"} == 0`,
      for: '5m',
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Retina agent on node ${NODE} is down`,
        description: `Prometheus has not been able to scrape the Retina agent on node ${NODE} (cluster ${CLUSTER}) for 5 minutes, so that node's drop, forwarding, DNS and socket metrics are missing. `
          + `Next: ${RETINA_PODS} --field-selector spec.nodeName=${NODE}, then the agent's logs (kubectl -n kube-system logs <pod> -c retina --previous); `
          + 'if the pod runs, check that TCP 10093 on the node is reachable from Prometheus (npm run plan lists it).',
      },
    },
    {
      alert: AlertName.RETINA_AGENTS_NOT_SCRAPED,
      // absent() keeps the equality matchers as labels: the alert carries job and cluster.
      expr: `absent(up{job="${job}", ${CLUSTER_LABEL}="${options.clusterName}"})`,
      for: '10m',
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `No Retina agent is scraped in cluster ${CLUSTER}`,
        description: `Prometheus has had no Retina target at all in cluster ${CLUSTER} for 10 minutes: every Retina panel is empty and no Retina alert can fire. `
          + `Next: kubectl -n kube-system get daemonset retina-agent (are agent pods scheduled?), then ${options.noTargetsHint ?? 'Status → Targets of calico-stack\'s Prometheus (is the retina job there?)'}.`,
      },
    },
    {
      alert: AlertName.RETINA_AGENT_RESTARTING,
      expr: `changes(${PROCESS_START_TIME}{job="${job}"}[30m]) >= ${RETINA_AGENT_RESTARTS}`,
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Retina agent on node ${NODE} keeps restarting`,
        description: `The Retina agent on node ${NODE} (cluster ${CLUSTER}) restarted ${VALUE} times in the last 30 minutes; between restarts its metrics start again from zero. `
          + `Next: the logs of the previous run (kubectl -n kube-system logs <pod> -c retina --previous; find the pod with ${RETINA_PODS} --field-selector spec.nodeName=${NODE}): `
          + 'a plugin that fails to start (failed to reconcile plugin) makes the agent exit, and so do eBPF programs the node\'s kernel refuses.',
      },
    },
    {
      alert: AlertName.RETINA_PLUGIN_RECONCILE_FAILED,
      // The agent exits right after counting the failure: keep any value seen in the last 15 minutes.
      expr: `max by (${CLUSTER_LABEL}, ${INSTANCE_LABEL}, reason) (max_over_time(${RetinaHealthMetric.PLUGIN_RECONCILE_FAILURES}{job="${job}"}[15m])) > 0`,
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Retina plugin {{ $labels.reason }} failed to start on node ${NODE}`,
        description: `The Retina agent on node ${NODE} (cluster ${CLUSTER}) could not reconcile its plugin {{ $labels.reason }}; the agent exits when that happens, so its pod restarts and the plugin's metrics stay missing. `
          + `Next: kubectl -n kube-system logs <pod> -c retina --previous (find the pod with ${RETINA_PODS} --field-selector spec.nodeName=${NODE}) and look for "failed to reconcile plugin"; `
          + 'the usual cause is a kernel without the BTF or eBPF support the plugin needs: upgrade the node\'s kernel, or remove the plugin from retina.plugins.',
      },
    },
    {
      alert: AlertName.RETINA_LOST_EVENTS,
      expr: `${RecordingRuleName.LOST_EVENTS} > ${num(t.lostEventsPerSecond)}`,
      for: '15m',
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Retina on node ${NODE} is losing {{ $labels.reason }} events`,
        description: `The Retina agent on node ${NODE} (cluster ${CLUSTER}) has been losing ${VALUE} {{ $labels.reason }} events per second (where: {{ $labels.type }}) for 15 minutes, so that node's counts run low (for the dns plugin: DNS requests and responses). `
          + `${LostEventType.KERNEL}: the kernel's buffer filled before the agent read it; ${LostEventType.BUFFERED_CHANNEL}: the agent could not keep up. `
          + 'Next: check whether the agent is throttled (kubectl -n kube-system top pod, its CPU limit is 500m) and how much DNS traffic the node carries; the drop and socket metrics are not affected.',
      },
    },
  ];
  if (has(RetinaPlugin.DROP_REASON)) {
    alerts.push({
      alert: AlertName.RETINA_PACKET_DROPS_HIGH,
      expr: `${RecordingRuleName.DROPS} > ${num(t.dropsPerSecond)}`,
      for: '15m',
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Node ${NODE} drops ${VALUE} packets per second ({{ $labels.reason }})`,
        description: `The kernel of node ${NODE} (cluster ${CLUSTER}) has been dropping ${VALUE} packets per second with reason {{ $labels.reason }} (direction {{ $labels.direction }}) for 15 minutes. `
          + 'IPTABLE_RULE_DROP: a firewall or network-policy rule (Calico policy denials land here); IPTABLE_NAT_DROP: NAT failed; CONNTRACK_ADD_DROP: the conntrack table is full; TCP_CONNECT_BASIC, TCP_ACCEPT_BASIC, TCP_CLOSE_BASIC: failed TCP connects, accepts and closes. '
          + `Next: the Retina / Nodes dashboard (Drops row) for node ${NODE}; for policy drops, the policies that select the node's pods (Whisker shows denied flows from Calico v3.30); `
          + 'for conntrack drops, compare net.netfilter.nf_conntrack_count with nf_conntrack_max on the node.',
      },
    });
  }
  if (has(RetinaPlugin.LINUX_UTIL)) {
    alerts.push({
      alert: AlertName.RETINA_INTERFACE_ERRORS,
      expr: `${RecordingRuleName.INTERFACE_ERRORS} > ${num(t.interfaceErrorsPerSecond)}`,
      for: '15m',
      labels: { severity: AlertSeverity.WARNING },
      annotations: {
        summary: `Network interfaces of node ${NODE} count {{ $labels.statistic_name }}`,
        description: `The NIC counter {{ $labels.statistic_name }} of node ${NODE} (cluster ${CLUSTER}, summed over its interfaces) has been rising by ${VALUE} per second for 15 minutes: packets are lost below IP. `
          + 'Next: on the node, ethtool -S <interface> | grep -E "err|drop" to find the interface; then check its link, the MTU (IP-in-IP costs 20 bytes, VXLAN 50) and, on a cloud VM, the instance type\'s network allowances.',
      },
    });
  }
  return [
    { name: 'calico-stack.retina.rules', rules: recording },
    { name: 'calico-stack.retina', rules: alerts },
  ];
}

function calicoGroups(options: RuleOptions): RuleGroup[] {
  const t = options.thresholds;
  const down = (alert: AlertName, job: ScrapeJob, what: string, pods: string): AlertingRule => ({
    alert,
    expr: `up{job="${job}"} == 0`,
    for: '5m',
    labels: { severity: AlertSeverity.WARNING },
    annotations: {
      summary: `${what} on node ${NODE} is not scraped`,
      description: `Prometheus has not been able to scrape ${what} on node ${NODE} (cluster ${CLUSTER}) for 5 minutes, so the Calico alerts cannot see it. `
        + `Next: ${pods} --field-selector spec.nodeName=${NODE}; if the pod runs, check that the Installation has the metrics port (calico.metrics renders nodeMetricsPort 9091 and typhaMetricsPort 9093) and that the port is reachable from Prometheus (npm run plan lists it).`,
    },
  });
  return [
    {
      name: 'calico-stack.calico.rules',
      rules: [{ record: RecordingRuleName.FELIX_DATAPLANE_FAILURES, expr: ratePerInstance(CalicoMetric.FELIX_INT_DATAPLANE_FAILURES, ScrapeJob.FELIX, '5m', []) }],
    },
    {
      name: 'calico-stack.calico',
      rules: [
        down(AlertName.CALICO_FELIX_DOWN, ScrapeJob.FELIX, 'Felix (calico-node)', CALICO_NODE_PODS),
        down(AlertName.CALICO_TYPHA_DOWN, ScrapeJob.TYPHA, 'Typha', 'kubectl -n calico-system get pods -l k8s-app=calico-typha -o wide'),
        {
          alert: AlertName.CALICO_FELIX_NOT_IN_SYNC,
          expr: `max by (${CLUSTER_LABEL}, ${INSTANCE_LABEL}) (${CalicoMetric.FELIX_RESYNC_STATE}{job="${ScrapeJob.FELIX}"}) != ${FelixSyncState.IN_SYNC}`,
          for: '10m',
          labels: { severity: AlertSeverity.CRITICAL },
          annotations: {
            summary: `Felix on node ${NODE} is not in sync with the datastore`,
            description: `Felix on node ${NODE} (cluster ${CLUSTER}) has reported datastore state ${VALUE} for 10 minutes (${FelixSyncState.WAIT_FOR_DATASTORE}: waiting for the datastore, ${FelixSyncState.RESYNC_IN_PROGRESS}: resyncing, ${FelixSyncState.IN_SYNC}: in sync), so new policies, endpoints and routes do not reach that node. `
              + `Next: the calico-node logs on that node (${CALICO_NODE_PODS} --field-selector spec.nodeName=${NODE}; kubectl -n calico-system logs <pod> -c calico-node), kubectl get tigerastatus, `
              + 'and whether the node reaches Typha on TCP 5473 (npm run plan lists it).',
          },
        },
        {
          alert: AlertName.CALICO_FELIX_DATAPLANE_FAILURES,
          expr: `${RecordingRuleName.FELIX_DATAPLANE_FAILURES} > ${num(t.felixDataplaneFailuresPerSecond)}`,
          for: '15m',
          labels: { severity: AlertSeverity.CRITICAL },
          annotations: {
            summary: `Felix on node ${NODE} fails to program the dataplane`,
            description: `Felix on node ${NODE} (cluster ${CLUSTER}) has been failing ${VALUE} dataplane updates per second for 15 minutes; it retries, but until an update succeeds that node runs with stale policy and routes. `
              + `Next: kubectl -n calico-system logs <pod> -c calico-node on that node (${CALICO_NODE_PODS} --field-selector spec.nodeName=${NODE}) and look for the failing iptables, nftables or BPF command; `
              + 'another program writing the same tables (kube-proxy in the other mode, a host firewall) is a common cause.',
          },
        },
        {
          alert: AlertName.CALICO_TYPHA_NO_CONNECTIONS,
          expr: `max by (${CLUSTER_LABEL}, ${INSTANCE_LABEL}) (${CalicoMetric.TYPHA_CONNECTIONS_ACTIVE}{job="${ScrapeJob.TYPHA}"}) == 0`,
          for: '15m',
          labels: { severity: AlertSeverity.WARNING },
          annotations: {
            summary: `Typha on node ${NODE} has no calico-node connected`,
            description: `Typha on node ${NODE} (cluster ${CLUSTER}) has had no client for 15 minutes. Typha spreads the calico-node clients over its replicas, so one idle replica in a cluster with several is possible for a while, but if every Typha fires this, no Felix receives datastore updates. `
              + 'Next: kubectl -n calico-system logs deploy/calico-typha and the calico-node logs for Typha connection errors; every node must reach Typha on TCP 5473 (npm run plan lists it).',
          },
        },
      ],
    },
  ];
}

/** The alerting rules of the groups. */
export function alertingRules(groups: readonly RuleGroup[]): AlertingRule[] {
  return groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
}

/** The recording rules of the groups. */
export function recordingRules(groups: readonly RuleGroup[]): RecordingRule[] {
  return groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => 'record' in r));
}
