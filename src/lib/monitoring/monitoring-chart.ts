/**
 * The monitoring chart, in one of two modes (one output file, applied after Retina):
 *
 * - standalone: its own namespace, Prometheus wired to the Retina agent (and to Felix and Typha
 *   when Calico's metrics are on) with the alerting and recording rules, node-exporter, and
 *   Grafana with the matching dashboards;
 * - prometheus-operator: for a cluster that runs kube-prometheus-stack, the same scrape targets as
 *   PodMonitors, the same rules as a PrometheusRule and the same dashboards as ConfigMaps for
 *   its Grafana's sidecar, labelled so that what `helm install prometheus ...` installs selects them;
 *   node-exporter only when asked (kube-prometheus-stack runs its own).
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertThresholds, DEFAULT_ALERT_THRESHOLDS, RuleGroup, ruleGroups } from './alert-rules';
import { calicoDashboard } from './dashboards/calico';
import { retinaDashboard } from './dashboards/retina';
import { Grafana, GrafanaDashboard } from './grafana';
import { DEFAULT_DASHBOARD_LABEL, DEFAULT_DASHBOARD_LABEL_VALUE, GrafanaSidecarDashboards } from './grafana-sidecar-dashboards';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { NodeExporter } from './node-exporter';
import { DEFAULT_RELEASE_LABELS, MONITORING_API_VERSION, PodMonitor } from './pod-monitor';
import { Prometheus } from './prometheus';
import { PrometheusRule } from './prometheus-rule';
import { PodScrapeTarget, ScrapeJob } from './scrape-config';
import { CALICO_SYSTEM_NAMESPACE, FELIX_METRICS, TYPHA_METRICS } from '../calico/metrics';
import { OPERATOR_NAMESPACE } from '../calico/tigera-operator';
import { addChecks, PathOf, pathOf } from '../common/checks';
import { canonicalCidr, isCanonical, parseCidr } from '../common/cidr';
import { parsePrometheusDuration } from '../common/duration';
import { error, Finding, warning } from '../common/findings';
import { propsShape } from '../common/props-check';
import {
  choiceFindings, cidrFindings, dnsLabelFindings, labelKeyFindings, labelMapFindings, labelValueFindings, nonNegativeFindings, objectNameFindings,
  prometheusDurationFindings, storageClassFindings, storageSizeFindings,
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

/** Who runs Prometheus and Grafana. */
export enum MonitoringMode {
  /** calico-stack's own Prometheus and Grafana, by NodePort. */
  STANDALONE = 'standalone',
  /** The cluster's kube-prometheus-stack (prometheus-operator): PodMonitors, a PrometheusRule, dashboard ConfigMaps. */
  PROMETHEUS_OPERATOR = 'prometheus-operator',
}

/** Where kube-prometheus-stack looks for monitors, rules and dashboards (the `monitoring.prometheusOperator` section). */
export interface PrometheusOperatorOptions {
  /**
   * Namespace of the PodMonitors and the PrometheusRule (and of node-exporter, when asked for):
   * one the Prometheus' `podMonitorNamespaceSelector` and `ruleNamespaceSelector` match. The chart's
   * defaults (`{}`) match every namespace; its own namespace is the one that always works.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Labels of the PodMonitors and the PrometheusRule: what the Prometheus' `podMonitorSelector` and
   * `ruleSelector` match. kube-prometheus-stack selects `release: <its Helm release name>`.
   * @default { release: 'prometheus' }
   */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /**
   * Name of the label the Grafana sidecar loads dashboard ConfigMaps by (`grafana.sidecar.dashboards.label`).
   * @default 'grafana_dashboard'
   */
  readonly dashboardLabel?: string;
  /**
   * Its value (`grafana.sidecar.dashboards.labelValue`).
   * @default '1'
   */
  readonly dashboardLabelValue?: string;
  /**
   * Namespace of the dashboard ConfigMaps: one the sidecar searches (kube-prometheus-stack: every one).
   * @default - the namespace above
   */
  readonly dashboardNamespace?: string;
  /**
   * Flux Kustomizations that install kube-prometheus-stack (its CRDs): with `gitops.flux`, the
   * monitoring stage's Kustomization depends on them.
   * @default - none
   */
  readonly fluxDependsOn?: ReadonlyArray<{ readonly name: string; readonly namespace?: string }>;
}

