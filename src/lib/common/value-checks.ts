/**
 * Checks of single values against the rules of the component that consumes them (the API server's
 * name and label rules, Calico's selector and interface-pattern syntax, the container runtime's
 * image references, Go and Prometheus durations). Each returns findings at the given config path,
 * in the consumer's own words where it has them. Constructs run them on their props, so a cluster
 * file and a user's own app get the same messages.
 */
import * as ipaddr from 'ipaddr.js';
import { isCidr, splitCidrList } from './cidr';
import { closest } from './closest';
import { GO_DURATION_MAX_MS, parseDuration, parsePrometheusDuration } from './duration';
import { HOST_PORT_ALLOWED, isHostPort, parseHostPort } from './host-port';
import { error, Finding, joinPath, show } from './findings';
import { imagePathProblems, registryProblems } from './image-reference';
import {
  dns1123LabelErrors, dns1123SubdomainErrors, LABEL_KEY_ALLOWED, LABEL_VALUE_ALLOWED, labelKeyErrors, labelValueErrors,
} from './k8s-names';

export const CIDR_EXAMPLE = 'an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56';

function k8sName(what: string, check: (value: string) => string[], allowed: string) {
  return (path: string, value: string): Finding[] => {
    const problems = check(value);
    return problems.length > 0 ? [error(path, `is not a valid ${what}: ${problems.join('; ')}`, { got: value, allowed })] : [];
  };
}

/** Namespaces and other names that must be DNS labels. */
export const dnsLabelFindings = k8sName('DNS label', dns1123LabelErrors, 'at most 63 characters, e.g. my-name or 123-abc');
/** Object names (Secrets, pools, AppProjects, ...). */
export const objectNameFindings = k8sName('object name', dns1123SubdomainErrors, 'at most 253 characters, e.g. example.com or my-name');
/** A StorageClass name, or empty for the cluster's default class. */
export const storageClassFindings = k8sName('StorageClass name', (name) => (name === '' ? [] : dns1123SubdomainErrors(name)), 'empty for the default class, or at most 253 characters, e.g. gp3');

/** A map of label keys to label values (a node selector): every key and every value. */
export function labelMapFindings(path: string, map: Readonly<Record<string, string>>): Finding[] {
  return Object.keys(map).flatMap((key) => {
    const at = joinPath(path, key);
    return [...labelKeyFindings(at, key), ...labelValueFindings(at, map[key])];
  });
}

/** One label key (a selector's label name). */
export function labelKeyFindings(path: string, key: string): Finding[] {
  const problems = labelKeyErrors(key);
  return problems.length > 0 ? [error(path, `is not a valid label key: ${problems.join('; ')}`, { got: key, allowed: LABEL_KEY_ALLOWED })] : [];
}

/** One label value. */
export function labelValueFindings(path: string, value: string): Finding[] {
  const problems = labelValueErrors(value);
  return problems.length > 0 ? [error(path, `is not a valid label value: ${problems.join('; ')}`, { got: value, allowed: LABEL_VALUE_ALLOWED })] : [];
}

/** The fields of a toleration the checks read. */
export interface TolerationLike {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
  readonly tolerationSeconds?: number;
}

/**
 * A toleration, with the API server's checks of a pod's tolerations (kubernetes/kubernetes
 * pkg/apis/core/validation/validation.go, ValidateTolerations): the operator copies them onto pods
 * the API server would refuse.
 */
export function tolerationFindings(path: string, t: TolerationLike): Finding[] {
  const findings: Finding[] = [];
  const key = t.key ?? '';
  if (key !== '') {
    const problems = labelKeyErrors(key);
    if (problems.length > 0) findings.push(error(joinPath(path, 'key'), `is not a valid taint key: ${problems.join('; ')}`, { got: key, allowed: LABEL_KEY_ALLOWED }));
  } else if (t.operator !== 'Exists') {
    findings.push(error(joinPath(path, 'operator'), 'operator must be Exists when `key` is empty, which means "match all values and all keys"', { got: t.operator, allowed: 'Exists, or set key' }));
  }
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    findings.push(error(joinPath(path, 'effect'), "effect must be 'NoExecute' when `tolerationSeconds` is set", { got: t.effect, allowed: 'NoExecute' }));
  }
  const value = t.value ?? '';
  if (t.operator === 'Exists' && value !== '') {
    findings.push(error(joinPath(path, 'value'), "value must be empty when `operator` is 'Exists'", { got: value, fix: 'remove value, or use operator: Equal' }));
  } else if (t.operator !== 'Exists') {
    const problems = labelValueErrors(value);
    if (problems.length > 0) findings.push(error(joinPath(path, 'value'), `is not a valid taint value: ${problems.join('; ')}`, { got: value, allowed: LABEL_VALUE_ALLOWED }));
  }
  return findings;
}

