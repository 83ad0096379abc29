/**
 * The props of CalicoInstallation (the Installation fields calico-stack sets, named as in the
 * operator's API) and the operator's defaults for what they leave out of a pool: what the
 * construct renders (installation.ts) and what its rules check (installation-rules.ts) both start
 * from here.
 */
import { AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, KubeProxyManagement, LinuxDataplane, NatOutgoing } from './enums';
import { InstallationFields } from './installation-fields';
import { canonicalCidr, cidrDerivedName, parseCidr } from '../common/cidr';

/** A pool's defaults for one address family. */
export interface PoolDefaults {
  readonly name: string;
  readonly blockSize: number;
  readonly encapsulation: Encapsulation;
  readonly natOutgoing: NatOutgoing;
}

/** The operator's pool defaults per address family (`fillDefaults` in its ippool controller). */
export const POOL_DEFAULTS: Readonly<Record<4 | 6, PoolDefaults>> = {
  4: { name: 'default-ipv4-ippool', blockSize: 26, encapsulation: Encapsulation.IPIP, natOutgoing: NatOutgoing.ENABLED },
  6: { name: 'default-ipv6-ippool', blockSize: 122, encapsulation: Encapsulation.NONE, natOutgoing: NatOutgoing.DISABLED },
};
export const DEFAULT_NODE_SELECTOR = 'all()';

/**
 * An IP pool as written (the fields and enums of Installation.spec.calicoNetwork.ipPools). Closed
 * choices take the enums' members or the strings a cluster file uses (`Encapsulation.VXLAN` or `'VXLAN'`).
 */
export interface IpPoolProps {
  /** The pool's addresses, in canonical form (no host bits). */
  readonly cidr: string;
  /**
   * The IPPool's name.
   * @default - as the operator names it: `default-ipv4-ippool` / `default-ipv6-ippool` when it is the only pool, or one
   * of two pools of different families; otherwise after its CIDR (`10.0.0.0-16`, IPv6 in full: `fd00.0000.…-48`)
   */
  readonly name?: string;
  /**
   * Prefix length of the blocks each node takes addresses from: 20–32 for IPv4, 116–128 for IPv6.
   * @default - 26 for IPv4, 122 for IPv6 (the operator's defaults)
   */
  readonly blockSize?: number;
  /**
   * @default - IPIP for IPv4, None for IPv6 (the operator's defaults); None for a LoadBalancer pool, the only value the
   * operator accepts there (it would default IPIP and then refuse it)
   */
  readonly encapsulation?: `${Encapsulation}`;
  /** @default - Enabled for IPv4, Disabled for IPv6 (the operator's defaults) */
  readonly natOutgoing?: `${NatOutgoing}`;
  /** Calico selector of the nodes that take addresses from the pool. @default 'all()' */
  readonly nodeSelector?: string;
  /** Keep the pool's routes out of BGP. @default false (the CRD's default) */
  readonly disableBGPExport?: boolean;
  /**
   * `[LoadBalancer]` makes a pool of Service LoadBalancer addresses, which takes no other use, `nodeSelector: all()`,
   * encapsulation None and BGP export.
   * @default - Workload and Tunnel (the operator's default)
   */
  readonly allowedUses?: ReadonlyArray<`${AllowedUse}`>;
}

/**
 * How calico-node finds a node's address for one family (`nodeAddressAutodetectionV4` / `V6`):
 * exactly one method.
 */
export interface NodeAddressAutodetection {
  /** The first valid address Calico finds on the node's interfaces. */
  readonly firstFound?: boolean;
  /** `NodeInternalIP`: the node's InternalIP from Kubernetes. */
  readonly kubernetes?: `${AutodetectionKubernetes}`;
  /** Interfaces whose names match (Go regular expressions, comma-separated). */
  readonly interface?: string;
  /** Interfaces whose names do not match. */
  readonly skipInterface?: string;
  /** The interface that routes to this address or host. */
  readonly canReach?: string;
  /** The first address inside one of these CIDRs. */
  readonly cidrs?: readonly string[];
}

