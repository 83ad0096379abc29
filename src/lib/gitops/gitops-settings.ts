/**
 * The `gitops` section of a cluster: whether to render an Argo CD Application and Flux
 * Kustomizations for the cluster's output folder, with their defaults (Argo CD's own names and
 * those `flux bootstrap` creates) and the checks of their values. The objects themselves are built
 * from the resolved settings by ArgoCdApplication and FluxKustomizations.
 */
import { fluxWaveGateName } from './fleet';
import { FluxSourceKind } from './flux';
import { LABEL_VALUE_MAX } from '../common/k8s-names';
import type { PathOf } from '../common/checks';
import { error, Finding } from '../common/findings';
import { choiceFindings, dnsLabelFindings, gitRepoUrlFindings, nonEmptyFindings, objectNameFindings, repoPathFindings } from '../common/value-checks';

/** The `gitops.argocd` section: an Argo CD Application for the cluster's folder. */
export interface ArgoCdSpec {
  /** Render `argocd/application.yaml` and sync waves and options on every object. */
  readonly enabled: boolean;
  /**
   * The Git repository holding the output folder; required when enabled, except in a repository whose
   * Argo CD fleet delivers the cluster (its `calico-stack.yaml` names the repository then).
   */
  readonly repoURL?: string;
  /** Branch, tag or commit Argo CD syncs. @default 'HEAD' */
  readonly targetRevision?: string;
  /** The Argo CD project (an AppProject name). @default 'default' */
  readonly project?: string;
  /** The cluster's output folder inside the repository. @default 'dist/<cluster name>' */
  readonly path?: string;
  /** Namespace Argo CD runs in (where the Application goes). @default 'argocd' */
  readonly namespace?: string;
  /** API server Argo CD deploys to. @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in) */
  readonly server?: string;
}

/** The `gitops.flux` section: Flux Kustomizations for the cluster's folder, one per stage. */
export interface FluxSpec {
  /** Render Flux Kustomizations, one per stage, chained with dependsOn. */
  readonly enabled: boolean;
  /** The Flux source holding the repository. @default - GitRepository flux-system (what `flux bootstrap` creates) */
  readonly sourceRef?: {
    /** @default FluxSourceKind.GIT_REPOSITORY */
    readonly kind?: `${FluxSourceKind}`;
    /** The source's name. @default 'flux-system' */
    readonly name?: string;
    /** The source's namespace. @default - the Kustomization's namespace */
    readonly namespace?: string;
  };
  /** The cluster's output folder inside the repository. @default 'dist/<cluster name>' */
  readonly path?: string;
  /** Namespace of the Kustomization objects. @default 'flux-system' */
  readonly namespace?: string;
}

/** The `gitops` section of a cluster file. */
export interface GitOpsSpec {
  /** @default - off */
  readonly argocd?: ArgoCdSpec;
  /** @default - off */
  readonly flux?: FluxSpec;
  /**
   * The cluster's rollout wave in its repository's fleet: one of the waves `calico-stack.yaml` lists
   * (see docs/fleets.md); ignored without a fleet.
   * @default - the fleet's last wave
   */
  readonly wave?: string;
}

/** The resolved Argo CD settings. */
export interface ArgoCdSettings {
  readonly enabled: boolean;
  readonly repoURL?: string;
  readonly targetRevision: string;
  readonly project: string;
  readonly path: string;
  readonly namespace: string;
  readonly server: string;
}

/** The resolved Flux settings. */
export interface FluxSettings {
  readonly enabled: boolean;
  readonly sourceRef: { readonly kind: FluxSourceKind; readonly name: string; readonly namespace?: string };
  readonly path: string;
  readonly namespace: string;
}

/** The `gitops` section with every default applied. */
export interface GitOpsSettings {
  readonly argocd: ArgoCdSettings;
  readonly flux: FluxSettings;
}

/** Argo CD's and `flux bootstrap`'s own names, and the output folder of `npm run synth`. */
export const GITOPS_DEFAULTS = {
  argocd: { targetRevision: 'HEAD', project: 'default', namespace: 'argocd', server: 'https://kubernetes.default.svc' },
  flux: { sourceRef: { kind: FluxSourceKind.GIT_REPOSITORY, name: 'flux-system' }, namespace: 'flux-system' },
  /** The output folder of `npm run synth` for a cluster. */
  path: (cluster: string) => `dist/${cluster}`,
} as const;

