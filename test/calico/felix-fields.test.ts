/**
 * calico.felix: further FelixConfiguration.spec fields, merged into FelixConfiguration/default and
 * checked as the Calico API server checks them (the release's fields, the CRD's schema and CEL rules,
 * the v3 API's validator: felix-rules.ts).
 */
import { FELIX_RULES } from '../../src/lib/calico/felix-rules';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, config, find, load, messages, render } from '../util';

const felixOf = (calico: Record<string, unknown>) => find(render(config(clusterDoc({ calico })))['calico-api'], 'FelixConfiguration', 'default');
const errorsOf = (calico: Record<string, unknown>) => messages(load(clusterDoc({ calico })).findings.filter((f) => f.severity === 'error'));

describe('calico.felix', () => {
  test('renders FelixConfiguration/default with the fields, without WireGuard', () => {
    const felix = felixOf({ felix: { logSeverityScreen: 'Warning', routeRefreshInterval: '90s', bpfLogFilters: { all: 'tcp' } } });
    expect(felix.apiVersion).toBe('projectcalico.org/v3');
    expect(felix.spec).toEqual({ bpfLogFilters: { all: 'tcp' }, logSeverityScreen: 'Warning', routeRefreshInterval: '90s' });
    expect(schemaProblems(felix)).toEqual([]);
    expect(load(clusterDoc({ calico: { felix: { logSeverityScreen: 'Warning' } } })).findings).toEqual([]);
  });

  test('merges the fields next to WireGuard\'s', () => {
    expect(felixOf({ wireguard: true, felix: { wireguardMTU: 1400 } }).spec).toEqual({ wireguardEnabled: true, wireguardMTU: 1400 });
  });

  test('defaults: no felix and no WireGuard, no FelixConfiguration', () => {
    expect(render(config(clusterDoc()))['calico-api']).toBeUndefined();
  });

  test('fails when a field another key says is written here, pointing at it; the value is not rendered', () => {
    expect(errorsOf({ wireguard: true, felix: { wireguardEnabled: false, bpfEnabled: true } })).toEqual([
      'calico.felix.wireguardEnabled: is modelled by calico.wireguard: calico.wireguard renders it for the IPv4 pools; say it there, so there is one way to say it (got false) — remove calico.felix.wireguardEnabled and set calico.wireguard',
      'calico.felix.bpfEnabled: is modelled by calico.linuxDataplane: the operator sets it from the Installation\'s dataplane on every reconcile; say it there, so there is one way to say it (got true) — remove calico.felix.bpfEnabled and set calico.linuxDataplane',
    ]);
    expect(load(clusterDoc({ calico: { wireguard: true, felix: { wireguardEnabled: false } } })).stack!.calicoApi!.felixConfiguration!.toJson().spec.wireguardEnabled).toBe(true);
  });

  test('fails when a value does not fit the CRD\'s schema or a field is not in it, with a did-you-mean', () => {
    expect(errorsOf({ felix: { logSeverityScreen: 'Verbose', routeRefreshIntervall: '10s', bpfMapSizeConntrackCleanupQueue: 0 } })).toEqual([
      'calico.felix.bpfMapSizeConntrackCleanupQueue: is below the minimum (got 0; allowed at least 1)',
      'calico.felix.logSeverityScreen: does not match the pattern ^(?i)(Trace|Debug|Info|Warning|Error|Fatal)?$ (got "Verbose")',
      'calico.felix.routeRefreshIntervall: is not a field of the schema; the API server would drop it — did you mean routeRefreshInterval?',
    ]);
  });

  test('fails on a CEL rule of the CRD, on the spec or on the object', () => {
    expect(errorsOf({ felix: { routeTableRange: { min: 1, max: 250 }, routeTableRanges: [{ min: 1, max: 250 }] } })).toEqual([
      'calico.felix: routeTableRange and routeTableRanges cannot both be set',
    ]);
    expect(errorsOf({ felix: { nodeSelector: 'all()' } })).toEqual([
      'calico.felix: nodeSelector must not be set on the \'default\' or per-node (\'node.*\') FelixConfiguration',
    ]);
  });

  test('fails when a field is newer than the cluster\'s release, naming the release that has it', () => {
    expect(errorsOf({ version: 'v3.28.2', crds: 'operator', felix: { bpfConntrackMode: 'Auto' } }).filter((m) => m.startsWith('calico.felix'))).toEqual([
      'calico.felix.bpfConntrackMode: needs Calico v3.30.7 or later, whose FelixConfiguration has spec.bpfConntrackMode (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
  });

  test('a field the release lacks is reported once, as such, not also by a rule of the newest release', () => {
    expect(errorsOf({ version: 'v3.28.2', crds: 'operator', felix: { bpfMaglevMaxServices: 5000 } }).filter((m) => m.startsWith('calico.felix'))).toEqual([
      'calico.felix.bpfMaglevMaxServices: needs Calico v3.32.1 or later, whose FelixConfiguration has spec.bpfMaglevMaxServices (this cluster uses v3.28.2) — choose calico.version v3.32.1 or later, or remove it',
    ]);
  });

  test('warns when calico-node\'s environment overrides a field, always or while a key asks for it', () => {
    const warningsOf = (calico: Record<string, unknown>) => messages(load(clusterDoc({ calico })).findings.filter((f) => f.severity === 'warning' && f.path.startsWith('calico.felix')));
    expect(warningsOf({ felix: { defaultEndpointToHostAction: 'Drop', vxlanMTU: 1400, prometheusMetricsPort: 9095 } })).toEqual([
      'calico.felix.defaultEndpointToHostAction: has no effect: the operator gives calico-node FELIX_DEFAULTENDPOINTTOHOSTACTION=ACCEPT always, and Felix ranks its environment above FelixConfiguration (got "Drop") — remove it: the operator offers no way to change this variable',
    ]);
    expect(warningsOf({ mtu: 1450, metrics: true, felix: { vxlanMTU: 1400, prometheusMetricsPort: 9095 } })).toEqual([
      'calico.felix.vxlanMTU: has no effect: the operator gives calico-node FELIX_VXLANMTU while calico.mtu is set, and Felix ranks its environment above FelixConfiguration (got 1400) — remove it: calico.mtu sets the MTU of every tunnel',
      'calico.felix.prometheusMetricsPort: has no effect: the operator gives calico-node FELIX_PROMETHEUSMETRICSPORT while calico.metrics is on, and Felix ranks its environment above FelixConfiguration (got 9095) — remove it: calico.metrics turns Felix\'s metrics on at its port',
    ]);
    // Rendered all the same: the value is valid, only overridden.
    expect(felixOf({ felix: { defaultEndpointToHostAction: 'Drop' } }).spec).toEqual({ defaultEndpointToHostAction: 'Drop' });
  });

  test('fails without the Calico API server, which serves FelixConfiguration', () => {
    expect(errorsOf({ apiServer: false, felix: { logSeverityScreen: 'Info' } })).toEqual([
      'calico.apiServer: is false, but FelixConfiguration (calico.felix) is a projectcalico.org/v3 resource, which only the Calico API server serves on this install (got false) — set calico.apiServer: true (the default)',
    ]);
  });

  test('the rules table: each row names its upstream file:line', () => {
    for (const rule of FELIX_RULES) expect(rule.at).toMatch(/\.go:\d+/);
  });
});

const REFUSES = 'the Calico API server refuses the FelixConfiguration';
/** One case per rule of the v3 API's validator: a value the CRD's schema takes and the validator refuses, and the exact message. */
const RULE_CASES: ReadonlyArray<{ readonly rule: string; readonly calico: Record<string, unknown>; readonly message: string }> = [
  {
    rule: 'felix.logLevel', calico: { felix: { logSeverityScreen: 'debug' } },
    message: `calico.felix.logSeverityScreen: is debug, but the Calico API server takes only Debug (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "debug"; allowed Trace, Debug, Info, Warning, Error, Fatal) — write Debug`,
  },
  {
    rule: 'felix.logLevel', calico: { version: 'v3.28.2', crds: 'operator', felix: { logSeverityFile: 'Trace' } },
    message: `calico.felix.logSeverityFile: is not one of Debug, Info, Warning, Error, Fatal; ${REFUSES} (got "Trace"; allowed Debug, Info, Warning, Error, Fatal) — choose one of Debug, Info, Warning, Error, Fatal`,
  },
  {
    rule: 'felix.bpfLogLevel', calico: { felix: { bpfLogLevel: 'off' } },
    message: `calico.felix.bpfLogLevel: is off, but the Calico API server takes only Off (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "off"; allowed Debug, Info, Off) — write Off`,
  },
  {
    rule: 'felix.bpfExternalServiceMode', calico: { felix: { bpfExternalServiceMode: 'dsr' } },
    message: `calico.felix.bpfExternalServiceMode: is dsr, but the Calico API server takes only DSR (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "dsr"; allowed Tunnel, DSR) — write DSR`,
  },
  {
    rule: 'felix.defaultEndpointToHostAction', calico: { felix: { defaultEndpointToHostAction: 'accept' } },
    message: `calico.felix.defaultEndpointToHostAction: is accept, but the Calico API server takes only Accept (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "accept"; allowed Drop, Accept, Return) — write Accept`,
  },
  {
    rule: 'felix.allowAction', calico: { felix: { iptablesFilterAllowAction: 'RETURN' } },
    message: `calico.felix.iptablesFilterAllowAction: is RETURN, but the Calico API server takes only Return (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "RETURN"; allowed Accept, Return) — write Return`,
  },
  {
    rule: 'felix.denyAction', calico: { felix: { nftablesFilterDenyAction: 'reject' } },
    message: `calico.felix.nftablesFilterDenyAction: is reject, but the Calico API server takes only Reject (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "reject"; allowed Drop, Reject) — write Reject`,
  },
  {
    rule: 'felix.serviceLoopPrevention', calico: { felix: { serviceLoopPrevention: 'disabled' } },
    message: `calico.felix.serviceLoopPrevention: is disabled, but the Calico API server takes only Disabled (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "disabled"; allowed Drop, Reject, Disabled) — write Disabled`,
  },
  {
    rule: 'felix.workloadSourceSpoofing', calico: { felix: { workloadSourceSpoofing: 'any' } },
    message: `calico.felix.workloadSourceSpoofing: is any, but the Calico API server takes only Any (its check is case-sensitive, unlike the CRD's pattern); ${REFUSES} (got "any"; allowed Disabled, Any) — write Any`,
  },
  {
    rule: 'felix.interfaceName', calico: { felix: { wireguardInterfaceName: 'wireguard.cali-16' } },
    message: `calico.felix.wireguardInterfaceName: is not a name the Calico API server takes here; ${REFUSES} (got "wireguard.cali-16"; allowed * or an interface name of 1 to 15 letters, digits, _, . or -) — name the interface with at most 15 letters, digits, _, . or -`,
  },
  {
    rule: 'felix.ifaceFilter', calico: { felix: { iptablesNATOutgoingInterfaceFilter: 'eth*' } },
    message: `calico.felix.iptablesNATOutgoingInterfaceFilter: is not a name the Calico API server takes here; ${REFUSES} (got "eth*"; allowed an interface name or pattern of 1 to 15 letters, digits, :, ., _, + or -) — write an interface name, or a prefix with + (eth+)`,
  },
  {
    rule: 'felix.ifaceFilterList', calico: { felix: { bpfForceTrackPacketsFromIfaces: ['docker+', 'br*'] } },
    message: `calico.felix.bpfForceTrackPacketsFromIfaces[1]: is not an interface name or pattern the Calico API server takes; ${REFUSES} (got "br*"; allowed 1 to 15 letters, digits, :, ., _, + or -) — write an interface name, or a prefix with + (docker+)`,
  },
  {
    rule: 'felix.bpfLogFilters', calico: { felix: { bpfLogFilters: { 'eth 0': 'tcp' } } },
    message: `calico.felix.bpfLogFilters["eth 0"]: is not an interface name (the keys of bpfLogFilters are interface names); ${REFUSES} (got "eth 0"; allowed 1 to 15 letters, digits, _, . or -) — key each filter by an interface name, or \`all\``,
  },
  {
    rule: 'felix.regexp', calico: { felix: { mtuIfacePattern: '^(?!cali).*' } },
    message: `calico.felix.mtuIfacePattern: is not a Go regular expression: error parsing regexp: invalid or unsupported Perl syntax: \`(?!\`; ${REFUSES} (got "^(?!cali).*"; allowed a regular expression in Go (RE2) syntax) — fix the expression; RE2 has no lookarounds or backreferences`,
  },
  {
    rule: 'felix.prometheusMetricsHost', calico: { felix: { prometheusMetricsHost: 'http://0.0.0.0' } },
    message: `calico.felix.prometheusMetricsHost: is not a name the Calico API server takes here; ${REFUSES} (got "http://0.0.0.0"; allowed an address or host name of 1 to 64 letters, digits, :, ., _, + or -) — write the address to listen on, such as 0.0.0.0 or ::`,
  },
  {
    rule: 'felix.wireguardListeningPort', calico: { felix: { wireguardListeningPort: 0 } },
    message: `calico.felix.wireguardListeningPort: is outside 1-65535; ${REFUSES} (got 0; allowed a port, 1 to 65535) — choose a value from 1 to 65535, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.port', calico: { felix: { debugPort: 70000 } },
    message: `calico.felix.debugPort: is outside 0-65535; ${REFUSES} (got 70000; allowed a port, 0 to 65535) — choose a value from 0 to 65535, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.wireguardRoutingRulePriority', calico: { felix: { wireguardRoutingRulePriority: 32766 } },
    message: `calico.felix.wireguardRoutingRulePriority: is outside 1-32765; ${REFUSES} (got 32766; allowed a routing rule priority, 1 to 32765) — choose a value from 1 to 32765, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.routePriority', calico: { felix: { ipv4NormalRoutePriority: 0 } },
    message: `calico.felix.ipv4NormalRoutePriority: is outside 1-2147483646; ${REFUSES} (got 0; allowed a route priority, 1 to 2147483646) — choose a value from 1 to 2147483646, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.goRuntime', calico: { felix: { goMaxProcs: -2 } },
    message: `calico.felix.goMaxProcs: is outside -1-9007199254740991; ${REFUSES} (got -2; allowed -1 (no limit) or more, -1 to 9007199254740991) — choose a value from -1 to 9007199254740991, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.bpfMaglev', calico: { felix: { bpfMaglevMaxServices: 5000 } },
    message: `calico.felix.bpfMaglevMaxServices: is outside 1-3000; ${REFUSES} (got 5000; allowed a count, 1 to 3000) — choose a value from 1 to 3000, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.bpfExtToServiceConnmark', calico: { felix: { bpfExtToServiceConnmark: 4294967296 } },
    message: `calico.felix.bpfExtToServiceConnmark: is outside 0-4294967295; ${REFUSES} (got 4294967296; allowed a 32-bit mark, 0 to 4294967295) — choose a value from 0 to 4294967295, or leave it out for Felix's default`,
  },
  {
    rule: 'felix.cidrs', calico: { felix: { bpfExcludeCIDRsFromNAT: ['10.0.0.0/8', '10.0.0.0/33'] } },
    message: `calico.felix.bpfExcludeCIDRsFromNAT[1]: is not a CIDR or an address; ${REFUSES} (got "10.0.0.0/33"; allowed a CIDR such as 10.0.0.0/8, or an address) — write a CIDR such as 10.0.0.0/8`,
  },
  {
    rule: 'felix.kubeNodePortRanges.max', calico: { felix: { kubeNodePortRanges: [1, 2, 3, 4, 5, 6, 7, 8] } },
    message: `calico.felix.kubeNodePortRanges: lists 8 ranges; the Calico API server takes at most 7 (iptables' multiport match takes 15 ports, a range counts 2); ${REFUSES} (got [1,2,3,4,5,6,7,8]; allowed at most 7 ports or ranges) — merge ranges`,
  },
  {
    rule: 'felix.kubeNodePortRanges.named', calico: { felix: { kubeNodePortRanges: ['30000:32767', 'http'] } },
    message: `calico.felix.kubeNodePortRanges[1]: is a named port; node port ranges must be numbers; ${REFUSES} (got "http"; allowed a port (30000) or a range (30000:32767)) — write the range as <first>:<last>`,
  },
  {
    rule: 'felix.externalNodesList', calico: { felix: { externalNodesList: ['fd00::/64'] } },
    message: `calico.felix.externalNodesList[0]: is an IPv6 CIDR; the list takes IPv4 only; ${REFUSES} (got "fd00::/64"; allowed an IPv4 CIDR or address) — remove it; the list is IPv4 only`,
  },
  {
    rule: 'felix.openstackRegion', calico: { felix: { openstackRegion: 'Region_One' } },
    message: `calico.felix.openstackRegion: must be a valid DNS label: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character; ${REFUSES} (got "Region_One"; allowed a DNS label (lowercase letters, digits, -)) — write the region as a DNS label, such as region-one`,
  },
  {
    rule: 'felix.natOutgoingAddress', calico: { felix: { natOutgoingAddress: '2001:db8::1' } },
    message: `calico.felix.natOutgoingAddress: is not a valid IPv4 address; ${REFUSES} (got "2001:db8::1"; allowed an IPv4 address) — write an IPv4 address such as 192.0.2.10`,
  },
  {
    rule: 'felix.deviceRouteSourceAddressIPv6', calico: { felix: { deviceRouteSourceAddressIPv6: '192.0.2.1' } },
    message: `calico.felix.deviceRouteSourceAddressIPv6: is not a valid IPv6 address; ${REFUSES} (got "192.0.2.1"; allowed an IPv6 address) — write an IPv6 address such as 2001:db8::10`,
  },
  {
    rule: 'felix.routeTableRanges.max', calico: { felix: { routeTableRanges: [{ min: 1, max: 40000 }, { min: 50000, max: 90000 }] } },
    message: `calico.felix.routeTableRanges: targets 80001 route tables; the Calico API server takes at most 65535; ${REFUSES} (got [{"min":1,"max":40000},{"min":50000,"max":90000}]; allowed at most 65535 tables) — narrow the ranges`,
  },
];

describe('calico.felix: the v3 API\'s validation (felix-rules.ts)', () => {
  test.each(RULE_CASES)('fails on $rule: $message', ({ rule, calico, message }) => {
    const findings = load(clusterDoc({ calico })).findings.filter((f) => f.severity === 'error' && f.path.startsWith('calico.felix'));
    expect(messages(findings)).toEqual([message]);
    expect(findings[0].rule).toBe(rule);
  });

  test('every rule has a case', () => {
    expect([...new Set(RULE_CASES.map((c) => c.rule))].sort()).toEqual(FELIX_RULES.map((r) => r.id).sort());
  });

  test('values the validator takes pass', () => {
    expect(errorsOf({ felix: {
      logSeverityScreen: 'Debug', bpfExternalServiceMode: 'DSR', wireguardInterfaceName: 'wg0', kubeNodePortRanges: ['30000:32767', 8080], externalNodesList: ['192.0.2.0/24', '198.51.100.1'],
      openstackRegion: 'region-one', natOutgoingAddress: '192.0.2.10', mtuIfacePattern: '^(en|eth).*', bpfForceTrackPacketsFromIfaces: ['docker+'], goMaxProcs: -1,
    } })).toEqual([]);
  });
});
