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

/** Felix and Typha metrics the Calico dashboard reads (names as Felix and Typha export them). */
export enum CalicoMetric {
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
