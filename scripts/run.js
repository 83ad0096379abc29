#!/usr/bin/env node
// Runs a TypeScript entry point from precompiled JavaScript, fast.
//
//   node scripts/run.js <entry.ts> [args...]
//   node scripts/run.js --build <entry.ts>     only brings the bundle up to date (npm's prepare runs it)
//
// 1. The entry and everything it imports, node_modules included, is bundled with esbuild into one
//    file, .build/<entry>.js. Next to it, .build/<entry>.inputs.json records the SHA-256 of the
//    contents of every project file that went in (esbuild's metafile), of tsconfig.json,
//    package.json, npm's lock files (node_modules/.package-lock.json changes whenever npm installs
//    something) and of this script. Every run hashes them again and rebuilds when one differs, so
//    the code that runs is always the code in the sources: sizes and mtimes are not trusted (a
//    same-size edit whose mtime was restored, as a git checkout can leave it, is still seen).
// 2. The bundle is compiled through vm.Script with a V8 code cache (.build/<entry>.js.cache), written
//    after the first run of a new bundle, so later runs skip most parsing and compilation.
// 3. It sets CALICO_STACK_CODE_ID (a hash of the bundle) and, unless set, CALICO_STACK_CACHE_DIR,
//    which the synth's render cache uses (src/output/render-cache.ts).
// 4. The bundle has no comments and no indentation (smaller, ASCII: quick to read and compile) and
//    no source map, unless CALICO_STACK_SOURCEMAP=1: then the bundle gets a linked .map and Node
//    maps stack traces through it (process.setSourceMapsEnabled). Nothing else reads the map, and
//    writing and loading it made a cold run slower and larger.
// An unchanged tree therefore starts about as fast as `node -e "require('cdk8s')"`. Type checking is
// `npm run typecheck` (tsc), not this script.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const root = path.resolve(__dirname, '..');
const buildOnly = process.argv[2] === '--build';
const [entryArg, ...args] = process.argv.slice(buildOnly ? 3 : 2);
if (!entryArg) {
  process.stderr.write('usage: node scripts/run.js <entry.ts> [args...] | node scripts/run.js --build <entry.ts>\n');
  process.exit(2);
}
/** With a source map (CALICO_STACK_SOURCEMAP=1, for debugging) or without (the default). */
const sourcemap = process.env.CALICO_STACK_SOURCEMAP === '1';
/** The build options that are not files: recorded with the inputs, so a change rebuilds. */
const OPTIONS_KEY = '(build options)';
const options = JSON.stringify({ sourcemap });
const entry = path.relative(root, path.resolve(entryArg));
const outBase = path.join(root, '.build', entry.replace(/\.ts$/, ''));
const outFile = `${outBase}.js`;
const inputsFile = `${outBase}.inputs.json`;
const cacheFile = `${outFile}.cache`;
const idFile = `${outBase}.id`;

/** Files that shape every bundle besides the sources esbuild reports (paths relative to root). */
const CONFIG_INPUTS = ['tsconfig.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', path.relative(root, __filename)];

/** SHA-256 of a project file's contents, or 'missing'. */
function digest(file) {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest('hex');
  } catch {
    return 'missing';
  }
}

/** True when the bundle exists and every input recorded at its build still has the same contents. */
function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(outFile) || !fs.existsSync(idFile)) return false;
  if (!CONFIG_INPUTS.every((file) => file in recorded) || recorded[OPTIONS_KEY] !== options) return false;
  return Object.entries(recorded).every(([file, hash]) => file === OPTIONS_KEY || digest(file) === hash);
}

/** Writes through a temporary file and a rename, so a concurrent run never reads half a file. */
function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** The files esbuild read for the bundle, but not installed packages (covered by npm's lock files). */
function projectInputs(metafile) {
  return Object.keys(metafile.inputs).filter((file) => !file.split('/').includes('node_modules'));
}

function build() {
  const esbuild = require('esbuild');
  const started = Date.now();
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // esbuild itself is never part of a bundle; fs-native-extensions loads a native addon from its
    // own folder (the output lock, src/output/lock.ts). The CEL evaluator (src/common/crd-schema.ts)
    // is bundled, so the code cache covers it, and initialised only when a rule is first evaluated.
    external: ['esbuild', 'fs-native-extensions'],
    sourcemap: sourcemap ? 'linked' : false,
    // No comments and no indentation: the bundle is half the size and pure ASCII (some packages'
    // comments are not), which Node reads several times faster than UTF-8. Names are kept.
    minifyWhitespace: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.rmSync(cacheFile, { force: true });
  if (!sourcemap) fs.rmSync(`${outFile}.map`, { force: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  // The bundle's id: the render cache (src/output/render-cache.ts) keys entries by it.
  const bundle = result.outputFiles.find((f) => f.path === outFile);
  writeAtomically(idFile, crypto.createHash('sha256').update(bundle.contents).digest('hex'));
  const inputs = { [OPTIONS_KEY]: options };
  for (const file of [...new Set([...projectInputs(result.metafile), ...CONFIG_INPUTS])].sort()) {
    // A file saved while esbuild ran may be newer than what went into the bundle: record it as
    // changed, so the next run builds again. (Not files dated in the future: they would never settle.)
    let modified = 0;
    try {
      modified = fs.statSync(path.join(root, file)).mtimeMs;
    } catch {
      // missing: recorded as such
    }
    inputs[file] = modified >= started && modified <= Date.now() ? 'modified during the build' : digest(file);
  }
  writeAtomically(inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Runs the bundle as the main module, compiled with (and, the first time, producing) a V8 code cache. */
function runBundle() {
  const bytes = fs.readFileSync(outFile);
  const source = require('buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: outFile, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomically(cacheFile, script.createCachedData());
      } catch {
        // A read-only checkout only loses the speed-up.
      }
    });
  }
  const mod = new Module(outFile, null);
  mod.filename = outFile;
  mod.paths = Module._nodeModulePaths(path.dirname(outFile));
  process.mainModule = mod;
  const req = (id) => mod.require(id);
  req.resolve = (id) => Module._resolveFilename(id, mod);
  req.main = mod;
  req.cache = Module._cache;
  process.argv = [process.argv[0], outFile, ...args];
  process.env.CALICO_STACK_CODE_ID = fs.readFileSync(idFile, 'utf8');
  // A caller may put the render cache elsewhere (the tests keep it in their own TMPDIR).
  process.env.CALICO_STACK_CACHE_DIR ??= path.join(root, '.build', 'render-cache');
  script.runInThisContext()(mod.exports, req, mod, outFile, path.dirname(outFile));
}

if (!isFresh()) build();
if (!buildOnly) {
  if (sourcemap) process.setSourceMapsEnabled(true);
  runBundle();
}
