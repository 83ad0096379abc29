/**
 * buildApp(): maps one ClusterConfig onto the charts and wires their apply order. No I/O.
 */
import { App } from 'cdk8s';
import { CalicoChart } from './calico/calico-chart';
import { CalicoCrdsChart } from './calico/calico-crds-chart';
import { TigeraOperatorChart } from './calico/tigera-operator-chart';
import { OPERATOR_CRD_GROUPS } from './calico/releases';
import { ClusterConfig } from './config/cluster-config';
import { CRDS_BY_OPERATOR } from './config/schema';
import { splitCidrList } from './common/cidr';
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

export function buildApp(app: App, config: ClusterConfig): ClusterCharts {
  const c = config.calico;
  const crds = c.crds !== undefined && c.crds !== CRDS_BY_OPERATOR
    ? new CalicoCrdsChart(app, 'calico-crds', { crds: c.crds.crds })
    : undefined;

  const operator = new TigeraOperatorChart(app, 'tigera-operator', {
    release: c.release,
    registry: c.registry,
    imagePath: c.imagePath,
    imagePullSecrets: c.imagePullSecrets,
  });

  const calico = new CalicoChart(app, 'calico', {
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
    ? new RetinaChart(app, 'retina', {
      release: r.release,
      plugins: r.plugins.map((name) => retinaPlugin(r.release, name)),
      logLevel: r.logLevel,
      metricsInterval: r.metricsInterval,
      tolerateControlPlane: r.tolerateControlPlane,
    })
    : undefined;

  const m = config.monitoring;
  const monitoring = m.enabled
    ? new MonitoringChart(app, 'monitoring', {
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

  if (config.gitops.argocd.enabled) {
    addArgoCdSyncAnnotations(stages, { groupsWithCrdsFromOperator: c.crds === CRDS_BY_OPERATOR ? OPERATOR_CRD_GROUPS : [] });
  }
  return { crds, operator, calico, retina, monitoring, stages };
}
