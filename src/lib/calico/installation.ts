/**
 * `Installation/default`: the operator's main custom resource, built from the class `cdk8s import`
 * generated from the operator's own CRD. The construct applies the operator's defaults for IP pools
 * (so what it renders, and what its checks see, is what the operator would create) and checks its
 * props with the operator's own Installation and IP pool rules (its `installation/validation.go`
 * and `ippool/validation.go`), which the API server does not enforce: without them the operator
 * reports a problem only later, in a degraded TigeraStatus.
 */
import { Construct } from 'constructs';
import {
  AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, ENCAPSULATIONS, IPIP_ENCAPSULATIONS, KubeProxyManagement, LinuxDataplane, NatOutgoing,
} from './enums';
import { InstallationFields, InstallationResource, installationSchemaFindings, modelledFieldFindings } from './installation-fields';
import { interfaceRegexError } from './interface-regex';
import { selectorError } from './selector';
import { addChecks, PathOf, pathOf } from '../common/checks';
import { canonicalCidr, cidrDerivedName, isCanonical, parseCidr } from '../common/cidr';
import type { JsonSchema } from '../common/crd-schema';
import { error, Finding, warning } from '../common/findings';
import { memosOf } from '../common/memo';
import { USE_DEFAULT } from '../common/image-reference';
import { setUserMap } from '../common/user-keys';
import {
  absolutePathOrNoneFindings, choiceFindings, cidrFindings, imagePathFindings, integerFindings, labelMapFindings, objectNameFindings, reachableFindings,
  registryFindings, tolerationFindings,
} from '../common/value-checks';
import {
  Installation,
  InstallationSpecCalicoNetworkIpPools,
} from '../../../imports/operator.tigera.io';

/** The one name every operator controller reads. */
export const DEFAULT_INSTANCE = 'default';

/**
 * The most pools an Installation lists: its CRD's maxItems for spec.calicoNetwork.ipPools (the same
 * in every release's CRD; test/calico/installation.test.ts holds it to imports/crd-schemas.json and
 * the shipped bundles). The only limit of the pools: the shape of a cluster file and of a spec
 * (stack/spec-schema.ts) takes it, with {@link poolCountFinding}'s message. A constant rather than
 * read from the CRD: loading imports/crd-schemas.json takes some 20 ms, which every run would pay.
 */
export const MAX_POOLS = 25;

/** The finding for `count` pools at `path`, when they are more than the Installation takes. */
export function poolCountFinding(path: string, count: number): Finding | undefined {
  return count > MAX_POOLS
    ? error(path, `lists ${count} pools; the Installation takes at most ${MAX_POOLS}`, {
      fix: 'merge pools, or create the extra ones as IPPool resources',
    })
    : undefined;
}
/** Block size limits per family: [min, max] (operator ippool validation). */
export const BLOCK_SIZE_RANGE = { 4: [20, 32], 6: [116, 128] } as const;

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

