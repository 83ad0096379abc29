/**
 * The Retina agent in basic mode as the release's Helm chart installs it on Linux: ServiceAccount,
 * ConfigMap `retina-config`, ClusterRole + binding, Service `retina-svc` and DaemonSet
 * `retina-agent`. Left out, as a Linux install never runs them: the Windows DaemonSet and its
 * ConfigMap, the helm test Pod, the `retina-operator` Service (no operator in basic mode) and the
 * retina.sh CRDs (unused without pod-level mode).
 */
import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import {
  AgentVolume,
  BASIC_MODE_CONFIG,
  ConfigKey,
  DEFAULT_PLUGINS,
  DEFAULT_RETINA_VERSION,
  INFINIBAND_VOLUMES,
  LogLevel,
  MetricsProbe,
  RetinaPlugin,
  RetinaRelease,
  retinaRelease,
  SettingKey,
  VolumeSource,
} from './releases';
import { addChecks } from '../common/checks';
import { error } from '../common/findings';
import { checkedProps } from '../common/props-check';
import { toKubeRule } from '../common/policy-rule';
import { formatDuration } from '../common/duration';
import {
  IntOrString,
  KubeClusterRole,
  KubeClusterRoleBinding,
  KubeConfigMap,
  KubeDaemonSet,
  KubeService,
  KubeServiceAccount,
  Probe,
  Quantity,
  Toleration,
  Volume,
} from '../k8s';

/** Namespace of every Retina object, as upstream. */
export const RETINA_NAMESPACE = 'kube-system';
/** The Helm release name upstream's labels carry (`app.kubernetes.io/instance`). */
const INSTANCE = 'retina';
const APP = 'retina';
const AGENT = 'retina-agent';
const CONFIG_MAP = 'retina-config';
const CLUSTER_ROLE = 'retina-cluster-reader';
const CONFIG_FILE = 'config.yaml';
const CONFIG_DIR = '/retina/config';
/** Retina's `metricsIntervalDuration` in upstream's chart. */
export const DEFAULT_METRICS_INTERVAL = Duration.seconds(10);

/** The port of the agent's HTTP server (`/metrics`), `retinaPort` in the chart. */
export const RETINA_PORT = 10093;

/** The taint kubeadm puts on control-plane nodes. */
export const CONTROL_PLANE_TOLERATION: Toleration = {
  key: 'node-role.kubernetes.io/control-plane',
  operator: 'Exists',
  effect: 'NoSchedule',
};

/** `app.kubernetes.io/component` values upstream gives each object. */
enum Component {
  RBAC = 'rbac',
  CONFIG = 'config',
  NETWORKING = 'networking',
  WORKLOAD = 'workload',
}

/** Props of {@link RetinaAgent}. */
export interface RetinaAgentProps {
  /** The Retina release to render. */
  readonly release: RetinaRelease;
  /**
   * Linux plugins to enable (`enabledPlugin`); each must be one the release has.
   * @default - dropreason, packetforward, linuxutil, dns (upstream's default)
   */
  readonly plugins?: readonly RetinaPlugin[];
  /**
   * Agent log level.
   * @default LogLevel.INFO
   */
  readonly logLevel?: LogLevel;
  /**
   * How often plugins are polled and metrics updated (`metricsIntervalDuration`).
   * @default Duration.seconds(10)
   */
  readonly metricsInterval?: Duration;
  /**
   * Tolerate the kubeadm control-plane taint, so that node is observed too. Upstream has no
   * tolerations: its agent skips the control-plane node.
   * @default true
   */
  readonly tolerateControlPlane?: boolean;
}

