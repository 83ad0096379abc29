/**
 * `Installation/default`: the operator's main custom resource, built from the class `cdk8s import`
 * generated from the operator's own CRD. The construct applies the operator's defaults for IP pools
 * (installation-props.ts; so what it renders, and what its checks see, is what the operator would
 * create) and checks its props with the operator's own Installation and IP pool rules
 * (installation-rules.ts) and the Kubernetes rules it applies to component overrides (override-rules.ts).
 * It renders the Calico CNI with Calico IPAM (what its pools, BGP and checks are for;
 * `installation.cni` says otherwise), and every further field the release's operator would default
 * and the rendered object alone decides (operator-written-fields.ts), so the operator has nothing to
 * write back.
 */
import { Construct } from 'constructs';
import { BgpMode, BpfNetworkBootstrap, KubeProxyManagement, LinuxDataplane } from './enums';
import { InstallationResource, sortKeys } from './installation-fields';
import { CalicoInstallationProps, fillPools, IpPool, NodeAddressAutodetection, poolsFromPodCidrs } from './installation-props';
import { installationFindings, poolPath } from './installation-rules';
import { withOperatorDefaults } from './operator-written-fields';
import { overrideFindings } from './override-rules';
import { CALICO_VERSIONS, CalicoRelease, DEFAULT_CALICO_VERSION, findCalicoRelease } from './releases';
import { addChecks, pathOf } from '../common/checks';
import { error, show } from '../common/findings';
import { USE_DEFAULT } from '../common/image-reference';
import { memosOf } from '../common/memo';
import { checkedProps } from '../common/props-check';
import { setUserMap } from '../common/user-keys';
import { isDataMap, setKey } from '../common/yaml-data';
import { Installation, InstallationSpecCalicoNetworkIpPools, InstallationSpecCniType } from '../../../imports/operator.tigera.io';

/** The one name every operator controller reads. */
export const DEFAULT_INSTANCE = 'default';

/** `Installation/default` with every pool written out in full. */
export class CalicoInstallation extends Construct {
  public readonly resource: Installation;
  /** The release whose operator's defaults are rendered (the default release when `version` names none calico-stack knows). */
  public readonly release: CalicoRelease;
  /** The pools with the operator's defaults applied, as rendered. */
  public readonly ipPools: readonly IpPool[];
  /** Whether the pools were derived from `podCidrs` (no `ipPools` given). */
  public readonly ipPoolsFromPodCidrs: boolean;
  public readonly bgp: BgpMode;
  public readonly linuxDataplane?: LinuxDataplane;
  public readonly bpfNetworkBootstrap?: BpfNetworkBootstrap;
  public readonly kubeProxyManagement?: KubeProxyManagement;
  /** The registry as rendered (with its trailing slash), or undefined for the release's default. */
  public readonly registry?: string;
  /** The image path as rendered, or undefined for the default. */
  public readonly imagePath?: string;
  public readonly imagePullSecrets: readonly string[];
  public readonly nodeAddressAutodetectionV4?: NodeAddressAutodetection;
  public readonly nodeAddressAutodetectionV6?: NodeAddressAutodetection;

