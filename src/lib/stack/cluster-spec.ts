/**
 * ClusterSpec: one cluster, with exactly the shape and keys of a cluster file
 * (`clusters/<name>.yaml`). It is CalicoStack's props: a cluster file is loaded into one
 * (readClusterFile), and a cdk8s app can write one in code. Each section is the props of the
 * construct that renders it, so an option is declared once, next to the construct that applies its
 * default; only the two keys that name files in a cluster file take the files' content here.
 */
import { ChartProps } from 'cdk8s';
import { CalicoFelixOptions } from '../calico/calico-api-chart';
import { CalicoBgpOptions } from '../calico/calico-bgp';
import { CalicoChartProps } from '../calico/calico-chart';
import { CRDS_BY_OPERATOR, CrdBundle } from '../calico/crd-bundle';
import { OperatorDeploymentSettings } from '../calico/operator-deployment';
import { GitOpsSpec } from '../gitops/gitops-settings';
import { MonitoringChartProps } from '../monitoring/monitoring-chart';
import { RetinaChartProps } from '../retina/retina-chart';

/** Where the nodes run; decides which encapsulations the network lets through. */
export enum Cloud {
  AWS = 'aws',
  AZURE = 'azure',
  GCP = 'gcp',
  BAREMETAL = 'baremetal',
}

/**
 * The networking and Kubernetes version of a kubeadm cluster as its kubeadm-config says
 * (`networking.podSubnet`, `networking.serviceSubnet`, `kubernetesVersion`): readClusterFile and
 * loadKubeadmConfig read it from a file.
 */
export interface KubeadmConfig {
  /** Where it was read from, as written (for messages). */
  readonly source: string;
  readonly podSubnet?: string;
  readonly serviceSubnet?: string;
  /** The ClusterConfiguration's `kubernetesVersion` (`v1.33.2`). */
  readonly kubernetesVersion?: string;
}

/** Where the nodes run and the cluster's networks (kubeadm's `networking`): the `platform` section. */
export interface PlatformSpec {
  /** Where the nodes run (`Cloud.AWS` or `'aws'`). */
  readonly cloud: `${Cloud}`;
  /**
   * kubeadm `networking.podSubnet` (`--pod-network-cidr`); `v4,v6` for dual stack.
   * @default - from kubeadmConfig
   */
  readonly podSubnet?: string;
  /**
   * kubeadm `networking.serviceSubnet`.
   * @default - from kubeadmConfig, else kubeadm's 10.96.0.0/12
   */
  readonly serviceSubnet?: string;
  /** The hosts' own networks. @default [] */
  readonly nodeSubnets?: readonly string[];
  /**
   * The cluster's kubeadm-config. In a cluster file: the path of
   * `kubectl -n kube-system get cm kubeadm-config -o yaml`'s output; here: its content
   * (loadKubeadmConfig(path)).
   * @default - none
   */
  readonly kubeadmConfig?: KubeadmConfig;
  /** Number of nodes, for capacity checks. @default - not checked */
  readonly nodes?: number;
  /**
   * A stable address of the API server, `host:port` (DNS name, IPv4 address or `[IPv6]`; the control
   * plane's load balancer or kubeadm's controlPlaneEndpoint), rendered into ConfigMap
   * `kubernetes-services-endpoint` in `tigera-operator`: the operator and Calico then reach the API server
   * there instead of through the `kubernetes` Service, which kube-proxy serves. Required for
   * `calico.linuxDataplane: BPF` on releases without `bpfNetworkBootstrap` (before v3.31); on later ones
   * it replaces the bootstrap.
   * @default - none: they use the `kubernetes` Service
   */
  readonly apiServerEndpoint?: string;
  /**
   * The Kubernetes version the cluster runs, `v1.33.2` or its minor `1.33` (`kubectl version`'s server
   * version). Checked against the Kubernetes versions the Calico release was tested on: outside them, a
   * warning names the releases that were. With kubeadmConfig, the two must agree.
   * @default - from kubeadmConfig's `kubernetesVersion`; without either, not checked
   */
  readonly kubernetesVersion?: string;
}

/**
 * The `calico` section: the Calico chart's props, the BGP keys (CalicoApiChart's props), plus
 * where the CRDs come from.
 */
export type CalicoSpec = Omit<CalicoChartProps, keyof ChartProps | 'podCidrs' | 'apiServerEndpoint'> & CalicoBgpOptions & CalicoFelixOptions & {
  /**
   * `operator`: the operator creates its CRDs at start (releases that run with `-manage-crds=true`);
   * otherwise the release's CRD bundle (in a cluster file: its path; here: its content, loadCrdBundle(path)).
   * @default - `operator` where the release can
   */
  readonly crds?: typeof CRDS_BY_OPERATOR | CrdBundle;
};

/** The `operator` section: the settings of the operator's Deployment (TigeraOperator's props of the same names). */
export type OperatorSpec = OperatorDeploymentSettings;

/** The `retina` section: the Retina chart's props, and whether to render it. */
export type RetinaSpec = Omit<RetinaChartProps, keyof ChartProps> & {
  /** Render Retina; false renders no Retina file at all. @default true */
  readonly enabled?: boolean;
};

/** The `monitoring` section: the monitoring chart's props, and whether to render it. */
export type MonitoringSpec = Pick<MonitoringChartProps,
  'mode' | 'namespace' | 'prometheus' | 'grafana' | 'nodeExporter' | 'allowedSourceCidrs' | 'prometheusOperator' | 'alerts'> & {
  /** Render monitoring; false renders no monitoring file at all. @default true */
  readonly enabled?: boolean;
};

/**
 * One cluster, with the keys of a cluster file: what CalicoStack takes and loadClusterFile returns.
 *
 * @example
 * const spec: ClusterSpec = {
 *   name: 'kans-homelab',
 *   platform: { cloud: 'aws', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' },
 *   calico: { ipPools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 24, encapsulation: 'IPIP' }] },
 * };
 */
export interface ClusterSpec {
  /** DNS label; the output folder (`dist/<name>/`) and part of the GitOps objects' names. */
  readonly name: string;
  readonly platform: PlatformSpec;
  /** @default - the defaults of every key */
  readonly calico?: CalicoSpec;
  /**
   * Settings of the Tigera operator's own Deployment: the tigera-operator Helm chart's values of the
   * same names (resources, tolerations, nodeSelector, affinity, priorityClassName, podAnnotations,
   * podLabels, dnsConfig, env), applied where the chart puts them.
   * @default - upstream's Deployment, unchanged
   */
  readonly operator?: OperatorSpec;
  /** @default - the defaults of every key (on) */
  readonly retina?: RetinaSpec;
  /** @default - the defaults of every key (on) */
  readonly monitoring?: MonitoringSpec;
  /** @default - no Argo CD, no Flux */
  readonly gitops?: GitOpsSpec;
}
