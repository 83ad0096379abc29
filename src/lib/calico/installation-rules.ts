/**
 * The checks of CalicoInstallation's props: the operator's own Installation and IP pool rules (its
 * `installation/validation.go` and `ippool/validation.go`), which the API server does not enforce
 * (without them the operator reports a problem only later, in a degraded TigeraStatus), and the
 * passed-through `installation` fields against the Installation CRD (installation-fields.ts).
 * Pure functions of the props and the values the construct resolved from them (an
 * {@link InstallationView}), returning findings at the paths `at` gives.
 */
import {
  AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, ENCAPSULATIONS, IPIP_ENCAPSULATIONS, KubeProxyManagement, LinuxDataplane, NatOutgoing,
} from './enums';
import { DERIVED_FIELDS, installationSchemaFindings, MODELLED_FIELDS, modelledFieldFindings } from './installation-fields';
import { CalicoInstallationProps, DEFAULT_NODE_SELECTOR, fillPools, IpPool, isLoadBalancerPool } from './installation-props';
import { interfaceRegexError } from './interface-regex';
import { effectiveCni, installationRuleFindings, operatorRule, OperatorView, ruleLocations, SpecMap, specValue, withRule } from './operator-rules';
import type { CalicoRelease } from './releases';
import { selectorError } from './selector';
import type { PathOf } from '../common/checks';
import { canonicalCidr, isCanonical, parseCidr } from '../common/cidr';
import type { JsonSchema } from '../common/crd-schema';
import { error, Finding, warning } from '../common/findings';
import type { Memos } from '../common/memo';
import {
  absolutePathOrNoneFindings, choiceFindings, cidrFindings, imagePathFindings, integerFindings, labelMapFindings, objectNameFindings, reachableFindings,
  registryFindings, tolerationFindings,
} from '../common/value-checks';

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

/** What the rules read of a CalicoInstallation: the values it resolved from its props, and what it renders. */
export interface InstallationView {
  /** The pools with the operator's defaults applied, as rendered. */
  readonly ipPools: readonly IpPool[];
  /** Whether the pools were derived from `podCidrs` (no `ipPools` given). */
  readonly ipPoolsFromPodCidrs: boolean;
  readonly bgp: BgpMode;
  readonly linuxDataplane?: LinuxDataplane;
  readonly bpfNetworkBootstrap?: BpfNetworkBootstrap;
  /** The rendered Installation, as the operator gets it (the operator's rules read it). */
  readonly resource: { toJson(): unknown };
  /**
   * The Installation as its props and `installation` fields write it, before the defaults calico-stack
   * adds for the release's operator (those are the release's, not the newest CRD's): what is checked
   * against the CRD's schema. @default - the rendered Installation
   */
  readonly writtenJson?: () => unknown;
}

const AUTODETECTION_METHODS = ['firstFound', 'kubernetes', 'interface', 'skipInterface', 'canReach', 'cidrs'] as const;

/** The path of pool `i`'s `key`, or for a pool derived from podCidrs, the CIDR it comes from (see CalicoInstallation.poolPath). */
export function poolPath(inst: InstallationView, at: PathOf, i: number, key: string): string {
  return inst.ipPoolsFromPodCidrs ? `${at('ipPools')} (from podSubnet ${inst.ipPools[i].cidr})` : at('ipPools', i, key);
}

/**
 * Every check of an Installation's props, with the paths `at` gives (the paths of its props, mapped
 * by the constructs that compose it), against the operator of `release` (chosen at `versionPath`, if
 * a setting chose it); the CRD's CEL rules are planned once per `memos`.
 */
