/**
 * CIDR arithmetic on top of ipaddr.js. Addresses are never parsed by hand.
 */
import * as ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** A parsed CIDR: its text as written, its address family, network address and prefix length. */
export interface Cidr {
  readonly text: string;
  readonly family: IpFamily;
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n` or `x:y::/n`. Returns undefined for anything else, including shorthand IPv4
 * (`10.1/16`), missing prefixes and out-of-range prefix lengths.
 */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const [, addr, prefixText] = match;
  const prefix = Number(prefixText);
  if (ipaddr.IPv4.isValidFourPartDecimal(addr)) {
    return prefix <= 32 ? { text, family: 4, address: ipaddr.IPv4.parse(addr), prefix } : undefined;
  }
  if (ipaddr.IPv6.isValid(addr)) {
    const address = ipaddr.IPv6.parse(addr);
    if (address.isIPv4MappedAddress()) return undefined;
    return prefix <= 128 ? { text, family: 6, address, prefix } : undefined;
  }
  return undefined;
}

/** True when the text is a CIDR that {@link parseCidr} accepts. */
export function isCidr(text: string): boolean {
  return parseCidr(text) !== undefined;
}

/** Like {@link parseCidr}, but throws for invalid input (for values already validated). */
export function mustParseCidr(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw new Error(`"${text}" is not a CIDR`);
  return cidr;
}

/** The CIDR with host bits cleared, in the shortest text form (`172.16.0.0/16`, `fd00::/48`). */
export function canonicalCidr(cidr: Cidr): string {
  const network = cidr.family === 4
    ? ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`);
  return `${network.toString()}/${cidr.prefix}`;
}

/** True when the CIDR has no host bits set and is written in the shortest form. */
export function isCanonical(cidr: Cidr): boolean {
  return canonicalCidr(cidr) === cidr.text;
}

/** True when `inner` lies entirely within `outer` (same family, longer or equal prefix). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family
    && inner.prefix >= outer.prefix
    && inner.address.match([outer.address, outer.prefix] as [ipaddr.IPv4 & ipaddr.IPv6, number]);
}

/** True when the two CIDRs share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Number of blocks of `/blockSize` in the CIDR (2^(blockSize - prefix)); 0 when the CIDR is smaller than a block. */
export function blockCount(cidr: Cidr, blockSize: number): number {
  return blockSize < cidr.prefix ? 0 : 2 ** (blockSize - cidr.prefix);
}

/** Splits a comma-separated CIDR list (kubeadm's dual-stack `podSubnet: v4,v6`). */
export function splitCidrList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * The name the operator derives for a pool without one: the network address of the CIDR, IPv6
 * written out in full with every group zero-padded to four digits and `:` replaced by `.`, then `-`
 * and the prefix length (`10.0.0.0-16`, `fd00.0010.0244.0000.0000.0000.0000.0000-56`): tigera/operator
 * v1.42.3 pkg/controller/ippool/defaults.go:45-66 (`cidrToName`, Go's `netip.Addr.StringExpanded`;
 * the same in v1.34.5, v1.38.13 and v1.40.15).
 */
export function cidrDerivedName(cidr: Cidr): string {
  const network = mustParseCidr(canonicalCidr(cidr));
  const address = network.family === 6
    ? (network.address as ipaddr.IPv6).parts.map((group) => group.toString(16).padStart(4, '0')).join('.')
    : network.address.toString();
  return `${address}-${network.prefix}`;
}
