/**
 * Cluster exports as `kubectl get <kinds> -A -o yaml` prints them, for the adopt and drift tests.
 *
 * There is no API server here: each export is BUILT, not recorded. The objects are calico-stack's
 * render of a cluster file, then what the operator writes into them (the test-side model of its
 * defaulting, test/calico/operator-defaulting.ts, written from the operator's source and kept apart
 * from calico-stack's own table), then what the API server adds. Every server-set field is cited:
 *  - ObjectMeta fields "populated by the system" (k8s.io/apimachinery pkg/apis/meta/v1 ObjectMeta;
 *    the declarations in node_modules/@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.d.ts:12-86):
 *    uid, resourceVersion, generation, creationTimestamp, managedFields;
 *  - kubectl's `kubectl.kubernetes.io/last-applied-configuration` annotation (client-side apply);
 *  - the Installation's status (tigera/operator pkg/controller/installation/core_controller.go:
 *    v1.34.5 :1518-1524, v1.38.13 :1654-1660, v1.40.15 :1719-1725, v1.42.3 :1778-1787: mtu, variant,
 *    calicoVersion, imageSet, computed = the spec) and its finalizer (pkg/render/finalizers.go:21,
 *    `tigera.io/operator-cleanup`);
 *  - the IPPools the operator creates from the Installation's pools (ToProjectCalico,
 *    v1.42.3 pkg/controller/ippool/pool_controller.go:405-463; label managed-by :135);
 *  - what calico-node writes into FelixConfiguration/default at start (projectcalico/calico
 *    node/pkg/lifecycle/startup/startup.go ensureDefaultConfig, per release in
 *    src/lib/calico/release-data/calico-node-writes.json).
 * A `kind: List` holds every object, with `metadata.resourceVersion: ""` as kubectl prints it.
 */
import { createHash } from 'crypto';
import { Document } from 'yaml';
import { loadShippedCrdBundle } from '../../src/app/config/load';
import { renderedObjects } from '../../src/app/output/previous-render';
import { CalicoRelease, RELEASES } from '../../src/lib/calico/releases';
import { App } from 'cdk8s';
import { onWarnings } from '../../src/lib/common/checks';
import { renderStack } from '../../src/lib/render/render';
import { CalicoStack } from '../../src/lib/stack/calico-stack';
import { ClusterSpec } from '../../src/lib/stack/cluster-spec';
import { Json, OPERATOR_OF, OPERATOR_TAGS, OperatorDefaulting, OperatorTag } from '../calico/operator-defaulting';

/**
 * The operator model of a release: its own operator's tag, or for a release the model does not
 * know yet (one just added), the newest model tag not newer than its operator.
 */
export function modelOf(release: CalicoRelease): OperatorDefaulting {
  const known = OPERATOR_OF[release.version];
  if (known) return new OperatorDefaulting(known);
  const older = OPERATOR_TAGS.filter((t) => compareTags(t, release.operatorVersion) <= 0);
  return new OperatorDefaulting((older[older.length - 1] ?? OPERATOR_TAGS[0]) as OperatorTag);
}