export function cidrFindings(path: string, text: string): Finding[] {
  return isCidr(text) ? [] : [error(path, 'is not a CIDR', { got: text, allowed: CIDR_EXAMPLE })];
}

/** A comma-separated list of CIDRs (kubeadm's podSubnet / serviceSubnet), at most `max` of them. */
export function cidrListFindings(path: string, text: string, max: number): Finding[] {
  const list = splitCidrList(text);
  if (list.length === 0 || !list.every(isCidr)) {
    return [error(path, 'is not a CIDR or a comma-separated list of CIDRs', { got: text, allowed: `${CIDR_EXAMPLE}, or "v4,v6" for dual stack` })];
  }
  return list.length > max ? [error(path, `lists ${list.length} CIDRs`, { got: text, allowed: `at most ${max}` })] : [];
}

export function absolutePathOrNoneFindings(path: string, text: string): Finding[] {
  return text === 'None' || text.startsWith('/') ? [] : [error(path, 'is neither an absolute path nor None', {
    got: text, allowed: 'an absolute path such as /var/lib/kubelet, or None to disable',
  })];
}

/** An image registry or image path the container runtime can pull from (image-reference.ts). */
export function registryFindings(path: string, text: string): Finding[] {
  return imagePart(path, text, 'a registry', registryProblems(text), 'a host with an optional port and path, such as registry.example.com:5000/ or registry.example.com/mirror/, or UseDefault');
}

export function imagePathFindings(path: string, text: string): Finding[] {
  return imagePart(path, text, 'an image path', imagePathProblems(text), 'lowercase path components separated by "/", such as calico or mirror/calico, or UseDefault');
}

function imagePart(path: string, text: string, what: string, problems: string[], allowed: string): Finding[] {
  if (text === '') return [error(path, 'is empty', { got: text, allowed })];
  return problems.length > 0 ? [error(path, `is not ${what} the container runtime can pull from: ${problems.join('; ')}`, { got: text, allowed })] : [];
}

/**
 * `canReach`: calico-node dials UDP `[<canReach>]:80` over the family's protocol (projectcalico/calico
 * v3.31.7 node/pkg/lifecycle/startup/autodetection/reachaddr.go:32-34), so it is an address of that
 * family or a host name.
 */
export function reachableFindings(path: string, text: string, family: 4 | 6): Finding[] {
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(text);
  const isV6 = !isV4 && ipaddr.IPv6.isValid(text);
  const hostname = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*\.?$/.test(text);
  const allowed = `an IPv${family} address or a host name calico-node can reach, such as ${family === 4 ? '8.8.8.8' : '2001:4860:4860::8888'}`;
  if ((family === 4 && isV6) || (family === 6 && isV4)) {
    return [error(path, `is an IPv${family === 4 ? 6 : 4} address; calico-node dials it over IPv${family} (udp${family})`, { got: text, allowed })];
  }
  if (!isV4 && !isV6 && !hostname) return [error(path, 'is neither an IP address nor a host name', { got: text, allowed })];
  return [];
}

/** An address as `host:port` (an API server's), see host-port.ts. */
export function hostPortFindings(path: string, text: string): Finding[] {
  const parsed = parseHostPort(text);
  return isHostPort(parsed) ? [] : [error(path, `is not host:port: ${parsed.problem}`, { got: text, allowed: HOST_PORT_ALLOWED })];
}

/** A Go duration of at least one second (an agent's polling interval). */
export function intervalFindings(path: string, text: string): Finding[] {
  const d = parseDuration(text);
  if ((d?.toMilliseconds() ?? 0) < 1000) {
    return [error(path, 'is not a duration of at least one second', { got: text, allowed: 'a whole number with a unit (h, m, s, ms), such as 10s, 1m or 1m30s' })];
  }
  return d!.toMilliseconds() > GO_DURATION_MAX_MS
    ? [error(path, 'is longer than the longest duration Go can hold (about 292 years)', { got: text, allowed: 'a duration such as 10s, 1m or 1m30s' })]
    : [];
}

/** A Prometheus duration: `15d`, `2w`, `1d12h`. */
export function prometheusDurationFindings(path: string, text: string): Finding[] {
  const d = parsePrometheusDuration(text);
  if (d === undefined) {
    return [error(path, 'is not a Prometheus duration', { got: text, allowed: 'whole numbers with units y, w, d, h, m, s, ms in that order, such as 15d, 2w or 1d12h' })];
  }
  return d.toMilliseconds() > GO_DURATION_MAX_MS
    ? [error(path, 'is longer than the longest duration Prometheus can hold (about 292 years)', { got: text, allowed: 'a duration such as 15d, 2w or 1y' })]
    : [];
}