/** A toleration of the control-plane components (Typha, kube-controllers, the API server). */
export interface Toleration {
  /** The taint's key. @default - any key (with operator Exists) */
  readonly key?: string;
  /** `Exists` tolerates any value. @default 'Equal' */
  readonly operator?: 'Exists' | 'Equal';
  /** The taint's value, with operator Equal. @default - none */
  readonly value?: string;
  /** The taint's effect. @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** How long a NoExecute taint is tolerated. @default - for ever */
  readonly tolerationSeconds?: number;
}

/** An IP pool with every default applied, as rendered. */
export interface IpPool {
  readonly name: string;
  readonly cidr: string;
  readonly blockSize: number;
  readonly encapsulation: Encapsulation;
  readonly natOutgoing: NatOutgoing;
  readonly nodeSelector: string;
  readonly disableBGPExport?: boolean;
  readonly allowedUses?: readonly AllowedUse[];
}

/** Props of {@link CalicoInstallation}: the Installation fields calico-stack sets, named as in the API. */
export interface CalicoInstallationProps {
  /**
   * The Calico release (`v3.32.1`) whose operator the Installation is for: the defaults that operator
   * would write into it are rendered.
   * @default DEFAULT_CALICO_VERSION
   */
  readonly version?: string;
  /**
   * The pools the operator creates. An empty list renders `ipPools: []`: the operator creates none.
   * @default - one pool per CIDR of `podCidrs`, as the operator creates them
   */
  readonly ipPools?: readonly IpPoolProps[];
  /**
   * The cluster's pod CIDRs (kubeadm's `podSubnet`), from which the operator derives the pools
   * when `ipPools` is not given.
   * @default - none
   */
  readonly podCidrs?: readonly string[];
  /** @default BgpMode.ENABLED */
  readonly bgp?: `${BgpMode}`;
  /** MTU of the pods' interfaces. @default - detected by Calico from the node's interfaces */
  readonly mtu?: number;
  /** @default - Iptables (the operator's default) */
  readonly linuxDataplane?: `${LinuxDataplane}`;
  /**
   * `Enabled`: for the BPF dataplane, the operator finds the API server itself, from the `kubernetes`
   * Service and its EndpointSlices; it refuses it with another dataplane, or together with ConfigMap
   * `kubernetes-services-endpoint` (Calico v3.31 and later).
   * @default - Disabled (the operator's default)
   */
  readonly bpfNetworkBootstrap?: `${BpfNetworkBootstrap}`;
  /**
   * `Enabled`: the operator disables kube-proxy while the BPF dataplane runs (a nodeSelector on DaemonSet
   * `kube-system/kube-proxy`), and enables it again otherwise (Calico v3.31 and later).
   * @default - Disabled (the operator's default): kube-proxy is left alone
   */
  readonly kubeProxyManagement?: `${KubeProxyManagement}`;
  /** At most one method. @default - `firstFound: true` (the operator's default) */
  readonly nodeAddressAutodetectionV4?: NodeAddressAutodetection;
  /** At most one method. @default - `firstFound: true` once an IPv6 pool exists (the operator's default) */
  readonly nodeAddressAutodetectionV6?: NodeAddressAutodetection;
  /**
   * Registry of Calico images; a missing trailing `/` is added (operators before v1.40 write it back
   * into the Installation). `UseDefault` (the operator's keyword) is the same as leaving it out.
   * @default - the release's registry
   */
  readonly registry?: string;
  /** `UseDefault` is the same as leaving it out. @default - `calico` */
  readonly imagePath?: string;
  /** Secrets in the operator namespace used to pull Calico images. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Where Typha, kube-controllers and the API server run. @default - none */
  readonly controlPlaneNodeSelector?: Readonly<Record<string, string>>;
  /** @default - none (Typha tolerates everything) */
  readonly controlPlaneTolerations?: readonly Toleration[];
  /** Absolute path or `None` (disables the CSI driver). @default - /var/lib/kubelet */
  readonly kubeletVolumePluginPath?: string;
  /** Absolute path or `None`. @default - /usr/libexec/kubernetes/kubelet-plugins/volume/exec/ */
  readonly flexVolumePath?: string;
  /** Port calico-node (Felix) serves Prometheus metrics on. @default - metrics off */
  readonly nodeMetricsPort?: number;
  /** Port Typha serves Prometheus metrics on. @default - metrics off */
  readonly typhaMetricsPort?: number;
  /**
   * Further `Installation.spec` fields, as the operator's API names them (`typhaAffinity`,
   * `calicoNodeDaemonSet`, `kubernetesProvider`, `calicoNetwork.hostPorts`, ...), merged into the
   * rendered Installation and checked against its CRD schema and CEL rules. Fields these props
   * model (pools, BGP, dataplane, autodetection, registry, ...) are refused here.
   * @default - none
   */
  readonly installation?: InstallationFields;
}

