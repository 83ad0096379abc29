/**
 * The node-exporter construct on its own: a hardened DaemonSet on every Linux node, seeing the
 * host through read-only mounts, and what the scrape job reads from it.
 */
import { Testing } from 'cdk8s';
import { expectHardened, expectResources, expectSelectsOwnPods, podSpec } from './workload-assertions';
import { NodeExporter, NodeExporterProps } from '../../src/lib/monitoring/node-exporter';
import { schemaProblems } from '../schema-validator';
import { find, K8sObject } from '../util';

const SELECTOR = { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'calico-stack-monitoring' };

function synth(props?: NodeExporterProps): { nodeExporter: NodeExporter; objects: K8sObject[] } {
  const chart = Testing.chart();
  const nodeExporter = new NodeExporter(chart, 'NodeExporter', props);
  return { nodeExporter, objects: Testing.synth(chart) as K8sObject[] };
}

describe('defaults', () => {
  const { nodeExporter, objects } = synth();
  const daemonSet = find(objects, 'DaemonSet', 'node-exporter', 'monitoring');
  const pod = podSpec(daemonSet);
  const container = pod.containers[0];

  test('one DaemonSet, valid against the Kubernetes schemas', () => {
    expect(objects.map((o) => o.kind)).toEqual(['DaemonSet']);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  test('resolved values: what the scrape job selects and scrapes', () => {
    expect(nodeExporter.namespace).toBe('monitoring');
    expect(nodeExporter.selectorLabels).toEqual(SELECTOR);
    expect(nodeExporter.containerName).toBe(container.name);
    expect(container.ports).toEqual([{ name: nodeExporter.metricsPortName, containerPort: nodeExporter.metricsPort, protocol: 'TCP' }]);
    expect(nodeExporter.metricsPort).toBe(9100);
  });

  test('the selector is the component labels, and selects the DaemonSet\'s own pods', () => {
    expectSelectsOwnPods(daemonSet, SELECTOR);
  });

  test('hardened: nobody (65534), no escalation, no capabilities, RuntimeDefault seccomp, read-only root, no token', () => {
    expectHardened(daemonSet, 65534);
    expectResources(daemonSet);
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('host network and PID, so it sees the node\'s interfaces and processes', () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.hostPID).toBe(true);
    expect(container.args).toContain('--web.listen-address=:9100');
  });

  test('every Linux node, the control plane included', () => {
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }],
    });
    // An empty key with Exists tolerates every taint of the effect (kubeadm's control-plane taint too).
    expect(pod.tolerations).toEqual([{ key: '', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('the host\'s /proc, /sys and / mounted read-only, and node-exporter pointed at them', () => {
    expect(pod.volumes).toEqual([
      { name: 'proc', hostPath: { path: '/proc', type: 'Directory' } },
      { name: 'sys', hostPath: { path: '/sys', type: 'Directory' } },
      { name: 'root', hostPath: { path: '/', type: 'Directory' } },
    ]);
    expect(container.volumeMounts).toEqual([
      { name: 'proc', mountPath: '/host/proc', readOnly: true },
      { name: 'sys', mountPath: '/host/sys', readOnly: true },
      { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
    ]);
    expect(container.args.slice(0, 3)).toEqual(['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']);
  });

  test('change detector', () => {
    expect(objects).toMatchSnapshot();
  });
});

describe('all props', () => {
  const props: Required<NodeExporterProps> = { namespace: 'obs' };
  const { nodeExporter, objects } = synth(props);

  test('the DaemonSet in the namespace, and the scrape source says so', () => {
    expect(nodeExporter.namespace).toBe('obs');
    expect(find(objects, 'DaemonSet', 'node-exporter').metadata.namespace).toBe('obs');
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });
});
