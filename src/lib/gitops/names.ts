/**
 * The names calico-stack derives from a cluster's name for its GitOps objects, in one place, so the
 * longest name a cluster may have is computed from how the names are really built:
 *
 *   Argo CD Application        calico-stack-<cluster>
 *   Flux Kustomization          calico-stack-<cluster>-<stage>
 *
 * Both end up in label values, which hold at most 63 characters: kustomize-controller labels every
 * object it applies with `kustomize.toolkit.fluxcd.io/name: <Kustomization name>`, and Argo CD's
 * label tracking writes `app.kubernetes.io/instance: <Application name>`. A longer name would make
 * every apply fail, so the cluster name is limited to what leaves the longest of them at 63.
 */
import { Stage, STAGES } from './stages';
import { LABEL_VALUE_MAX } from '../common/k8s-names';

/** Name prefix of the Argo CD Application and the Flux Kustomizations of a cluster. */
export const GITOPS_NAME_PREFIX = 'calico-stack';

/** The Argo CD Application of a cluster, and the prefix of its Flux Kustomizations. */
export function gitopsName(cluster: string): string {
  return `${GITOPS_NAME_PREFIX}-${cluster}`;
}

/** The Flux Kustomization of one stage. */
export function fluxKustomizationName(prefix: string, stage: Stage): string {
  return `${prefix}-${stage}`;
}

/** Every name built from the cluster name, for a cluster named `cluster`. */
export function derivedNames(cluster: string): string[] {
  return [gitopsName(cluster), ...[...STAGES.keys()].map((stage) => fluxKustomizationName(gitopsName(cluster), stage))];
}

/** The longest cluster name whose derived names all fit a label value (39 with the stages of today). */
export const MAX_CLUSTER_NAME_LENGTH = LABEL_VALUE_MAX - Math.max(...derivedNames('').map((name) => name.length));