/** {@link PrometheusOperatorOptions} with defaults applied. */
export interface ResolvedPrometheusOperatorOptions {
  readonly namespace: string;
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly dashboardLabel: string;
  readonly dashboardLabelValue: string;
  readonly dashboardNamespace: string;
  readonly fluxDependsOn: ReadonlyArray<{ readonly name: string; readonly namespace?: string }>;
}

/** Custom resources the chart renders whose CRDs the cluster's folder does not install. */
export interface ExternalCrds {
  /** Group and version of the kinds, e.g. `monitoring.coreos.com/v1`. */
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** What installs the CRDs. */
  readonly installedBy: string;
}

/** Where kube-prometheus-stack's CRDs come from, for the GitOps stages and `npm run plan`. */
export const KUBE_PROMETHEUS_STACK = 'kube-prometheus-stack';

/** The keys of each mode: setting one of the other mode is an error. */
const STANDALONE_KEYS = ['namespace', 'prometheus', 'grafana', 'allowedSourceCidrs'] as const;
const OPERATOR_KEYS = ['prometheusOperator'] as const;

/** Props of {@link MonitoringChart}. */
export interface MonitoringChartProps extends Omit<ChartProps, 'namespace'> {
  /** Value of the `cluster` label on every series (the dashboards' cluster variable). */
  readonly clusterName: string;
  /**
   * Who runs Prometheus and Grafana: calico-stack (`standalone`) or the cluster's
   * kube-prometheus-stack (`prometheus-operator`).
   * @default MonitoringMode.STANDALONE
   */
  readonly mode?: `${MonitoringMode}`;
  /**
   * Where kube-prometheus-stack looks for monitors, rules and dashboards (mode `prometheus-operator` only).
   * @default - what `helm install prometheus prometheus-community/kube-prometheus-stack -n monitoring` selects
   */
  readonly prometheusOperator?: PrometheusOperatorOptions;
  /**
   * Thresholds of the alerts (both modes).
   * @default - DEFAULT_ALERT_THRESHOLDS
   */
  readonly alerts?: AlertThresholds;
  /**
   * Namespace the chart creates and puts every namespaced object in (standalone only).
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
  /** calico-stack's Prometheus (standalone only). @default - the defaults of every key */
  readonly prometheus?: {
    /** Node port of the Prometheus UI and API (30000–32767). @default 30090 */
    readonly nodePort?: number;
    /** A Prometheus duration. @default '15d' */
    readonly retention?: string;
    /**
     * Keep the data on a PersistentVolumeClaim.
     * @default - an emptyDir
     */
    readonly storage?: {
      /** Size of the claim, a whole number with a unit. @default '10Gi' */
      readonly size?: string;
      /** StorageClass of the claim; empty means the default one. @default - the cluster's default StorageClass */
      readonly storageClass?: string;
    };
  };
  /** calico-stack's Grafana (standalone only). @default - the defaults of every key */
  readonly grafana?: {
    /** Node port of Grafana (30000–32767). @default 30300 */
    readonly nodePort?: number;
    /** Secret with `admin-user` / `admin-password`, created by the user. @default 'grafana-admin' */
    readonly adminSecret?: string;
  };
  /**
   * Run node-exporter on every node and scrape it.
   * @default - true in standalone mode; false with prometheus-operator (kube-prometheus-stack runs its own)
   */
  readonly nodeExporter?: boolean;
  /**
   * Sources allowed to reach the node ports (standalone only). Non-empty: NetworkPolicies admit
   * only these and {@link podCidrs}, and the Services keep client addresses (`externalTrafficPolicy: Local`).
   * @default - any source
   */
  readonly allowedSourceCidrs?: readonly string[];
  /**
   * The cluster's pod CIDRs: in-cluster clients stay allowed when sources are restricted.
   * @default - none
   */
  readonly podCidrs?: readonly string[];
}

