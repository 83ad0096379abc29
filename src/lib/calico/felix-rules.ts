/**
 * The v3 API's own validation of a FelixConfiguration, which the Calico API server runs on top of the
 * CRD's schema: the field validators that the `validate:"..."` tags of FelixConfigurationSpec name
 * (projectcalico/calico api/pkg/apis/projectcalico/v3/felixconfig.go) and validateFelixConfigSpec
 * (libcalico-go/lib/validator/v3/validator.go). Lines are at v3.32.1 unless a row says otherwise.
 *
 * Only what the CRD's schema lets through is here: where the CRD has the same enum or bound, its
 * check reports the value (felix-fields.ts) and the rule adds nothing. Most rows are the case the
 * CRD and the validator disagree on: the CRD's patterns ignore case (`^(?i)(Debug|Info|...)?$`),
 * the validator's regular expressions do not, so `logSeverityScreen: debug` passes the schema and is
 * refused by the API server. Pure.
 */
import * as ipaddr from 'ipaddr.js';
import { RE2JS } from 're2js';
import type { PathOf } from '../common/checks';
import { parseCidr } from '../common/cidr';
import { error, Finding } from '../common/findings';
import { dns1123LabelErrors } from '../common/k8s-names';
import { compareVersions } from './release-fields';
import type { CalicoRelease } from './releases';
import type { FelixFields } from './felix-fields';

const V = 'libcalico-go/lib/validator/v3/validator.go';
const F = 'api/pkg/apis/projectcalico/v3/felixconfig.go';

/** What is wrong with one value: the message, what is allowed and the fix. */
interface RuleProblem {
  readonly message: string;
  readonly allowed?: string;
  readonly fix: string;
  /** Below the field (a list item, a map key), when the problem is there. */
  readonly path?: readonly (string | number)[];
}

/** One rule: the fields it applies to, where upstream has it, and its check of one field's value. */
export interface FelixRule {
  readonly id: string;
  readonly fields: readonly string[];
  /** Upstream file:line at v3.32.1 (projectcalico/calico). */
  readonly at: string;
  /** The problem of `value` (a field the user set), or undefined. Values of the wrong type are the schema's to report. */
  readonly check: (value: unknown, release: CalicoRelease) => RuleProblem | undefined;
}

/** A case-sensitive choice: the validator's regular expression or `oneof` tag (the CRD's pattern ignores case). */
function choice(allowed: (release: CalicoRelease) => readonly string[]) {
  return (value: unknown, release: CalicoRelease): RuleProblem | undefined => {
    if (typeof value !== 'string' || value === '') return undefined;
    const values = allowed(release);
    if (values.includes(value)) return undefined;
    const same = values.find((v) => v.toLowerCase() === value.toLowerCase());
    return {
      message: same ? `is ${value}, but the Calico API server takes only ${same} (its check is case-sensitive, unlike the CRD's pattern)` : `is not one of ${values.join(', ')}`,
      allowed: values.join(', '),
      fix: same ? `write ${same}` : `choose one of ${values.join(', ')}`,
    };
  };
}

/** An integer in [min, max]. */
function range(min: number, max: number, what: string) {
  return (value: unknown): RuleProblem | undefined => (typeof value !== 'number' || (value >= min && value <= max) ? undefined : {
    message: `is outside ${min}-${max}`, allowed: `${what}, ${min} to ${max}`, fix: `choose a value from ${min} to ${max}, or leave it out for Felix's default`,
  });
}

/** A text a regular expression must match. */
function matching(pattern: RegExp, allowed: string, fix: string, star = false) {
  return (value: unknown): RuleProblem | undefined => (typeof value !== 'string' || value === '' || (star && value === '*') || pattern.test(value) ? undefined : {
    message: 'is not a name the Calico API server takes here', allowed, fix,
  });
}

/** A Go regular expression (RE2): Felix compiles it; the API server refuses one that does not compile. */
function goRegexp(value: unknown): RuleProblem | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    RE2JS.compile(value);
    return undefined;
  } catch (err) {
    return { message: `is not a Go regular expression: ${(err as Error).message}`, allowed: 'a regular expression in Go (RE2) syntax', fix: 'fix the expression; RE2 has no lookarounds or backreferences' };
  }
}

/** An address as Go's net.ParseIP reads it, and its family. */
function ipFamily(text: string): 4 | 6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text).isIPv4MappedAddress() ? 4 : 6;
  return undefined;
}

