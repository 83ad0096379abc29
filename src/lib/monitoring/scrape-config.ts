/**
 * The Prometheus configuration (`prometheus.yml`) as an object: one pod-role scrape job per
 * metrics source, selected by the source's own labels, container and port, plus Prometheus
 * itself. Written in the subset of the format that Prometheus 2.42 (Debian's, which CI checks it
 * with) and 3.x read alike.
 *
 * Every job gives its series `instance` = the node name (what the dashboards' node variable lists)
 * and a fixed `cluster` label (external_labels are not visible to local queries).
 */
import { Duration } from 'cdk8s';
import { formatDuration } from '../common/duration';

/** Scrape job names; the dashboards query `up{job=...}` by these. */
export enum ScrapeJob {
  RETINA = 'retina',
  NODE_EXPORTER = 'node-exporter',
  FELIX = 'calico-felix',
  TYPHA = 'calico-typha',
  PROMETHEUS = 'prometheus',
}

/** Pods that serve metrics: what a job selects and where it scrapes them. */
export interface PodMetricsSource {
  readonly namespace: string;
  /** Labels the pods carry (all must match). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Port of `/metrics` on the pod's address (the node's for host-network pods). */
  readonly metricsPort: number;
  /**
   * Keep only the target of this declared container port.
   * @default - any port, or none declared
   */
  readonly metricsPortName?: string;
  /**
   * Keep only targets of this container (init containers have other names).
   * @default - any container
   */
  readonly containerName?: string;
}

/** A scrape job over pods. */
export interface PodScrapeTarget {
  readonly job: ScrapeJob;
  readonly source: PodMetricsSource;
}

/** The relabel actions the scrape jobs use. */
export enum RelabelAction {
  KEEP = 'keep',
  REPLACE = 'replace',
}

/** `relabel_configs[]`, with Prometheus' key names. */
export interface RelabelConfig {
  readonly source_labels?: readonly string[];
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
  readonly action: RelabelAction;
}

/** `kubernetes_sd_configs[]`: pod discovery in the given namespaces. */
export interface KubernetesSdConfig {
  readonly role: 'pod';
  readonly namespaces: { readonly names: readonly string[] };
}

/** `static_configs[]`. */
export interface StaticConfig {
  readonly targets: readonly string[];
}

/** `scrape_configs[]`. */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly static_configs?: readonly StaticConfig[];
  readonly relabel_configs: readonly RelabelConfig[];
}

/** The whole `prometheus.yml`. */
export interface PrometheusConfig {
  readonly global: {
    readonly scrape_interval: string;
    readonly scrape_timeout: string;
    readonly evaluation_interval: string;
  };
  /** Rule files (globs) Prometheus loads; absent without rules. */
  readonly rule_files?: readonly string[];
  readonly scrape_configs: readonly ScrapeConfig[];
}

export interface PrometheusConfigOptions {
  /** Value of the `cluster` label on every series. */
  readonly clusterName: string;
  readonly podTargets: readonly PodScrapeTarget[];
  /** Address Prometheus scrapes itself on. */
  readonly selfAddress: string;
  readonly scrapeInterval: Duration;
  /**
   * Rule files to load (`rule_files`).
   * @default - none
   */
  readonly ruleFiles?: readonly string[];
}

/** Pod meta labels the relabel rules read (Kubernetes service discovery, role pod). */
export const POD_META = {
  IP: '__meta_kubernetes_pod_ip',
  NODE_NAME: '__meta_kubernetes_pod_node_name',
  CONTAINER_NAME: '__meta_kubernetes_pod_container_name',
  CONTAINER_PORT_NAME: '__meta_kubernetes_pod_container_port_name',
  /** Prefix of one label per pod label, its name sanitized ({@link podLabelMeta}). */
  LABEL_PREFIX: '__meta_kubernetes_pod_label_',
} as const;

