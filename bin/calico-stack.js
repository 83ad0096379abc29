#!/usr/bin/env node
// The calico-stack command: `calico-stack synth|check|plan|adopt|drift|from-helm [options]`. The package's bin, what
// `npm run synth|check|plan|adopt|drift|from-helm` run in a clone, and the app of cdk8s.yaml: one way to run the CLI.
// In a clone (the TypeScript sources are next to lib/), lib/ is first brought up to date with them
// (scripts/build.js), so the code that runs is always the code in src/.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
// Node 22.1+ keeps compiled code in a cache of its own (os.tmpdir()/node-compile-cache), so later
// runs skip most of the compilation.
require('module').enableCompileCache?.();
if (fs.existsSync(path.join(root, 'src', 'app', 'main.ts')) && fs.existsSync(path.join(root, 'scripts', 'build.js'))) {
  require('../scripts/build.js').ensureBuilt(root);
}
require('../lib/src/app/main.js').main(process.argv.slice(2));
