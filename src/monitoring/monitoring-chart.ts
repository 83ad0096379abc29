/**
 * The monitoring chart: its own namespace, Prometheus wired to the Retina agent (and to Felix and
 * Typha when Calico's metrics are on) with the alerting and recording rules, node-exporter and
 * Grafana with the matching dashboards. One output file, applied after Retina.
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RuleGroup, ruleGroups } from './alert-rules';
import { calicoDashboard } from './dashboards/calico';
import { retinaDashboard } from './dashboards/retina';
import { Grafana } from './grafana';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { NodeExporter } from './node-exporter';
import { Prometheus } from './prometheus';
import { PodScrapeTarget, ScrapeJob } from './scrape-config';
import { CALICO_SYSTEM_NAMESPACE, FELIX_METRICS, TYPHA_METRICS } from '../calico/metrics';
import { OPERATOR_NAMESPACE } from '../calico/tigera-operator';
import { addChecks } from '../common/checks';
import { canonicalCidr, isCanonical, parseCidr } from '../common/cidr';
import { parsePrometheusDuration } from '../common/duration';
import { error, Finding, joinPath, warning } from '../common/findings';
import {
  cidrFindings, dnsLabelFindings, nonNegativeFindings, objectNameFindings, prometheusDurationFindings, storageClassFindings, storageSizeFindings,
} from '../common/value-checks';
import { KubeNamespace, Quantity } from '../k8s';
import { RETINA_NAMESPACE, RetinaAgent } from '../retina/retina-agent';

/** Where the NodePort Services may be reached from, per the API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Prometheus' claim size when `prometheus.storage` is given without one. */
export const DEFAULT_PROMETHEUS_STORAGE_SIZE = '10Gi';

/** Namespaces Kubernetes or the rest of the stack own; the monitoring chart creates and owns its namespace. */
export const RESERVED_NAMESPACES: readonly string[] = [
  'default', 'kube-system', 'kube-public', 'kube-node-lease', RETINA_NAMESPACE, OPERATOR_NAMESPACE, CALICO_SYSTEM_NAMESPACE, 'calico-apiserver',
];

/** Sources that admit every address of a family. */
const EVERYWHERE = ['0.0.0.0/0', '::/0'];

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
  readonly prometheus?: {
    /** @default 30090 */
    readonly nodePort?: number;
    /** A Prometheus duration. @default '15d' */
    readonly retention?: string;
    /**
     * Keep the data on a PersistentVolumeClaim.
     * @default - an emptyDir
     */
    readonly storage?: {
      /** @default '10Gi' */
      readonly size?: string;
      /** @default - the cluster's default StorageClass */
      readonly storageClass?: string;
    };
  };
  readonly grafana?: {
    /** @default 30300 */
    readonly nodePort?: number;
    /** Secret with `admin-user` / `admin-password`, created by the user. @default 'grafana-admin' */
    readonly adminSecret?: string;
  };
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
   * @default - none
   */
  readonly podCidrs?: readonly string[];
  /**
   * Thresholds of the alerts.
   * @default - DEFAULT_ALERT_THRESHOLDS
   */
  readonly alerts?: AlertThresholds;
  /** Where these props sit in a larger description, prefixed to finding paths. @default - none */
  readonly specPath?: string;
}

/**
 * The monitoring stack in its own namespace: Prometheus wired to the Retina agent (and Felix and
 * Typha), node-exporter, and Grafana with the matching dashboards (stage `monitoring`).
 */
export class MonitoringChart extends Chart {
  /** The namespace the chart creates and puts its namespaced objects in (not Chart.namespace, which would also land on cluster-scoped objects). */
  public readonly monitoringNamespace: string;
  public readonly prometheus: Prometheus;
  public readonly grafana: Grafana;
  public readonly nodeExporter?: NodeExporter;
  /** Sources allowed to reach the NodePorts (empty: any). */
  public readonly allowedSourceCidrs: readonly string[];
  /** The alert thresholds, defaults applied. */
  public readonly alertThresholds: Required<AlertThresholds>;
  /** The alerting and recording rules (Prometheus' rule file). */
  public readonly ruleGroups: readonly RuleGroup[];

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    const {
      namespace: monitoringNamespace, clusterName, retina, calicoMetrics: metrics, prometheus: p, grafana: g, nodeExporter, allowedSourceCidrs, podCidrs, alerts, specPath,
      ...chartProps
    } = props;
    // The namespace is not ChartProps.namespace: that would also land on the ClusterRole.
    super(scope, id, chartProps);
    const namespace = monitoringNamespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.monitoringNamespace = namespace;
    const calicoMetrics = metrics ?? false;
    this.allowedSourceCidrs = allowedSourceCidrs ?? [];
    this.alertThresholds = { ...DEFAULT_ALERT_THRESHOLDS, ...definedValues(alerts ?? {}) };

