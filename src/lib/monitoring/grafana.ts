/**
 * Grafana with the Prometheus datasource and the dashboards provisioned from files: ConfigMaps
 * `grafana-provisioning` (datasource and dashboard provider) and `grafana-dashboards` (one JSON per
 * dashboard), a one-replica Deployment and a NodePort Service.
 *
 * The admin login comes from a Secret the user creates (never rendered, so no password lands in
 * `dist/` or in Git): Grafana does not start until it exists.
 *
 * The root filesystem is read-only. Grafana writes to its data path (`GF_PATHS_DATA`,
 * /var/lib/grafana: the SQLite database, sessions, and plugins in `GF_PATHS_PLUGINS`,
 * /var/lib/grafana/plugins) and to /tmp (plugin downloads of the background plugin installer,
 * SQLite's temporary files): both are emptyDirs. It logs to the console only, so its logs path
 * (/var/log/grafana) is never written.
 */
import { Duration, Size } from 'cdk8s';
import {
  ConfigMap,
  ContainerPort,
  Cpu,
  Deployment,
  EnvValue,
  ImagePullPolicy,
  Probe,
  Protocol,
  Secret,
  Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { PROMETHEUS_DATASOURCE_UID } from './dashboards/common';
import { GRAFANA_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { Prometheus } from './prometheus';
import { NodePortAccessOptions, NodePortExposure } from './service-exposure';
import { checksumAnnotation } from '../common/checksum';
import { podHardening } from '../common/pod-hardening';
import { checkedProps, placeholderChart } from '../common/props-check';
import { withoutAddressLabel } from '../common/stable-pod-labels';
import { formatDuration } from '../common/duration';

const NAME = 'grafana';
export const GRAFANA_PORT = 3000;
/** Node port of the UI when none is given. */
export const DEFAULT_GRAFANA_NODE_PORT = 30300;
/** Name of the admin Secret when none is given. */
export const DEFAULT_ADMIN_SECRET = 'grafana-admin';

/** The `grafana` user of the upstream image. */
const GRAFANA_UID = 472;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
/** `GF_PATHS_DATA` of the image; `GF_PATHS_PLUGINS` is its `plugins` folder. */
const DATA_DIR = '/var/lib/grafana';
const TMP_DIR = '/tmp';
const DATASOURCES_FILE = 'datasources.yaml';
const PROVIDERS_FILE = 'dashboards.yaml';

/** Keys of the admin Secret (the names Grafana's Helm chart uses). */
export enum AdminSecretKey {
  USER = 'admin-user',
  PASSWORD = 'admin-password',
}

/**
 * A dashboard as Grafana reads it from a file: a JSON-serializable object such as the `Dashboard`
 * that `@grafana/grafana-foundation-sdk`'s `DashboardBuilder.build()` returns. Not that type by name:
 * the SDK's subpath exports do not resolve in CommonJS projects (`moduleResolution: node`), and these
 * props are public. It has any other field of Grafana's dashboard model (`panels`, `time`, ...): the
 * run-time check of props takes them (scripts/props-schemas.ts, OPEN_TYPES).
 */
export interface GrafanaDashboard {
  readonly uid?: string;
  readonly title?: string;
}

/** A dashboard's file content: its JSON, indented, as Grafana's file provisioning and the sidecar read it. */
export function dashboardJson(dashboard: GrafanaDashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
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
  readonly dashboards?: Readonly<Record<string, GrafanaDashboard>>;
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

/**
 * Grafana with the Prometheus datasource and the given dashboards provisioned from ConfigMaps,
 * one replica, exposed by NodePort; the admin login comes from a Secret you create.
 */
export class Grafana extends Construct {
  public readonly namespace: string;
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly nodePort: number;
  public readonly adminSecret: string;
  /** Dashboard JSON text by file name, as written into ConfigMap `grafana-dashboards`. */
  public readonly dashboardFiles: Readonly<Record<string, string>>;
  public readonly provisioning: ConfigMap;
  public readonly dashboards: ConfigMap;
  public readonly deployment: Deployment;
  public readonly exposure: NodePortExposure;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    props = checkedProps(this, 'GrafanaProps', props, () => ({ prometheus: new Prometheus(placeholderChart(), 'Prometheus', { clusterName: 'placeholder' }) }));
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.nodePort = props.nodePort ?? DEFAULT_GRAFANA_NODE_PORT;
    this.adminSecret = props.adminSecret ?? DEFAULT_ADMIN_SECRET;
    const dashboards = props.dashboards ?? {};
    const namespace = this.namespace;
    const labels = componentLabels(NAME, GRAFANA_IMAGE);
    this.selectorLabels = labels.selector;
    const metadata = (name: string) => ({ name, namespace, labels: { ...labels.all } });

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
    this.provisioning = new ConfigMap(this, 'Provisioning', {
      metadata: metadata(`${NAME}-provisioning`),
      data: { [DATASOURCES_FILE]: datasources, [PROVIDERS_FILE]: providers },
    });
    this.dashboardFiles = Object.fromEntries(Object.entries(dashboards).map(([name, d]) => [`${name}.json`, dashboardJson(d)]));
    this.dashboards = new ConfigMap(this, 'Dashboards', { metadata: metadata(`${NAME}-dashboards`), data: { ...this.dashboardFiles } });
    const home = Object.keys(this.dashboardFiles)[0];

    const volumes = new Construct(this, 'Volumes');
    const mounts = [
      { path: `${PROVISIONING_DIR}/datasources`, readOnly: true, volume: Volume.fromConfigMap(volumes, 'Datasources', this.provisioning, {
        name: 'datasources', items: { [DATASOURCES_FILE]: { path: DATASOURCES_FILE } },
      }) },
      { path: `${PROVISIONING_DIR}/dashboards`, readOnly: true, volume: Volume.fromConfigMap(volumes, 'DashboardProviders', this.provisioning, {
        name: 'dashboard-providers', items: { [PROVIDERS_FILE]: { path: PROVIDERS_FILE } },
      }) },
      { path: DASHBOARDS_DIR, readOnly: true, volume: Volume.fromConfigMap(volumes, 'Dashboards', this.dashboards, { name: 'dashboards' }) },
      // Users, sessions, UI changes and plugins; provisioned content comes back on every start.
      { path: DATA_DIR, volume: Volume.fromEmptyDir(volumes, 'Data', 'data') },
      { path: TMP_DIR, volume: Volume.fromEmptyDir(volumes, 'Tmp', 'tmp') },
    ];

    const adminSecret = Secret.fromSecretName(this, 'AdminSecret', this.adminSecret);
    const fromAdminSecret = (key: AdminSecretKey) => EnvValue.fromSecretValue({ secret: adminSecret, key }, { optional: false });
    const http: ContainerPort = { name: 'http', number: GRAFANA_PORT, protocol: Protocol.TCP };
    const probe = (options: { initialDelay?: Duration; failureThreshold?: number }) => Probe.fromHttpGet('/api/health', {
      port: http.number,
      periodSeconds: Duration.seconds(10),
      timeoutSeconds: Duration.seconds(5),
      initialDelaySeconds: options.initialDelay,
      failureThreshold: options.failureThreshold,
    });
    const hardening = podHardening({ user: GRAFANA_UID });
    this.deployment = new Deployment(this, 'Deployment', {
      metadata: metadata(NAME),
      // A changed datasource needs a restart; dashboards are re-read from disk every minute anyway.
      podMetadata: { labels: { ...labels.all }, annotations: checksumAnnotation('provisioning', datasources, providers) },
      select: false,
      replicas: 1,
      automountServiceAccountToken: false,
      securityContext: hardening.pod,
      containers: [{
        name: NAME,
        image: GRAFANA_IMAGE.image,
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        ports: [http],
        envVariables: {
          GF_SECURITY_ADMIN_USER: fromAdminSecret(AdminSecretKey.USER),
          GF_SECURITY_ADMIN_PASSWORD: fromAdminSecret(AdminSecretKey.PASSWORD),
          GF_PATHS_PROVISIONING: EnvValue.fromValue(PROVISIONING_DIR),
          // The image's default too; set here because the root filesystem is read-only.
          GF_LOG_MODE: EnvValue.fromValue('console'),
          GF_AUTH_ANONYMOUS_ENABLED: EnvValue.fromValue('false'),
          GF_ANALYTICS_REPORTING_ENABLED: EnvValue.fromValue('false'),
          GF_ANALYTICS_CHECK_FOR_UPDATES: EnvValue.fromValue('false'),
          // The first dashboard opens after login.
          ...(home ? { GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: EnvValue.fromValue(`${DASHBOARDS_DIR}/${home}`) } : {}),
        },
        readiness: probe({}),
        liveness: probe({ initialDelay: Duration.seconds(60), failureThreshold: 10 }),
        resources: {
          cpu: { request: Cpu.millis(100) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
        },
        securityContext: hardening.container,
        volumeMounts: mounts,
      }],
    });
    withoutAddressLabel(this.deployment);
    this.deployment.select(labels.podSelector);

    this.exposure = new NodePortExposure(this, 'Exposure', {
      workload: this.deployment,
      labels: labels.all,
      port: http,
      nodePort: this.nodePort,
      allowedSourceCidrs: props.allowedSourceCidrs,
      clusterCidrs: props.clusterCidrs,
    });
  }
}
