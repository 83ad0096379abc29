/**
 * Durations as Go's time.ParseDuration reads them (the agents' config files), limited to whole
 * numbers of h, m, s and ms: `10s`, `1m`, `1m30s`, `500ms`.
 */
import { Duration } from 'cdk8s';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
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
