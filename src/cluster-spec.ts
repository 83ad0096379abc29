/**
 * ClusterSpec: one cluster description, with exactly the keys and the shape of a cluster file
 * (`clusters/<name>.yaml`). It is what `new CalicoStack(scope, id, spec)` takes and what
 * `loadClusterFile()` returns.
 *
 * Written out by hand rather than inferred from the zod schema of the cluster file
 * (`config/schema.ts`): the inferred type would reach zod's own declarations, which do not compile
 * in a project made by `cdk8s init typescript-app` (no `esModuleInterop`, no `skipLibCheck`).
 * test/cluster-spec.test.ts proves, at compile time, that this interface and the schema's input type
 * have the same keys, the same optional keys and the same values.
 *
 * Closed choices are unions of the strings the file uses, so a spec reads like the file; the enums
 * of the building blocks (`Encapsulation.IPIP`, `LogLevel.INFO`, ...) have the same values and are
 * accepted too. Checks that look at more than one key (pools inside podSubnet, encapsulation per
 * cloud, release features, ...) are not types: CalicoStack reports them as findings at synth.
 */

/**
 * A cluster: where it runs, its Calico install, Retina, monitoring and GitOps.
 *
 * @example
 * const spec: ClusterSpec = {
 *   name: 'kans-homelab',
 *   platform: { cloud: 'aws', podSubnet: '172.16.0.0/16', serviceSubnet: '10.200.1.0/24' },
 *   calico: { ipPools: [{ name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 24, encapsulation: 'IPIP' }] },
 * };
 */
export interface ClusterSpec {
  /**
   * The cluster's name: a DNS label. Its output folder (`dist/<name>/`), the `cluster` label of
   * every metric, and the suffix of the Argo CD Application and Flux Kustomization names.
   */
  readonly name: string;
  /** Where the nodes run and the cluster's networks. */
  readonly platform: PlatformSpec;
  /**
   * The Calico install.
   * @default - Calico v3.31.7, one pool per podSubnet CIDR, BGP on, APIServer, Goldmane and Whisker
   */
  readonly calico?: CalicoSpec;
  /**
   * Microsoft Retina in basic mode.
   * @default - Retina v1.2.6 with dropreason, packetforward, linuxutil and dns
   */
  readonly retina?: RetinaSpec;
  /**
   * GitOps outputs (sync waves, an Argo CD Application, Flux Kustomizations).
   * @default - none
   */
  readonly gitops?: GitOpsSpec;
  /**
   * Prometheus, Grafana and node-exporter, exposed by NodePort and wired to Retina.
   * @default - on, NodePorts 30090 and 30300
   */
  readonly monitoring?: MonitoringSpec;
}

/** Where the nodes run and the cluster's networks (kubeadm's `networking`). */
export interface PlatformSpec {
  /** Where the nodes run; decides which encapsulations the network lets through. */
  readonly cloud: 'aws' | 'azure' | 'gcp' | 'baremetal';
  /**
   * kubeadm `networking.podSubnet` (`--pod-network-cidr`); `v4,v6` for dual stack.
   * @default - the podSubnet of {@link kubeadmConfig}; without either, an error
   */
  readonly podSubnet?: string;
  /**
   * kubeadm `networking.serviceSubnet` (`--service-cidr`).
   * @default - the serviceSubnet of {@link kubeadmConfig}, else kubeadm's 10.96.0.0/12
   */
  readonly serviceSubnet?: string;
  /**
   * The hosts' own networks (checked for overlaps with pods and services).
   * @default []
   */
  readonly nodeSubnets?: readonly string[];
  /**
   * Path of the output of `kubectl -n kube-system get cm kubeadm-config -o yaml` (or of the
   * ClusterConfiguration given to `kubeadm init --config`), relative to the cluster file. Its
   * podSubnet and serviceSubnet fill in and are checked against the two keys above. CalicoStack
   * reads no files: give the networking read from it as `files.kubeadmConfig` (loadClusterFile()
   * does that).
   * @default - none
   */
  readonly kubeadmConfig?: string;
  /**
   * Number of nodes, for the capacity check of the pools' blocks.
   * @default - no capacity check
   */
  readonly nodes?: number;
}