export function installationFindings(inst: InstallationView, props: CalicoInstallationProps, at: PathOf, memos: Memos, release: CalicoRelease, versionPath?: string): Finding[] {
  const choice = (value: unknown, allowed: Record<string, string>, ...segments: PropertyKey[]) => (value === undefined ? [] : choiceFindings(at(...segments), value, Object.values(allowed)));
  // A check that mirrors a rule of the operator applies where the release's operator has the rule.
  const inRelease = (f: Finding) => f.rule === undefined || ruleLocations(operatorRule(f.rule), release.operatorVersion).length > 0;
  return [
    ...choice(props.bgp, BgpMode, 'bgp'),
    ...choice(props.linuxDataplane, LinuxDataplane, 'linuxDataplane'),
    ...choice(props.bpfNetworkBootstrap, BpfNetworkBootstrap, 'bpfNetworkBootstrap'),
    ...choice(props.kubeProxyManagement, KubeProxyManagement, 'kubeProxyManagement'),
    ...(props.ipPools ?? []).flatMap((pool, i) => [
      ...(pool.encapsulation !== undefined ? withRule('ippool.encapsulation.value', choiceFindings(at('ipPools', i, 'encapsulation'), pool.encapsulation, ENCAPSULATIONS)) : []),
      ...withRule('ippool.natOutgoing.value', choice(pool.natOutgoing, NatOutgoing, 'ipPools', i, 'natOutgoing')),
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
    ...(props.kubeletVolumePluginPath !== undefined ? withRule('installation.kubeletVolumePluginPath.absoluteOrNone', absolutePathOrNoneFindings(at('kubeletVolumePluginPath'), props.kubeletVolumePluginPath)) : []),
    ...(props.flexVolumePath !== undefined ? withRule('installation.flexVolumePath.absoluteOrNone', absolutePathOrNoneFindings(at('flexVolumePath'), props.flexVolumePath)) : []),
    ...(props.installation ? [
      ...modelledFieldFindings(props.installation, at),
      ...installationSchemaFindings(installationSchema(), inst.writtenJson?.() ?? inst.resource.toJson(), props.installation, at, memos),
    ] : []),
  ].filter(inRelease).concat(installationRuleFindings(operatorView(inst, at, release, versionPath)));
}

/**
 * The rendered Installation as the operator of `release` sees it when it validates (its defaults for
 * the CNI, IPAM, variant and dataplane applied), with the paths of the props each field comes from
 * (and of the setting that chose the release, if one did).
 */
export function operatorView(inst: InstallationView, at: PathOf, release: CalicoRelease, versionPath?: string): OperatorView {
  const json = inst.resource.toJson() as { spec?: SpecMap };
  const spec: SpecMap = json.spec ?? {};
  const { cni, ipam } = effectiveCni(spec);
  const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);
  const windows = text(specValue(spec, 'calicoNetwork', 'windowsDataplane'), 'Disabled') !== 'Disabled';
  return {
    release,
    ...(versionPath !== undefined ? { versionPath } : {}),
    spec,
    cni,
    ipam,
    provider: text(specValue(spec, 'kubernetesProvider'), ''),
    variant: text(specValue(spec, 'variant'), 'Calico'),
    linuxDataplane: text(specValue(spec, 'calicoNetwork', 'linuxDataplane'), LinuxDataplane.IPTABLES),
    bgp: specValue(spec, 'calicoNetwork', 'bgp') as string | undefined,
    windows,
    pools: inst.ipPools,
    at: (...field) => specFieldPath(at, field),
    poolAt: (i, key) => poolPath(inst, at, i, key),
  };
}

/**
 * The path of a field of the rendered `Installation.spec`: a field a prop says (`calicoNetwork.bgp`,
 * `registry`, ...) at that prop, any other below `installation`.
 */
export function specFieldPath(at: PathOf, field: readonly PropertyKey[]): string {
  const [first, second, ...rest] = field;
  if (first === 'calicoNetwork' && typeof second === 'string') {
    const name = `calicoNetwork.${second}`;
    if (Object.hasOwn(MODELLED_FIELDS, name) || Object.hasOwn(DERIVED_FIELDS, name)) return at(second, ...rest);
  } else if (typeof first === 'string' && Object.hasOwn(MODELLED_FIELDS, first)) {
    return at(...field);
  }
  return at('installation', ...field);
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
    findings.push(...withRule('ippool.cidr.valid', cidrFindings(at('ipPools', i, 'cidr'), pool.cidr)));
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
        findings.push(error(at('ipPools', i, 'cidr'), `repeats the CIDR of ${at('ipPools', first, 'cidr')}; the operator rejects it ("IP pool ${cidr.text} is specified more than once")`, {
          got: cidr.text, fix: 'remove one of the pools', rule: 'ippool.cidr.unique',
        }));
      } else seenCidrs.set(key, i);
    }
  });
  // Names as rendered (defaults included): two unnamed pools of one family would clash too.
  fillPools(pools).forEach((pool, i) => {
    const first = seenNames.get(pool.name);
    if (first !== undefined) {
      findings.push(error(at('ipPools', i, 'name'), `repeats the name of ${at('ipPools')}[${first}]; the operator rejects it ("IP pool ${pool.name} is specified more than once")`, {
        got: pool.name, fix: 'give every pool its own name', rule: 'ippool.name.unique',
      }));
    } else seenNames.set(pool.name, i);
  });
  return findings;
}

