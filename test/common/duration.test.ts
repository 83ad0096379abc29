/**
 * Go-style durations as the agents' config files take them.
 */
import { Duration } from 'cdk8s';
import { formatDuration, formatPrometheusDuration, parseDuration, parsePrometheusDuration } from '../../src/lib/common/duration';

test.each([
  ['10s', 10_000],
  ['1m', 60_000],
  ['1m30s', 90_000],
  ['1h', 3_600_000],
  ['250ms', 250],
  ['1s500ms', 1_500],
])('parses %s', (text, ms) => {
  expect(parseDuration(text)?.toMilliseconds()).toBe(ms);
});

test.each(['', '10', '10 s', '1.5s', '-1s', '1d', 's'])('fails when the text is %j', (text) => {
  expect(parseDuration(text)).toBeUndefined();
});

test.each([
  ['10s', Duration.seconds(10)],
  ['90s', Duration.seconds(90)],
  ['1m', Duration.minutes(1)],
  ['2h', Duration.hours(2)],
  ['1500ms', Duration.millis(1_500)],
])('formats as %s, in the largest unit that divides the duration', (text, duration) => {
  expect(formatDuration(duration)).toBe(text);
});

describe('Prometheus durations (retention)', () => {
  test.each([
    ['15d', 15 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1y', 365 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    ['1h30m10s500ms', 5_410_500],
  ])('parses %s', (text, ms) => {
    expect(parsePrometheusDuration(text)?.toMilliseconds()).toBe(ms);
  });

  test.each(['', '15', '0d', '12h1d', '1.5d', '15 d', 'd'])('fails when the text is %j', (text) => {
    expect(parsePrometheusDuration(text)).toBeUndefined();
  });

  test.each([
    ['15d', Duration.days(15)],
    ['14d', Duration.days(14)],
    ['36h', Duration.hours(36)],
    ['90m', Duration.minutes(90)],
  ])('formats as %s', (text, duration) => {
    expect(formatPrometheusDuration(duration)).toBe(text);
  });
});
