#!/usr/bin/env node
// The calico-stack command of the installed package: the CLI (src/app/main.ts) as compiled into lib/ by
// `npm run build` (the `prepare` script). In a clone, `npm run synth|check|plan` runs the same CLI
// through scripts/run.js instead (bundled, with a code cache and the render cache).
'use strict';
require('../lib/src/app/main.js');
