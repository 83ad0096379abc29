/**
 * What runs in a cluster and where, for the cluster page: the workloads of the rendered files
 * (read from them: kind, namespace, host network, images), and the ones the Tigera operator creates
 * for the rendered operator resources, which no rendered file holds.
 */
import { describeObject, PlacedObject } from './references';
import { calicoApiServerDeployment } from '../../lib/calico/calico-api-chart';
import { CALICO_SYSTEM_NAMESPACE, FELIX_METRICS, TYPHA_METRICS } from '../../lib/calico/metrics';
import { CalicoRelease } from '../../lib/calico/releases';
import { isDataMap } from '../../lib/common/yaml-data';
import { apiGroupOf } from '../../lib/gitops/external-requirements';

/** A workload of the cluster. */
export interface Workload {
  readonly name: string;
  readonly kind: 'DaemonSet' | 'Deployment' | 'StatefulSet';
  readonly namespace: string;
  readonly hostNetwork: boolean;
  /** Its container images, for a rendered workload. */
  readonly images: readonly string[];
  /** The rendered file that holds it; or, for one the operator creates, the operator resource it is created for. */
  readonly source: { readonly file: string } | { readonly operatorFor: PlacedObject };
}

const WORKLOAD_KINDS = ['DaemonSet', 'Deployment', 'StatefulSet'] as const;

/** Every rendered Deployment, DaemonSet and StatefulSet, in file order. */
export function renderedWorkloads(objects: readonly PlacedObject[]): Workload[] {
  return objects.flatMap((o): Workload[] => {
    const kind = WORKLOAD_KINDS.find((k) => k === o.kind);
    if (kind === undefined || o.apiVersion !== 'apps/v1') return [];
    const spec = isDataMap(o.body.spec) ? o.body.spec : {};
    const template = isDataMap(spec.template) ? spec.template : {};
    const pod = isDataMap(template.spec) ? template.spec : {};
    const containers = [...(Array.isArray(pod.initContainers) ? pod.initContainers : []), ...(Array.isArray(pod.containers) ? pod.containers : [])];
    const images = [...new Set(containers.flatMap((c) => (isDataMap(c) && typeof c.image === 'string' ? [c.image] : [])))];
    return [{ name: o.name, kind, namespace: o.namespace ?? 'default', hostNetwork: pod.hostNetwork === true, images, source: { file: o.file } }];
  });
}

type OperatorWorkload = Omit<Workload, 'source' | 'images'>;

/**
 * The workloads the operator creates for an operator resource of kind `kind` (`spec`: its spec as
 * rendered). tigera/operator at v1.42.3: DaemonSet calico-node, pkg/render/node.go:67, host network
 * :1051; Deployment calico-typha, pkg/common/common.go:19, host network pkg/render/typha.go:465;
 * Deployment calico-kube-controllers, pkg/render/kubecontrollers/kube-controllers.go:50; DaemonSet
 * csi-node-driver, pkg/render/csi.go:39, deleted when kubeletVolumePluginPath is None (csi.go:419);
 * the API server's Deployment, calicoApiServerDeployment() (per release); Deployment goldmane,
 * pkg/render/goldmane/component.go:46-49; Deployment whisker, pkg/render/whisker/component.go:45-48.
 */
function operatorWorkloadsFor(kind: string, spec: Readonly<Record<string, unknown>>, release: CalicoRelease): OperatorWorkload[] {
  switch (kind) {
    case 'Installation': return [
      { name: FELIX_METRICS.containerName, kind: 'DaemonSet', namespace: FELIX_METRICS.namespace, hostNetwork: true },
      { name: TYPHA_METRICS.containerName, kind: 'Deployment', namespace: TYPHA_METRICS.namespace, hostNetwork: true },
      { name: 'calico-kube-controllers', kind: 'Deployment', namespace: CALICO_SYSTEM_NAMESPACE, hostNetwork: false },
      ...(spec.kubeletVolumePluginPath === 'None' ? [] : [{ name: 'csi-node-driver', kind: 'DaemonSet' as const, namespace: CALICO_SYSTEM_NAMESPACE, hostNetwork: false }]),
    ];
    case 'APIServer': return [{ ...calicoApiServerDeployment(release), kind: 'Deployment', hostNetwork: false }];
    case 'Goldmane': return [{ name: 'goldmane', kind: 'Deployment', namespace: CALICO_SYSTEM_NAMESPACE, hostNetwork: false }];
    case 'Whisker': return [{ name: 'whisker', kind: 'Deployment', namespace: CALICO_SYSTEM_NAMESPACE, hostNetwork: false }];
    default: return [];
  }
}

/** The workloads the operator creates for the rendered operator resources, in file order. */
export function operatorWorkloads(objects: readonly PlacedObject[], release: CalicoRelease): Workload[] {
  return objects
    .filter((o) => apiGroupOf(o.apiVersion) === 'operator.tigera.io')
    .flatMap((o) => operatorWorkloadsFor(o.kind, isDataMap(o.body.spec) ? o.body.spec : {}, release).map((w) => ({ ...w, images: [], source: { operatorFor: o } })));
}

/** Where a workload comes from, in words: its file, or the operator resource it is created for. */
export function workloadSource(w: Workload): string {
  return 'file' in w.source ? w.source.file : `the operator, for ${describeObject(w.source.operatorFor)} (${w.source.operatorFor.file})`;
}
