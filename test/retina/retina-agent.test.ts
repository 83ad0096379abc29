/**
 * The Retina objects must equal what `helm upgrade --install retina oci://ghcr.io/microsoft/retina/charts/retina
 * --set logLevel=info --set enabledPlugin_linux=[dropreason,packetforward,linuxutil,dns]` renders
 * for each release, object for object (Linux objects only), except for the documented differences:
 * the control-plane toleration, the checksum value and no namespace on cluster-scoped objects.
 * The expected facts below were read from those renders.
 */
import { createHash } from 'crypto';
import { Duration, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { LogLevel, retinaRelease, RetinaPlugin } from '../../src/lib/retina/releases';
import { RetinaAgent, RetinaAgentProps } from '../../src/lib/retina/retina-agent';
import { findingsOf } from '../../src/lib/common/checks';
import { clusterDoc, config, find, K8sObject, messages, render, testChart } from '../util';

function retinaObjects(retina: Record<string, unknown> = {}): K8sObject[] {
  return render(config(clusterDoc({ retina })))['retina'];
}

function configYaml(objects: readonly K8sObject[]): string {
  return find(objects, 'ConfigMap', 'retina-config', 'kube-system').data['config.yaml'];
}

function checksum(objects: readonly K8sObject[]): string {
  return find(objects, 'DaemonSet', 'retina-agent').spec.template.metadata.annotations['checksum/config'];
}

const LABELS = (version: string, component: string) => ({
  'helm.sh/chart': `retina-${version}`,
  'app.kubernetes.io/name': 'retina',
  'app.kubernetes.io/instance': 'retina',
  'app.kubernetes.io/version': '0.0.1',
  'app.kubernetes.io/managed-by': 'Helm',
  'app.kubernetes.io/part-of': 'retina',
  'app.kubernetes.io/component': component,
  'k8s-app': 'retina',
});

const SELECTOR = {
  'app.kubernetes.io/name': 'retina',
  'app.kubernetes.io/instance': 'retina',
  'app.kubernetes.io/component': 'workload',
};

const RULES_V0_0_16 = [
  { apiGroups: [''], resources: ['pods', 'services', 'replicationcontrollers', 'nodes', 'namespaces'], verbs: ['get', 'watch', 'list'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'watch', 'list'] },
  { apiGroups: ['networking.azure.com'], resources: ['clusterobservers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['retina.sh'], resources: ['retinaendpoints'], verbs: ['get', 'list', 'watch'] },
];
const RULES_V1_2_6 = [
  RULES_V0_0_16[0],
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'watch', 'list'] },
  ...RULES_V0_0_16.slice(1),
];

const PROBE_V1_2_6 = {
  httpGet: { path: '/metrics', port: 10093 },
  initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1,
};

const HOST_PATHS = {
  bpf: '/sys/fs/bpf',
  cgroup: '/sys/fs/cgroup',
  debug: '/sys/kernel/debug',
  trace: '/sys/kernel/tracing',
};

/** config.yaml as the agent reads it (helm's text parsed; see the config key tests for the differences in text). */
const CONFIG_V1_2_6 = {
  apiServer: { host: '0.0.0.0', port: 10093 },
  logLevel: 'info',
  enabledPlugin: ['dropreason', 'packetforward', 'linuxutil', 'dns'],
  metricsInterval: '10s',
  metricsIntervalDuration: '10s',
  enableTelemetry: false,
  enablePodLevel: false,
  enableConntrackMetrics: false,
  conntrackReportInterval: '30s',
  remoteContext: false,
  enableAnnotations: false,
  bypassLookupIPOfInterest: false,
  dataAggregationLevel: 'low',
  telemetryInterval: '15m',
  dataSamplingRate: 1,
  packetParserRingBuffer: 'disabled',
  packetParserRingBufferSize: 8388608,
  filterMapMaxEntries: 255,
};

const CONFIG_V0_0_16 = {
  apiServer: { host: '0.0.0.0', port: 10093 },
  logLevel: 'info',
  enabledPlugin: ['dropreason', 'packetforward', 'linuxutil', 'dns'],
  metricsIntervalDuration: '10s',
  enableTelemetry: false,
  enablePodLevel: false,
  remoteContext: false,
  enableAnnotations: false,
  bypassLookupIPOfInterest: false,
  dataAggregationLevel: 'low',
};

describe.each([
  {
    version: 'v1.2.6',
    rules: RULES_V1_2_6,
    capabilities: ['SYS_ADMIN', 'NET_ADMIN', 'IPC_LOCK', 'SYS_RESOURCE'],
    readinessProbe: PROBE_V1_2_6,
    livenessProbe: PROBE_V1_2_6,
    osRelease: true,
    initTmp: true,
    servicePort: { name: 'retina', port: 10093, protocol: 'TCP', targetPort: 10093 },
    configYaml: CONFIG_V1_2_6,
  },
  {
    version: 'v0.0.16',
    rules: RULES_V0_0_16,
    capabilities: ['SYS_ADMIN', 'SYS_RESOURCE', 'NET_ADMIN', 'IPC_LOCK'],
    readinessProbe: undefined,
    livenessProbe: { httpGet: { path: '/metrics', port: 10093 }, initialDelaySeconds: 30, periodSeconds: 30 },
    osRelease: false,
    initTmp: false,
    servicePort: { port: 10093, targetPort: 10093 },
    configYaml: CONFIG_V0_0_16,
  },
])('Retina $version equals the upstream chart render', (v) => {
  const objects = retinaObjects({ version: v.version });
  const ds = find(objects, 'DaemonSet', 'retina-agent', 'kube-system');
  const pod = ds.spec.template;
  const agent = pod.spec.containers[0];
  const init = pod.spec.initContainers[0];

  test('objects, in upstream order (Linux only)', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/kube-system/retina-agent',
      'ConfigMap/kube-system/retina-config',
      'ClusterRole//retina-cluster-reader',
      'ClusterRoleBinding//retina-cluster-reader-binding',
      'Service/kube-system/retina-svc',
      'DaemonSet/kube-system/retina-agent',
    ]);
  });

  test('labels of every object, with upstream component values', () => {
    const component: Record<string, string> = {
      ServiceAccount: 'rbac', ConfigMap: 'config', ClusterRole: 'rbac', ClusterRoleBinding: 'rbac', Service: 'networking', DaemonSet: 'workload',
    };
    for (const o of objects) expect(o.metadata.labels).toEqual(LABELS(v.version, component[o.kind]));
    expect(pod.metadata.labels).toEqual(LABELS(v.version, 'workload'));
  });

  test('DaemonSet selector equals upstream (immutable: applying over a helm install must keep it)', () => {
    expect(ds.spec.selector).toEqual({ matchLabels: SELECTOR });
  });

  test('ClusterRole rules, and the binding to ServiceAccount kube-system/retina-agent', () => {
    expect(find(objects, 'ClusterRole', 'retina-cluster-reader').rules).toEqual(v.rules);
    const crb = find(objects, 'ClusterRoleBinding', 'retina-cluster-reader-binding');
    expect(crb.roleRef).toEqual({ kind: 'ClusterRole', name: 'retina-cluster-reader', apiGroup: 'rbac.authorization.k8s.io' });
    expect(crb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'retina-agent', namespace: 'kube-system' }]);
  });

  test('Service retina-svc: port 10093 to the agent pods', () => {
    const svc = find(objects, 'Service', 'retina-svc', 'kube-system');
    expect(svc.spec.ports).toEqual([v.servicePort]);
    expect(svc.spec.selector).toEqual(SELECTOR);
    expect(svc.spec.type).toBeUndefined();
  });

  test('pod: annotations, host network, service account, grace period, node selector', () => {
    expect(pod.metadata.annotations).toEqual({
      'prometheus.io/port': '10093',
      'prometheus.io/scrape': 'true',
      'checksum/config': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.spec.dnsPolicy).toBeUndefined();
    expect(pod.spec.serviceAccountName).toBe('retina-agent');
    expect(pod.spec.terminationGracePeriodSeconds).toBe(90);
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.priorityClassName).toBeUndefined();
    expect(pod.spec.affinity).toBeUndefined();
  });

  test('privileged init container', () => {
    expect(pod.spec.initContainers).toHaveLength(1);
    expect(init).toEqual({
      name: 'init-retina',
      image: `ghcr.io/microsoft/retina/retina-init:${v.version}`,
      imagePullPolicy: 'Always',
      args: ['--config', '/retina/config/config.yaml'],
      terminationMessagePolicy: 'FallbackToLogsOnError',
      securityContext: { privileged: true },
      volumeMounts: [
        { name: 'bpf', mountPath: '/sys/fs/bpf', mountPropagation: 'Bidirectional' },
        { name: 'config', mountPath: '/retina/config' },
        ...(v.initTmp ? [{ name: 'tmp', mountPath: '/tmp' }] : []),
      ],
    });
  });

  test('agent container: image, command, args, port, env, resources, capabilities, probes', () => {
    expect(pod.spec.containers).toHaveLength(1);
    expect(agent.name).toBe('retina');
    expect(agent.image).toBe(`ghcr.io/microsoft/retina/retina-agent:${v.version}`);
    expect(agent.imagePullPolicy).toBe('Always');
    expect(agent.command).toEqual(['/retina/controller']);
    expect(agent.args).toEqual(['--health-probe-bind-address=:18081', '--metrics-bind-address=:18080', '--config', '/retina/config/config.yaml']);
    expect(agent.ports).toEqual([{ name: 'retina', containerPort: 10093 }]);
    expect(agent.env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
      { name: 'NODE_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.hostIP' } } },
    ]);
    expect(agent.resources).toEqual({ limits: { cpu: '500m', memory: '300Mi' }, requests: { cpu: '500m', memory: '300Mi' } });
    expect(agent.securityContext).toEqual({ capabilities: { add: v.capabilities }, privileged: false });
    expect(agent.readinessProbe).toEqual(v.readinessProbe);
    expect(agent.livenessProbe).toEqual(v.livenessProbe);
  });

  test('volumes and mounts, alphabetical as the chart generates them', () => {
    const names = ['bpf', 'cgroup', 'config', 'debug', ...(v.osRelease ? ['host-os-release'] : []), 'tmp', 'trace'];
    const mountPath: Record<string, string> = { ...HOST_PATHS, 'config': '/retina/config', 'host-os-release': '/etc/os-release', 'tmp': '/tmp' };
    expect(agent.volumeMounts).toEqual(names.map((name) => ({ name, mountPath: mountPath[name] })));
    expect(pod.spec.volumes).toEqual([
      { name: 'bpf', hostPath: { path: '/sys/fs/bpf' } },
      { name: 'cgroup', hostPath: { path: '/sys/fs/cgroup' } },
      { name: 'config', configMap: { name: 'retina-config' } },
      { name: 'debug', hostPath: { path: '/sys/kernel/debug' } },
      ...(v.osRelease ? [{ name: 'host-os-release', hostPath: { path: '/etc/os-release', type: 'FileOrCreate' } }] : []),
      { name: 'tmp', emptyDir: {} },
      { name: 'trace', hostPath: { path: '/sys/kernel/tracing' } },
    ]);
  });

  test('deliberate difference: tolerates the kubeadm control-plane taint', () => {
    expect(pod.spec.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('config.yaml carries the keys of the release, as the agent reads them', () => {
    expect(parse(configYaml(objects))).toStrictEqual(v.configYaml);
  });
});

describe('config.yaml', () => {
  test('packetParserRingBufferSize is written as an integer (helm prints 8.388608e+06)', () => {
    const text = configYaml(retinaObjects());
    expect(text).toMatch(/^packetParserRingBufferSize: 8388608$/m);
    expect(Number.isInteger(parse(text).packetParserRingBufferSize)).toBe(true);
  });

  test('v1.2.6: metricsInterval is never written without metricsIntervalDuration; enableTCX (empty upstream) is left to the agent default', () => {
    const cfg = parse(configYaml(retinaObjects({ metricsInterval: '1m30s' })));
    expect(cfg.metricsIntervalDuration).toBe('90s');
    expect(cfg.metricsInterval).toBe('90s');
    expect(cfg).not.toHaveProperty('enableTCX');
  });

  test('v0.0.16: keys of newer releases are absent, and so is the empty metricsInterval', () => {
    const cfg = parse(configYaml(retinaObjects({ version: 'v0.0.16', metricsInterval: '1m' })));
    expect(cfg.metricsIntervalDuration).toBe('1m');
    for (const key of ['metricsInterval', 'enableTCX', 'enableConntrackMetrics', 'conntrackReportInterval', 'telemetryInterval', 'dataSamplingRate', 'packetParserRingBuffer', 'packetParserRingBufferSize', 'filterMapMaxEntries']) {
      expect(cfg).not.toHaveProperty(key);
    }
  });

  test('plugins and log level from the cluster file', () => {
    const cfg = parse(configYaml(retinaObjects({ plugins: ['dropreason', 'dns'], logLevel: 'debug' })));
    expect(cfg.enabledPlugin).toEqual(['dropreason', 'dns']);
    expect(cfg.logLevel).toBe('debug');
  });
});

describe('checksum/config', () => {
  test('is the sha256 (hex) of config.yaml exactly as written into the ConfigMap', () => {
    const objects = retinaObjects();
    expect(checksum(objects)).toBe(createHash('sha256').update(configYaml(objects), 'utf8').digest('hex'));
  });

  test('is stable: the same cluster file gives the same value', () => {
    expect(checksum(retinaObjects())).toBe(checksum(retinaObjects()));
    expect(checksum(retinaObjects({ tolerateControlPlane: false }))).toBe(checksum(retinaObjects()));
  });

  test.each([
    ['log level', { logLevel: 'debug' }],
    ['plugins', { plugins: ['dropreason', 'packetforward', 'linuxutil'] }],
    ['metrics interval', { metricsInterval: '30s' }],
    ['release', { version: 'v0.0.16' }],
  ])('changes when the %s changes', (_what, retina) => {
    expect(checksum(retinaObjects(retina))).not.toBe(checksum(retinaObjects()));
  });
});

describe('RetinaAgent construct', () => {
  const release = retinaRelease('v1.2.6');

  test('defaults: upstream plugins, info, 10s, control-plane toleration', () => {
    const chart = testChart();
    const agent = new RetinaAgent(chart, 'Agent', { release });
    expect(agent.plugins).toEqual(['dropreason', 'packetforward', 'linuxutil', 'dns']);
    const ds = find(Testing.synth(chart) as K8sObject[], 'DaemonSet', 'retina-agent');
    expect(ds.spec.template.spec.tolerations).toHaveLength(1);
    expect(parse(agent.configYaml)).toMatchObject({ logLevel: 'info', metricsIntervalDuration: '10s' });
  });

  test('all props', () => {
    const props: Required<RetinaAgentProps> = {
      release,
      plugins: [RetinaPlugin.DROP_REASON, RetinaPlugin.INFINIBAND],
      logLevel: LogLevel.WARN,
      metricsInterval: Duration.minutes(1),
      tolerateControlPlane: false,
    };
    const chart = testChart();
    const agent = new RetinaAgent(chart, 'Agent', props);
    const pod = find(Testing.synth(chart) as K8sObject[], 'DaemonSet', 'retina-agent').spec.template;
    expect(pod.spec.tolerations).toBeUndefined();
    expect(parse(agent.configYaml)).toMatchObject({ enabledPlugin: ['dropreason', 'infiniband'], logLevel: 'warn', metricsIntervalDuration: '1m' });
    // infiniband: the chart adds two host paths.
    expect(pod.spec.volumes.slice(-2)).toEqual([
      { name: 'sysclassnet', hostPath: { path: '/sys/class/net' } },
      { name: 'sysclassinfiniband', hostPath: { path: '/sys/class/infiniband' } },
    ]);
    expect(pod.spec.containers[0].volumeMounts.slice(-2)).toEqual([
      { name: 'sysclassnet', mountPath: '/sys/class/net' },
      { name: 'sysclassinfiniband', mountPath: '/sys/class/infiniband' },
    ]);
  });

  test('exposes what a scrape config needs, matching the rendered objects', () => {
    const chart = testChart();
    const agent = new RetinaAgent(chart, 'Agent', { release });
    const objects = Testing.synth(chart) as K8sObject[];
    const pod = find(objects, 'DaemonSet', 'retina-agent').spec.template;
    expect(agent.selectorLabels).toEqual(SELECTOR);
    expect(pod.metadata.labels).toMatchObject(agent.selectorLabels);
    expect(agent.namespace).toBe('kube-system');
    expect(agent.metricsPort).toBe(10093);
    expect(agent.metricsPortName).toBe('retina');
    expect(agent.containerName).toBe('retina');
    expect(pod.spec.containers[0]).toMatchObject({ name: agent.containerName, ports: [{ name: agent.metricsPortName, containerPort: agent.metricsPort }] });
    expect(agent.service.name).toBe('retina-svc');
    expect(agent.configChecksum).toBe(pod.metadata.annotations['checksum/config']);
  });

  test('fails when a plugin is not one the release has', () => {
    const fake = { ...release, linuxPlugins: [RetinaPlugin.DNS] };
    const agent = new RetinaAgent(testChart(), 'Agent', { release: fake, plugins: [RetinaPlugin.DROP_REASON] });
    expect(messages(findingsOf(agent))).toEqual(['plugins[0]: is not a Linux plugin of Retina v1.2.6 (got "dropreason"; allowed dns)']);
  });

  test('fails when no plugin is given', () => {
    const chart = testChart();
    new RetinaAgent(chart, 'Agent', { release, plugins: [] });
    expect(() => Testing.synth(chart)).toThrow('plugins: needs at least 1 item(s) (got [])');
  });
});

test('Retina objects of the default release are unchanged (change detector)', () => {
  expect(retinaObjects()).toMatchSnapshot();
});