/** An address of `family` (validator's cnet.ParseIP and its Version()). */
function address(family: 4 | 6) {
  return (value: unknown): RuleProblem | undefined => (typeof value !== 'string' || value === '' || ipFamily(value) === family ? undefined : {
    message: `is not a valid IPv${family} address`, allowed: `an IPv${family} address`, fix: `write an IPv${family} address${family === 4 ? ' such as 192.0.2.10' : ' such as 2001:db8::10'}`,
  });
}

/** A CIDR or a bare address (cnet.ParseCIDROrIP), of `family` when given. */
function cidrOrIp(text: string): 4 | 6 | undefined {
  return parseCidr(text)?.family ?? ipFamily(text);
}

/** Each item of a list (of strings) checked by `item`, reported at its index. */
function eachItem(item: (text: string) => Omit<RuleProblem, 'path'> | undefined) {
  return (value: unknown): RuleProblem | undefined => {
    if (!Array.isArray(value)) return undefined;
    for (const [i, v] of value.entries()) {
      const p = typeof v === 'string' ? item(v) : undefined;
      if (p) return { ...p, path: [i] };
    }
    return undefined;
  };
}

const INTERFACE = /^[a-zA-Z0-9_.-]{1,15}$/;
const IFACE_FILTER = /^[a-zA-Z0-9:._+-]{1,15}$/;
/** A kubeNodePortRanges item that parses as a port or a range (numorstring.PortFromString); anything else is a named port. */
const PORT_OR_RANGE = /^\d+(:\d+)?$/;
/** The most route tables routeTableRanges may designate (routeTableRangeMaxTables, validator.go:55). */
const MAX_ROUTE_TABLES = 0xffff;
/** The OpenStack region becomes part of a namespace name `openstack-region-<region>` (validator.go:1019-1021). */
const OPENSTACK_REGION_MAX = 63 - 'openstack-region-'.length;

/** Releases whose log levels lack Trace (validator.go:89 at v3.28.2 and :98 at v3.29.7 have Debug to Fatal; v3.30.7 :96 adds Trace). */
const logLevels = (release: CalicoRelease) => (compareVersions(release.version, 'v3.30.0') < 0
  ? ['Debug', 'Info', 'Warning', 'Error', 'Fatal'] : ['Trace', 'Debug', 'Info', 'Warning', 'Error', 'Fatal']);

