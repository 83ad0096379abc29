/**
 * The monitoring chart: its own namespace, Prometheus wired to the Retina agent (and to Felix and
 * Typha when Calico's metrics are on), node-exporter and Grafana with the matching dashboards.
 * One output file, applied after Retina.
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { calicoDashboard } from './dashboards/calico';
import { retinaDashboard } from './dashboards/retina';
import { Grafana } from './grafana';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { NodeExporter } from './node-exporter';
import { Prometheus } from './prometheus';
import { PodScrapeTarget, ScrapeJob } from './scrape-config';
import { FELIX_METRICS, TYPHA_METRICS } from '../calico/metrics';
import { KubeNamespace, Quantity } from '../k8s';
import { RetinaAgent } from '../retina/retina-agent';

/** Props of {@link MonitoringChart}. */
export interface MonitoringChartProps extends Omit<ChartProps, 'namespace'> {
  /** Value of the `cluster` label on every series (the dashboards' cluster variable). */
  readonly clusterName: string;
  /**
   * Namespace the chart creates and puts every namespaced object in.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * The Retina agent to scrape, selected by its labels, container and port.
   * @default - no Retina job and no Retina dashboard
   */
  readonly retina?: RetinaAgent;
  /**
   * Scrape Felix and Typha and add the Calico dashboard (their metrics must be on: the
   * Installation's `nodeMetricsPort` / `typhaMetricsPort`).
   * @default false
   */
  readonly calicoMetrics?: boolean;
  /** @default 30090 */
  readonly prometheusNodePort?: number;
  /** @default Duration.days(15) */
  readonly prometheusRetention?: Duration;
  /** @default - an emptyDir */
  readonly prometheusStorageSize?: Quantity;
  /** @default - the cluster's default StorageClass */
  readonly prometheusStorageClass?: string;
  /** @default 30300 */
  readonly grafanaNodePort?: number;
  /** @default 'grafana-admin' */
  readonly grafanaAdminSecret?: string;
  /**
   * Run node-exporter on every node and scrape it.
   * @default true
   */
  readonly nodeExporter?: boolean;
  /**
   * Sources allowed to reach the node ports. Non-empty: NetworkPolicies admit only these and
   * {@link podCidrs}, and the Services keep client addresses (`externalTrafficPolicy: Local`).
   * @default - any source
   */
  readonly allowedSourceCidrs?: readonly string[];
  /**
   * The cluster's pod CIDRs: in-cluster clients stay allowed when sources are restricted.
   * @default - none (required with allowedSourceCidrs)
   */
  readonly podCidrs?: readonly string[];
}

/**
 * The monitoring stack in its own namespace: Prometheus wired to the Retina agent (and Felix and
 * Typha), node-exporter, and Grafana with the matching dashboards (stage `monitoring`).
 */
export class MonitoringChart extends Chart {
  public readonly prometheus: Prometheus;
  public readonly grafana: Grafana;
  public readonly nodeExporter?: NodeExporter;

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    const { namespace: monitoringNamespace, ...chartProps } = props;
    // The namespace is not ChartProps.namespace: that would also land on the ClusterRole.
    super(scope, id, chartProps);
    const namespace = monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE;
    const calicoMetrics = props.calicoMetrics ?? false;

    new KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels: componentLabels('monitoring').all } });
    this.nodeExporter = (props.nodeExporter ?? true) ? new NodeExporter(this, 'NodeExporter', { namespace }) : undefined;

    const podTargets: PodScrapeTarget[] = [
      ...(props.retina ? [{ job: ScrapeJob.RETINA, source: props.retina }] : []),
      ...(this.nodeExporter ? [{ job: ScrapeJob.NODE_EXPORTER, source: this.nodeExporter }] : []),
      ...(calicoMetrics ? [{ job: ScrapeJob.FELIX, source: FELIX_METRICS }, { job: ScrapeJob.TYPHA, source: TYPHA_METRICS }] : []),
    ];
    const access = { allowedSourceCidrs: props.allowedSourceCidrs, clusterCidrs: props.podCidrs };
    this.prometheus = new Prometheus(this, 'Prometheus', {
      clusterName: props.clusterName,
      namespace,
      podTargets,
      nodePort: props.prometheusNodePort,
      retention: props.prometheusRetention,
      storageSize: props.prometheusStorageSize,
      storageClass: props.prometheusStorageClass,
      ...access,
    });

    const dashboards: Record<string, Dashboard> = {
      ...(props.retina ? { 'retina-nodes': retinaDashboard(props.retina.plugins) } : {}),
      ...(calicoMetrics ? { calico: calicoDashboard() } : {}),
    };
    this.grafana = new Grafana(this, 'Grafana', {
      prometheus: this.prometheus,
      namespace,
      dashboards,
      nodePort: props.grafanaNodePort,
      adminSecret: props.grafanaAdminSecret,
      ...access,
    });

    if (this.prometheus.nodePort === this.grafana.nodePort) {
      throw new Error(`monitoring: Prometheus and Grafana both ask for node port ${this.grafana.nodePort}`);
    }
  }
}
