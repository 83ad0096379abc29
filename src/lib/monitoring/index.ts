/**
 * Monitoring: Prometheus, Grafana and node-exporter (standalone), or the objects of a
 * kube-prometheus-stack (prometheus-operator mode); scrape configuration, dashboards, alert and
 * recording rules, and the facts of every metric they use.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module monitoring
 */
export {
  type ExternalCrds, KUBE_PROMETHEUS_STACK, MonitoringChart, type MonitoringChartProps, MonitoringMode, type PrometheusOperatorOptions,
  type ResolvedPrometheusOperatorOptions,
} from './monitoring-chart';
export { Prometheus, type PrometheusProps, RULES_FILE } from './prometheus';
export { AdminSecretKey, dashboardJson, Grafana, type GrafanaDashboard, type GrafanaProps } from './grafana';
export {
  DEFAULT_DASHBOARD_LABEL, DEFAULT_DASHBOARD_LABEL_VALUE, GrafanaSidecarDashboards, type GrafanaSidecarDashboardsProps,
} from './grafana-sidecar-dashboards';
export {
  type CrdRelabelConfig, DEFAULT_RELEASE_LABELS, MONITORING_API_VERSION, PodMonitor, type PodMonitorProps, toCrdRelabelConfig,
} from './pod-monitor';
export { PrometheusRule, type PrometheusRuleProps } from './prometheus-rule';
export {
  AlertName, type AlertingRule, alertingRules, AlertSeverity, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RecordingRuleName, type RecordingRule,
  recordingRules, RETINA_AGENT_RESTARTS, type RuleGroup, ruleGroups, type RuleOptions,
} from './alert-rules';
export { NodeExporter, type NodeExporterProps } from './node-exporter';
export { ExternalTrafficPolicy, type NodePortAccessOptions, NodePortExposure, type NodePortExposureProps } from './service-exposure';
export {
  type KubernetesSdConfig, type PodMetricsSource, type PodScrapeTarget, type PrometheusConfig, RelabelAction, type RelabelConfig, type ScrapeConfig,
  ScrapeJob, type StaticConfig,
} from './scrape-config';
export { CalicoMetric, FelixSyncState } from '../calico/metrics';
export {
  BASIC_MODE_METRICS, DROP_REASONS, EVENT_DRIVEN_METRICS, LostEventType, MetricKind, PROCESS_START_TIME, RetinaHealthMetric, RetinaLabel, RetinaMetric,
  type RetinaMetricFacts,
} from '../retina/metrics';
