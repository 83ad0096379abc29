/**
 * A small builder of Mermaid flowcharts (https://mermaid.js.org/syntax/flowchart.html) for the
 * cluster page: nodes, subgraphs and labelled edges, with generated ids, so no text from a cluster
 * file is ever Mermaid syntax.
 *
 * Every label is quoted, and every character but letters, digits, space and `,._/()+=-` is written
 * as Mermaid's entity code `#<code point>;`, which Mermaid decodes when it draws the label. That
 * covers `"` (the quote), `|` (an edge label's delimiter), `[]{}<>` (shapes, HTML), `#` and `;`
 * (entity codes themselves), `%` (comments), backticks (Markdown strings) and `:` (Mermaid's
 * encodeEntities rewrites a line with `style…:…#…;` or `classDef…:…#…;`; without a literal `:` no
 * line matches).
 */

const PLAIN = /[A-Za-z0-9 ,._/()+=-]/;

/** `text` as the inside of a quoted Mermaid label: one line, every other character an entity code. */
export function mermaidText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  let out = '';
  for (const ch of oneLine) out += PLAIN.test(ch) ? ch : `#${ch.codePointAt(0)!};`;
  // Mermaid cannot draw an empty quoted label.
  return out === '' ? '#160;' : out;
}

/** An edge's line: solid (a flow) or dotted (a relation, such as "manages"). */
export type EdgeStyle = 'solid' | 'dotted';

/**
 * A flowchart under construction. Ids are `n<k>` and `g<k>` in the order things are added, so the
 * same calls give the same text.
 */
export class Flowchart {
  private readonly nodes: Array<{ id: string; label: string; shape: 'box' | 'round'; parent?: string }> = [];
  private readonly subgraphs: Array<{ id: string; title: string; parent?: string }> = [];
  private readonly edges: Array<{ from: string; to: string; label: string; style: EdgeStyle }> = [];

  constructor(private readonly direction: 'LR' | 'TB' = 'LR') {}

  /** Adds a subgraph (inside `parent`, another subgraph); returns its id. */
  public subgraph(title: string, parent?: string): string {
    const id = `g${this.subgraphs.length}`;
    this.subgraphs.push({ id, title, ...(parent !== undefined ? { parent } : {}) });
    return id;
  }

  /** Adds a node (inside subgraph `parent`); returns its id. */
  public node(label: string, options: { parent?: string; shape?: 'box' | 'round' } = {}): string {
    const id = `n${this.nodes.length}`;
    this.nodes.push({ id, label, shape: options.shape ?? 'box', ...(options.parent !== undefined ? { parent: options.parent } : {}) });
    return id;
  }

  /** Adds an edge between two node or subgraph ids. */
  public edge(from: string, to: string, label: string, style: EdgeStyle = 'solid'): void {
    this.edges.push({ from, to, label, style });
  }

  /** The diagram's text, without the Markdown fence. */
  public toString(): string {
    const lines = [`flowchart ${this.direction}`];
    const nodeLine = (n: (typeof this.nodes)[number]) => (n.shape === 'round' ? `${n.id}("${mermaidText(n.label)}")` : `${n.id}["${mermaidText(n.label)}"]`);
    const emit = (parent: string | undefined, indent: string) => {
      for (const g of this.subgraphs.filter((s) => s.parent === parent)) {
        lines.push(`${indent}subgraph ${g.id}["${mermaidText(g.title)}"]`);
        emit(g.id, `${indent}  `);
        lines.push(`${indent}end`);
      }
      for (const n of this.nodes.filter((x) => x.parent === parent)) lines.push(`${indent}${nodeLine(n)}`);
    };
    emit(undefined, '  ');
    for (const e of this.edges) lines.push(`  ${e.from} ${e.style === 'dotted' ? '-.->' : '-->'}|"${mermaidText(e.label)}"| ${e.to}`);
    return lines.join('\n');
  }
}
