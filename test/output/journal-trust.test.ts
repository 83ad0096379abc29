/**
 * The transaction folder an output root holds is untrusted input (a commit can carry one): recovery
 * acts only on this machine's own interrupted run (a marker in the state folder vouches for the
 * exact journal), only on paths confined to the root (checked on the file system), and never over
 * files changed since the run wrote them. Anything else is refused with the folder's path and left
 * exactly as it is.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderStack } from '../../src/lib/render/render';
import { LOCK_FILE } from '../../src/app/output/lock';
import { OutputDirectory, OutputFolder, writeOutputFolders } from '../../src/app/output/output-directory';
import { markerPath, newRunId, writeMarker } from '../../src/app/output/provenance';
import { HandEditsError, JournalRefusedError, TXN_DIR } from '../../src/app/output/transaction';
import { FsFaults } from './fs-faults';
import { clusterDoc, config, tempDir } from '../util';

/** Every file and link below `dir` (links by target, files by content), by relative path; the lock file (a run's own) left out. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (f === LOCK_FILE) continue;
    const p = path.join(dir, f);
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) out[f] = `-> ${fs.readlinkSync(p)}`;
    else if (st.isFile()) out[f] = `${fs.readFileSync(p, 'utf8')} (mode ${(st.mode & 0o777).toString(8)})`;
    else if (st.isDirectory()) out[f] = '(folder)';
  }
  return out;
}

/** A project: `outside/` (what must never be touched: victim.txt, hooks/) and `dist/` (the output root). */
function project(): { base: string; root: string; outside: string } {
  const base = fs.realpathSync(tempDir());
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(outside, 'hooks'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'victim.txt'), 'the user\'s file\n');
  const root = path.join(base, 'dist');
  fs.mkdirSync(root);
  return { base, root, outside };
}

interface Planted {
  readonly runId?: string;
  readonly entries?: unknown[];
  readonly createDirs?: unknown[];
  readonly removeDirs?: unknown[];
  /** Files in the transaction folder, relative to it. */
  readonly files?: Record<string, string>;
  /** Also write a marker that vouches for this journal (as if provenance were somehow passed). */
  readonly vouched?: boolean;
}

/** Puts a transaction folder with a journal into `root`, as a commit could. Returns the folder. */
function plant(root: string, p: Planted): string {
  const txn = path.join(root, TXN_DIR);
  const runId = p.runId ?? newRunId();
  const journal = Buffer.from(JSON.stringify({ format: 2, runId, entries: p.entries ?? [], createDirs: p.createDirs ?? [], removeDirs: p.removeDirs ?? [] }));
  for (const dir of ['new', 'old']) fs.mkdirSync(path.join(txn, dir), { recursive: true });
  fs.writeFileSync(path.join(txn, 'journal.json'), journal);
  fs.writeFileSync(path.join(txn, 'run-id'), runId);
  for (const [file, text] of Object.entries(p.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(txn, file)), { recursive: true });
    fs.writeFileSync(path.join(txn, file), text, { mode: 0o755 });
  }
  if (p.vouched) writeMarker(root, runId, journal);
  return txn;
}

async function refused(root: string): Promise<string> {
  const err = await OutputDirectory.open(root, { lockTimeoutMs: 0 }).then((out) => {
    out.close();
    return undefined;
  }, (e: Error) => e);
  expect(err).toBeInstanceOf(JournalRefusedError);
  return err!.message;
}

