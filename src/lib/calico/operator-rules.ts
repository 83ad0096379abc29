/**
 * The Tigera operator's rules for an Installation, per release, and the checks of calico-stack that
 * mirror them.
 *
 * The rules are data: src/lib/calico/release-data/operator-rules.json has one row per rule the
 * operator's source has at the operator tag of each supported release (where, in `file:start-end`,
 * what it reads and refuses, in our words), and says how calico-stack covers it: the id of the check
 * that enforces it (the `rule` its findings carry), the CRD schema that does, or why it cannot apply
 * to what calico-stack renders. Every line where the operator builds an error at those tags
 * (release-data/operator-rule-lines.json, from `npm run extract-operator-rules`) lies in some row:
 * test/calico/operator-rules.test.ts holds the two files to each other, so that a new release's rule
 * is a line no row covers.
 *
 * {@link INSTALLATION_RULE_CHECKS} is the table of the checks written here: rule id → check; the rule's
 * row gives the releases it applies to and where it is upstream. Each check reads the Installation as
 * rendered, after the defaults the operator fills in before it validates ({@link OperatorView}), and
 * says what is wrong at the `calico.…` path the value comes from, the value, the operator's refusal in
 * short (its own text, quoted, for a user who searches the operator's log) and the fix. Other rules are
 * checked where their values are (installation-rules.ts: pools, autodetection; stack-rules.ts:
 * kubeadm's podSubnet), with the same `rule` on their findings.
 */
import { BgpMode, Encapsulation, IPIP_ENCAPSULATIONS, LinuxDataplane, NatOutgoing, VXLAN_ENCAPSULATIONS } from './enums';
import { DEFAULT_NODE_SELECTOR, IpPool, isLoadBalancerPool } from './installation-props';
import RULES_DATA from './release-data/operator-rules.json';
import { compareVersions } from './release-fields';
import { CalicoRelease, RELEASES } from './releases';
import { parseCidr } from '../common/cidr';
import { error, Finding } from '../common/findings';

/** What a row is: a rule, or a line that is not one (see the README of docs/upstream). */
export type OperatorRuleKind = 'rule' | 'wrapper' | 'unreachable' | 'not-config';

/** Why a row cannot apply to what calico-stack renders. */
export type NotApplicableReason =
  /** The operator cannot reach the line for an Installation it reconciles (it defaulted the value first, …). */
  | 'unreachable'
  /** The line reports another row's failure. */
  | 'wrapper'
  /** A failure of the cluster or its API, not of the configuration. */
  | 'not-config'
  /** The cluster decides (what the operator detects, its environment), not the rendered objects. */
  | 'cluster'
  /** calico-stack never renders the field. */
  | 'not-rendered'
  /** calico-stack renders the field itself and never the refused value. */
  | 'by-construction';

/** How calico-stack covers a row. */
export type RuleCoverage =
  /** A check of calico-stack enforces it: its findings carry this rule id. */
  | { readonly check: string; readonly comment?: string }
  /** The Installation CRD's schema enforces it at these fields (installation-fields.ts, release-fields.ts). */
  | { readonly schema: readonly string[]; readonly comment?: string }
  | { readonly notApplicable: NotApplicableReason; readonly comment?: string }
  /** A Kubernetes check of an override field (`k8s.*`), which the override validation is to enforce. */
  | { readonly pending: 'override validation'; readonly comment?: string };

/** One row: a rule of the operator (or a line where it builds an error that is not one). */
export interface OperatorRule {
  /** Stable name: `installation.*`, `override.*`, `k8s.*`, `ippool.*`, `defaults.*`, `reconcile.*`, `apiserver.*`. */
  readonly id: string;
  readonly kind: OperatorRuleKind;
  readonly category: string;
  /** Operator tag → where the rule is at that tag (`path:start-end`, or several); a missing tag: not in that release. */
  readonly releases: Readonly<Record<string, string | readonly string[]>>;
  /** The Installation fields the condition reads. */
  readonly fields: readonly string[];
  /** When the operator refuses, in our words. */
  readonly condition: string;
  /** Whether the rendered Installation alone decides it. */
  readonly static: boolean;
  readonly notes: string;
  readonly calicoStack: RuleCoverage;
}

