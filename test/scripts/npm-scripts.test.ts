/**
 * One way to run: every npm script, the package's bin and cdk8s.yaml start Node.js and nothing
 * else — no shell script, no POSIX tool (`sh`, `stat`), no shell syntax but `&&` (which cmd.exe
 * knows too) — so they run the same on Linux, macOS and Windows.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from '../util';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
/** Programs an npm script may start: Node.js itself, or the bin of a package the project installs (a Node.js program). */
const NODE_PROGRAMS = new Set(['node', 'tsc', 'jest', 'typedoc']);

test.each(Object.entries(pkg.scripts))('npm run %s starts only Node.js programs', (_name, script) => {
  expect(script).not.toMatch(/[|;<>`$]|\bsh\b|\bstat\b|\bbash\b/);
  for (const command of script.split('&&').map((c) => c.trim())) {
    const program = command.split(/\s+/)[0];
    expect(NODE_PROGRAMS.has(program) ? program : command).toBe(program);
    if (program !== 'node') expect(fs.existsSync(path.join(ROOT, 'node_modules', '.bin', program))).toBe(true);
  }
});

test('npm run synth, check, plan, adopt, drift and from-helm run the package\'s bin, as cdk8s.yaml does', () => {
  const bin = pkg.bin['calico-stack'];
  for (const command of ['synth', 'check', 'plan', 'adopt', 'drift', 'from-helm']) expect(pkg.scripts[command]).toBe(`node ${bin} ${command}`);
  expect((parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { app: string }).app).toBe(`node ${bin} synth`);
  const text = fs.readFileSync(path.join(ROOT, bin), 'utf8');
  expect(text.split('\n')[0]).toBe('#!/usr/bin/env node');
  expect(text).not.toMatch(/child_process|spawn|exec/);
});
