/**
 * A single Prometheus server without an operator: ServiceAccount and a read-only ClusterRole for pod
 * discovery, `prometheus.yml` in a ConfigMap, a one-replica Deployment (data on an emptyDir or a
 * PersistentVolumeClaim) and a NodePort Service.
 */
import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { PROMETHEUS_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { PodScrapeTarget, PrometheusConfig, prometheusConfig } from './scrape-config';
import { NodePortAccessOptions, NodePortExposure } from './service-exposure';
import { rule, toKubeRule } from '../common/policy-rule';
import { formatPrometheusDuration } from '../config/duration';
import {
  IntOrString,
  KubeClusterRole,
  KubeClusterRoleBinding,
  KubeConfigMap,
  KubeDeployment,
  KubePersistentVolumeClaim,
  KubeServiceAccount,
  Quantity,
  Volume,
} from '../k8s';

const NAME = 'prometheus';
/** Prometheus' HTTP port (UI, API, its own /metrics). */
export const PROMETHEUS_PORT = 9090;
const PORT_NAME = 'web';
const CONFIG_FILE = 'prometheus.yml';
const CONFIG_DIR = '/etc/prometheus';
const DATA_DIR = '/prometheus';
/** Node port of the UI and API when none is given (kube-prometheus-stack's default too). */
export const DEFAULT_PROMETHEUS_NODE_PORT = 30090;
/** `--storage.tsdb.retention.time` when none is given (Prometheus' own default). */
export const DEFAULT_RETENTION = Duration.days(15);

/** The `nobody` user, as upstream's image and chart run it. */
const NOBODY = 65534;

/**
 * What pod discovery reads: list and watch pods (the informer), get for single lookups. Nothing
 * else: every job is role `pod` without node metadata, and no job scrapes the kubelet or the API
 * server, so nodes, services, endpoints, endpointslices, nodes/metrics and /metrics stay out.
 */
export const PROMETHEUS_RULES = [rule([''], ['pods'], ['get', 'list', 'watch'])];

export interface PrometheusProps extends NodePortAccessOptions {
  /** Value of the `cluster` label on every series. */
  readonly clusterName: string;
  /**
   * Namespace of every namespaced object.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Pod scrape jobs, in order; a job for Prometheus itself is always added.
   * @default - none
   */
  readonly podTargets?: readonly PodScrapeTarget[];
  /**
   * Node port of the UI and API.
   * @default 30090
   */
  readonly nodePort?: number;
  /**
   * How long samples are kept (`--storage.tsdb.retention.time`).
   * @default Duration.days(15)
   */
  readonly retention?: Duration;
  /**
   * Size of a PersistentVolumeClaim for the data.
   * @default - an emptyDir: the data is lost when the pod is rescheduled
   */
  readonly storageSize?: Quantity;
  /**
   * StorageClass of the claim (only with {@link storageSize}).
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;
  /**
   * How often every target is scraped.
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
}

export class Prometheus extends Construct {
  public readonly namespace: string;
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly port = PROMETHEUS_PORT;
  public readonly nodePort: number;
  public readonly scrapeInterval: Duration;
  /** The configuration, as written into the ConfigMap. */
  public readonly config: PrometheusConfig;
  public readonly configYaml: string;
  public readonly configMap: KubeConfigMap;
  public readonly deployment: KubeDeployment;
  public readonly exposure: NodePortExposure;
  /** In-cluster URL of the API (what Grafana's datasource points at). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.nodePort = props.nodePort ?? DEFAULT_PROMETHEUS_NODE_PORT;
    const retention = props.retention ?? DEFAULT_RETENTION;
    this.scrapeInterval = props.scrapeInterval ?? Duration.seconds(30);
    if (props.storageClass !== undefined && props.storageSize === undefined) {
      throw new Error(`prometheus: storageClass "${props.storageClass}" needs a storageSize (without one the data is on an emptyDir)`);
    }
    const namespace = this.namespace;
    const labels = componentLabels(NAME, PROMETHEUS_IMAGE);
    this.selectorLabels = labels.selector;
    this.url = `http://${NAME}.${namespace}.svc:${PROMETHEUS_PORT}`;

    const serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: NAME, namespace, labels: labels.all } });
    const clusterRole = new KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: `calico-stack-${NAME}`, labels: labels.all },
      rules: PROMETHEUS_RULES.map(toKubeRule),
    });
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterRole.name, labels: labels.all },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace }],
      roleRef: { kind: 'ClusterRole', name: clusterRole.name, apiGroup: 'rbac.authorization.k8s.io' },
    });

    this.config = prometheusConfig({
      clusterName: props.clusterName,
      podTargets: props.podTargets ?? [],
      selfAddress: `localhost:${PROMETHEUS_PORT}`,
      scrapeInterval: this.scrapeInterval,
    });
    this.configYaml = stringify(this.config);
    this.configMap = new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: `${NAME}-config`, namespace, labels: labels.all },
      data: { [CONFIG_FILE]: this.configYaml },
    });

    const claim = props.storageSize === undefined ? undefined : new KubePersistentVolumeClaim(this, 'Data', {
      metadata: { name: `${NAME}-data`, namespace, labels: labels.all },
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(props.storageClass ? { storageClassName: props.storageClass } : {}),
        resources: { requests: { storage: props.storageSize } },
      },
    });
    const volumes: Volume[] = [
      { name: 'config', configMap: { name: this.configMap.name } },
      claim ? { name: 'data', persistentVolumeClaim: { claimName: claim.name } } : { name: 'data', emptyDir: {} },
    ];

    const probe = (path: string, periodSeconds: number) => ({
      httpGet: { path, port: IntOrString.fromString(PORT_NAME) }, periodSeconds, timeoutSeconds: 5, failureThreshold: 3,
    });
    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name: NAME, namespace, labels: labels.all },
      spec: {
        replicas: 1,
        // One TSDB, one writer: the old pod lets go of the data before the new one starts.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...labels.selector } },
        template: {
          metadata: {
            labels: { ...labels.all },
            annotations: { 'checksum/config': createHash('sha256').update(this.configYaml, 'utf8').digest('hex') },
          },
          spec: {
            serviceAccountName: serviceAccount.name,
            securityContext: { runAsUser: NOBODY, runAsGroup: NOBODY, fsGroup: NOBODY, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: PROMETHEUS_IMAGE.image,
              args: [
                `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
                `--storage.tsdb.path=${DATA_DIR}`,
                `--storage.tsdb.retention.time=${formatPrometheusDuration(retention)}`,
              ],
              ports: [{ name: PORT_NAME, containerPort: PROMETHEUS_PORT, protocol: 'TCP' }],
              readinessProbe: { ...probe('/-/ready', 10), initialDelaySeconds: 5 },
              livenessProbe: { ...probe('/-/healthy', 15), initialDelaySeconds: 30 },
              resources: {
                requests: { cpu: Quantity.fromString('200m'), memory: Quantity.fromString('512Mi') },
                limits: { memory: Quantity.fromString('2Gi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }, { name: 'data', mountPath: DATA_DIR }],
            }],
            volumes,
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
      port: PROMETHEUS_PORT,
      nodePort: this.nodePort,
      allowedSourceCidrs: props.allowedSourceCidrs,
      clusterCidrs: props.clusterCidrs,
    });
  }
}
