/**
 * Dashboards for a Grafana that loads them with the k8s-sidecar (kube-prometheus-stack's Grafana:
 * `grafana.sidecar.dashboards`), one ConfigMap per dashboard carrying the label the sidecar
 * watches for. The sidecar copies every key of such a ConfigMap into one folder, so the file
 * names are prefixed to stay apart from the dashboards of kube-prometheus-stack itself.
 *
 * kube-prometheus-stack's defaults (prometheus-community/helm-charts
 * charts/kube-prometheus-stack/values.yaml at kube-prometheus-stack-88.5.3, lines 1536-1563): the
 * sidecar looks for label `grafana_dashboard` with value `"1"` in every namespace
 * (`searchNamespace: ALL`), and the provisioned Prometheus datasource has uid `prometheus`, the uid
 * the dashboards name.
 */
import { ApiObject } from 'cdk8s';
import { ConfigMap } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { dashboardJson, GrafanaDashboard } from './grafana';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { checkedProps } from '../common/props-check';
import { renderableLabels, setUserLabels } from '../common/user-keys';

/** The label kube-prometheus-stack's Grafana sidecar loads dashboards from (`grafana.sidecar.dashboards.label`). */
export const DEFAULT_DASHBOARD_LABEL = 'grafana_dashboard';
/** Its value (`grafana.sidecar.dashboards.labelValue`). */
export const DEFAULT_DASHBOARD_LABEL_VALUE = '1';

/** Props of {@link GrafanaSidecarDashboards}. */
export interface GrafanaSidecarDashboardsProps {
  /** Dashboards by name; each becomes ConfigMap `calico-stack-dashboard-<name>` with file `calico-stack-<name>.json`. */
  readonly dashboards: Readonly<Record<string, GrafanaDashboard>>;
  /**
   * Namespace of the ConfigMaps: one the sidecar searches.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Name of the label the sidecar looks for.
   * @default 'grafana_dashboard'
   */
  readonly label?: string;
  /**
   * Value of that label.
   * @default '1'
   */
  readonly labelValue?: string;
}

/** One ConfigMap per dashboard, labelled for the Grafana sidecar. */
export class GrafanaSidecarDashboards extends Construct {
  public readonly namespace: string;
  public readonly label: string;
  public readonly labelValue: string;
  /** Dashboard JSON text by file name, as written into the ConfigMaps. */
  public readonly dashboardFiles: Readonly<Record<string, string>>;
  public readonly configMaps: readonly ConfigMap[];

  constructor(scope: Construct, id: string, props: GrafanaSidecarDashboardsProps) {
    super(scope, id);
    props = checkedProps(this, 'GrafanaSidecarDashboardsProps', props);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.label = props.label ?? DEFAULT_DASHBOARD_LABEL;
    this.labelValue = props.labelValue ?? DEFAULT_DASHBOARD_LABEL_VALUE;
    const labels = { ...componentLabels('grafana-dashboards').all, [this.label]: this.labelValue };
    const files: Record<string, string> = {};
    this.configMaps = Object.entries(props.dashboards).map(([name, dashboard]) => {
      const file = `calico-stack-${name}.json`;
      files[file] = dashboardJson(dashboard);
      const configMap = new ConfigMap(this, name, {
        metadata: { name: `calico-stack-dashboard-${name}`, namespace: this.namespace, labels: renderableLabels(labels) },
        data: { [file]: files[file] },
      });
      // The label's name is the user's (the sidecar's): any name is data (user-keys.ts).
      setUserLabels(ApiObject.of(configMap), labels);
      return configMap;
    });
    this.dashboardFiles = files;
  }
}
