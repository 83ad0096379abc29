// Parses Mermaid diagrams with the real `mermaid` package, for test/plan/mermaid.slow.test.ts.
// mermaid is an ES module that needs a DOM (DOMPurify), so it runs here, in a child process, on
// jsdom. Reads a JSON array of diagram texts on stdin; writes a JSON array with, per diagram,
// { ok: true, type, vertices, edges, subgraphs } (labels as Mermaid draws them: its entity codes
// decoded) or { ok: false, error }.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

/**
 * A label's text as drawn: Mermaid's encodeEntities turns `#<code>;` into placeholders and its
 * decodeEntities (mermaid src/mermaidAPI.ts) into HTML entities, which the browser decodes.
 */
function drawn(text) {
  const html = String(text).replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const element = dom.window.document.createElement('span');
  element.innerHTML = html;
  return element.textContent;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const { diagramType } = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    results.push({
      ok: true,
      type: diagramType,
      vertices: [...db.getVertices().values()].map((v) => ({ id: v.id, text: drawn(v.text) })),
      edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: drawn(e.text), type: e.type, stroke: e.stroke })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: drawn(s.title), nodes: s.nodes })),
    });
  } catch (err) {
    results.push({ ok: false, error: String(err?.message ?? err).split('\n')[0] });
  }
}
process.stdout.write(JSON.stringify(results));