    new KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels: componentLabels('monitoring').all } });
    this.nodeExporter = (nodeExporter ?? true) ? new NodeExporter(this, 'NodeExporter', { namespace }) : undefined;

    const podTargets: PodScrapeTarget[] = [
      ...(retina ? [{ job: ScrapeJob.RETINA, source: retina }] : []),
      ...(this.nodeExporter ? [{ job: ScrapeJob.NODE_EXPORTER, source: this.nodeExporter }] : []),
      ...(calicoMetrics ? [{ job: ScrapeJob.FELIX, source: FELIX_METRICS }, { job: ScrapeJob.TYPHA, source: TYPHA_METRICS }] : []),
    ];
    // Restricting sources without the pod CIDRs would shut out in-cluster clients: a finding, and open Services meanwhile.
    const restricted = this.allowedSourceCidrs.length > 0 && (podCidrs ?? []).length > 0;
    const access = restricted ? { allowedSourceCidrs, clusterCidrs: podCidrs } : {};
    this.ruleGroups = ruleGroups({ clusterName, retinaPlugins: retina?.plugins, calicoMetrics, thresholds: this.alertThresholds });
    const storage = p?.storage;
    this.prometheus = new Prometheus(this, 'Prometheus', {
      clusterName,
      namespace,
      podTargets,
      ruleGroups: this.ruleGroups,
      nodePort: p?.nodePort,
      retention: p?.retention !== undefined ? parsePrometheusDuration(p.retention) : undefined,
      storageSize: storage ? Quantity.fromString(storage.size ?? DEFAULT_PROMETHEUS_STORAGE_SIZE) : undefined,
      storageClass: storage?.storageClass || undefined,
      ...access,
    });

    const dashboards: Record<string, Dashboard> = {
      ...(retina ? { 'retina-nodes': retinaDashboard(retina.plugins) } : {}),
      ...(calicoMetrics ? { calico: calicoDashboard() } : {}),
    };
    this.grafana = new Grafana(this, 'Grafana', {
      prometheus: this.prometheus,
      namespace,
      dashboards,
      nodePort: g?.nodePort,
      adminSecret: g?.adminSecret,
      ...access,
    });
    addChecks(this, () => monitoringFindings(this, props));
  }

  /** Every NodePort the chart renders, with the path of the prop that sets it. */
  public nodePorts(specPath?: string): Array<{ readonly path: string; readonly port: number }> {
    return [
      { path: joinPath(specPath, 'prometheus', 'nodePort'), port: this.prometheus.nodePort },
      { path: joinPath(specPath, 'grafana', 'nodePort'), port: this.grafana.nodePort },
    ];
  }
}

/** The entries whose value is defined (so `{ x: undefined }` keeps a default). */
function definedValues<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * NodePorts inside the API server's range and not shared, values the consumers accept, source
 * CIDRs in canonical form, and a namespace the chart can own.
 */
function monitoringFindings(chart: MonitoringChart, props: MonitoringChartProps): Finding[] {
  const at = (...segments: PropertyKey[]) => joinPath(props.specPath, ...segments);
  const findings: Finding[] = Object.entries(props.alerts ?? {}).flatMap(([key, value]) => (value !== undefined ? nonNegativeFindings(at('alerts', key), value) : []));
  if (props.namespace !== undefined) findings.push(...dnsLabelFindings(at('namespace'), props.namespace));
  const { min, max } = NODE_PORT_RANGE;
  const ports = chart.nodePorts(props.specPath);
  ports.forEach(({ path, port }, i) => {
    if (!Number.isInteger(port)) findings.push(error(path, 'expected a whole number', { got: port }));
    else if (port < min || port > max) {
      findings.push(error(path, 'is outside the NodePort range', {
        got: port, allowed: `${min}–${max} (the API server's default --service-node-port-range)`, fix: `choose a free port in ${min}–${max}`,
      }));
    }
    const first = ports.findIndex((p) => p.port === port);
    if (first < i) findings.push(error(path, `is also ${ports[first].path}; two Services cannot share a NodePort`, { got: port, fix: 'choose another port' }));
  });
  const p = props.prometheus;
  if (p?.retention !== undefined) findings.push(...prometheusDurationFindings(at('prometheus', 'retention'), p.retention));
  if (p?.storage?.size !== undefined) findings.push(...storageSizeFindings(at('prometheus', 'storage', 'size'), p.storage.size));
  if (p?.storage?.storageClass !== undefined) findings.push(...storageClassFindings(at('prometheus', 'storage', 'storageClass'), p.storage.storageClass));
  if (props.grafana?.adminSecret !== undefined) findings.push(...objectNameFindings(at('grafana', 'adminSecret'), props.grafana.adminSecret));
  if (chart.allowedSourceCidrs.length > 0 && (props.podCidrs ?? []).length === 0) {
    findings.push(error(at('allowedSourceCidrs'), 'needs the cluster\'s pod CIDRs too (podCidrs; CalicoStack passes platform.podSubnet), or the NetworkPolicies would also shut out in-cluster clients', {
      fix: 'give the pod CIDRs, or leave allowedSourceCidrs empty',
    }));
  }
  chart.allowedSourceCidrs.forEach((text, i) => {
    const path = at('allowedSourceCidrs', i);
    const cidr = parseCidr(text);
    if (!cidr) findings.push(...cidrFindings(path, text));
    else if (!isCanonical(cidr)) {
      findings.push(error(path, 'is not in canonical form: it has host bits set or is not written in its shortest form', {
        got: text, allowed: canonicalCidr(cidr), fix: `write ${canonicalCidr(cidr)}`,
      }));
    } else if (EVERYWHERE.includes(text)) {
      // service-exposure.ts: a restricted NodePort Service keeps client addresses with externalTrafficPolicy: Local.
      findings.push(warning(path, `admits every IPv${cidr.family} address, so it restricts nothing; yet any allowedSourceCidrs switch the Prometheus and Grafana NodePorts to externalTrafficPolicy: Local, where only the node running the pod answers`, {
        got: text, fix: 'list the networks that should reach Prometheus and Grafana, or leave allowedSourceCidrs empty (open, and every node answers)',
      }));
    }
  });
  if (RESERVED_NAMESPACES.includes(chart.monitoringNamespace)) {
    findings.push(error(at('namespace'), 'belongs to Kubernetes or another part of the stack, and the monitoring file creates and owns its namespace', {
      got: chart.monitoringNamespace, fix: 'use a namespace of its own, such as monitoring',
    }));
  }
  return findings;
}
