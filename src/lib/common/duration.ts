/**
 * Durations as Go's time.ParseDuration reads them (the agents' config files), limited to whole
 * numbers of h, m, s and ms: `10s`, `1m`, `1m30s`, `500ms`.
 */
import { Duration } from 'cdk8s';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * The longest duration Go represents (time.Duration is an int64 of nanoseconds: about 292 years);
 * Go's ParseDuration and Prometheus' model.ParseDuration reject anything longer.
 */
export const GO_DURATION_MAX_MS = (2 ** 63 - 1) / 1e6;
const WHOLE = /^(\d+(ms|h|m|s))+$/;
const PART = /(\d+)(ms|h|m|s)/g;

/** The duration the text names; undefined when it is not of the form above. */
export function parseDuration(text: string): Duration | undefined {
  if (!WHOLE.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit];
  return Duration.millis(ms);
}

/** The duration in the largest unit that divides it: `10s`, `1m`, `90s`, `1500ms`. */
export function formatDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  const unit = ['h', 'm', 's'].find((u) => ms % UNIT_MS[u] === 0 && ms > 0) ?? 'ms';
  return `${ms / UNIT_MS[unit]}${unit}`;
}

/** Prometheus' duration units (model.ParseDuration): a year is 365 days, a week 7. */
const PROMETHEUS_UNIT_MS: Readonly<Record<string, number>> = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, ...UNIT_MS };
/** Units in the order Prometheus requires them, each at most once. */
const PROMETHEUS_DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** A Prometheus duration (`15d`, `2w`, `1d12h`); undefined when it is not one or is zero. */
export function parsePrometheusDuration(text: string): Duration | undefined {
  const match = PROMETHEUS_DURATION.exec(text);
  if (!match || text === '') return undefined;
  const ms = ['y', 'w', 'd', 'h', 'm', 's', 'ms'].reduce((sum, unit, i) => sum + Number(match[i + 1] ?? 0) * PROMETHEUS_UNIT_MS[unit], 0);
  return ms > 0 ? Duration.millis(ms) : undefined;
}

/** The duration as Prometheus writes it, in the largest of d, h, m, s that divides it: `15d`, `36h`. */
export function formatPrometheusDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  const unit = ['d', 'h', 'm', 's'].find((u) => ms > 0 && ms % PROMETHEUS_UNIT_MS[u] === 0) ?? 'ms';
  return `${ms / PROMETHEUS_UNIT_MS[unit]}${unit}`;
}
