/**
 * Fields the Tigera operator fills in and patches back into the custom resources it reconciles
 * (core controller `fillDefaults`, IP-pool controller `fillDefaults`, the FelixConfiguration and Whisker
 * defaults), plus the CRD default of `disableBGPExport`. A GitOps tool that compares the stored objects with
 * the rendered ones sees these fields change under it (tigera/operator#1776); they are the fields
 * to leave to the operator.
 *
 * Only fields the rendered object leaves unset are reported: a field calico-stack renders stays
 * owned by the repository, so drift on it is still seen.
 */

/** The fields of one object that the operator writes, as JSON pointers. */
export interface OperatorWrittenFields {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly jsonPointers: readonly string[];
}

/** The rendered object, as far as the conditions below read it. */
type Rendered = RenderedObject & { readonly spec?: { readonly [key: string]: unknown } };

/** A field the operator writes, and when (judged from the rendered object). */
interface Written {
  /** JSON pointer below the object (RFC 6901: `~1` for `/` in a key). */
  readonly pointer: string;
  /** @default - always */
  readonly when?: (obj: Rendered) => boolean;
}

interface Defaulted {
  readonly group: string;
  readonly kind: string;
  /** Fields that are not inside a list. */
  readonly fields: readonly Written[];
  /** A list whose items get defaults, and the fields of each item. */
  readonly listItems?: { readonly list: string; readonly fields: readonly string[] };
}

/** The address families of the rendered pools; undefined when the list is empty (the pools are the user's own, of any family). */
function poolFamilies(obj: Rendered): Set<4 | 6> | undefined {
  const pools = lookup(obj, '/spec/calicoNetwork/ipPools');
  if (!Array.isArray(pools) || pools.length === 0) return undefined;
  return new Set(pools.map((p) => (String((p as { cidr?: unknown }).cidr ?? '').includes(':') ? 6 : 4)));
}

const dataplane = (obj: Rendered) => lookup(obj, '/spec/calicoNetwork/linuxDataplane') ?? 'Iptables';

/*
 * Where each comes from, in tigera/operator v1.42.3 (the same in v1.34.5 to v1.40.15 unless noted):
 * - Installation: `fillDefaults` and `mergeProvider` (pkg/controller/installation/core_controller.go:473-754,
 *   758-773; kubernetesProvider is what the operator detected, pkg/common/discovery/discovery.go:81-205, e.g. EKS
 *   from an aws-auth ConfigMap in kube-system, which a self-managed cluster on EC2 may have too). The
 *   node address autodetection of a family is written once IP pools of that family exist in the cluster
 *   (IPv4 also for BPF, :601-645), so it is listed for the families of the rendered pools; with
 *   `ipPools: []` the pools are the user's own, of any family, and both stay listed.
 *   linuxPolicySetupTimeoutSeconds is written (0) only for the Iptables dataplane (:647-652).
 * - Installation pools: the IP pool controller's `fillDefaults` (pkg/controller/ippool/defaults.go:161-242).
 * - FelixConfiguration: `setDefaultsOnFelixConfiguration` (healthPort, vxlanVNI, vxlanPort; :1923-2072),
 *   `setNftablesMode` (nftablesMode for every dataplane, :1894-1921; operator v1.38 and later, older ones
 *   never write it, so listing it changes nothing there), and `setBPFEnabledOnFelixConfiguration`
 *   (bpfEnabled, false unless BPF, and the operator.tigera.io/bpfEnabled annotation that mirrors it;
 *   pkg/controller/installation/bpf.go:85-105, pkg/render/node.go:49).
 * - Whisker: notifications (pkg/controller/whisker/controller.go:223-227, 287-291; operator v1.38 and later).
 * Any field a user's own pools or settings make the operator write beyond these shows as drift until it
 * is listed here.
 */
