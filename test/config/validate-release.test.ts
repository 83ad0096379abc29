import { clusterDoc, FIXTURES, load, messages } from '../util';

const MINI_CRDS = `${FIXTURES}/operator-crds-mini.yaml`;

describe('release rules', () => {
  test('fails when v3.28.2 has no CRD file, saying why and how to get one', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', goldmane: false } })).findings)).toEqual([
      'calico.crds: Calico v3.28.2 (operator v1.34.5) cannot create its own CRDs, so they must come from a file (got nothing; allowed a path to the operator-crds.yaml of the release) — download them with `npm run fetch-crds -- v3.28.2` and set calico.crds to that file',
    ]);
  });

  test('fails when v3.28.2 is told the operator creates the CRDs', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator' } })).findings)).toEqual([
      'calico.crds: Calico v3.28.2 (operator v1.34.5) runs without -manage-crds and cannot create its own CRDs (got "operator"; allowed a path to the operator-crds.yaml of the release) — download them with `npm run fetch-crds -- v3.28.2` and set calico.crds to that file',
    ]);
  });

  test('fails when Goldmane or Whisker are asked for on v3.28.2', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', crds: MINI_CRDS, goldmane: true, whisker: true } })).findings)).toEqual([
      `calico.crds: ${MINI_CRDS} lacks CRDs this cluster needs: goldmanes.operator.tigera.io, whiskers.operator.tigera.io — use the operator-crds.yaml of Calico v3.28.2 (npm run fetch-crds -- v3.28.2)`,
      'calico.goldmane: Calico v3.28.2 has no Goldmane (it first shipped with v3.30.0) (got true; allowed false) — remove the key, or choose calico.version v3.32.1 / v3.31.7 / v3.30.7',
      'calico.whisker: Calico v3.28.2 has no Whisker (it first shipped with v3.30.0) (got true; allowed false) — remove the key, or choose calico.version v3.32.1 / v3.31.7 / v3.30.7',
    ]);
  });

  test('fails when Whisker is on without Goldmane', () => {
    expect(messages(load(clusterDoc({ calico: { goldmane: false, whisker: true } })).findings)).toEqual([
      'calico.whisker: Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker") (got true) — set calico.goldmane: true, or calico.whisker: false',
    ]);
  });

  test('fails when the dataplane or a pool use is newer than the release', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', crds: MINI_CRDS, linuxDataplane: 'Nftables', ipPools: [{ cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'] }] } })).findings)).toEqual([
      'calico.linuxDataplane: is not available in Calico v3.28.2 (got "Nftables"; allowed Iptables, BPF, VPP)',
      'calico.ipPools[0].allowedUses: "LoadBalancer" is not available in Calico v3.28.2 (allowed Workload, Tunnel)',
    ]);
  });

  test('passes for a v3.28.2 cluster with its CRD file', () => {
    expect(load(clusterDoc({ calico: { version: 'v3.28.2', crds: MINI_CRDS } })).findings).toEqual([]);
  });
});
