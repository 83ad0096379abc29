/**
 * A single Prometheus server without an operator: ServiceAccount and a read-only ClusterRole for pod
 * discovery, `prometheus.yml` in a ConfigMap, the alerting and recording rules in another (loaded
 * through `rule_files`), a one-replica Deployment (data on an emptyDir or a PersistentVolumeClaim)
 * and a NodePort Service.
 */
import { Duration, Size } from 'cdk8s';
import {
  ApiResource,
  ClusterRole,
  ClusterRoleBinding,
  ConfigMap,
  ContainerPort,
  Cpu,
  Deployment,
  DeploymentStrategy,
  ImagePullPolicy,
  PersistentVolumeClaim,
  Probe,
  Protocol,
  ServiceAccount,
  Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { RuleGroup } from './alert-rules';
import { PROMETHEUS_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { PodScrapeTarget, PrometheusConfig, prometheusConfig } from './scrape-config';
import { NodePortAccessOptions, NodePortExposure } from './service-exposure';
import { checksumAnnotation } from '../common/checksum';
import { podHardening } from '../common/pod-hardening';
import { checkedProps } from '../common/props-check';
import { withoutAddressLabel } from '../common/stable-pod-labels';
import { formatPrometheusDuration } from '../common/duration';
import { KubePersistentVolumeClaim, Quantity } from '../k8s';

const NAME = 'prometheus';
/** Prometheus' HTTP port (UI, API, its own /metrics). */
export const PROMETHEUS_PORT = 9090;
const CONFIG_FILE = 'prometheus.yml';
const CONFIG_DIR = '/etc/prometheus';
/** Not below CONFIG_DIR: a mount point inside a read-only ConfigMap volume cannot be created. */
const RULES_DIR = '/etc/prometheus-rules';
/** The rule file's name in ConfigMap `prometheus-rules` (`rule_files` loads every `*.yml` of RULES_DIR). */
export const RULES_FILE = 'calico-stack.rules.yml';
const DATA_DIR = '/prometheus';
/** Node port of the UI and API when none is given (kube-prometheus-stack's default too). */
export const DEFAULT_PROMETHEUS_NODE_PORT = 30090;
/** `--storage.tsdb.retention.time` when none is given (Prometheus' own default). */
export const DEFAULT_RETENTION = Duration.days(15);

/** The `nobody` user, as upstream's image and chart run it. */
const NOBODY = 65534;

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
   * How often every target is scraped (and every rule evaluated).
   * @default Duration.seconds(30)
   */
  readonly scrapeInterval?: Duration;
  /**
   * Alerting and recording rules, loaded from ConfigMap `prometheus-rules` through `rule_files`.
   * Alerts show on the UI's Alerts page (there is no Alertmanager).
   * @default - no rules and no rules ConfigMap
   */
  readonly ruleGroups?: readonly RuleGroup[];
}

/** Prometheus with pod-discovery scrape jobs, one replica, its RBAC and ConfigMap, exposed by NodePort. */
export class Prometheus extends Construct {
  public readonly namespace: string;
  public readonly selectorLabels: Readonly<Record<string, string>>;
  public readonly port = PROMETHEUS_PORT;
  public readonly nodePort: number;
  public readonly retention: Duration;
  public readonly scrapeInterval: Duration;
  /** The configuration, as written into the ConfigMap. */
  public readonly config: PrometheusConfig;
  public readonly configYaml: string;
  public readonly serviceAccount: ServiceAccount;
  /**
   * What pod discovery reads: get, list and watch pods. Nothing else: every job is role `pod`
   * without node metadata, and no job scrapes the kubelet or the API server, so nodes, services,
   * endpoints, endpointslices, nodes/metrics and /metrics stay out.
   */
  public readonly clusterRole: ClusterRole;
  public readonly configMap: ConfigMap;
  /** The rule file, as written into ConfigMap `prometheus-rules`; absent without rules. */
  public readonly rulesYaml?: string;
  /** ConfigMap `prometheus-rules`, with {@link PrometheusProps.ruleGroups}. */
  public readonly rulesConfigMap?: ConfigMap;
  /** The claim of the data, with {@link PrometheusProps.storageSize}. */
  public readonly claim?: KubePersistentVolumeClaim;
  public readonly deployment: Deployment;
  public readonly exposure: NodePortExposure;
  /** In-cluster URL of the API (what Grafana's datasource points at). */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    props = checkedProps(this, 'PrometheusProps', props);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    this.nodePort = props.nodePort ?? DEFAULT_PROMETHEUS_NODE_PORT;
    this.retention = props.retention ?? DEFAULT_RETENTION;
    this.scrapeInterval = props.scrapeInterval ?? Duration.seconds(30);
    const podTargets = props.podTargets ?? [];
    if (props.storageClass !== undefined && props.storageSize === undefined) {
      throw new Error(`prometheus: storageClass "${props.storageClass}" needs a storageSize (without one the data is on an emptyDir)`);
    }
    const namespace = this.namespace;
    const labels = componentLabels(NAME, PROMETHEUS_IMAGE);
    this.selectorLabels = labels.selector;
    const metadata = (name: string) => ({ name, namespace, labels: { ...labels.all } });

    this.serviceAccount = new ServiceAccount(this, 'ServiceAccount', { metadata: metadata(NAME) });
    this.clusterRole = new ClusterRole(this, 'ClusterRole', { metadata: { name: `calico-stack-${NAME}`, labels: { ...labels.all } } });
    this.clusterRole.allowRead(ApiResource.PODS);
    new ClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: this.clusterRole.name, labels: { ...labels.all } },
      role: this.clusterRole,
    }).addSubjects(this.serviceAccount);

    const ruleGroups = props.ruleGroups ?? [];
    this.config = prometheusConfig({
      clusterName: props.clusterName,
      podTargets,
      selfAddress: `localhost:${PROMETHEUS_PORT}`,
      scrapeInterval: this.scrapeInterval,
      ruleFiles: ruleGroups.length > 0 ? [`${RULES_DIR}/*.yml`] : [],
    });
    this.configYaml = stringify(this.config);
    this.configMap = new ConfigMap(this, 'ConfigMap', { metadata: metadata(`${NAME}-config`), data: { [CONFIG_FILE]: this.configYaml } });
    if (ruleGroups.length > 0) {
      // One line per expression and annotation: folded lines would split `{{ $labels.x }}` templates.
      this.rulesYaml = stringify({ groups: ruleGroups }, { lineWidth: 0 });
      this.rulesConfigMap = new ConfigMap(this, 'Rules', { metadata: metadata(`${NAME}-rules`), data: { [RULES_FILE]: this.rulesYaml } });
    }

    // The generated class: cdk8s-plus' claim takes its size in whole GiB, the storage size is any Quantity.
    this.claim = props.storageSize === undefined ? undefined : new KubePersistentVolumeClaim(this, 'Data', {
      metadata: metadata(`${NAME}-data`),
      spec: {
        accessModes: ['ReadWriteOnce'],
        ...(props.storageClass ? { storageClassName: props.storageClass } : {}),
        resources: { requests: { storage: props.storageSize } },
      },
    });
    const config = Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, { name: 'config' });
    const rules = this.rulesConfigMap ? Volume.fromConfigMap(this, 'RulesVolume', this.rulesConfigMap, { name: 'rules' }) : undefined;
    const data = this.claim
      ? Volume.fromPersistentVolumeClaim(this, 'DataVolume', PersistentVolumeClaim.fromClaimName(this, 'DataClaim', this.claim.name), { name: 'data' })
      : Volume.fromEmptyDir(this, 'DataVolume', 'data');

    const web: ContainerPort = { name: 'web', number: PROMETHEUS_PORT, protocol: Protocol.TCP };
    const probe = (path: string, period: Duration, initialDelay: Duration) => Probe.fromHttpGet(path, {
      port: web.number, periodSeconds: period, initialDelaySeconds: initialDelay, timeoutSeconds: Duration.seconds(5), failureThreshold: 3,
    });
    const hardening = podHardening({ user: NOBODY });
    this.deployment = new Deployment(this, 'Deployment', {
      metadata: metadata(NAME),
      podMetadata: { labels: { ...labels.all }, annotations: checksumAnnotation('config', this.configYaml, ...(this.rulesYaml !== undefined ? [this.rulesYaml] : [])) },
      select: false,
      replicas: 1,
      // One TSDB, one writer: the old pod lets go of the data before the new one starts.
      strategy: DeploymentStrategy.recreate(),
      serviceAccount: this.serviceAccount,
      // Pod discovery reads the API with the ServiceAccount's token.
      automountServiceAccountToken: true,
      securityContext: hardening.pod,
      containers: [{
        name: NAME,
        image: PROMETHEUS_IMAGE.image,
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        args: [
          `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
          `--storage.tsdb.path=${DATA_DIR}`,
          `--storage.tsdb.retention.time=${formatPrometheusDuration(this.retention)}`,
        ],
        ports: [web],
        readiness: probe('/-/ready', Duration.seconds(10), Duration.seconds(5)),
        liveness: probe('/-/healthy', Duration.seconds(15), Duration.seconds(30)),
        resources: {
          cpu: { request: Cpu.millis(200) },
          memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) },
        },
        securityContext: hardening.container,
        volumeMounts: [
          { path: CONFIG_DIR, volume: config, readOnly: true },
          ...(rules ? [{ path: RULES_DIR, volume: rules, readOnly: true }] : []),
          { path: DATA_DIR, volume: data },
        ],
      }],
    });
    withoutAddressLabel(this.deployment);
    this.deployment.select(labels.podSelector);

    this.exposure = new NodePortExposure(this, 'Exposure', {
      workload: this.deployment,
      labels: labels.all,
      port: web,
      nodePort: this.nodePort,
      allowedSourceCidrs: props.allowedSourceCidrs,
      clusterCidrs: props.clusterCidrs,
    });
    this.url = `http://${this.exposure.service.name}.${namespace}.svc:${PROMETHEUS_PORT}`;
  }
}