function compareTags(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** A cluster file's spec with the CRD bundle its release needs (as the loader adds it). */
export function withBundle(spec: ClusterSpec): ClusterSpec {
  const version = spec.calico?.version;
  const bundle = version ? loadShippedCrdBundle(version) : undefined;
  return bundle ? { ...spec, calico: { ...spec.calico, crds: bundle } } : spec;
}

/** The files of `spec`'s output folder (its warnings are the cluster file's business, not these tests'). */
export function renderQuietly(spec: ClusterSpec): Map<string, string> {
  const app = new App();
  onWarnings(app, () => undefined);
  return renderStack(new CalicoStack(app, 'cluster', withBundle(spec)));
}

/** How the export is built. */
export interface ExportOptions {
  /** The Calico resources as native `projectcalico.org/v3` CRDs (v3.32 tech preview) instead of `crd.projectcalico.org/v1`. */
  readonly nativeV3?: boolean;
  /** Add Deployment tigera-operator (the release). @default true */
  readonly deployment?: boolean;
  /** Add ConfigMap kube-system/kubeadm-config with these. */
  readonly kubeadm?: { readonly podSubnet: string; readonly serviceSubnet?: string; readonly clusterName?: string; readonly kubernetesVersion?: string };
  /** Change the objects after the operator (what someone did by hand with kubectl edit). */
  readonly edit?: (objects: Json[]) => void;
}

let counter = 0;

/** Deterministic server metadata for the n-th object. */
function serverMetadata(object: Json, manager: string): void {
  counter += 1;
  const hex = createHash('sha256').update(`${object.kind}/${object.metadata.name}/${counter}`).digest('hex');
  object.metadata.uid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  object.metadata.resourceVersion = String(1000 + counter * 7);
  // metadata.generation: the API server keeps it for objects with a spec (custom resources, Deployments), not ConfigMaps.
  if (object.kind !== 'ConfigMap') object.metadata.generation = 1;
  object.metadata.creationTimestamp = '2026-11-02T09:14:07Z';
  object.metadata.managedFields = [
    { apiVersion: object.apiVersion, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} }, manager, operation: 'Update', time: '2026-11-02T09:14:07Z' },
  ];
}

