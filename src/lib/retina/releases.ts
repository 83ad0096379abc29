/**
 * Release catalog: what the Retina Helm chart renders on Linux in basic mode, per release. Every
 * entry is a fact read from the chart of the tag (`deploy/legacy/...` at v0.0.16,
 * `deploy/standard/...` at v1.2.6) rendered with `logLevel=info` and the four default plugins; a new
 * release is one new entry in RELEASES.
 */
import { PolicyRule, rule } from '../common/policy-rule';

/** Linux plugins by the name `enabledPlugin` takes. */
export enum RetinaPlugin {
  DROP_REASON = 'dropreason',
  PACKET_FORWARD = 'packetforward',
  LINUX_UTIL = 'linuxutil',
  DNS = 'dns',
  PACKET_PARSER = 'packetparser',
  TCP_RETRANS = 'tcpretrans',
  INFINIBAND = 'infiniband',
  CILIUM_EVENT_OBSERVER = 'ciliumeventobserver',
}

/** Plugins of the Windows agent, which calico-stack does not render. */
export const WINDOWS_PLUGINS: readonly string[] = ['hnsstats', 'ebpfwindows', 'pktmon'];

/** What upstream's chart enables when `enabledPlugin_linux` is not set. */
export const DEFAULT_PLUGINS: readonly RetinaPlugin[] = [
  RetinaPlugin.DROP_REASON,
  RetinaPlugin.PACKET_FORWARD,
  RetinaPlugin.LINUX_UTIL,
  RetinaPlugin.DNS,
];

/** Plugins that export no basic-mode metric (they feed advanced mode's pod-level `adv_*` metrics). */
export const ADVANCED_ONLY_PLUGINS: readonly RetinaPlugin[] = [RetinaPlugin.PACKET_PARSER, RetinaPlugin.TCP_RETRANS];

/** `logLevel` values the agent accepts. */
export enum LogLevel {
  DEBUG = 'debug',
  INFO = 'info',
  WARN = 'warn',
  ERROR = 'error',
  PANIC = 'panic',
  FATAL = 'fatal',
}

/** Keys of the agent's `config.yaml`, spelled as the agent reads them. */
export enum ConfigKey {
  API_SERVER = 'apiServer',
  LOG_LEVEL = 'logLevel',
  ENABLED_PLUGIN = 'enabledPlugin',
  /** Deprecated: read as whole seconds when metricsIntervalDuration is 0; ignored otherwise. */
  METRICS_INTERVAL = 'metricsInterval',
  METRICS_INTERVAL_DURATION = 'metricsIntervalDuration',
  ENABLE_TELEMETRY = 'enableTelemetry',
  ENABLE_POD_LEVEL = 'enablePodLevel',
  ENABLE_CONNTRACK_METRICS = 'enableConntrackMetrics',
  CONNTRACK_REPORT_INTERVAL = 'conntrackReportInterval',
  REMOTE_CONTEXT = 'remoteContext',
  ENABLE_ANNOTATIONS = 'enableAnnotations',
  BYPASS_LOOKUP_IP_OF_INTEREST = 'bypassLookupIPOfInterest',
  DATA_AGGREGATION_LEVEL = 'dataAggregationLevel',
  TELEMETRY_INTERVAL = 'telemetryInterval',
  DATA_SAMPLING_RATE = 'dataSamplingRate',
  PACKET_PARSER_RING_BUFFER = 'packetParserRingBuffer',
  PACKET_PARSER_RING_BUFFER_SIZE = 'packetParserRingBufferSize',
  FILTER_MAP_MAX_ENTRIES = 'filterMapMaxEntries',
}

/** A config value basic mode always writes (the chart's defaults). */
export type FixedConfigValue = string | number | boolean;

/**
 * The values of the keys basic mode does not let a user choose, as the chart writes them, except
 * `packetParserRingBufferSize`: the chart prints 8.388608e+06, the agent means the integer.
 */
