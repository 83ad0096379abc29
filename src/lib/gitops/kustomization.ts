/**
 * kustomize's own `Kustomization` file (kustomize.config.k8s.io), as an object. Only `resources`:
 * no transformers and no `sortOptions`, so every kustomize since v2 (kubectl 1.14+, Argo CD, Flux)
 * builds it the same way.
 */
import { Document } from 'yaml';

/** A `kustomization.yaml` that lists resources only. */
export interface KustomizeKustomization {
  readonly apiVersion: 'kustomize.config.k8s.io/v1beta1';
  readonly kind: 'Kustomization';
  readonly resources: readonly string[];
}

/**
 * A kustomization listing `resources` (paths relative to its folder) in the given order. Empty only
 * with `allowEmpty` (a Flux wave gate applies nothing on purpose; anywhere else it is a mistake).
 */
export function kustomization(resources: readonly string[], options: { readonly allowEmpty?: boolean } = {}): KustomizeKustomization {
  if (resources.length === 0 && !options.allowEmpty) throw new Error('a kustomization needs at least one resource');
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] };
}

/** The YAML text of `k`, with a comment saying where it comes from. */
export function kustomizationYaml(k: KustomizeKustomization, comment: string): string {
  const doc = new Document(k);
  doc.commentBefore = comment.split('\n').map((l) => ` ${l}`.trimEnd()).join('\n');
  return doc.toString();
}