/**
 * Monitoring of the cluster's network (stage `monitoring`): standalone, Prometheus wired to the
 * Retina agent (and Felix and Typha) with the rules, node-exporter, and Grafana with the matching
 * dashboards in a namespace of its own; with prometheus-operator, the same targets, rules and
 * dashboards for the cluster's kube-prometheus-stack.
 */
export class MonitoringChart extends Chart {
  public readonly mode: MonitoringMode;
  /**
   * Where the chart's namespaced objects go: the namespace it creates (standalone; not
   * Chart.namespace, which would also land on cluster-scoped objects), or kube-prometheus-stack's
   * (`prometheusOperator.namespace`).
   */
  public readonly monitoringNamespace: string;
  /** calico-stack's Prometheus (standalone). */
  public readonly prometheus?: Prometheus;
  /** calico-stack's Grafana (standalone). */
  public readonly grafana?: Grafana;
  public readonly nodeExporter?: NodeExporter;
  /** Sources allowed to reach the NodePorts (empty: any; always empty with prometheus-operator). */
  public readonly allowedSourceCidrs: readonly string[];
  /** The scrape targets: standalone jobs or PodMonitors, one per source. */
  public readonly podTargets: readonly PodScrapeTarget[];
  /** The alert thresholds, defaults applied. */
  public readonly alertThresholds: Required<AlertThresholds>;
  /** The alerting and recording rules (a rule file, or the PrometheusRule). */
  public readonly ruleGroups: readonly RuleGroup[];
  /** The dashboards by name (provisioned from files, or ConfigMaps for the sidecar). */
  public readonly dashboards: Readonly<Record<string, GrafanaDashboard>>;
  /** kube-prometheus-stack's side, defaults applied (prometheus-operator). */
  public readonly prometheusOperator?: ResolvedPrometheusOperatorOptions;
  /** One per scrape target (prometheus-operator). */
  public readonly podMonitors: readonly PodMonitor[];
  /** The rules as a PrometheusRule (prometheus-operator). */
  public readonly prometheusRule?: PrometheusRule;
  /** The dashboards as ConfigMaps for the Grafana sidecar (prometheus-operator). */
  public readonly sidecarDashboards?: GrafanaSidecarDashboards;
  /** Kinds the chart renders whose CRDs another installation provides (kube-prometheus-stack's, with prometheus-operator). */
  public readonly externalCrds: readonly ExternalCrds[];

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    const shape = propsShape('MonitoringChartProps', props);
    props = shape.props;
    const {
      mode, prometheusOperator: po, alerts, namespace: standaloneNamespace, clusterName, retina, calicoMetrics: metrics, prometheus: p, grafana: g, nodeExporter,
      allowedSourceCidrs, podCidrs, ...chartProps
    } = props;
    // The namespace is not ChartProps.namespace: that would also land on the ClusterRole.
    super(scope, id, chartProps);
    shape.report(this);
    this.mode = mode === MonitoringMode.PROMETHEUS_OPERATOR ? MonitoringMode.PROMETHEUS_OPERATOR : MonitoringMode.STANDALONE;
    const operator = this.mode === MonitoringMode.PROMETHEUS_OPERATOR;
    const calicoMetrics = metrics ?? false;
    this.alertThresholds = { ...DEFAULT_ALERT_THRESHOLDS, ...definedValues(alerts ?? {}) };
    if (operator) {
      const namespace = po?.namespace ?? DEFAULT_MONITORING_NAMESPACE;
      this.prometheusOperator = {
        namespace,
        matchLabels: po?.matchLabels ?? DEFAULT_RELEASE_LABELS,
        dashboardLabel: po?.dashboardLabel ?? DEFAULT_DASHBOARD_LABEL,
        dashboardLabelValue: po?.dashboardLabelValue ?? DEFAULT_DASHBOARD_LABEL_VALUE,
        dashboardNamespace: po?.dashboardNamespace ?? namespace,
        fluxDependsOn: po?.fluxDependsOn ?? [],
      };
    }
    const namespace = this.prometheusOperator?.namespace ?? standaloneNamespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.monitoringNamespace = namespace;
    this.allowedSourceCidrs = operator ? [] : allowedSourceCidrs ?? [];