export const BASIC_MODE_CONFIG: Readonly<Record<Exclude<ConfigKey, SettingKey>, FixedConfigValue>> = {
  [ConfigKey.ENABLE_TELEMETRY]: false,
  [ConfigKey.ENABLE_POD_LEVEL]: false,
  [ConfigKey.ENABLE_CONNTRACK_METRICS]: false,
  [ConfigKey.CONNTRACK_REPORT_INTERVAL]: '30s',
  [ConfigKey.REMOTE_CONTEXT]: false,
  [ConfigKey.ENABLE_ANNOTATIONS]: false,
  [ConfigKey.BYPASS_LOOKUP_IP_OF_INTEREST]: false,
  [ConfigKey.DATA_AGGREGATION_LEVEL]: 'low',
  [ConfigKey.TELEMETRY_INTERVAL]: '15m',
  [ConfigKey.DATA_SAMPLING_RATE]: 1,
  [ConfigKey.PACKET_PARSER_RING_BUFFER]: 'disabled',
  [ConfigKey.PACKET_PARSER_RING_BUFFER_SIZE]: 8388608,
  [ConfigKey.FILTER_MAP_MAX_ENTRIES]: 255,
};

/** Keys whose value comes from the cluster file (or the construct's props). */
export type SettingKey =
  | ConfigKey.API_SERVER
  | ConfigKey.LOG_LEVEL
  | ConfigKey.ENABLED_PLUGIN
  | ConfigKey.METRICS_INTERVAL
  | ConfigKey.METRICS_INTERVAL_DURATION;

/** An HTTP GET probe on the metrics port, with the fields the chart writes. */
export interface MetricsProbe {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

/** Where a volume of the agent container comes from. */
export enum VolumeSource {
  HOST_PATH = 'hostPath',
  /** ConfigMap `retina-config`. */
  CONFIG = 'config',
  EMPTY_DIR = 'emptyDir',
}

/** One volume of the agent container, mounted at the path it comes from on the host. */
export interface AgentVolume {
  readonly name: string;
  readonly mountPath: string;
  readonly source: VolumeSource;
  /** `hostPath.type`, when the chart sets one. */
  readonly hostPathType?: string;
}

/** Facts about one Retina release. */
export interface RetinaRelease {
  /** Release tag, e.g. `v1.2.6` (also the chart version and the image tag). */
  readonly version: string;
  /** Image of the agent container. */
  readonly agentImage: string;
  /** Image of the init container (mounts bpffs, pins the filter map). */
  readonly initImage: string;
  /** Value of the `helm.sh/chart` label. */
  readonly chartLabel: string;
  /** Value of the `app.kubernetes.io/version` label (the chart's appVersion, never bumped upstream). */
  readonly appVersionLabel: string;
  /** Plugin names the Linux agent of this release registers. */
  readonly linuxPlugins: readonly RetinaPlugin[];
  /** Keys of `config.yaml`, in the chart's order; keys a release does not read are not listed. */
  readonly configKeys: readonly ConfigKey[];
  /** Rules of ClusterRole `retina-cluster-reader`. */
  readonly clusterReaderRules: readonly PolicyRule[];
  /** Capabilities added to the agent container, in the chart's order. */
  readonly capabilities: readonly string[];
  readonly readinessProbe?: MetricsProbe;
  readonly livenessProbe: MetricsProbe;
  /** Volumes of the agent container, in the chart's (alphabetical) order. */
  readonly volumes: readonly AgentVolume[];
  /** Whether the init container also mounts `tmp` (v1.2.x writes a generated vmlinux.h there). */
  readonly initMountsTmp: boolean;
  /** Whether Service `retina-svc` names its port `retina` and sets `protocol: TCP` (unnamed before). */
  readonly serviceNamedPort: boolean;
  /**
   * Whether linuxutil logs an ERROR for an interface without ethtool statistics (IPIP `tunl0`) on
   * every metrics interval. Fixed in {@link ETHTOOL_FIX_VERSION}: one WARN per agent start since.
   */
  readonly ethtoolErrorEveryInterval: boolean;
}

/** First release that logs an unsupported ethtool interface once instead of every interval (PR #1296). */
export const ETHTOOL_FIX_VERSION = 'v0.0.26';

const IMAGE_REPOSITORY = 'ghcr.io/microsoft/retina';

const V0_0_16_RULES: readonly PolicyRule[] = [
  rule([''], ['pods', 'services', 'replicationcontrollers', 'nodes', 'namespaces'], ['get', 'watch', 'list']),
  rule(['apps'], ['deployments', 'replicasets'], ['get', 'watch', 'list']),
  rule(['networking.azure.com'], ['clusterobservers'], ['get', 'list', 'watch']),
  rule(['retina.sh'], ['retinaendpoints'], ['get', 'list', 'watch']),
];

const V1_2_6_RULES: readonly PolicyRule[] = [
  V0_0_16_RULES[0],
  rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'watch', 'list']),
  ...V0_0_16_RULES.slice(1),
];

