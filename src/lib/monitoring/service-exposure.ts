/**
 * How a web UI of the monitoring stack is reached from outside the cluster: a NodePort Service and,
 * when the sources are restricted, a NetworkPolicy that admits only them plus in-cluster traffic.
 * Both select exactly the pods the workload selects.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import { ContainerPort, Deployment, Protocol, Service, ServiceType, Workload } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkedProps, placeholderChart } from '../common/props-check';
import { IntOrString, KubeNetworkPolicy } from '../k8s';

/** `spec.externalTrafficPolicy` of a NodePort Service. */
export enum ExternalTrafficPolicy {
  /** Every node answers and forwards; the source address is replaced by the node's (SNAT). */
  CLUSTER = 'Cluster',
  /** Only nodes running a pod answer; the client's address reaches the pod unchanged. */
  LOCAL = 'Local',
}

/** Who may reach a node port. */
export interface NodePortAccessOptions {
  /**
   * Sources allowed to reach the node port. Non-empty: a NetworkPolicy admits only these and
   * {@link clusterCidrs}, and the Service keeps source addresses (`externalTrafficPolicy: Local`).
   * @default - any source; no NetworkPolicy
   */
  readonly allowedSourceCidrs?: readonly string[];
  /**
   * In-cluster sources that stay allowed when {@link allowedSourceCidrs} is set (the pod CIDRs).
   * @default - none
   */
  readonly clusterCidrs?: readonly string[];
}

export interface NodePortExposureProps extends NodePortAccessOptions {
  /**
   * The pods served: the Service and the policy select what the workload selects, and take its
   * name (the policy with `-ingress`) and namespace.
   */
  readonly workload: Workload;
  /** Labels of the Service and the policy. */
  readonly labels: Readonly<Record<string, string>>;
  /** The container port served, by name; its number is also the Service port. */
  readonly port: ContainerPort;
  readonly nodePort: number;
}

/**
 * A NodePort Service for a workload's port and, when sources are restricted, a NetworkPolicy
 * admitting only them.
 */
export class NodePortExposure extends Construct {
  public readonly externalTrafficPolicy: ExternalTrafficPolicy;
  public readonly service: Service;
  public readonly networkPolicy?: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: NodePortExposureProps) {
    super(scope, id);
    props = checkedProps(this, 'NodePortExposureProps', props, () => ({
      workload: new Deployment(placeholderChart(), 'Workload', { containers: [{ image: 'placeholder' }] }),
      port: { name: 'placeholder', number: 1 },
    }));
    const allowed = props.allowedSourceCidrs ?? [];
    const clusterCidrs = props.clusterCidrs ?? [];
    const { workload, port } = props;
    const name = workload.name;
    const restricted = allowed.length > 0;
    if (restricted && clusterCidrs.length === 0) {
      throw new Error(`${name}: allowedSourceCidrs needs clusterCidrs too, or the policy would also shut out in-cluster clients`);
    }
    if (port.name === undefined) {
      throw new Error(`${name}: the exposed container port ${port.number} needs a name`);
    }
    this.externalTrafficPolicy = restricted ? ExternalTrafficPolicy.LOCAL : ExternalTrafficPolicy.CLUSTER;
    const namespace = workload.metadata.namespace;
    const selector = workload.matchLabels;

    this.service = new Service(this, 'Service', {
      metadata: { name, namespace, labels: { ...props.labels } },
      type: ServiceType.NODE_PORT,
      ports: [{ name: port.name, port: port.number, targetPort: port.number, nodePort: props.nodePort, protocol: Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);
    // cdk8s-plus-28's Service has no externalTrafficPolicy, and renders an empty externalIPs list.
    ApiObject.of(this.service).addJsonPatch(
      JsonPatch.add('/spec/externalTrafficPolicy', this.externalTrafficPolicy),
      JsonPatch.remove('/spec/externalIPs'),
    );

    if (restricted) {
      // Kubelet probes come from the pod's own node, which NetworkPolicy always lets through.
      // The generated class: cdk8s-plus' NetworkPolicy writes one ingress rule per source.
      this.networkPolicy = new KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: `${name}-ingress`, namespace, labels: { ...props.labels } },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [...allowed, ...clusterCidrs].map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ port: IntOrString.fromNumber(port.number), protocol: Protocol.TCP }],
          }],
        },
      });
    }
  }
}
