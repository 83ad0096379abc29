/**
 * calico-stack as a cdk8s construct library: the one entry point of the package.
 *
 * - `CalicoStack` builds a whole cluster from a `ClusterSpec` (the cluster file's keys), with the
 *   CLI's defaults and checks.
 * - The building blocks it is made of can be used alone, each applying its own defaults and
 *   checking its own props: the Tigera operator, the Calico custom resources, the CRD bundle, the
 *   Retina agent, Prometheus, Grafana, node-exporter, NodePort exposure, and the GitOps helpers.
 * - Findings: errors fail `app.synth()` with the text the CLI prints; `findingsOf(scope)` lists
 *   every finding (warnings too) below a scope.
 * - `renderStack()` gives a stack's files as the CLI writes them (pure: nothing is written).
 *
 * The library touches no file, environment variable or exit code. Reading cluster files and CRD
 * bundles from disk and the safe writer are the application's: `calico-stack/app`.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @packageDocumentation
 */

// One cluster
export { CalicoStack } from './lib/stack/calico-stack';
export {
  type CalicoSpec, Cloud, type ClusterSpec, type KubeadmConfig, type MonitoringSpec, type PlatformSpec, type RetinaSpec,
} from './lib/stack/cluster-spec';
export { type ResolvedPlatform } from './lib/stack/stack-rules';
export { renderStack, renderClusterFiles } from './lib/render/render';

// Findings and checks
export { type Excerpt, type Finding, formatFinding, formatFindings, Severity } from './lib/common/findings';
export {
  addChecks, type Check, findingsOf, mapPropPaths, onWarnings, type PathOf, pathOf, type PropPaths, type WarningHandler,
} from './lib/common/checks';
export { Memos, useMemos } from './lib/common/memo';

// Calico: operator, custom resources, CRDs, releases
export { CalicoChart, type CalicoChartProps } from './lib/calico/calico-chart';
export { CALICO_API_GROUP, CALICO_API_VERSION, CalicoApiChart, type CalicoApiChartProps, calicoApiServerDeployment } from './lib/calico/calico-api-chart';
export {
  type BgpCidr, BgpLogSeverity, type BgpPassword, type BgpPeering, type BgpPeerProps, CalicoBgp, type CalicoBgpOptions, type CalicoBgpProps, DEFAULT_AS_NUMBER,
  NextHopMode, type RouteReflectors, type RouteReflectorsProps, type SecretKeyRef, SourceAddress,
} from './lib/calico/calico-bgp';
export { type InstallationFields, MODELLED_FIELDS } from './lib/calico/installation-fields';
export { CalicoCrdsChart, type CalicoCrdsChartProps } from './lib/calico/calico-crds-chart';
export { TigeraOperatorChart, type TigeraOperatorChartProps } from './lib/calico/tigera-operator-chart';
export { KUBERNETES_SERVICES_ENDPOINT, OPERATOR_NAME, OPERATOR_NAMESPACE, TigeraOperator, type TigeraOperatorProps } from './lib/calico/tigera-operator';
export { CalicoInstallation, DEFAULT_INSTANCE } from './lib/calico/installation';
export {
  type CalicoInstallationProps, type IpPool, type IpPoolProps, type NodeAddressAutodetection, POOL_DEFAULTS, type PoolDefaults, type Toleration,
} from './lib/calico/installation-props';
export { CalicoCrds, type CalicoCrdsProps, SERVER_SIDE_APPLY_ANNOTATION } from './lib/calico/calico-crds';
export { type Crd, type CrdBundle, CRDS_BY_OPERATOR, parseCrdBundle } from './lib/calico/crd-bundle';
export {
  AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, KubeProxyManagement, LinuxDataplane, NatOutgoing,
} from './lib/calico/enums';
export { CALICO_VERSIONS, type CalicoRelease, calicoRelease, DEFAULT_CALICO_VERSION, RELEASES as CALICO_RELEASES } from './lib/calico/releases';
export { type PolicyRule } from './lib/common/policy-rule';
export { type HostPort } from './lib/common/host-port';

