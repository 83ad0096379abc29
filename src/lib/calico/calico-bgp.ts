/**
 * Calico's BGP settings as the resources Calico's BGP documentation has a user apply
 * (`projectcalico.org/v3`, served by the Calico API server): `BGPConfiguration/default` (the
 * cluster's AS number, the node-to-node mesh, service address advertisement, BIRD's port and log
 * level), one `BGPPeer` per peer (top-of-rack routers and other speakers), and for route reflectors
 * the peering of every node with the reflector nodes. Passwords are only ever a reference to a
 * Secret in calico-system: calico-stack renders the RBAC that lets calico-node read it, never the
 * password.
 *
 * What a manifest cannot do is left to the user and printed by `npm run plan`: a route reflector
 * is a node with a cluster ID, set per node (`kubectl annotate node <node>
 * projectcalico.org/RouteReflectorClusterID=<id>`), on nodes calico-stack does not know.
 */
import { Construct } from 'constructs';
import { BgpMode } from './enums';
import { CalicoInstallation, DEFAULT_INSTANCE } from './installation';
import { selectorError } from './selector';
import { addChecks, PathOf, pathOf } from '../common/checks';
import { parseDuration } from '../common/duration';
import { error, Finding, warning } from '../common/findings';
import { checkedProps, placeholderChart } from '../common/props-check';
import {
  asNumberFindings, cidrFindings, choiceFindings, integerFindings, objectNameFindings, parsePeerAddress, peerAddressFindings,
} from '../common/value-checks';
import { KubeClusterRole, KubeClusterRoleBinding } from '../k8s';
import { BgpConfiguration, BgpPeer, BgpPeerSpecNextHopMode, BgpPeerSpecSourceAddress } from '../../../imports/projectcalico.org';

/** Calico's AS number when BGPConfiguration names none (projectcalico.org docs: "By default, all Calico nodes use the 64512 autonomous system"). */
export const DEFAULT_AS_NUMBER = 64512;
/** BIRD's port when BGPConfiguration names none. */
export const DEFAULT_BGP_PORT = 179;
/** The full mesh size above which Calico's BGP documentation recommends route reflectors. */
export const FULL_MESH_MAX_NODES = 100;
/** The route reflector cluster ID of Calico's BGP documentation (an unused IPv4 address). */
export const DEFAULT_ROUTE_REFLECTOR_CLUSTER_ID = '244.0.0.1';
/** The label Calico's BGP documentation puts on route reflector nodes, and its selector. */
export const DEFAULT_ROUTE_REFLECTOR_LABEL = { key: 'route-reflector', value: 'true' } as const;
export const DEFAULT_ROUTE_REFLECTOR_SELECTOR = `${DEFAULT_ROUTE_REFLECTOR_LABEL.key} == '${DEFAULT_ROUTE_REFLECTOR_LABEL.value}'`;
/** The namespace calico-node runs in (operator installs); a BGP password's Secret must be there. */
export const CALICO_NODE_NAMESPACE = 'calico-system';
/** calico-node's ServiceAccount, which reads the BGP password Secrets. */
export const CALICO_NODE_SERVICE_ACCOUNT = 'calico-node';
/** Name of the ClusterRole and ClusterRoleBinding that let calico-node read the password Secrets. */
export const BGP_PASSWORDS_RBAC_NAME = 'calico-stack-bgp-passwords';
/** Name of the BGPPeer that peers every node with the route reflectors. */
export const ROUTE_REFLECTOR_PEER_NAME = 'route-reflectors';

/** BIRD's log level (`BGPConfiguration.logSeverityScreen`). */
export enum BgpLogSeverity {
  TRACE = 'Trace',
  DEBUG = 'Debug',
  INFO = 'Info',
  WARNING = 'Warning',
  ERROR = 'Error',
  FATAL = 'Fatal',
}

/** How the next hop of routes to a peer is set (`BGPPeer.nextHopMode`, Calico v3.30+). */
export const NextHopMode = BgpPeerSpecNextHopMode;
export type NextHopMode = BgpPeerSpecNextHopMode;
/** Which source address the peering uses (`BGPPeer.sourceAddress`). */
export const SourceAddress = BgpPeerSpecSourceAddress;
export type SourceAddress = BgpPeerSpecSourceAddress;

