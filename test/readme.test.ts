/**
 * The README is short, opens with the two commands that do everything, and what it shows is true:
 * its example cluster file renders without a finding, its error output is what the command line
 * prints, and its first-install commands wait for the CRDs the example needs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { nothingWritten } from '../src/app/cli/report';
import { formatFindings } from '../src/lib/common/findings';
import { load, ROOT } from './util';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of a Markdown text, in order, with their language. */
function codeBlocks(text: string): Array<{ lang: string; body: string }> {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

/** The README's example cluster file: its first YAML block. */
function exampleClusterFile(): string {
  const block = codeBlocks(README).find((b) => b.lang === 'yaml');
  if (!block) throw new Error('README.md has no yaml block');
  return block.body;
}

test('the README is at most 200 lines, none longer than 120 characters', () => {
  const lines = README.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(200);
  expect(lines.map((l, i) => ({ line: i + 1, length: [...l].length })).filter((l) => l.length > 120)).toEqual([]);
});

test('the README opens with the two commands: render the shipped examples, and run every test as CI does', () => {
  const first = codeBlocks(README)[0];
  expect(README.indexOf('```')).toBeLessThan(README.indexOf('\n## '));
  const commands = first.body.trim().split('\n').map((l) => l.replace(/\s+#.*$/, ''));
  expect(commands).toEqual(['npm ci && npm run synth', 'npm run test:all']);
  // .ci/run runs the README's test command after npm ci, on each Node.js it tests (`on_node <major> <command>`).
  const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8').split('\n').map((l) => l.replace(/^on_node \d+ /, ''));
  expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
  expect(ci.indexOf(commands[1])).toBeGreaterThan(ci.indexOf('npm ci'));
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  expect(scripts.synth).toBeDefined();
  expect(scripts['test:all']).toBeDefined();
});

test('the README\'s example cluster file renders without a single finding', () => {
  const text = exampleClusterFile();
  const { stack, findings } = load(text);
  expect(findings).toEqual([]);
  // It is named after the file it says it is.
  expect(text).toMatch(new RegExp(`^# clusters/${stack!.clusterName}\\.yaml\\n`));
});

test('the README\'s error output is what synth prints for the example with the typo it names', () => {
  const typo = /With `cloud: (\w+)`:/.exec(README);
  expect(typo).not.toBeNull();
  const text = exampleClusterFile().replace(/^( {2}cloud: )\w+/m, `$1${typo![1]}`);
  const { findings } = load(text);
  const file = `clusters/${/^name: (\S+)/m.exec(text)![1]}.yaml`;
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { writes.push(String(chunk)); return true; });
  try {
    nothingWritten([file]);
  } finally {
    spy.mockRestore();
  }
  const shown = codeBlocks(README).find((b) => b.lang === '' && b.body.startsWith(`${file}:`));
  expect(shown?.body).toBe(`${formatFindings(findings, file)}\n${writes.join('')}`);
});

test('the README\'s first install waits for every CRD of the example\'s custom resources', () => {
  const { stack } = load(exampleClusterFile());
  const apply = codeBlocks(README).find((b) => b.body.includes('kubectl wait'))!.body;
  const waited = [...apply.matchAll(/crd\/(\S+)/g)].map((m) => m[1]).sort();
  expect(waited).toEqual([...stack!.calico.requiredCrds()].sort());
  // ... and applies the files the example renders.
  expect(apply).toContain(`dist/${stack!.clusterName}/0000-tigera-operator.k8s.yaml`);
  expect(apply).toContain(`-k dist/${stack!.clusterName}`);
});
