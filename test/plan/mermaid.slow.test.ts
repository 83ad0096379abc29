/**
 * The cluster page's Mermaid diagram, parsed by Mermaid itself (the `mermaid` package on jsdom, in a
 * child process: mermaid is an ES module; test/plan/mermaid-check.mjs). Slow: it starts Node.js
 * and loads Mermaid, a few seconds.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { renderCluster } from '../../src/app/cli/clusters';
import { CLUSTER_PAGE_FILE, clusterPage } from '../../src/app/plan/cluster-page';
import { Flowchart, mermaidText } from '../../src/app/plan/mermaid';
import { networkRequirements } from '../../src/app/plan/network-requirements';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, load, ROOT, scenario } from '../util';

interface Parsed {
  readonly ok: boolean;
  readonly error?: string;
  readonly type?: string;
  readonly vertices?: ReadonlyArray<{ id: string; text: string }>;
  readonly edges?: ReadonlyArray<{ start: string; end: string; text: string; stroke: string }>;
  readonly subgraphs?: ReadonlyArray<{ id: string; title: string; nodes: string[] }>;
}

/** Every diagram parsed by Mermaid, in one child process. */
function parseAll(diagrams: readonly string[]): Parsed[] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'mermaid-check.mjs')], { cwd: ROOT, input: JSON.stringify(diagrams), encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`mermaid-check.mjs failed (${result.status ?? result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Parsed[];
}

/** The Mermaid blocks of a Markdown page, as a CommonMark parser finds them. */
function mermaidBlocks(page: string): string[] {
  return new MarkdownIt().parse(page, {}).filter((t) => t.type === 'fence' && t.info === 'mermaid').map((t) => t.content);
}

const BGP = clusterDoc({
  name: 'racks',
  calico: {
    ipPools: [{ name: 'pods', cidr: '10.244.0.0/16', encapsulation: 'None' }],
    bgp: 'Enabled', asNumber: 65010, nodeToNodeMesh: false,
    bgpPeers: [{ name: 'rack-a-tor', peerIP: '192.168.50.1', asNumber: 65001, nodeSelector: "rack == 'a'" }],
  },
});

/** Labels and titles with every character that means something to Mermaid or HTML. */
const NASTY = [
  'pool|with|pipes', 'quote"d', 'close]bracket [open', '<b>bold</b> <script>alert(1)</script>', '#quot; #35; &amp; &#124;', 'a;b:c',
  'style x: fill:#f00;', 'classDef y: fill:#f00;', '%% comment', '`code` **md**', '{curly} (round) ((double))', 'end', 'subgraph x', '-->|edge|',
  'ünïcödé → ✓ 😀', "rack == 'a' && zone != \"b\"",
];

describe('the diagram of the cluster page (slow: Mermaid in a child process)', () => {
  const stacks = { scenario: scenario(), bgp: config(BGP), default: config(clusterDoc()) };
  const pages = Object.fromEntries(Object.entries(stacks).map(([name, stack]) => [name, renderCluster(stack).get(CLUSTER_PAGE_FILE)!]));
  // The shipped examples' committed pages, whichever there are.
  const shipped = fs.readdirSync(path.join(ROOT, 'dist'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'dist', e.name, CLUSTER_PAGE_FILE)))
    .map((e) => fs.readFileSync(path.join(ROOT, 'dist', e.name, CLUSTER_PAGE_FILE), 'utf8'));
  const nastyChart = new Flowchart();
  const group = nastyChart.subgraph(NASTY.join(' '));
  const nodes = NASTY.map((label) => nastyChart.node(label, { parent: group }));
  NASTY.forEach((label, i) => nastyChart.edge(nodes[i], nodes[(i + 1) % nodes.length], label, i % 2 === 0 ? 'solid' : 'dotted'));
  const names = 'x|y"z]w<b>*a*`c`';
  const withNames = clusterPage(load(clusterDoc({ ...BGP, calico: { ...BGP.calico, bgpPeers: [{ ...BGP.calico.bgpPeers[0], name: names }] } })).stack!, renderStack(config(BGP)));
  const broken = mermaidBlocks(pages.bgp)[0].replace(/\n\s*end\n/, '\n');

  const inputs = [
    ...Object.values(pages).map((p) => mermaidBlocks(p)[0]),
    ...shipped.map((p) => mermaidBlocks(p)[0]),
    nastyChart.toString(),
    mermaidBlocks(withNames)[0],
    broken,
    `${mermaidBlocks(pages.bgp)[0]}\n  n0 -->|"x"| `,
    `flowchart LR\n  n0["${NASTY[1]}"] --> n1`,
  ];
  let parsed: Parsed[];
  beforeAll(() => {
    parsed = parseAll(inputs);
  }, 60_000);

  test('each page has exactly one diagram, the shipped examples included', () => {
    for (const page of [...Object.values(pages), ...shipped]) expect(mermaidBlocks(page)).toHaveLength(1);
    expect(shipped.length).toBeGreaterThan(0);
  });

  test('every rendered and shipped diagram parses as a flowchart', () => {
    const count = Object.keys(pages).length + shipped.length;
    expect(parsed.slice(0, count)).toEqual(Array.from({ length: count }, () => expect.objectContaining({ ok: true, type: 'flowchart-v2' })));
  });

  test('a broken diagram fails the same check: a subgraph without its end, an edge without its target', () => {
    const [missingEnd, missingTarget] = parsed.slice(-3, -1);
    expect(missingEnd).toEqual({ ok: false, error: expect.stringMatching(/Parse error/) });
    expect(missingTarget).toEqual({ ok: false, error: expect.stringMatching(/Parse error/) });
  });

  test('the BGP cluster\'s diagram: the workloads in their namespaces, the operator managing its own, one edge per network requirement', () => {
    const d = parsed[1];
    const label = (id: string) => d.vertices!.find((v) => v.id === id)!.text;
    const calicoSystem = d.subgraphs!.find((s) => s.title === 'namespace calico-system')!;
    expect(calicoSystem.nodes.map(label)).toEqual(expect.arrayContaining(['calico-node (DaemonSet, host network)', 'calico-typha (Deployment, host network)', 'calico-kube-controllers (Deployment)']));
    expect(d.edges!.filter((e) => e.text === 'manages' && label(e.start) === 'tigera-operator (Deployment, host network)').length).toBeGreaterThanOrEqual(4);
    const flows = d.edges!.filter((e) => e.text !== 'manages').map((e) => `${label(e.start)} → ${label(e.end)}: ${e.text}`);
    expect(flows).toEqual(networkRequirements(stacks.bgp).map((r) => `${r.from} → ${r.to}: ${r.protocol}${r.port ? ` ${r.port}` : ''}: ${r.purpose.split(' (')[0]}`));
    expect(flows).toContain("nodes matching rack == 'a' → 192.168.50.1: TCP 179: BGP to peer rack-a-tor");
  });

  test('labels, titles and edge labels are drawn as written, whatever they hold', () => {
    const d = parsed[Object.keys(pages).length + shipped.length];
    expect(d.ok).toBe(true);
    const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(d.vertices!.map((v) => v.text)).toEqual(NASTY.map(normal));
    expect(d.edges!.map((e) => e.text)).toEqual(NASTY.map(normal));
    expect(d.edges!.map((e) => e.stroke)).toEqual(NASTY.map((_, i) => (i % 2 === 0 ? 'normal' : 'dotted')));
    expect(d.subgraphs!.map((s) => s.title)).toEqual([normal(NASTY.join(' '))]);
  });

  test('a peer name with |, ", ], < is text in the page\'s diagram', () => {
    const d = parsed[Object.keys(pages).length + shipped.length + 1];
    expect(d.ok).toBe(true);
    expect(d.edges!.map((e) => e.text)).toContain(`TCP 179: BGP to peer ${names}`);
  });

  test('without escaping, such a label breaks the diagram (the check can fail)', () => {
    expect(parsed[parsed.length - 1].ok).toBe(false);
    expect(mermaidText(NASTY[1])).toBe('quote#34;d');
  });
});