/** A key of a Secret in calico-system that holds a BGP password. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** A BGP password: only ever a reference to a Secret (in calico-system, where calico-node runs). */
export interface BgpPassword {
  readonly secretKeyRef: SecretKeyRef;
}

/** A CIDR whose addresses BGP advertises (`serviceClusterIPs` and friends). */
export interface BgpCidr {
  readonly cidr: string;
}

/**
 * One BGP peer (`BGPPeer`): a router or other speaker at `peerIP` in AS `asNumber`, or the cluster
 * nodes `peerSelector` selects. Named as in Calico's API.
 */
export interface BgpPeerProps {
  /** The BGPPeer's name. */
  readonly name: string;
  /** The peer's address, optionally with a port: `192.0.2.1`, `192.0.2.1:1179`, `[2001:db8::1]:179`. Either this or peerSelector. */
  readonly peerIP?: string;
  /** The peer's AS number (1–4294967295); required with peerIP, not allowed with peerSelector. @default - none */
  readonly asNumber?: number;
  /** This side's AS number for this peering only (Calico v3.31+). @default - the cluster's asNumber */
  readonly localASNumber?: number;
  /** Calico selector of the nodes that peer (`rack == 'rack-1'`). @default - every node */
  readonly nodeSelector?: string;
  /** Calico selector of cluster nodes to peer with (route reflectors), instead of peerIP. @default - none */
  readonly peerSelector?: string;
  /** The password, by reference to a Secret in calico-system. @default - no password */
  readonly password?: BgpPassword;
  /** Keep the original next hop for routes to this peer (deprecated by Calico for nextHopMode). @default false */
  readonly keepOriginalNextHop?: boolean;
  /** `Auto`, `Self` or `Keep` (Calico v3.30+). @default - Auto (BGP's default) */
  readonly nextHopMode?: `${NextHopMode}`;
  /** `UseNodeIP` or `None`. @default - UseNodeIP */
  readonly sourceAddress?: `${SourceAddress}`;
  /** Graceful restart time BIRD announces (a Go duration, `120s`). @default - BIRD's 120s */
  readonly maxRestartTime?: string;
  /** GTSM: the number of hops to the peer (0–255). @default - TTL security off */
  readonly ttlSecurity?: number;
}

/** Route reflectors: which nodes reflect, and the cluster ID they share. */
export interface RouteReflectorsProps {
  /** Calico selector of the route reflector nodes. @default "route-reflector == 'true'" */
  readonly nodeSelector?: string;
  /** Route reflector cluster ID the reflector nodes are annotated with (an unused IPv4 address). @default '244.0.0.1' */
  readonly clusterID?: string;
}

/** The BGP keys of the `calico` section. */
export interface CalicoBgpOptions {
  /** The cluster's AS number (1–4294967295). @default 64512 */
  readonly asNumber?: number;
  /** Every node peers with every other (the full mesh). @default - true; false with routeReflectors */
  readonly nodeToNodeMesh?: boolean;
  /** Service cluster IP ranges to advertise over BGP (`[{cidr: 10.96.0.0/12}]`). @default - none */
  readonly serviceClusterIPs?: readonly BgpCidr[];
  /** Ranges of Service external IPs to advertise over BGP. @default - none */
  readonly serviceExternalIPs?: readonly BgpCidr[];
  /** Ranges of Service LoadBalancer IPs to advertise over BGP. @default - none */
  readonly serviceLoadBalancerIPs?: readonly BgpCidr[];
  /** The port BIRD listens on (1–65535). @default 179 */
  readonly listenPort?: number;
  /** BIRD's log level. @default BgpLogSeverity.INFO */
  readonly logSeverityScreen?: `${BgpLogSeverity}`;
  /** BGP peers: one BGPPeer each. @default - none */
  readonly bgpPeers?: readonly BgpPeerProps[];
  /** Route reflectors: every node peers with the nodes the selector picks. @default - none (the full mesh) */
  readonly routeReflectors?: RouteReflectorsProps;
}

