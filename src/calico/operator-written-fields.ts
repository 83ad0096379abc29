/**
 * Fields the Tigera operator fills in and patches back into the custom resources it reconciles
 * (core controller `fillDefaults`, IP-pool controller `fillDefaults`, `setDefaultsOnFelixConfiguration`),
 * plus the CRD default of `disableBGPExport`. A GitOps tool that compares the stored objects with
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

interface Defaulted {
  readonly group: string;
  readonly kind: string;
  /** JSON pointers below the object, for fields that are not inside a list. */
  readonly fields: readonly string[];
  /** A list whose items get defaults, and the fields of each item. */
  readonly listItems?: { readonly list: string; readonly fields: readonly string[] };
}

const DEFAULTED: readonly Defaulted[] = [
  {
    group: 'operator.tigera.io',
    kind: 'Installation',
    fields: [
      '/spec/variant',
      '/spec/cni',
      '/spec/controlPlaneReplicas',
      '/spec/flexVolumePath',
      '/spec/kubeletVolumePluginPath',
      '/spec/nodeUpdateStrategy',
      '/spec/logging',
      '/spec/calicoNetwork/bgp',
      '/spec/calicoNetwork/linuxDataplane',
      '/spec/calicoNetwork/windowsDataplane',
      '/spec/calicoNetwork/hostPorts',
      '/spec/calicoNetwork/multiInterfaceMode',
      '/spec/calicoNetwork/linuxPolicySetupTimeoutSeconds',
      '/spec/calicoNetwork/nodeAddressAutodetectionV4',
      '/spec/calicoNetwork/nodeAddressAutodetectionV6',
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
    fields: ['/spec/healthPort', '/spec/vxlanVNI', '/spec/vxlanPort'],
  },
  {
    // Operator v1.42.3 (Calico v3.32.1) sets programClusterRoutes when the Installation sets
    // calicoNetwork.clusterRoutingMode (pkg/controller/installation/core_controller.go:1194-1203, :2100-2124).
    group: 'projectcalico.org',
    kind: 'BGPConfiguration',
    fields: ['/spec/programClusterRoutes'],
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
    const jsonPointers = [...d.fields, ...itemPointers].filter((p) => lookup(obj, p) === undefined);
    return jsonPointers.length > 0 ? [{ group, kind: obj.kind, name: obj.metadata.name, jsonPointers }] : [];
  });
}

/** The value at a JSON pointer (RFC 6901, without `~` escapes, which no pointer here needs). */
function lookup(value: unknown, pointer: string): unknown {
  let v: unknown = value;
  for (const key of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