/** The live objects of a cluster installed from calico-stack's render of `spec`, as the API server returns them. */
export function liveObjects(spec: ClusterSpec, options: ExportOptions = {}): Json[] {
  const release = RELEASES.find((r) => r.version === spec.calico?.version)!;
  const model = modelOf(release);
  const rendered = renderedObjects(renderQuietly(spec)).objects.map((o) => JSON.parse(JSON.stringify(o.object)) as Json);
  const calicoApiVersion = options.nativeV3 ? 'projectcalico.org/v3' : 'crd.projectcalico.org/v1';
  const out: Json[] = [];
  const lastApplied = (o: Json) => {
    o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(o)}\n` };
  };

  const renderedInstallation = rendered.find((o) => o.kind === 'Installation')!;
  // First reconcile: no pools yet; the pool controller creates them; the next reconcile sees them.
  const kubeadmConfig = options.kubeadm ? { ClusterConfiguration: `networking:\n  podSubnet: ${options.kubeadm.podSubnet}\n` } : undefined;
  const first = model.installation(renderedInstallation, { kubeadmConfig });
  const pools: Json[] = first.spec.calicoNetwork?.ipPools ?? [];
  const installation = model.installation(first, { kubeadmConfig, ipPools: pools.map((p) => ({ cidr: p.cidr, name: p.name })) });
  lastApplied(installation);
  installation.metadata.finalizers = ['tigera.io/operator-cleanup'];
  installation.status = {
    calicoVersion: release.version, computed: JSON.parse(JSON.stringify(installation.spec)), imageSet: '', mtu: installation.spec.calicoNetwork?.mtu ?? 1450, variant: 'Calico',
    conditions: [{ type: 'Ready', status: 'True', reason: 'AllObjectsAvailable', message: 'All Objects Available', lastTransitionTime: '2026-11-02T09:16:40Z', observedGeneration: 1 }],
  };
  out.push(installation);

  for (const o of rendered) {
    if (o.kind === 'APIServer' || o.kind === 'Goldmane') {
      const live = model.unchanged(o);
      lastApplied(live);
      live.status = { state: 'Ready', conditions: [] };
      out.push(live);
    } else if (o.kind === 'Whisker') {
      const live = model.whisker(o);
      lastApplied(live);
      out.push(live);
    } else if (o.kind === 'BGPConfiguration' || o.kind === 'BGPPeer') {
      const live = o.kind === 'BGPConfiguration' ? model.bgpConfiguration(o, installation) : JSON.parse(JSON.stringify(o));
      live.apiVersion = calicoApiVersion;
      out.push(live);
    }
  }
  // FelixConfiguration/default: the render's (WireGuard) or the one the operator creates, then calico-node's writes.
  const felixRendered = rendered.find((o) => o.kind === 'FelixConfiguration') ?? { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: {} };
  const felix = model.felixConfiguration(felixRendered, installation, { calicoNodeExists: true });
  felix.apiVersion = calicoApiVersion;
  felix.spec.reportingInterval ??= '0s';
  felix.spec.logSeverityScreen ??= 'Info';
  out.push(felix);
  // The operator's IPPools (ToProjectCalico), as the CRD stores them.
  for (const pool of installation.spec.calicoNetwork?.ipPools ?? []) {
    const encap: Record<string, [string, string]> = { IPIP: ['Always', 'Never'], IPIPCrossSubnet: ['CrossSubnet', 'Never'], VXLAN: ['Never', 'Always'], VXLANCrossSubnet: ['Never', 'CrossSubnet'] };
    const [ipipMode, vxlanMode] = encap[pool.encapsulation] ?? [undefined, undefined];
    out.push({
      apiVersion: calicoApiVersion, kind: 'IPPool', metadata: { name: pool.name, labels: { 'app.kubernetes.io/managed-by': 'tigera-operator' } },
      spec: {
        cidr: pool.cidr, blockSize: pool.blockSize, nodeSelector: pool.nodeSelector, allowedUses: pool.allowedUses,
        ...(ipipMode ? { ipipMode, vxlanMode } : {}), ...(pool.natOutgoing === 'Enabled' ? { natOutgoing: true } : {}),
        ...(pool.disableBGPExport ? { disableBGPExport: true } : {}), ...(pool.assignmentMode ? { assignmentMode: pool.assignmentMode } : {}),
      },
    });
  }
  if (options.deployment !== false) {
    const deployment = rendered.find((o) => o.kind === 'Deployment' && o.metadata.name === 'tigera-operator')!;
    deployment.status = { availableReplicas: 1, readyReplicas: 1, replicas: 1, updatedReplicas: 1, observedGeneration: 1 };
    out.push(deployment);
  }
  if (options.kubeadm) {
    const k = options.kubeadm;
    const config = [
      'apiServer: {}', 'apiVersion: kubeadm.k8s.io/v1beta4', `clusterName: ${k.clusterName ?? 'kubernetes'}`, 'kind: ClusterConfiguration',
      `kubernetesVersion: ${k.kubernetesVersion ?? 'v1.33.4'}`, 'networking:', '  dnsDomain: cluster.local', `  podSubnet: ${k.podSubnet}`,
      ...(k.serviceSubnet ? [`  serviceSubnet: ${k.serviceSubnet}`] : []), '',
    ].join('\n');
    out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: { ClusterConfiguration: config } });
  }
  for (const o of out) serverMetadata(o, o.kind === 'IPPool' || o.kind === 'FelixConfiguration' ? 'operator' : 'kubectl-client-side-apply');
  options.edit?.(out);
  return out;
}

/** The objects as `kubectl get … -o yaml` prints them: one `kind: List`. */
export function exportText(objects: readonly Json[]): string {
  return new Document({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }, { aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
}

/** A cluster with most of what a cluster file can say, on `version`. */
export function richSpec(version: string, name = 'adopted'): ClusterSpec {
  const release = RELEASES.find((r) => r.version === version)!;
  return {
    name,
    platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16', serviceSubnet: '10.96.0.0/12' },
    calico: {
      version,
      ipPools: [
        { name: 'pods-a', cidr: '10.244.0.0/17', blockSize: 24, encapsulation: 'VXLANCrossSubnet' },
        { name: 'pods-b', cidr: '10.244.128.0/17', natOutgoing: 'Disabled', nodeSelector: "rack == 'b'" },
      ],
      mtu: 1440,
      registry: 'registry.example.com/mirror/',
      imagePullSecrets: ['mirror-pull'],
      controlPlaneNodeSelector: { 'node-role.kubernetes.io/control-plane': '' },
      controlPlaneTolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
      wireguard: true,
      asNumber: 65010,
      nodeToNodeMesh: false,
      bgpPeers: [{ name: 'tor', peerIP: '192.168.50.1', asNumber: 65001 }],
      installation: { controlPlaneReplicas: 3 },
      ...(release.hasGoldmaneWhisker ? { goldmane: true, whisker: true } : {}),
    },
    retina: { enabled: false },
    monitoring: { enabled: false },
  };
}
