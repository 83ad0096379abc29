/**
 * Grafana with the Prometheus datasource and the dashboards provisioned from files: ConfigMaps
 * `grafana-provisioning` (datasource and dashboard provider) and `grafana-dashboards` (one JSON per
 * dashboard), a one-replica Deployment and a NodePort Service.
 *
 * The admin login comes from a Secret the user creates (never rendered, so no password lands in
 * `dist/` or in Git): Grafana does not start until it exists.
 */
import { createHash } from 'crypto';
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { PROMETHEUS_DATASOURCE_UID } from './dashboards/common';
import { GRAFANA_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { Prometheus } from './prometheus';
import { NodePortAccessOptions, NodePortExposure } from './service-exposure';
import { formatDuration } from '../config/duration';
import { IntOrString, KubeConfigMap, KubeDeployment, Quantity } from '../k8s';

const NAME = 'grafana';
export const GRAFANA_PORT = 3000;
const PORT_NAME = 'http';
/** Node port of the UI when none is given. */
export const DEFAULT_GRAFANA_NODE_PORT = 30300;
/** Name of the admin Secret when none is given. */
export const DEFAULT_ADMIN_SECRET = 'grafana-admin';

/** The `grafana` user of the upstream image. */
const GRAFANA_UID = 472;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
const DATA_DIR = '/var/lib/grafana';

/** Keys of the admin Secret (the names Grafana's Helm chart uses). */
export enum AdminSecretKey {
  USER = 'admin-user',
  PASSWORD = 'admin-password',
}

export interface GrafanaProps extends NodePortAccessOptions {
  /** The Prometheus the datasource queries. */
  readonly prometheus: Prometheus;
  /**
   * Namespace of every object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Dashboards to provision, by file name (without `.json`).
   * @default - none
   */
  readonly dashboards?: Readonly<Record<string, Dashboard>>;
  /**
   * Node port of the UI.
   * @default 30300
   */
  readonly nodePort?: number;
  /**
   * Secret (created by the user, in the same namespace) with keys `admin-user` and `admin-password`.
   * @default 'grafana-admin'
   */
  readonly adminSecret?: string;
}

export class Grafana extends Construct {
  public readonly namespace: string;
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly nodePort: number;
  public readonly adminSecret: string;
  /** Dashboard JSON text by file name, as written into ConfigMap `grafana-dashboards`. */
  public readonly dashboardFiles: Readonly<Record<string, string>>;
  public readonly provisioning: KubeConfigMap;
  public readonly deployment: KubeDeployment;
  public readonly exposure: NodePortExposure;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.nodePort = props.nodePort ?? DEFAULT_GRAFANA_NODE_PORT;
    this.adminSecret = props.adminSecret ?? DEFAULT_ADMIN_SECRET;
    const dashboards = props.dashboards ?? {};
    const namespace = this.namespace;
    const labels = componentLabels(NAME, GRAFANA_IMAGE);
    this.selectorLabels = labels.selector;

    const datasources = stringify({
      apiVersion: 1,
      datasources: [{
        name: 'Prometheus',
        type: 'prometheus',
        uid: PROMETHEUS_DATASOURCE_UID,
        access: 'proxy',
        url: props.prometheus.url,
        isDefault: true,
        editable: false,
        // $__rate_interval needs the scrape interval.
        jsonData: { timeInterval: formatDuration(props.prometheus.scrapeInterval), httpMethod: 'POST' },
      }],
    });
    const providers = stringify({
      apiVersion: 1,
      providers: [{
        name: 'calico-stack',
        folder: 'calico-stack',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: Duration.minutes(1).toSeconds(),
        options: { path: DASHBOARDS_DIR },
      }],
    });
    this.provisioning = new KubeConfigMap(this, 'Provisioning', {
      metadata: { name: `${NAME}-provisioning`, namespace, labels: labels.all },
      data: { 'datasources.yaml': datasources, 'dashboards.yaml': providers },
    });
    this.dashboardFiles = Object.fromEntries(Object.entries(dashboards).map(([name, d]) => [`${name}.json`, `${JSON.stringify(d, null, 2)}\n`]));
    const dashboardsMap = new KubeConfigMap(this, 'Dashboards', {
      metadata: { name: `${NAME}-dashboards`, namespace, labels: labels.all },
      data: { ...this.dashboardFiles },
    });
    const home = Object.keys(this.dashboardFiles)[0];
    // A changed datasource needs a restart; dashboards are re-read from disk every minute anyway.
    const checksum = createHash('sha256').update(datasources).update(providers).digest('hex');

    const adminEnv = (name: string, key: AdminSecretKey) => ({ name, valueFrom: { secretKeyRef: { name: this.adminSecret, key, optional: false } } });
    const probe = { httpGet: { path: '/api/health', port: IntOrString.fromString(PORT_NAME) }, timeoutSeconds: 5 };
    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace, labels: labels.all },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels.selector } },
        template: {
          metadata: { labels: { ...labels.all }, annotations: { 'checksum/provisioning': checksum } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID, fsGroup: GRAFANA_UID, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: GRAFANA_IMAGE.image,
              ports: [{ name: PORT_NAME, containerPort: GRAFANA_PORT, protocol: 'TCP' }],
              env: [
                adminEnv('GF_SECURITY_ADMIN_USER', AdminSecretKey.USER),
                adminEnv('GF_SECURITY_ADMIN_PASSWORD', AdminSecretKey.PASSWORD),
                { name: 'GF_PATHS_PROVISIONING', value: PROVISIONING_DIR },
                { name: 'GF_AUTH_ANONYMOUS_ENABLED', value: 'false' },
                { name: 'GF_ANALYTICS_REPORTING_ENABLED', value: 'false' },
                { name: 'GF_ANALYTICS_CHECK_FOR_UPDATES', value: 'false' },
                // The first dashboard opens after login.
                ...(home ? [{ name: 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH', value: `${DASHBOARDS_DIR}/${home}` }] : []),
              ],
              readinessProbe: { ...probe, periodSeconds: 10 },
              livenessProbe: { ...probe, initialDelaySeconds: 60, periodSeconds: 10, failureThreshold: 10 },
              resources: {
                requests: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('128Mi') },
                limits: { memory: Quantity.fromString('512Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'datasources', mountPath: `${PROVISIONING_DIR}/datasources`, readOnly: true },
                { name: 'dashboard-providers', mountPath: `${PROVISIONING_DIR}/dashboards`, readOnly: true },
                { name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true },
                { name: 'data', mountPath: DATA_DIR },
              ],
            }],
            volumes: [
              { name: 'datasources', configMap: { name: this.provisioning.name, items: [{ key: 'datasources.yaml', path: 'datasources.yaml' }] } },
              { name: 'dashboard-providers', configMap: { name: this.provisioning.name, items: [{ key: 'dashboards.yaml', path: 'dashboards.yaml' }] } },
              { name: 'dashboards', configMap: { name: dashboardsMap.name } },
              // Users, sessions and UI changes; provisioned content comes back on every start.
              { name: 'data', emptyDir: {} },
            ],
          },
        },
      },
    });

    this.exposure = new NodePortExposure(this, 'Exposure', {
      name: NAME,
      namespace,
      labels: labels.all,
      selectorLabels: labels.selector,
      portName: PORT_NAME,
      port: GRAFANA_PORT,
      nodePort: this.nodePort,
      allowedSourceCidrs: props.allowedSourceCidrs,
      clusterCidrs: props.clusterCidrs,
    });
  }
}
