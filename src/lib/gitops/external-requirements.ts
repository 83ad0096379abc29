/**
 * What a stage needs from outside the cluster's folder: custom resources whose CRDs another
 * installation provides (kube-prometheus-stack's PodMonitor and PrometheusRule). The GitOps outputs
 * read it (Argo CD: the objects skip the dry run when the CRD is missing; Flux: the stage's
 * Kustomization depends on the Kustomizations that install it) and so does `npm run plan`.
 */
import { FluxDependency } from './flux';
import { Stage } from './stages';

/** CRDs a stage's objects need that its own files do not install. */
export interface ExternalRequirement {
  readonly stage: Stage;
  /** Group and version of the kinds, e.g. `monitoring.coreos.com/v1`. */
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** What installs the CRDs (`kube-prometheus-stack`). */
  readonly installedBy: string;
  /** Flux Kustomizations that install them: the stage's Kustomization depends on them. */
  readonly fluxDependsOn: readonly FluxDependency[];
}

/** The API group of an `apiVersion` (`monitoring.coreos.com/v1` → `monitoring.coreos.com`). */
export function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}