/** The Calico install: release, CRDs, pools and the operator's Installation fields. */
export interface CalicoSpec {
  /**
   * The Calico release: `v3.31.7` or `v3.28.2`.
   * @default 'v3.31.7'
   */
  readonly version?: string;
  /**
   * Where the operator's CRDs come from: `operator` (the operator creates them when it starts,
   * v3.31.7), or the path of the release's `operator-crds.yaml`, relative to the cluster file
   * (required for v3.28.2). CalicoStack reads no files: give the CRDs read from it as `files.crds`
   * (loadClusterFile() does that).
   * @default - 'operator' where the release can create its CRDs
   */
  readonly crds?: string;
  /**
   * The pools the operator creates; fields left out get the operator's per-family defaults.
   * @default - one pool per podSubnet CIDR, as the operator would create it
   */
  readonly ipPools?: readonly IpPoolSpec[];
  /**
   * Whether calico-node runs BGP.
   * @default 'Enabled'
   */
  readonly bgp?: 'Enabled' | 'Disabled';
  /**
   * Pod interface MTU.
   * @default - detected by Calico
   */
  readonly mtu?: number;
  /**
   * The Linux dataplane (`Nftables` from v3.31).
   * @default - Iptables (the operator's default)
   */
  readonly linuxDataplane?: 'Iptables' | 'BPF' | 'VPP' | 'Nftables';
  /**
   * How calico-node finds each node's IPv4 address: exactly one method.
   * @default - firstFound (the operator's default)
   */
  readonly nodeAddressAutodetectionV4?: NodeAddressAutodetectionSpec;
  /**
   * How calico-node finds each node's IPv6 address: exactly one method.
   * @default - firstFound once an IPv6 pool exists (the operator's default)
   */
  readonly nodeAddressAutodetectionV6?: NodeAddressAutodetectionSpec;
  /**
   * Private registry for Calico and operator images (a missing trailing `/` is added).
   * @default 'quay.io/'
   */
  readonly registry?: string;
  /**
   * Image path in the registry (Calico images; `tigera` is replaced for the operator image).
   * @default 'calico'
   */
  readonly imagePath?: string;
  /**
   * Pull secrets in `tigera-operator`, by name or as `{ name }`.
   * @default []
   */
  readonly imagePullSecrets?: ReadonlyArray<string | { readonly name: string }>;
  /**
   * Node selector of Typha, kube-controllers and the API server.
   * @default - none
   */
  readonly controlPlaneNodeSelector?: Readonly<Record<string, string>>;
  /**
   * Tolerations of Typha, kube-controllers and the API server.
   * @default - none
   */
  readonly controlPlaneTolerations?: readonly TolerationSpec[];
  /**
   * The kubelet's volume plugin path, or `None` (no CSI driver).
   * @default - /var/lib/kubelet (the operator's default)
   */
  readonly kubeletVolumePluginPath?: string;
  /**
   * The FlexVolume path, or `None`.
   * @default - the operator's default
   */
  readonly flexVolumePath?: string;
  /**
   * Render `APIServer/default`.
   * @default true
   */
  readonly apiServer?: boolean;
  /**
   * Render `Goldmane/default` (v3.30+).
   * @default - true where the release has it
   */
  readonly goldmane?: boolean;
  /**
   * Render `Whisker/default` (v3.30+; needs Goldmane).
   * @default - true where the release has it and Goldmane is on
   */
  readonly whisker?: boolean;
  /**
   * Render `FelixConfiguration/default` with WireGuard on for the pools' address families.
   * @default false
   */
  readonly wireguard?: boolean;
  /**
   * Felix (9091) and Typha (9093) serve Prometheus metrics, scraped by the monitoring stack.
   * @default false
   */
  readonly metrics?: boolean;
}

/** An IP pool of the Installation (`spec.calicoNetwork.ipPools[]`). */
export interface IpPoolSpec {
  /**
   * The pool's name.
   * @default - default-ipv4-ippool / default-ipv6-ippool for the only pool of a family, else named after the CIDR
   */
  readonly name?: string;
  /** The pool's CIDR, inside `platform.podSubnet`, in canonical form. */
  readonly cidr: string;
  /**
   * Block size: 20–32 for IPv4, 116–128 for IPv6.
   * @default - 26 for IPv4, 122 for IPv6
   */
  readonly blockSize?: number;
  /**
   * How pod traffic between nodes is carried.
   * @default - IPIP for IPv4, None for IPv6
   */
  readonly encapsulation?: 'IPIP' | 'IPIPCrossSubnet' | 'VXLAN' | 'VXLANCrossSubnet' | 'None';
  /**
   * SNAT of pod traffic leaving the pools.
   * @default - Enabled for IPv4, Disabled for IPv6
   */
  readonly natOutgoing?: 'Enabled' | 'Disabled';
  /**
   * Nodes that take blocks from this pool.
   * @default 'all()'
   */
  readonly nodeSelector?: string;
  /**
   * Do not advertise the pool's routes over BGP.
   * @default false
   */
  readonly disableBGPExport?: boolean;
  /**
   * What the pool's addresses may be used for (`LoadBalancer` from v3.31).
   * @default - Workload and Tunnel (the operator's default)
   */
  readonly allowedUses?: ReadonlyArray<'Workload' | 'Tunnel' | 'LoadBalancer'>;
}

/** One node address autodetection method (set exactly one key). */
export interface NodeAddressAutodetectionSpec {
  /** The first valid address of the first valid interface. @default - not this method */
  readonly firstFound?: boolean;
  /** The node's address as Kubernetes reports it. @default - not this method */
  readonly kubernetes?: 'NodeInternalIP';
  /** An interface name regex. @default - not this method */
  readonly interface?: string;
  /** Interfaces to skip (regex). @default - not this method */
  readonly skipInterface?: string;
  /** The address used to reach this destination. @default - not this method */
  readonly canReach?: string;
  /** The address inside one of these CIDRs. @default - not this method */
  readonly cidrs?: readonly string[];
}

