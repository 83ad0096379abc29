/**
 * The guides in docs/ and the README hold together: every relative link leads to a file (and, with
 * a #fragment, to a heading of it), every `npm run` they name is a script, the library guide quotes
 * the example app as it is, and the findings the checks guide shows are what the command line prints.
 */
import * as fs from 'fs';
import * as path from 'path';
import { testedRange } from '../src/lib/calico/kubernetes-versions';
import { DEFAULT_CALICO_VERSION, RELEASES } from '../src/lib/calico/releases';
import { formatFindings } from '../src/lib/common/findings';
import { load, ROOT } from './util';

/** README.md and docs/*.md (not the generated docs/api), relative to the project. */
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

function read(page: string): string {
  return fs.readFileSync(path.join(ROOT, page), 'utf8');
}

/** The text outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```$/gm, '');
}

/** GitHub's anchors of a Markdown file's headings: lower case, punctuation dropped, spaces as `-`, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

test.each(PAGES)('every relative link of %s leads to a file, and to a heading of it', (page) => {
  const broken: string[] = [];
  for (const m of prose(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [file, fragment] = target.split('#');
    const resolved = file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), file);
    if (!fs.existsSync(resolved)) {
      broken.push(`${target}: no such file`);
    } else if (fragment !== undefined && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(fragment)) {
      broken.push(`${target}: no such heading`);
    }
  }
  expect(broken).toEqual([]);
});

test('every npm script the README and the guides name exists', () => {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
  const named = new Set(PAGES.flatMap((page) => [...read(page).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1])));
  expect([...named].filter((s) => !scripts.includes(s))).toEqual([]);
});

test('the library guide\'s minimal app is examples/homelab/main.ts, verbatim', () => {
  const guide = read('docs/library.md');
  const main = read('examples/homelab/main.ts');
  const section = guide.slice(guide.indexOf('## A minimal app'));
  const block = /```ts\n([\s\S]*?)```\n/.exec(section);
  expect(block?.[1]).toBe(main);
});

test('the findings the checks guide shows are what synth prints for the cluster files it shows', () => {
  const guide = read('docs/checks.md');
  const section = guide.slice(guide.indexOf('## How a finding reads'), guide.indexOf('\n## ', guide.indexOf('## How a finding reads') + 1));
  const blocks = [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
  const pairs = blocks.flatMap((b, i) => (b.lang === 'yaml' && blocks[i + 1]?.lang === '' ? [[b.body, blocks[i + 1].body]] : []));
  expect(pairs.length).toBeGreaterThanOrEqual(2);
  for (const [yaml, shown] of pairs) {
    const file = `clusters/${/^name: (\S+)/m.exec(yaml)![1]}.yaml`;
    const printed = formatFindings(load(yaml).findings, file);
    expect(shown.slice(0, printed.length + 1)).toBe(`${printed}\n`);
  }
});

test('the releases guide\'s table of supported releases is the release data: one row per release, newest first, with its operator, CRDs, Goldmane / Whisker and tested Kubernetes', () => {
  const guide = read('docs/releases-and-upgrades.md');
  const start = guide.indexOf('## Supported releases');
  const section = guide.slice(start, guide.indexOf('\n## ', start + 1));
  const rows = section.split('\n').filter((line) => /^\| v\d/.test(line)).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  expect(rows).toEqual(RELEASES.map((r) => [
    r.version === DEFAULT_CALICO_VERSION ? `${r.version} (default)` : r.version,
    `\`${r.operatorRegistry}${r.operatorImagePath}/operator:${r.operatorVersion}\`, ${r.operatorArgs.length > 0 ? r.operatorArgs.map((a) => `\`${a}\``).join(' ') : 'no arguments'}`,
    r.operatorCreatesCrds ? 'the operator creates them when it starts' : `from a file: calico-stack ships them, \`${r.crdBundle?.file}\`, used when \`calico.crds\` is not set`,
    r.hasGoldmaneWhisker ? 'yes' : 'no',
    testedRange(r) ?? 'not read',
  ]));
});