/** Props of {@link CalicoBgp}. */
export interface CalicoBgpProps extends CalicoBgpOptions {
  /** The Installation, for its BGP mode and pools. */
  readonly installation: CalicoInstallation;
}

/** The route reflectors with their defaults. */
export interface RouteReflectors {
  readonly nodeSelector: string;
  readonly clusterID: string;
}

/** A BGP peer's peerings, as `npm run plan` lists them. */
export interface BgpPeering {
  readonly name: string;
  /** The peer's address and port, or undefined for a selector of cluster nodes. */
  readonly address?: { readonly ip: string; readonly port: number };
  readonly peerSelector?: string;
  readonly nodeSelector?: string;
  readonly asNumber?: number;
}

/** BGPConfiguration/default, the BGPPeers and the RBAC for their passwords. */
export class CalicoBgp extends Construct {
  public readonly asNumber: number;
  public readonly nodeToNodeMesh: boolean;
  public readonly listenPort: number;
  public readonly logSeverityScreen: BgpLogSeverity;
  /** The route reflectors, when set. */
  public readonly routeReflectors?: RouteReflectors;
  /** `BGPConfiguration/default`, rendered when any of its settings (or route reflectors) is given. */
  public readonly configuration?: BgpConfiguration;
  public readonly peers: readonly BgpPeer[];
  /** The Secrets (by name, in calico-system) that hold passwords, each with the keys the peers read. */
  public readonly passwordSecrets: ReadonlyMap<string, readonly string[]>;

