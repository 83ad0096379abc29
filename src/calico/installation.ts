/**
 * `Installation/default`: the operator's main custom resource, built from the class `cdk8s import`
 * generated from the operator's own CRD.
 */
import { Construct } from 'constructs';
import { AllowedUse, BgpMode, Encapsulation, LinuxDataplane, NatOutgoing } from './enums';
import {
  Installation,
  InstallationSpecCalicoNetworkIpPools,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV4,
  InstallationSpecCalicoNetworkNodeAddressAutodetectionV6,
  InstallationSpecControlPlaneTolerations,
} from '../../imports/operator.tigera.io';

/** The one name every operator controller reads. */
export const DEFAULT_INSTANCE = 'default';

/** An IP pool, every field set (the fields and enums of Installation.spec.calicoNetwork.ipPools). */
export interface IpPool {
  readonly name: string;
  readonly cidr: string;
  readonly blockSize: number;
  readonly encapsulation: Encapsulation;
  readonly natOutgoing: NatOutgoing;
  readonly nodeSelector: string;
  /** @default false (the CRD's default) */
  readonly disableBGPExport?: boolean;
  /** @default - Workload and Tunnel (the operator's default) */
  readonly allowedUses?: readonly AllowedUse[];
}

/** Props of {@link CalicoInstallation}: the Installation fields calico-stack sets, named as in the API. */
export interface CalicoInstallationProps {
  /** The pools the operator creates. An empty list renders `ipPools: []`: the operator creates none. */
  readonly ipPools: readonly IpPool[];
  /** @default BgpMode.ENABLED */
  readonly bgp?: BgpMode;
  /** @default - detected by Calico from the node's interfaces */
  readonly mtu?: number;
  /** @default - Iptables (operator default) */
  readonly linuxDataplane?: LinuxDataplane;
  /** @default - `firstFound: true` (operator default) */
  readonly nodeAddressAutodetectionV4?: InstallationSpecCalicoNetworkNodeAddressAutodetectionV4;
  /** @default - `firstFound: true` once an IPv6 pool exists (operator default) */
  readonly nodeAddressAutodetectionV6?: InstallationSpecCalicoNetworkNodeAddressAutodetectionV6;
  /** Registry for Calico images, with a trailing slash. @default - the release's registry */
  readonly registry?: string;
  /** @default - `calico` */
  readonly imagePath?: string;
  /** Secrets in the operator namespace used to pull Calico images. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** @default - none */
  readonly controlPlaneNodeSelector?: Readonly<Record<string, string>>;
  /** @default - none (Typha tolerates everything) */
  readonly controlPlaneTolerations?: readonly InstallationSpecControlPlaneTolerations[];
  /** Absolute path or `None` (disables the CSI driver). @default - /var/lib/kubelet */
  readonly kubeletVolumePluginPath?: string;
  /** Absolute path or `None`. @default - /usr/libexec/kubernetes/kubelet-plugins/volume/exec/ */
  readonly flexVolumePath?: string;
  /** Port calico-node (Felix) serves Prometheus metrics on. @default - metrics off */
  readonly nodeMetricsPort?: number;
  /** Port Typha serves Prometheus metrics on. @default - metrics off */
  readonly typhaMetricsPort?: number;
}

/** `Installation/default` with every pool written out in full. */
export class CalicoInstallation extends Construct {
  public readonly resource: Installation;

  constructor(scope: Construct, id: string, props: CalicoInstallationProps) {
    super(scope, id);
    const pullSecrets = props.imagePullSecrets ?? [];
    this.resource = new Installation(this, 'Resource', {
      metadata: { name: DEFAULT_INSTANCE },
      spec: {
        calicoNetwork: {
          bgp: props.bgp ?? BgpMode.ENABLED,
          ipPools: props.ipPools.map(toPoolSpec),
          mtu: props.mtu,
          linuxDataplane: props.linuxDataplane,
          nodeAddressAutodetectionV4: props.nodeAddressAutodetectionV4,
          nodeAddressAutodetectionV6: props.nodeAddressAutodetectionV6,
        },
        registry: props.registry,
        imagePath: props.imagePath,
        imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
        controlPlaneNodeSelector: props.controlPlaneNodeSelector ? { ...props.controlPlaneNodeSelector } : undefined,
        controlPlaneTolerations: props.controlPlaneTolerations ? [...props.controlPlaneTolerations] : undefined,
        kubeletVolumePluginPath: props.kubeletVolumePluginPath,
        flexVolumePath: props.flexVolumePath,
        nodeMetricsPort: props.nodeMetricsPort,
        typhaMetricsPort: props.typhaMetricsPort,
      },
    });
  }
}

function toPoolSpec(pool: IpPool): InstallationSpecCalicoNetworkIpPools {
  return {
    name: pool.name,
    cidr: pool.cidr,
    blockSize: pool.blockSize,
    encapsulation: pool.encapsulation,
    natOutgoing: pool.natOutgoing,
    nodeSelector: pool.nodeSelector,
    disableBgpExport: pool.disableBGPExport,
    allowedUses: pool.allowedUses ? [...pool.allowedUses] : undefined,
  };
}
