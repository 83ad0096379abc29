/**
 * The writer's ownership rules and lock, in process (the CLI end to end is in test/cli.slow.test.ts,
 * faults in fault-injection.slow.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
// The module object itself, for a spy on the writer's reads.
import fsModule = require('fs');
import { LockHeldError, OutputLock, LOCK_FILE } from '../../src/app/output/lock';
import { OutputDirectory, OutputFolder, RecordedOutputFolder, writeOutputFolders } from '../../src/app/output/output-directory';
import { FolderPlan, OwnershipConflictError, planFolder, planUnchangedFolder, readFolder } from '../../src/app/output/folder-plan';
import { formatRecord, parseRecord, RECORD_FILE, sha256 } from '../../src/app/output/record';
import { TXN_DIR } from '../../src/app/output/transaction';
import { tempDir } from '../util';

const folder = (name: string, files: Record<string, string>): OutputFolder => ({ name, files: new Map(Object.entries(files)) });

/** Every file below `dir` with its text, by `/`-separated path. */
function tree(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
    .filter((f) => fs.lstatSync(path.join(dir, f)).isFile()).map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const A = { '0000-a.k8s.yaml': 'a: 1\n', 'kustomization.yaml': 'resources: [0000-a.k8s.yaml]\n', 'flux/sync.yaml': 'kind: Kustomization\n' };

async function conflict(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(OwnershipConflictError);
  return (err as Error).message;
}

describe('writing output folders', () => {
  test('writes each folder with a record of its files and their SHA-256, and nothing else in the root', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    const files = tree(root);
    expect(Object.keys(files)).toEqual(['prod/0000-a.k8s.yaml', `prod/${RECORD_FILE}`, 'prod/flux/sync.yaml', 'prod/kustomization.yaml']);
    const record = parseRecord(files[`prod/${RECORD_FILE}`], RECORD_FILE);
    expect([...record.keys()]).toEqual(['0000-a.k8s.yaml', 'flux/sync.yaml', 'kustomization.yaml']);
    expect(record.get('0000-a.k8s.yaml')).toBe(sha256('a: 1\n'));
    expect(fs.readdirSync(root)).toEqual(['prod']);
  });

  test('the record is deterministic: the same files give the same bytes, whatever their order', () => {
    const files = new Map(Object.entries(A));
    expect(formatRecord(files)).toBe(formatRecord(new Map([...files].reverse())));
    expect(formatRecord(files)).not.toMatch(/20\d\d-/);
  });

  test('does not touch a folder whose content does not change: same inodes, same modification times', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A), folder('dev', A)]);
    const stat = (f: string) => fs.statSync(path.join(root, f));
    const before = ['prod/0000-a.k8s.yaml', `prod/${RECORD_FILE}`, 'prod/flux'].map((f) => [stat(f).ino, stat(f).mtimeMs]);
    const plan = await writeOutputFolders(root, [folder('prod', A), folder('dev', { ...A, '0000-a.k8s.yaml': 'a: 2\n' })]);
    expect(plan.folders.map((f) => [f.name, f.status])).toEqual([['prod', 'unchanged'], ['dev', 'changed']]);
    expect(['prod/0000-a.k8s.yaml', `prod/${RECORD_FILE}`, 'prod/flux'].map((f) => [stat(f).ino, stat(f).mtimeMs])).toEqual(before);
  });

  test('keeps a file the user added to an output folder through writes and through removal', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.writeFileSync(path.join(root, 'prod', 'NOTES.md'), 'mine');
    await writeOutputFolders(root, [folder('prod', { ...A, '0000-a.k8s.yaml': 'a: 2\n' })]);
    expect(tree(root)['prod/NOTES.md']).toBe('mine');
    const plan = await writeOutputFolders(root, [], { prune: true });
    expect(plan.folders[0]).toMatchObject({ name: 'prod', status: 'removed', kept: [{ path: expect.stringMatching(/prod\/NOTES\.md$/), reason: 'not calico-stack\'s' }] });
    // The folder stays with the user's file, and a record that lists nothing: still calico-stack's to write into.
    expect(tree(root)).toEqual({ 'prod/NOTES.md': 'mine', [`prod/${RECORD_FILE}`]: formatRecord(new Map()) });
    // A later prune has nothing to do there (and check has nothing to report); the cluster can come back.
    expect((await writeOutputFolders(root, [], { prune: true })).folders.map((f) => [f.name, f.status, f.changes.length])).toEqual([['prod', 'unchanged', 0]]);
    const out = await OutputDirectory.open(root);
    try {
      expect(out.compare([], { prune: true }).differences).toEqual([]);
    } finally {
      out.close();
    }
    await writeOutputFolders(root, [folder('prod', A)], { prune: true });
    expect(tree(root)['prod/NOTES.md']).toBe('mine');
    expect(tree(root)['prod/0000-a.k8s.yaml']).toBe(A['0000-a.k8s.yaml']);
  });

  test('prune removes a folder of its own entirely, and leaves folders without a record alone (a user\'s kustomize overlay)', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A), folder('gone', A)]);
    fs.mkdirSync(path.join(root, 'overlays', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(root, 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../../prod]\n');
    fs.writeFileSync(path.join(root, 'README.md'), 'mine');
    const plan = await writeOutputFolders(root, [folder('prod', A)], { prune: true });
    expect(plan.folders.map((f) => [f.name, f.status])).toEqual([['prod', 'unchanged'], ['gone', 'removed']]);
    expect(fs.existsSync(path.join(root, 'gone'))).toBe(false);
    expect(tree(path.join(root, 'overlays'))).toEqual({ 'prod/kustomization.yaml': 'resources: [../../prod]\n' });
    expect(tree(root)['README.md']).toBe('mine');
  });

  test('removes files it no longer writes, and folders they leave empty', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    await writeOutputFolders(root, [folder('prod', { '0000-a.k8s.yaml': 'a: 1\n', 'kustomization.yaml': 'k\n' })]);
    expect(Object.keys(tree(root))).toEqual(['prod/0000-a.k8s.yaml', `prod/${RECORD_FILE}`, 'prod/kustomization.yaml']);
    expect(fs.existsSync(path.join(root, 'prod', 'flux'))).toBe(false);
  });

  test('fails when the folder is not empty and has no record: names the folder and some of its files, changes nothing', async () => {
    const root = tempDir({ 'out/a.txt': 'mine', 'out/b.txt': 'mine too', 'out/sub/c.txt': 'mine' });
    const before = tree(root);
    const message = await conflict(writeOutputFolders(root, [folder('out', A)]));
    expect(message).toMatch(/out\/ is not empty and calico-stack did not write it \(no calico-stack\.sum\): a\.txt, b\.txt, sub — choose a new or empty folder/);
    expect(tree(root)).toEqual(before);
    expect(fs.readdirSync(root).sort()).toEqual(['out']);
  });

  test('writes into an empty folder, and into its own earlier output', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'out'));
    await writeOutputFolders(root, [folder('out', A)]);
    await writeOutputFolders(root, [folder('out', { ...A, 'kustomization.yaml': 'changed\n' })]);
    expect(tree(root)['out/kustomization.yaml']).toBe('changed\n');
  });

  test('fails when a file it would write is there and is not its own, and names it', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', { 'kustomization.yaml': 'k\n' })]);
    fs.mkdirSync(path.join(root, 'prod', 'flux'));
    fs.writeFileSync(path.join(root, 'prod', 'flux', 'sync.yaml'), 'my own flux file');
    const message = await conflict(writeOutputFolders(root, [folder('prod', A)]));
    expect(message).toContain('prod/flux/sync.yaml exists and calico-stack did not write it — move it away');
    expect(tree(root)['prod/flux/sync.yaml']).toBe('my own flux file');
    expect(fs.existsSync(path.join(root, 'prod', '0000-a.k8s.yaml'))).toBe(false);
  });

  test('fails when one of its files was changed by hand, unless told to overwrite it', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.appendFileSync(path.join(root, 'prod', '0000-a.k8s.yaml'), '# my tweak\n');
    const next = folder('prod', { ...A, '0000-a.k8s.yaml': 'a: 2\n' });
    const message = await conflict(writeOutputFolders(root, [next]));
    expect(message).toContain('prod/0000-a.k8s.yaml was changed by hand since calico-stack wrote it, and that change would be lost');
    expect(message).toContain('--force');
    expect(tree(root)['prod/0000-a.k8s.yaml']).toBe('a: 1\n# my tweak\n');
    await writeOutputFolders(root, [next], { overwriteEdits: true });
    expect(tree(root)['prod/0000-a.k8s.yaml']).toBe('a: 2\n');
  });

  test('keeps a file of its own that was changed by hand when it no longer writes it, and stops claiming it', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.appendFileSync(path.join(root, 'prod', 'flux', 'sync.yaml'), '# mine now\n');
    const plan = await writeOutputFolders(root, [folder('prod', { '0000-a.k8s.yaml': 'a: 1\n', 'kustomization.yaml': 'k\n' })]);
    expect(plan.folders[0].kept).toEqual([{ path: expect.stringMatching(/prod\/flux\/sync\.yaml$/), reason: 'changed by hand since calico-stack wrote it; it is yours now' }]);
    expect(tree(root)['prod/flux/sync.yaml']).toBe('kind: Kustomization\n# mine now\n');
    expect(parseRecord(tree(root)[`prod/${RECORD_FILE}`], RECORD_FILE).has('flux/sync.yaml')).toBe(false);
  });

  test('adopts a folder an earlier calico-stack wrote without a record only where it holds what this version renders; --force takes the rest', async () => {
    const legacyKustomization = '# old: every stage, in apply order. Generated by calico-stack (npm run synth); do not edit.\nresources: []\n';
    const B = { ...A, 'kustomization.yaml': legacyKustomization };
    const root = tempDir({
      'dist/same/0000-a.k8s.yaml': A['0000-a.k8s.yaml'],
      'dist/same/kustomization.yaml': legacyKustomization,
      'dist/same/0009-gone.k8s.yaml': 'rendered by an older version\n',
      'dist/old/0000-a.k8s.yaml': 'a: changed by hand\n',
      'dist/old/kustomization.yaml': legacyKustomization,
      'dist/overlay/kustomization.yaml': 'resources: [../old]\n',
    });
    const dist = path.join(root, 'dist');
    // Byte-identical files are taken over; a file this version no longer renders is left to the user.
    const plan = await writeOutputFolders(dist, [folder('same', B)]);
    expect(plan.folders[0]).toMatchObject({ adopted: true, kept: [{ path: expect.stringMatching(/same\/0009-gone\.k8s\.yaml$/), reason: 'in a folder without calico-stack.sum and not rendered any more; left for you to remove' }] });
    expect(Object.keys(tree(path.join(dist, 'same')))).toEqual(['0000-a.k8s.yaml', '0009-gone.k8s.yaml', RECORD_FILE, 'flux/sync.yaml', 'kustomization.yaml']);
    // A file that differs from the render may hold the user's change: refused, named, until --force.
    const before = tree(path.join(dist, 'old'));
    const message = await conflict(writeOutputFolders(dist, [folder('old', B)]));
    expect(message).toMatch(/old\/0000-a\.k8s\.yaml is in a folder without calico-stack\.sum and differs from what calico-stack renders, so it may hold changes of yours — keep a copy if it does, then run again with --force to overwrite it/);
    expect(tree(path.join(dist, 'old'))).toEqual(before);
    await writeOutputFolders(dist, [folder('old', B)], { overwriteEdits: true });
    expect(tree(path.join(dist, 'old'))['0000-a.k8s.yaml']).toBe(A['0000-a.k8s.yaml']);
    expect(await conflict(writeOutputFolders(dist, [folder('overlay', A)]))).toContain('overlay/ is not empty and calico-stack did not write it');
  });

  test('a folder without a record holding a README.md is calico-stack\'s only when the README.md is its cluster page (generated-by line)', async () => {
    const legacyKustomization = '# old: every stage, in apply order. Generated by calico-stack (npm run synth); do not edit.\nresources: []\n';
    const page = '# ours: Calico v3.32.1\n\nGenerated by calico-stack (npm run synth) for cluster ours; do not edit.\n';
    const B = { ...A, 'kustomization.yaml': legacyKustomization, 'README.md': page };
    const root = tempDir({
      'dist/ours/0000-a.k8s.yaml': A['0000-a.k8s.yaml'], 'dist/ours/kustomization.yaml': legacyKustomization, 'dist/ours/README.md': page,
      'dist/notes/0000-a.k8s.yaml': A['0000-a.k8s.yaml'], 'dist/notes/kustomization.yaml': legacyKustomization, 'dist/notes/README.md': '# my notes\n',
    });
    const dist = path.join(root, 'dist');
    expect((await writeOutputFolders(dist, [folder('ours', B)])).folders[0]).toMatchObject({ adopted: true });
    const before = tree(path.join(dist, 'notes'));
    expect(await conflict(writeOutputFolders(dist, [folder('notes', B)]))).toContain('notes/ is not empty and calico-stack did not write it (no calico-stack.sum): 0000-a.k8s.yaml, README.md, kustomization.yaml');
    expect(await conflict(writeOutputFolders(dist, [folder('notes', B)], { overwriteEdits: true }))).toContain('notes/ is not empty and calico-stack did not write it');
    expect(tree(path.join(dist, 'notes'))).toEqual(before);
  });

  test('fails when the record is damaged, naming the line, and never follows a path out of the folder', async () => {
    const root = tempDir({ 'dist/prod/kustomization.yaml': 'k', 'secret.txt': 'outside' });
    fs.writeFileSync(path.join(root, 'dist', 'prod', RECORD_FILE), `${sha256('outside')}  ../../secret.txt\n`);
    const message = await conflict(writeOutputFolders(path.join(root, 'dist'), [], { prune: true }).then(() => writeOutputFolders(path.join(root, 'dist'), [folder('prod', A)])));
    expect(message).toMatch(/prod\/calico-stack\.sum:1: ".*\.\.\/\.\.\/secret\.txt" has an empty, "\." or "\.\." segment — this file is calico-stack's record of what it wrote; restore it from Git/);
    expect(fs.readFileSync(path.join(root, 'secret.txt'), 'utf8')).toBe('outside');
  });

  test('fails when the record has Git merge-conflict markers, saying how to resolve them', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    const record = path.join(root, 'prod', RECORD_FILE);
    fs.writeFileSync(record, `<<<<<<< HEAD\n${fs.readFileSync(record, 'utf8')}=======\n>>>>>>> other\n`);
    const message = await conflict(writeOutputFolders(root, [folder('prod', A)]));
    expect(message).toMatch(/prod\/calico-stack\.sum has Git merge-conflict markers — take either side/);
  });

  test('removes the root folders it created when the write fails before writing', async () => {
    const base = tempDir();
    await expect(writeOutputFolders(path.join(base, 'new', 'deep'), [folder('prod', A), folder('prod', A)])).rejects.toThrow('output folder "prod" is written twice in one run');
    expect(fs.readdirSync(base)).toEqual([]);
  });
});