/** The settings of `spec` for the cluster named `cluster`, with every default applied. */
export function gitOpsSettings(spec: GitOpsSpec | undefined, cluster: string): GitOpsSettings {
  const argocd = spec?.argocd;
  const flux = spec?.flux;
  const d = GITOPS_DEFAULTS;
  return {
    argocd: {
      enabled: argocd?.enabled ?? false,
      ...(argocd?.repoURL !== undefined ? { repoURL: argocd.repoURL } : {}),
      targetRevision: argocd?.targetRevision ?? d.argocd.targetRevision,
      project: argocd?.project ?? d.argocd.project,
      path: trimPath(argocd?.path ?? d.path(cluster)),
      namespace: argocd?.namespace ?? d.argocd.namespace,
      server: argocd?.server ?? d.argocd.server,
    },
    flux: {
      enabled: flux?.enabled ?? false,
      sourceRef: {
        kind: (flux?.sourceRef?.kind as FluxSourceKind | undefined) ?? d.flux.sourceRef.kind,
        name: flux?.sourceRef?.name ?? d.flux.sourceRef.name,
        ...(flux?.sourceRef?.namespace !== undefined ? { namespace: flux.sourceRef.namespace } : {}),
      },
      path: trimPath(flux?.path ?? d.path(cluster)),
      namespace: flux?.namespace ?? d.flux.namespace,
    },
  };
}

/** The values of `spec` as written, and what Argo CD needs to find the folder (`at` gives the paths of its keys). */
export function gitOpsFindings(spec: GitOpsSpec | undefined, at: PathOf): Finding[] {
  const findings: Finding[] = [];
  const a = spec?.argocd;
  if (a) {
    if (a.enabled && a.repoURL === undefined) {
      findings.push(error(at('argocd', 'repoURL'), `is required when ${at('argocd', 'enabled')} is true`, {
        allowed: 'the URL of the Git repository that dist/ is committed to', fix: `set ${at('argocd', 'repoURL')}, or ${at('argocd', 'enabled')}: false`,
      }));
    }
    if (a.repoURL !== undefined) findings.push(...gitRepoUrlFindings(at('argocd', 'repoURL'), a.repoURL));
    if (a.targetRevision !== undefined) findings.push(...nonEmptyFindings(at('argocd', 'targetRevision'), a.targetRevision));
    // An AppProject is an object: its name is one.
    if (a.project !== undefined) findings.push(...objectNameFindings(at('argocd', 'project'), a.project));
    if (a.path !== undefined) findings.push(...repoPathFindings(at('argocd', 'path'), a.path));
    if (a.namespace !== undefined) findings.push(...dnsLabelFindings(at('argocd', 'namespace'), a.namespace));
    if (a.server !== undefined) findings.push(...nonEmptyFindings(at('argocd', 'server'), a.server));
  }
  if (spec?.wave !== undefined) findings.push(...waveFindings(at('wave'), spec.wave));
  const f = spec?.flux;
  if (f) {
    if (f.sourceRef?.kind !== undefined) findings.push(...choiceFindings(at('flux', 'sourceRef', 'kind'), f.sourceRef.kind, Object.values(FluxSourceKind)));
    if (f.sourceRef?.name !== undefined) findings.push(...objectNameFindings(at('flux', 'sourceRef', 'name'), f.sourceRef.name));
    if (f.sourceRef?.namespace !== undefined) findings.push(...dnsLabelFindings(at('flux', 'sourceRef', 'namespace'), f.sourceRef.namespace));
    if (f.path !== undefined) findings.push(...repoPathFindings(at('flux', 'path'), f.path));
    if (f.namespace !== undefined) findings.push(...dnsLabelFindings(at('flux', 'namespace'), f.namespace));
  }
  return findings;
}

/** The GitOps tools in use, with the namespace each runs in and the path that sets it (`at` gives the paths of the settings' keys). */
export function gitOpsNamespaces(settings: GitOpsSettings, at: PathOf): Array<{ readonly namespace: string; readonly tool: string; readonly path: string }> {
  const { argocd, flux } = settings;
  return [
    ...(argocd.enabled ? [{ namespace: argocd.namespace, tool: 'Argo CD', path: at('argocd', 'namespace') }] : []),
    ...(flux.enabled ? [{ namespace: flux.namespace, tool: 'Flux', path: at('flux', 'namespace') }] : []),
  ];
}

/** The longest wave name: `calico-stack-wave-<wave>-gate` (a Flux Kustomization) must fit a label value. */
export const MAX_WAVE_LENGTH = LABEL_VALUE_MAX - fluxWaveGateName('').length;

/** A wave's name: a DNS label (it is part of object names and a label value), short enough for its Flux gate's name. */
export function waveFindings(path: string, wave: string): Finding[] {
  const problems = dnsLabelFindings(path, wave);
  if (problems.length > 0) return problems;
  if (wave.length > MAX_WAVE_LENGTH) {
    return [error(path, `is ${wave.length} characters; the Flux gate "${fluxWaveGateName(wave)}" would not fit a label value`, {
      got: wave, allowed: `at most ${MAX_WAVE_LENGTH} characters`, fix: 'choose a shorter wave name',
    })];
  }
  return [];
}

/** `./dist/x/` → `dist/x`: one spelling, so both tools get the same path. */
function trimPath(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}
