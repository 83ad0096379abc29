#!/usr/bin/env node
// npm's prepare, after the bundle is built: renders the shipped example once into a temporary
// folder (never into dist/, and without the render cache), so that scripts/run.js writes the V8
// code cache of the whole render path. The first `npm run synth` after `npm ci` then compiles no
// JavaScript. Does nothing when the example is gone or the code cache exists; a failure only loses
// the speed-up, never fails the install.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'clusters', 'kans-homelab.yaml');
if (fs.existsSync(example) && !fs.existsSync(path.join(root, '.build', 'src', 'main.js.cache'))) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-warm-up-'));
  try {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run.js'), 'src/main.ts', 'synth', '--no-cache', '--config', example, '--out', path.join(out, 'kans-homelab')], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`warm-up render of ${path.relative(root, example)} failed (the first synth will be slower):\n${r.stderr}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