    if (!operator) new KubeNamespace(this, 'Namespace', { metadata: { name: namespace, labels: componentLabels('monitoring').all } });
    this.nodeExporter = (nodeExporter ?? !operator) ? new NodeExporter(this, 'NodeExporter', { namespace }) : undefined;

    this.podTargets = [
      ...(retina ? [{ job: ScrapeJob.RETINA, source: retina }] : []),
      ...(this.nodeExporter ? [{ job: ScrapeJob.NODE_EXPORTER, source: this.nodeExporter }] : []),
      ...(calicoMetrics ? [{ job: ScrapeJob.FELIX, source: FELIX_METRICS }, { job: ScrapeJob.TYPHA, source: TYPHA_METRICS }] : []),
    ];
    this.ruleGroups = ruleGroups({
      clusterName,
      retinaPlugins: retina?.plugins,
      calicoMetrics,
      thresholds: this.alertThresholds,
      noTargetsHint: this.prometheusOperator
        ? `whether kube-prometheus-stack's Prometheus selects PodMonitor ${namespace}/calico-stack-${ScrapeJob.RETINA} (kubectl get prometheus -A -o jsonpath='{.items[*].spec.podMonitorSelector}' must match its labels ${labelText(this.prometheusOperator.matchLabels)}; this rule is selected by the same labels)`
        : undefined,
    });
    const dashboards: Record<string, Dashboard> = {
      ...(retina ? { 'retina-nodes': retinaDashboard(retina.plugins) } : {}),
      ...(calicoMetrics ? { calico: calicoDashboard() } : {}),
    };
    this.dashboards = dashboards;

    if (this.prometheusOperator) {
      const o = this.prometheusOperator;
      const targets = new Construct(this, 'PodMonitors');
      // Our own labels first: the selector's labels win where they overlap.
      const labels = (name: string) => ({ ...componentLabels(name).all, ...o.matchLabels });
      this.podMonitors = this.podTargets.map((t) => new PodMonitor(targets, t.job, {
        job: t.job, source: t.source, clusterName, namespace, labels: labels('pod-monitors'),
      }));
      this.prometheusRule = this.ruleGroups.length > 0
        ? new PrometheusRule(this, 'Rules', { groups: this.ruleGroups, namespace, labels: labels('prometheus-rules') })
        : undefined;
      this.sidecarDashboards = new GrafanaSidecarDashboards(this, 'Dashboards', {
        dashboards, namespace: o.dashboardNamespace, label: o.dashboardLabel, labelValue: o.dashboardLabelValue,
      });
      this.externalCrds = [{ apiVersion: MONITORING_API_VERSION, kinds: ['PodMonitor', 'PrometheusRule'], installedBy: KUBE_PROMETHEUS_STACK }];
    } else {
      this.podMonitors = [];
      this.externalCrds = [];
      // Restricting sources without the pod CIDRs would shut out in-cluster clients: a finding, and open Services meanwhile.
      const restricted = this.allowedSourceCidrs.length > 0 && (podCidrs ?? []).length > 0;
      const access = restricted ? { allowedSourceCidrs, clusterCidrs: podCidrs } : {};
      const storage = p?.storage;
      this.prometheus = new Prometheus(this, 'Prometheus', {
        clusterName,
        namespace,
        podTargets: this.podTargets,
        ruleGroups: this.ruleGroups,
        nodePort: p?.nodePort,
        retention: p?.retention !== undefined ? parsePrometheusDuration(p.retention) : undefined,
        storageSize: storage ? Quantity.fromString(storage.size ?? DEFAULT_PROMETHEUS_STORAGE_SIZE) : undefined,
        storageClass: storage?.storageClass || undefined,
        ...access,
      });
      this.grafana = new Grafana(this, 'Grafana', {
        prometheus: this.prometheus,
        namespace,
        dashboards,
        nodePort: g?.nodePort,
        adminSecret: g?.adminSecret,
        ...access,
      });
    }
    addChecks(this, (at) => monitoringFindings(this, props, at));
  }

  /**
   * Every NodePort the chart renders, with the path findings show for the prop that sets it
   * (`prometheus.nodePort`; `monitoring.prometheus.nodePort` in a CalicoStack); none with prometheus-operator.
   */
  public nodePorts(): Array<{ readonly path: string; readonly port: number }> {
    const at = pathOf(this);
    return [
      ...(this.prometheus ? [{ path: at('prometheus', 'nodePort'), port: this.prometheus.nodePort }] : []),
      ...(this.grafana ? [{ path: at('grafana', 'nodePort'), port: this.grafana.nodePort }] : []),
    ];
  }
}