function hostPath(name: string, path: string, hostPathType?: string): AgentVolume {
  return { name, mountPath: path, source: VolumeSource.HOST_PATH, ...(hostPathType ? { hostPathType } : {}) };
}

const BPF = hostPath('bpf', '/sys/fs/bpf');
const CGROUP = hostPath('cgroup', '/sys/fs/cgroup');
const CONFIG: AgentVolume = { name: 'config', mountPath: '/retina/config', source: VolumeSource.CONFIG };
const DEBUG = hostPath('debug', '/sys/kernel/debug');
const TMP: AgentVolume = { name: 'tmp', mountPath: '/tmp', source: VolumeSource.EMPTY_DIR };
const TRACE = hostPath('trace', '/sys/kernel/tracing');

/** Extra volumes the chart adds when `infiniband` is enabled. */
export const INFINIBAND_VOLUMES: readonly AgentVolume[] = [
  hostPath('sysclassnet', '/sys/class/net'),
  hostPath('sysclassinfiniband', '/sys/class/infiniband'),
];

/** Keys both releases write, in the chart's order, around the ones that differ. */
const COMMON_HEAD = [ConfigKey.API_SERVER, ConfigKey.LOG_LEVEL, ConfigKey.ENABLED_PLUGIN];

/**
 * Linux plugins both releases register (the agent's plugin registry; `mockplugin`, a test double,
 * left out). `conntrack` is not one: it is part of packetparser.
 */
const LINUX_PLUGINS: readonly RetinaPlugin[] = [
  RetinaPlugin.DROP_REASON,
  RetinaPlugin.PACKET_FORWARD,
  RetinaPlugin.LINUX_UTIL,
  RetinaPlugin.INFINIBAND,
  RetinaPlugin.PACKET_PARSER,
  RetinaPlugin.DNS,
  RetinaPlugin.TCP_RETRANS,
  RetinaPlugin.CILIUM_EVENT_OBSERVER,
];

