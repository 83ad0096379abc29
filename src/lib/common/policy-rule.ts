/**
 * RBAC rules as release catalogs write them (upstream's order and spelling), and their conversion
 * to the generated Kubernetes type. Shared by the Calico and Retina catalogs.
 */
import { PolicyRule as KubePolicyRule } from '../k8s';

/** One RBAC rule, in the order and spelling upstream writes it. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
}

/** A rule; `resourceNames` only when given, so the rendered object has no empty list. */
export function rule(apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule {
  return resourceNames ? { apiGroups, resources, verbs, resourceNames } : { apiGroups, resources, verbs };
}

/** The rule as the generated `ClusterRole.rules[]` type, with fresh arrays. */
export function toKubeRule(r: PolicyRule): KubePolicyRule {
  return {
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    verbs: [...r.verbs],
    ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
  };
}