  constructor(scope: Construct, id: string, props: CalicoInstallationProps) {
    super(scope, id);
    props = checkedProps(this, 'CalicoInstallationProps', props);
    this.release = findCalicoRelease(props.version ?? DEFAULT_CALICO_VERSION) ?? findCalicoRelease(DEFAULT_CALICO_VERSION)!;
    this.ipPoolsFromPodCidrs = props.ipPools === undefined;
    this.ipPools = props.ipPools === undefined ? poolsFromPodCidrs(props.podCidrs ?? []) : fillPools(props.ipPools);
    this.bgp = (props.bgp as BgpMode | undefined) ?? BgpMode.ENABLED;
    this.linuxDataplane = props.linuxDataplane as LinuxDataplane | undefined;
    this.bpfNetworkBootstrap = props.bpfNetworkBootstrap as BpfNetworkBootstrap | undefined;
    this.kubeProxyManagement = props.kubeProxyManagement as KubeProxyManagement | undefined;
    this.registry = normalizeRegistry(props.registry);
    this.imagePath = props.imagePath === USE_DEFAULT ? undefined : props.imagePath;
    this.imagePullSecrets = props.imagePullSecrets ?? [];
    this.nodeAddressAutodetectionV4 = props.nodeAddressAutodetectionV4;
    this.nodeAddressAutodetectionV6 = props.nodeAddressAutodetectionV6;
    this.resource = new InstallationResource(this, 'Resource', {
      metadata: { name: DEFAULT_INSTANCE },
      spec: {
        calicoNetwork: {
          bgp: this.bgp,
          ipPools: this.ipPools.map(toPoolSpec),
          mtu: props.mtu,
          linuxDataplane: this.linuxDataplane,
          bpfNetworkBootstrap: this.bpfNetworkBootstrap,
          kubeProxyManagement: this.kubeProxyManagement,
          nodeAddressAutodetectionV4: autodetectionSpec(props.nodeAddressAutodetectionV4),
          nodeAddressAutodetectionV6: autodetectionSpec(props.nodeAddressAutodetectionV6),
        },
        registry: this.registry,
        imagePath: this.imagePath,
        imagePullSecrets: this.imagePullSecrets.length > 0 ? this.imagePullSecrets.map((name) => ({ name })) : undefined,
        controlPlaneTolerations: props.controlPlaneTolerations ? [...props.controlPlaneTolerations] : undefined,
        kubeletVolumePluginPath: props.kubeletVolumePluginPath,
        flexVolumePath: props.flexVolumePath,
        nodeMetricsPort: props.nodeMetricsPort,
        typhaMetricsPort: props.typhaMetricsPort,
      },
    });
    // The label keys are the user's: a key such as `constructor` or `value` would trip cdk8s (user-keys.ts).
    if (props.controlPlaneNodeSelector) setUserMap(this.resource, '/spec/controlPlaneNodeSelector', props.controlPlaneNodeSelector);
    if (props.installation) (this.resource as InstallationResource).addFields(props.installation);
    // Last, over the merged fields: the Calico CNI unless they name another, then whatever the
    // operator would still default (the release's table).
    const release = this.release;
    (this.resource as InstallationResource).finishWith((json) => sortKeys(withOperatorDefaults(withCalicoCni(json), release)));
    // The passed-through fields are checked as written, without the defaults added last: those are the
    // release's (the schema the check uses is the newest release's CRD). The rules are the release's
    // operator's (operator-rules.ts); their fixes name the setting that chose it, when one did.
    const resource = this.resource as InstallationResource;
    const view = Object.create(this, { writtenJson: { value: () => resource.toJsonBeforeFinish() } });
    addChecks(this, (at) => installationFindings(view, props, at, memosOf(this), release, props.version !== undefined ? at('version') : undefined));
    if (props.version !== undefined && !findCalicoRelease(props.version)) {
      addChecks(this, (at) => [error(at('version'), `${show(props.version)} is not one of ${CALICO_VERSIONS.join(', ')}`)]);
    }
    // The operator's Kubernetes checks of the component overrides among them (override-rules.ts).
    if (props.installation) addChecks(this, (at) => overrideFindings(props.installation, at));
  }

  /**
   * The path findings show for pool `i`'s `key` (`ipPools[0].cidr`; `calico.ipPools[0].cidr` in a
   * CalicoStack, see mapPropPaths), or for a pool derived from `podCidrs`, the CIDR it comes from
   * (`ipPools (from podSubnet 10.244.0.0/16)`).
   */
  public poolPath(i: number, key: string): string {
    return poolPath(this, pathOf(this), i, key);
  }
}

/**
 * `registry` with its trailing slash; `UseDefault` = none. Operators before v1.40 (Calico v3.30.7
 * runs v1.38.13, v3.28.2 v1.34.5) add a missing slash in `fillDefaults` and write it back into the
 * Installation (tigera/operator v1.38.13 pkg/controller/installation/core_controller.go:446-449,
 * v1.34.5 :437-440), a change a GitOps tool would undo on every sync (tigera/operator#1776). From v1.40
 * the operator leaves the field alone and adds the slash only where it builds image names (v1.40.15
 * pkg/components/references.go:82-86; v1.42.3 joins the parts with path.Join, :111), so there the
 * slash changes no image; keeping it gives every release the same Installation.
 */
export function normalizeRegistry(registry: string | undefined): string | undefined {
  if (registry === undefined || registry === USE_DEFAULT || registry === '') return undefined;
  return registry.endsWith('/') ? registry : `${registry}/`;
}

/**
 * `spec.cni.type: Calico` unless the rendered object names a CNI: calico-stack's choice, not a default
 * of the operator, which picks the CNI from the provider it detects and from an aws-node DaemonSet in
 * the cluster (tigera/operator v1.42.3 pkg/controller/installation/core_controller.go:514-523,
 * 2409-2422). The pools, BGP and checks calico-stack renders are those of the Calico CNI; naming it
 * keeps a cluster that reads as EKS (an aws-auth ConfigMap) or runs aws-node on Calico networking.
 */
function withCalicoCni(json: any): any {
  const spec = json.spec;
  if (!isDataMap(spec.cni)) setKey(spec, 'cni', {});
  const cni = spec.cni;
  if (cni.type === undefined || cni.type === null || cni.type === '') setKey(cni, 'type', InstallationSpecCniType.CALICO);
  return json;
}

/** The CRD class's shape of an autodetection method (its `kubernetes` enum, a mutable `cidrs`). */
function autodetectionSpec<T>(a: NodeAddressAutodetection | undefined): T | undefined {
  return a === undefined ? undefined : ({ ...a, ...(a.cidrs ? { cidrs: [...a.cidrs] } : {}) } as T);
}

function toPoolSpec(pool: IpPool): InstallationSpecCalicoNetworkIpPools {
  return {
    name: pool.name,
    cidr: pool.cidr,
    blockSize: pool.blockSize,
    encapsulation: pool.encapsulation,
    natOutgoing: pool.natOutgoing,
    nodeSelector: pool.nodeSelector,
    disableBgpExport: pool.disableBGPExport,
    allowedUses: pool.allowedUses ? [...pool.allowedUses] : undefined,
  };
}
