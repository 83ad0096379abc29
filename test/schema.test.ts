/**
 * Every object calico-stack renders is valid against the Kubernetes and CRD schemas.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { schemaProblems } from './schema-validator';
import { allObjects, clusterDoc, config, FIXTURES, K8sObject, render, ROOT } from './util';

describe('committed dist/', () => {
  const dist = path.join(ROOT, 'dist');
  const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.k8s.yaml')).sort();

  test('has manifests', () => expect(files.length).toBeGreaterThan(0));

  test.each(files)('%s is valid', (file) => {
    const objects = parseAllDocuments(fs.readFileSync(path.join(dist, file), 'utf8')).map((d) => d.toJS() as K8sObject);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });
});

test.each([
  ['every Calico option', clusterDoc({
    platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' },
    calico: {
      wireguard: true, mtu: 1400, linuxDataplane: 'BPF', registry: 'r.example', imagePath: 'p', imagePullSecrets: ['s'],
      nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, nodeAddressAutodetectionV6: { firstFound: true },
      controlPlaneNodeSelector: { a: 'b' }, controlPlaneTolerations: [{ operator: 'Exists' }], kubeletVolumePluginPath: 'None', flexVolumePath: 'None',
    },
  })],
  ['Calico v3.28.2 with a CRD file', clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` } })],
])('%s renders valid objects', (_, doc) => {
  expect(allObjects(render(config(doc))).flatMap(schemaProblems)).toEqual([]);
});

test('the validator rejects an invalid custom resource (it can fail)', () => {
  const bad = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: 1, encapsulation: 'IPIPP' }] } } };
  expect(schemaProblems(bad).join('\n')).toMatch(/encapsulation: must be equal to one of the allowed values/);
  expect(schemaProblems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'one' } })).not.toEqual([]);
});