/** The rules, one row each. */
export const FELIX_RULES: readonly FelixRule[] = [
  { id: 'felix.logLevel', fields: ['logSeverityScreen', 'logSeverityFile', 'logSeveritySys'], at: `${V}:99, :551-555; ${F}:376-385`, check: choice(logLevels) },
  { id: 'felix.bpfLogLevel', fields: ['bpfLogLevel'], at: `${V}:100, :574-578; ${F}:707`, check: choice(() => ['Debug', 'Info', 'Off']) },
  { id: 'felix.bpfExternalServiceMode', fields: ['bpfExternalServiceMode'], at: `${V}:101, :580-584; ${F}:792`, check: choice(() => ['Tunnel', 'DSR']) },
  { id: 'felix.defaultEndpointToHostAction', fields: ['defaultEndpointToHostAction'], at: `${V}:106, :598-602; ${F}:328`, check: choice(() => ['Drop', 'Accept', 'Return']) },
  {
    id: 'felix.allowAction', fields: ['iptablesFilterAllowAction', 'iptablesMangleAllowAction', 'nftablesFilterAllowAction', 'nftablesMangleAllowAction'],
    at: `${V}:107, :604-608; ${F}:334, :340, :670, :676`, check: choice(() => ['Accept', 'Return']),
  },
  { id: 'felix.denyAction', fields: ['iptablesFilterDenyAction', 'nftablesFilterDenyAction'], at: `${V}:108, :610-614; ${F}:345, :681`, check: choice(() => ['Drop', 'Reject']) },
  { id: 'felix.serviceLoopPrevention', fields: ['serviceLoopPrevention'], at: `${F}:1063 (oneof)`, check: choice(() => ['Drop', 'Reject', 'Disabled']) },
  { id: 'felix.workloadSourceSpoofing', fields: ['workloadSourceSpoofing'], at: `${F}:1068 (oneof)`, check: choice(() => ['Disabled', 'Any']) },
  {
    id: 'felix.interfaceName', fields: ['wireguardInterfaceName', 'wireguardInterfaceNameV6'], at: `${V}:87, :348-352; ${F}:1033-1036`,
    check: matching(INTERFACE, '* or an interface name of 1 to 15 letters, digits, _, . or -', 'name the interface with at most 15 letters, digits, _, . or -', true),
  },
  {
    id: 'felix.ifaceFilter', fields: ['iptablesNATOutgoingInterfaceFilter'], at: `${V}:92, :378-382; ${F}:646`,
    check: matching(IFACE_FILTER, 'an interface name or pattern of 1 to 15 letters, digits, :, ., _, + or -', 'write an interface name, or a prefix with + (eth+)'),
  },
  {
    id: 'felix.ifaceFilterList', fields: ['bpfForceTrackPacketsFromIfaces'], at: `${V}:92, :398-412; ${F}:897`,
    check: eachItem((text) => (IFACE_FILTER.test(text) ? undefined : {
      message: 'is not an interface name or pattern the Calico API server takes', allowed: '1 to 15 letters, digits, :, ., _, + or -', fix: 'write an interface name, or a prefix with + (docker+)',
    })),
  },
  {
    id: 'felix.bpfLogFilters', fields: ['bpfLogFilters'], at: `${V}:87, :557-572; ${F}:747`,
    check: (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
      const bad = Object.keys(value).find((key) => !INTERFACE.test(key));
      return bad === undefined ? undefined : {
        path: [bad], message: 'is not an interface name (the keys of bpfLogFilters are interface names)', allowed: '1 to 15 letters, digits, _, . or -', fix: 'key each filter by an interface name, or `all`',
      };
    },
  },
  {
    id: 'felix.regexp', fields: ['logDebugFilenameRegex', 'bpfDataIfacePattern', 'bpfL3IfacePattern', 'bpfDisableGROForIfaces', 'mtuIfacePattern'],
    at: `${V}:420-425; ${F}:390, :761, :766, :901, :1074`, check: goRegexp,
  },
  {
    id: 'felix.prometheusMetricsHost', fields: ['prometheusMetricsHost'], at: `${V}:85, :453-457; ${F}:484`,
    check: matching(/^[a-zA-Z0-9:._+-]{1,64}$/, 'an address or host name of 1 to 64 letters, digits, :, ., _, + or -', 'write the address to listen on, such as 0.0.0.0 or ::'),
  },
  { id: 'felix.wireguardListeningPort', fields: ['wireguardListeningPort', 'wireguardListeningPortV6'], at: `${F}:1024-1027 (gt=0,lte=65535)`, check: range(1, 65535, 'a port') },
  { id: 'felix.port', fields: ['debugPort', 'bpfKubeProxyHealthzPort'], at: `${F}:638, :818 (gte=0,lte=65535)`, check: range(0, 65535, 'a port') },
  { id: 'felix.wireguardRoutingRulePriority', fields: ['wireguardRoutingRulePriority'], at: `${F}:1030 (gt=0,lt=32766)`, check: range(1, 32765, 'a routing rule priority') },
  {
    id: 'felix.routePriority', fields: ['ipv4NormalRoutePriority', 'ipv4ElevatedRoutePriority', 'ipv6NormalRoutePriority', 'ipv6ElevatedRoutePriority'],
    at: `${F}:990-1003 (gte=1,lte=2147483646)`, check: range(1, 2147483646, 'a route priority'),
  },
  { id: 'felix.goRuntime', fields: ['goGCThreshold', 'goMemoryLimitMB', 'goMaxProcs'], at: `${F}:1095, :1108, :1117 (gte=-1)`, check: range(-1, Number.MAX_SAFE_INTEGER, '-1 (no limit) or more') },
  { id: 'felix.bpfMaglev', fields: ['bpfMaglevMaxEndpointsPerService', 'bpfMaglevMaxServices'], at: `${F}:1131, :1138 (gt=0,lte=3000)`, check: range(1, 3000, 'a count') },
  { id: 'felix.bpfExtToServiceConnmark', fields: ['bpfExtToServiceConnmark'], at: `${F}:802 (gte=0,lte=4294967295)`, check: range(0, 4294967295, 'a 32-bit mark') },
  {
    id: 'felix.cidrs', fields: ['bpfDSROptoutCIDRs', 'bpfExcludeCIDRsFromNAT'], at: `${V}:794-804; ${F}:797, :906`,
    check: eachItem((text) => (cidrOrIp(text) !== undefined ? undefined : { message: 'is not a CIDR or an address', allowed: 'a CIDR such as 10.0.0.0/8, or an address', fix: 'write a CIDR such as 10.0.0.0/8' })),
  },
  {
    id: 'felix.kubeNodePortRanges.max', fields: ['kubeNodePortRanges'], at: `${V}:989-993`,
    check: (value) => (Array.isArray(value) && value.length > 7 ? {
      message: `lists ${value.length} ranges; the Calico API server takes at most 7 (iptables' multiport match takes 15 ports, a range counts 2)`, allowed: 'at most 7 ports or ranges', fix: 'merge ranges',
    } : undefined),
  },
  {
    id: 'felix.kubeNodePortRanges.named', fields: ['kubeNodePortRanges'], at: `${V}:995-1001`,
    check: eachItem((text) => (PORT_OR_RANGE.test(text) ? undefined : { message: 'is a named port; node port ranges must be numbers', allowed: 'a port (30000) or a range (30000:32767)', fix: 'write the range as <first>:<last>' })),
  },
  {
    id: 'felix.externalNodesList', fields: ['externalNodesList'], at: `${V}:1005-1016; ${F}:605`,
    check: eachItem((text) => {
      const family = cidrOrIp(text);
      if (family === 4) return undefined;
      return family === 6
        ? { message: 'is an IPv6 CIDR; the list takes IPv4 only', allowed: 'an IPv4 CIDR or address', fix: 'remove it; the list is IPv4 only' }
        : { message: 'is not a CIDR or an address', allowed: 'an IPv4 CIDR or address', fix: 'write an IPv4 CIDR such as 192.0.2.0/24' };
    }),
  },
  {
    id: 'felix.openstackRegion', fields: ['openstackRegion'], at: `${V}:1018-1031`,
    check: (value) => {
      if (typeof value !== 'string' || value === '') return undefined;
      if (value.length > OPENSTACK_REGION_MAX) return { message: `is too long: at most ${OPENSTACK_REGION_MAX} characters (it becomes namespace openstack-region-<region>)`, allowed: `at most ${OPENSTACK_REGION_MAX} characters`, fix: 'use a shorter region name' };
      const problems = dns1123LabelErrors(value);
      return problems.length === 0 ? undefined : { message: `must be a valid DNS label: ${problems.join('; ')}`, allowed: 'a DNS label (lowercase letters, digits, -)', fix: 'write the region as a DNS label, such as region-one' };
    },
  },
  { id: 'felix.natOutgoingAddress', fields: ['natOutgoingAddress', 'deviceRouteSourceAddress'], at: `${V}:1033-1047`, check: address(4) },
  { id: 'felix.deviceRouteSourceAddressIPv6', fields: ['deviceRouteSourceAddressIPv6'], at: `${V}:1049-1055`, check: address(6) },
  {
    id: 'felix.routeTableRanges.max', fields: ['routeTableRanges'], at: `${V}:55, :1062-1065`,
    check: (value) => {
      if (!Array.isArray(value)) return undefined;
      const tables = value.reduce((sum: number, r: unknown) => {
        const { min, max } = (typeof r === 'object' && r !== null ? r : {}) as { min?: unknown; max?: unknown };
        return typeof min === 'number' && typeof max === 'number' && max >= min ? sum + max - min + 1 : sum;
      }, 0);
      return tables > MAX_ROUTE_TABLES ? { message: `targets ${tables} route tables; the Calico API server takes at most ${MAX_ROUTE_TABLES}`, allowed: `at most ${MAX_ROUTE_TABLES} tables`, fix: 'narrow the ranges' } : undefined;
    },
  },
];

/** Every rule's problems in `fields` (the user's, as written), at `felix.<field>`, as errors the Calico API server would give. */
export function felixRuleFindings(fields: FelixFields, release: CalicoRelease, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  for (const rule of FELIX_RULES) {
    for (const field of rule.fields) {
      if (!Object.hasOwn(fields, field) || fields[field] === undefined) continue;
      const value = fields[field];
      const problem = rule.check(value, release);
      if (!problem) continue;
      const below = problem.path ?? [];
      const got = below.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value);
      findings.push(error(at('felix', field, ...below), `${problem.message}; the Calico API server refuses the FelixConfiguration`, {
        got: typeof below[below.length - 1] === 'string' ? below[below.length - 1] : got,
        ...(problem.allowed !== undefined ? { allowed: problem.allowed } : {}),
        fix: problem.fix,
        rule: rule.id,
      }));
    }
  }
  return findings;
}
