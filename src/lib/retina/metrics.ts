/**
 * The metrics the Retina agent exports in basic mode (node level), by plugin: the one list the
 * dashboards are built from and the tests check them against. Names carry the exporter's prefix
 * `networkobservability_`; labels are the ones the agent sets itself (Prometheus adds `job`,
 * `instance` and calico-stack's scrape job adds `cluster`).
 */
import { RetinaPlugin } from './releases';

/** Every basic-mode metric name the Linux agent exports. */
export enum RetinaMetric {
  DROP_COUNT = 'networkobservability_drop_count',
  DROP_BYTES = 'networkobservability_drop_bytes',
  FORWARD_COUNT = 'networkobservability_forward_count',
  FORWARD_BYTES = 'networkobservability_forward_bytes',
  DNS_REQUEST_COUNT = 'networkobservability_dns_request_count',
  DNS_RESPONSE_COUNT = 'networkobservability_dns_response_count',
  TCP_STATE = 'networkobservability_tcp_state',
  TCP_CONNECTION_REMOTE = 'networkobservability_tcp_connection_remote',
  TCP_CONNECTION_STATS = 'networkobservability_tcp_connection_stats',
  IP_CONNECTION_STATS = 'networkobservability_ip_connection_stats',
  UDP_CONNECTION_STATS = 'networkobservability_udp_connection_stats',
  INTERFACE_STATS = 'networkobservability_interface_stats',
}

/** How a value moves over time, which decides whether a query takes its rate. */
export enum MetricKind {
  /** A running total (the agent exports totals read from eBPF maps and /proc as gauges): graph its rate. */
  CUMULATIVE = 'cumulative',
  /** A current level (sockets in a state): graph it as is. */
  CURRENT = 'current',
}

/** Label names the agent sets. */
export enum RetinaLabel {
  REASON = 'reason',
  DIRECTION = 'direction',
  STATE = 'state',
  ADDRESS = 'address',
  STATISTIC_NAME = 'statistic_name',
  INTERFACE_NAME = 'interface_name',
}

/** What calico-stack knows of one basic-mode metric. */
export interface RetinaMetricFacts {
  readonly name: RetinaMetric;
  /** The plugin that exports it; without the plugin the metric does not exist. */
  readonly plugin: RetinaPlugin;
  readonly kind: MetricKind;
  /** Labels every supported release sets (v1.2.6 dropped the DNS labels v0.0.16 had). */
  readonly labels: readonly RetinaLabel[];
}

const { REASON, DIRECTION, STATE, ADDRESS, STATISTIC_NAME, INTERFACE_NAME } = RetinaLabel;
const { CUMULATIVE, CURRENT } = MetricKind;

/** Basic-mode metrics of the Linux agent (dropreason, packetforward, dns, linuxutil). */
export const BASIC_MODE_METRICS: readonly RetinaMetricFacts[] = [
  { name: RetinaMetric.DROP_COUNT, plugin: RetinaPlugin.DROP_REASON, kind: CUMULATIVE, labels: [REASON, DIRECTION] },
  { name: RetinaMetric.DROP_BYTES, plugin: RetinaPlugin.DROP_REASON, kind: CUMULATIVE, labels: [REASON, DIRECTION] },
  { name: RetinaMetric.FORWARD_COUNT, plugin: RetinaPlugin.PACKET_FORWARD, kind: CUMULATIVE, labels: [DIRECTION] },
  { name: RetinaMetric.FORWARD_BYTES, plugin: RetinaPlugin.PACKET_FORWARD, kind: CUMULATIVE, labels: [DIRECTION] },
  { name: RetinaMetric.DNS_REQUEST_COUNT, plugin: RetinaPlugin.DNS, kind: CUMULATIVE, labels: [] },
  { name: RetinaMetric.DNS_RESPONSE_COUNT, plugin: RetinaPlugin.DNS, kind: CUMULATIVE, labels: [] },
  { name: RetinaMetric.TCP_STATE, plugin: RetinaPlugin.LINUX_UTIL, kind: CURRENT, labels: [STATE] },
  // v1.2.6 always writes address="AllIPs".
  { name: RetinaMetric.TCP_CONNECTION_REMOTE, plugin: RetinaPlugin.LINUX_UTIL, kind: CURRENT, labels: [ADDRESS] },
  // Curated non-zero TcpExt/MPTcpExt counters, e.g. TCPTimeouts, ListenDrops (the agent's spelling).
  { name: RetinaMetric.TCP_CONNECTION_STATS, plugin: RetinaPlugin.LINUX_UTIL, kind: CUMULATIVE, labels: [STATISTIC_NAME] },
  { name: RetinaMetric.IP_CONNECTION_STATS, plugin: RetinaPlugin.LINUX_UTIL, kind: CUMULATIVE, labels: [STATISTIC_NAME] },
  // statistic_name="ACTIVE": open UDP sockets.
  { name: RetinaMetric.UDP_CONNECTION_STATS, plugin: RetinaPlugin.LINUX_UTIL, kind: CURRENT, labels: [STATISTIC_NAME] },
  // v1.2.6: only ethtool counters whose name contains err or drop, summed as interface_name="all_interfaces".
  { name: RetinaMetric.INTERFACE_STATS, plugin: RetinaPlugin.LINUX_UTIL, kind: CUMULATIVE, labels: [INTERFACE_NAME, STATISTIC_NAME] },
];