/** A Kubernetes quantity of bytes: `10Gi`, `500Mi`, `1T`. */
export function storageSizeFindings(path: string, text: string): Finding[] {
  return /^[1-9][0-9]*(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/.test(text) ? [] : [error(path, 'is not a storage size', {
    got: text, allowed: 'a whole number with a unit, such as 10Gi, 500Mi or 1Ti',
  })];
}

/** A folder inside a Git repository: relative, `/`-separated, no `..`. */
export function repoPathFindings(path: string, text: string): Finding[] {
  return text !== '' && !text.startsWith('/') && !text.split('/').includes('..') && !/\s/.test(text) ? [] : [error(path, 'is not a relative path inside the repository', {
    got: text, allowed: 'a path relative to the repository root without "..", such as dist/my-cluster',
  })];
}

export function gitRepoUrlFindings(path: string, text: string): Finding[] {
  return /^(https?|ssh|git):\/\/\S+$/.test(text) || /^[\w.-]+@[\w.-]+:\S+$/.test(text) ? [] : [error(path, 'is not a Git repository URL', {
    got: text, allowed: 'https://host/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git',
  })];
}

/** A whole number in a range (a port, an MTU, a node count). */
export function integerFindings(path: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): Finding[] {
  if (!Number.isInteger(value)) return [error(path, 'expected a whole number', { got: value })];
  if (value < min) return [error(path, `is below the minimum ${min}`, { got: value })];
  return value > max ? [error(path, `is above the maximum ${max}`, { got: value })] : [];
}

/** A finite number of at least zero (a rate threshold of an alert). */
export function nonNegativeFindings(path: string, value: number): Finding[] {
  return Number.isFinite(value) && value >= 0 ? [] : [error(path, 'is not a number of at least 0', { got: value, allowed: 'a number such as 0, 0.5 or 100' })];
}

/** A non-empty string (a name, a URL) where the consumer takes any text. */
export function nonEmptyFindings(path: string, text: string): Finding[] {
  return text === '' ? [error(path, 'is empty', { got: text })] : [];
}

/**
 * A value of a closed set. Typed props only take the set's values, but a spec built from untyped
 * data (parsed JSON, a cast) may hold anything: the same message as the cluster file's schema.
 */
export function choiceFindings(path: string, value: unknown, allowed: readonly string[]): Finding[] {
  if (typeof value === 'string' && allowed.includes(value)) return [];
  const near = typeof value === 'string' ? closest(value, allowed) : undefined;
  return [error(path, `${show(value)} is not one of ${allowed.join(', ')}`, near ? { fix: `did you mean ${show(near)}?` } : {})];
}

/** The largest AS number: 32-bit (RFC 6793); Calico's ASNumber is a uint32. */
export const AS_NUMBER_MAX = 4294967295;

/** An AS number, 1–4294967295 (0 is reserved, RFC 7607; Calico reads 0 as "not set"). */
export function asNumberFindings(path: string, value: number): Finding[] {
  return Number.isInteger(value) && value >= 1 && value <= AS_NUMBER_MAX ? [] : [error(path, 'is not an AS number', {
    got: value, allowed: `a whole number from 1 to ${AS_NUMBER_MAX} (private ranges: 64512–65534, 4200000000–4294967294)`,
  })];
}

/** A BGP peer's address, as Calico reads `peerIP`: an address, `<IPv4>:<port>` or `[<IPv6>]:<port>`. */
export interface PeerAddress {
  readonly ip: string;
  readonly family: 4 | 6;
  /** The port to connect to, when the text names one. */
  readonly port?: number;
}

/**
 * `peerIP` as calico-node reads it (projectcalico/calico v3.32.1
 * libcalico-go/lib/validator/v3/validator.go:847-889, processIPPort): an IPv4 or IPv6 address,
 * optionally with a port 1–65535 as `<IPv4>:<port>` or `[<IPv6>]:<port>`; undefined when it is none.
 */
export function parsePeerAddress(text: string): PeerAddress | undefined {
  const withPort = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text);
  const host = withPort ? withPort[1] : text;
  const port = withPort ? Number(withPort[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(host) && (!withPort || !text.startsWith('['))) return { ip: host, family: 4, ...(port !== undefined ? { port } : {}) };
  if (!host.includes('.') || host.includes(':')) {
    if (ipaddr.IPv6.isValid(host) && (!withPort || text.startsWith('['))) return { ip: host, family: 6, ...(port !== undefined ? { port } : {}) };
  }
  return undefined;
}

export function peerAddressFindings(path: string, text: string): Finding[] {
  return parsePeerAddress(text) ? [] : [error(path, 'is not an IP address with an optional port', {
    got: text, allowed: 'an IPv4 or IPv6 address, <IPv4>:<port> or [<IPv6>]:<port>, such as 192.0.2.1, 192.0.2.1:1179 or [2001:db8::1]:179',
  })];
}
