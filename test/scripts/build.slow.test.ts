/**
 * scripts/build.js: in a clone, the code that runs (lib/) is always the code in the sources — every
 * edit is picked up without a manual build, also one that keeps the size and restores the mtime —
 * and what it compiles is the JavaScript tsc emits for the package.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from '../util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../scripts/build.js') as {
  ensureBuilt(root: string): string[];
  sources(root: string): string[];
  INFO: string;
};

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'node16', strict: true, isolatedModules: true, noEmit: true } });
const TSCONFIG_BUILD = JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, outDir: 'lib', rootDir: '.' }, include: ['src/**/*.ts'] });

/** A project with two sources, a JSON file and the settings, node_modules linked to this one's (TypeScript). */
function project(): string {
  const dir = tempDir({
    'src/main.ts': "import { value } from './value';\nimport data from './data.json';\nconsole.log(JSON.stringify({ value, data }));\n",
    'src/value.ts': "export const value: string = 'old';\n",
    'src/data.json': '{"n":1}\n',
    'tsconfig.json': TSCONFIG.replace('"noEmit":true', '"noEmit":true,"resolveJsonModule":true,"esModuleInterop":true'),
    'tsconfig.build.json': TSCONFIG_BUILD,
  });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // Whole-second mtimes in the past, so an edit can put them back exactly.
  const past = Math.floor(Date.now() / 1000) - 10;
  for (const file of ['main.ts', 'value.ts', 'data.json']) fs.utimesSync(path.join(dir, 'src', file), past, past);
  return dir;
}

const run = (dir: string) => JSON.parse(spawnSync(process.execPath, [path.join(dir, 'lib', 'src', 'main.js')], { encoding: 'utf8' }).stdout) as { value: string; data: unknown };

/** Rewrites a file in place with the same size, then puts its mtime back: what a `git checkout` can leave. */
function sameSizeEdit(file: string, from: string, to: string): void {
  const before = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  expect(to.length).toBe(from.length);
  fs.writeFileSync(file, text.replace(from, to));
  fs.utimesSync(file, before.atime, before.mtime);
  expect(fs.statSync(file).size).toBe(before.size);
  expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
}

describe('ensureBuilt', () => {
  test('compiles a new project, then nothing while the sources do not change', () => {
    const dir = project();
    expect(build.ensureBuilt(dir).sort()).toEqual(['src/data.json', 'src/main.ts', 'src/value.ts']);
    expect(run(dir)).toEqual({ value: 'old', data: { n: 1 } });
    expect(build.ensureBuilt(dir)).toEqual([]);
  });

  test('picks up a same-size edit whose mtime was restored, whether or not the file was recorded by stat (slow: waits 2 s)', async () => {
    const dir = project();
    build.ensureBuilt(dir);
    // Just written: hashed on every run until 2 s have passed.
    sameSizeEdit(path.join(dir, 'src', 'value.ts'), "'old'", "'new'");
    expect(build.ensureBuilt(dir)).toEqual(['src/value.ts']);
    expect(run(dir).value).toBe('new');
    // Unchanged for 2 s: recorded by stat, not read; the ctime of an edit still tells.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(build.ensureBuilt(dir)).toEqual([]);
    const recorded = JSON.parse(fs.readFileSync(path.join(dir, 'lib', build.INFO), 'utf8')) as { stats: Record<string, string> };
    expect(Object.keys(recorded.stats)).toContain('src/value.ts');
    sameSizeEdit(path.join(dir, 'src', 'value.ts'), "'new'", "'NEW'");
    expect(build.ensureBuilt(dir)).toEqual(['src/value.ts']);
    expect(run(dir).value).toBe('NEW');
  });

  test('removes the output of a deleted source, and only outputs of sources it compiled', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'src', 'extra.ts'), 'export const x = 1;\n');
    build.ensureBuilt(dir);
    fs.writeFileSync(path.join(dir, 'lib', 'src', 'mine.js'), '// not calico-stack\'s\n');
    fs.rmSync(path.join(dir, 'src', 'extra.ts'));
    expect(build.ensureBuilt(dir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'lib', 'src', 'extra.js'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'lib', 'src', 'mine.js'), 'utf8')).toBe('// not calico-stack\'s\n');
  });

  test('recompiles everything when the compiler settings change', () => {
    const dir = project();
    build.ensureBuilt(dir);
    fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), TSCONFIG_BUILD.replace('"rootDir":"."', '"rootDir":".","removeComments":true'));
    expect(build.ensureBuilt(dir).sort()).toEqual(['src/data.json', 'src/main.ts', 'src/value.ts']);
  });
});

test('what it compiles is what tsc emits for the package, file for file (slow: tsc builds the whole project)', () => {
  const out = tempDir();
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out, '--declaration', 'false'], { encoding: 'utf8' });
  expect(tsc.stdout).toBe('');
  // A scratch clone of the sources, compiled by ensureBuilt.
  const clone = tempDir();
  for (const entry of ['src', 'imports', 'scripts', 'tsconfig.json', 'tsconfig.build.json']) fs.cpSync(path.join(ROOT, entry), path.join(clone, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  const compiled = build.ensureBuilt(clone).filter((f) => f.endsWith('.ts'));
  expect(compiled.length).toBeGreaterThan(100);
  const differing = compiled.filter((f) => {
    const js = f.replace(/\.ts$/, '.js');
    return fs.readFileSync(path.join(clone, 'lib', js), 'utf8') !== fs.readFileSync(path.join(out, js), 'utf8');
  });
  expect(differing).toEqual([]);
}, 120_000);
