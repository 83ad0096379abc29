import * as fs from 'fs';
import { clusterDoc, FIXTURES, load, messages } from '../util';

const MINI_CRDS = `${FIXTURES}/operator-crds-mini.yaml`;

describe('release rules', () => {
  test('v3.28.2 without calico.crds gets the CRD bundle calico-stack ships', () => {
    const { stack: c, findings } = load(clusterDoc({ calico: { version: 'v3.28.2' } }));
    expect(findings).toEqual([]);
    expect(c?.crdSource).toMatchObject({ source: 'crds/operator-crds-v3.28.2.yaml' });
  });

  test('fails when v3.28.2 is told the operator creates the CRDs, pointing at the shipped bundle', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', crds: 'operator' } })).findings)).toEqual([
      'calico.crds: Calico v3.28.2 (operator v1.34.5) runs without -manage-crds and cannot create its own CRDs (got "operator"; allowed a path to the operator-crds.yaml of the release) — remove calico.crds: calico-stack ships them (crds/operator-crds-v3.28.2.yaml); or set it to the release\'s operator-crds.yaml',
    ]);
  });

  test('fails when Goldmane or Whisker are asked for on v3.28.2, naming the release that introduced them', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', goldmane: true, whisker: true } })).findings)).toEqual([
      'calico.goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
      'calico.whisker: Whisker needs Calico v3.30.7 or later (this cluster uses v3.28.2) — choose calico.version v3.30.7 or later, or remove it',
    ]);
  });

  test('v3.29.7 is like v3.28.2: no Goldmane or Whisker, its shipped CRD bundle when calico.crds is not set', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.29.7', goldmane: true, whisker: true } })).findings)).toEqual([
      'calico.goldmane: Goldmane needs Calico v3.30.7 or later (this cluster uses v3.29.7) — choose calico.version v3.30.7 or later, or remove it',
      'calico.whisker: Whisker needs Calico v3.30.7 or later (this cluster uses v3.29.7) — choose calico.version v3.30.7 or later, or remove it',
    ]);
    const l = load(clusterDoc({ calico: { version: 'v3.29.7' } }));
    expect(l.findings).toEqual([]);
    const crds = l.stack!.crdSource;
    expect(crds !== undefined && crds !== 'operator' && crds.source).toBe('crds/operator-crds-v3.29.7.yaml');
    expect(l.stack!.calico.toJson().map((o: { kind: string }) => o.kind).sort()).toEqual(['APIServer', 'Installation']);
  });

  test('fails when Whisker is on without Goldmane', () => {
    expect(messages(load(clusterDoc({ calico: { goldmane: false, whisker: true } })).findings)).toEqual([
      'calico.whisker: Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker") (got true) — set calico.goldmane: true, or calico.whisker: false',
    ]);
  });

  test('fails when the dataplane or a pool use is newer than the release, naming the release that introduced it', () => {
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', linuxDataplane: 'Nftables', ipPools: [{ cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'] }] } })).findings)).toEqual([
      'calico.linuxDataplane: Nftables needs Calico v3.29.7 or later (this cluster uses v3.28.2) (allowed Iptables, BPF, VPP) — choose calico.version v3.29.7 or later, or another value',
      'calico.ipPools[0].allowedUses: LoadBalancer needs Calico v3.30.7 or later (this cluster uses v3.28.2) (allowed Workload, Tunnel) — choose calico.version v3.30.7 or later, or another value',
    ]);
  });

  test('Nftables and LoadBalancer pools pass on v3.30.7, v3.31.7 and v3.32.1', () => {
    for (const version of ['v3.30.7', 'v3.31.7', 'v3.32.1']) {
      expect(load(clusterDoc({ calico: { version, linuxDataplane: 'Nftables', ipPools: [{ cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'] }] } })).findings).toEqual([]);
    }
  });

  test('fails when a CRD file lacks CRDs the release needs, or does not serve their version, listing them', () => {
    const docs = fs.readFileSync(MINI_CRDS, 'utf8').split('\n---\n')
      .filter((doc) => !/name: (bgppeers|ippools)\.crd\.projectcalico\.org/.test(doc))
      .map((doc) => (doc.includes('name: felixconfigurations.') ? doc.replace('    - name: v1\n', '    - name: v2\n') : doc));
    expect(messages(load(clusterDoc({ calico: { version: 'v3.28.2', crds: 'crds.yaml' } }), { 'crds.yaml': docs.join('\n---\n') }).findings)).toEqual([
      'calico.crds: crds.yaml lacks CRDs Calico v3.28.2 needs: bgppeers.crd.projectcalico.org, felixconfigurations.crd.projectcalico.org (does not serve v1), ippools.crd.projectcalico.org — use the operator-crds.yaml of Calico v3.28.2, or remove calico.crds to use the bundle calico-stack ships (crds/operator-crds-v3.28.2.yaml)',
    ]);
  });

  test('passes for a v3.28.2 cluster with a complete CRD file of its own', () => {
    expect(load(clusterDoc({ calico: { version: 'v3.28.2', crds: MINI_CRDS } })).findings).toEqual([]);
  });
});