describe('the lock', () => {
  test('a second run waits a bounded time, then fails naming the holder and the folder, and changes nothing', async () => {
    const root = tempDir({ 'dist/keep.txt': 'x' });
    const dist = path.join(root, 'dist');
    const held = await OutputLock.acquire(fs.realpathSync(dist), { timeoutMs: 0 });
    try {
      const start = Date.now();
      const err = await writeOutputFolders(dist, [folder('prod', A)], { lockTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(Date.now() - start).toBeGreaterThanOrEqual(300);
      expect(err).toBeInstanceOf(LockHeldError);
      expect((err as Error).message).toMatch(new RegExp(`^another calico-stack run \\(pid ${process.pid}\\) holds ${fs.realpathSync(dist)} — waited 0\\.\\d s`));
      expect(fs.existsSync(path.join(dist, 'prod'))).toBe(false);
    } finally {
      held.release();
    }
    await writeOutputFolders(dist, [folder('prod', A)], { lockTimeoutMs: 0 });
    expect(fs.readdirSync(dist).sort()).toEqual(['keep.txt', 'prod']);
  });

  test('a waiting run gets the lock as soon as the holder releases it', async () => {
    const dist = tempDir();
    const held = await OutputLock.acquire(dist, { timeoutMs: 0 });
    setTimeout(() => held.release(), 100);
    await writeOutputFolders(dist, [folder('prod', A)], { lockTimeoutMs: 5000 });
    expect(fs.existsSync(path.join(dist, 'prod', RECORD_FILE))).toBe(true);
    expect(fs.existsSync(path.join(dist, LOCK_FILE))).toBe(false);
  });

  test('a lock file left by a dead run does not hold anything', async () => {
    const dist = tempDir({ [LOCK_FILE]: '999999\n' });
    await writeOutputFolders(dist, [folder('prod', A)], { lockTimeoutMs: 0 });
    expect(fs.readdirSync(dist)).toEqual(['prod']);
  });

  test('plan and write refuse after close()', async () => {
    const out = await OutputDirectory.open(tempDir());
    out.close();
    expect(() => out.plan([folder('prod', A)])).toThrow('is not open for writing');
  });

  test('fails when a folder name is not one path segment', async () => {
    await expect(writeOutputFolders(tempDir(), [folder('../escape', A)])).rejects.toThrow('output folder name "../escape" must be one path segment');
    await expect(writeOutputFolders(tempDir(), [folder(TXN_DIR, A)])).rejects.toThrow('must be one path segment');
    await expect(writeOutputFolders(tempDir(), [folder('prod', { '../x': 'y' })])).rejects.toThrow('cannot write "../x" into');
  });
});

/**
 * A folder given by its record (what the CLI passes for a cluster whose inputs did not change):
 * planned from the hashes alone while the folder holds its files, and exactly as a folder with
 * files otherwise.
 */
describe('output folders known by their record', () => {
  /** `files` as a RecordedOutputFolder that counts the calls of files(). */
  const recorded = (name: string, files: Record<string, string>): RecordedOutputFolder & { calls: number } => {
    const map = new Map(Object.entries(files));
    const r = { name, record: formatRecord(map), calls: 0, files: () => { r.calls++; return map; } };
    return r;
  };
  const USER = { 'NOTES.md': 'mine\n' };

  /** Damages of a written folder `dir` (A plus the user's NOTES.md) and what a plan must say then. */
  const DAMAGES: Array<[string, (dir: string) => void]> = [
    ['nothing changed', () => undefined],
    ['a file missing', (dir) => fs.rmSync(path.join(dir, 'flux', 'sync.yaml'))],
    ['a file edited by hand', (dir) => fs.appendFileSync(path.join(dir, '0000-a.k8s.yaml'), '# mine\n')],
    ['a file replaced by a folder', (dir) => {
      fs.rmSync(path.join(dir, 'kustomization.yaml'));
      fs.mkdirSync(path.join(dir, 'kustomization.yaml'));
    }],
    ['a file replaced by a symbolic link to the same content', (dir) => {
      fs.renameSync(path.join(dir, '0000-a.k8s.yaml'), path.join(dir, 'real.yaml'));
      fs.symlinkSync('real.yaml', path.join(dir, '0000-a.k8s.yaml'));
    }],
    ['the record edited', (dir) => fs.appendFileSync(path.join(dir, RECORD_FILE), '\n')],
    ['the record missing', (dir) => fs.rmSync(path.join(dir, RECORD_FILE))],
    ['a file of the user\'s in a sub-folder', (dir) => fs.writeFileSync(path.join(dir, 'flux', 'extra.yaml'), 'x: 1\n')],
  ];

  test.each(DAMAGES)('with %s, a plan from the record is the plan from the files (planUnchangedFolder() gives it or none)', async (_what, damage) => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.writeFileSync(path.join(root, 'prod', 'NOTES.md'), USER['NOTES.md']);
    damage(path.join(root, 'prod'));
    const planned = async (f: OutputFolder | RecordedOutputFolder): Promise<unknown> => {
      const out = await OutputDirectory.open(root);
      try {
        return out.plan([f]);
      } catch (err) {
        return (err as Error).message;
      } finally {
        out.close();
      }
    };
    expect(await planned(recorded('prod', A))).toEqual(await planned(folder('prod', A)));
    const state = readFolder(root, 'prod', 'dist/prod');
    if ('problem' in state) return;
    const problems: string[] = [];
    const full: FolderPlan = planFolder(state, new Map(Object.entries(A)), 'dist/prod', false, problems);
    const fromRecord = planUnchangedFolder(state, formatRecord(new Map(Object.entries(A))), 'dist/prod');
    expect(fromRecord === undefined).toBe(full.status !== 'unchanged' || problems.length > 0 || full.kept.some((k) => k.reason !== 'not calico-stack\'s'));
    if (fromRecord) expect(fromRecord).toEqual(full);
  });

  test('a folder that holds its files is planned as unchanged without them, and left alone', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.writeFileSync(path.join(root, 'prod', 'NOTES.md'), 'mine\n');
    const before = tree(root);
    const prod = recorded('prod', A);
    const plan = await writeOutputFolders(root, [prod], { prune: true });
    expect(prod.calls).toBe(0);
    expect(plan.folders).toEqual([expect.objectContaining({ name: 'prod', status: 'unchanged', changes: [], kept: [{ path: expect.stringMatching(/prod\/NOTES\.md$/), reason: 'not calico-stack\'s' }] })]);
    expect(tree(root)).toEqual(before);
  });

  test('a folder known by its record is not pruned, and counts as written once', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A), folder('old', A)]);
    const plan = await writeOutputFolders(root, [recorded('prod', A)], { prune: true });
    expect(plan.folders.map((f) => [f.name, f.status])).toEqual([['prod', 'unchanged'], ['old', 'removed']]);
    const out = await OutputDirectory.open(root);
    try {
      expect(() => out.plan([recorded('prod', A), folder('prod', A)])).toThrow('output folder "prod" is written twice in one run');
    } finally {
      out.close();
    }
  });

  test('a missing or new folder gets its files written', async () => {
    const root = path.join(tempDir(), 'dist');
    const prod = recorded('prod', A);
    await writeOutputFolders(root, [prod]);
    expect(prod.calls).toBe(1);
    expect(tree(root)).toEqual({ ...Object.fromEntries(Object.entries(A).map(([f, t]) => [`prod/${f}`, t])), [`prod/${RECORD_FILE}`]: formatRecord(new Map(Object.entries(A))) });
  });

  test('a file deleted from the folder is restored, the others are left alone', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    const before = tree(root);
    const kustomization = fs.statSync(path.join(root, 'prod', 'kustomization.yaml'));
    fs.rmSync(path.join(root, 'prod', 'flux', 'sync.yaml'));
    const prod = recorded('prod', A);
    const plan = await writeOutputFolders(root, [prod]);
    expect(prod.calls).toBe(1);
    expect(plan.folders[0].changes.map((c) => [c.op, c.path])).toEqual([['write', 'prod/flux/sync.yaml']]);
    expect(tree(root)).toEqual(before);
    expect(fs.statSync(path.join(root, 'prod', 'kustomization.yaml')).ino).toBe(kustomization.ino);
  });

  test('fails when one of its files was changed by hand, as with the files given, unless told to overwrite it', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    fs.writeFileSync(path.join(root, 'prod', '0000-a.k8s.yaml'), 'a: mine\n');
    const withFiles = await conflict(writeOutputFolders(root, [folder('prod', A)]));
    expect(await conflict(writeOutputFolders(root, [recorded('prod', A)]))).toBe(withFiles);
    expect(withFiles).toContain('0000-a.k8s.yaml was changed by hand since calico-stack wrote it');
    expect(fs.readFileSync(path.join(root, 'prod', '0000-a.k8s.yaml'), 'utf8')).toBe('a: mine\n');
    await writeOutputFolders(root, [recorded('prod', A)], { overwriteEdits: true });
    expect(fs.readFileSync(path.join(root, 'prod', '0000-a.k8s.yaml'), 'utf8')).toBe(A['0000-a.k8s.yaml']);
  });

  test('a full disk is reported with the file being written (Node\'s own message names none), and nothing changes', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    const before = tree(root);
    const write = fsModule.writeFileSync;
    const full = jest.spyOn(fsModule, 'writeFileSync').mockImplementation((...args: Parameters<typeof write>) => {
      if (String(args[0]).includes(`${TXN_DIR}${path.sep}new${path.sep}`)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
      return write(...args);
    });
    try {
      await expect(writeOutputFolders(root, [folder('prod', { ...A, '0000-a.k8s.yaml': 'a: 2\n' })])).rejects.toThrow(
        new RegExp(`^ENOSPC: no space left on device, write \\(while writing ${root.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/${TXN_DIR.replace(/\./g, '\\.')}/new/\\d+\\); nothing was changed$`),
      );
    } finally {
      full.mockRestore();
    }
    expect(tree(root)).toEqual(before);
  });

  test('holds() says whether a folder holds exactly the files of a record, and a plan after it does not read them again', async () => {
    const root = path.join(tempDir(), 'dist');
    await writeOutputFolders(root, [folder('prod', A)]);
    const out = await OutputDirectory.open(root);
    try {
      expect(out.holds('prod', formatRecord(new Map(Object.entries(A))))).toBe(true);
      expect(out.holds('prod', formatRecord(new Map(Object.entries({ ...A, 'kustomization.yaml': 'other\n' }))))).toBe(false);
      expect(out.holds('missing', formatRecord(new Map(Object.entries(A))))).toBe(false);
      // Files are read by opening them (common/bounded-read.ts): no open below the folder is no read.
      const read = jest.spyOn(fsModule, 'openSync');
      try {
        expect(out.plan([recorded('prod', A)]).folders[0].status).toBe('unchanged');
        expect(read.mock.calls.filter(([p]) => String(p).includes(`${path.sep}prod${path.sep}`))).toEqual([]);
      } finally {
        read.mockRestore();
      }
    } finally {
      out.close();
    }
  });
});
