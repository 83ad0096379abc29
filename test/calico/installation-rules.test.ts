/**
 * The Tigera operator's rules as calico-stack checks them, one by one (test/calico/operator-rule-cases.ts):
 * the smallest cluster file that breaks a rule gets exactly the finding of the case, naming the
 * `calico.…` path, the value, the operator's refusal and the fix, and carrying the rule's id; the same
 * file gets no such finding on the releases whose operator has no such rule; and the files the
 * operator accepts next to it pass with no error at all.
 */
import { findingsOf } from '../../src/lib/common/checks';
import { Finding } from '../../src/lib/common/findings';
import { CalicoInstallation } from '../../src/lib/calico/installation';
import { isBinarySiSize, operatorRule, ruleLocations } from '../../src/lib/calico/operator-rules';
import { RELEASES } from '../../src/lib/calico/releases';
import { RULE_CASES, RuleCase } from './operator-rule-cases';
import { clusterDoc, find, load, messages, render, testChart } from '../util';

const DEFAULT_VERSION = RELEASES[0].version;
const versionOf = (c: RuleCase): string => (c.cluster?.calico?.version as string | undefined) ?? DEFAULT_VERSION;
const withVersion = (cluster: Record<string, any>, version: string) => ({ ...cluster, calico: { ...cluster.calico, version } });

function findings(c: RuleCase, cluster = c.cluster): Finding[] {
  return c.props ? findingsOf(new CalicoInstallation(testChart(), 'Installation', c.props)) : load(clusterDoc(cluster), c.files ?? {}).findings;
}

describe.each(RULE_CASES.map((c) => [`${c.rule}${c.title ? ` (${c.title})` : ''}`, c] as const))('%s', (_name, c) => {
  test('the smallest cluster file that breaks it gets the finding', () => {
    expect(messages(findings(c).filter((f) => f.rule === c.rule))).toEqual([c.message]);
  });

  const rule = operatorRule(c.rule);
  const without = c.cluster ? RELEASES.filter((r) => r.version !== versionOf(c) && ruleLocations(rule, r.operatorVersion).length === 0) : [];
  if (without.length > 0) {
    test.each(without.map((r) => [r.version]))('the same file gets no such finding on %s, whose operator has no such rule', (version) => {
      expect(messages(findings(c, withVersion(c.cluster!, version)).filter((f) => f.rule === c.rule))).toEqual([]);
    });
  }

  if (c.accepted) {
    test.each(c.accepted.map((a, i) => [i, a]))('a file the operator accepts passes (%d)', (_i, accepted) => {
      expect(messages(load(clusterDoc(accepted)).findings.filter((f) => f.severity === 'error'))).toEqual([]);
    });
  }
});

describe('the rules of each release', () => {
  test('a rule applies only where the release\'s operator has it: nonPrivileged Enabled is refused from v3.30.7 on, on v3.28.2 only with BPF or the enterprise variant', () => {
    const rules = (version: string, calico: Record<string, any>) => load(clusterDoc({ calico: { version, ...calico } })).findings.map((f) => f.rule).filter((r) => r?.startsWith('installation.nonPrivileged'));
    expect(rules('v3.32.1', { installation: { nonPrivileged: 'Enabled' } })).toEqual(['installation.nonPrivileged.enabled']);
    expect(rules('v3.30.7', { installation: { nonPrivileged: 'Enabled' } })).toEqual(['installation.nonPrivileged.enabled']);
    expect(rules('v3.28.2', { installation: { nonPrivileged: 'Enabled' } })).toEqual([]);
    expect(rules('v3.28.2', { installation: { nonPrivileged: 'Enabled', variant: 'TigeraSecureEnterprise' } })).toEqual(['installation.nonPrivileged.enterprise']);
  });

  test('clusterRoutingMode Felix lifts the BGP rules of the pools (v3.32.1); BIRD keeps them', () => {
    const errors = (mode: string) => messages(load(clusterDoc({ calico: { bgp: 'Disabled', installation: { calicoNetwork: { clusterRoutingMode: mode } } } })).findings.filter((f) => f.severity === 'error'));
    expect(errors('Felix')).toEqual([]);
    expect(errors('BIRD')).toEqual([RULE_CASES.find((c) => c.rule === 'installation.ipPools.ipip.requiresBGP')!.message]);
  });

  test('the BGP rules of the pools apply with the Calico CNI and Calico IPAM only', () => {
    const rules = (installation: Record<string, any>) => load(clusterDoc({ calico: { bgp: 'Disabled', installation } })).findings.map((f) => f.rule);
    expect(rules({})).toContain('installation.ipPools.ipip.requiresBGP');
    expect(rules({ cni: { type: 'Calico', ipam: { type: 'HostLocal' } } })).not.toContain('installation.ipPools.ipip.requiresBGP');
    expect(rules({ cni: { type: 'AmazonVPC' } })).not.toContain('installation.ipPools.ipip.requiresBGP');
  });

  test('a kubernetesProvider whose CNI would not be Calico does not change the CNI: calico-stack renders cni.type Calico; a CNI the file names counts', () => {
    // The operator's default CNI for EKS is AmazonVPC; calico-stack names Calico (with its IPIP pools and BGP), so the operator keeps it.
    const eks = load(clusterDoc({ calico: { installation: { kubernetesProvider: 'EKS' } } }));
    expect(messages(eks.findings.filter((f) => f.severity === 'error'))).toEqual([]);
    expect(find(render(eks.stack!).calico, 'Installation', 'default').spec.cni.type).toBe('Calico');
    expect(messages(load(clusterDoc({ calico: { installation: { kubernetesProvider: 'EKS', cni: { type: 'AmazonVPC' } } } })).findings.filter((f) => f.severity === 'error'))).toEqual([
      'calico.ipPools (from podSubnet 10.244.0.0/16): IPIP is invalid for ipPool.encapsulation when using non-Calico CNI, should be None (spec.cni.type is AmazonVPC, which carries the pods\' traffic) (got "IPIP"; allowed None) — set encapsulation: None (calico-stack writes IPIP for an IPv4 pool that names none)',
      'calico.bgp: BGP is not supported when using non-Calico CNI (spec.cni.type is AmazonVPC) (got "Enabled"; allowed Disabled) — set calico.bgp: Disabled (Enabled is calico-stack\'s default)',
    ]);
  });

  test('a CalicoInstallation on its own is checked against the default release\'s operator, at the paths of its props', () => {
    const inst = new CalicoInstallation(testChart(), 'Installation', { podCidrs: ['10.244.0.0/16'], installation: { controlPlaneReplicas: 0 } });
    expect(messages(findingsOf(inst))).toEqual([
      'installation.controlPlaneReplicas: the operator refuses it ("spec.ControlPlaneReplicas should be greater than 0") (got 0; allowed a whole number above 0) — remove installation.controlPlaneReplicas for the operator\'s 2, or set 1 or more',
    ]);
  });
});

test('logFileMaxSize: the quantities the operator takes (binary suffix, above zero)', () => {
  for (const ok of ['100Mi', '1Ki', '0.5Gi', '+2Ti', '.5Mi', '1Ei']) expect(isBinarySiSize(ok)).toBe(true);
  for (const bad of ['100M', '100', '0Mi', '-1Mi', '1e3', '1ki', 'Mi', 100, '1.5k']) expect(isBinarySiSize(bad)).toBe(false);
});
