/** Reading a cluster export (src/app/day2/cluster-export.ts) and what the comparisons ignore (live-compare.ts). */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ExportReadError, readClusterExport, readClusterExports } from '../../src/app/day2/cluster-export';
import { withoutServerFields } from '../../src/app/day2/live-compare';
import { tempDir } from '../temp';

const installation = 'apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\n';

test('a kind: List, plain objects and several files are read in order, each object with where it is', () => {
  const dir = tempDir({
    'a.yaml': `apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n  - ${installation.trim().split('\n').join('\n    ')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: kubeadm-config, namespace: kube-system}\n`,
    'b.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tigera-operator, namespace: tigera-operator}\n',
  });
  const objects = readClusterExports([path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml')]);
  expect(objects.map((o) => [o.at, o.object.kind])).toEqual([
    [`${path.join(dir, 'a.yaml')}: document 1, items[0]`, 'Installation'],
    [`${path.join(dir, 'a.yaml')}: document 2`, 'ConfigMap'],
    [path.join(dir, 'b.yaml'), 'Deployment'],
  ]);
});

test('fails on what is not a Kubernetes object, naming the file and the item', () => {
  const dir = tempDir({ 'x.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - kind: Installation\n', 'y.yaml': '- a\n- b\n' });
  expect(() => readClusterExport(path.join(dir, 'x.yaml'))).toThrow(new ExportReadError(`${path.join(dir, 'x.yaml')}, items[0]: is not a Kubernetes object (it needs apiVersion, kind and metadata.name) — save the output of kubectl get … -o yaml`));
  expect(() => readClusterExport(path.join(dir, 'y.yaml'))).toThrow(new ExportReadError(`${path.join(dir, 'y.yaml')}: holds a list, not a Kubernetes object — save the output of kubectl get … -o yaml`));
});

test('fails on a FIFO without reading it (it would block)', () => {
  const dir = tempDir();
  const fifo = path.join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  expect(fs.statSync(fifo).isFIFO()).toBe(true);
  expect(() => readClusterExport(fifo)).toThrow(`${fifo}: is a FIFO (named pipe), not a regular file`);
});

test('the server\'s fields, status and the tools\' annotations and labels are dropped; other annotations and labels stay', () => {
  const object = {
    apiVersion: 'operator.tigera.io/v1', kind: 'Installation',
    metadata: {
      name: 'default', uid: 'u', resourceVersion: '1', generation: 2, creationTimestamp: 't', managedFields: [], selfLink: '/x',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'projectcalico.org/metadata': '{}', 'argocd.argoproj.io/tracking-id': 'a:b', mine: 'yes' },
      labels: { 'kustomize.toolkit.fluxcd.io/name': 'calico-stack-x-calico', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system', team: 'net' },
    },
    spec: { variant: 'Calico' }, status: { mtu: 1450 },
  };
  expect(JSON.parse(JSON.stringify(withoutServerFields(object)))).toEqual({
    apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default', annotations: { mine: 'yes' }, labels: { team: 'net' } }, spec: { variant: 'Calico' },
  });
});

test('an export in JSON (kubectl get -o json) reads the same as in YAML', () => {
  const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [{ apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default', uid: 'u' }, spec: { variant: 'Calico' } }] };
  const dir = tempDir({ 'e.json': JSON.stringify(list, null, 4) });
  const [object] = readClusterExport(path.join(dir, 'e.json'));
  expect(JSON.parse(JSON.stringify(object.object))).toEqual(list.items[0]);
});