  constructor(scope: Construct, id: string, props: CalicoBgpProps) {
    super(scope, id);
    props = checkedProps(this, 'CalicoBgpProps', props, () => ({ installation: new CalicoInstallation(placeholderChart(), 'Installation', {}) }));
    this.asNumber = props.asNumber ?? DEFAULT_AS_NUMBER;
    this.nodeToNodeMesh = props.nodeToNodeMesh ?? props.routeReflectors === undefined;
    this.listenPort = props.listenPort ?? DEFAULT_BGP_PORT;
    this.logSeverityScreen = (props.logSeverityScreen as BgpLogSeverity | undefined) ?? BgpLogSeverity.INFO;
    if (props.routeReflectors) {
      this.routeReflectors = {
        nodeSelector: props.routeReflectors.nodeSelector ?? DEFAULT_ROUTE_REFLECTOR_SELECTOR,
        clusterID: props.routeReflectors.clusterID ?? DEFAULT_ROUTE_REFLECTOR_CLUSTER_ID,
      };
    }

    const configured = [props.asNumber, props.nodeToNodeMesh, props.serviceClusterIPs, props.serviceExternalIPs, props.serviceLoadBalancerIPs,
      props.listenPort, props.logSeverityScreen, props.routeReflectors].some((v) => v !== undefined);
    if (configured) {
      // Written out in full: what the nodes run with, defaults included.
      this.configuration = new BgpConfiguration(this, 'Configuration', {
        metadata: { name: DEFAULT_INSTANCE },
        spec: {
          asNumber: this.asNumber,
          nodeToNodeMeshEnabled: this.nodeToNodeMesh,
          listenPort: this.listenPort,
          logSeverityScreen: this.logSeverityScreen,
          serviceClusterIPs: props.serviceClusterIPs?.map((c) => ({ cidr: c.cidr })),
          serviceExternalIPs: props.serviceExternalIPs?.map((c) => ({ cidr: c.cidr })),
          serviceLoadBalancerIPs: props.serviceLoadBalancerIPs?.map((c) => ({ cidr: c.cidr })),
        },
      });
    }

    const peers = [...(props.bgpPeers ?? [])];
    // A repeated name is an error (the first peer of the name is rendered): one BGPPeer per name.
    this.peers = peers.filter((p, i) => peers.findIndex((q) => q.name === p.name) === i).map((p) => new BgpPeer(this, `Peer-${p.name}`, {
      metadata: { name: p.name },
      spec: {
        peerIp: p.peerIP,
        asNumber: p.asNumber,
        localAsNumber: p.localASNumber,
        nodeSelector: p.nodeSelector,
        peerSelector: p.peerSelector,
        password: p.password ? { secretKeyRef: { name: p.password.secretKeyRef.name, key: p.password.secretKeyRef.key } } : undefined,
        keepOriginalNextHop: p.keepOriginalNextHop,
        nextHopMode: p.nextHopMode as NextHopMode | undefined,
        sourceAddress: p.sourceAddress as SourceAddress | undefined,
        maxRestartTime: p.maxRestartTime,
        ttlSecurity: p.ttlSecurity,
      },
    }));
    if (this.routeReflectors) {
      // Calico's BGP documentation: every node (the reflectors too, which so mesh among themselves)
      // peers with the nodes the reflector selector picks.
      this.peers = [...this.peers, new BgpPeer(this, 'RouteReflectors', {
        metadata: { name: ROUTE_REFLECTOR_PEER_NAME },
        spec: { nodeSelector: 'all()', peerSelector: this.routeReflectors.nodeSelector },
      })];
    }

    const secrets = new Map<string, string[]>();
    for (const p of peers) {
      const ref = p.password?.secretKeyRef;
      if (ref) secrets.set(ref.name, [...new Set([...(secrets.get(ref.name) ?? []), ref.key])]);
    }
    this.passwordSecrets = secrets;
    if (secrets.size > 0) {
      // Cluster-scoped, so that Argo CD's dry run of a first sync, which runs before the operator has
      // created calico-system, does not fail on a namespace that does not exist yet. It names the
      // Secrets, so calico-node reads only those (it looks only in its own namespace).
      new KubeClusterRole(this, 'PasswordsReader', {
        metadata: { name: BGP_PASSWORDS_RBAC_NAME },
        rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...secrets.keys()].sort(), verbs: ['get', 'list', 'watch'] }],
      });
      new KubeClusterRoleBinding(this, 'PasswordsReaderBinding', {
        metadata: { name: BGP_PASSWORDS_RBAC_NAME },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: BGP_PASSWORDS_RBAC_NAME },
        subjects: [{ kind: 'ServiceAccount', name: CALICO_NODE_SERVICE_ACCOUNT, namespace: CALICO_NODE_NAMESPACE }],
      });
    }
    addChecks(this, (at) => bgpFindings(this, props, at));
  }

  /** The peerings of the BGPPeers, for the plan: addresses with their ports, or selectors. */
  public peerings(props: Pick<CalicoBgpOptions, 'bgpPeers'>): BgpPeering[] {
    return (props.bgpPeers ?? []).map((p) => {
      const address = p.peerIP !== undefined ? parsePeerAddress(p.peerIP) : undefined;
      return {
        name: p.name,
        ...(address ? { address: { ip: address.ip, port: address.port ?? DEFAULT_BGP_PORT } } : {}),
        ...(p.peerSelector !== undefined ? { peerSelector: p.peerSelector } : {}),
        ...(p.nodeSelector !== undefined ? { nodeSelector: p.nodeSelector } : {}),
        ...(p.asNumber !== undefined ? { asNumber: p.asNumber } : {}),
      };
    });
  }
}

