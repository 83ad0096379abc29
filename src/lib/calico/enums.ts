/**
 * Closed choices of the Installation API, taken from the classes `cdk8s import` generated from the
 * operator's own CRDs (imports/operator.tigera.io.ts), under short names. The cluster file uses the
 * same strings, so users who know custom-resources.yaml feel at home, and the rendered
 * Installation carries the generated enum types without conversion.
 */
import {
  InstallationSpecCalicoNetworkBgp,
  InstallationSpecCalicoNetworkBpfNetworkBootstrap,
  InstallationSpecCalicoNetworkIpPoolsEncapsulation,
  InstallationSpecCalicoNetworkIpPoolsNatOutgoing,
  InstallationSpecCalicoNetworkKubeProxyManagement,
  InstallationSpecCalicoNetworkLinuxDataplane,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes,
} from '../../../imports/operator.tigera.io';

/** How pod traffic between nodes is carried (`ipPools[].encapsulation`). */
export const Encapsulation = InstallationSpecCalicoNetworkIpPoolsEncapsulation;
export type Encapsulation = InstallationSpecCalicoNetworkIpPoolsEncapsulation;

/** Whether pods' traffic to outside the pools is SNATed (`ipPools[].natOutgoing`). */
export const NatOutgoing = InstallationSpecCalicoNetworkIpPoolsNatOutgoing;
export type NatOutgoing = InstallationSpecCalicoNetworkIpPoolsNatOutgoing;

/** Whether calico-node runs BGP (`calicoNetwork.bgp`). */
export const BgpMode = InstallationSpecCalicoNetworkBgp;
export type BgpMode = InstallationSpecCalicoNetworkBgp;

/** The Linux dataplane calico-node programs (`calicoNetwork.linuxDataplane`). */
export const LinuxDataplane = InstallationSpecCalicoNetworkLinuxDataplane;
export type LinuxDataplane = InstallationSpecCalicoNetworkLinuxDataplane;

/**
 * Whether the operator finds the API server itself, from the `kubernetes` Service and its
 * EndpointSlices, for the BPF dataplane (`calicoNetwork.bpfNetworkBootstrap`, Calico v3.31 and later).
 */
export const BpfNetworkBootstrap = InstallationSpecCalicoNetworkBpfNetworkBootstrap;
export type BpfNetworkBootstrap = InstallationSpecCalicoNetworkBpfNetworkBootstrap;

/**
 * Whether the operator disables kube-proxy for the BPF dataplane, and enables it again otherwise, by
 * patching DaemonSet `kube-system/kube-proxy` (`calicoNetwork.kubeProxyManagement`, Calico v3.31 and later).
 */
export const KubeProxyManagement = InstallationSpecCalicoNetworkKubeProxyManagement;
export type KubeProxyManagement = InstallationSpecCalicoNetworkKubeProxyManagement;

/** How calico-node finds the node's address from Kubernetes (`nodeAddressAutodetectionV4/V6.kubernetes`). */
export const AutodetectionKubernetes = InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes;
export type AutodetectionKubernetes = InstallationSpecCalicoNetworkNodeAddressAutodetectionV4Kubernetes;

/** What addresses of a pool may be used for (`ipPools[].allowedUses`; the CRD types it as a plain string list). */
export enum AllowedUse {
  WORKLOAD = 'Workload',
  TUNNEL = 'Tunnel',
  LOAD_BALANCER = 'LoadBalancer',
}

/** The encapsulations, simplest first: the order messages list them in. */
export const ENCAPSULATIONS: readonly Encapsulation[] = [
  Encapsulation.IPIP, Encapsulation.IPIP_CROSS_SUBNET, Encapsulation.VXLAN, Encapsulation.VXLAN_CROSS_SUBNET, Encapsulation.NONE,
];

/** Encapsulations that use IP-in-IP (IP protocol 4) and so need BGP. */
export const IPIP_ENCAPSULATIONS: readonly Encapsulation[] = [Encapsulation.IPIP, Encapsulation.IPIP_CROSS_SUBNET];
/** Encapsulations that use VXLAN (UDP 4789). */
export const VXLAN_ENCAPSULATIONS: readonly Encapsulation[] = [Encapsulation.VXLAN, Encapsulation.VXLAN_CROSS_SUBNET];
