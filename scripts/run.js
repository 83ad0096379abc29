#!/usr/bin/env node
// Runs a TypeScript entry point from precompiled JavaScript.
//
//   node scripts/run.js <entry.ts> [args...]
//
// The entry is bundled with esbuild into .build/<entry>.js (node_modules stay external).
// Next to the bundle, .build/<entry>.inputs.json records every source file that went into it with
// its size and mtime; the bundle is rebuilt only when one of them changed, so an unchanged tree
// starts as fast as plain Node.js. Type checking is `npm run typecheck` (tsc), not this script.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run.js <entry.ts> [args...]\n');
  process.exit(2);
}
const entry = path.relative(root, path.resolve(entryArg));
const outBase = path.join(root, '.build', entry.replace(/\.ts$/, ''));
const outFile = `${outBase}.js`;
const inputsFile = `${outBase}.inputs.json`;

function fingerprint(file) {
  try {
    const st = fs.statSync(path.join(root, file));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(outFile)) return false;
  return Object.entries(recorded).every(([file, fp]) => fingerprint(file) === fp);
}

function build() {
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  // Write through a temporary file and rename, so a concurrent run never loads a half-written bundle.
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
  }
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) inputs[file] = fingerprint(file);
  inputs['package-lock.json'] = fingerprint('package-lock.json');
  const tmp = `${inputsFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(inputs, null, 1)}\n`);
  fs.renameSync(tmp, inputsFile);
}

if (!isFresh()) build();
process.argv = [process.argv[0], outFile, ...args];
require(outFile);