/** Retina releases calico-stack renders, newest first. */
export const RELEASES: readonly RetinaRelease[] = [
  {
    version: 'v1.2.6',
    agentImage: `${IMAGE_REPOSITORY}/retina-agent:v1.2.6`,
    initImage: `${IMAGE_REPOSITORY}/retina-init:v1.2.6`,
    chartLabel: 'retina-v1.2.6',
    appVersionLabel: '0.0.1',
    linuxPlugins: LINUX_PLUGINS,
    // `enableTCX` is left out: the chart writes it empty (no value in values.yaml), which the agent
    // reads as its default, `auto`, exactly as when the key is absent.
    configKeys: [
      ...COMMON_HEAD,
      ConfigKey.METRICS_INTERVAL,
      ConfigKey.METRICS_INTERVAL_DURATION,
      ConfigKey.ENABLE_TELEMETRY,
      ConfigKey.ENABLE_POD_LEVEL,
      ConfigKey.ENABLE_CONNTRACK_METRICS,
      ConfigKey.CONNTRACK_REPORT_INTERVAL,
      ConfigKey.REMOTE_CONTEXT,
      ConfigKey.ENABLE_ANNOTATIONS,
      ConfigKey.BYPASS_LOOKUP_IP_OF_INTEREST,
      ConfigKey.DATA_AGGREGATION_LEVEL,
      ConfigKey.TELEMETRY_INTERVAL,
      ConfigKey.DATA_SAMPLING_RATE,
      ConfigKey.PACKET_PARSER_RING_BUFFER,
      ConfigKey.PACKET_PARSER_RING_BUFFER_SIZE,
      ConfigKey.FILTER_MAP_MAX_ENTRIES,
    ],
    clusterReaderRules: V1_2_6_RULES,
    capabilities: ['SYS_ADMIN', 'NET_ADMIN', 'IPC_LOCK', 'SYS_RESOURCE'],
    readinessProbe: { initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
    livenessProbe: { initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 },
    // host-os-release: the agent detects Azure Linux there to choose the dropreason attach mode.
    volumes: [BPF, CGROUP, CONFIG, DEBUG, hostPath('host-os-release', '/etc/os-release', 'FileOrCreate'), TMP, TRACE],
    initMountsTmp: true,
    serviceNamedPort: true,
    ethtoolErrorEveryInterval: false,
  },
  {
    version: 'v0.0.16',
    agentImage: `${IMAGE_REPOSITORY}/retina-agent:v0.0.16`,
    initImage: `${IMAGE_REPOSITORY}/retina-init:v0.0.16`,
    chartLabel: 'retina-v0.0.16',
    appVersionLabel: '0.0.1',
    linuxPlugins: LINUX_PLUGINS,
    // The chart writes `metricsInterval:` empty here; leaving it out means the same (0).
    configKeys: [
      ...COMMON_HEAD,
      ConfigKey.METRICS_INTERVAL_DURATION,
      ConfigKey.ENABLE_TELEMETRY,
      ConfigKey.ENABLE_POD_LEVEL,
      ConfigKey.REMOTE_CONTEXT,
      ConfigKey.ENABLE_ANNOTATIONS,
      ConfigKey.BYPASS_LOOKUP_IP_OF_INTEREST,
      ConfigKey.DATA_AGGREGATION_LEVEL,
    ],
    clusterReaderRules: V0_0_16_RULES,
    capabilities: ['SYS_ADMIN', 'SYS_RESOURCE', 'NET_ADMIN', 'IPC_LOCK'],
    livenessProbe: { initialDelaySeconds: 30, periodSeconds: 30 },
    volumes: [BPF, CGROUP, CONFIG, DEBUG, TMP, TRACE],
    initMountsTmp: false,
    serviceNamedPort: false,
    ethtoolErrorEveryInterval: true,
  },
];

/** The release a cluster file gets when it names none. */
export const DEFAULT_RETINA_VERSION = 'v1.2.6';

/** Release versions, for messages and the config schema. */
export const RETINA_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);

/** Looks a release up by tag; throws, listing the known tags, when there is none. */
export function retinaRelease(version: string): RetinaRelease {
  const release = RELEASES.find((r) => r.version === version);
  if (!release) throw new Error(`unknown Retina release "${version}" (known: ${RETINA_VERSIONS.join(', ')})`);
  return release;
}

/** The plugin of that name; throws, listing the release's plugins, when the release has none. */
export function retinaPlugin(release: RetinaRelease, name: string): RetinaPlugin {
  const plugin = release.linuxPlugins.find((p) => p === name);
  if (!plugin) throw new Error(`Retina ${release.version} has no Linux plugin "${name}" (known: ${release.linuxPlugins.join(', ')})`);
  return plugin;
}
