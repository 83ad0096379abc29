/**
 * node-exporter on every Linux node, the control plane included: host network and host PID (so it
 * sees the node's interfaces and processes), the host's /proc, /sys and / mounted read-only, no
 * API access.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import {
  ContainerPort,
  Cpu,
  DaemonSet,
  HostPathVolumeType,
  ImagePullPolicy,
  MountPropagation,
  Node,
  NodeLabelQuery,
  NodeTaintQuery,
  Probe,
  Protocol,
  TaintEffect,
  Volume,
} from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NODE_EXPORTER_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { podHardening } from '../common/pod-hardening';
import { checkedProps } from '../common/props-check';
import { withoutAddressLabel } from '../common/stable-pod-labels';

const NAME = 'node-exporter';
/** node-exporter's registered port. */
export const NODE_EXPORTER_PORT = 9100;
const NOBODY = 65534;

/** Host paths mounted read-only, and the flag that points node-exporter at each. */
const HOST_MOUNTS = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc', flag: '--path.procfs' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys', flag: '--path.sysfs' },
  // Mounts made on the host after the pod started show up too.
  { name: 'root', hostPath: '/', mountPath: '/host/root', flag: '--path.rootfs', propagation: MountPropagation.HOST_TO_CONTAINER },
] as const;

/** Props of {@link NodeExporter}. */
export interface NodeExporterProps {
  /**
   * Namespace of the DaemonSet.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

/** node-exporter on every Linux node (host network and PID, host paths read-only, no API access). */
export class NodeExporter extends Construct {
  public readonly namespace: string;
  /** Labels that select the node-exporter pods. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Port of `/metrics` on the node's address (host network). */
  public readonly metricsPort = NODE_EXPORTER_PORT;
  public readonly metricsPortName = 'metrics';
  public readonly containerName = NAME;
  public readonly daemonSet: DaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);
    props = checkedProps(this, 'NodeExporterProps', props);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    const labels = componentLabels(NAME, NODE_EXPORTER_IMAGE);
    this.selectorLabels = labels.selector;
    const metrics: ContainerPort = { name: this.metricsPortName, number: NODE_EXPORTER_PORT, protocol: Protocol.TCP };
    const probe = (initialDelay?: Duration) => Probe.fromHttpGet('/', {
      port: metrics.number, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(5), initialDelaySeconds: initialDelay,
    });
    const hardening = podHardening({ user: NOBODY });
    const hostVolumes = new Construct(this, 'HostVolumes');

    this.daemonSet = new DaemonSet(this, 'DaemonSet', {
      metadata: { name: NAME, namespace: this.namespace, labels: { ...labels.all } },
      podMetadata: { labels: { ...labels.all } },
      select: false,
      hostNetwork: true,
      automountServiceAccountToken: false,
      securityContext: hardening.pod,
      containers: [{
        name: NAME,
        image: NODE_EXPORTER_IMAGE.image,
        imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
        args: [
          ...HOST_MOUNTS.map((m) => `${m.flag}=${m.mountPath}`),
          `--web.listen-address=:${NODE_EXPORTER_PORT}`,
          // One cali* interface per pod: series that come and go with every pod.
          '--collector.netdev.device-exclude=^(cali|veth).*$',
          '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
        ],
        ports: [metrics],
        readiness: probe(),
        liveness: probe(Duration.seconds(10)),
        resources: {
          cpu: { request: Cpu.millis(50) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
        securityContext: hardening.container,
        volumeMounts: HOST_MOUNTS.map((m) => ({
          path: m.mountPath,
          volume: Volume.fromHostPath(hostVolumes, m.name, m.name, { path: m.hostPath, type: HostPathVolumeType.DIRECTORY }),
          readOnly: true,
          propagation: 'propagation' in m ? m.propagation : undefined,
        })),
      }],
    });
    withoutAddressLabel(this.daemonSet);
    this.daemonSet.select(labels.podSelector);
    this.daemonSet.scheduling.attract(Node.labeled(NodeLabelQuery.is('kubernetes.io/os', 'linux')));
    // Every NoSchedule taint, the kubeadm control-plane one included: every node is observed. An
    // empty key with Exists is Kubernetes' "any key".
    this.daemonSet.scheduling.tolerate(Node.tainted(NodeTaintQuery.exists('', { effect: TaintEffect.NO_SCHEDULE })));
    // cdk8s-plus-28 has no hostPID. The generated class maps the patched object through its own
    // field names once more, so the patch names the field as the class does (`hostPid`).
    ApiObject.of(this.daemonSet).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPid', true));
  }
}