/** `statistic_name` of the open-UDP-sockets series of {@link RetinaMetric.UDP_CONNECTION_STATS}. */
export const UDP_ACTIVE_STATISTIC = 'ACTIVE';

/** The facts of one metric. */
export function retinaMetric(name: RetinaMetric): RetinaMetricFacts {
  return BASIC_MODE_METRICS.find((m) => m.name === name)!;
}

/**
 * Basic-mode series that exist only once something happened on the node: the agent creates a
 * labelled child of a metric vector on its first event (a drop, a DNS packet) or writes only
 * counters that are not zero (linuxutil's netstat and ethtool statistics). A quiet node has none of
 * them, so a panel or rule reading only these shows nothing for it.
 * (microsoft/retina v1.2.6: pkg/plugin/dropreason/dropreason_linux.go `processMapValue`,
 * pkg/plugin/dns/dns_linux.go `handleDNSEvent`, pkg/plugin/linuxutil/ethtool_stats_linux.go
 * `processStats`, netstat_stats_linux.go `processConnFields`.)
 */
export const EVENT_DRIVEN_METRICS: readonly RetinaMetric[] = [
  RetinaMetric.DROP_COUNT, RetinaMetric.DROP_BYTES, RetinaMetric.DNS_REQUEST_COUNT, RetinaMetric.DNS_RESPONSE_COUNT,
  RetinaMetric.TCP_CONNECTION_STATS, RetinaMetric.IP_CONNECTION_STATS, RetinaMetric.INTERFACE_STATS,
];

/**
 * The agent's own health counters (prefix `controlplane_networkobservability_`, served on the same
 * `/metrics` as the basic-mode metrics): microsoft/retina v1.2.6 pkg/metrics/metrics.go (the
 * counter vectors), pkg/metrics/types.go (the names), pkg/exporter/prometheusexporter.go (the
 * prefix). Both are counters created on their first event: a healthy agent exports neither.
 */
export enum RetinaHealthMetric {
  /**
   * Label `reason`: the plugin that failed. Incremented when the plugin manager cannot reconcile a
   * plugin at start (pkg/managers/pluginmanager/pluginmanager.go), after which the agent exits
   * (pkg/managers/controllermanager/controllermanager.go panics on the error) and its pod restarts:
   * a scrape sees it only if one lands in between.
   */
  PLUGIN_RECONCILE_FAILURES = 'controlplane_networkobservability_plugin_manager_failed_to_reconcile',
  /**
   * Labels `type` (where: {@link LostEventType}) and `reason` (the plugin). In basic mode only the
   * dns plugin reads events (its perf buffer), so lost events mean DNS counts that run low.
   */
  LOST_EVENTS = 'controlplane_networkobservability_lost_events_counter',
}

/** `type` of {@link RetinaHealthMetric.LOST_EVENTS} (pkg/utils/attr_utils.go). */
export enum LostEventType {
  /** The kernel's perf buffer overflowed before the agent read it. */
  KERNEL = 'kernel',
  /** The agent's own channel was full. */
  BUFFERED_CHANNEL = 'buffered_channel',
  EXTERNAL_CHANNEL = 'external_channel',
  ENRICHER_RING = 'enricher_ring',
}

/**
 * Set by the Go client library's process collector, which the agent's default registry carries
 * (prometheus/client_golang prometheus/registry.go `init`): changes when the agent restarts.
 */
export const PROCESS_START_TIME = 'process_start_time_seconds';

/** `reason` of {@link RetinaMetric.DROP_COUNT} on Linux (pkg/utils/metadata_linux.pb.go `DropReason`). */
export const DROP_REASONS = [
  'IPTABLE_RULE_DROP', 'IPTABLE_NAT_DROP', 'TCP_CONNECT_BASIC', 'TCP_ACCEPT_BASIC', 'TCP_CLOSE_BASIC', 'CONNTRACK_ADD_DROP', 'UNKNOWN_DROP',
] as const;
