/**
 * The files a cluster was loaded from, by content (src/app/config/inputs.ts): what tells a synth that
 * what it rendered from them before still holds.
 */
import * as fs from 'fs';
import * as path from 'path';
import { inputDigest, inputsUnchanged, readDigest } from '../../src/app/config/inputs';
import { readClusterFile } from '../../src/app/config/load';
import { tempDir } from '../util';

const KUBEADM = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n';

test('loading a cluster file lists every file it read, by content: the cluster file first, then the files it names', () => {
  const dir = tempDir({ 'c.yaml': 'name: c\nplatform: { cloud: baremetal, kubeadmConfig: c/kubeadm.yaml }\n', 'c/kubeadm.yaml': KUBEADM });
  const { inputs } = readClusterFile(path.join(dir, 'c.yaml'));
  expect(inputs).toEqual([
    inputDigest(path.join(dir, 'c.yaml'), 'clusterFile', fs.readFileSync(path.join(dir, 'c.yaml'), 'utf8')),
    inputDigest(path.join(dir, 'c', 'kubeadm.yaml'), 'kubeadmConfig', KUBEADM),
  ]);
  expect(inputsUnchanged(inputs!)).toBe(true);
});

test('inputsUnchanged() is false when a file changed (same size), is gone, or is no longer a regular file of its size limit', () => {
  const dir = tempDir({ 'k.yaml': KUBEADM });
  const file = path.join(dir, 'k.yaml');
  const digest = readDigest(file, 'kubeadmConfig')!;
  expect(inputsUnchanged([digest])).toBe(true);
  fs.writeFileSync(file, KUBEADM.replace('10.244', '10.245'));
  expect(inputsUnchanged([digest])).toBe(false);
  fs.rmSync(file);
  expect(inputsUnchanged([digest])).toBe(false);
  fs.mkdirSync(file);
  expect(inputsUnchanged([digest])).toBe(false);
  expect(readDigest(file, 'kubeadmConfig')).toBeUndefined();
  const big = path.join(dir, 'big.yaml');
  fs.writeFileSync(big, 'x'.repeat(256 * 1024 + 1));
  expect(readDigest(big, 'clusterFile')).toBeUndefined();
});

test('a file named by many clusters is read once per run', () => {
  const dir = tempDir({ 'k.yaml': KUBEADM });
  const digest = readDigest(path.join(dir, 'k.yaml'), 'kubeadmConfig')!;
  const seen = new Map();
  expect(inputsUnchanged([digest], seen)).toBe(true);
  fs.writeFileSync(path.join(dir, 'k.yaml'), 'changed');
  expect(inputsUnchanged([digest], seen)).toBe(true);
  expect(inputsUnchanged([digest])).toBe(false);
});