/** The operator's pool rules, on the pools as rendered (defaults applied). */
function poolFindings(inst: InstallationView, at: PathOf): Finding[] {
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
      findings.push(error(here('blockSize'), `is out of range for an IPv${cidr.family} pool${quote}`, {
        got: pool.blockSize, allowed: `${min}–${max}`, rule: `ippool.blockSize.ipv${cidr.family}Range`,
      }));
    } else if (cidr.prefix > pool.blockSize) {
      findings.push(error(here('blockSize'), `is larger than the pool ${pool.cidr} (the operator: "IP pool size is too small. It must be equal to or greater than the block size")`, {
        got: pool.blockSize, allowed: `${cidr.prefix}–${max}`, fix: `use blockSize ${Math.max(cidr.prefix, min)} or more, or a larger pool`, rule: `ippool.blockSize.ipv${cidr.family}WithinCidr`,
      }));
    }
    if (cidr.family === 6 && IPIP_ENCAPSULATIONS.includes(pool.encapsulation)) {
      findings.push(error(here('encapsulation'), `IPIP encapsulation is not supported by IPv6 pools, but it is set for ${pool.cidr}`, {
        got: pool.encapsulation, allowed: 'None, VXLAN, VXLANCrossSubnet', rule: 'installation.ipPools.ipv6.noIPIP',
      }));
    }
    if (pool.nodeSelector.trim() === '') {
      findings.push(error(here('nodeSelector'), 'is empty; the operator requires a selector', { got: pool.nodeSelector, allowed: 'a Calico selector such as all()', rule: 'ippool.nodeSelector.nonEmpty' }));
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
      got: uses, allowed: '[LoadBalancer] alone', fix: 'give LoadBalancer addresses a pool of their own', rule: 'ippool.loadBalancer.exclusiveUse',
    }));
  }
  if (pool.nodeSelector !== DEFAULT_NODE_SELECTOR) {
    findings.push(error(at('nodeSelector'), 'IP pool nodeSelector should be set to all() if allowedUse is LoadBalancer', {
      got: pool.nodeSelector, allowed: DEFAULT_NODE_SELECTOR, fix: 'remove nodeSelector (it defaults to all())', rule: 'ippool.loadBalancer.nodeSelectorAll',
    }));
  }
  if (pool.encapsulation !== Encapsulation.NONE) {
    findings.push(error(at('encapsulation'), 'IP pool encapsulation must be none if allowedUse is LoadBalancer', {
      got: pool.encapsulation, allowed: Encapsulation.NONE, fix: 'remove encapsulation (a LoadBalancer pool defaults to None)', rule: 'ippool.loadBalancer.encapsulationNone',
    }));
  }
  if (pool.disableBGPExport === true) {
    findings.push(error(at('disableBGPExport'), 'IP pool disable bgp export must be false when AllowedUse is LoadBalancer', {
      got: true, allowed: 'false', fix: 'remove disableBGPExport: LoadBalancer addresses reach the network by BGP', rule: 'ippool.loadBalancer.bgpExport',
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
    { got: selector[key], allowed: 'linux', fix: `remove ${key}, or set it to linux`, rule: key === 'kubernetes.io/os' ? 'installation.controlPlaneNodeSelector.os' : 'installation.controlPlaneNodeSelector.betaOs' },
  ));
}

/**
 * The dataplane's own needs: VPP peers with BGP (tigera/operator v1.42.3
 * pkg/controller/installation/validation.go:212-222; v1.34.5 and v1.38.13 :216, v1.40.15 :226); the
 * BPF network bootstrap is for BPF only.
 */
function dataplaneFindings(inst: InstallationView, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  if (inst.linuxDataplane === LinuxDataplane.VPP && inst.bgp !== BgpMode.ENABLED) {
    findings.push(error(at('linuxDataplane'), 'VPP requires BGP to be enabled', {
      got: inst.linuxDataplane, fix: `set ${at('bgp')}: Enabled, or choose another linuxDataplane`, rule: 'installation.vpp.requiresBGP',
    }));
  }
  // tigera/operator v1.42.3 pkg/controller/utils/bpf.go:43-46 (v1.40.15 the same).
  if (inst.bpfNetworkBootstrap === BpfNetworkBootstrap.ENABLED && inst.linuxDataplane !== LinuxDataplane.BPF) {
    findings.push(error(at('bpfNetworkBootstrap'), 'bpfNetworkBootstrap is enabled but linuxDataplane is not set to BPF', {
      got: inst.bpfNetworkBootstrap, fix: `set ${at('linuxDataplane')}: BPF, or leave bpfNetworkBootstrap out`, rule: 'reconcile.bpfNetworkBootstrap.requiresBPF',
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
function autodetectionFindings(inst: InstallationView, props: CalicoInstallationProps, at: PathOf): Finding[] {
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
          fix: `set one method, e.g. ${key}: { kubernetes: NodeInternalIP }`, rule: 'installation.bpf.nodeAddressAutodetectionV6.required',
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
      value.cidrs.forEach((c, i) => findings.push(...withRule('installation.nodeAddressAutodetection.cidrs', cidrFindings(at(key, 'cidrs', i), String(c)))));
    }
    const methods = AUTODETECTION_METHODS.filter((m) => value[m] !== undefined && value[m] !== false);
    if (methods.length > 1) {
      findings.push(error(at(key), 'no more than one node address autodetection method can be specified per-family', {
        got: methods.join(', '), allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs', rule: 'installation.nodeAddressAutodetection.atMostOne',
      }));
    } else if (methods.length === 0) {
      findings.push(error(at(key), 'names no autodetection method', { got: value, allowed: 'one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs' }));
    }
  }
  return findings;
}