/** Every row, in the data's order. */
export const OPERATOR_RULES: readonly OperatorRule[] = RULES_DATA as unknown as readonly OperatorRule[];

/** The row of a rule id; throws for an id the data lacks (a check naming a rule that is not there). */
export function operatorRule(id: string): OperatorRule {
  const rule = OPERATOR_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no operator rule ${id} in release-data/operator-rules.json`);
  return rule;
}

/** Where a rule is at an operator tag (its locations), or none when the release does not have it. */
export function ruleLocations(rule: OperatorRule, tag: string): readonly string[] {
  const where = rule.releases[tag];
  return where === undefined ? [] : typeof where === 'string' ? [where] : where;
}

/** What a check sees: the Installation as rendered, with the defaults the operator fills in before it validates. */
export interface OperatorView {
  /** The release, whose operator validates. */
  readonly release: CalicoRelease;
  /** The path of the setting that chose the release (`calico.version`), if one did. */
  readonly versionPath?: string;
  /** `Installation.spec` as rendered (JSON). */
  readonly spec: SpecMap;
  /** `cni.type`: as rendered, else the operator's default for the provider (Calico unless kubernetesProvider is AKS, EKS or GKE). */
  readonly cni: string;
  /** `cni.ipam.type`: as rendered, else the operator's default for the CNI. */
  readonly ipam: string;
  /** `kubernetesProvider` as rendered, '' when it is not (the operator then uses the one it detects). */
  readonly provider: string;
  /** `variant`, Calico by default. */
  readonly variant: string;
  /** `calicoNetwork.linuxDataplane`, Iptables by default. */
  readonly linuxDataplane: string;
  /** `calicoNetwork.bgp` as rendered. */
  readonly bgp?: string;
  /** Whether Calico for Windows is on (`calicoNetwork.windowsDataplane` other than Disabled). */
  readonly windows: boolean;
  /** The pools as rendered. */
  readonly pools: readonly IpPool[];
  /** The path findings show for a field of the spec (`'calicoNetwork', 'hostPorts'` → `calico.installation.calicoNetwork.hostPorts`). */
  readonly at: (...field: PropertyKey[]) => string;
  /** The path of pool `i`'s `key`. */
  readonly poolAt: (i: number, key: string) => string;
}

/** A JSON object of the rendered spec. */
export type SpecMap = { readonly [key: string]: unknown };

/** What a check reports: the finding's path, message and details (the rule id is added). */
export interface RuleProblem {
  readonly path: string;
  readonly message: string;
  readonly got?: unknown;
  readonly allowed?: string;
  readonly fix: string;
}

/** A check: the problems of the view (none when the operator accepts it). */
export type RuleCheck = (view: OperatorView) => readonly RuleProblem[];

const CALICO = 'Calico';
const isMap = (v: unknown): v is SpecMap => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The value at a path of the spec, if every step is there. */
export function specValue(spec: SpecMap, ...path: string[]): unknown {
  let node: unknown = spec;
  for (const key of path) {
    if (!isMap(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The operator's `cni.type` default per provider (tigera/operator v1.42.3 core_controller.go:510-525; the same at every supported tag). */
const CNI_BY_PROVIDER: Readonly<Record<string, string>> = { AKS: 'AzureVNET', EKS: 'AmazonVPC', GKE: 'GKE' };
/** The operator's `cni.ipam.type` default per CNI (core_controller.go:527-542), and what each CNI takes (validation.go:49-132). */
const IPAM_BY_CNI: Readonly<Record<string, { readonly default: string; readonly allowed: readonly string[]; readonly provider?: string }>> = {
  Calico: { default: 'Calico', allowed: ['Calico', 'HostLocal'] },
  GKE: { default: 'HostLocal', allowed: ['HostLocal'], provider: 'GKE' },
  AmazonVPC: { default: 'AmazonVPC', allowed: ['AmazonVPC'], provider: 'EKS' },
  AzureVNET: { default: 'AzureVNET', allowed: ['AzureVNET'], provider: 'AKS' },
};

/** The CNI and IPAM the operator ends up with for a rendered spec (its defaults applied as fillDefaults does). */
export function effectiveCni(spec: SpecMap): { cni: string; ipam: string } {
  const provider = String(specValue(spec, 'kubernetesProvider') ?? '');
  const cniType = specValue(spec, 'cni', 'type');
  const cni = typeof cniType === 'string' && cniType !== '' ? cniType : CNI_BY_PROVIDER[provider] ?? CALICO;
  const ipamType = specValue(spec, 'cni', 'ipam', 'type');
  const ipam = typeof ipamType === 'string' && ipamType !== '' ? ipamType : IPAM_BY_CNI[cni]?.default ?? 'Calico';
  return { cni, ipam };
}

/** The operator's refusal, quoted (its text without the leading "installation " some messages have). */
const refuses = (quote: string) => `the operator refuses it ("${quote}")`;
const set = (v: unknown) => v !== undefined && v !== null;
const nonCalico = (v: OperatorView) => v.cni !== CALICO;
/** `spec.cni.type X`, saying when X is the operator's default rather than rendered. */
const cniType = (v: OperatorView) => `spec.cni.type ${v.cni}${specValue(v.spec, 'cni', 'type') === undefined ? ` (the operator's default${v.provider ? ` for kubernetesProvider ${v.provider}` : ''})` : ''}`;
const cniIs = (v: OperatorView) => cniType(v).replace('spec.cni.type ', 'spec.cni.type is ');
/** `a, b or c`. */
const orList = (items: readonly string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

/** A problem of one field of the spec, when the field is set and `bad` says so. */
function field(view: OperatorView, path: string[], bad: (value: unknown) => boolean, problem: (value: unknown, at: string) => Omit<RuleProblem, 'path' | 'got'>): RuleProblem[] {
  const value = specValue(view.spec, ...path);
  if (!set(value) || !bad(value)) return [];
  const at = view.at(...path);
  return [{ path: at, got: value, ...problem(value, at) }];
}

/** Whether `tag` is `from` or later (operator tags). */
const since = (tag: string, from: string) => compareVersions(tag, from) >= 0;

/** The Linux dataplanes linuxPolicySetupTimeoutSeconds goes with: Nftables from tigera/operator v1.39.0 (validation.go; v1.38.13 :280-282, v1.40.15 :290-293). */
export const POLICY_TIMEOUT_NFTABLES_FROM = 'v1.39.0';

/** Whether the release's Installation has `calicoNetwork.clusterRoutingMode` (Calico v3.32 on): its operator's BGP rules then apply only in BIRD mode. */
const hasClusterRoutingMode = (release: CalicoRelease) => release.fields.Installation?.fields?.calicoNetwork?.fields?.clusterRoutingMode !== undefined;

/** The pools' BGP rules (validation.go:165-183 at v1.42.3): Calico CNI and IPAM only, and with clusterRoutingMode Felix not at all. */
function bgpRule(encapsulations: readonly string[], what: string): RuleCheck {
  return (v) => {
    if (v.cni !== CALICO || v.ipam !== 'Calico' || v.bgp === BgpMode.ENABLED) return [];
    const felix = hasClusterRoutingMode(v.release);
    if (felix && specValue(v.spec, 'calicoNetwork', 'clusterRoutingMode') === 'Felix') return [];
    const text = `${what} require${what.startsWith('IPIP') ? 's' : ''} that BGP is enabled`;
    // From v1.42 the text names the routing mode (v1.34.5 starts it with a capital: "Unencapsulated").
    const message = felix ? `with BIRD cluster routing mode, ${text}` : text;
    return v.pools.flatMap((pool, i) => (encapsulations.includes(pool.encapsulation) ? [{
      path: v.poolAt(i, 'encapsulation'),
      message,
      got: pool.encapsulation,
      fix: `set ${v.at('calicoNetwork', 'bgp')}: Enabled, or use VXLAN${felix ? `, or let Felix program the routes: ${v.at('calicoNetwork', 'clusterRoutingMode')}: Felix` : ''}`,
    }] : []));
  };
}

/** A field only the Calico CNI takes (validation.go:242-263 at v1.42.3). */
function calicoCniOnly(path: string[], quote: string, when: (value: unknown) => boolean = () => true): RuleCheck {
  return (v) => (nonCalico(v) ? field(v, path, when, () => ({
    message: `is only for the Calico CNI, and ${cniIs(v)}; ${refuses(quote)}`,
    fix: `remove ${v.at(...path)}`,
  })) : []);
}

/** A CNI's IPAM (validation.go:51-131 at v1.42.3), when the IPAM is rendered. */
function ipamRule(cni: string, quotePrefix: string): RuleCheck {
  return (v) => {
    const allowed = IPAM_BY_CNI[cni].allowed;
    if (v.cni !== cni || allowed.includes(v.ipam)) return [];
    return field(v, ['cni', 'ipam', 'type'], () => true, () => ({
      message: `does not go with ${cniType(v)}; ${refuses(`${quotePrefix}${v.ipam} is not compatible with spec.cni.type ${cni}, valid IPAM values ${allowed.join(',')}`)}`,
      allowed: allowed.join(', '),
      fix: `use ${orList(allowed)}, or leave ${v.at('cni', 'ipam')} out for ${IPAM_BY_CNI[cni].default} IPAM`,
    }));
  };
}

/** A CNI's provider (validation.go:85-124 at v1.42.3), when kubernetesProvider is rendered. */
function providerRule(cni: string): RuleCheck {
  return (v) => {
    const provider = IPAM_BY_CNI[cni].provider!;
    if (v.cni !== cni || v.provider === '' || v.provider === provider) return [];
    return [{
      path: v.at('kubernetesProvider'),
      message: `does not go with spec.cni.type ${cni}; ${refuses(`spec.kubernetesProvider ${v.provider} is not compatible with spec.cni.type ${cni}`)}`,
      got: v.provider,
      allowed: `${provider}, or none`,
      fix: `set ${v.at('kubernetesProvider')}: ${provider} or leave it out, or choose another ${v.at('cni', 'type')}`,
    }];
  };
}

/** A `logging.cni` count that must be above zero (validation.go:67-82 at v1.42.3): the Go field is unsigned, so a negative number cannot even be read. */
function positiveCount(key: string, quote: string): RuleCheck {
  return (v) => (v.cni === CALICO ? field(v, ['logging', 'cni', key], (n) => typeof n === 'number' && n <= 0, (n) => ({
    message: (n as number) < 0
      ? 'is negative: the operator reads it into an unsigned number and cannot read the Installation at all'
      : `is zero; ${refuses(quote)}`,
    allowed: 'a whole number above 0',
    fix: `remove ${v.at('logging', 'cni', key)} for the operator's default, or set 1 or more`,
  })) : []);
}

