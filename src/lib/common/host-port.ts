/**
 * `host:port` as Kubernetes clients take an API server's address (`KUBERNETES_SERVICE_HOST` and
 * `KUBERNETES_SERVICE_PORT`): a DNS name, an IPv4 address or an IPv6 address (in brackets, as in a
 * URL), and a port. Addresses are checked with ipaddr.js, never by hand.
 */
import * as ipaddr from 'ipaddr.js';
import { clip } from './findings';

/** A host and a port; `host` holds an IPv6 address without its brackets, as KUBERNETES_SERVICE_HOST does. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** What `host:port` may be, for messages. */
export const HOST_PORT_ALLOWED = 'host:port with a DNS name, an IPv4 address or an IPv6 address in brackets, and a port 1–65535, such as api.example.com:6443, 10.0.0.10:6443 or [fd00::10]:6443';

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;

/** The host and port of `text`, or why it is not `host:port`. */
export function parseHostPort(text: string): HostPort | { readonly problem: string } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    [, host, portText] = bracketed;
    if (!ipaddr.IPv6.isValid(host) || host.includes('%')) return { problem: `[${clip(host)}] is not an IPv6 address` };
  } else {
    const colon = text.lastIndexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (host.includes(':')) return { problem: 'an IPv6 address goes in brackets, followed by the port: [fd00::10]:6443' };
    if (host === '') return { problem: 'the host is missing' };
    if (/^[0-9.]+$/.test(host)) {
      if (!ipaddr.IPv4.isValidFourPartDecimal(host)) return { problem: `${clip(host)} is not an IPv4 address` };
    } else if (!DNS_NAME.test(host)) {
      return { problem: `${clip(host)} is neither an IP address nor a DNS name` };
    }
  }
  if (portText === undefined || portText === '') return { problem: 'the port is missing' };
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return { problem: `the port ${clip(portText)} is not a number from 1 to 65535` };
  return { host, port };
}

/** True when {@link parseHostPort} found a host and a port. */
export function isHostPort(value: HostPort | { readonly problem: string }): value is HostPort {
  return 'host' in value;
}