// Retina
export { RetinaAgent, type RetinaAgentProps, RETINA_NAMESPACE, RETINA_PORT } from './lib/retina/retina-agent';
export { RetinaChart, type RetinaChartProps } from './lib/retina/retina-chart';
export {
  type AgentVolume, ConfigKey, DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, ETHTOOL_FIX_VERSION, LogLevel, type MetricsProbe,
  RELEASES as RETINA_RELEASES, RETINA_VERSIONS, RetinaPlugin, type RetinaRelease, retinaRelease, VolumeSource,
} from './lib/retina/releases';

// Monitoring
export {
  type ExternalCrds, KUBE_PROMETHEUS_STACK, MonitoringChart, type MonitoringChartProps, MonitoringMode, type PrometheusOperatorOptions,
  type ResolvedPrometheusOperatorOptions,
} from './lib/monitoring/monitoring-chart';
export { Prometheus, type PrometheusProps, RULES_FILE } from './lib/monitoring/prometheus';
export { AdminSecretKey, dashboardJson, Grafana, type GrafanaDashboard, type GrafanaProps } from './lib/monitoring/grafana';
export {
  DEFAULT_DASHBOARD_LABEL, DEFAULT_DASHBOARD_LABEL_VALUE, GrafanaSidecarDashboards, type GrafanaSidecarDashboardsProps,
} from './lib/monitoring/grafana-sidecar-dashboards';
export {
  type CrdRelabelConfig, DEFAULT_RELEASE_LABELS, MONITORING_API_VERSION, PodMonitor, type PodMonitorProps, toCrdRelabelConfig,
} from './lib/monitoring/pod-monitor';
export { PrometheusRule, type PrometheusRuleProps } from './lib/monitoring/prometheus-rule';
export {
  AlertName, type AlertingRule, alertingRules, AlertSeverity, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RecordingRuleName, type RecordingRule,
  recordingRules, RETINA_AGENT_RESTARTS, type RuleGroup, ruleGroups, type RuleOptions,
} from './lib/monitoring/alert-rules';
export { NodeExporter, type NodeExporterProps } from './lib/monitoring/node-exporter';
export { ExternalTrafficPolicy, type NodePortAccessOptions, NodePortExposure, type NodePortExposureProps } from './lib/monitoring/service-exposure';
export {
  type KubernetesSdConfig, type PodMetricsSource, type PodScrapeTarget, type PrometheusConfig, RelabelAction, type RelabelConfig, type ScrapeConfig,
  ScrapeJob, type StaticConfig,
} from './lib/monitoring/scrape-config';
export { CalicoMetric, FelixSyncState } from './lib/calico/metrics';
export {
  BASIC_MODE_METRICS, DROP_REASONS, EVENT_DRIVEN_METRICS, LostEventType, MetricKind, PROCESS_START_TIME, RetinaHealthMetric, RetinaLabel, RetinaMetric,
  type RetinaMetricFacts,
} from './lib/retina/metrics';

// GitOps
export { chartsByStage, orderStages, Stage, type StagedChart, type StageInfo, STAGES } from './lib/gitops/stages';
export {
  addArgoCdSyncAnnotations, addSyncOption, ArgoCdApplication, type ArgoCdApplicationProps,
  type ArgoCdSyncAnnotationsOptions, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SyncOption,
} from './lib/gitops/argocd';
export { apiGroupOf, type ExternalRequirement } from './lib/gitops/external-requirements';
export { type FluxDependency, type FluxHealthCheck, FluxKustomizations, type FluxKustomizationsProps, FluxSourceKind, type FluxSourceRef, type FluxStage } from './lib/gitops/flux';
export {
  type ArgoCdSettings, type ArgoCdSpec, type FluxSettings, type FluxSpec, GITOPS_DEFAULTS, type GitOpsSettings, type GitOpsSpec, gitOpsSettings,
} from './lib/gitops/gitops-settings';
export { kustomization, type KustomizeKustomization, kustomizationYaml } from './lib/gitops/kustomization';
export {
  type OperatorWriteRow, operatorWriteTable, type OperatorWritesRelease, type OperatorWrittenFields, operatorWrittenFields, type RenderedObject, withOperatorDefaults, WriteDisposition,
} from './lib/calico/operator-written-fields';

