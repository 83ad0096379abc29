/**
 * Calico's own Prometheus metrics: Felix (in calico-node) and Typha serve them on the node's
 * address (both run on the host network) once the Installation sets `nodeMetricsPort` and
 * `typhaMetricsPort`; the operator leaves them off by default. The pods are the operator's, in
 * `calico-system`, selected by their `k8s-app` label and container name.
 */

/** Where a component's metrics are found: what a pod-role scrape job selects. */
export interface CalicoMetricsSource {
  readonly namespace: string;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly containerName: string;
  readonly metricsPort: number;
}

/** The namespace the operator runs calico-node and Typha in. */
export const CALICO_SYSTEM_NAMESPACE = 'calico-system';

/** Felix, in the calico-node DaemonSet; `nodeMetricsPort` (Felix's PrometheusMetricsPort default). */
export const FELIX_METRICS: CalicoMetricsSource = {
  namespace: CALICO_SYSTEM_NAMESPACE,
  selectorLabels: { 'k8s-app': 'calico-node' },
  containerName: 'calico-node',
  metricsPort: 9091,
};

/** Typha, in the calico-typha Deployment; `typhaMetricsPort` (Typha's conventional metrics port). */
export const TYPHA_METRICS: CalicoMetricsSource = {
  namespace: CALICO_SYSTEM_NAMESPACE,
  selectorLabels: { 'k8s-app': 'calico-typha' },
  containerName: 'calico-typha',
  metricsPort: 9093,
};

/**
 * Felix and Typha metrics the dashboard and the rules read, as Felix and Typha export them: plain
 * gauges and counters registered at start, so present from the first scrape, without labels, and
 * counters without a `_total` suffix (served in the text format by libcalico-go's metrics server).
 * Same names in every supported release (projectcalico/calico v3.28.2 to v3.32.1:
 * felix/calc/policy_resolver.go, felix/calc/stats_collector.go, felix/calc/async_calc_graph.go,
 * felix/dataplane/linux/int_dataplane.go, typha/pkg/syncserver/sync_server.go).
 */
export enum CalicoMetric {
  /** Felix's datastore state: {@link FelixSyncState}. */
  FELIX_RESYNC_STATE = 'felix_resync_state',
  FELIX_ACTIVE_LOCAL_ENDPOINTS = 'felix_active_local_endpoints',
  FELIX_ACTIVE_LOCAL_POLICIES = 'felix_active_local_policies',
  FELIX_CLUSTER_NUM_HOSTS = 'felix_cluster_num_hosts',
  FELIX_CLUSTER_NUM_WORKLOAD_ENDPOINTS = 'felix_cluster_num_workload_endpoints',
  FELIX_INT_DATAPLANE_FAILURES = 'felix_int_dataplane_failures',
  FELIX_RESYNCS_STARTED = 'felix_resyncs_started',
  TYPHA_CONNECTIONS_ACTIVE = 'typha_connections_active',
  TYPHA_CONNECTIONS_ACCEPTED = 'typha_connections_accepted',
  TYPHA_CONNECTIONS_DROPPED = 'typha_connections_dropped',
}

/**
 * Values of {@link CalicoMetric.FELIX_RESYNC_STATE} (felix/calc/async_calc_graph.go
 * `statusToGaugeValue`); 0 until Felix first reports a state.
 */
export enum FelixSyncState {
  WAIT_FOR_DATASTORE = 1,
  RESYNC_IN_PROGRESS = 2,
  IN_SYNC = 3,
}