/** Every check of the BGP props, with the paths `at` gives (the Installation's are its own). */
function bgpFindings(bgp: CalicoBgp, props: CalicoBgpProps, at: PathOf): Finding[] {
  const bgpMode = pathOf(props.installation)('bgp');
  const findings: Finding[] = [];
  if (props.asNumber !== undefined) findings.push(...asNumberFindings(at('asNumber'), props.asNumber));
  if (props.listenPort !== undefined) findings.push(...integerFindings(at('listenPort'), props.listenPort, 1, 65535));
  if (props.logSeverityScreen !== undefined) findings.push(...choiceFindings(at('logSeverityScreen'), props.logSeverityScreen, Object.values(BgpLogSeverity)));
  for (const key of ['serviceClusterIPs', 'serviceExternalIPs', 'serviceLoadBalancerIPs'] as const) {
    (props[key] ?? []).forEach((c, i) => findings.push(...cidrFindings(at(key, i, 'cidr'), c.cidr)));
  }
  findings.push(...peerFindings(props, at));
  if (props.routeReflectors) findings.push(...routeReflectorFindings(bgp, props, at));

  // Peers and reflectors need BGP, and routes for it to carry.
  const inst = props.installation;
  const peerings: Array<[string, string]> = [
    ...(props.bgpPeers ?? []).map((_, i): [string, string] => [at('bgpPeers', i), 'a BGP peer']),
    ...(props.routeReflectors ? [[at('routeReflectors'), 'route reflectors'] as [string, string]] : []),
  ];
  for (const [path, what] of peerings) {
    if (inst.bgp !== BgpMode.ENABLED) {
      findings.push(error(path, `is ${what}, but ${bgpMode} is ${inst.bgp}: calico-node runs no BGP (no BIRD), so no session would come up`, {
        fix: `set ${bgpMode}: Enabled, or remove it`,
      }));
    } else if (!inst.ipPools.some((p) => p.disableBGPExport !== true)) {
      const why = inst.ipPools.length === 0 ? 'the cluster has no IP pools' : 'every pool has disableBGPExport: true';
      findings.push(error(path, `is ${what}, but ${why}, so BGP would carry no pod routes`, {
        fix: `export a pool over BGP (leave disableBGPExport out), or remove it`,
      }));
    }
  }
  if (!bgp.nodeToNodeMesh && !bgp.routeReflectors && (props.bgpPeers ?? []).length === 0 && inst.bgp === BgpMode.ENABLED) {
    findings.push(warning(at('nodeToNodeMesh'), 'is false and there are no route reflectors or BGP peers: the nodes exchange no routes, so pods on different nodes cannot reach each other over IPIP or unencapsulated pools', {
      got: false, fix: `add ${at('bgpPeers')} or ${at('routeReflectors')}, or leave nodeToNodeMesh out`,
    }));
  }
  if (bgp.routeReflectors && props.nodeToNodeMesh === true) {
    findings.push(warning(at('nodeToNodeMesh'), 'is true next to route reflectors: the nodes not annotated as reflectors keep the full mesh as well as the reflector sessions; Calico\'s BGP documentation keeps both only while moving from the mesh to reflectors', {
      got: true, fix: 'once the reflectors\' sessions are up, set it to false (or leave it out)',
    }));
  }
  return findings;
}