export const CLUSTER_LABEL = 'cluster';
export const INSTANCE_LABEL = 'instance';
/** The label Prometheus sets to the job's name; PodMonitors set it to the standalone job's name. */
export const JOB_LABEL = 'job';
const ADDRESS_LABEL = '__address__';
/** Scrape timeout: Prometheus' default, and below every interval this stack uses. */
const SCRAPE_TIMEOUT = Duration.seconds(10);

export function prometheusConfig(options: PrometheusConfigOptions): PrometheusConfig {
  const interval = formatDuration(options.scrapeInterval);
  return {
    global: { scrape_interval: interval, scrape_timeout: formatDuration(SCRAPE_TIMEOUT), evaluation_interval: interval },
    ...(options.ruleFiles && options.ruleFiles.length > 0 ? { rule_files: [...options.ruleFiles] } : {}),
    scrape_configs: [
      ...options.podTargets.map((t) => podScrapeJob(t, options.clusterName)),
      {
        job_name: ScrapeJob.PROMETHEUS,
        static_configs: [{ targets: [options.selfAddress] }],
        relabel_configs: [clusterLabel(options.clusterName)],
      },
    ],
  };
}

/**
 * A job over the pods of `source`: pod discovery in its namespace; keep pods carrying every
 * selector label, then the container and port ({@link podSelectionRelabeling}); scrape
 * `<pod IP>:<metricsPort>` (the node's address for host-network pods), `instance` = the node name,
 * `cluster` = the cluster name ({@link podTargetRelabeling}).
 */
export function podScrapeJob(target: PodScrapeTarget, clusterName: string): ScrapeConfig {
  const { source } = target;
  return {
    job_name: target.job,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [source.namespace] } }],
    relabel_configs: [
      ...Object.entries(source.selectorLabels).map(([name, value]) => keep(podLabelMeta(name), value)),
      ...podSelectionRelabeling(source),
      ...podTargetRelabeling(source, clusterName),
    ],
  };
}

/** Keep only the source's container and its declared metrics port (init containers and other ports are dropped). */
export function podSelectionRelabeling(source: PodMetricsSource): RelabelConfig[] {
  return [
    ...(source.containerName !== undefined ? [keep(POD_META.CONTAINER_NAME, source.containerName)] : []),
    ...(source.metricsPortName !== undefined ? [keep(POD_META.CONTAINER_PORT_NAME, source.metricsPortName)] : []),
  ];
}

/**
 * The target's address and labels: `<pod IP>:<metricsPort>` (the node's address for host-network
 * pods; whatever port discovery listed, or none), `instance` = the node name, `cluster` = the
 * cluster name. The PodMonitors of prometheus-operator mode carry these same rules.
 */
export function podTargetRelabeling(source: PodMetricsSource, clusterName: string): RelabelConfig[] {
  return [
    // IPv6 addresses need brackets; the regex of each rule matches one family only.
    { source_labels: [POD_META.IP], regex: '(.*:.*)', target_label: ADDRESS_LABEL, replacement: `[$1]:${source.metricsPort}`, action: RelabelAction.REPLACE },
    { source_labels: [POD_META.IP], regex: '([^:]+)', target_label: ADDRESS_LABEL, replacement: `$1:${source.metricsPort}`, action: RelabelAction.REPLACE },
    { source_labels: [POD_META.NODE_NAME], regex: '(.+)', target_label: INSTANCE_LABEL, replacement: '$1', action: RelabelAction.REPLACE },
    clusterLabel(clusterName),
  ];
}

function keep(label: string, value: string): RelabelConfig {
  return { source_labels: [label], regex: escapeRegex(value), action: RelabelAction.KEEP };
}

/** The meta label Kubernetes discovery gives a pod label: every character outside [a-zA-Z0-9_] becomes `_`. */
export function podLabelMeta(labelName: string): string {
  return `${POD_META.LABEL_PREFIX}${labelName.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

function clusterLabel(clusterName: string): RelabelConfig {
  return { target_label: CLUSTER_LABEL, replacement: clusterName, action: RelabelAction.REPLACE };
}

/** The value as an RE2 pattern matching exactly it (relabel regexes are anchored). */
function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
