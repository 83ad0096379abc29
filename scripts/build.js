#!/usr/bin/env node
// Compiles the TypeScript of a calico-stack clone into lib/, the JavaScript that runs:
//
//   node scripts/build.js            the package build (npm's prepare): lib/ from scratch with tsc,
//                                    declarations included, then lib/build-info.json
//   node scripts/build.js --changed  lib/ brought up to date, changed files only (the npm scripts that
//                                    run a maintainer script of scripts/, before `node lib/scripts/…`)
//   require('./build').ensureBuilt(root)
//                                    what bin/calico-stack.js does first in a clone: lib/ brought up
//                                    to date with the sources, changed files only
//
// lib/build-info.json records the SHA-256 of every source file (src/, imports/, scripts/ .ts, and
// the .json files next to them) and of the compiler settings. ensureBuilt() checks every source on
// every run: by what stat(2) says of it (device, inode, size, mtime and ctime in ns) when that was
// recorded at a moment the file had not changed for 2 s — any write changes the ctime, which no
// tool can set back, so a same-size edit whose mtime was restored is still seen (git's "racily
// clean" rule) — and otherwise by reading and hashing its contents. It recompiles each changed file with TypeScript's own transpiler
// (ts.transpileModule: the same JavaScript tsc emits, as test/build.slow.test.ts checks, without
// type checking, which is `npm test`). Files are replaced by rename, build-info.json last, and only
// files the previous build-info lists are ever removed from lib/.
'use strict';
const fs = require('fs');
const path = require('path');

const INFO = 'build-info.json';
/** Where sources are, relative to the project root; compiled to lib/<same path>. */
const SOURCE_DIRS = ['src', 'imports', 'scripts'];
/** Files whose content shapes every output file. */
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json'];

/** Every source below the project: `/`-separated paths, sorted; .ts (not .d.ts) and .json. */
function sources(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && ((p.endsWith('.ts') && !p.endsWith('.d.ts')) || p.endsWith('.json'))) out.push(p);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) walk(dir);
  return out.sort();
}

/** SHA-256 hex; crypto is loaded only when a file must be hashed (a run whose sources did not change hashes none). */
function sha256(data) {
  return require('crypto').createHash('sha256').update(data).digest('hex');
}

/** What stat(2) says of a file, as recorded: device, inode, size, mtime and ctime in ns. */
function statKey(file) {
  const st = fs.statSync(file, { bigint: true });
  return { key: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`, changedNs: st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs };
}

/** A file changed within this long of being recorded could change again within the timestamps' granularity: hashed next time. */
const RACY_NS = 2_000_000_000n;

/**
 * What lib/ must have been built from: each source's hash (taken from `known` when what stat(2)
 * says of the file is what `known` recorded), its stat record where it may be trusted next time,
 * and the settings' and compiler's hashes.
 */
function currentInputs(root, known) {
  const files = {};
  const stats = {};
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const file of sources(root)) {
    const abs = path.join(root, file);
    const { key, changedNs } = statKey(abs);
    files[file] = known?.stats?.[file] === key && known.files[file] ? known.files[file] : sha256(fs.readFileSync(abs));
    if (now - changedNs > RACY_NS) stats[file] = key;
  }
  const settingsStats = SETTINGS.map((f) => statKey(path.join(root, f)));
  const settingsKey = settingsStats.every(({ changedNs }) => now - changedNs > RACY_NS) ? settingsStats.map((k) => k.key).join(' ') : undefined;
  const settings = known?.settingsKey !== undefined && known.settingsKey === settingsKey
    ? known.settings
    : sha256(SETTINGS.map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\0'));
  const compiler = require(path.join(root, 'node_modules', 'typescript', 'package.json')).version;
  return { format: 1, compiler, settings, ...(settingsKey !== undefined ? { settingsKey } : {}), files, stats };
}

/** The output of a source in lib/ (`src/a.ts` → `lib/src/a.js`). */
function outputOf(root, file) {
  return path.join(root, 'lib', file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file);
}

function readInfo(root) {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(root, 'lib', INFO), 'utf8'));
    return info && info.format === 1 && typeof info.files === 'object' ? info : undefined;
  } catch {
    return undefined;
  }
}

function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/**
 * Brings lib/ of the clone at `root` up to date with its sources; returns the paths it compiled
 * (none when lib/ was current). A change of the compiler settings or of TypeScript recompiles all.
 */
function ensureBuilt(root) {
  const have = readInfo(root);
  const want = currentInputs(root, have);
  const same = have && have.compiler === want.compiler && have.settings === want.settings;
  const changed = Object.keys(want.files).filter((f) => !same || have.files[f] !== want.files[f]);
  const removed = have ? Object.keys(have.files).filter((f) => !(f in want.files)) : [];
  if (changed.length === 0 && removed.length === 0) {
    // Record the files that have since stopped changing, so the next run need not read them.
    if (want.settingsKey !== have.settingsKey || Object.keys(want.stats).some((f) => have.stats?.[f] !== want.stats[f])) writeAtomically(path.join(root, 'lib', INFO), `${JSON.stringify(want, null, 1)}\n`);
    return [];
  }
  const ts = require(path.join(root, 'node_modules', 'typescript'));
  const options = compilerOptions(ts, root);
  for (const file of changed) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const output = file.endsWith('.ts') ? ts.transpileModule(text, { compilerOptions: options, fileName: path.join(root, file) }).outputText : text;
    writeAtomically(outputOf(root, file), output);
  }
  for (const file of removed) {
    for (const out of [outputOf(root, file), outputOf(root, file).replace(/\.js$/, '.d.ts')]) fs.rmSync(out, { force: true });
  }
  writeAtomically(path.join(root, 'lib', INFO), `${JSON.stringify(want, null, 1)}\n`);
  return changed;
}

/** The options of tsconfig.build.json, as tsc reads them. */
function compilerOptions(ts, root) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, host);
  return { ...parsed.options, declaration: false, declarationMap: false, noEmit: false };
}

/** The package build: lib/ from scratch with tsc (declarations too), the .json sources, build-info.json. */
function build(root) {
  fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = require('child_process').spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const info = currentInputs(root, undefined);
  // tsc emits only the .json files a module imports; data read at run time (crd-schemas.json) too.
  for (const file of Object.keys(info.files).filter((f) => f.endsWith('.json'))) writeAtomically(outputOf(root, file), fs.readFileSync(path.join(root, file)));
  writeAtomically(path.join(root, 'lib', INFO), `${JSON.stringify(info, null, 1)}\n`);
}

module.exports = { ensureBuilt, build, sources, INFO };

if (require.main === module) {
  const root = path.join(__dirname, '..');
  const args = process.argv.slice(2);
  // The installed package has lib/ and no sources: npm's prepare of it has nothing to do.
  if (!fs.existsSync(path.join(root, 'src'))) process.exit(0);
  if (args.length === 0) build(root);
  else if (args.length === 1 && args[0] === '--changed') ensureBuilt(root);
  else {
    process.stderr.write(`usage: node scripts/build.js [--changed]\n  (no option: the package build with tsc; --changed: recompile the changed sources only)\n`);
    process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
  }
}