/** The entries whose value is defined (so `{ x: undefined }` keeps a default). */
function definedValues<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** `key=value, ...`, as a selector reads. */
function labelText(labels: Readonly<Record<string, string>>): string {
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return text === '' ? '(none)' : text;
}

/**
 * NodePorts inside the API server's range and not shared, values the consumers accept, source
 * CIDRs in canonical form, and a namespace the chart can own.
 */
function monitoringFindings(chart: MonitoringChart, props: MonitoringChartProps, at: PathOf): Finding[] {
  const findings: Finding[] = [
    ...(props.mode !== undefined ? choiceFindings(at('mode'), props.mode, Object.values(MonitoringMode)) : []),
    ...modeKeyFindings(chart, props, at),
    ...prometheusOperatorFindings(props, at),
    ...Object.entries(props.alerts ?? {}).flatMap(([key, value]) => (value !== undefined ? nonNegativeFindings(at('alerts', key), value) : [])),
  ];
  if (chart.mode === MonitoringMode.PROMETHEUS_OPERATOR) return findings;
  if (props.namespace !== undefined) findings.push(...dnsLabelFindings(at('namespace'), props.namespace));
  const { min, max } = NODE_PORT_RANGE;
  const ports = chart.nodePorts();
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

/** Keys of the other mode: said once each, rather than silently ignored. */
function modeKeyFindings(chart: MonitoringChart, props: MonitoringChartProps, at: PathOf): Finding[] {
  if (chart.mode === MonitoringMode.PROMETHEUS_OPERATOR) {
    return STANDALONE_KEYS.filter((key) => props[key] !== undefined).map((key) => error(at(key),
      'applies to calico-stack\'s own Prometheus and Grafana, which mode prometheus-operator does not render (kube-prometheus-stack runs them)', {
        fix: `remove it, or set ${at('mode')}: ${MonitoringMode.STANDALONE}`,
      }));
  }
  return OPERATOR_KEYS.filter((key) => props[key] !== undefined).map((key) => error(at(key), `applies to mode ${MonitoringMode.PROMETHEUS_OPERATOR} only`, {
    fix: `set ${at('mode')}: ${MonitoringMode.PROMETHEUS_OPERATOR}, or remove it`,
  }));
}

/** Names, labels and namespaces of `prometheusOperator`, as the API server checks them. */
function prometheusOperatorFindings(props: MonitoringChartProps, at: PathOf): Finding[] {
  const po = props.prometheusOperator;
  if (!po) return [];
  const here = (...segments: PropertyKey[]) => at('prometheusOperator', ...segments);
  return [
    ...(po.namespace !== undefined ? dnsLabelFindings(here('namespace'), po.namespace) : []),
    ...(po.dashboardNamespace !== undefined ? dnsLabelFindings(here('dashboardNamespace'), po.dashboardNamespace) : []),
    ...(po.matchLabels !== undefined ? labelMapFindings(here('matchLabels'), po.matchLabels) : []),
    ...(po.dashboardLabel !== undefined ? labelKeyFindings(here('dashboardLabel'), po.dashboardLabel) : []),
    ...(po.dashboardLabelValue !== undefined ? labelValueFindings(here('dashboardLabelValue'), po.dashboardLabelValue) : []),
    ...(po.fluxDependsOn ?? []).flatMap((d, i) => [
      ...objectNameFindings(here('fluxDependsOn', i, 'name'), d.name),
      ...(d.namespace !== undefined ? dnsLabelFindings(here('fluxDependsOn', i, 'namespace'), d.namespace) : []),
    ]),
  ];
}