describe('a journal that arrived with a commit', () => {
  test('is refused, not acted on: nothing deleted or created outside dist/, the folder left as it is', async () => {
    const { root, outside } = project();
    const runId = newRunId();
    const txn = plant(root, {
      runId,
      entries: [
        { path: '../outside/victim.txt', op: 'write', existed: false },
        { path: '../outside/hooks/pre-commit', op: 'write', existed: true },
      ],
      files: { 'old/1': '#!/bin/sh\necho planted\n' },
    });
    // The state folder exists (this machine ran calico-stack before), but holds no marker of that run.
    fs.mkdirSync(path.dirname(markerPath(root, runId)), { recursive: true, mode: 0o700 });
    const before = { outside: tree(outside), root: tree(root) };
    expect(await refused(root)).toBe(`refusing to act on ${txn}: no run of calico-stack on this machine wrote it (no marker ${markerPath(root, runId)}). `
      + 'It is not provably an interrupted run of calico-stack on this machine, '
      + `so it was left as it is and nothing was changed — check the output folders with Git (git status), then remove ${txn} yourself`);
    expect({ outside: tree(outside), root: tree(root) }).toEqual(before);
  });

  test.each([
    ['a ".." path', '../outside/victim.txt', 'has an empty, "." or ".." segment'],
    ['an absolute path', '/etc/hostname', 'is an absolute path'],
    ['".." partway down', 'a/../../outside/victim.txt', 'has an empty, "." or ".." segment'],
    ['a folder that is a symbolic link', 'link/victim.txt', 'passes through link, a symbolic link'],
    ['a symbolic link partway down', 'a/link/victim.txt', 'passes through a/link, a symbolic link'],
    ['calico-stack\'s transaction folder', `${TXN_DIR}/journal.json`, 'is calico-stack\'s own machinery, not an output folder'],
    ['the lock file', LOCK_FILE, 'is calico-stack\'s own machinery, not an output folder'],
    ['a file that is a symbolic link', 'a/hook', 'is a symbolic link'],
  ])('with %s is refused even when a marker vouches for it (confinement holds on its own)', async (_what, bad, reason) => {
    const { root, outside } = project();
    fs.mkdirSync(path.join(root, 'a'));
    fs.symlinkSync(outside, path.join(root, 'link'));
    fs.symlinkSync(outside, path.join(root, 'a', 'link'));
    fs.symlinkSync(path.join(outside, 'hooks'), path.join(root, 'a', 'hook'));
    for (const entry of [{ path: bad, op: 'delete', existed: true }, { path: bad, op: 'write', existed: false }]) {
      const txn = plant(root, { entries: [entry], files: { 'old/0': 'planted\n' }, vouched: true });
      const before = { outside: tree(outside), root: tree(root) };
      expect(await refused(root)).toContain(`refusing to act on ${txn}: journal.json names ${JSON.stringify(bad)}, which ${reason}.`);
      expect({ outside: tree(outside), root: tree(root) }).toEqual(before);
      fs.rmSync(txn, { recursive: true });
    }
  });

  test.each([
    ['createDirs', { createDirs: ['../outside/new'] }],
    ['removeDirs', { removeDirs: ['link'] }],
  ])('with a folder to %s outside the root is refused', async (_what, dirs) => {
    const { root, outside } = project();
    fs.symlinkSync(outside, path.join(root, 'link'));
    plant(root, { ...dirs, vouched: true });
    const before = tree(outside);
    expect(await refused(root)).toMatch(/journal\.json names "(\.\.\/outside\/new|link)", which (has an empty, "\." or "\.\." segment|is a symbolic link)\./);
    expect(tree(outside)).toEqual(before);
  });

  test.each(['old', 'new'])('with a symbolic link for its %s/ folder is refused', async (part) => {
    const { root, outside } = project();
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(outside, '0'), 'planted\n');
    const txn = plant(root, { entries: [{ path: 'a/f', op: 'write', existed: true }], vouched: true });
    fs.rmSync(path.join(txn, part), { recursive: true });
    fs.symlinkSync(outside, path.join(txn, part));
    expect(await refused(root)).toContain(`: ${part}/ is a symbolic link.`);
    expect(fs.existsSync(path.join(root, 'a', 'f'))).toBe(false);
    expect(fs.readFileSync(path.join(outside, '0'), 'utf8')).toBe('planted\n');
  });

  test('with a backup that is a symbolic link is refused', async () => {
    const { root, outside } = project();
    fs.mkdirSync(path.join(root, 'a'));
    const txn = plant(root, { entries: [{ path: 'a/f', op: 'write', existed: true }], vouched: true });
    fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(txn, 'old', '0'));
    expect(await refused(root)).toContain(': journal.json names "a/f", which has a backup that is not a regular file.');
    expect(fs.existsSync(path.join(root, 'a', 'f'))).toBe(false);
  });

  test('that is itself a symbolic link is refused', async () => {
    const { root, outside } = project();
    plant(outside, { entries: [{ path: 'a/f', op: 'delete', existed: true }] });
    fs.symlinkSync(path.join(outside, TXN_DIR), path.join(root, TXN_DIR));
    expect(await refused(root)).toContain(`refusing to act on ${path.join(root, TXN_DIR)}: it is a symbolic link.`);
  });

  test('that is not of this boot, or not the journal its marker names, or names no run id, is refused', async () => {
    const { root } = project();
    const runId = newRunId();
    plant(root, { runId, entries: [], vouched: true });
    const marker = markerPath(root, runId);
    const recorded = JSON.parse(fs.readFileSync(marker, 'utf8'));
    fs.writeFileSync(marker, JSON.stringify({ ...recorded, boot: { id: 'another-boot', time: recorded.boot.time - 86_400_000 } }));
    expect(await refused(root)).toContain(': the run was before the machine last started (what it wrote may not have reached the disk).');
    fs.writeFileSync(marker, JSON.stringify({ ...recorded, journal: crypto.createHash('sha256').update('another journal').digest('hex') }));
    expect(await refused(root)).toContain(': the journal is not the one its run wrote.');
    fs.writeFileSync(marker, JSON.stringify({ ...recorded, root: '/elsewhere' }));
    expect(await refused(root)).toContain(': its marker says the run wrote into "/elsewhere", not here.');
    fs.writeFileSync(marker, JSON.stringify(recorded));
    fs.writeFileSync(path.join(root, TXN_DIR, 'journal.json'), JSON.stringify({ format: 2, runId: '../../x', entries: [], createDirs: [], removeDirs: [] }));
    expect(await refused(root)).toContain(': it names no run id of calico-stack.');
  });

  test('without a journal (a staging area) is refused unless its run id is this machine\'s; an empty one is removed', async () => {
    const { root } = project();
    const txn = path.join(root, TXN_DIR);
    fs.mkdirSync(path.join(txn, 'new'), { recursive: true });
    fs.writeFileSync(path.join(txn, 'new', '0'), 'staged\n');
    expect(await refused(root)).toContain(`refusing to act on ${txn}: it names no run id of calico-stack.`);
    expect(fs.readFileSync(path.join(txn, 'new', '0'), 'utf8')).toBe('staged\n');
    fs.rmSync(txn, { recursive: true });
    fs.mkdirSync(txn);
    const out = await OutputDirectory.open(root, { lockTimeoutMs: 0 });
    out.close();
    expect([out.recovered?.outcome, fs.existsSync(txn)]).toEqual(['discarded', false]);
    // A transaction folder being made (named after its run) is this machine's only with a marker.
    const preparing = path.join(root, `${TXN_DIR}.${newRunId()}`);
    fs.mkdirSync(preparing);
    expect(await refused(root)).toContain(`refusing to act on ${preparing}: no run of calico-stack on this machine wrote it`);
  });

  test('a lock file that is a symbolic link is refused and its target left as it is', async () => {
    const { root, outside } = project();
    fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(root, LOCK_FILE));
    await expect(OutputDirectory.open(root, { lockTimeoutMs: 0 })).rejects.toThrow(`${path.join(root, LOCK_FILE)} is a symbolic link, not calico-stack's lock file — remove it (nothing was changed)`);
    expect(fs.readFileSync(path.join(outside, 'victim.txt'), 'utf8')).toBe('the user\'s file\n');
  });
});

