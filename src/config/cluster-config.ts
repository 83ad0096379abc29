/**
 * ClusterConfig: one cluster description with every default filled. This is what validation reads
 * and what buildApp() maps onto the charts.
 */
import { Duration } from 'cdk8s';
import { Cloud, CRDS_BY_OPERATOR, FluxSourceKind, Toleration } from './schema';
import { BgpMode, LinuxDataplane } from '../calico/enums';
import { IpPool } from '../calico/installation';
import { CalicoRelease } from '../calico/releases';
import { Crd } from '../calico/crd-bundle';
import { LogLevel, RetinaRelease } from '../retina/releases';
import {
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV6,
} from '../../imports/operator.tigera.io';

export type { IpPool };

/** podSubnet / serviceSubnet as read from the cluster's kubeadm-config ConfigMap. */
export interface KubeadmNetworking {
  /** The file they were read from, as written in the cluster file. */
  readonly source: string;
  readonly podSubnet?: string;
  readonly serviceSubnet?: string;
}

/** CRDs read from a file (`calico.crds: <path>`). */
export interface CrdFile {
  /** The path as written in the cluster file. */
  readonly path: string;
  readonly crds: readonly Crd[];
}

export interface PlatformConfig {
  readonly cloud: Cloud;
  /** Effective podSubnet: from the cluster file, else from kubeadm-config; undefined when neither has one. */
  readonly podSubnet?: string;
  /** Effective serviceSubnet: cluster file, else kubeadm-config, else kubeadm's default 10.96.0.0/12. */
  readonly serviceSubnet: string;
  readonly nodeSubnets: readonly string[];
  readonly nodes?: number;
  /** Present when `platform.kubeadmConfig` was given. */
  readonly kubeadm?: KubeadmNetworking;
  /** The values written in the cluster file itself, for cross-checks against kubeadm-config. */
  readonly written: { readonly podSubnet?: string; readonly serviceSubnet?: string };
}

export interface CalicoConfig {
  readonly release: CalicoRelease;
  /** `operator` (the operator creates them), a file, or undefined when the release needs a file and none was named. */
  readonly crds?: typeof CRDS_BY_OPERATOR | CrdFile;
  readonly ipPools: readonly IpPool[];
  /** True when the cluster file lists no pools and they were derived from podSubnet. */
  readonly ipPoolsFromPodSubnet: boolean;
  readonly bgp: BgpMode;
  readonly mtu?: number;
  readonly linuxDataplane?: LinuxDataplane;
  readonly nodeAddressAutodetectionV4?: InstallationSpecCalicoNetworkNodeAddressAutodetectionV4;
  readonly nodeAddressAutodetectionV6?: InstallationSpecCalicoNetworkNodeAddressAutodetectionV6;
  /** Image registry with its trailing slash. */
  readonly registry?: string;
  readonly imagePath?: string;
  readonly imagePullSecrets: readonly string[];
  readonly controlPlaneNodeSelector?: Readonly<Record<string, string>>;
  readonly controlPlaneTolerations?: readonly Toleration[];
  readonly kubeletVolumePluginPath?: string;
  readonly flexVolumePath?: string;
  readonly apiServer: boolean;
  readonly goldmane: boolean;
  readonly whisker: boolean;
  readonly wireguard: boolean;
  /** Felix and Typha serve Prometheus metrics (Installation nodeMetricsPort / typhaMetricsPort). */
  readonly metrics: boolean;
}

export interface RetinaConfig {
  /** False renders no Retina chart at all. */
  readonly enabled: boolean;
  readonly release: RetinaRelease;
  /** Plugin names as written (validate.ts checks them against the release). */
  readonly plugins: readonly string[];
  readonly logLevel: LogLevel;
  readonly metricsInterval: Duration;
  readonly tolerateControlPlane: boolean;
}

/** An Argo CD `Application` for the cluster, and sync waves and options on its objects. */
export interface ArgoCdConfig {
  readonly enabled: boolean;
  /** The GitOps repository holding `dist/`; required when enabled (validation says so). */
  readonly repoURL?: string;
  /** Branch, tag or commit Argo CD syncs. Default `HEAD`. */
  readonly targetRevision: string;
  /** Argo CD project of the Application. Default `default`. */
  readonly project: string;
  /** The cluster's output folder inside the repository. Default `dist/<name>`. */
  readonly path: string;
  /** Namespace Argo CD runs in (where the Application goes). Default `argocd`. */
  readonly namespace: string;
  /** API server Argo CD deploys to. Default `https://kubernetes.default.svc` (the cluster Argo CD runs in). */
  readonly server: string;
}

/** Flux `Kustomization` objects, one per stage, chained with `dependsOn`. */
export interface FluxConfig {
  readonly enabled: boolean;
  /** The Flux source holding the repository. Default `GitRepository/flux-system` (what `flux bootstrap` creates). */
  readonly sourceRef: { readonly kind: FluxSourceKind; readonly name: string; readonly namespace?: string };
  /** The cluster's output folder inside the repository. Default `dist/<name>`. */
  readonly path: string;
  /** Namespace of the Kustomization objects. Default `flux-system`. */
  readonly namespace: string;
}

export interface GitOpsConfig {
  readonly argocd: ArgoCdConfig;
  readonly flux: FluxConfig;
}

export interface PrometheusStorage {
  /** Size of the PersistentVolumeClaim, e.g. `10Gi`. */
  readonly size: string;
  /** StorageClass; undefined = the cluster's default. */
  readonly storageClass?: string;
}

export interface MonitoringConfig {
  /** False renders no monitoring chart at all. */
  readonly enabled: boolean;
  readonly namespace: string;
  readonly prometheus: {
    readonly nodePort: number;
    readonly retention: Duration;
    /** Undefined: the data is on an emptyDir. */
    readonly storage?: PrometheusStorage;
  };
  readonly grafana: {
    readonly nodePort: number;
    /** Secret with `admin-user` / `admin-password`, created by the user. */
    readonly adminSecret: string;
  };
  readonly nodeExporter: boolean;
  /** Non-empty: only these sources (and the pod CIDRs) reach the NodePorts. */
  readonly allowedSourceCidrs: readonly string[];
}

export interface ClusterConfig {
  readonly name: string;
  readonly platform: PlatformConfig;
  readonly calico: CalicoConfig;
  readonly retina: RetinaConfig;
  readonly gitops: GitOpsConfig;
  readonly monitoring: MonitoringConfig;
}
