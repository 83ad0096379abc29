/**
 * The Tigera operator as the release's manifests/tigera-operator.yaml ships it (CRDs aside):
 * Namespace, ServiceAccount, RBAC and the Deployment, from the release data (src/lib/calico/release-data/);
 * and, given the API server's address, the ConfigMap the operator reads it from.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { normalizeRegistry } from './installation';
import {
  applyOperatorSettings, OPERATOR_DEPLOYMENT_KEYS, OperatorDeploymentSettings, operatorDeploymentFindings, selectorLabels, templateLabels, upstreamEnvNames,
} from './operator-deployment';
import { OperatorRbac } from './operator-rbac';
import { CalicoRelease, calicoRelease, DEFAULT_CALICO_VERSION } from './releases';
import { addChecks } from '../common/checks';
import { HostPort, isHostPort, parseHostPort } from '../common/host-port';
import { USE_DEFAULT } from '../common/image-reference';
import { memosOf } from '../common/memo';
import { checkedProps } from '../common/props-check';
import { hostPortFindings } from '../common/value-checks';
import { KubeConfigMap, KubeNamespace, KubeServiceAccount } from '../k8s';

/** The namespace the operator runs in; it refuses calico-system and the namespaces it manages. */
export const OPERATOR_NAMESPACE = 'tigera-operator';
/** Name of the ServiceAccount, ClusterRole, Deployment and container. */
export const OPERATOR_NAME = 'tigera-operator';
/**
 * The ConfigMap in the operator's namespace that gives the API server's address, as the keys
 * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT: the operator reads it (tigera/operator v1.42.3
 * pkg/render/node.go:61, pkg/controller/utils/utils.go:406-435; the same name and keys in v1.34.5,
 * v1.38.13 and v1.40.15), its Deployment takes it as optional environment (`envFrom` in every release's
 * tigera-operator.yaml), and it passes the address on to calico-node, Typha and the other components.
 */
export const KUBERNETES_SERVICES_ENDPOINT = 'kubernetes-services-endpoint';

/**
 * Props of {@link TigeraOperator}: the release, the image's registry and the API server's address,
 * and the settings of the operator's Deployment (the tigera-operator Helm chart's values of the same
 * names; operator-deployment.ts). Without those the Deployment is upstream's, unchanged.
 */
export interface TigeraOperatorProps extends OperatorDeploymentSettings {
  /** The Calico release whose operator this is. */
  readonly release: CalicoRelease;
  /**
   * Registry to pull the operator image from (a private mirror); a missing trailing `/` is added,
   * and `UseDefault` is the same as leaving it out, as for the Installation.
   * @default - the release's registry, quay.io/
   */
  readonly registry?: string;
  /**
   * Replaces the image path `tigera` (`<registry><imagePath>/operator:<tag>`), as Installation.spec.imagePath does for Calico images.
   * `UseDefault` is the same as leaving it out.
   * @default 'tigera'
   */
  readonly imagePath?: string;
  /**
   * Pull secrets (in the operator namespace) the operator's ServiceAccount uses.
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * A stable address of the API server, `host:port` (a DNS name, an IPv4 address or `[IPv6]`), written
   * into ConfigMap `kubernetes-services-endpoint`, where the operator reads it: the operator and Calico
   * then reach the API server directly instead of through the `kubernetes` Service, which kube-proxy
   * serves (needed to run the BPF dataplane without kube-proxy).
   * @default - no ConfigMap
   */
  readonly apiServerEndpoint?: string;
}

/**
 * The Tigera operator of a Calico release, as upstream's `manifests/tigera-operator.yaml` (CRDs aside):
 * Namespace `tigera-operator`, ServiceAccount, RBAC and Deployment.
 */