function peerFindings(props: CalicoBgpProps, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  const names = new Map<string, number>();
  (props.bgpPeers ?? []).forEach((p, i) => {
    const here = (...segments: PropertyKey[]) => at('bgpPeers', i, ...segments);
    findings.push(...objectNameFindings(here('name'), p.name));
    if (p.name === ROUTE_REFLECTOR_PEER_NAME && props.routeReflectors) {
      findings.push(error(here('name'), `is the name of the BGPPeer calico-stack renders for ${at('routeReflectors')}`, { got: p.name, fix: 'choose another name' }));
    }
    const first = names.get(p.name);
    if (first !== undefined) findings.push(error(here('name'), `repeats the name of ${at('bgpPeers', first)}; each peer is one BGPPeer object`, { got: p.name, fix: 'give every peer its own name' }));
    else names.set(p.name, i);

    // projectcalico/calico v3.32.1 libcalico-go/lib/validator/v3/validator.go:1532-1539, and the CRD's rules.
    if (p.peerIP !== undefined && p.peerSelector !== undefined) {
      findings.push(error(here('peerIP'), 'peerIP and peerSelector cannot both be set', { got: p.peerIP, fix: 'keep peerIP for a router, or peerSelector for cluster nodes' }));
    } else if (p.peerIP === undefined && p.peerSelector === undefined) {
      findings.push(error(here(), 'names no peer', { allowed: 'peerIP (with asNumber) for a router, or peerSelector for cluster nodes' }));
    }
    if (p.peerIP !== undefined) {
      findings.push(...peerAddressFindings(here('peerIP'), p.peerIP));
      if (p.asNumber === undefined) findings.push(error(here('asNumber'), 'is required with peerIP: the peer\'s AS number', { allowed: 'a whole number from 1 to 4294967295' }));
    }
    if (p.peerSelector !== undefined && p.asNumber !== undefined) {
      findings.push(error(here('asNumber'), 'asNumber must be empty when peerSelector is set (the nodes\' own AS numbers are used)', { got: p.asNumber, fix: 'remove asNumber' }));
    }
    if (p.asNumber !== undefined) findings.push(...asNumberFindings(here('asNumber'), p.asNumber));
    if (p.localASNumber !== undefined) findings.push(...asNumberFindings(here('localASNumber'), p.localASNumber));
    for (const key of ['nodeSelector', 'peerSelector'] as const) {
      const selector = p[key];
      const problem = selector !== undefined ? (selector.trim() === '' ? 'is empty' : selectorError(selector)) : undefined;
      if (problem !== undefined) findings.push(error(here(key), `is not a Calico selector: ${problem}`, { got: selector, allowed: 'a Calico selector such as all(), has(rack) or rack == \'rack-1\'' }));
    }
    const ref = p.password?.secretKeyRef;
    if (ref) {
      findings.push(...objectNameFindings(here('password', 'secretKeyRef', 'name'), ref.name));
      if (!/^[-._a-zA-Z0-9]+$/.test(ref.key)) {
        findings.push(error(here('password', 'secretKeyRef', 'key'), 'is not a valid Secret key', { got: ref.key, allowed: 'letters, digits, -, _ and ., such as peer-a' }));
      }
    }
    if (p.keepOriginalNextHop === true && p.nextHopMode !== undefined) {
      // validator.go:1557-1560.
      findings.push(error(here('keepOriginalNextHop'), 'The KeepOriginalNextHop field is deprecated. It must not be set to true when NextHopMode is configured.', { got: true, fix: 'remove keepOriginalNextHop (nextHopMode: Keep does the same)' }));
    }
    if (p.nextHopMode !== undefined) findings.push(...choiceFindings(here('nextHopMode'), p.nextHopMode, Object.values(NextHopMode)));
    if (p.sourceAddress !== undefined) findings.push(...choiceFindings(here('sourceAddress'), p.sourceAddress, Object.values(SourceAddress)));
    if (p.maxRestartTime !== undefined && parseDuration(p.maxRestartTime) === undefined) {
      findings.push(error(here('maxRestartTime'), 'is not a duration', { got: p.maxRestartTime, allowed: 'a Go duration such as 120s or 2m' }));
    }
    if (p.ttlSecurity !== undefined) findings.push(...integerFindings(here('ttlSecurity'), p.ttlSecurity, 0, 255));
  });
  return findings;
}

function routeReflectorFindings(bgp: CalicoBgp, props: CalicoBgpProps, at: PathOf): Finding[] {
  const rr = bgp.routeReflectors!;
  const findings: Finding[] = [];
  const problem = rr.nodeSelector.trim() === '' ? 'is empty' : selectorError(rr.nodeSelector);
  if (problem !== undefined) {
    findings.push(error(at('routeReflectors', 'nodeSelector'), `is not a Calico selector: ${problem}`, { got: rr.nodeSelector, allowed: DEFAULT_ROUTE_REFLECTOR_SELECTOR }));
  } else if (rr.nodeSelector.trim() === 'all()') {
    findings.push(error(at('routeReflectors', 'nodeSelector'), 'selects every node: every node would be a reflector, which is a full mesh again', { got: rr.nodeSelector, fix: `select a few nodes by a label, such as ${DEFAULT_ROUTE_REFLECTOR_SELECTOR}` }));
  }
  // calico-node reads the annotation as an IPv4 address (the BGP cluster ID is 32 bits).
  if (props.routeReflectors?.clusterID !== undefined && !/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(rr.clusterID)) {
    findings.push(error(at('routeReflectors', 'clusterID'), 'is not an IPv4 address', { got: rr.clusterID, allowed: `an unused IPv4 address, such as ${DEFAULT_ROUTE_REFLECTOR_CLUSTER_ID}` }));
  }
  return findings;
}
