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
//    which the synth's render cache uses (src/app/output/render-cache.ts).
// 4. The bundle has no comments and no indentation (smaller, ASCII: quick to read and compile) and
//    no source map, unless CALICO_STACK_SOURCEMAP=1: then the bundle gets a linked .map and Node
//    maps stack traces through it (process.setSourceMapsEnabled). Nothing else reads the map, and
//    writing and loading it made a cold run slower and larger.
// 5. Startup snapshot. Run as the entry of `node --snapshot-blob <file> --build-snapshot scripts/run.js
//    <entry.ts> [args...]` (scripts/warm-up.js, in npm's prepare), it loads the fresh bundle without
//    running it, calls the bundle's `startupSnapshot.warmUp(args)`, and makes the snapshot start
//    `startupSnapshot.run()` (src/app/main.ts). A process started from that snapshot (scripts/run.sh)
//    uses the loaded bundle only when it is still the bundle of the same project folder and fresh;
//    otherwise it runs this file from disk, as if started without the snapshot. Rebuilding the
//    bundle removes the snapshot.
// An unchanged tree therefore starts about as fast as `node -e "require('cdk8s')"`. Type checking is
// `npm run typecheck` (tsc), not this script.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

/** With a source map (CALICO_STACK_SOURCEMAP=1, for debugging) or without (the default). */
const sourcemap = process.env.CALICO_STACK_SOURCEMAP === '1';
/** The build options that are not files: recorded with the inputs, so a change rebuilds. */
const OPTIONS_KEY = '(build options)';
/**
 * Where the inputs record what stat(2) said of a file (device, inode, size, mtime and ctime in ns)
 * when that file had not changed for 2 s: while it says the same, the file has the same contents
 * and is not read and hashed again. Any write changes its ctime, which no user tool can set back;
 * only a write within the timestamps' granularity of the recorded state could keep it, hence the
 * 2 s (git's "racily clean" entries). Every other file is hashed on every run.
 */
const STATS_KEY = '(unchanged since)';
const RACY_MS = 2000;

