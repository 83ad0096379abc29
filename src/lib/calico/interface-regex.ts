/**
 * `nodeAddressAutodetectionV4/V6.interface` and `.skipInterface`: the operator passes the text on
 * to calico-node (`IP_AUTODETECTION_METHOD=interface=<text>`; tigera/operator v1.40.15
 * pkg/render/node.go:1801-1804), which splits it at commas and compiles the pieces as one Go
 * regular expression, `(a)|(b)` (projectcalico/calico v3.31.7
 * node/pkg/lifecycle/startup/autodetection/autodetection_methods.go:47-49 and :73-75,
 * interfaces.go:49-55). A pattern Go's regexp (RE2) rejects leaves the node without an address.
 * re2js is a port of RE2, so it accepts and rejects the same syntax and words its errors the same.
 */
import { RE2JS } from 're2js';

/** How calico-node splits the list (autodetection_methods.go:49). */
const SEPARATOR = /\s*,\s*/;

/** The regular expressions calico-node makes of the text. */
export function interfacePatterns(text: string): string[] {
  return text.split(SEPARATOR);
}

/** Why calico-node could not compile `text`, in Go's words; undefined when it compiles. */
export function interfaceRegexError(text: string): string | undefined {
  const patterns = interfacePatterns(text);
  // Each piece alone first, so the message names the one at fault; then the joined form, as calico-node compiles it.
  for (const candidate of [...patterns, `(${patterns.join(')|(')})`]) {
    try {
      RE2JS.compile(candidate);
    } catch (err) {
      return (err as Error).message;
    }
  }
  return undefined;
}
