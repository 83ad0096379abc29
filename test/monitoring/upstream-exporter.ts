/**
 * A small stand-in for the exporters calico-stack scrapes, serving metric families shaped exactly
 * as upstream emits them: names, types, label names and label values, in the text exposition
 * format (upstream's handlers do not offer OpenMetrics, so counters carry no `_total` suffix).
 * Values move with time, as a running agent's do; a troubled node's running totals grow fast
 * enough that the rules' 5- and 10-minute rates, which in a test see only a few seconds of samples,
 * are above the default thresholds. No upstream text (help strings) is copied. Every name and value
 * is written out here, not taken from calico-stack's catalog: a wrong name there must fail the
 * tests, not rename the stand-in too.
 *
 * Where each family comes from:
 *
 * Retina v1.2.6, basic mode (microsoft/retina at tag v1.2.6). The agent serves every family on
 * `/metrics` of port 10093 with `promhttp.HandlerFor(exporter.CombinedGatherer, HandlerOpts{})`
 * (pkg/server/server.go:61), text format only.
 * - prefix `networkobservability_` / `controlplane_networkobservability_`: pkg/exporter/prometheusexporter.go:11-12;
 * - names: pkg/utils/metric_names.go:14-27, pkg/metrics/types.go:13-14; label names: pkg/utils/attr_utils.go;
 *   types (GaugeVec, CounterVec) and label sets: pkg/metrics/metrics.go:24-138;
 * - `drop_count` / `drop_bytes` {reason, direction}: reason from pkg/utils/metadata_linux.pb.go
 *   `DropReason` (IPTABLE_RULE_DROP ...), direction `egress` for TCP_CONNECT_BASIC, `ingress` for
 *   TCP_ACCEPT_BASIC, else `unknown` (pkg/plugin/dropreason/types_linux.go `getDirection`); a child
 *   exists once a drop of that kind happened (the eBPF map gets the key on the first drop);
 * - `forward_count` / `forward_bytes` {direction}: `ingress` and `egress`, set on every interval
 *   (pkg/plugin/packetforward/packetforward_linux.go:86-91);
 * - `dns_request_count` / `dns_response_count`: counters without labels, created on the first DNS
 *   packet (pkg/plugin/dns/dns_linux.go:192-194);
 * - `tcp_state` {state}: go-netstat's state names (ESTABLISHED, LISTEN, TIME_WAIT, ...: cakturk/go-netstat
 *   netstat/netstat_linux.go:46-58, the module v1.2.6 uses);
 *   `tcp_connection_remote` {address="AllIPs"}; `udp_connection_stats` {statistic_name="ACTIVE"}
 *   (pkg/plugin/linuxutil/netstat_stats_linux.go:22, :233-248; pkg/utils/attr_utils.go:48);
 * - `tcp_connection_stats` / `ip_connection_stats` {statistic_name}: the curated TcpExt, MPTcpExt
 *   and IpExt keys (pkg/plugin/linuxutil/types_linux.go `netstatCuratedKeys`: TCPTimeouts,
 *   ListenDrops, InCsumErrors, ...), only those that are not zero;
 * - `interface_stats` {interface_name="all_interfaces", statistic_name}: ethtool counters whose name
 *   contains `err` or `drop`, summed over the node's interfaces, only non-zero ones
 *   (pkg/plugin/linuxutil/ethtool_stats_linux.go `processStats`, `updateMetrics`; the counter names
 *   are the NIC driver's: `rx_drops` and `tx_errors` stand for them here);
 * - `controlplane_networkobservability_plugin_manager_failed_to_reconcile` {reason = plugin name}
 *   (pkg/managers/pluginmanager/pluginmanager.go:167) and `..._lost_events_counter` {type, reason}
 *   with type `kernel` / `buffered_channel` and reason the plugin (pkg/plugin/dns/dns_linux.go:156-163,
 *   pkg/utils/attr_utils.go:62-65): counters created on their first event;
 * - `process_start_time_seconds`: the Go client's process collector on the default registry the
 *   agent uses (prometheus/client_golang prometheus/registry.go:60-62).
 *
 * Felix and Typha (projectcalico/calico, the same at v3.28.2, v3.30.7, v3.31.7 and v3.32.1), served
 * by `promhttp.Handler()` (libcalico-go/lib/metricsserver/metrics_server.go:28), plain gauges and
 * counters without labels, registered at start so present from the first scrape:
 * `felix_resync_state` (1 waiting, 2 resyncing, 3 in sync), `felix_resyncs_started`
 * (felix/calc/async_calc_graph.go:37-50), `felix_active_local_endpoints`, `felix_active_local_policies`
 * (felix/calc/policy_resolver.go), `felix_cluster_num_hosts`, `felix_cluster_num_workload_endpoints`
 * (felix/calc/stats_collector.go), `felix_int_dataplane_failures` (felix/dataplane/linux/int_dataplane.go:105-108),
 * `typha_connections_accepted`, `typha_connections_dropped`, `typha_connections_active`
 * (typha/pkg/syncserver/sync_server.go:58-72).
 */

type Labels = Readonly<Record<string, string>>;

/** One metric family: its type and its series (labels and value). */
interface Family {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly series: ReadonlyArray<readonly [Labels, number]>;
}

function exposition(families: readonly Family[]): string {
  return families.filter((f) => f.series.length > 0).map((f) => [
    `# TYPE ${f.name} ${f.type}`,
    ...f.series.map(([labels, value]) => {
      const text = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
      return `${f.name}${text ? `{${text}}` : ''} ${value}`;
    }),
  ].join('\n')).join('\n').concat('\n');
}

