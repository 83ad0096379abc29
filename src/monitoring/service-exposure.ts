/**
 * How a web UI of the monitoring stack is reached from outside the cluster: a NodePort Service and,
 * when the sources are restricted, a NetworkPolicy that admits only them plus in-cluster traffic.
 */
import { Construct } from 'constructs';
import { IntOrString, KubeNetworkPolicy, KubeService } from '../k8s';

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
  /** Name of the Service (and of the NetworkPolicy, with `-ingress`). */
  readonly name: string;
  readonly namespace: string;
  /** Labels of the Service object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the pods served (the Service selector and the policy's pod selector). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Name of the port, as the container declares it. */
  readonly portName: string;
  /** The pods' port; also the Service port. */
  readonly port: number;
  readonly nodePort: number;
}

export class NodePortExposure extends Construct {
  public readonly service: KubeService;
  public readonly networkPolicy?: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: NodePortExposureProps) {
    super(scope, id);
    const allowed = props.allowedSourceCidrs ?? [];
    const clusterCidrs = props.clusterCidrs ?? [];
    const restricted = allowed.length > 0;
    if (restricted && clusterCidrs.length === 0) {
      throw new Error(`${props.name}: allowedSourceCidrs needs clusterCidrs too, or the policy would also shut out in-cluster clients`);
    }
    const { namespace } = props;

    this.service = new KubeService(this, 'Service', {
      metadata: { name: props.name, namespace, labels: { ...props.labels } },
      spec: {
        type: 'NodePort',
        externalTrafficPolicy: restricted ? ExternalTrafficPolicy.LOCAL : ExternalTrafficPolicy.CLUSTER,
        selector: { ...props.selectorLabels },
        ports: [{ name: props.portName, port: props.port, targetPort: IntOrString.fromString(props.portName), nodePort: props.nodePort, protocol: 'TCP' }],
      },
    });

    if (restricted) {
      // Kubelet probes come from the pod's own node, which NetworkPolicy always lets through.
      this.networkPolicy = new KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: `${props.name}-ingress`, namespace, labels: { ...props.labels } },
        spec: {
          podSelector: { matchLabels: { ...props.selectorLabels } },
          policyTypes: ['Ingress'],
          ingress: [{
            from: [...allowed, ...clusterCidrs].map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ port: IntOrString.fromNumber(props.port), protocol: 'TCP' }],
          }],
        },
      });
    }
  }
}
