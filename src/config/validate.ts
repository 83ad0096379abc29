/**
 * Semantic validation: rules over a whole ClusterConfig that the schema alone cannot express.
 * Pure; returns every finding at once. Each rule is a function from the config to findings.
 */
import { ClusterConfig } from './cluster-config';
import { error, Finding } from '../common/findings';
import { CRDS_BY_OPERATOR } from './schema';
import { capacityRule, immutabilityRule, PreviousPool } from './rules/capacity';
import { cloudRule } from './rules/cloud';
import { canonicalRule, kubeadmRule, overlapRule } from './rules/network';
import { autodetectionRule, poolRule } from './rules/pools';
import { monitoringRule } from './rules/monitoring';
import { retinaRule } from './rules/retina';
import { calicoFieldUses, releaseFieldFindings } from '../calico/release-fields';
import { describeMissing, missingCrds, neededCrds } from '../calico/crd-bundle';

/** What validation knows besides the config: the previous render of the same cluster, if any. */
export interface ValidationContext {
  /** Pools of the Installation in the committed output folder. */
  readonly previousPools?: readonly PreviousPool[];
}

export type Rule = (config: ClusterConfig, context: ValidationContext) => Finding[];

/** The CRDs the rendered custom resources need, by CRD name. */
export function requiredCrds(config: ClusterConfig): string[] {
  const c = config.calico;
  return [
    'installations.operator.tigera.io',
    ...(c.apiServer ? ['apiservers.operator.tigera.io'] : []),
    ...(c.goldmane ? ['goldmanes.operator.tigera.io'] : []),
    ...(c.whisker ? ['whiskers.operator.tigera.io'] : []),
    ...(c.wireguard ? ['felixconfigurations.crd.projectcalico.org'] : []),
  ];
}

/** Release rules: CRD source, custom resources and enum values the chosen release has. */
export const releaseRules: Rule = (config) => {
  const c = config.calico;
  const r = c.release;
  const findings: Finding[] = [];
  const fetchHint = r.crdBundle
    ? `remove calico.crds: calico-stack ships them (${r.crdBundle.file}); or set it to the release's operator-crds.yaml`
    : `download them with \`npm run fetch-crds -- ${r.version}\` and set calico.crds to that file`;
  if (c.crds === undefined) {
    findings.push(error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) cannot create its own CRDs, so they must come from a file`, {
      got: undefined, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
    }));
  } else if (c.crds === CRDS_BY_OPERATOR) {
    if (!r.operatorCreatesCrds) {
      findings.push(error('calico.crds', `Calico ${r.version} (operator ${r.operatorVersion}) runs without -manage-crds and cannot create its own CRDs`, {
        got: CRDS_BY_OPERATOR, allowed: 'a path to the operator-crds.yaml of the release', fix: fetchHint,
      }));
    }
  } else {
    // Every CRD the release's operator (and so every rendered custom resource) needs, serving its versions.
    const missing = missingCrds(c.crds.crds, neededCrds(r.crds));
    if (missing.length > 0) {
      findings.push(error('calico.crds', `${c.crds.path} lacks CRDs Calico ${r.version} needs: ${describeMissing(missing)}`, {
        fix: `use the operator-crds.yaml of Calico ${r.version}${r.crdBundle ? `, or remove calico.crds to use the bundle calico-stack ships (${r.crdBundle.file})` : ''}`,
      }));
    }
  }
  if (r.hasGoldmaneWhisker && c.whisker && !c.goldmane) {
    findings.push(error('calico.whisker', 'Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker")', {
      got: true, fix: 'set calico.goldmane: true, or calico.whisker: false',
    }));
  }
  // Kinds, fields and values the release lacks, each naming the release that introduced it.
  findings.push(...releaseFieldFindings(r, calicoFieldUses(c)));
  return findings;
};

/** GitOps rules: what Argo CD and Flux need to find the rendered folder. */
export const gitopsRules: Rule = (config) => {
  const { argocd } = config.gitops;
  const findings: Finding[] = [];
  if (argocd.enabled && argocd.repoURL === undefined) {
    findings.push(error('gitops.argocd.repoURL', 'is required when gitops.argocd.enabled is true', {
      allowed: 'the URL of the Git repository that dist/ is committed to', fix: 'set gitops.argocd.repoURL, or gitops.argocd.enabled: false',
    }));
  }
  return findings;
};

/** Every rule, in the order findings are reported. */
export const RULES: readonly Rule[] = [
  releaseRules,
  canonicalRule,
  kubeadmRule,
  overlapRule,
  poolRule,
  autodetectionRule,
  cloudRule,
  capacityRule,
  (config, context) => immutabilityRule(config, context.previousPools),
  retinaRule,
  gitopsRules,
  monitoringRule,
];

export function validateCluster(config: ClusterConfig, context: ValidationContext = {}): Finding[] {
  return RULES.flatMap((rule) => rule(config, context));
}