/** `Installation/default` with every pool written out in full. */
export class CalicoInstallation extends Construct {
  public readonly resource: Installation;
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
    addChecks(this, (at) => installationFindings(this, props, at));
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

/** What the operator creates when the Installation lists no pools: one per pod CIDR. */
function poolsFromPodCidrs(podCidrs: readonly string[]): IpPool[] {
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
function fillPools(pools: readonly IpPoolProps[]): IpPool[] {
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

const AUTODETECTION_METHODS = ['firstFound', 'kubernetes', 'interface', 'skipInterface', 'canReach', 'cidrs'] as const;

/** The path of pool `i`'s `key` (see CalicoInstallation.poolPath). */
function poolPath(inst: CalicoInstallation, at: PathOf, i: number, key: string): string {
  return inst.ipPoolsFromPodCidrs ? `${at('ipPools')} (from podSubnet ${inst.ipPools[i].cidr})` : at('ipPools', i, key);
}

/** Every check of an Installation's props, with the paths `at` gives. */
function installationFindings(inst: CalicoInstallation, props: CalicoInstallationProps, at: PathOf): Finding[] {
  const choice = (value: unknown, allowed: Record<string, string>, ...segments: PropertyKey[]) => (value === undefined ? [] : choiceFindings(at(...segments), value, Object.values(allowed)));
  return [
    ...choice(props.bgp, BgpMode, 'bgp'),
    ...choice(props.linuxDataplane, LinuxDataplane, 'linuxDataplane'),
    ...choice(props.bpfNetworkBootstrap, BpfNetworkBootstrap, 'bpfNetworkBootstrap'),
    ...choice(props.kubeProxyManagement, KubeProxyManagement, 'kubeProxyManagement'),
    ...(props.ipPools ?? []).flatMap((pool, i) => [
      ...(pool.encapsulation !== undefined ? choiceFindings(at('ipPools', i, 'encapsulation'), pool.encapsulation, ENCAPSULATIONS) : []),
      ...choice(pool.natOutgoing, NatOutgoing, 'ipPools', i, 'natOutgoing'),
      ...(pool.allowedUses ?? []).flatMap((use, j) => choice(use, AllowedUse, 'ipPools', i, 'allowedUses', j)),
    ]),
    ...choice(props.nodeAddressAutodetectionV4?.kubernetes, AutodetectionKubernetes, 'nodeAddressAutodetectionV4', 'kubernetes'),
    ...choice(props.nodeAddressAutodetectionV6?.kubernetes, AutodetectionKubernetes, 'nodeAddressAutodetectionV6', 'kubernetes'),
    ...listedPoolFindings(props, at),
    ...poolFindings(inst, at),
    ...autodetectionFindings(inst, props, at),
    ...(props.mtu !== undefined ? integerFindings(at('mtu'), props.mtu, 1) : []),
    ...(props.registry !== undefined ? registryFindings(at('registry'), props.registry) : []),
    ...(props.imagePath !== undefined ? imagePathFindings(at('imagePath'), props.imagePath) : []),
    ...(props.imagePullSecrets ?? []).flatMap((name, i) => objectNameFindings(at('imagePullSecrets', i), name)),
    ...(props.controlPlaneNodeSelector ? labelMapFindings(at('controlPlaneNodeSelector'), props.controlPlaneNodeSelector) : []),
    ...(props.controlPlaneNodeSelector ? osSelectorFindings(props.controlPlaneNodeSelector, at) : []),
    ...dataplaneFindings(inst, at),
    ...(props.controlPlaneTolerations ?? []).flatMap((t, i) => tolerationFindings(at('controlPlaneTolerations', i), t)),
    ...(props.kubeletVolumePluginPath !== undefined ? absolutePathOrNoneFindings(at('kubeletVolumePluginPath'), props.kubeletVolumePluginPath) : []),
    ...(props.flexVolumePath !== undefined ? absolutePathOrNoneFindings(at('flexVolumePath'), props.flexVolumePath) : []),
    ...(props.installation ? [
      ...modelledFieldFindings(props.installation, at),
      ...installationSchemaFindings(installationSchema(), inst.resource.toJson(), props.installation, at, memosOf(inst)),
    ] : []),
  ];
}

/** The Installation CRD's schema (imports/crd-schemas.json: the newest release's), loaded on first use. */
function installationSchema(): JsonSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../imports/crd-schemas.json') as Record<string, JsonSchema>)['operator.tigera.io/v1/Installation'];
}

/** The values of pools as written: CIDR syntax and form, names, selectors, uniqueness. */
function listedPoolFindings(props: CalicoInstallationProps, at: PathOf): Finding[] {
  const pools = props.ipPools ?? [];
  const findings: Finding[] = [];
  const tooMany = poolCountFinding(at('ipPools'), pools.length);
  if (tooMany) findings.push(tooMany);
  const seenCidrs = new Map<string, number>();
  const seenNames = new Map<string, number>();
  pools.forEach((pool, i) => {
    findings.push(...cidrFindings(at('ipPools', i, 'cidr'), pool.cidr));
    const cidr = parseCidr(pool.cidr);
    if (cidr && !isCanonical(cidr)) {
      findings.push(error(at('ipPools', i, 'cidr'), 'is not in canonical form: it has host bits set or is not written in its shortest form', {
        got: cidr.text, allowed: canonicalCidr(cidr), fix: `write ${canonicalCidr(cidr)}`,
      }));
    }
    if (pool.name !== undefined) findings.push(...objectNameFindings(at('ipPools', i, 'name'), pool.name));
    if (pool.blockSize !== undefined && !Number.isInteger(pool.blockSize)) findings.push(error(at('ipPools', i, 'blockSize'), 'expected a whole number', { got: pool.blockSize }));
    if (pool.nodeSelector !== undefined && pool.nodeSelector.trim() !== '') {
      const problem = selectorError(pool.nodeSelector);
      if (problem !== undefined) {
        findings.push(error(at('ipPools', i, 'nodeSelector'), `is not a Calico selector: ${problem}`, {
          got: pool.nodeSelector, allowed: 'a Calico selector such as all(), has(pool-a) or zone == "a" && !has(edge)',
        }));
      } else if (pool.nodeSelector.includes('global(')) {
        // projectcalico/calico v3.31.7 libcalico-go/lib/validator/v3/validator.go:1265-1268.
        findings.push(error(at('ipPools', i, 'nodeSelector'), 'global() selector is not valid for IPPool nodeSelector - use all() instead', {
          got: pool.nodeSelector, allowed: 'all() or a selector of node labels',
        }));
      }
    }
    if (cidr) {
      const key = canonicalCidr(cidr);
      const first = seenCidrs.get(key);
      if (first !== undefined) {
        findings.push(error(at('ipPools', i, 'cidr'), `repeats the CIDR of ${at('ipPools', first, 'cidr')}; the operator rejects it ("IP pool ${cidr.text} is specified more than once")`, { got: cidr.text, fix: 'remove one of the pools' }));
      } else seenCidrs.set(key, i);
    }
  });
  // Names as rendered (defaults included): two unnamed pools of one family would clash too.
  fillPools(pools).forEach((pool, i) => {
    const first = seenNames.get(pool.name);
    if (first !== undefined) {
      findings.push(error(at('ipPools', i, 'name'), `repeats the name of ${at('ipPools')}[${first}]; the operator rejects it ("IP pool ${pool.name} is specified more than once")`, {
        got: pool.name, fix: 'give every pool its own name',
      }));
    } else seenNames.set(pool.name, i);
  });
  return findings;
}

/** The operator's pool rules, on the pools as rendered (defaults applied). */
function poolFindings(inst: CalicoInstallation, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  if (inst.ipPools.length === 0 && !inst.ipPoolsFromPodCidrs) {
    // An explicitly empty list is kept: the operator defaults pools only when the list is absent (nil)
    // and leaves an empty one alone (tigera/operator v1.40.15 pkg/controller/ippool/defaults.go:110-112,
    // :298 and :334-336), and deletes the pools it created that the list no longer names
    // (pkg/controller/ippool/pool_controller.go:330-353). With Calico networking it installs nothing more
    // until a pool exists (pkg/controller/installation/core_controller.go:958-967).
    findings.push(warning(at('ipPools'), 'is empty: the operator creates no IP pools (and deletes those it created before) and waits ("waiting for enabled IP pools to be created") before it installs calico-node, so no pod gets an address until you create IPPool objects yourself', {
      got: [], fix: 'create the pools yourself (e.g. with calicoctl), or list them here (leave the key out for one pool per podSubnet CIDR)',
    }));
  }
  inst.ipPools.forEach((pool, i) => {
    const here = (key: string) => poolPath(inst, at, i, key);
    const cidr = parseCidr(pool.cidr);
    if (!cidr) return;
    const [min, max] = BLOCK_SIZE_RANGE[cidr.family];
    if (pool.blockSize < min || pool.blockSize > max) {
      const quote = cidr.family === 4 ? ' (the operator: "IPv4 pool block size must be greater than 19 and less than or equal to 32")' : '';
      findings.push(error(here('blockSize'), `is out of range for an IPv${cidr.family} pool${quote}`, { got: pool.blockSize, allowed: `${min}–${max}` }));
    } else if (cidr.prefix > pool.blockSize) {
      findings.push(error(here('blockSize'), `is larger than the pool ${pool.cidr} (the operator: "IP pool size is too small. It must be equal to or greater than the block size")`, {
        got: pool.blockSize, allowed: `${cidr.prefix}–${max}`, fix: `use blockSize ${Math.max(cidr.prefix, min)} or more, or a larger pool`,
      }));
    }
    if (cidr.family === 6 && IPIP_ENCAPSULATIONS.includes(pool.encapsulation)) {
      findings.push(error(here('encapsulation'), `IPIP encapsulation is not supported by IPv6 pools, but it is set for ${pool.cidr}`, {
        got: pool.encapsulation, allowed: 'None, VXLAN, VXLANCrossSubnet',
      }));
    }
    const bgpFix = `set ${at('bgp')}: Enabled, or use VXLAN`;
    if (inst.bgp !== BgpMode.ENABLED && IPIP_ENCAPSULATIONS.includes(pool.encapsulation)) {
      findings.push(error(here('encapsulation'), 'IPIP encapsulation requires that BGP is enabled', { got: pool.encapsulation, fix: bgpFix }));
    }
    if (inst.bgp !== BgpMode.ENABLED && pool.encapsulation === Encapsulation.NONE) {
      findings.push(error(here('encapsulation'), 'unencapsulated IP pools require that BGP is enabled', { got: pool.encapsulation, fix: bgpFix }));
    }
    if (pool.nodeSelector.trim() === '') {
      findings.push(error(here('nodeSelector'), 'is empty; the operator requires a selector', { got: pool.nodeSelector, allowed: 'a Calico selector such as all()' }));
    }
    findings.push(...loadBalancerPoolFindings(pool, here));
  });
  return findings;
}

/**
 * The operator's rules for a LoadBalancer pool (tigera/operator v1.42.3 pkg/controller/ippool/validation.go:
 * 45-60, 76-78, 92-96, 133-135; the same in v1.38.13 and v1.40.15, the first operators whose Installation
 * takes LoadBalancer), in its own words, on the pool as rendered (its name defaulted, as the operator
 * validates after defaulting).
 */
function loadBalancerPoolFindings(pool: IpPool, at: (key: string) => string): Finding[] {
  if (!isLoadBalancerPool(pool)) return [];
  const findings: Finding[] = [];
  const uses = pool.allowedUses ?? [];
  if (uses.some((u) => u !== AllowedUse.LOAD_BALANCER)) {
    findings.push(error(at('allowedUses'), `IP pool ${pool.name} AllowedUse LoadBalancer cannot be used with Workload/Tunnel`, {
      got: uses, allowed: '[LoadBalancer] alone', fix: 'give LoadBalancer addresses a pool of their own',
    }));
  }
  if (pool.nodeSelector !== DEFAULT_NODE_SELECTOR) {
    findings.push(error(at('nodeSelector'), 'IP pool nodeSelector should be set to all() if allowedUse is LoadBalancer', {
      got: pool.nodeSelector, allowed: DEFAULT_NODE_SELECTOR, fix: 'remove nodeSelector (it defaults to all())',
    }));
  }
  if (pool.encapsulation !== Encapsulation.NONE) {
    findings.push(error(at('encapsulation'), 'IP pool encapsulation must be none if allowedUse is LoadBalancer', {
      got: pool.encapsulation, allowed: Encapsulation.NONE, fix: 'remove encapsulation (a LoadBalancer pool defaults to None)',
    }));
  }
  if (pool.disableBGPExport === true) {
    findings.push(error(at('disableBGPExport'), 'IP pool disable bgp export must be false when AllowedUse is LoadBalancer', {
      got: true, allowed: 'false', fix: 'remove disableBGPExport: LoadBalancer addresses reach the network by BGP',
    }));
  }
  return findings;
}

/**
 * The control plane components are Linux-only: the operator refuses an OS label other than linux
 * (tigera/operator v1.42.3 pkg/controller/installation/validation.go:311-318; v1.34.5 and v1.38.13
 * :305-311, v1.40.15 :316-322, whose texts start with "Installation" or "installation"; quoted from
 * "spec.").
 */
function osSelectorFindings(selector: Readonly<Record<string, string>>, at: PathOf): Finding[] {
  return ['beta.kubernetes.io/os', 'kubernetes.io/os'].filter((key) => Object.hasOwn(selector, key) && selector[key] !== 'linux').map((key) => error(
    at('controlPlaneNodeSelector', key),
    `the operator refuses it ("spec.ControlPlaneNodeSelector '${key}=${selector[key]}' is not supported"): Typha, kube-controllers and the API server run on Linux nodes only`,
    { got: selector[key], allowed: 'linux', fix: `remove ${key}, or set it to linux` },
  ));
}

/**
 * The dataplane's own needs: VPP peers with BGP (tigera/operator v1.42.3
 * pkg/controller/installation/validation.go:212-222; v1.34.5 and v1.38.13 :216, v1.40.15 :226); the
 * BPF network bootstrap is for BPF only.
 */
function dataplaneFindings(inst: CalicoInstallation, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  if (inst.linuxDataplane === LinuxDataplane.VPP && inst.bgp !== BgpMode.ENABLED) {
    findings.push(error(at('linuxDataplane'), 'VPP requires BGP to be enabled', { got: inst.linuxDataplane, fix: `set ${at('bgp')}: Enabled, or choose another linuxDataplane` }));
  }
  // tigera/operator v1.42.3 pkg/controller/utils/bpf.go:43-46 (v1.40.15 the same).
  if (inst.bpfNetworkBootstrap === BpfNetworkBootstrap.ENABLED && inst.linuxDataplane !== LinuxDataplane.BPF) {
    findings.push(error(at('bpfNetworkBootstrap'), 'bpfNetworkBootstrap is enabled but linuxDataplane is not set to BPF', {
      got: inst.bpfNetworkBootstrap, fix: `set ${at('linuxDataplane')}: BPF, or leave bpfNetworkBootstrap out`,
    }));
  }
  return findings;
}

/**
 * At most one autodetection method per family, each valid. BPF needs the node's address of every
 * family with pools: the operator defaults IPv4 (firstFound) for BPF, but IPv6 only from IPv6 pools
 * already in the cluster (tigera/operator v1.42.3 pkg/controller/installation/core_controller.go:601-645),
 * so a fresh BPF install with an IPv6 pool and no method fails validation
 * (validation.go:159-161) before the operator writes its defaults (core_controller.go:853-857), and
 * the pool controller waits for them ("Waiting for Installation defaulting to occur",
 * pkg/controller/ippool/pool_controller.go:177-184): no pool is created. The same in v1.34.5 to v1.40.15.
 */
function autodetectionFindings(inst: CalicoInstallation, props: CalicoInstallationProps, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  const families = new Set(inst.ipPools.map((p) => parseCidr(p.cidr)?.family));
  for (const family of [4, 6] as const) {
    const key = `nodeAddressAutodetectionV${family}` as const;
    const value = props[key] as Record<string, unknown> | undefined;
    if (value === undefined) {
      if (props.linuxDataplane === LinuxDataplane.BPF && families.has(family) && family === 4) {
        findings.push(warning(at(key), `is not set; the BPF dataplane needs the node's IPv${family} address and the operator would fall back to firstFound: true, which picks the first interface it sees`, {
          fix: `set one method explicitly, e.g. ${key}: { kubernetes: NodeInternalIP }`,
        }));
      } else if (props.linuxDataplane === LinuxDataplane.BPF && families.has(family)) {
        findings.push(error(at(key), 'is not set, and the operator refuses the BPF dataplane with an IPv6 pool without it ("spec.calicoNetwork.nodeAddressAutodetectionV6 is required for the BPF dataplane"): it defaults the IPv6 method only from IPv6 pools already in the cluster, so on a fresh install it stops there and never creates the pools', {
          fix: `set one method, e.g. ${key}: { kubernetes: NodeInternalIP }`,
        }));
      }
      continue;
    }
    for (const pattern of ['interface', 'skipInterface'] as const) {
      const text = value[pattern];
      if (typeof text !== 'string') continue;
      const problem = text === '' ? 'is empty' : interfaceRegexError(text);
      if (problem !== undefined) {
        findings.push(error(at(key, pattern), `is not a list of Go regular expressions calico-node can compile: ${problem}`, {
          got: text, allowed: 'RE2 patterns separated by commas, such as eth.* or ens[0-9]+,eno1',
        }));
      }
    }
    if (typeof value.canReach === 'string') findings.push(...reachableFindings(at(key, 'canReach'), value.canReach, family));
    if (Array.isArray(value.cidrs)) {
      if (value.cidrs.length === 0) findings.push(error(at(key, 'cidrs'), 'needs at least 1 item(s)', { got: [] }));
      value.cidrs.forEach((c, i) => findings.push(...cidrFindings(at(key, 'cidrs', i), String(c))));
    }
    const methods = AUTODETECTION_METHODS.filter((m) => value[m] !== undefined && value[m] !== false);
    if (methods.length > 1) {
      findings.push(error(at(key), 'no more than one node address autodetection method can be specified per-family', {
        got: methods.join(', '), allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs',
      }));
    } else if (methods.length === 0) {
      findings.push(error(at(key), 'names no autodetection method', { got: value, allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs' }));
    }
  }
  return findings;
}