describe('this machine\'s own interrupted run', () => {
  const folder = (name: string, doc: Record<string, unknown>): OutputFolder => ({ name, files: renderStack(config(clusterDoc({ name, ...doc }))) });
  const V1 = [folder('alpha', {}), folder('beta', {})];
  const V2 = [folder('alpha', { calico: { mtu: 1400 } }), folder('beta', { retina: { metricsInterval: '20s' } })];

  /** Writes V1, then V2 killed once `moved` new files are in place: the state a SIGKILL leaves. */
  async function killedMidWrite(moved: number): Promise<{ root: string; old: Record<string, string>; placed: string[] }> {
    const { root } = project();
    await writeOutputFolders(root, V1);
    const old = tree(root);
    const faults = new FsFaults(root);
    try {
      await faults.run({ kind: 'record' }, () => writeOutputFolders(root, V2));
      const steps = [...faults.steps];
      const intoPlace = steps.map((s, i) => ({ ...s, i })).filter((s) => s.call === 'renameSync' && s.path.includes(`${TXN_DIR}${path.sep}new${path.sep}`));
      // Back to V1, then the same write killed right after the `moved`-th new file went into place.
      fs.rmSync(root, { recursive: true });
      fs.mkdirSync(root);
      await writeOutputFolders(root, V1);
      await faults.run({ kind: 'kill', at: intoPlace[moved - 1].i + 2 }, () => writeOutputFolders(root, V2)).catch(() => undefined);
    } finally {
      faults.restore();
    }
    const journal = JSON.parse(fs.readFileSync(path.join(root, TXN_DIR, 'journal.json'), 'utf8')) as { entries: Array<{ path: string; op: string }> };
    const placed = journal.entries.filter((e, i) => e.op === 'write' && !fs.existsSync(path.join(root, TXN_DIR, 'new', `${i}`))).map((e) => e.path);
    expect(placed).toHaveLength(moved);
    return { root, old, placed };
  }

  test('is rolled back by the next run, which says so', async () => {
    const { root, old } = await killedMidWrite(3);
    const out = await OutputDirectory.open(root, { lockTimeoutMs: 0 });
    out.close();
    expect(out.recovered).toEqual({ outcome: 'rolled back', folders: ['alpha', 'beta'] });
    expect(tree(root)).toEqual(old);
  });

  test('is not rolled back over files changed by hand since it wrote them: refused, naming them, until --force', async () => {
    const { root, old, placed } = await killedMidWrite(3);
    for (const file of placed.slice(0, 2)) fs.appendFileSync(path.join(root, file), '# my change\n');
    const edited = tree(root);
    const err = await OutputDirectory.open(root, { lockTimeoutMs: 0 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(HandEditsError);
    expect((err as Error).message).toBe(`an interrupted calico-stack run is to be rolled back, but files it wrote were changed since: ${path.join(root, placed[0])}, ${path.join(root, placed[1])} — `
      + 'the rollback would lose those changes; keep a copy, then run again with --force to restore every folder as it was before that run (nothing was changed)');
    expect(tree(root)).toEqual(edited);
    const out = await OutputDirectory.open(root, { lockTimeoutMs: 0, overwriteEdits: true });
    out.close();
    expect(out.recovered?.outcome).toBe('rolled back');
    expect(tree(root)).toEqual(old);
  });

  test('with a state folder that cannot be written, keeps its marker in a folder of the user\'s in the temp folder, and is still rolled back', async () => {
    const before = process.env.CALICO_STACK_STATE_DIR;
    const blocked = path.join(tempDir({ file: 'not a folder' }), 'file', 'state');
    process.env.CALICO_STACK_STATE_DIR = blocked;
    try {
      const { root, old } = await killedMidWrite(2);
      expect(fs.existsSync(blocked)).toBe(false);
      const out = await OutputDirectory.open(root, { lockTimeoutMs: 0 });
      out.close();
      expect(out.recovered?.outcome).toBe('rolled back');
      expect(tree(root)).toEqual(old);
    } finally {
      process.env.CALICO_STACK_STATE_DIR = before;
    }
  });

  test('leaves a transaction folder that git add never picks up', async () => {
    const { root } = await killedMidWrite(1);
    expect(fs.readFileSync(path.join(root, TXN_DIR, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: os.tmpdir(), GIT_CONFIG_NOSYSTEM: '1' } });
    if (git('init', '-q').status !== 0) return; // No git on this machine: nothing more to show.
    git('add', '-A');
    const staged = git('ls-files').stdout.split('\n').filter((f) => f !== '');
    expect(staged.length).toBeGreaterThan(10);
    expect(staged.filter((f) => f.startsWith(TXN_DIR))).toEqual([]);
  });
});
