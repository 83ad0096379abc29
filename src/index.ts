/**
 * calico-stack as a cdk8s construct library: the one entry point of the package.
 *
 * - `CalicoStack` builds a whole cluster from a `ClusterSpec` (the cluster file's keys), with the
 *   CLI's defaults and checks; `loadClusterFile()` reads a cluster file into one.
 * - The building blocks it is made of can be used alone, each applying its own defaults and
 *   checking its own props: the Tigera operator, the Calico custom resources, the CRD bundle, the
 *   Retina agent, Prometheus, Grafana, node-exporter, NodePort exposure, and the GitOps helpers.
 * - Findings: errors fail `app.synth()` with the text the CLI prints; `findingsOf(scope)` lists
 *   every finding (warnings too) below a scope.
 * - `renderStack()` and the safe writer (`writeOutputFolders()`, `OutputDirectory`) write a stack's
 *   files as the CLI does: all or nothing, never over files calico-stack did not write.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @packageDocumentation
 */

// One cluster
export { CalicoStack, type CalicoStackOptions } from './stack/calico-stack';
export {
  type CalicoSpec, Cloud, type ClusterSpec, type KubeadmConfig, type MonitoringSpec, type PlatformSpec, type RetinaSpec,
} from './stack/cluster-spec';
export { type PreviousPool, type ResolvedPlatform } from './stack/stack-rules';
export { loadClusterFile, loadCrdBundle, loadKubeadmConfig, loadShippedCrdBundle } from './config/load';
export { renderStack, renderClusterFiles } from './output/render';

// Findings and checks
export { type Finding, formatFinding, formatFindings, Severity } from './common/findings';
export { addChecks, findingsOf, onWarnings } from './common/checks';

// Calico: operator, custom resources, CRDs, releases
export { CalicoChart, type CalicoChartProps } from './calico/calico-chart';
export { CALICO_API_GROUP, CALICO_API_VERSION, CalicoApiChart, type CalicoApiChartProps, calicoApiServerDeployment } from './calico/calico-api-chart';
export {
  type BgpCidr, BgpLogSeverity, type BgpPassword, type BgpPeering, type BgpPeerProps, CalicoBgp, type CalicoBgpOptions, type CalicoBgpProps, DEFAULT_AS_NUMBER,
  NextHopMode, type RouteReflectors, type RouteReflectorsProps, type SecretKeyRef, SourceAddress,
} from './calico/calico-bgp';
export { type InstallationFields, MODELLED_FIELDS } from './calico/installation-fields';
export { CalicoCrdsChart, type CalicoCrdsChartProps } from './calico/calico-crds-chart';
export { TigeraOperatorChart, type TigeraOperatorChartProps } from './calico/tigera-operator-chart';
export { KUBERNETES_SERVICES_ENDPOINT, OPERATOR_NAME, OPERATOR_NAMESPACE, TigeraOperator, type TigeraOperatorProps } from './calico/tigera-operator';
export {
  CalicoInstallation, type CalicoInstallationProps, DEFAULT_INSTANCE, type IpPool, type IpPoolProps, type NodeAddressAutodetection, POOL_DEFAULTS, type PoolDefaults,
  type Toleration,
} from './calico/installation';
export { CalicoCrds, type CalicoCrdsProps, SERVER_SIDE_APPLY_ANNOTATION } from './calico/calico-crds';
export { type Crd, type CrdBundle, CRDS_BY_OPERATOR, parseCrdBundle } from './calico/crd-bundle';
export {
  AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, KubeProxyManagement, LinuxDataplane, NatOutgoing,
} from './calico/enums';
export { CALICO_VERSIONS, type CalicoRelease, calicoRelease, DEFAULT_CALICO_VERSION, RELEASES as CALICO_RELEASES } from './calico/releases';
export { type PolicyRule } from './common/policy-rule';
export { type HostPort } from './common/host-port';

// Retina
export { RetinaAgent, type RetinaAgentProps, RETINA_NAMESPACE, RETINA_PORT } from './retina/retina-agent';
export { RetinaChart, type RetinaChartProps } from './retina/retina-chart';
export {
  type AgentVolume, ConfigKey, DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, ETHTOOL_FIX_VERSION, LogLevel, type MetricsProbe,
  RELEASES as RETINA_RELEASES, RETINA_VERSIONS, RetinaPlugin, type RetinaRelease, retinaRelease, VolumeSource,
} from './retina/releases';

