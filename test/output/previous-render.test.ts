/** The objects of a committed render, read for the comparisons of day two. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { committedFile, committedObjects, renderedObjects } from '../../src/app/output/previous-render';
import { writeOutputFolders } from '../../src/app/output/output-directory';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, tempDir } from '../util';

const FILES = renderStack(config(clusterDoc({ name: 'g0' })));
const kinds = (objects: ReadonlyArray<{ object: { [key: string]: unknown } }>) => objects.map((o) => `${String(o.object.kind)}/${String((o.object.metadata as { name?: string }).name)}`);

test('committedObjects reads every object of the files calico-stack wrote, the same as the render', async () => {
  const root = path.join(tempDir(), 'dist');
  await writeOutputFolders(root, [{ name: 'g0', files: FILES }]);
  fs.writeFileSync(path.join(root, 'g0', '9999-user.k8s.yaml'), 'kind: ConfigMap\nmetadata: {name: mine}\n');
  const committed = committedObjects(path.join(root, 'g0'));
  expect(committed.unreadable).toEqual([]);
  expect(kinds(committed.objects)).toEqual(kinds(renderedObjects(FILES).objects));
  expect(kinds(committed.objects)).toContain('Installation/default');
  expect(kinds(committed.objects)).not.toContain('ConfigMap/mine'); // not calico-stack's
});

test('a manifest that is no longer a regular file or no longer parses is listed as unreadable, not read', async () => {
  const root = path.join(tempDir(), 'dist');
  await writeOutputFolders(root, [{ name: 'g0', files: FILES }]);
  const manifests = [...FILES.keys()].filter((f) => f.endsWith('.k8s.yaml')).sort();
  const [first, second] = manifests;
  fs.rmSync(path.join(root, 'g0', first));
  expect(spawnSync('mkfifo', [path.join(root, 'g0', first)]).status).toBe(0);
  fs.writeFileSync(path.join(root, 'g0', second), 'kind: [unclosed\n');
  const committed = committedObjects(path.join(root, 'g0'));
  expect(committed.unreadable).toEqual([first, second].sort());
  expect(committed.objects.some((o) => o.file === first || o.file === second)).toBe(false);
  expect(committed.objects.length).toBeGreaterThan(0);
});

test('with a kind, only its objects, the same as a full read gives; a file whose documents do not parse alone is read whole', () => {
  const all = renderedObjects(FILES).objects.filter((o) => o.object.kind === 'Deployment');
  expect(all.length).toBeGreaterThan(0);
  expect(renderedObjects(FILES, 'Deployment')).toEqual({ objects: all, unreadable: [] });
  // A block scalar holding a `---` line: split at it, the documents do not parse; read whole, they do.
  const odd = new Map([['0009-x.k8s.yaml', 'kind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: |\n---\n---\nkind: Deployment\nmetadata: {name: d}\n']]);
  expect(renderedObjects(odd, 'Deployment').objects.map((o) => o.object.metadata)).toEqual(renderedObjects(odd).objects.filter((o) => o.object.kind === 'Deployment').map((o) => o.object.metadata));
  expect(renderedObjects(new Map([['0009-x.k8s.yaml', 'kind: [unclosed\n']]), 'Deployment').unreadable).toEqual(['0009-x.k8s.yaml']);
});

test('committedFile reads a file the record lists, and nothing through a link, outside the folder or unlisted', async () => {
  const files = renderStack(config(clusterDoc({ name: 'g0', gitops: { flux: { enabled: true } } })));
  const root = path.join(tempDir(), 'dist');
  await writeOutputFolders(root, [{ name: 'g0', files }]);
  const dir = path.join(root, 'g0');
  expect(committedFile(dir, 'flux/sync.yaml')).toBe(files.get('flux/sync.yaml'));
  expect(committedFile(dir, 'flux/../flux/sync.yaml')).toBeUndefined();
  fs.writeFileSync(path.join(dir, 'notes.yaml'), 'mine: true\n');
  expect(committedFile(dir, 'notes.yaml')).toBeUndefined(); // not in the record
  // flux/ replaced by a link to a folder elsewhere holding a sync.yaml: not read.
  const elsewhere = tempDir({ 'sync.yaml': 'kind: Kustomization\n' });
  fs.rmSync(path.join(dir, 'flux'), { recursive: true });
  fs.symlinkSync(elsewhere, path.join(dir, 'flux'));
  expect(committedFile(dir, 'flux/sync.yaml')).toBeUndefined();
});
