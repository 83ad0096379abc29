/**
 * node-exporter on every Linux node, the control plane included: host network and host PID (so it
 * sees the node's interfaces and processes), the host's /proc, /sys and / mounted read-only, no
 * API access.
 */
import { Construct } from 'constructs';
import { NODE_EXPORTER_IMAGE } from './images';
import { componentLabels, DEFAULT_MONITORING_NAMESPACE } from './labels';
import { IntOrString, KubeDaemonSet, Quantity } from '../k8s';

const NAME = 'node-exporter';
/** node-exporter's registered port. */
export const NODE_EXPORTER_PORT = 9100;
const NOBODY = 65534;

/** Host paths mounted read-only, and the flag that points node-exporter at each. */
const HOST_MOUNTS = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc', flag: '--path.procfs' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys', flag: '--path.sysfs' },
  { name: 'root', hostPath: '/', mountPath: '/host/root', flag: '--path.rootfs' },
] as const;

export interface NodeExporterProps {
  /**
   * Namespace of the DaemonSet.
   * @default 'monitoring'
   */
  readonly namespace?: string;
}

export class NodeExporter extends Construct {
  public readonly namespace: string;
  /** Labels that select the node-exporter pods. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Port of `/metrics` on the node's address (host network). */
  public readonly metricsPort = NODE_EXPORTER_PORT;
  public readonly metricsPortName = 'metrics';
  public readonly containerName = NAME;
  public readonly daemonSet: KubeDaemonSet;

  constructor(scope: Construct, id: string, props: NodeExporterProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? DEFAULT_MONITORING_NAMESPACE;
    const labels = componentLabels(NAME, NODE_EXPORTER_IMAGE);
    this.selectorLabels = labels.selector;
    const probe = { httpGet: { path: '/', port: IntOrString.fromNumber(NODE_EXPORTER_PORT) }, periodSeconds: 10, timeoutSeconds: 5 };

    this.daemonSet = new KubeDaemonSet(this, 'DaemonSet', {
      metadata: { name: NAME, namespace: this.namespace, labels: labels.all },
      spec: {
        selector: { matchLabels: { ...labels.selector } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: IntOrString.fromNumber(1) } },
        template: {
          metadata: { labels: { ...labels.all } },
          spec: {
            hostNetwork: true,
            hostPid: true,
            automountServiceAccountToken: false,
            securityContext: { runAsUser: NOBODY, runAsGroup: NOBODY, fsGroup: NOBODY, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: NAME,
              image: NODE_EXPORTER_IMAGE.image,
              args: [
                ...HOST_MOUNTS.map((m) => `${m.flag}=${m.mountPath}`),
                `--web.listen-address=:${NODE_EXPORTER_PORT}`,
                // One cali* interface per pod: series that come and go with every pod.
                '--collector.netdev.device-exclude=^(cali|veth).*$',
                '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|var/lib/docker/.+|var/lib/kubelet/.+)($|/)',
              ],
              ports: [{ name: this.metricsPortName, containerPort: NODE_EXPORTER_PORT, protocol: 'TCP' }],
              readinessProbe: probe,
              livenessProbe: { ...probe, initialDelaySeconds: 10 },
              resources: {
                requests: { cpu: Quantity.fromString('50m'), memory: Quantity.fromString('64Mi') },
                limits: { memory: Quantity.fromString('128Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: HOST_MOUNTS.map((m) => ({
                name: m.name, mountPath: m.mountPath, readOnly: true, ...(m.name === 'root' ? { mountPropagation: 'HostToContainer' } : {}),
              })),
            }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // Every NoSchedule taint, the kubeadm control-plane one included: every node is observed.
            tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
            volumes: HOST_MOUNTS.map((m) => ({ name: m.name, hostPath: { path: m.hostPath } })),
          },
        },
      },
    });
  }
}
