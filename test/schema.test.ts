/**
 * Every object calico-stack renders is valid against the Kubernetes and CRD schemas.
 */
import * as path from 'path';
import { schemaProblems, schemaProblemsIn } from './schema-validator';
import { allObjects, clusterDoc, config, FIXTURES, parseObjects, render, renderToFolder, scenario } from './util';

/** Files of Kubernetes objects: every YAML file but kustomize's own kustomization.yaml. */
const objectFiles = (files: readonly string[]) => files.filter((f) => f.endsWith('.yaml') && path.basename(f) !== 'kustomization.yaml').sort();

describe('the scenario (the shipped example) rendered as synth writes it', () => {
  const stack = scenario();
  const { files: texts } = renderToFolder(stack);
  const files = objectFiles(Object.keys(texts));

  test('has manifests, an Argo CD Application and Flux Kustomizations', () => {
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).length).toBeGreaterThan(0);
    const kinds = files.flatMap((f) => parseObjects(texts[f])).map((o) => `${o.apiVersion}/${o.kind}`);
    expect(kinds).toContain('argoproj.io/v1alpha1/Application');
    expect(kinds).toContain('kustomize.toolkit.fluxcd.io/v1/Kustomization');
  });

  test.each(files)('%s is valid (custom resources against the CRDs of the scenario\'s release)', (file) => {
    expect(parseObjects(texts[file]).flatMap(schemaProblemsIn(stack.calico.release))).toEqual([]);
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
  ['every BGP option and further Installation fields', clusterDoc({
    calico: {
      version: 'v3.32.1', asNumber: 4200000000, nodeToNodeMesh: true, listenPort: 1179, logSeverityScreen: 'Warning',
      serviceClusterIPs: [{ cidr: '10.96.0.0/12' }], serviceExternalIPs: [{ cidr: '203.0.113.0/24' }], serviceLoadBalancerIPs: [{ cidr: '198.51.100.0/24' }],
      routeReflectors: { nodeSelector: 'has(rr)', clusterID: '244.0.0.1' },
      bgpPeers: [
        { name: 'tor', peerIP: '192.0.2.1:179', asNumber: 65001, localASNumber: 65002, nodeSelector: 'has(rack)', password: { secretKeyRef: { name: 'bgp', key: 'tor' } }, nextHopMode: 'Keep', sourceAddress: 'UseNodeIP', maxRestartTime: '2m', ttlSecurity: 2 },
        { name: 'leaves', peerSelector: 'has(leaf)', keepOriginalNextHop: true },
      ],
      installation: { kubernetesProvider: '', controlPlaneReplicas: 3, typhaAffinity: { nodeAffinity: {} }, calicoNetwork: { hostPorts: 'Disabled' } },
    },
    gitops: { argocd: { enabled: true, repoURL: 'https://example.com/r.git' }, flux: { enabled: true } },
  })],
  ['BPF on v3.30.7 with the API server\'s address (its ConfigMap)', clusterDoc({
    platform: { apiServerEndpoint: '[fd00::10]:6443' },
    calico: { version: 'v3.30.7', linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' }, ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: '10.244.128.0/17', allowedUses: ['LoadBalancer'] }] },
  })],
  ['Calico v3.28.2 with a CRD file', clusterDoc({ calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml` } })],
  ['every GitOps option', clusterDoc({
    calico: { version: 'v3.28.2', crds: `${FIXTURES}/operator-crds-mini.yaml`, wireguard: true },
    gitops: {
      argocd: { enabled: true, repoURL: 'git@example.com:org/repo.git', targetRevision: 'main', project: 'infra', path: 'clusters/test', namespace: 'gitops', server: 'https://10.0.0.1:6443' },
      flux: { enabled: true, sourceRef: { kind: 'OCIRepository', name: 'infra', namespace: 'flux-sources' }, path: 'clusters/test', namespace: 'flux' },
    },
  })],
])('%s renders valid objects', (_, doc) => {
  const c = config(doc);
  expect(allObjects(render(c)).flatMap(schemaProblems)).toEqual([]);
  const { files } = renderToFolder(c);
  expect(objectFiles(Object.keys(files)).flatMap((f) => parseObjects(files[f])).flatMap(schemaProblems)).toEqual([]);
});

test('the validator evaluates the CRDs\' CEL rules (it can fail on them)', () => {
  const peer = { apiVersion: 'projectcalico.org/v3', kind: 'BGPPeer', metadata: { name: 'x' }, spec: { peerIP: '192.0.2.1', peerSelector: 'all()' } };
  expect(schemaProblems(peer)).toEqual(['BGPPeer/x spec: peerIP and peerSelector cannot both be set']);
  const felix = { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { nodeSelector: 'all()' } };
  expect(schemaProblems(felix)).toEqual(['FelixConfiguration/default (top level): nodeSelector must not be set on the \'default\' or per-node (\'node.*\') FelixConfiguration']);
});

test('the validator rejects an invalid custom resource (it can fail)', () => {
  const bad = { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: 1, encapsulation: 'IPIPP' }] } } };
  expect(schemaProblems(bad).join('\n')).toMatch(/encapsulation: must be equal to one of the allowed values/);
  expect(schemaProblems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'one' } })).not.toEqual([]);
  expect(schemaProblems({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'x' }, spec: { project: 'default' } }).join('\n'))
    .toMatch(/must have required property 'destination'|must have required property destination/);
  expect(schemaProblems({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x' }, spec: { interval: '1m', prune: true, sourceRef: { kind: 'Git', name: 'x' } } }).join('\n'))
    .toMatch(/sourceRef\/kind: must be equal to one of the allowed values/);
});
