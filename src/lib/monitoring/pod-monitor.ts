/**
 * A prometheus-operator PodMonitor that scrapes a metrics source exactly as the standalone scrape
 * job of the same name does: the same pods (the source's selector labels in its namespace), the
 * same container and port, the same address (`<pod IP>:<metrics port>`, the node's address for
 * host-network pods) and the same `job`, `instance` (node name) and `cluster` labels, so one set of
 * dashboards and rules reads both modes.
 *
 * Why a PodMonitor and not a ServiceMonitor: every source is a set of pods on the host network
 * that the standalone jobs already find by pod discovery, and a PodMonitor is pod discovery, so the
 * relabel rules carry over one to one. A ServiceMonitor needs a Service selecting the pods: Retina
 * has one (retina-svc) and the operator adds `calico-typha-metrics` once typhaMetricsPort is set
 * (tigera/operator v1.40.15 pkg/render/typha.go:133-134), but renders Felix's metrics Service
 * `calico-node-metrics` for Calico Enterprise only (pkg/render/node.go:235-238), so Felix would need a
 * Service of ours in the operator's namespace; and endpoints add nothing the pods do not already say.
 * Upstream's Retina chart offers a PodMonitor too (microsoft/retina v1.2.6
 * deploy/standard/manifests/controller/helm/retina/templates/podmonitor.yaml).
 *
 * What the operator adds (prometheus-operator v0.93.0 pkg/prometheus/promcfg.go
 * `generatePodMonitorConfig`): a keep rule per selector label and for `port`, labels `namespace`,
 * `container`, `pod`, `endpoint`, and `job` = `<namespace>/<name>`; the PodMonitor's own
 * relabelings come after those, so the `job` rule here wins.
 */
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor' with { 'resolution-mode': 'import' };
import type { IRelabelConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/RelabelConfig' with { 'resolution-mode': 'import' };
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { formatDuration } from '../common/duration';
import { checkedProps } from '../common/props-check';
import { renderableLabels, setUserLabels } from '../common/user-keys';
import { DEFAULT_MONITORING_NAMESPACE } from './labels';
import {
  JOB_LABEL, PodMetricsSource, podSelectionRelabeling, podTargetRelabeling, RelabelAction, RelabelConfig, ScrapeJob,
} from './scrape-config';

/** The API group and version of prometheus-operator's kinds (CRDs kube-prometheus-stack installs). */
export const MONITORING_API_VERSION = 'monitoring.coreos.com/v1';

/** The labels kube-prometheus-stack's Prometheus selects monitors and rules by, after `helm install prometheus ...`. */
export const DEFAULT_RELEASE_LABELS: Readonly<Record<string, string>> = { release: 'prometheus' };

/** A relabel rule as the CRDs spell it (camelCase keys). */
export interface CrdRelabelConfig {
  readonly sourceLabels?: readonly string[];
  readonly regex?: string;
  readonly targetLabel?: string;
  readonly replacement?: string;
  readonly action: RelabelAction;
}

/** Props of {@link PodMonitor}. */
export interface PodMonitorProps {
  /** The job name: the `job` label of every series, as the standalone job of that name. */
  readonly job: ScrapeJob;
  /** The pods to scrape. */
  readonly source: PodMetricsSource;
  /** Value of the `cluster` label on every series. */
  readonly clusterName: string;
  /**
   * Namespace of the PodMonitor.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels of the PodMonitor: those the Prometheus' `podMonitorSelector` matches.
   * @default { release: 'prometheus' } (kube-prometheus-stack installed as release `prometheus`)
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How often the pods are scraped.
   * @default Duration.seconds(30) (the standalone Prometheus' interval)
   */
  readonly interval?: Duration;
}

/** A PodMonitor scraping a metrics source as the standalone job of the same name does. */
export class PodMonitor extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly labels: Readonly<Record<string, string>>;
  public readonly interval: Duration;
  /** The endpoint's relabelings, in Prometheus' spelling (what the standalone job has after selecting the pods). */
  public readonly relabelConfigs: readonly RelabelConfig[];
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: PodMonitorProps) {
    super(scope, id);
    props = checkedProps(this, 'PodMonitorProps', props);
    this.name = `calico-stack-${props.job}`;
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.labels = props.labels ?? DEFAULT_RELEASE_LABELS;
    this.interval = props.interval ?? Duration.seconds(30);
    const { source } = props;
    // The selector and the port name are the PodMonitor's own fields (the operator writes their keep rules).
    this.relabelConfigs = [
      ...podSelectionRelabeling({ ...source, metricsPortName: undefined }),
      ...podTargetRelabeling(source, props.clusterName),
      { target_label: JOB_LABEL, replacement: props.job, action: RelabelAction.REPLACE },
    ];
    const podMonitor: IPodMonitor = {
      apiVersion: MONITORING_API_VERSION,
      kind: 'PodMonitor',
      metadata: { name: this.name, namespace: this.namespace, labels: renderableLabels(this.labels) },
      spec: {
        selector: { matchLabels: { ...source.selectorLabels } },
        namespaceSelector: { matchNames: [source.namespace] },
        podMetricsEndpoints: [{
          ...(source.metricsPortName !== undefined ? { port: source.metricsPortName } : {}),
          path: '/metrics',
          interval: formatDuration(this.interval),
          relabelings: this.relabelConfigs.map(toCrdRelabelConfig) as IRelabelConfig[],
        }],
      },
    };
    this.resource = new ApiObject(this, 'Resource', podMonitor);
    // The labels are the user's (a Prometheus' podMonitorSelector): any key is data (user-keys.ts).
    setUserLabels(this.resource, this.labels);
  }
}

/** A relabel rule in the CRDs' spelling. */
export function toCrdRelabelConfig(r: RelabelConfig): CrdRelabelConfig {
  return {
    ...(r.source_labels ? { sourceLabels: [...r.source_labels] } : {}),
    ...(r.regex !== undefined ? { regex: r.regex } : {}),
    ...(r.target_label !== undefined ? { targetLabel: r.target_label } : {}),
    ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
    action: r.action,
  };
}
