/**
 * Kubernetes quantities read as apimachinery's ParseQuantity reads them: exact values in nano-units,
 * rounded up to one where finer, binary ones capped at the largest int64, undefined where the
 * parser fails.
 */
import { milliValue, quantityNanos } from '../../src/lib/common/quantity';

const UNIT = 1_000_000_000n;

describe('quantityNanos', () => {
  test.each([
    ['0', 0n],
    ['1', UNIT],
    ['250m', 250_000_000n],
    ['1.5', 1_500_000_000n],
    ['100u', 100_000n],
    ['7n', 7n],
    ['1k', 1000n * UNIT],
    ['2M', 2_000_000n * UNIT],
    ['1Ki', 1024n * UNIT],
    ['1.5Gi', 1610612736n * UNIT],
    ['128974848', 128974848n * UNIT],
    ['129e6', 129_000_000n * UNIT],
    ['1E', 10n ** 18n * UNIT],
    ['1e+3', 1000n * UNIT],
    ['5e-3', 5_000_000n],
    ['.5', 500_000_000n],
    ['1.', UNIT],
    ['+1', UNIT],
    ['-1Gi', -(2n ** 30n) * UNIT],
    ['0Ki', 0n],
    ['007', 7n * UNIT],
    ['123456789012345678901234567890', 123456789012345678901234567890n * UNIT],
  ])('%s', (text, nanos) => {
    expect(quantityNanos(text)).toBe(nanos);
  });

  test('finer than a nano-unit rounds up, away from zero', () => {
    expect(quantityNanos('0.5n')).toBe(1n);
    expect(quantityNanos('1.0000000001')).toBe(UNIT + 1n);
    expect(quantityNanos('-0.1n')).toBe(-1n);
    expect(quantityNanos('1e-30')).toBe(1n);
    expect(quantityNanos('0e-30')).toBe(0n);
  });

  test('a binary quantity is capped at the largest int64; a decimal one is not', () => {
    const int64Max = 2n ** 63n - 1n;
    expect(quantityNanos('8Ei')).toBe(int64Max * UNIT);
    expect(quantityNanos('-8Ei')).toBe(-int64Max * UNIT);
    expect(quantityNanos('10E')).toBe(10n ** 19n * UNIT);
  });

  test('an exponent is read as an int64 and cut to int32, as the parser does', () => {
    expect(quantityNanos('1e4294967296')).toBe(UNIT);
    expect(quantityNanos('1e99999999999999999999')).toBeUndefined();
  });

  test('numbers are read as the JSON text they are written as', () => {
    expect(quantityNanos(1073741824)).toBe(1073741824n * UNIT);
    expect(quantityNanos(1e21)).toBe(10n ** 21n * UNIT);
    expect(quantityNanos(0.5)).toBe(UNIT / 2n);
    expect(quantityNanos(Number.NaN)).toBeUndefined();
  });

  test('a suffix without digits is 0, as the scanner reads it (the CRD\'s pattern refuses it)', () => {
    expect(quantityNanos('Gi')).toBe(0n);
    expect(quantityNanos('-')).toBe(0n);
  });

  test('spaces around the text are trimmed, as the JSON decoding does', () => {
    expect(quantityNanos(' 1Gi ')).toBe(2n ** 30n * UNIT);
  });

  test.each(['', '1e', '1e1.5', '1ee3', '1Ki5', '1 Gi', '1.2.3', '1i', '1Kb', '0x10', '1e+'])('%j is not a quantity', (text) => {
    expect(quantityNanos(text)).toBeUndefined();
  });
});

describe('milliValue', () => {
  test('is ceil(value × 1000)', () => {
    expect(milliValue(quantityNanos('1')!)).toBe(1000n);
    expect(milliValue(quantityNanos('0.5')!)).toBe(500n);
    expect(milliValue(quantityNanos('1n')!)).toBe(1n);
    expect(milliValue(quantityNanos('0.999999999')!)).toBe(1000n);
    expect(milliValue(quantityNanos('-1.0001')!)).toBe(-1000n);
  });
});