/** What the operator creates when the Installation lists no pools: one per pod CIDR. */
export function poolsFromPodCidrs(podCidrs: readonly string[]): IpPool[] {
  const cidrs = podCidrs.map((text) => parseCidr(text)).filter((c) => c !== undefined);
  // The first CIDR of each family gets the default name, later ones are named after their CIDR
  // (tigera/operator v1.42.3 pkg/controller/ippool/defaults.go:307-333 leaves them unnamed, and with
  // two or more pools of a family fillDefaults names them after the CIDR, :230-235).
  return fillPools(cidrs.map((cidr, i) => ({
    cidr: canonicalCidr(cidr),
    name: cidrs.findIndex((c) => c.family === cidr.family) === i ? POOL_DEFAULTS[cidr.family].name : cidrDerivedName(cidr),
  })));
}

/**
 * Fills each pool's defaults by address family. Unnamed pools are named as the operator names them
 * (tigera/operator v1.42.3 pkg/controller/ippool/defaults.go:209-237, the same in v1.34.5 to v1.40.15):
 * `default-ipv4-ippool` / `default-ipv6-ippool` when the list holds one pool, or two pools of
 * different families (`isDualStack`, :246-262); otherwise, whatever the family, after the CIDR
 * (`10.0.0.0-16`). Named pools count too: a second pool makes the first unnamed one CIDR-named unless
 * the two are one IPv4 and one IPv6. (The operator also keeps the name of an IPPool already in the
 * cluster with the same CIDR, which calico-stack cannot see.) A pool whose CIDR does not parse gets
 * the IPv4 defaults (its check reports the CIDR).
 */
export function fillPools(pools: readonly IpPoolProps[]): IpPool[] {
  const cidrs = pools.map((p) => parseCidr(p.cidr));
  const families = new Set(cidrs.map((c) => c?.family).filter((f) => f !== undefined));
  const defaultNames = pools.length === 1 || (pools.length === 2 && families.size === 2);
  return pools.map((pool, i) => {
    const cidr = cidrs[i];
    const defaults = POOL_DEFAULTS[cidr?.family ?? 4];
    return {
      name: pool.name ?? (defaultNames || !cidr ? defaults.name : cidrDerivedName(cidr)),
      cidr: pool.cidr,
      blockSize: pool.blockSize ?? defaults.blockSize,
      encapsulation: (pool.encapsulation as Encapsulation | undefined) ?? (isLoadBalancerPool(pool) ? Encapsulation.NONE : defaults.encapsulation),
      natOutgoing: (pool.natOutgoing as NatOutgoing | undefined) ?? defaults.natOutgoing,
      nodeSelector: pool.nodeSelector ?? DEFAULT_NODE_SELECTOR,
      ...(pool.disableBGPExport !== undefined ? { disableBGPExport: pool.disableBGPExport } : {}),
      ...(pool.allowedUses !== undefined ? { allowedUses: pool.allowedUses as readonly AllowedUse[] } : {}),
    };
  });
}

/**
 * Whether a pool is for Service LoadBalancer addresses (`allowedUses` holds LoadBalancer). Its
 * addresses go to Services, not pods, so it carries no pod traffic. The operator defaults its
 * encapsulation like any IPv4 pool's, to IPIP (tigera/operator v1.42.3 pkg/controller/ippool/defaults.go:
 * 173-178), and then refuses that ("IP pool encapsulation must be none if allowedUse is LoadBalancer",
 * validation.go:92-96; fillDefaults runs before ValidatePools, pool_controller.go:206-210): calico-stack
 * writes None, the only value it accepts.
 */
export function isLoadBalancerPool(pool: { readonly allowedUses?: readonly string[] }): boolean {
  return (pool.allowedUses ?? []).includes(AllowedUse.LOAD_BALANCER);
}
