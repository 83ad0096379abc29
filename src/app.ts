/**
 * buildApp(): maps one ClusterConfig onto the charts and wires their apply order. No I/O.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { Pod, Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CalicoChart, CalicoCrdsChart, TigeraOperatorChart } from './calico/charts';
import { OPERATOR_CRD_GROUPS } from './calico/releases';
import { ClusterConfig } from './config/cluster-config';
import { CRDS_BY_OPERATOR } from './config/schema';
import { splitCidrList } from './config/cidr';
import { FELIX_METRICS, TYPHA_METRICS } from './calico/metrics';
import { Quantity } from './k8s';
import { MonitoringChart } from './monitoring/monitoring-chart';
import { addArgoCdSyncAnnotations } from './gitops/argocd';
import { orderStages, Stage, StagedChart } from './gitops/stages';
import { retinaPlugin } from './retina/releases';
import { RetinaChart } from './retina/retina-chart';

/** The charts of one cluster. */
export interface ClusterCharts {
  readonly crds?: CalicoCrdsChart;
  readonly operator: TigeraOperatorChart;
  readonly calico: CalicoChart;
  /** Absent when `retina.enabled` is false. */
  readonly retina?: RetinaChart;
  /** Absent when `monitoring.enabled` is false. */
  readonly monitoring?: MonitoringChart;
  /** Every chart with its stage, in apply order (the order of the numbered files). */
  readonly stages: readonly StagedChart[];
}

/** The id of each chart, without a prefix: the CLI's output file names (`0001-calico.k8s.yaml`). */
export const CHART_IDS: Readonly<Record<Stage, string>> = {
  [Stage.CRDS]: 'calico-crds',
  [Stage.OPERATOR]: 'tigera-operator',
  [Stage.CALICO]: 'calico',
  [Stage.RETINA]: 'retina',
  [Stage.MONITORING]: 'monitoring',
};

export interface BuildOptions {
  /**
   * Put before every chart id, so that several clusters can share one scope (CalicoStack passes
   * `<its id>-`). Chart ids never reach the rendered objects.
   * @default '' (the CLI's ids, which name its output files)
   */
  readonly idPrefix?: string;
}

/** Builds the charts of one cluster in `scope` (an App, or any construct below one). */
export function buildApp(scope: Construct, config: ClusterConfig, options: BuildOptions = {}): ClusterCharts {
  const id = (stage: Stage) => `${options.idPrefix ?? ''}${CHART_IDS[stage]}`;
  const c = config.calico;
  const crds = c.crds !== undefined && c.crds !== CRDS_BY_OPERATOR
    ? new CalicoCrdsChart(scope, id(Stage.CRDS), { crds: c.crds.crds })
    : undefined;

  const operator = new TigeraOperatorChart(scope, id(Stage.OPERATOR), {
    release: c.release,
    registry: c.registry,
    imagePath: c.imagePath,
    imagePullSecrets: c.imagePullSecrets,
  });

  const calico = new CalicoChart(scope, id(Stage.CALICO), {
    release: c.release,
    apiServer: c.apiServer,
    goldmane: c.goldmane,
    whisker: c.whisker,
    wireguard: c.wireguard,
    installation: {
      ipPools: c.ipPools,
      bgp: c.bgp,
      mtu: c.mtu,
      linuxDataplane: c.linuxDataplane,
      nodeAddressAutodetectionV4: c.nodeAddressAutodetectionV4,
      nodeAddressAutodetectionV6: c.nodeAddressAutodetectionV6,
      registry: c.registry,
      imagePath: c.imagePath,
      imagePullSecrets: c.imagePullSecrets,
      controlPlaneNodeSelector: c.controlPlaneNodeSelector,
      controlPlaneTolerations: c.controlPlaneTolerations,
      kubeletVolumePluginPath: c.kubeletVolumePluginPath,
      flexVolumePath: c.flexVolumePath,
      ...(c.metrics ? { nodeMetricsPort: FELIX_METRICS.metricsPort, typhaMetricsPort: TYPHA_METRICS.metricsPort } : {}),
    },
  });

  const r = config.retina;
  const retina = r.enabled
    ? new RetinaChart(scope, id(Stage.RETINA), {
      release: r.release,
      plugins: r.plugins.map((name) => retinaPlugin(r.release, name)),
      logLevel: r.logLevel,
      metricsInterval: r.metricsInterval,
      tolerateControlPlane: r.tolerateControlPlane,
    })
    : undefined;

  const m = config.monitoring;
  const monitoring = m.enabled
    ? new MonitoringChart(scope, id(Stage.MONITORING), {
      clusterName: config.name,
      namespace: m.namespace,
      retina: retina?.agent,
      calicoMetrics: c.metrics,
      prometheusNodePort: m.prometheus.nodePort,
      prometheusRetention: m.prometheus.retention,
      prometheusStorageSize: m.prometheus.storage ? Quantity.fromString(m.prometheus.storage.size) : undefined,
      prometheusStorageClass: m.prometheus.storage?.storageClass,
      grafanaNodePort: m.grafana.nodePort,
      grafanaAdminSecret: m.grafana.adminSecret,
      nodeExporter: m.nodeExporter,
      allowedSourceCidrs: m.allowedSourceCidrs,
      podCidrs: splitCidrList(config.platform.podSubnet ?? ''),
    })
    : undefined;

  // Each chart's stage, declared once; the list fixes the file order, the sync waves and the Flux stages.
  const stages = orderStages([
    ...(crds ? [{ stage: Stage.CRDS, chart: crds }] : []),
    { stage: Stage.OPERATOR, chart: operator },
    { stage: Stage.CALICO, chart: calico },
    ...(retina ? [{ stage: Stage.RETINA, chart: retina }] : []),
    ...(monitoring ? [{ stage: Stage.MONITORING, chart: monitoring }] : []),
  ]);

  for (const { chart } of stages) removeAddressLabels(chart);
  if (config.gitops.argocd.enabled) {
    addArgoCdSyncAnnotations(stages, { groupsWithCrdsFromOperator: c.crds === CRDS_BY_OPERATOR ? OPERATOR_CRD_GROUPS : [] });
  }
  return { crds, operator, calico, retina, monitoring, stages };
}

/**
 * cdk8s-plus labels every pod template with `cdk8s.io/metadata.addr`, valued from the workload's
 * construct path. Nothing selects on it here (every workload selects its pods by its
 * `app.kubernetes.io` labels), and it would make a cluster render differently depending on where
 * its charts sit in the construct tree: the CLI's App, or a user's App holding several CalicoStacks.
 * So it is removed, and the same cluster file always gives the same objects.
 */
function removeAddressLabels(chart: Construct): void {
  for (const workload of chart.node.findAll().filter((c): c is Workload => c instanceof Workload)) {
    ApiObject.of(workload).addJsonPatch(JsonPatch.remove(`/spec/template/metadata/labels/${Pod.ADDRESS_LABEL.replace(/\//g, '~1')}`));
  }
}
