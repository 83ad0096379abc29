/**
 * How a finding shows what it got, its path and a line of a file: NaN and Infinity as themselves,
 * no value, key or line longer than SHOWN_MAX characters, at most one line of any text.
 */
import { error, formatFinding, formatFindings, formatPath, show, SHOWN_MAX } from '../../src/lib/common/findings';

describe('show', () => {
  test('shows NaN and ±Infinity as themselves, not as JSON\'s null', () => {
    expect([show(NaN), show(Infinity), show(-Infinity)]).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(show([1, NaN, { a: -Infinity }])).toBe('[1,NaN,{"a":-Infinity}]');
    expect(show(null)).toBe('null');
  });

  test('shows other values as JSON, and undefined as nothing', () => {
    expect([show('x'), show(24.5), show(true), show([]), show({ a: ['b'] }), show(undefined)]).toEqual(['"x"', '24.5', 'true', '[]', '{"a":["b"]}', 'nothing']);
  });

  test('cuts a long string short with … inside its quotes', () => {
    const shown = show('x'.repeat(200_000));
    expect(shown).toBe(`"${'x'.repeat(SHOWN_MAX - 3)}…"`);
    expect(shown).toHaveLength(SHOWN_MAX);
  });

  test('shows only the first line of a text, with its line break', () => {
    expect(show('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n')).toBe('"root:x:0:0:root:/root:/bin/bash\\n…"');
    expect(show('10.0.0.0/16\n')).toBe('"10.0.0.0/16\\n"');
    expect(show('a\r\nb')).toBe('"a\\r\\n…"');
  });

  test('counts escapes in the length, and never splits a character', () => {
    const shown = show('\u0001'.repeat(100));
    expect(shown.length).toBeLessThanOrEqual(SHOWN_MAX);
    expect(shown).toMatch(/^"(\\u0001)+…"$/);
    expect(show('😀'.repeat(100))).toMatch(/^"(😀)+…"$/u);
  });

  test('cuts a long list or mapping short, without rendering all of it', () => {
    const shown = show(Array.from({ length: 100_000 }, (_, i) => `item-${i}`));
    expect(shown).toHaveLength(SHOWN_MAX);
    expect(shown).toMatch(/^\["item-0","item-1",.*…$/);
  });

  test('shows a value that refers to itself without failing', () => {
    const value: Record<string, unknown> = { name: 'x' };
    value.self = value;
    expect(show(value)).toBe('{"name":"x","self":"[Circular]"}');
  });
});

describe('formatPath', () => {
  test('quotes a key that is not a plain word, and cuts a long one short', () => {
    expect(formatPath(['calico', 'controlPlaneNodeSelector', 'node-role.kubernetes.io/infra'])).toBe('calico.controlPlaneNodeSelector["node-role.kubernetes.io/infra"]');
    expect(formatPath(['calico', 'k'.repeat(100_000)])).toBe(`calico["${'k'.repeat(SHOWN_MAX - 3)}…"]`);
    expect(formatPath(['a\nb'])).toBe('["a\\n…"]');
  });
});

describe('formatFinding', () => {
  test('shows what it got capped, whatever its size', () => {
    const line = formatFinding(error('name', 'is not a valid DNS label', { got: 'n'.repeat(200_000), allowed: 'at most 63 characters' }));
    expect(line).toBe(`name: is not a valid DNS label (got "${'n'.repeat(SHOWN_MAX - 3)}…"; allowed at most 63 characters)`);
  });

  test('shows the line of an excerpt under the message, with a caret under the column', () => {
    const finding = error('c.yaml:2:11', 'is not valid YAML: something', { excerpt: { line: 'platform: [aws', column: 11 } });
    expect(formatFinding(finding)).toBe('c.yaml:2:11: is not valid YAML: something\n  platform: [aws\n            ^');
    expect(formatFindings([finding], 'c.yaml')).toBe('c.yaml: 1 error\n  ✗ c.yaml:2:11: is not valid YAML: something\n      platform: [aws\n                ^');
  });

  test('keeps the tabs before the column in the caret line, so the caret lines up in any terminal', () => {
    const finding = error('c.yaml:3:2', 'is not valid YAML: tab', { excerpt: { line: '\tcloud: aws', column: 2 } });
    expect(formatFinding(finding).split('\n').slice(1)).toEqual(['  \tcloud: aws', '  \t^']);
  });

  test('shows a long line around the column, cut short with …, and control characters as �', () => {
    const line = `${'a'.repeat(500)}\u001b[2J${'b'.repeat(500)}`;
    const [, shown, caret] = formatFinding(error('f:1:501', 'bad', { excerpt: { line, column: 501 } })).split('\n');
    expect(shown.length).toBeLessThanOrEqual(SHOWN_MAX + 2);
    expect(shown).toMatch(/^ {2}…a+�\[2Jb+…$/);
    expect(shown[caret.length - 1]).toBe('�');
    expect(caret).toMatch(/^ +\^$/);
  });
});
