/**
 * The Tigera operator as the release's manifests/tigera-operator.yaml ships it (CRDs aside):
 * Namespace, ServiceAccount, RBAC and the Deployment.
 */
import { Construct } from 'constructs';
import { OperatorRbac } from './operator-rbac';
import { CalicoRelease } from './releases';
import { KubeDeployment, KubeNamespace, KubeServiceAccount } from '../k8s';

/** The namespace the operator runs in; it refuses calico-system and the namespaces it manages. */
export const OPERATOR_NAMESPACE = 'tigera-operator';
/** Name of the ServiceAccount, ClusterRole, Deployment and container. */
export const OPERATOR_NAME = 'tigera-operator';

/** Props of {@link TigeraOperator}. */
export interface TigeraOperatorProps {
  /** The Calico release whose operator this is. */
  readonly release: CalicoRelease;
  /**
   * Registry to pull the operator image from, with a trailing slash (a private mirror).
   * @default - the release's registry, quay.io/
   */
  readonly registry?: string;
  /**
   * Replaces the image path `tigera` (`<registry><imagePath>/operator:<tag>`), as Installation.spec.imagePath does for Calico images.
   * @default 'tigera'
   */
  readonly imagePath?: string;
  /**
   * Pull secrets (in the operator namespace) the operator's ServiceAccount uses.
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * The Tigera operator of a Calico release, as upstream's `manifests/tigera-operator.yaml` (CRDs aside):
 * Namespace `tigera-operator`, ServiceAccount, RBAC and Deployment.
 */
export class TigeraOperator extends Construct {
  /** The operator image reference. */
  public readonly image: string;
  public readonly namespace: KubeNamespace;
  public readonly deployment: KubeDeployment;

  constructor(scope: Construct, id: string, props: TigeraOperatorProps) {
    super(scope, id);
    const { release } = props;
    this.image = `${props.registry ?? release.operatorRegistry}${props.imagePath ?? 'tigera'}/operator:${release.operatorVersion}`;
    const appLabel = { 'k8s-app': OPERATOR_NAME };
    const selectorLabels = { name: OPERATOR_NAME };
    const labels = release.labelsAllOperatorObjects ? appLabel : {};

    this.namespace = new KubeNamespace(this, 'Namespace', {
      metadata: {
        name: OPERATOR_NAMESPACE,
        labels: { name: OPERATOR_NAMESPACE, 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    });

    const serviceAccount = new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE, labels },
      imagePullSecrets: (props.imagePullSecrets ?? []).map((name) => ({ name })),
    });

    new OperatorRbac(this, 'Rbac', {
      release,
      namespace: OPERATOR_NAMESPACE,
      serviceAccountName: OPERATOR_NAME,
      labels,
    });

    this.deployment = new KubeDeployment(this, 'Deployment', {
      metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE, labels: appLabel },
      spec: {
        replicas: 1,
        selector: { matchLabels: selectorLabels },
        template: {
          metadata: { labels: { ...selectorLabels, ...appLabel } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            tolerations: [
              { effect: 'NoExecute', operator: 'Exists' },
              { effect: 'NoSchedule', operator: 'Exists' },
            ],
            serviceAccountName: serviceAccount.name,
            // The operator waits up to 60 s for Calico resources to go away when uninstalled.
            terminationGracePeriodSeconds: 60,
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            containers: [{
              name: OPERATOR_NAME,
              image: this.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['operator'],
              ...(release.operatorArgs.length > 0 ? { args: [...release.operatorArgs] } : {}),
              volumeMounts: [{ name: 'var-lib-calico', readOnly: true, mountPath: '/var/lib/calico' }],
              env: [
                { name: 'WATCH_NAMESPACE', value: '' },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'OPERATOR_NAME', value: OPERATOR_NAME },
                { name: 'TIGERA_OPERATOR_INIT_IMAGE_VERSION', value: release.operatorVersion },
              ],
              // Optional KUBERNETES_SERVICE_HOST/PORT override, for clusters without kube-proxy.
              envFrom: [{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }],
            }],
            // calico-node writes the detected MTU to /var/lib/calico/mtu; the operator reports it.
            volumes: [{ name: 'var-lib-calico', hostPath: { path: '/var/lib/calico' } }],
          },
        },
      },
    });
  }
}
