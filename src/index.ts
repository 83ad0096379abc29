/**
 * calico-stack as a cdk8s construct library: the one entry point of the package.
 *
 * - `CalicoStack` builds a whole cluster from a `ClusterSpec` (the cluster file's keys), with the
 *   CLI's defaults and checks; `loadClusterFile()` reads a cluster file into one.
 * - The building blocks it is made of can be used alone: the Tigera operator, the Calico custom
 *   resources, the CRD bundle, the Retina agent, Prometheus, Grafana, node-exporter, NodePort
 *   exposure, and the GitOps helpers.
 * - `renderStack()` and the safe writer (`writeOutputFolders()`, `OutputDirectory`) write a stack's
 *   files as the CLI does: all or nothing, never over files calico-stack did not write.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @packageDocumentation
 */

// One cluster
export {
  CalicoStack, type CalicoStackProps, type ClusterSpecFiles, type KubeadmConfigNetworking, renderStack,
  WARNING_METADATA,
} from './stack';
export {
  type ArgoCdSpec, type CalicoSpec, type ClusterSpec, type FluxSourceRefSpec, type FluxSpec, type GitOpsSpec,
  type GrafanaSpec, type IpPoolSpec, type MonitoringSpec, type NodeAddressAutodetectionSpec, type PlatformSpec,
  type PrometheusSpec, type PrometheusStorageSpec, type RetinaSpec, type TolerationSpec,
} from './cluster-spec';
export { loadClusterFile } from './cluster-file';
export { type Finding, formatFinding, formatFindings, Severity } from './finding';

// Calico: operator, custom resources, CRDs, releases
export { CalicoChart, type CalicoChartProps, CalicoCrdsChart, TigeraOperatorChart } from './calico/charts';
export { OPERATOR_NAME, OPERATOR_NAMESPACE, TigeraOperator, type TigeraOperatorProps } from './calico/tigera-operator';
export { CalicoInstallation, type CalicoInstallationProps, DEFAULT_INSTANCE, type IpPool } from './calico/installation';
export { CalicoCrds, type CalicoCrdsProps, SERVER_SIDE_APPLY_ANNOTATION } from './calico/calico-crds';
export { type Crd, parseCrdBundle } from './calico/crd-bundle';
export { AllowedUse, BgpMode, Encapsulation, LinuxDataplane, NatOutgoing } from './calico/enums';
export { CALICO_VERSIONS, type CalicoRelease, calicoRelease, DEFAULT_CALICO_VERSION, RELEASES as CALICO_RELEASES } from './calico/releases';
export { type PolicyRule } from './common/policy-rule';

// Retina
export { RetinaAgent, type RetinaAgentProps, RETINA_NAMESPACE, RETINA_PORT } from './retina/retina-agent';
export { RetinaChart, type RetinaChartProps } from './retina/retina-chart';
export {
  type AgentVolume, ConfigKey, DEFAULT_PLUGINS, DEFAULT_RETINA_VERSION, ETHTOOL_FIX_VERSION, LogLevel, type MetricsProbe,
  RELEASES as RETINA_RELEASES, RETINA_VERSIONS, RetinaPlugin, type RetinaRelease, retinaRelease, VolumeSource,
} from './retina/releases';

// Monitoring
export { MonitoringChart, type MonitoringChartProps } from './monitoring/monitoring-chart';
export { Prometheus, type PrometheusProps } from './monitoring/prometheus';
export { AdminSecretKey, Grafana, type GrafanaDashboard, type GrafanaProps } from './monitoring/grafana';
export { NodeExporter, type NodeExporterProps } from './monitoring/node-exporter';
export { ExternalTrafficPolicy, type NodePortAccessOptions, NodePortExposure, type NodePortExposureProps } from './monitoring/service-exposure';
export {
  type KubernetesSdConfig, type PodMetricsSource, type PodScrapeTarget, type PrometheusConfig, RelabelAction, type RelabelConfig, type ScrapeConfig,
  ScrapeJob, type StaticConfig,
} from './monitoring/scrape-config';

// GitOps
export { chartsByStage, orderStages, Stage, type StagedChart, type StageInfo, STAGES } from './gitops/stages';
export {
  addArgoCdSyncAnnotations, addSyncOption, ArgoCdApplication, type ArgoCdApplicationProps,
  type ArgoCdSyncAnnotationsOptions, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SyncOption,
} from './gitops/argocd';
export { type FluxHealthCheck, FluxKustomizations, type FluxKustomizationsProps, type FluxSourceRef, type FluxStage } from './gitops/flux';
export { kustomization, type KustomizeKustomization, kustomizationYaml } from './gitops/kustomization';
export { type OperatorWrittenFields, operatorWrittenFields, type RenderedObject } from './calico/operator-defaults';

// Writing output safely
export {
  type Comparison, DEFAULT_LOCK_TIMEOUT_MS, type OpenOptions, OutputDirectory, type OutputFolder, type PlanOptions,
  type WriteOptions, type WritePlan, writeOutputFolders,
} from './output/output-directory';
export { type FileChange, type FolderPlan, type KeptFile, OwnershipConflictError } from './output/folder-plan';
export { LockHeldError } from './output/lock';
export { type Recovery, RollbackError, TransactionError } from './output/transaction';
