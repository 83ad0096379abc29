import * as fs from 'fs';
import * as path from 'path';
import { pruneOutputFolders, STAGING_PREFIX, writeAtomically } from '../../src/gitops/atomic-writer';
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

describe('pruneOutputFolders', () => {
  test('removes only folders that hold nothing but calico-stack manifests', () => {
    const root = tempDir({
      'dist/keep/0000-a.k8s.yaml': '',
      'dist/gone/0000-a.k8s.yaml': '',
      'dist/gone/kustomization.yaml': '',
      'dist/mine/notes.md': '',
      'dist/mixed/0000-a.k8s.yaml': '',
      'dist/mixed/other.txt': '',
    });
    const removed = pruneOutputFolders(path.join(root, 'dist'), [path.join(root, 'dist/keep')]);
    expect(removed.map((r) => path.basename(r))).toEqual(['gone']);
    expect(fs.readdirSync(path.join(root, 'dist')).sort()).toEqual(['keep', 'mine', 'mixed']);
  });
});