/** How a stand-in behaves. */
export enum Health {
  /** A quiet, healthy node: no drops, no DNS yet, no non-zero statistics, nothing lost. */
  HEALTHY = 'healthy',
  /** A node with every problem the alerts look for. */
  TROUBLED = 'troubled',
}

/** A running total that grows by `perSecond` from `since` (ms), as an agent's totals do. */
function total(since: number, perSecond: number): number {
  return Math.floor(((Date.now() - since) / 1000) * perSecond);
}

/** The Retina agent's `/metrics` (basic mode, plugins dropreason, packetforward, linuxutil, dns). */
export function retinaMetrics(health: Health, since: number): string {
  const troubled = health === Health.TROUBLED;
  const t = (perSecond: number) => total(since, perSecond);
  return exposition([
    {
      name: 'networkobservability_drop_count', type: 'gauge', series: troubled ? [
        [{ reason: 'IPTABLE_RULE_DROP', direction: 'unknown' }, t(50_000)],
        [{ reason: 'TCP_CONNECT_BASIC', direction: 'egress' }, t(2)],
      ] : [],
    },
    {
      name: 'networkobservability_drop_bytes', type: 'gauge', series: troubled ? [
        [{ reason: 'IPTABLE_RULE_DROP', direction: 'unknown' }, t(50_000 * 60)],
        [{ reason: 'TCP_CONNECT_BASIC', direction: 'egress' }, t(2 * 74)],
      ] : [],
    },
    { name: 'networkobservability_forward_count', type: 'gauge', series: [[{ direction: 'ingress' }, t(800)], [{ direction: 'egress' }, t(700)]] },
    { name: 'networkobservability_forward_bytes', type: 'gauge', series: [[{ direction: 'ingress' }, t(800 * 900)], [{ direction: 'egress' }, t(700 * 600)]] },
    { name: 'networkobservability_dns_request_count', type: 'counter', series: troubled ? [[{}, t(30)]] : [] },
    { name: 'networkobservability_dns_response_count', type: 'counter', series: troubled ? [[{}, t(29)]] : [] },
    { name: 'networkobservability_tcp_state', type: 'gauge', series: [[{ state: 'ESTABLISHED' }, 42], [{ state: 'LISTEN' }, 12], [{ state: 'TIME_WAIT' }, 3]] },
    { name: 'networkobservability_tcp_connection_remote', type: 'gauge', series: [[{ address: 'AllIPs' }, 45]] },
    {
      name: 'networkobservability_tcp_connection_stats', type: 'gauge', series: troubled ? [
        [{ statistic_name: 'TCPTimeouts' }, t(3)], [{ statistic_name: 'ListenDrops' }, t(1)],
      ] : [],
    },
    { name: 'networkobservability_ip_connection_stats', type: 'gauge', series: troubled ? [[{ statistic_name: 'InCsumErrors' }, t(1)]] : [] },
    { name: 'networkobservability_udp_connection_stats', type: 'gauge', series: [[{ statistic_name: 'ACTIVE' }, 5]] },
    {
      name: 'networkobservability_interface_stats', type: 'gauge', series: troubled ? [
        [{ interface_name: 'all_interfaces', statistic_name: 'rx_drops' }, t(2_000)],
        [{ interface_name: 'all_interfaces', statistic_name: 'tx_errors' }, t(0.5)],
      ] : [],
    },
    { name: 'controlplane_networkobservability_plugin_manager_failed_to_reconcile', type: 'counter', series: troubled ? [[{ reason: 'dropreason' }, 1]] : [] },
    { name: 'controlplane_networkobservability_lost_events_counter', type: 'counter', series: troubled ? [[{ type: 'kernel', reason: 'dns' }, t(5)]] : [] },
    // A troubled agent keeps restarting: a new start time at every scrape.
    { name: 'process_start_time_seconds', type: 'gauge', series: [[{}, troubled ? Date.now() / 1000 : since / 1000]] },
  ]);
}

/** Felix's `/metrics` (calico-node, nodeMetricsPort 9091). */
export function felixMetrics(health: Health, since: number): string {
  const troubled = health === Health.TROUBLED;
  return exposition([
    { name: 'felix_resync_state', type: 'gauge', series: [[{}, troubled ? 2 : 3]] },
    { name: 'felix_resyncs_started', type: 'counter', series: [[{}, troubled ? 1 + total(since, 0.2) : 1]] },
    { name: 'felix_active_local_endpoints', type: 'gauge', series: [[{}, 7]] },
    { name: 'felix_active_local_policies', type: 'gauge', series: [[{}, 4]] },
    { name: 'felix_cluster_num_hosts', type: 'gauge', series: [[{}, 3]] },
    { name: 'felix_cluster_num_workload_endpoints', type: 'gauge', series: [[{}, 21]] },
    { name: 'felix_int_dataplane_failures', type: 'counter', series: [[{}, troubled ? total(since, 3) : 0]] },
  ]);
}

/** Typha's `/metrics` (calico-typha, typhaMetricsPort 9093). */
export function typhaMetrics(health: Health): string {
  const troubled = health === Health.TROUBLED;
  return exposition([
    { name: 'typha_connections_accepted', type: 'counter', series: [[{}, troubled ? 4 : 3]] },
    { name: 'typha_connections_dropped', type: 'counter', series: [[{}, troubled ? 4 : 0]] },
    { name: 'typha_connections_active', type: 'gauge', series: [[{}, troubled ? 0 : 3]] },
  ]);
}
