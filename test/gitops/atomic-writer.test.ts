import * as fs from 'fs';
import * as path from 'path';
import { pruneOutputFolders, recoverInterruptedSwaps, STAGING_PREFIX, SWAP_JOURNAL, writeAtomically } from '../../src/gitops/atomic-writer';
import { tempDir } from '../util';

const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('writeAtomically', () => {
  test('replaces every target folder with its render', () => {
    const root = tempDir({ 'dist/a/0000-old.k8s.yaml': 'old' });
    writeAtomically([path.join(root, 'dist/a'), path.join(root, 'dist/b')], (dir, i) => fs.writeFileSync(path.join(dir, '0000-new.k8s.yaml'), `new ${i}`));
    expect(read(path.join(root, 'dist'))).toEqual({ 'a/0000-new.k8s.yaml': 'new 0', 'b/0000-new.k8s.yaml': 'new 1' });
  });

  test('fails when a render throws: nothing is replaced and no staging folder is left', () => {
    const root = tempDir({ 'dist/a/0000-x.k8s.yaml': 'committed a', 'dist/b/0000-x.k8s.yaml': 'committed b' });
    const before = read(path.join(root, 'dist'));
    expect(() => writeAtomically([path.join(root, 'dist/a'), path.join(root, 'dist/b')], (dir, i) => {
      fs.writeFileSync(path.join(dir, '0000-x.k8s.yaml'), 'half');
      if (i === 1) throw new Error('boom in the second cluster');
    })).toThrow('boom in the second cluster');
    expect(read(path.join(root, 'dist'))).toEqual(before);
    expect(fs.readdirSync(path.join(root, 'dist')).filter((f) => f.startsWith(STAGING_PREFIX))).toEqual([]);
  });
});

describe('writeAtomically and leftovers of killed runs', () => {
  const hoursAgo = (dir: string, hours: number) => {
    const t = new Date(Date.now() - hours * 3600_000);
    fs.utimesSync(dir, t, t);
  };

  test('removes staging folders a run killed while rendering left more than an hour ago, and keeps younger ones (a run may be live)', () => {
    const root = tempDir({ [`dist/${STAGING_PREFIX}old/0/0000-a.k8s.yaml`]: 'half', [`dist/${STAGING_PREFIX}young/0/0000-a.k8s.yaml`]: 'half' });
    hoursAgo(path.join(root, 'dist', `${STAGING_PREFIX}old`), 2);
    writeAtomically([path.join(root, 'dist/a')], (dir) => fs.writeFileSync(path.join(dir, '0000-a.k8s.yaml'), 'new'));
    expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual([`${STAGING_PREFIX}young`, 'a']);
  });

  test('rolls back a swap whose journal says it was interrupted, but not the swap of a live process', () => {
    const journal = (pid: number) => JSON.stringify({ pid, swaps: [
      { staged: path.join(root, 'dist', `${STAGING_PREFIX}x`, '0'), target: path.join(root, 'dist', 'a'), existed: true },
      { staged: path.join(root, 'dist', `${STAGING_PREFIX}x`, '1'), target: path.join(root, 'dist', 'b'), existed: false },
    ] });
    const root = tempDir({
      'dist/a/0000-a.k8s.yaml': 'new a',
      [`dist/${STAGING_PREFIX}x/0.old/0000-a.k8s.yaml`]: 'old a',
      'dist/b/0000-b.k8s.yaml': 'new b',
    });
    fs.writeFileSync(path.join(root, 'dist', `${STAGING_PREFIX}x`, SWAP_JOURNAL), journal(process.ppid));
    expect(recoverInterruptedSwaps(path.join(root, 'dist'))).toEqual([]);
    fs.writeFileSync(path.join(root, 'dist', `${STAGING_PREFIX}x`, SWAP_JOURNAL), journal(2 ** 22 + 1));
    expect(recoverInterruptedSwaps(path.join(root, 'dist')).map((t) => path.basename(t))).toEqual(['a', 'b']);
    expect(read(path.join(root, 'dist'))).toEqual({ 'a/0000-a.k8s.yaml': 'old a' });
  });
});

describe('pruneOutputFolders', () => {
  test('removes only folders that hold nothing but calico-stack files, GitOps sub-folders included', () => {
    const root = tempDir({
      'dist/keep/0000-a.k8s.yaml': '',
      'dist/gone/0000-a.k8s.yaml': '',
      'dist/gone/kustomization.yaml': '',
      'dist/gone/argocd/application.yaml': '',
      'dist/gone/flux/kustomization.yaml': '',
      'dist/gone/flux/sync.yaml': '',
      'dist/gone/flux/operator/kustomization.yaml': '',
      'dist/mine/notes.md': '',
      'dist/mixed/0000-a.k8s.yaml': '',
      'dist/mixed/other.txt': '',
      'dist/nested/0000-a.k8s.yaml': '',
      'dist/nested/argocd/my-notes.yaml': '',
      [`dist/${STAGING_PREFIX}abc/0/0000-a.k8s.yaml`]: '',
    });
    const removed = pruneOutputFolders(path.join(root, 'dist'), [path.join(root, 'dist/keep')]);
    expect(removed.map((r) => path.basename(r))).toEqual(['gone']);
    expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual([`${STAGING_PREFIX}abc`, 'keep', 'mine', 'mixed', 'nested']);
  });
});