const DEFAULTED: readonly Defaulted[] = [
  {
    group: 'operator.tigera.io',
    kind: 'Installation',
    fields: [
      { pointer: '/spec/variant' },
      { pointer: '/spec/kubernetesProvider' },
      { pointer: '/spec/cni' },
      { pointer: '/spec/controlPlaneReplicas' },
      { pointer: '/spec/flexVolumePath' },
      { pointer: '/spec/kubeletVolumePluginPath' },
      { pointer: '/spec/nodeUpdateStrategy' },
      { pointer: '/spec/logging' },
      { pointer: '/spec/calicoNetwork/bgp' },
      { pointer: '/spec/calicoNetwork/linuxDataplane' },
      { pointer: '/spec/calicoNetwork/windowsDataplane' },
      { pointer: '/spec/calicoNetwork/hostPorts' },
      { pointer: '/spec/calicoNetwork/multiInterfaceMode' },
      { pointer: '/spec/calicoNetwork/linuxPolicySetupTimeoutSeconds', when: (obj) => dataplane(obj) === 'Iptables' },
      { pointer: '/spec/calicoNetwork/nodeAddressAutodetectionV4', when: (obj) => dataplane(obj) === 'BPF' || (poolFamilies(obj)?.has(4) ?? true) },
      { pointer: '/spec/calicoNetwork/nodeAddressAutodetectionV6', when: (obj) => poolFamilies(obj)?.has(6) ?? true },
    ],
    // `ipPools` is an atomic list: a default written into one item changes the whole list.
    listItems: {
      list: '/spec/calicoNetwork/ipPools',
      fields: ['name', 'blockSize', 'encapsulation', 'natOutgoing', 'nodeSelector', 'allowedUses', 'disableBGPExport', 'disableNewAllocations', 'assignmentMode'],
    },
  },
  {
    // The operator writes these through crd.projectcalico.org/v1, the API server's storage of the
    // projectcalico.org/v3 object calico-stack renders: the same object.
    group: 'projectcalico.org',
    kind: 'FelixConfiguration',
    fields: [
      { pointer: '/spec/healthPort' },
      { pointer: '/spec/vxlanVNI' },
      { pointer: '/spec/vxlanPort' },
      { pointer: '/spec/nftablesMode' },
      { pointer: '/spec/bpfEnabled' },
      { pointer: '/metadata/annotations/operator.tigera.io~1bpfEnabled' },
    ],
  },
  {
    group: 'operator.tigera.io',
    kind: 'Whisker',
    fields: [{ pointer: '/spec/notifications' }],
  },
  {
    // Operator v1.42.3 (Calico v3.32.1) sets programClusterRoutes when the Installation sets
    // calicoNetwork.clusterRoutingMode (pkg/controller/installation/core_controller.go:1194-1203, :2100-2124).
    group: 'projectcalico.org',
    kind: 'BGPConfiguration',
    fields: [{ pointer: '/spec/programClusterRoutes' }],
  },
];

/** A synthesized Kubernetes object, as far as {@link operatorWrittenFields} looks into it. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
}

/** For each rendered object the operator defaults, the fields it writes that the object leaves unset. */
export function operatorWrittenFields(objects: readonly RenderedObject[]): OperatorWrittenFields[] {
  return objects.flatMap((obj) => {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const d = DEFAULTED.find((x) => x.group === group && x.kind === obj.kind);
    if (!d) return [];
    const items = d.listItems ? lookup(obj, d.listItems.list) : undefined;
    const itemPointers = Array.isArray(items)
      ? items.flatMap((_, i) => d.listItems!.fields.map((f) => `${d.listItems!.list}/${i}/${f}`))
      : [];
    const fields = d.fields.filter((f) => f.when?.(obj) ?? true).map((f) => f.pointer);
    const jsonPointers = [...fields, ...itemPointers].filter((p) => lookup(obj, p) === undefined);
    return jsonPointers.length > 0 ? [{ group, kind: obj.kind, name: obj.metadata.name, jsonPointers }] : [];
  });
}

/** The value at a JSON pointer (RFC 6901: `~1` is `/` and `~0` is `~` inside a key). */
function lookup(value: unknown, pointer: string): unknown {
  let v: unknown = value;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