/** A Kubernetes quantity the operator takes for logFileMaxSize: binary suffix (Ki … Ei), above zero (resource.BinarySI, Value() > 0). */
export function isBinarySiSize(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = /^\+?((\d+(\.\d*)?)|(\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei)$/.exec(value);
  return m !== null && Number(m[1]) > 0;
}

/** The rendered init containers of calico-node's override, by name. */
const initContainerNames = (spec: SpecMap): string[] => {
  const list = specValue(spec, 'calicoNodeDaemonSet', 'spec', 'template', 'spec', 'initContainers');
  return Array.isArray(list) ? list.map((c) => (isMap(c) ? String(c.name) : '')) : [];
};

/** The component names componentResources takes (validation.go:324-334 at v1.42.3, the same at every supported tag). */
export const COMPONENT_RESOURCE_NAMES = ['Node', 'Typha', 'KubeControllers'] as const;

/**
 * The checks of the operator's rules written here, by rule id. Each runs only for releases whose
 * operator has the rule (the row's `releases`), on the Installation as rendered.
 */
export const INSTALLATION_RULE_CHECKS: Readonly<Record<string, RuleCheck>> = {
  'installation.cni.specVersion.calicoCniOnly': calicoCniOnly(['cni', 'specVersion'], 'spec.cni.specVersion is only valid when spec.cni.type is Calico'),
  'installation.cni.calico.ipamType': ipamRule('Calico', 'spec.cni.ipam.type '),
  'installation.cni.gke.ipamType': ipamRule('GKE', 'spec.cni.ipam.type '),
  'installation.cni.amazonVPC.ipamType': ipamRule('AmazonVPC', 'spec.cni.ipam.type  '),
  'installation.cni.azureVNET.ipamType': ipamRule('AzureVNET', 'spec.cni.ipam.type '),
  'installation.cni.gke.provider': providerRule('GKE'),
  'installation.cni.amazonVPC.provider': providerRule('AmazonVPC'),
  'installation.cni.azureVNET.provider': providerRule('AzureVNET'),
  'installation.logging.cni.logFileMaxCount': positiveCount('logFileMaxCount', 'spec.loggingConfig.cni.logFileMaxCount value should be greater than zero'),
  'installation.logging.cni.logFileMaxAgeDays': positiveCount('logFileMaxAgeDays', 'spec.Logging.cni.logFileMaxAgeDays should be a positive non-zero integer'),
  'installation.logging.cni.logFileMaxSize': (v) => (v.cni === CALICO ? field(v, ['logging', 'cni', 'logFileMaxSize'], (s) => !isBinarySiSize(s), () => ({
    message: `is not a size above zero with a binary suffix; ${refuses('spec.Logging.cni.logFileMaxSize format is not corrent. Suffix should be Ki | Mi | Gi | Ti | Pi | Ei')}`,
    allowed: 'a quantity above zero in Ki, Mi, Gi, Ti, Pi or Ei',
    fix: 'write a size such as 100Mi (M, G and plain numbers are decimal, which the operator refuses)',
  })) : []),
  'installation.logging.cni.calicoCniOnly': calicoCniOnly(['logging', 'cni'], 'spec.Logging.cni is not valid and should not be provided when spec.cni.type is Not Calico'),
  'installation.ipPools.ipip.requiresBGP': bgpRule(IPIP_ENCAPSULATIONS, 'IPIP encapsulation'),
  'installation.ipPools.unencapsulated.requiresBGP': bgpRule([Encapsulation.NONE], 'unencapsulated IP pools'),
  'installation.ipPools.hostLocal.noVXLAN': (v) => (v.cni === CALICO && v.ipam === 'HostLocal' ? v.pools.flatMap((pool, i) => (VXLAN_ENCAPSULATIONS.includes(pool.encapsulation) ? [{
    path: v.poolAt(i, 'encapsulation'),
    message: `${pool.encapsulation} is invalid for ipPool.encapsulation with Calico CNI and HostLocal IPAM`,
    got: pool.encapsulation,
    allowed: 'IPIP, IPIPCrossSubnet, None',
    fix: `use IPIP or None, or Calico IPAM (leave ${v.at('cni', 'ipam')} out)`,
  }] : [])) : []),
  'installation.ipPools.nonCalicoCNI.encapsulationNone': (v) => (nonCalico(v) ? v.pools.flatMap((pool, i) => (pool.encapsulation !== Encapsulation.NONE ? [{
    path: v.poolAt(i, 'encapsulation'),
    message: `${pool.encapsulation} is invalid for ipPool.encapsulation when using non-Calico CNI, should be None (${cniIs(v)}, which carries the pods' traffic)`,
    got: pool.encapsulation,
    allowed: Encapsulation.NONE,
    fix: 'set encapsulation: None (calico-stack writes IPIP for an IPv4 pool that names none)',
  }] : [])) : []),
  'installation.nonCalicoCNI.bgpNotEnabled': (v) => (nonCalico(v) && v.pools.length > 0 && v.bgp === BgpMode.ENABLED ? [{
    path: v.at('calicoNetwork', 'bgp'),
    message: `BGP is not supported when using non-Calico CNI (${cniIs(v)})`,
    got: v.bgp,
    allowed: BgpMode.DISABLED,
    fix: `set ${v.at('calicoNetwork', 'bgp')}: Disabled (Enabled is calico-stack's default)`,
  }] : []),
  // Operator v1.38.13 only of the supported releases (validation.go:62-68); v1.40 dropped the rule.
  'ippool.loadBalancer.natOutgoingEnabled': (v) => v.pools.flatMap((pool, i) => {
    if (!isLoadBalancerPool(pool) || pool.natOutgoing !== NatOutgoing.DISABLED) return [];
    const rule = operatorRule('ippool.loadBalancer.natOutgoingEnabled');
    const without = RELEASES.filter((r) => since(r.operatorVersion, v.release.operatorVersion) && ruleLocations(rule, r.operatorVersion).length === 0).map((r) => r.version);
    return [{
      path: v.poolAt(i, 'natOutgoing'),
      message: `IP pool ${pool.name} NATOutgoing cannot be disabled with allowedUse LoadBalancer`,
      got: pool.natOutgoing,
      allowed: NatOutgoing.ENABLED,
      fix: `set natOutgoing: Enabled (an IPv6 pool defaults to Disabled)${without.length > 0 ? `, or choose ${v.versionPath ?? 'Calico'} ${without.join(' or ')}, whose operator dropped the rule` : ''}`,
    }];
  }),
  'ippool.nonCalicoCNI.nodeSelectorAll': (v) => (nonCalico(v) ? v.pools.flatMap((pool, i) => (pool.nodeSelector !== DEFAULT_NODE_SELECTOR ? [{
    path: v.poolAt(i, 'nodeSelector'),
    message: `IP pool nodeSelector (${pool.nodeSelector}) should be 'all()' when using non-Calico CNI plugin`,
    got: pool.nodeSelector,
    allowed: DEFAULT_NODE_SELECTOR,
    fix: 'remove nodeSelector (it defaults to all())',
  }] : [])) : []),
  'installation.vpp.variantCalico': (v) => (v.linuxDataplane === LinuxDataplane.VPP && v.variant !== CALICO ? [{
    path: v.at('variant'),
    message: `the VPP dataplane only supports the Calico variant (configured: ${v.variant})`,
    got: v.variant,
    allowed: CALICO,
    fix: `remove ${v.at('variant')}, or choose another linuxDataplane`,
  }] : []),
  'installation.vpp.cniCalico': (v) => (v.linuxDataplane === LinuxDataplane.VPP && nonCalico(v) ? [{
    path: v.at('cni', 'type'),
    message: `the VPP dataplane only supports the Calico CNI (configured: ${v.cni})`,
    got: v.cni,
    allowed: CALICO,
    fix: `use the Calico CNI with VPP, or choose another linuxDataplane`,
  }] : []),
  'installation.vpp.hostPortsNotDisabled': (v) => (v.linuxDataplane === LinuxDataplane.VPP ? field(v, ['calicoNetwork', 'hostPorts'], (h) => h === 'Disabled', () => ({
    message: "VPP doesn't support disabling HostPorts",
    allowed: 'Enabled',
    fix: 'remove it, or choose another linuxDataplane',
  })) : []),
  'installation.hostPorts.calicoCniOnly': calicoCniOnly(['calicoNetwork', 'hostPorts'], 'spec.calicoNetwork.hostPorts is supported only for Calico CNI', (h) => h === 'Enabled'),
  'installation.multiInterfaceMode.calicoCniOnly': calicoCniOnly(['calicoNetwork', 'multiInterfaceMode'], 'spec.calicoNetwork.multiInterfaceMode is supported only for Calico CNI'),
  'installation.containerIPForwarding.calicoCniOnly': calicoCniOnly(['calicoNetwork', 'containerIPForwarding'], 'spec.calicoNetwork.containerIPForwarding is supported only for Calico CNI'),
  'installation.linuxPolicySetupTimeoutSeconds.nonNegative': (v) => field(v, ['calicoNetwork', 'linuxPolicySetupTimeoutSeconds'], (n) => typeof n === 'number' && n < 0, () => ({
    message: `is negative; ${refuses('spec.calicoNetwork.linuxPolicySetupTimeoutSeconds negative value is not valid')}`,
    allowed: '0 or more',
    fix: 'set 0 or more seconds',
  })),
  'installation.linuxPolicySetupTimeoutSeconds.dataplane': (v) => {
    const nftables = since(v.release.operatorVersion, POLICY_TIMEOUT_NFTABLES_FROM);
    const allowed = [LinuxDataplane.IPTABLES, ...(nftables ? [LinuxDataplane.NFTABLES] : []), LinuxDataplane.BPF];
    if ((allowed as string[]).includes(v.linuxDataplane)) return [];
    const quote = `spec.calicoNetwork.linuxPolicySetupTimeoutSeconds is supported only for the ${nftables ? 'Iptables, Nftables and BPF' : 'Iptables and BPF'} Linux dataplanes`;
    return field(v, ['calicoNetwork', 'linuxPolicySetupTimeoutSeconds'], () => true, () => ({
      message: `does not go with linuxDataplane ${v.linuxDataplane}; ${refuses(quote)}`,
      allowed: `with linuxDataplane ${orList(allowed)}`,
      fix: `remove ${v.at('calicoNetwork', 'linuxPolicySetupTimeoutSeconds')}, or choose ${v.at('calicoNetwork', 'linuxDataplane')} ${orList(allowed)}`,
    }));
  },
  'installation.nodeUpdateStrategy.onDelete': (v) => field(v, ['nodeUpdateStrategy', 'type'], (t) => t !== '' && t !== 'RollingUpdate', () => ({
    message: `is not RollingUpdate, the only strategy the operator takes for calico-node; ${refuses("spec.NodeUpdateStrategy.type '…' is not supported")}`,
    allowed: 'RollingUpdate',
    fix: `remove ${v.at('nodeUpdateStrategy', 'type')} (RollingUpdate is the default), and pace updates with ${v.at('nodeUpdateStrategy', 'rollingUpdate', 'maxUnavailable')}`,
  })),
  'installation.controlPlaneReplicas.positive': (v) => field(v, ['controlPlaneReplicas'], (n) => typeof n === 'number' && n <= 0, () => ({
    message: refuses('spec.ControlPlaneReplicas should be greater than 0'),
    allowed: 'a whole number above 0',
    fix: `remove ${v.at('controlPlaneReplicas')} for the operator's 2, or set 1 or more`,
  })),
  'installation.componentResources.componentName': (v) => {
    const list = specValue(v.spec, 'componentResources');
    return (Array.isArray(list) ? list : []).flatMap((entry, i) => {
      const name = isMap(entry) ? entry.componentName : undefined;
      // A name the release's CRD does not list is the schema check's to report.
      const listed = v.release.fields.Installation?.fields?.componentResources?.items?.fields?.componentName?.enum ?? [];
      if (!set(name) || (COMPONENT_RESOURCE_NAMES as readonly unknown[]).includes(name) || !listed.includes(name as string)) return [];
      return [{
        path: v.at('componentResources', i, 'componentName'),
        message: `${refuses(`spec.ComponentResources.ComponentName ${String(name)} is not supported`)}, although the CRD lists it`,
        got: name,
        allowed: COMPONENT_RESOURCE_NAMES.join(', '),
        fix: `set the resources of a Windows component on its container in ${v.at('calicoNodeWindowsDaemonSet')} (spec.template.spec.containers[].resources)`,
      }];
    });
  },
  'installation.nonPrivileged.enabled': (v) => field(v, ['nonPrivileged'], (n) => n === 'Enabled', () => ({
    message: refuses('non-privileged Calico is deprecated and cannot be Enabled'),
    allowed: 'Disabled',
    fix: `remove ${v.at('nonPrivileged')}`,
  })),
  'installation.nonPrivileged.bpf': (v) => (v.linuxDataplane === LinuxDataplane.BPF ? field(v, ['nonPrivileged'], (n) => n === 'Enabled', () => ({
    message: refuses('Non-privileged Calico is not supported when BPF dataplane is enabled'),
    allowed: 'Disabled, with the BPF dataplane',
    fix: `remove ${v.at('nonPrivileged')}, or choose another linuxDataplane`,
  })) : []),
  'installation.nonPrivileged.enterprise': (v) => (v.variant === 'TigeraSecureEnterprise' ? field(v, ['nonPrivileged'], (n) => n === 'Enabled', () => ({
    message: refuses('Non-privileged Calico is not supported for spec.Variant=TigeraSecureEnterprise'),
    allowed: 'Disabled, with variant TigeraSecureEnterprise',
    fix: `remove ${v.at('nonPrivileged')}`,
  })) : []),
  'installation.calicoNodeDaemonSet.exclusiveInitContainers': (v) => {
    const names = initContainerNames(v.spec);
    if (!names.includes('mount-bpffs') || !names.includes('ebpf-bootstrap')) return [];
    return [{
      path: v.at('calicoNodeDaemonSet', 'spec', 'template', 'spec', 'initContainers'),
      message: `overrides both mount-bpffs and ebpf-bootstrap; ${refuses('init container names mount-bpffs and ebpf-bootstrap are mutually exclusive')}`,
      got: names,
      fix: 'override one of the two (the release runs the one its dataplane needs)',
    }];
  },
  'installation.windows.serviceCIDRs': (v) => {
    const cidrs = specValue(v.spec, 'serviceCIDRs');
    if (!v.windows || nonCalico(v) || (Array.isArray(cidrs) && cidrs.length > 0)) return [];
    return [{
      path: v.at('serviceCIDRs'),
      message: `is needed for Calico for Windows with the Calico CNI; ${refuses('spec.ServiceCIDRs must be provided when using Calico CNI on Windows')}`,
      got: cidrs,
      fix: `set ${v.at('serviceCIDRs')} to the cluster's Service CIDRs (platform.serviceSubnet)`,
    }];
  },
  'installation.windows.ipv4PoolEncapsulation': (v) => {
    if (!v.windows || nonCalico(v)) return [];
    // The operator looks at the first IPv4 pool only (render.GetIPv4Pool).
    const i = v.pools.findIndex((p) => parseCidr(p.cidr)?.family === 4);
    const pool = v.pools[i];
    if (!pool || pool.encapsulation === Encapsulation.VXLAN || pool.encapsulation === Encapsulation.NONE) return [];
    return [{
      path: v.poolAt(i, 'encapsulation'),
      message: `IPv4 IPPool encapsulation ${pool.encapsulation} is not supported by Calico for Windows`,
      got: pool.encapsulation,
      allowed: 'VXLAN, None',
      fix: 'use VXLAN (or None with BGP) for the first IPv4 pool',
    }];
  },
  'installation.windowsNodes.requiresWindowsDataplane': (v) => (v.windows ? [] : field(v, ['windowsNodes'], () => true, () => ({
    message: `is only for Calico for Windows, which is off; ${refuses('spec.WindowsNodes is not valid and should not be provided when Calico for Windows is disabled')}`,
    fix: `remove ${v.at('windowsNodes')}, or turn Windows on with ${v.at('calicoNetwork', 'windowsDataplane')}: HNS`,
  }))),
  'installation.fipsMode.notEnterprise': (v) => (v.variant === 'TigeraSecureEnterprise' ? field(v, ['fipsMode'], (f) => f === 'Enabled', () => ({
    message: refuses('spec.FIPSMode=Enabled combined with spec.Variant=TigeraSecureEnterprise is not supported'),
    allowed: 'Disabled, with variant TigeraSecureEnterprise',
    fix: `remove ${v.at('fipsMode')} or ${v.at('variant')}`,
  })) : []),
  'installation.azure.aksOnly': (v) => (v.provider === 'AKS' ? [] : field(v, ['azure'], () => true, () => ({
    message: `is only for AKS, and ${v.provider === '' ? 'kubernetesProvider is not set (the operator never detects AKS by itself)' : `kubernetesProvider is ${v.provider}`}; ${refuses('spec.Azure should be set only for AKS provider')}`,
    fix: `set ${v.at('kubernetesProvider')}: AKS, or remove ${v.at('azure')}`,
  }))),
};

/** Runs every check of {@link INSTALLATION_RULE_CHECKS} whose rule the release's operator has: error findings carrying the rule id. */
export function installationRuleFindings(view: OperatorView): Finding[] {
  const tag = view.release.operatorVersion;
  return Object.entries(INSTALLATION_RULE_CHECKS).flatMap(([id, check]) => {
    if (ruleLocations(operatorRule(id), tag).length === 0) return [];
    return check(view).map((p) => error(p.path, p.message, {
      ...('got' in p ? { got: p.got } : {}), ...(p.allowed !== undefined ? { allowed: p.allowed } : {}), fix: p.fix, rule: id,
    }));
  });
}

/** `findings` with the rule id set (for checks elsewhere that mirror one rule). */
export function withRule(rule: string, findings: readonly Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, rule }));
}
