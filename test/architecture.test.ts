/**
 * The import graph of src/: the construct library (src/lib/) never imports the application
 * (src/app/: the cluster file, the output writer, plan, the CLI), the package's main entry
 * (src/index.ts) exports the library only, and no module imports itself back through others (no
 * cycle). Imports are read from the sources: every `from '...'` (type-only
 * imports included) and every `require('...')` (the CLI loads its heavy half on first use).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './util';

const SRC = path.join(ROOT, 'src');

/** Every .ts file below src/, relative to it ('calico/installation.ts'). */
function sources(): string[] {
  return fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** The project files a source imports, relative to src/ (imports of packages and of imports/ left out). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const specs = [
    ...[...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => m[1]),
    ...[...text.matchAll(/\brequire\('(\.[^']+)'\)/g)].map((m) => m[1]),
  ];
  return specs
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
    .filter((target) => !target.startsWith('..'))
    .map((target) => (fs.existsSync(path.join(SRC, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`));
}

const GRAPH = new Map(sources().map((f) => [f, importsOf(f)]));

const inLibrary = (file: string): boolean => file.startsWith('lib/');

test('the graph has the folders the rules are about (a renamed folder must not silently pass)', () => {
  const folders = new Set([...GRAPH.keys()].map((f) => f.split('/').slice(0, 2).join('/')));
  for (const folder of ['lib/calico', 'lib/retina', 'lib/monitoring', 'lib/gitops', 'lib/common', 'lib/stack', 'lib/render', 'app/config', 'app/output', 'app/cli']) {
    expect(folders).toContain(folder);
  }
  expect([...GRAPH.values()].flat().length).toBeGreaterThan(100);
});

test('the library (src/lib/) never imports the application (src/app/) or an entry point', () => {
  const violations = [...GRAPH].flatMap(([file, targets]) => (inLibrary(file) ? targets.filter((t) => !inLibrary(t)).map((t) => `${file} → ${t}`) : []));
  expect(violations).toEqual([]);
});

test("the package's main entry (src/index.ts) exports the library only", () => {
  expect(GRAPH.get('index.ts')!.filter((t) => !inLibrary(t))).toEqual([]);
});

test('no import cycle', () => {
  // Tarjan's strongly connected components: every component of more than one file is a cycle.
  let index = 0;
  const indexes = new Map<string, number>();
  const lows = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    indexes.set(v, index);
    lows.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of GRAPH.get(v) ?? []) {
      if (!indexes.has(w)) {
        visit(w);
        lows.set(v, Math.min(lows.get(v)!, lows.get(w)!));
      } else if (onStack.has(w)) lows.set(v, Math.min(lows.get(v)!, indexes.get(w)!));
    }
    if (lows.get(v) === indexes.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (GRAPH.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of GRAPH.keys()) if (!indexes.has(v)) visit(v);
  expect(cycles).toEqual([]);
});

/**
 * What a module loads when it is loaded: the project files and packages of its value imports
 * (`import type` is erased, a `require()` inside a function runs only when called), transitively.
 */
function loadedWith(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'|^import\s+'([^']+)'/gms)) {
      const spec = m[2] ?? m[3];
      if (!spec.startsWith('.')) {
        packages.set(spec, file);
        continue;
      }
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (target.startsWith('..')) packages.set(spec, file);
      else if (!target.endsWith('.json')) visit(fs.existsSync(path.join(SRC, `${target}.ts`)) ? `${target}.ts` : `${target}/index.ts`);
    }
  };
  visit(entry);
  return { files, packages };
}

test('a synth loads no render library before it must load or render a cluster: a synth of unchanged clusters never does', () => {
  const heavy = ['cdk8s', 'cdk8s-plus-28', 'constructs', 'yaml', 'zod', '@grafana/grafana-foundation-sdk', 'ipaddr.js', 're2js', '@bufbuild/cel', '@bufbuild/protobuf'];
  for (const entry of ['app/main.ts', 'app/cli/synth.ts']) {
    const { files, packages } = loadedWith(entry);
    expect([...packages].filter(([p]) => heavy.some((h) => p === h || p.startsWith(`${h}/`))).map(([p, from]) => `${from} → ${p}`)).toEqual([]);
    expect(files.has('app/cli/clusters.ts')).toBe(false);
    // Nor the parsing of the repository settings or the fleet folder's render: both come from the cache when unchanged.
    expect(files.has('app/config/repository-settings.ts')).toBe(false);
    expect(files.has('app/cli/fleet.ts')).toBe(false);
  }
  // The premise: the loading and rendering half is what loads them, and the synth reaches it.
  expect([...loadedWith('app/cli/clusters.ts').packages.keys()]).toEqual(expect.arrayContaining(['cdk8s', 'yaml']));
  expect(GRAPH.get('app/cli/synth.ts')).toContain('app/cli/clusters.ts');
});