export class TigeraOperator extends Construct {
  /** The operator image reference. */
  public readonly image: string;
  public readonly namespace: KubeNamespace;
  /** Deployment `tigera-operator`. */
  public readonly deployment: ApiObject;
  /** The API server's address as the ConfigMap gives it (IPv6 without brackets), when one is given. */
  public readonly apiServerEndpoint?: HostPort;
  /** ConfigMap `kubernetes-services-endpoint`, when an address is given. */
  public readonly servicesEndpoint?: KubeConfigMap;

  constructor(scope: Construct, id: string, props: TigeraOperatorProps) {
    super(scope, id);
    props = checkedProps(this, 'TigeraOperatorProps', props, () => ({ release: calicoRelease(DEFAULT_CALICO_VERSION) }));
    const { release } = props;
    const op = release.operator;
    const imagePath = props.imagePath === undefined || props.imagePath === USE_DEFAULT ? op.image.imagePath : props.imagePath;
    this.image = `${normalizeRegistry(props.registry) ?? op.image.registry}${imagePath}/${op.image.name}:${op.version}`;
    const labels = { ...op.labels };

    this.namespace = new KubeNamespace(this, 'Namespace', {
      metadata: { name: OPERATOR_NAMESPACE, labels: { ...op.namespaceLabels } },
    });

    // Before the Deployment, so that the operator starts with the address in its environment.
    const endpoint = props.apiServerEndpoint === undefined ? undefined : parseHostPort(props.apiServerEndpoint);
    if (endpoint && isHostPort(endpoint)) {
      this.apiServerEndpoint = endpoint;
      this.servicesEndpoint = new KubeConfigMap(this, 'ServicesEndpoint', {
        metadata: { name: KUBERNETES_SERVICES_ENDPOINT, namespace: OPERATOR_NAMESPACE, labels },
        data: { KUBERNETES_SERVICE_HOST: endpoint.host, KUBERNETES_SERVICE_PORT: String(endpoint.port) },
      });
    }

    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE, labels },
      imagePullSecrets: (props.imagePullSecrets ?? []).map((name) => ({ name })),
    });

    new OperatorRbac(this, 'Rbac', {
      release,
      namespace: OPERATOR_NAMESPACE,
      serviceAccountName: OPERATOR_NAME,
      labels,
    });

    // The Deployment exactly as the release writes it, with the image moved to the registry asked for.
    // A plain ApiObject: the generated KubeDeployment would rewrite fields it types differently.
    // The settings of the Deployment, where the Helm chart's template puts them; none: upstream's spec as it is.
    const upstreamImage = `${op.image.registry}${op.image.imagePath}/${op.image.name}:${op.version}`;
    const settings = Object.fromEntries(OPERATOR_DEPLOYMENT_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]])) as OperatorDeploymentSettings;
    const spec = Object.keys(settings).length === 0 ? op.deployment.spec : applyOperatorSettings(op.deployment.spec, settings, OPERATOR_NAME);
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE, labels: { ...op.deployment.labels } },
      spec: withImage(spec, upstreamImage, this.image),
    });
    addChecks(this, (at) => (props.apiServerEndpoint === undefined ? [] : hostPortFindings(at('apiServerEndpoint'), props.apiServerEndpoint)));
    if (Object.keys(settings).length > 0) {
      const upstream = { envNames: upstreamEnvNames(op.deployment.spec, OPERATOR_NAME), selectorLabels: selectorLabels(op.deployment.spec), podLabels: templateLabels(op.deployment.spec) };
      addChecks(this, (at) => operatorDeploymentFindings(settings, upstream, at, memosOf(this)));
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A deep copy of `spec` in which every container image `from` is `to`. */
function withImage(spec: { readonly [key: string]: unknown }, from: string, to: string): { [key: string]: Json } {
  const copy = JSON.parse(JSON.stringify(spec)) as { template?: { spec?: { containers?: Array<{ image?: string }> } } };
  for (const container of copy.template?.spec?.containers ?? []) {
    if (container.image === from) container.image = to;
  }
  return copy as { [key: string]: Json };
}
