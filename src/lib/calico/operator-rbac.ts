/**
 * The operator's RBAC exactly as the release's tigera-operator.yaml ships it: ClusterRole
 * `tigera-operator` bound cluster-wide, and (v3.30+) ClusterRole `tigera-operator-secrets` bound in
 * the operator namespace.
 */
import { Construct } from 'constructs';
import { CalicoRelease } from './releases';
import { toKubeRule } from '../common/policy-rule';
import { KubeClusterRole, KubeClusterRoleBinding, KubeRoleBinding } from '../k8s';

export interface OperatorRbacProps {
  readonly release: CalicoRelease;
  /** Namespace of the operator's ServiceAccount. */
  readonly namespace: string;
  /** Name of the operator's ServiceAccount; also the name of its ClusterRole and bindings. */
  readonly serviceAccountName: string;
  /** Labels for every object (upstream: `k8s-app: tigera-operator` from v3.30, none before). */
  readonly labels: Record<string, string>;
}

export class OperatorRbac extends Construct {
  public readonly clusterRole: KubeClusterRole;
  public readonly secretsClusterRole?: KubeClusterRole;

  constructor(scope: Construct, id: string, props: OperatorRbacProps) {
    super(scope, id);
    const { release, namespace, serviceAccountName: name, labels } = props;
    const subjects = [{ kind: 'ServiceAccount', name, namespace }];

    // Created in upstream's order: secrets ClusterRole, ClusterRole, ClusterRoleBinding, RoleBinding.
    const secretsName = `${name}-secrets`;
    if (release.operatorSecretsRules) {
      this.secretsClusterRole = new KubeClusterRole(this, 'SecretsClusterRole', {
        metadata: { name: secretsName, labels },
        rules: release.operatorSecretsRules.map(toKubeRule),
      });
    }
    this.clusterRole = new KubeClusterRole(this, 'ClusterRole', {
      metadata: { name, labels },
      rules: release.operatorRules.map(toKubeRule),
    });
    new KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name, labels },
      subjects,
      roleRef: { kind: 'ClusterRole', name, apiGroup: 'rbac.authorization.k8s.io' },
    });
    if (this.secretsClusterRole) {
      new KubeRoleBinding(this, 'SecretsRoleBinding', {
        metadata: { name: secretsName, namespace, labels },
        subjects,
        roleRef: { kind: 'ClusterRole', name: secretsName, apiGroup: 'rbac.authorization.k8s.io' },
      });
    }
  }
}
