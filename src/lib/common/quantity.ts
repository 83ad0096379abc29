/**
 * Kubernetes resource quantities (`250m`, `1.5Gi`, `128974848`, `1e3`) read as k8s.io/apimachinery
 * reads them (pkg/api/resource/quantity.go, v0.36.1 — the version in tigera/operator v1.42.3's go.mod;
 * the parsing is the same in v0.28.9 and v0.33.3, the versions of operators v1.34.5 and v1.38.13), to
 * exact values that compare as the API compares them: a request against its limit, a value against 0.
 *
 * Hand-written on purpose: no npm package reads quantities exactly. @kubernetes/client-node's
 * `quantityToScalar` parses with parseInt (`1.5Gi` reads as 1Gi, `0.5` as 0) and would bring the
 * whole client in; kubernetes-resource-parser and k8s-resource-parser compute with floating point
 * (and the latter warns against untrusted input); @kubernetes-models/validate has only a pattern.
 * Here the value is a BigInt count of nano-units, which is exactly what a Quantity can hold.
 */

/** The smallest amount a Quantity holds: 10^-9 (resource.Nano; quantity.go:369-375 rounds up to it). */
const NANOS_PER_UNIT = 1_000_000_000n;
/** A binary-suffixed quantity is capped at the largest int64 (maxAllowed; quantity.go:377-381). */
const INT64_MAX = (1n << 63n) - 1n;
/**
 * Exponents beyond this are clamped (a quantity of more than 10^1000 compares as 10^1000 times its
 * digits); below it, a value rounds up to one nano-unit anyway. No resource comes near either.
 */
const EXPONENT_CLAMP = 1000;

/** The suffixes of quantity.go's suffixer (suffix.go:108-134): base and exponent. */
const SUFFIXES: Readonly<Record<string, readonly [2 | 10, number]>> = {
  '': [10, 0], 'n': [10, -9], 'u': [10, -6], 'm': [10, -3], 'k': [10, 3], 'M': [10, 6], 'G': [10, 9], 'T': [10, 12], 'P': [10, 15], 'E': [10, 18],
  'Ki': [2, 10], 'Mi': [2, 20], 'Gi': [2, 30], 'Ti': [2, 40], 'Pi': [2, 50], 'Ei': [2, 60],
};

/** Characters the scanner takes as a suffix before an exponent's sign and digits (quantity.go:248). */
const SUFFIX_CHARS = 'eEinumkKMGTP';

/**
 * The value of a quantity in nano-units, as ParseQuantity (quantity.go:278-392) and the JSON decoding of
 * a Quantity (UnmarshalJSON, :733-752, which trims spaces) give it, or undefined where they fail: the
 * operator then cannot read the object at all. A number is read as the JSON text it is written as.
 */
export function quantityNanos(value: string | number): bigint | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? parseQuantity(String(value)) : undefined;
  return parseQuantity(value.trim());
}

/** ParseQuantity: the scanner of parseQuantityString (quantity.go:161-275), the suffix, the value. */
function parseQuantity(text: string): bigint | undefined {
  if (text === '') return undefined;
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos++;
  }
  const digitsFrom = (start: number): number => {
    let i = start;
    while (i < text.length && text[i] >= '0' && text[i] <= '9') i++;
    return i;
  };
  const numEnd = digitsFrom(pos);
  const num = text.slice(pos, numEnd);
  pos = numEnd;
  let denom = '';
  if (pos < text.length && text[pos] === '.') {
    const denomEnd = digitsFrom(pos + 1);
    denom = text.slice(pos + 1, denomEnd);
    pos = denomEnd;
  }
  // The scanner takes any run of suffix characters, then an optional sign and digits; anything else fails.
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos])) pos++;
  if (pos < text.length && (text[pos] === '-' || text[pos] === '+')) pos++;
  if (digitsFrom(pos) !== text.length) return undefined;
  const suffix = text.slice(suffixStart);
  const known = Object.hasOwn(SUFFIXES, suffix) ? SUFFIXES[suffix] : undefined;
  let base: 2 | 10;
  let exponent: number;
  if (known) [base, exponent] = known;
  else {
    // A decimal exponent: strconv.ParseInt of what follows e/E (int64), then int32() of it (suffix.go:189-195).
    if (suffix.length < 2 || (suffix[0] !== 'e' && suffix[0] !== 'E') || !/^[+-]?[0-9]+$/.test(suffix.slice(1))) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (parsed > INT64_MAX || parsed < -INT64_MAX - 1n) return undefined;
    base = 10;
    exponent = Number(BigInt.asIntN(32, parsed));
  }
  const digits = BigInt(`0${num}${denom}`);
  // value = digits × base^exponent / 10^len(denom), as a fraction.
  let numerator = digits * NANOS_PER_UNIT;
  let denominator = 10n ** BigInt(denom.length);
  if (base === 2) numerator *= 2n ** BigInt(exponent);
  else if (exponent >= 0) numerator *= 10n ** BigInt(Math.min(exponent, EXPONENT_CLAMP));
  else denominator *= 10n ** BigInt(Math.min(-exponent, num.length + denom.length + 20));
  // Rounded up to a whole nano-unit, away from zero (inf.RoundUp on the magnitude, quantity.go:373-375).
  let nanos = (numerator + denominator - 1n) / denominator;
  if (base === 2 && nanos > INT64_MAX * NANOS_PER_UNIT) nanos = INT64_MAX * NANOS_PER_UNIT;
  return negative ? -nanos : nanos;
}

/** Quantity.MilliValue (quantity.go:818-822): ceil(value × 1000). */
export function milliValue(nanos: bigint): bigint {
  const perMilli = 1_000_000n;
  return nanos > 0n ? (nanos + perMilli - 1n) / perMilli : nanos / perMilli;
}
