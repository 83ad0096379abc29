#!/usr/bin/env node
// npm's prepare, after the bundle is built (node scripts/run.js --build src/app/main.ts): makes the first
// `npm run synth` after `npm ci` start fast, with two things that only the shipped example clusters'
// code paths decide, never their results:
//
// 1. The V8 code cache of the bundle (for runs started without the snapshot): the examples are
//    rendered once, in one process, from a copy in a temporary folder into a temporary folder
//    (never into dist/, without the render cache), so scripts/run.js caches the code of every path
//    they take (the render, the checks, CEL rules of calico.installation, BGP). Skipped when the
//    code cache exists.
// 2. The startup snapshot .build/src/app/main.blob (scripts/run.sh starts npm run synth|check|plan from
//    it): `node --build-snapshot scripts/run.js src/app/main.ts <example files>` loads the bundle, has it
//    check and render the examples in memory (nothing is written) and forget every result, and
//    saves the heap: loaded modules and compiled code. Next to it, .build/src/app/main.blob.node stamps
//    the node binary that built it (device, inode, size, change time, as `stat` prints them), which
//    is the only binary that can start it. Built with NODE_OPTIONS unset: V8 flags in it would have
//    to be in every run's (scripts/run.sh starts the snapshot only when NODE_OPTIONS holds nothing
//    but preloads). CALICO_STACK_SNAPSHOT=0 builds none.
//
// Does nothing when no example is left. A failure only loses the speed-up (it is said on stderr),
// never fails the install.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** The shipped examples: clusters/<name>.yaml, with clusters/<name>/ when it names files there. */
const EXAMPLES = ['kans-homelab', 'baremetal-bgp'];
const ENTRY = 'src/app/main.ts';
const clusters = path.join(root, 'clusters');
const present = EXAMPLES.filter((name) => fs.existsSync(path.join(clusters, `${name}.yaml`)));
const build = path.join(root, '.build', ENTRY.replace(/\.ts$/, ''));
const { NODE_OPTIONS: _unset, ...env } = process.env;

function warmCodeCache() {
  if (fs.existsSync(`${build}.js.cache`)) return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'calico-stack-warm-up-'));
  try {
    for (const name of present) {
      fs.cpSync(path.join(clusters, `${name}.yaml`), path.join(tmp, 'clusters', `${name}.yaml`));
      if (fs.existsSync(path.join(clusters, name))) fs.cpSync(path.join(clusters, name), path.join(tmp, 'clusters', name), { recursive: true });
    }
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'run.js'), ENTRY, 'synth', '--no-cache', '--clusters', path.join(tmp, 'clusters'), '--dist', path.join(tmp, 'dist')], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`warm-up render of the shipped examples failed (the first synth will be slower):\n${r.stderr}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `stat -L -c '%d %i %s %Z'` of the node binary running this script. */
function nodeStamp() {
  const s = fs.statSync(process.execPath);
  return `${s.dev} ${s.ino} ${s.size} ${Math.floor(s.ctimeMs / 1000)}\n`;
}

/** Whether a process with this id runs (a warm-up killed before it renamed its files left them). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function buildSnapshot() {
  const blob = `${build}.blob`;
  const stamp = `${blob}.node`;
  // First the stamp: without it, no run starts from a blob, whatever state this leaves.
  fs.rmSync(stamp, { force: true });
  fs.rmSync(blob, { force: true });
  // What a killed warm-up left: its half-written snapshot or stamp (each holds its pid).
  const prefix = `${path.basename(blob)}.`;
  for (const name of fs.readdirSync(path.dirname(blob))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(?:node\.)?(\d+)\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (pid > 0 && pid !== process.pid && !alive(pid)) fs.rmSync(path.join(path.dirname(blob), name), { force: true });
  }
  if (process.env.CALICO_STACK_SNAPSHOT === '0') return;
  const tmp = `${blob}.${process.pid}.tmp`;
  try {
    const files = present.map((name) => path.join('clusters', `${name}.yaml`));
    const r = spawnSync(process.execPath, ['--snapshot-blob', tmp, '--build-snapshot', path.join('scripts', 'run.js'), ENTRY, ...files], { cwd: root, encoding: 'utf8', env });
    if (r.status !== 0 || !fs.existsSync(tmp)) {
      const said = r.error ? r.error.message : r.stderr.split('\n').filter((line) => line !== '' && !isSnapshotNotice(line)).join('\n');
      process.stderr.write(`the startup snapshot was not built (npm run synth will start slower): ${said || `exit ${r.status}`}\n`);
      return;
    }
    fs.renameSync(tmp, blob);
    fs.writeFileSync(`${stamp}.${process.pid}.tmp`, nodeStamp());
    fs.renameSync(`${stamp}.${process.pid}.tmp`, stamp);
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${stamp}.${process.pid}.tmp`, { force: true });
  }
}

/** Node's notes while building a snapshot that some built-in modules are not yet verified in snapshots. */
function isSnapshotNotice(line) {
  return /^\(node:\d+\) Warning: It's not yet fully verified whether built-in module|^It may still work in some cases|^To request support for the module|^\(Use `node --trace-warnings/.test(line);
}

if (present.length > 0 && fs.existsSync(`${build}.js`)) {
  // Any error (a full disk, a folder not writable) costs the speed-up only: the install goes on.
  // A snapshot left without its stamp, or with the stamp removed first, is never started.
  try {
    warmCodeCache();
  } catch (err) {
    process.stderr.write(`warm-up render of the shipped examples failed (the first synth will be slower): ${err.message}\n`);
  }
  try {
    buildSnapshot();
  } catch (err) {
    process.stderr.write(`the startup snapshot was not built (npm run synth will start slower): ${err.message}\n`);
  }
}