/** What the inputs record of a bigint fs.Stats. */
function statRecord(s) {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** What stat(2) says of a project file, or 'missing'. */
function statKey(root, file) {
  try {
    return statRecord(fs.statSync(path.join(root, file), { bigint: true }));
  } catch {
    return 'missing';
  }
}
const options = JSON.stringify({ sourcemap });

/** The files of one entry point of the project in `root`, given as on the command line. */
function layout(root, entryArg) {
  const entry = path.relative(root, path.resolve(entryArg));
  const outBase = path.join(root, '.build', entry.replace(/\.ts$/, ''));
  const outFile = `${outBase}.js`;
  return {
    root,
    entry,
    outFile,
    inputsFile: `${outBase}.inputs.json`,
    cacheFile: `${outFile}.cache`,
    idFile: `${outBase}.id`,
    /** The startup snapshot (scripts/warm-up.js writes it) and the stamp of the node binary that built it (scripts/run.sh reads it). */
    blobFile: `${outBase}.blob`,
    blobStampFile: `${outBase}.blob.node`,
    /** Files that shape every bundle besides the sources esbuild reports (paths relative to root). */
    configInputs: ['tsconfig.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json', path.join('scripts', 'run.js')],
  };
}

/** SHA-256 of a project file's contents, or 'missing'. */
function digest(root, file) {
  try {
    return crypto.createHash('sha256').update(fs.readFileSync(path.join(root, file))).digest('hex');
  } catch {
    return 'missing';
  }
}

/** True when the bundle exists and every input recorded at its build still has the same contents. */
function isFresh(l) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(l.inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(l.outFile) || !fs.existsSync(l.idFile)) return false;
  if (!l.configInputs.every((file) => file in recorded) || recorded[OPTIONS_KEY] !== options) return false;
  const stats = recorded[STATS_KEY] ?? {};
  return Object.entries(recorded).every(([file, hash]) => file === OPTIONS_KEY || file === STATS_KEY
    || (stats[file] !== undefined && statKey(l.root, file) === stats[file]) || digest(l.root, file) === hash);
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

/**
 * fs-native-extensions (the output lock, src/app/output/lock.ts) is bundled, its JavaScript and that of
 * the addon loader it uses (require-addon, bare-addon-resolve: compiling them on every run took about
 * 10 ms), but its native addon stays where npm put it: its binding.js looks the addon up from its own
 * __filename, which a bundle does not keep, so the bundle gives it the path Node resolves at run time.
 */
const NATIVE_ADDON_FROM_ITS_PACKAGE = {
  name: 'native-addon-from-its-package',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]fs-native-extensions[\\/]binding\.js$/ }, (args) => ({
      contents: "module.exports = require('require-addon')('.', require.resolve('fs-native-extensions/binding.js'));\n",
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * Packages that another package bundles a copy of (npm's bundledDependencies, which npm never
 * dedupes): cdk8s ships its own yaml. When that copy is the same version as the project's, the
 * bundle holds one, which every importer uses (one module to load and initialise, not two).
 */
function sharedCopies(root) {
  const version = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  const own = version('node_modules/yaml');
  return own !== undefined && own === version('node_modules/cdk8s/node_modules/yaml') ? { yaml: path.join(root, 'node_modules', 'yaml') } : {};
}

async function build(l) {
  const esbuild = require('esbuild');
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: l.root,
    entryPoints: [l.entry],
    outfile: l.outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // esbuild itself is never part of a bundle. The CEL evaluator (src/lib/common/crd-schema.ts) is
    // bundled, so the code cache covers it, and initialised only when a rule is first evaluated.
    external: ['esbuild', 'fs-native-extensions/binding.js'],
    plugins: [NATIVE_ADDON_FROM_ITS_PACKAGE],
    alias: sharedCopies(l.root),
    sourcemap: sourcemap ? 'linked' : false,
    // No comments and no indentation: the bundle is half the size and pure ASCII (some packages'
    // comments are not), which Node reads several times faster than UTF-8. Names are kept.
    minifyWhitespace: true,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(path.dirname(l.outFile), { recursive: true });
  // The snapshot holds the previous bundle: gone, so that no run starts it only to leave it.
  for (const file of [l.blobStampFile, l.blobFile, l.cacheFile]) fs.rmSync(file, { force: true });
  if (!sourcemap) fs.rmSync(`${l.outFile}.map`, { force: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  // The bundle's id: the render cache (src/app/output/render-cache.ts) keys entries by it.
  const bundle = result.outputFiles.find((f) => f.path === l.outFile);
  writeAtomically(l.idFile, crypto.createHash('sha256').update(bundle.contents).digest('hex'));
  const inputs = { [OPTIONS_KEY]: options };
  const stats = {};
  for (const file of [...new Set([...projectInputs(result.metafile), ...l.configInputs])].sort()) {
    // A file saved while esbuild ran may be newer than what went into the bundle: record it as
    // changed, so the next run builds again. (Not files dated in the future: they would never settle.)
    let s;
    try {
      // Stated before it is read: a write after this changes what stat says.
      s = fs.statSync(path.join(l.root, file), { bigint: true });
    } catch {
      // missing: recorded as such
    }
    const modified = s ? Number(s.mtimeNs / 1000000n) : 0;
    inputs[file] = modified >= started && modified <= Date.now() ? 'modified during the build' : digest(l.root, file);
    if (s && Number(s.ctimeNs / 1000000n) < started - RACY_MS && inputs[file] !== 'modified during the build') {
      stats[file] = statRecord(s);
    }
  }
  inputs[STATS_KEY] = stats;
  writeAtomically(l.inputsFile, `${JSON.stringify(inputs, null, 1)}\n`);
}

/** The bundle's source, read as ASCII when it is (several times faster than UTF-8). */
function bundleSource(l) {
  const bytes = fs.readFileSync(l.outFile);
  return require('buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The module the bundle runs as: the main module, resolving packages from the bundle's folder. */
function bundleModule(l) {
  const mod = new Module(l.outFile, null);
  mod.filename = l.outFile;
  mod.paths = Module._nodeModulePaths(path.dirname(l.outFile));
  const req = (id) => mod.require(id);
  req.resolve = (id) => Module._resolveFilename(id, mod);
  req.main = mod;
  req.cache = Module._cache;
  return { mod, req };
}

/** What the bundle finds in the process when it runs: the main module, its arguments and the environment. */
function enter(l, mod, args) {
  process.mainModule = mod;
  process.argv = [process.argv[0], l.outFile, ...args];
  process.env.CALICO_STACK_CODE_ID = fs.readFileSync(l.idFile, 'utf8');
  // A caller may put the render cache elsewhere (the tests keep it in their own TMPDIR).
  process.env.CALICO_STACK_CACHE_DIR ??= path.join(l.root, '.build', 'render-cache');
}

/** Runs the bundle as the main module, compiled with (and, the first time, producing) a V8 code cache. */
function runBundle(l, args) {
  const source = bundleSource(l);
  let cachedData;
  try {
    cachedData = fs.readFileSync(l.cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), { filename: l.outFile, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomically(l.cacheFile, script.createCachedData());
      } catch {
        // A read-only checkout only loses the speed-up.
      }
    });
  }
  const { mod, req } = bundleModule(l);
  enter(l, mod, args);
  script.runInThisContext()(mod.exports, req, mod, l.outFile, path.dirname(l.outFile));
}

/** node scripts/run.js [--build] <entry.ts> [args...] */
async function main(root, argv) {
  const buildOnly = argv[0] === '--build';
  const [entryArg, ...args] = argv.slice(buildOnly ? 1 : 0);
  if (!entryArg) {
    process.stderr.write('usage: node scripts/run.js <entry.ts> [args...] | node scripts/run.js --build <entry.ts>\n');
    process.exit(2);
  }
  const l = layout(root, entryArg);
  if (!isFresh(l)) await build(l);
  if (!buildOnly) {
    if (sourcemap) process.setSourceMapsEnabled(true);
    runBundle(l, args);
  }
}

/**
 * Inside `node --build-snapshot`: loads the fresh bundle of `entryArg` (it sees that a snapshot is
 * being built and does not run), warms it up with `args`, and sets what a process started from the
 * snapshot runs.
 */
function buildSnapshot(root, [entryArg, ...args]) {
  const l = layout(root, entryArg ?? '');
  if (!entryArg || !isFresh(l)) throw new Error(`no fresh bundle of ${entryArg} to snapshot: run node scripts/run.js --build ${entryArg} first`);
  const id = fs.readFileSync(l.idFile, 'utf8');
  const { mod, req } = bundleModule(l);
  vm.runInThisContext(Module.wrap(bundleSource(l)), { filename: l.outFile })(mod.exports, req, mod, l.outFile, path.dirname(l.outFile));
  const hooks = mod.exports.startupSnapshot;
  if (typeof hooks?.warmUp !== 'function' || typeof hooks.run !== 'function') throw new Error(`${l.entry} exports no startupSnapshot { warmUp, run }`);
  hooks.warmUp(args);
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // process.argv: [node, scripts/run.js as given, <entry.ts>, args...]
    const script = path.resolve(process.argv[1]);
    const here = path.resolve(path.dirname(script), '..');
    const [entryNow, ...argsNow] = process.argv.slice(2);
    const now = entryNow === undefined ? undefined : layout(here, entryNow);
    const sameOptions = JSON.stringify({ sourcemap: process.env.CALICO_STACK_SOURCEMAP === '1' }) === options;
    if (now && here === root && now.entry === l.entry && sameOptions && isFresh(now) && fs.readFileSync(now.idFile, 'utf8') === id) {
      mod.paths = Module._nodeModulePaths(path.dirname(l.outFile));
      if (process.env.CALICO_STACK_DEBUG) process.stderr.write(`scripts/run.js: started from the startup snapshot of ${path.relative(root, l.outFile)}\n`);
      enter(l, mod, argsNow);
      hooks.run();
    } else {
      // Another folder, entry or bundle: this file from disk, as without the snapshot.
      process.argv[1] = script;
      Module.createRequire(script)(script);
    }
  });
}

if (v8.startupSnapshot.isBuildingSnapshot()) buildSnapshot(path.resolve(__dirname, '..'), process.argv.slice(2));
else {
  main(path.resolve(__dirname, '..'), process.argv.slice(2)).catch((err) => {
    // esbuild has printed what failed to compile; anything else is said here.
    if (!Array.isArray(err?.errors)) process.stderr.write(`${err?.stack ?? err}\n`);
    process.exitCode = 1;
  });
}