/** Microsoft Retina's agent in basic mode as the release's Helm chart installs it on Linux. */
export class RetinaAgent extends Construct {
  /** Labels that select the agent pods (the DaemonSet selector; immutable once applied). */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Port of the agent's `/metrics` endpoint, on the node's address (hostNetwork). */
  public readonly metricsPort = RETINA_PORT;
  /** Name of the container port serving `/metrics`. */
  public readonly metricsPortName = 'retina';
  /** Name of the agent container, as scrape configs match it. */
  public readonly containerName = APP;
  public readonly namespace = RETINA_NAMESPACE;
  /** The agent's `config.yaml`, exactly as written into ConfigMap `retina-config`. */
  public readonly configYaml: string;
  /** sha256 (hex) of {@link configYaml}: pod annotation `checksum/config`, so a config change rolls the pods. */
  public readonly configChecksum: string;
  public readonly plugins: readonly RetinaPlugin[];
  public readonly logLevel: LogLevel;
  public readonly metricsInterval: Duration;
  public readonly tolerateControlPlane: boolean;
  public readonly configMap: KubeConfigMap;
  public readonly service: KubeService;
  public readonly daemonSet: KubeDaemonSet;

  constructor(scope: Construct, id: string, props: RetinaAgentProps) {
    super(scope, id);
    props = checkedProps(this, 'RetinaAgentProps', props, () => ({ release: retinaRelease(DEFAULT_RETINA_VERSION) }));
    const { release } = props;
    this.plugins = props.plugins ?? DEFAULT_PLUGINS;
    const logLevel = this.logLevel = props.logLevel ?? LogLevel.INFO;
    const metricsInterval = this.metricsInterval = props.metricsInterval ?? DEFAULT_METRICS_INTERVAL;
    const tolerateControlPlane = this.tolerateControlPlane = props.tolerateControlPlane ?? true;
    addChecks(this, (at) => {
      if (this.plugins.length === 0) return [error(at('plugins'), 'needs at least 1 item(s)', { got: [] })];
      return this.plugins.flatMap((p, i) => (release.linuxPlugins.includes(p) ? [] : [error(at('plugins', i), `is not a Linux plugin of Retina ${release.version}`, {
        got: p, allowed: release.linuxPlugins.join(', '),
      })]));
    });

    const namespace = RETINA_NAMESPACE;
    this.selectorLabels = { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/instance': INSTANCE, 'app.kubernetes.io/component': Component.WORKLOAD };
    const labels = (component: Component): Record<string, string> => ({
      'helm.sh/chart': release.chartLabel,
      'app.kubernetes.io/name': APP,
      'app.kubernetes.io/instance': INSTANCE,
      'app.kubernetes.io/version': release.appVersionLabel,
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': APP,
      'app.kubernetes.io/component': component,
      'k8s-app': APP,
    });

    const serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: AGENT, namespace, labels: labels(Component.RBAC) },
    });

    this.configYaml = renderConfig(release, {
      [ConfigKey.API_SERVER]: { host: '0.0.0.0', port: RETINA_PORT },
      [ConfigKey.LOG_LEVEL]: logLevel,
      [ConfigKey.ENABLED_PLUGIN]: [...this.plugins],
      // Written next to metricsIntervalDuration (which wins), never alone: alone it means seconds.
      [ConfigKey.METRICS_INTERVAL]: formatDuration(metricsInterval),
      [ConfigKey.METRICS_INTERVAL_DURATION]: formatDuration(metricsInterval),
    });
    this.configChecksum = createHash('sha256').update(this.configYaml, 'utf8').digest('hex');
    this.configMap = new KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: CONFIG_MAP, namespace, labels: labels(Component.CONFIG) },
      data: { [CONFIG_FILE]: this.configYaml },
    });

    // Cluster-scoped: upstream also writes `namespace: kube-system` here, which the API server drops.
    new KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: CLUSTER_ROLE, labels: labels(Component.RBAC) },
      rules: release.clusterReaderRules.map(toKubeRule),
    });
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: `${CLUSTER_ROLE}-binding`, labels: labels(Component.RBAC) },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount.name, namespace }],
      roleRef: { kind: 'ClusterRole', name: CLUSTER_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
    });

    const port = IntOrString.fromNumber(RETINA_PORT);
    this.service = new KubeService(this, 'Service', {
      metadata: { name: 'retina-svc', namespace, labels: labels(Component.NETWORKING) },
      spec: {
        ports: [release.serviceNamedPort
          ? { name: this.metricsPortName, port: RETINA_PORT, protocol: 'TCP', targetPort: port }
          : { port: RETINA_PORT, targetPort: port }],
        selector: { ...this.selectorLabels },
      },
    });

    const volumes = [...release.volumes, ...(this.plugins.includes(RetinaPlugin.INFINIBAND) ? INFINIBAND_VOLUMES : [])];
    const configMount = { name: 'config', mountPath: CONFIG_DIR };
    const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
    const resources = { cpu: Quantity.fromString('500m'), memory: Quantity.fromString('300Mi') };

    this.daemonSet = new KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: AGENT, namespace, labels: labels(Component.WORKLOAD) },
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        template: {
          metadata: {
            labels: labels(Component.WORKLOAD),
            annotations: {
              'prometheus.io/port': String(RETINA_PORT),
              'prometheus.io/scrape': 'true',
              'checksum/config': this.configChecksum,
            },
          },
          spec: {
            hostNetwork: true,
            serviceAccountName: serviceAccount.name,
            initContainers: [{
              name: 'init-retina',
              image: release.initImage,
              imagePullPolicy: 'Always',
              args: ['--config', `${CONFIG_DIR}/${CONFIG_FILE}`],
              terminationMessagePolicy: 'FallbackToLogsOnError',
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'bpf', mountPath: '/sys/fs/bpf', mountPropagation: 'Bidirectional' },
                configMount,
                ...(release.initMountsTmp ? [{ name: 'tmp', mountPath: '/tmp' }] : []),
              ],
            }],
            containers: [{
              name: this.containerName,
              ...(release.readinessProbe ? { readinessProbe: metricsProbe(release.readinessProbe) } : {}),
              livenessProbe: metricsProbe(release.livenessProbe),
              image: release.agentImage,
              imagePullPolicy: 'Always',
              command: ['/retina/controller'],
              args: ['--health-probe-bind-address=:18081', '--metrics-bind-address=:18080', '--config', `${CONFIG_DIR}/${CONFIG_FILE}`],
              ports: [{ name: this.metricsPortName, containerPort: RETINA_PORT }],
              resources: { limits: resources, requests: resources },
              env: [fieldEnv('POD_NAME', 'metadata.name'), fieldEnv('NODE_NAME', 'spec.nodeName'), fieldEnv('NODE_IP', 'status.hostIP')],
              securityContext: { capabilities: { add: [...release.capabilities] }, privileged: false },
              volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
            }],
            // Time for the agent to detach its eBPF programs.
            terminationGracePeriodSeconds: 90,
            volumes: volumes.map(toVolume),
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            ...(tolerateControlPlane ? { tolerations: [CONTROL_PLANE_TOLERATION] } : {}),
          },
        },
      },
    });
  }
}

/** The values of the keys that depend on the settings. */
type Settings = Readonly<Record<SettingKey, unknown>>;

/** The agent's config.yaml: the release's keys, in the chart's order, serialized as YAML. */
function renderConfig(release: RetinaRelease, settings: Settings): string {
  const values: Readonly<Record<ConfigKey, unknown>> = { ...BASIC_MODE_CONFIG, ...settings };
  return stringify(Object.fromEntries(release.configKeys.map((key) => [key, values[key]])));
}

function metricsProbe(probe: MetricsProbe): Probe {
  return { httpGet: { path: '/metrics', port: IntOrString.fromNumber(RETINA_PORT) }, ...probe };
}

function toVolume(volume: AgentVolume): Volume {
  switch (volume.source) {
    case VolumeSource.CONFIG:
      return { name: volume.name, configMap: { name: CONFIG_MAP } };
    case VolumeSource.EMPTY_DIR:
      return { name: volume.name, emptyDir: {} };
    case VolumeSource.HOST_PATH:
      return { name: volume.name, hostPath: { path: volume.mountPath, ...(volume.hostPathType ? { type: volume.hostPathType } : {}) } };
  }
}
