/**
 * The Markdown helpers of the cluster page, checked with a CommonMark parser that also reads
 * GitHub's tables (markdown-it): whatever a cell or a line holds renders as that text, and as
 * nothing else (no cell boundary, emphasis, link, HTML, code, heading or list).
 */
import MarkdownIt from 'markdown-it';
import { bullets, codeBlock, heading, inline, table } from '../../src/app/plan/markdown';

type Token = MarkdownIt.Token;
const md = new MarkdownIt({ html: true });

/** The text an inline token renders as, and the kinds of its children (all `text` when nothing is syntax). */
function rendered(token: Token): { text: string; kinds: string[] } {
  const children = token.children ?? [];
  return { text: children.map((c) => c.content).join(''), kinds: [...new Set(children.map((c) => c.type))] };
}

/** The text of every cell of a Markdown table, row by row (header first). */
function cells(markdown: string): string[][] {
  const rows: string[][] = [];
  for (const t of md.parse(markdown, {})) {
    if (t.type === 'tr_open') rows.push([]);
    if (t.type === 'inline' && rows.length > 0) {
      const r = rendered(t);
      expect(r.kinds.filter((k) => k !== 'text')).toEqual([]);
      rows[rows.length - 1].push(r.text);
    }
  }
  return rows;
}

/** Strings a cluster file could hold in a name, a selector or a description. */
const NASTY = [
  'pool|with|pipes', 'quote"d', 'close]bracket', '<script>alert(1)</script>', 'a\\|b', '`code`', '*emph* _emph_ **strong**',
  '[link](http://example.com)', '![img](x.png)', '&amp; &#124; &lt;', '~~strike~~', '# heading', '- item', '+ item', '1. item', '2) item',
  '---', '===', 'a\nb', '  spaced  out  ', 'x | y " ] < z', '<!-- comment -->', 'back\\slash\\', 'ünïcödé → ✓', "rack == 'a' && zone != \"b\"",
];

describe('inline()', () => {
  test.each(NASTY)('a table cell holding %j renders as that text, and as text only', (value) => {
    const expected = value.replace(/\s+/g, ' ').trim();
    expect(cells(table(['name', 'other'], [[value, 'x']]))).toEqual([['name', 'other'], [expected, 'x']]);
  });

  test.each(NASTY)('a list item or paragraph holding %j renders as that text, in one paragraph', (value) => {
    const expected = value.replace(/\s+/g, ' ').trim();
    for (const markdown of [bullets([value]), inline(value), `1. ${inline(value)}`]) {
      const tokens = md.parse(markdown, {});
      const blocks = tokens.filter((t) => t.type !== 'inline' && t.nesting !== -1).map((t) => t.type);
      expect(blocks.filter((b) => !['bullet_list_open', 'ordered_list_open', 'list_item_open', 'paragraph_open'].includes(b))).toEqual([]);
      const inlines = tokens.filter((t) => t.type === 'inline');
      expect(inlines).toHaveLength(1);
      expect(rendered(inlines[0])).toEqual({ text: expected, kinds: ['text'] });
    }
  });

  test('leaves ordinary text readable: addresses, names and selectors are not escaped', () => {
    expect(inline('10.244.0.0/16')).toBe('10.244.0.0/16');
    expect(inline("calico-node on rack == 'a'")).toBe("calico-node on rack == 'a'");
  });

  test('fails the round trip without escaping (the check can fail)', () => {
    const raw = `| name |\n|---|\n| a|b |`;
    expect(cells(raw)[1]).not.toEqual(['a|b']);
  });
});

describe('codeBlock()', () => {
  test('holds its lines verbatim, backtick runs included: nothing inside closes the fence', () => {
    const lines = ['kubectl label node <node> rack=a', 'echo ```` and ``` inside', '</pre> *x* | y'];
    const tokens = md.parse(`1. step\n\n${codeBlock('sh', lines).replace(/^/gm, '   ')}\n\n   after\n`, {});
    const fences = tokens.filter((t) => t.type === 'fence');
    expect(fences).toHaveLength(1);
    expect(fences[0].info).toBe('sh');
    expect(fences[0].content).toBe(`${lines.join('\n')}\n`);
  });
});

describe('heading()', () => {
  test('is one heading whose text is the given text', () => {
    const tokens = md.parse(heading(2, 'lab | *prod* #1'), {});
    expect(tokens.map((t) => t.type)).toEqual(['heading_open', 'inline', 'heading_close']);
    expect(tokens[0].tag).toBe('h2');
    expect(rendered(tokens[1])).toEqual({ text: 'lab | *prod* #1', kinds: ['text'] });
  });
});
