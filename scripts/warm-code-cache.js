#!/usr/bin/env node
// npm's prepare, after the bundle is built: renders the shipped example clusters once, in one
// process, from a copy in a temporary folder into a temporary folder (never into dist/, and
// without the render cache), so that scripts/run.js writes the V8 code cache of every code path
// they take (the render, the checks, CEL rules of calico.installation, BGP). The first
// `npm run synth` after `npm ci` then compiles little JavaScript. Does nothing when the code cache
// exists or no example is left; a failure only loses the speed-up, never fails the install.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** The shipped examples: clusters/<name>.yaml, with clusters/<name>/ when it names files there. */
const EXAMPLES = ['kans-homelab', 'baremetal-bgp'];
const clusters = path.join(root, 'clusters');
const present = EXAMPLES.filter((name) => fs.existsSync(path.join(clusters, `${name}.yaml`)));

if (present.length > 0 && !fs.existsSync(path.join(root, '.build', 'src', 'main.js.cache'))) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-warm-up-'));
  try {
    for (const name of present) {
      fs.cpSync(path.join(clusters, `${name}.yaml`), path.join(tmp, 'clusters', `${name}.yaml`));
      if (fs.existsSync(path.join(clusters, name))) fs.cpSync(path.join(clusters, name), path.join(tmp, 'clusters', name), { recursive: true });
    }
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run.js'), 'src/main.ts', 'synth', '--no-cache', '--clusters', path.join(tmp, 'clusters'), '--dist', path.join(tmp, 'dist')], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`warm-up render of the shipped examples failed (the first synth will be slower):\n${r.stderr}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