/** A toleration, as in a pod spec. */
export interface TolerationSpec {
  /** @default - every key (with operator Exists) */
  readonly key?: string;
  /** @default 'Equal' */
  readonly operator?: 'Exists' | 'Equal';
  /** @default - none */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** @default - forever */
  readonly tolerationSeconds?: number;
}

/** Microsoft Retina's agent in basic mode (node-level metrics, no operator). */
export interface RetinaSpec {
  /**
   * False renders no Retina chart at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The Retina release: `v1.2.6` or `v0.0.16`.
   * @default 'v1.2.6'
   */
  readonly version?: string;
  /**
   * Linux plugins to enable, by name; each must be one the release has.
   * @default ['dropreason', 'packetforward', 'linuxutil', 'dns']
   */
  readonly plugins?: readonly string[];
  /**
   * The agent's log level.
   * @default 'info'
   */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'panic' | 'fatal';
  /**
   * How often plugins are polled: a duration of at least one second (h, m, s, ms).
   * @default '10s'
   */
  readonly metricsInterval?: string;
  /**
   * Tolerate the kubeadm control-plane taint, so that node is observed too.
   * @default true
   */
  readonly tolerateControlPlane?: boolean;
}

/** GitOps outputs of the cluster. */
export interface GitOpsSpec {
  /** @default - no Argo CD outputs */
  readonly argocd?: ArgoCdSpec;
  /** @default - no Flux outputs */
  readonly flux?: FluxSpec;
}

/** Sync waves and options on every object, and an Argo CD `Application` for the cluster. */
export interface ArgoCdSpec {
  /** Render the Argo CD outputs. */
  readonly enabled: boolean;
  /**
   * The Git repository the output folder is committed to (required when enabled).
   * @default - none
   */
  readonly repoURL?: string;
  /** Branch, tag or commit Argo CD syncs. @default 'HEAD' */
  readonly targetRevision?: string;
  /** Argo CD project of the Application. @default 'default' */
  readonly project?: string;
  /** The cluster's folder inside the repository. @default - dist/<name> */
  readonly path?: string;
  /** Where Argo CD runs (the Application's namespace). @default 'argocd' */
  readonly namespace?: string;
  /** API server to deploy to. @default 'https://kubernetes.default.svc' */
  readonly server?: string;
}

/** Flux `Kustomization` objects, one per stage, chained with `dependsOn`. */
export interface FluxSpec {
  /** Render the Flux outputs. */
  readonly enabled: boolean;
  /** The Flux source holding the repository. @default - GitRepository flux-system */
  readonly sourceRef?: FluxSourceRefSpec;
  /** The cluster's folder inside the repository. @default - dist/<name> */
  readonly path?: string;
  /** Namespace of the Kustomization objects. @default 'flux-system' */
  readonly namespace?: string;
}

/** A Flux source (`sourceRef` of a Kustomization). */
export interface FluxSourceRefSpec {
  /** @default 'GitRepository' */
  readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket';
  /** @default 'flux-system' */
  readonly name?: string;
  /** @default - the Kustomization's namespace */
  readonly namespace?: string;
}

/** Prometheus, Grafana and node-exporter, exposed by NodePort. */
export interface MonitoringSpec {
  /**
   * False renders no monitoring chart at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The namespace the monitoring chart creates and uses.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /** @default - NodePort 30090, 15 days on an emptyDir */
  readonly prometheus?: PrometheusSpec;
  /** @default - NodePort 30300, admin login from Secret grafana-admin */
  readonly grafana?: GrafanaSpec;
  /**
   * Run node-exporter on every node and scrape it.
   * @default true
   */
  readonly nodeExporter?: boolean;
  /**
   * Sources allowed to reach the NodePorts (NetworkPolicies plus `externalTrafficPolicy: Local`).
   * @default - any source
   */
  readonly allowedSourceCidrs?: readonly string[];
}

/** Prometheus of the monitoring stack. */
export interface PrometheusSpec {
  /** NodePort of the UI and API (30000–32767). @default 30090 */
  readonly nodePort?: number;
  /** How long samples are kept: a Prometheus duration such as 15d. @default '15d' */
  readonly retention?: string;
  /** A PersistentVolumeClaim for the data. @default - an emptyDir (data lost when the pod moves) */
  readonly storage?: PrometheusStorageSpec;
}

/** The claim of Prometheus' data. */
export interface PrometheusStorageSpec {
  /** @default '10Gi' */
  readonly size?: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClass?: string;
}

/** Grafana of the monitoring stack. */
export interface GrafanaSpec {
  /** NodePort of the UI (30000–32767). @default 30300 */
  readonly nodePort?: number;
  /** The Secret (created by you) holding `admin-user` and `admin-password`. @default 'grafana-admin' */
  readonly adminSecret?: string;
}