// Monitoring
export {
  type ExternalCrds, KUBE_PROMETHEUS_STACK, MonitoringChart, type MonitoringChartProps, MonitoringMode, type PrometheusOperatorOptions,
  type ResolvedPrometheusOperatorOptions,
} from './monitoring/monitoring-chart';
export { Prometheus, type PrometheusProps, RULES_FILE } from './monitoring/prometheus';
export { AdminSecretKey, dashboardJson, Grafana, type GrafanaDashboard, type GrafanaProps } from './monitoring/grafana';
export {
  DEFAULT_DASHBOARD_LABEL, DEFAULT_DASHBOARD_LABEL_VALUE, GrafanaSidecarDashboards, type GrafanaSidecarDashboardsProps,
} from './monitoring/grafana-sidecar-dashboards';
export {
  type CrdRelabelConfig, DEFAULT_RELEASE_LABELS, MONITORING_API_VERSION, PodMonitor, type PodMonitorProps, toCrdRelabelConfig,
} from './monitoring/pod-monitor';
export { PrometheusRule, type PrometheusRuleProps } from './monitoring/prometheus-rule';
export {
  AlertName, type AlertingRule, alertingRules, AlertSeverity, type AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RecordingRuleName, type RecordingRule,
  recordingRules, RETINA_AGENT_RESTARTS, type RuleGroup, ruleGroups, type RuleOptions,
} from './monitoring/alert-rules';
export { NodeExporter, type NodeExporterProps } from './monitoring/node-exporter';
export { ExternalTrafficPolicy, type NodePortAccessOptions, NodePortExposure, type NodePortExposureProps } from './monitoring/service-exposure';
export {
  type KubernetesSdConfig, type PodMetricsSource, type PodScrapeTarget, type PrometheusConfig, RelabelAction, type RelabelConfig, type ScrapeConfig,
  ScrapeJob, type StaticConfig,
} from './monitoring/scrape-config';
export { CalicoMetric, FelixSyncState } from './calico/metrics';
export {
  BASIC_MODE_METRICS, DROP_REASONS, EVENT_DRIVEN_METRICS, LostEventType, MetricKind, PROCESS_START_TIME, RetinaHealthMetric, RetinaLabel, RetinaMetric,
  type RetinaMetricFacts,
} from './retina/metrics';

// GitOps
export { chartsByStage, orderStages, Stage, type StagedChart, type StageInfo, STAGES } from './gitops/stages';
export {
  addArgoCdSyncAnnotations, addSyncOption, ArgoCdApplication, type ArgoCdApplicationProps,
  type ArgoCdSyncAnnotationsOptions, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SyncOption,
} from './gitops/argocd';
export { apiGroupOf, type ExternalRequirement } from './gitops/external-requirements';
export { type FluxDependency, type FluxHealthCheck, FluxKustomizations, type FluxKustomizationsProps, FluxSourceKind, type FluxSourceRef, type FluxStage } from './gitops/flux';
export {
  type ArgoCdSettings, type ArgoCdSpec, type FluxSettings, type FluxSpec, GITOPS_DEFAULTS, type GitOpsSettings, type GitOpsSpec, gitOpsSettings,
} from './gitops/gitops-settings';
export { kustomization, type KustomizeKustomization, kustomizationYaml } from './gitops/kustomization';
export { type OperatorWrittenFields, operatorWrittenFields, type RenderedObject } from './calico/operator-written-fields';

// Writing output safely
export {
  type Comparison, DEFAULT_LOCK_TIMEOUT_MS, type OpenOptions, OutputDirectory, type OutputFolder, type PlanOptions, type RecordedOutputFolder,
  type WriteOptions, type WritePlan, writeOutputFolders,
} from './output/output-directory';
export { type FileChange, type FolderPlan, type KeptFile, OwnershipConflictError } from './output/folder-plan';
export { LockHeldError } from './output/lock';
export { RECORD_FILE } from './output/record';
export { type Recovery, RollbackError, TransactionError } from './output/transaction';
