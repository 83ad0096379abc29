/**
 * One case per rule of the Tigera operator that calico-stack enforces (a row of
 * src/lib/calico/release-data/operator-rules.json whose `calicoStack` names a check): the smallest
 * cluster file that breaks it and the finding it gives, exactly as the CLI prints it.
 * test/calico/installation-rules.test.ts runs them (and the same file on the releases whose operator
 * has no such rule); test/calico/operator-rules.test.ts holds every checked rule to a case here.
 */
import { stringify } from 'yaml';
import type { CalicoInstallationProps } from '../../src/lib/calico/installation-props';

/** A rule, a cluster that breaks it, and the finding. */
export interface RuleCase {
  /** The rule id the finding carries. */
  readonly rule: string;
  /** What the case shows, when a rule has several. */
  readonly title?: string;
  /**
   * The cluster file's keys, merged into the smallest valid file (test/util.ts clusterDoc: bare metal,
   * podSubnet 10.244.0.0/16, the newest release). Absent for a `props` case.
   */
  readonly cluster?: Record<string, any>;
  /** Files next to the cluster file (a kubeadm-config). */
  readonly files?: Record<string, string>;
  /**
   * Instead of a cluster file: CalicoInstallation's props, for a rule a cluster file cannot break
   * (its schema refuses the value first, or calico-stack sets the field itself), checked against the
   * default release.
   */
  readonly props?: CalicoInstallationProps;
  /** The finding, as the CLI prints it (`path: message (got …; allowed …) — fix`). */
  readonly message: string;
  /**
   * Cluster files the operator accepts, close to the one above (the way out the fix names, or a release
   * whose operator allows it): each passes with no error at all.
   */
  readonly accepted?: ReadonlyArray<Record<string, any>>;
}

const calico = (c: Record<string, any>) => ({ calico: c });
const installation = (fields: Record<string, any>, rest: Record<string, any> = {}) => calico({ ...rest, installation: fields });
const amazonVpc = { cni: { type: 'AmazonVPC' } };
const vxlan = { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'VXLAN' }] };
const dualStack = { platform: { podSubnet: '10.244.0.0/16,fd00:10:244::/56' } };
const kubeadmConfigMap = (networking: Record<string, string>) => stringify({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
  data: { ClusterConfiguration: stringify({ kind: 'ClusterConfiguration', networking }) },
});

export const RULE_CASES: readonly RuleCase[] = [
  // The CNI and its IPAM and provider.
  {
    rule: 'installation.cni.specVersion.calicoCniOnly',
    cluster: installation({ cni: { type: 'GKE', specVersion: '1.0.0' } }, { version: 'v3.31.7', bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] }),
    // calico-stack checks calico.installation against the newest CRD, which has no specVersion: it refuses the field on v3.31.7 too.
    message: 'calico.installation.cni.specVersion: is only for the Calico CNI, and spec.cni.type is GKE; the operator refuses it ("spec.cni.specVersion is only valid when spec.cni.type is Calico") (got "1.0.0") — remove calico.installation.cni.specVersion',
  },
  { rule: 'installation.cni.calico.ipamType', cluster: installation({ cni: { type: 'Calico', ipam: { type: 'AmazonVPC' } } }), message: 'calico.installation.cni.ipam.type: does not go with spec.cni.type Calico; the operator refuses it ("spec.cni.ipam.type AmazonVPC is not compatible with spec.cni.type Calico, valid IPAM values Calico,HostLocal") (got "AmazonVPC"; allowed Calico, HostLocal) — use Calico or HostLocal, or leave calico.installation.cni.ipam out for Calico IPAM' },
  { rule: 'installation.cni.gke.ipamType', cluster: installation({ cni: { type: 'GKE', ipam: { type: 'Calico' } } }), message: 'calico.installation.cni.ipam.type: does not go with spec.cni.type GKE; the operator refuses it ("spec.cni.ipam.type Calico is not compatible with spec.cni.type GKE, valid IPAM values HostLocal") (got "Calico"; allowed HostLocal) — use HostLocal, or leave calico.installation.cni.ipam out for HostLocal IPAM' },
  { rule: 'installation.cni.amazonVPC.ipamType', cluster: installation({ cni: { type: 'AmazonVPC', ipam: { type: 'HostLocal' } } }), message: 'calico.installation.cni.ipam.type: does not go with spec.cni.type AmazonVPC; the operator refuses it ("spec.cni.ipam.type  HostLocal is not compatible with spec.cni.type AmazonVPC, valid IPAM values AmazonVPC") (got "HostLocal"; allowed AmazonVPC) — use AmazonVPC, or leave calico.installation.cni.ipam out for AmazonVPC IPAM' },
  { rule: 'installation.cni.azureVNET.ipamType', cluster: installation({ cni: { type: 'AzureVNET', ipam: { type: 'Calico' } } }), message: 'calico.installation.cni.ipam.type: does not go with spec.cni.type AzureVNET; the operator refuses it ("spec.cni.ipam.type Calico is not compatible with spec.cni.type AzureVNET, valid IPAM values AzureVNET") (got "Calico"; allowed AzureVNET) — use AzureVNET, or leave calico.installation.cni.ipam out for AzureVNET IPAM' },
  { rule: 'installation.cni.gke.provider', cluster: installation({ cni: { type: 'GKE' }, kubernetesProvider: 'EKS' }), message: 'calico.installation.kubernetesProvider: does not go with spec.cni.type GKE; the operator refuses it ("spec.kubernetesProvider EKS is not compatible with spec.cni.type GKE") (got "EKS"; allowed GKE, or none) — set calico.installation.kubernetesProvider: GKE or leave it out, or choose another calico.installation.cni.type' },
  {
    rule: 'installation.cni.amazonVPC.provider',
    cluster: installation({ ...amazonVpc, kubernetesProvider: 'GKE' }),
    message: 'calico.installation.kubernetesProvider: does not go with spec.cni.type AmazonVPC; the operator refuses it ("spec.kubernetesProvider GKE is not compatible with spec.cni.type AmazonVPC") (got "GKE"; allowed EKS, or none) — set calico.installation.kubernetesProvider: EKS or leave it out, or choose another calico.installation.cni.type',
    accepted: [installation({ ...amazonVpc, kubernetesProvider: 'EKS' }, { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] })],
  },
  { rule: 'installation.cni.azureVNET.provider', cluster: installation({ cni: { type: 'AzureVNET' }, kubernetesProvider: 'Kind' }), message: 'calico.installation.kubernetesProvider: does not go with spec.cni.type AzureVNET; the operator refuses it ("spec.kubernetesProvider Kind is not compatible with spec.cni.type AzureVNET") (got "Kind"; allowed AKS, or none) — set calico.installation.kubernetesProvider: AKS or leave it out, or choose another calico.installation.cni.type' },
  // CNI logging.
  { rule: 'installation.logging.cni.logFileMaxCount', cluster: installation({ logging: { cni: { logFileMaxCount: 0 } } }), message: 'calico.installation.logging.cni.logFileMaxCount: is zero; the operator refuses it ("spec.loggingConfig.cni.logFileMaxCount value should be greater than zero") (got 0; allowed a whole number above 0) — remove calico.installation.logging.cni.logFileMaxCount for the operator\'s default, or set 1 or more' },
  { rule: 'installation.logging.cni.logFileMaxCount', title: 'negative', cluster: installation({ logging: { cni: { logFileMaxCount: -1 } } }), message: 'calico.installation.logging.cni.logFileMaxCount: is negative: the operator reads it into an unsigned number and cannot read the Installation at all (got -1; allowed a whole number above 0) — remove calico.installation.logging.cni.logFileMaxCount for the operator\'s default, or set 1 or more' },
  {
    rule: 'installation.logging.cni.logFileMaxSize',
    cluster: installation({ logging: { cni: { logFileMaxSize: '100M' } } }),
    message: 'calico.installation.logging.cni.logFileMaxSize: is not a size above zero with a binary suffix; the operator refuses it ("spec.Logging.cni.logFileMaxSize format is not corrent. Suffix should be Ki | Mi | Gi | Ti | Pi | Ei") (got "100M"; allowed a quantity above zero in Ki, Mi, Gi, Ti, Pi or Ei) — write a size such as 100Mi (M, G and plain numbers are decimal, which the operator refuses)',
    accepted: [installation({ logging: { cni: { logFileMaxSize: '100Mi' } } }), installation({ logging: { cni: { logFileMaxSize: '0.5Gi' } } })],
  },
  { rule: 'installation.logging.cni.logFileMaxSize', title: 'zero', cluster: installation({ logging: { cni: { logFileMaxSize: '0Mi' } } }), message: 'calico.installation.logging.cni.logFileMaxSize: is not a size above zero with a binary suffix; the operator refuses it ("spec.Logging.cni.logFileMaxSize format is not corrent. Suffix should be Ki | Mi | Gi | Ti | Pi | Ei") (got "0Mi"; allowed a quantity above zero in Ki, Mi, Gi, Ti, Pi or Ei) — write a size such as 100Mi (M, G and plain numbers are decimal, which the operator refuses)' },
  { rule: 'installation.logging.cni.logFileMaxSize', title: 'a plain number', cluster: installation({ logging: { cni: { logFileMaxSize: 1048576 } } }), message: 'calico.installation.logging.cni.logFileMaxSize: is not a size above zero with a binary suffix; the operator refuses it ("spec.Logging.cni.logFileMaxSize format is not corrent. Suffix should be Ki | Mi | Gi | Ti | Pi | Ei") (got 1048576; allowed a quantity above zero in Ki, Mi, Gi, Ti, Pi or Ei) — write a size such as 100Mi (M, G and plain numbers are decimal, which the operator refuses)' },
  { rule: 'installation.logging.cni.logFileMaxAgeDays', cluster: installation({ logging: { cni: { logFileMaxAgeDays: 0 } } }), message: 'calico.installation.logging.cni.logFileMaxAgeDays: is zero; the operator refuses it ("spec.Logging.cni.logFileMaxAgeDays should be a positive non-zero integer") (got 0; allowed a whole number above 0) — remove calico.installation.logging.cni.logFileMaxAgeDays for the operator\'s default, or set 1 or more' },
  { rule: 'installation.logging.cni.calicoCniOnly', cluster: installation({ ...amazonVpc, logging: { cni: { logSeverity: 'Debug' } } }), message: 'calico.installation.logging.cni: is only for the Calico CNI, and spec.cni.type is AmazonVPC; the operator refuses it ("spec.Logging.cni is not valid and should not be provided when spec.cni.type is Not Calico") (got {"logSeverity":"Debug"}) — remove calico.installation.logging.cni' },
  // Pools and BGP.
  {
    rule: 'installation.ipPools.ipip.requiresBGP',
    cluster: calico({ bgp: 'Disabled' }),
    message: 'calico.ipPools (from podSubnet 10.244.0.0/16): with BIRD cluster routing mode, IPIP encapsulation requires that BGP is enabled (got "IPIP") — set calico.bgp: Enabled, or use VXLAN, or let Felix program the routes: calico.installation.calicoNetwork.clusterRoutingMode: Felix',
    accepted: [
      // The false error calico-stack had: Felix programs the routes (v3.32.1 only).
      calico({ bgp: 'Disabled', installation: { calicoNetwork: { clusterRoutingMode: 'Felix' } } }),
      calico({ bgp: 'Disabled', ...vxlan }),
    ],
  },
  { rule: 'installation.ipPools.ipip.requiresBGP', title: 'before v3.32', cluster: calico({ version: 'v3.31.7', bgp: 'Disabled' }), message: 'calico.ipPools (from podSubnet 10.244.0.0/16): IPIP encapsulation requires that BGP is enabled (got "IPIP") — set calico.bgp: Enabled, or use VXLAN' },
  {
    rule: 'installation.ipPools.unencapsulated.requiresBGP',
    cluster: calico({ bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] }),
    message: 'calico.ipPools[0].encapsulation: with BIRD cluster routing mode, unencapsulated IP pools require that BGP is enabled (got "None") — set calico.bgp: Enabled, or use VXLAN, or let Felix program the routes: calico.installation.calicoNetwork.clusterRoutingMode: Felix',
    accepted: [calico({ bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }], installation: { calicoNetwork: { clusterRoutingMode: 'Felix' } } })],
  },
  {
    rule: 'installation.ipPools.hostLocal.noVXLAN',
    cluster: installation({ cni: { type: 'Calico', ipam: { type: 'HostLocal' } } }, vxlan),
    message: 'calico.ipPools[0].encapsulation: VXLAN is invalid for ipPool.encapsulation with Calico CNI and HostLocal IPAM (got "VXLAN"; allowed IPIP, IPIPCrossSubnet, None) — use IPIP or None, or Calico IPAM (leave calico.installation.cni.ipam out)',
    accepted: [installation({ cni: { type: 'Calico', ipam: { type: 'HostLocal' } } })],
  },
  {
    rule: 'installation.ipPools.nonCalicoCNI.encapsulationNone',
    cluster: installation(amazonVpc, { bgp: 'Disabled' }),
    message: 'calico.ipPools (from podSubnet 10.244.0.0/16): IPIP is invalid for ipPool.encapsulation when using non-Calico CNI, should be None (spec.cni.type is AmazonVPC, which carries the pods\' traffic) (got "IPIP"; allowed None) — set encapsulation: None (calico-stack writes IPIP for an IPv4 pool that names none)',
    accepted: [installation(amazonVpc, { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] })],
  },
  { rule: 'installation.nonCalicoCNI.bgpNotEnabled', cluster: installation(amazonVpc, { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] }), message: 'calico.bgp: BGP is not supported when using non-Calico CNI (spec.cni.type is AmazonVPC) (got "Enabled"; allowed Disabled) — set calico.bgp: Disabled (Enabled is calico-stack\'s default)' },
  { rule: 'ippool.nonCalicoCNI.nodeSelectorAll', cluster: installation(amazonVpc, { bgp: 'Disabled', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None', nodeSelector: 'has(pods)' }] }), message: 'calico.ipPools[0].nodeSelector: IP pool nodeSelector (has(pods)) should be \'all()\' when using non-Calico CNI plugin (got "has(pods)"; allowed all()) — remove nodeSelector (it defaults to all())' },
  // The dataplanes.
  { rule: 'installation.vpp.variantCalico', cluster: installation({ variant: 'TigeraSecureEnterprise' }, { linuxDataplane: 'VPP' }), message: 'calico.installation.variant: the VPP dataplane only supports the Calico variant (configured: TigeraSecureEnterprise) (got "TigeraSecureEnterprise"; allowed Calico) — remove calico.installation.variant, or choose another linuxDataplane' },
  { rule: 'installation.vpp.cniCalico', cluster: installation(amazonVpc, { linuxDataplane: 'VPP', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'None' }] }), message: 'calico.installation.cni.type: the VPP dataplane only supports the Calico CNI (configured: AmazonVPC) (got "AmazonVPC"; allowed Calico) — use the Calico CNI with VPP, or choose another linuxDataplane' },
  { rule: 'installation.vpp.hostPortsNotDisabled', cluster: installation({ calicoNetwork: { hostPorts: 'Disabled' } }, { linuxDataplane: 'VPP' }), message: 'calico.installation.calicoNetwork.hostPorts: VPP doesn\'t support disabling HostPorts (got "Disabled"; allowed Enabled) — remove it, or choose another linuxDataplane' },
  { rule: 'installation.hostPorts.calicoCniOnly', cluster: installation({ ...amazonVpc, calicoNetwork: { hostPorts: 'Enabled' } }), message: 'calico.installation.calicoNetwork.hostPorts: is only for the Calico CNI, and spec.cni.type is AmazonVPC; the operator refuses it ("spec.calicoNetwork.hostPorts is supported only for Calico CNI") (got "Enabled") — remove calico.installation.calicoNetwork.hostPorts' },
  { rule: 'installation.multiInterfaceMode.calicoCniOnly', cluster: installation({ ...amazonVpc, calicoNetwork: { multiInterfaceMode: 'Multus' } }), message: 'calico.installation.calicoNetwork.multiInterfaceMode: is only for the Calico CNI, and spec.cni.type is AmazonVPC; the operator refuses it ("spec.calicoNetwork.multiInterfaceMode is supported only for Calico CNI") (got "Multus") — remove calico.installation.calicoNetwork.multiInterfaceMode' },
  { rule: 'installation.containerIPForwarding.calicoCniOnly', cluster: installation({ ...amazonVpc, calicoNetwork: { containerIPForwarding: 'Enabled' } }), message: 'calico.installation.calicoNetwork.containerIPForwarding: is only for the Calico CNI, and spec.cni.type is AmazonVPC; the operator refuses it ("spec.calicoNetwork.containerIPForwarding is supported only for Calico CNI") (got "Enabled") — remove calico.installation.calicoNetwork.containerIPForwarding' },
  { rule: 'installation.linuxPolicySetupTimeoutSeconds.nonNegative', cluster: installation({ calicoNetwork: { linuxPolicySetupTimeoutSeconds: -1 } }), message: 'calico.installation.calicoNetwork.linuxPolicySetupTimeoutSeconds: is negative; the operator refuses it ("spec.calicoNetwork.linuxPolicySetupTimeoutSeconds negative value is not valid") (got -1; allowed 0 or more) — set 0 or more seconds' },
  {
    rule: 'installation.linuxPolicySetupTimeoutSeconds.dataplane',
    cluster: installation({ calicoNetwork: { linuxPolicySetupTimeoutSeconds: 5 } }, { linuxDataplane: 'VPP' }),
    message: 'calico.installation.calicoNetwork.linuxPolicySetupTimeoutSeconds: does not go with linuxDataplane VPP; the operator refuses it ("spec.calicoNetwork.linuxPolicySetupTimeoutSeconds is supported only for the Iptables, Nftables and BPF Linux dataplanes") (got 5; allowed with linuxDataplane Iptables, Nftables or BPF) — remove calico.installation.calicoNetwork.linuxPolicySetupTimeoutSeconds, or choose calico.linuxDataplane Iptables, Nftables or BPF',
    accepted: [installation({ calicoNetwork: { linuxPolicySetupTimeoutSeconds: 5 } }, { linuxDataplane: 'Nftables' })],
  },
  {
    rule: 'installation.linuxPolicySetupTimeoutSeconds.dataplane',
    title: 'Nftables before operator v1.39',
    cluster: installation({ calicoNetwork: { linuxPolicySetupTimeoutSeconds: 5 } }, { version: 'v3.30.7', linuxDataplane: 'Nftables' }),
    message: 'calico.installation.calicoNetwork.linuxPolicySetupTimeoutSeconds: does not go with linuxDataplane Nftables; the operator refuses it ("spec.calicoNetwork.linuxPolicySetupTimeoutSeconds is supported only for the Iptables and BPF Linux dataplanes") (got 5; allowed with linuxDataplane Iptables or BPF) — remove calico.installation.calicoNetwork.linuxPolicySetupTimeoutSeconds, or choose calico.linuxDataplane Iptables or BPF',
    accepted: [installation({ calicoNetwork: { linuxPolicySetupTimeoutSeconds: 5 } }, { version: 'v3.31.7', linuxDataplane: 'Nftables' })],
  },
  // Fields of the Installation itself.
  { rule: 'installation.nodeUpdateStrategy.onDelete', cluster: installation({ nodeUpdateStrategy: { type: 'OnDelete' } }), message: 'calico.installation.nodeUpdateStrategy.type: is not RollingUpdate, the only strategy the operator takes for calico-node; the operator refuses it ("spec.NodeUpdateStrategy.type \'…\' is not supported") (got "OnDelete"; allowed RollingUpdate) — remove calico.installation.nodeUpdateStrategy.type (RollingUpdate is the default), and pace updates with calico.installation.nodeUpdateStrategy.rollingUpdate.maxUnavailable', accepted: [installation({ nodeUpdateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } })] },
  { rule: 'installation.controlPlaneReplicas.positive', cluster: installation({ controlPlaneReplicas: 0 }), message: 'calico.installation.controlPlaneReplicas: the operator refuses it ("spec.ControlPlaneReplicas should be greater than 0") (got 0; allowed a whole number above 0) — remove calico.installation.controlPlaneReplicas for the operator\'s 2, or set 1 or more', accepted: [installation({ controlPlaneReplicas: 1 })] },
  {
    rule: 'installation.componentResources.componentName',
    cluster: installation({ componentResources: [{ componentName: 'NodeWindows', resourceRequirements: { limits: { cpu: '1' } } }] }),
    message: 'calico.installation.componentResources[0].componentName: the operator refuses it ("spec.ComponentResources.ComponentName NodeWindows is not supported"), although the CRD lists it (got "NodeWindows"; allowed Node, Typha, KubeControllers) — set the resources of a Windows component on its container in calico.installation.calicoNodeWindowsDaemonSet (spec.template.spec.containers[].resources)',
    accepted: [installation({ componentResources: [{ componentName: 'Node', resourceRequirements: { limits: { cpu: '1' } } }] })],
  },
  { rule: 'installation.nonPrivileged.enabled', cluster: installation({ nonPrivileged: 'Enabled' }), message: 'calico.installation.nonPrivileged: the operator refuses it ("non-privileged Calico is deprecated and cannot be Enabled") (got "Enabled"; allowed Disabled) — remove calico.installation.nonPrivileged', accepted: [installation({ nonPrivileged: 'Enabled' }, { version: 'v3.28.2' })] },
  { rule: 'installation.nonPrivileged.bpf', cluster: installation({ nonPrivileged: 'Enabled' }, { version: 'v3.28.2', linuxDataplane: 'BPF' }), message: 'calico.installation.nonPrivileged: the operator refuses it ("Non-privileged Calico is not supported when BPF dataplane is enabled") (got "Enabled"; allowed Disabled, with the BPF dataplane) — remove calico.installation.nonPrivileged, or choose another linuxDataplane' },
  { rule: 'installation.nonPrivileged.enterprise', cluster: installation({ nonPrivileged: 'Enabled', variant: 'TigeraSecureEnterprise' }, { version: 'v3.28.2' }), message: 'calico.installation.nonPrivileged: the operator refuses it ("Non-privileged Calico is not supported for spec.Variant=TigeraSecureEnterprise") (got "Enabled"; allowed Disabled, with variant TigeraSecureEnterprise) — remove calico.installation.nonPrivileged' },
  {
    rule: 'installation.calicoNodeDaemonSet.exclusiveInitContainers',
    cluster: installation({ calicoNodeDaemonSet: { spec: { template: { spec: { initContainers: [{ name: 'mount-bpffs' }, { name: 'ebpf-bootstrap' }] } } } } }),
    message: 'calico.installation.calicoNodeDaemonSet.spec.template.spec.initContainers: overrides both mount-bpffs and ebpf-bootstrap; the operator refuses it ("init container names mount-bpffs and ebpf-bootstrap are mutually exclusive") (got ["mount-bpffs","ebpf-bootstrap"]) — override one of the two (the release runs the one its dataplane needs)',
  },
  // Calico for Windows.
  {
    rule: 'installation.windows.serviceCIDRs',
    cluster: installation({ calicoNetwork: { windowsDataplane: 'HNS' } }, { bgp: 'Disabled', ...vxlan }),
    message: 'calico.installation.serviceCIDRs: is needed for Calico for Windows with the Calico CNI; the operator refuses it ("spec.ServiceCIDRs must be provided when using Calico CNI on Windows") (got nothing) — set calico.installation.serviceCIDRs to the cluster\'s Service CIDRs (platform.serviceSubnet)',
    accepted: [installation({ calicoNetwork: { windowsDataplane: 'HNS' }, serviceCIDRs: ['10.96.0.0/12'] }, { bgp: 'Disabled', ...vxlan })],
  },
  { rule: 'installation.windows.ipv4PoolEncapsulation', cluster: installation({ calicoNetwork: { windowsDataplane: 'HNS' }, serviceCIDRs: ['10.96.0.0/12'] }), message: 'calico.ipPools (from podSubnet 10.244.0.0/16): IPv4 IPPool encapsulation IPIP is not supported by Calico for Windows (got "IPIP"; allowed VXLAN, None) — use VXLAN (or None with BGP) for the first IPv4 pool' },
  { rule: 'installation.windowsNodes.requiresWindowsDataplane', cluster: installation({ windowsNodes: { cniBinDir: '/opt/cni/bin' } }), message: 'calico.installation.windowsNodes: is only for Calico for Windows, which is off; the operator refuses it ("spec.WindowsNodes is not valid and should not be provided when Calico for Windows is disabled") (got {"cniBinDir":"/opt/cni/bin"}) — remove calico.installation.windowsNodes, or turn Windows on with calico.installation.calicoNetwork.windowsDataplane: HNS' },
  // Variant, FIPS, Azure.
  {
    rule: 'installation.fipsMode.notEnterprise',
    cluster: installation({ fipsMode: 'Enabled', variant: 'TigeraSecureEnterprise' }),
    message: 'calico.installation.fipsMode: the operator refuses it ("spec.FIPSMode=Enabled combined with spec.Variant=TigeraSecureEnterprise is not supported") (got "Enabled"; allowed Disabled, with variant TigeraSecureEnterprise) — remove calico.installation.fipsMode or calico.installation.variant',
    accepted: [installation({ fipsMode: 'Enabled' })],
  },
  {
    rule: 'installation.azure.aksOnly',
    cluster: installation({ azure: { policyMode: 'Manual' } }),
    message: 'calico.installation.azure: is only for AKS, and kubernetesProvider is not set (the operator never detects AKS by itself); the operator refuses it ("spec.Azure should be set only for AKS provider") (got {"policyMode":"Manual"}) — set calico.installation.kubernetesProvider: AKS, or remove calico.installation.azure',
    accepted: [installation({ azure: { policyMode: 'Manual' }, kubernetesProvider: 'AKS', cni: { type: 'Calico' } })],
  },
  // The pool rules checked where the pools are (installation-rules.ts).
  { rule: 'ippool.cidr.valid', cluster: calico({ ipPools: [{ cidr: '10.244.0.0/33' }] }), message: 'calico.ipPools[0].cidr: is not a CIDR (got "10.244.0.0/33"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56)' },
  { rule: 'ippool.cidr.unique', cluster: calico({ ipPools: [{ name: 'a', cidr: '10.244.0.0/17' }, { name: 'b', cidr: '10.244.0.0/17' }] }), message: 'calico.ipPools[1].cidr: repeats the CIDR of calico.ipPools[0].cidr; the operator rejects it ("IP pool 10.244.0.0/17 is specified more than once") (got "10.244.0.0/17") — remove one of the pools' },
  { rule: 'ippool.name.unique', cluster: calico({ ipPools: [{ name: 'a', cidr: '10.244.0.0/17' }, { name: 'a', cidr: '10.244.128.0/17' }] }), message: 'calico.ipPools[1].name: repeats the name of calico.ipPools[0]; the operator rejects it ("IP pool a is specified more than once") (got "a") — give every pool its own name' },
  { rule: 'ippool.blockSize.ipv4Range', cluster: calico({ ipPools: [{ cidr: '10.244.0.0/16', blockSize: 19 }] }), message: 'calico.ipPools[0].blockSize: is out of range for an IPv4 pool (the operator: "IPv4 pool block size must be greater than 19 and less than or equal to 32") (got 19; allowed 20–32)' },
  { rule: 'ippool.blockSize.ipv4WithinCidr', cluster: calico({ ipPools: [{ cidr: '10.244.0.0/28', blockSize: 26 }] }), message: 'calico.ipPools[0].blockSize: is larger than the pool 10.244.0.0/28 (the operator: "IP pool size is too small. It must be equal to or greater than the block size") (got 26; allowed 28–32) — use blockSize 28 or more, or a larger pool' },
  { rule: 'ippool.blockSize.ipv6Range', cluster: { ...dualStack, ...calico({ ipPools: [{ cidr: '10.244.0.0/16' }, { cidr: 'fd00:10:244::/56', blockSize: 112 }] }) }, message: 'calico.ipPools[1].blockSize: is out of range for an IPv6 pool (got 112; allowed 116–128)' },
  { rule: 'ippool.blockSize.ipv6WithinCidr', cluster: { ...dualStack, ...calico({ ipPools: [{ cidr: '10.244.0.0/16' }, { cidr: 'fd00:10:244::/124', blockSize: 122 }] }) }, message: 'calico.ipPools[1].blockSize: is larger than the pool fd00:10:244::/124 (the operator: "IP pool size is too small. It must be equal to or greater than the block size") (got 122; allowed 124–128) — use blockSize 124 or more, or a larger pool' },
  { rule: 'installation.ipPools.ipv6.noIPIP', cluster: { ...dualStack, ...calico({ ipPools: [{ cidr: '10.244.0.0/16' }, { cidr: 'fd00:10:244::/56', encapsulation: 'IPIP' }] }) }, message: 'calico.ipPools[1].encapsulation: IPIP encapsulation is not supported by IPv6 pools, but it is set for fd00:10:244::/56 (got "IPIP"; allowed None, VXLAN, VXLANCrossSubnet)' },
  { rule: 'ippool.nodeSelector.nonEmpty', cluster: calico({ ipPools: [{ cidr: '10.244.0.0/16', nodeSelector: '' }] }), message: 'calico.ipPools[0].nodeSelector: is empty; the operator requires a selector (got ""; allowed a Calico selector such as all())' },
  { rule: 'ippool.loadBalancer.exclusiveUse', cluster: calico({ ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer', 'Workload'] }] }), message: 'calico.ipPools[0].allowedUses: IP pool lb AllowedUse LoadBalancer cannot be used with Workload/Tunnel (got ["LoadBalancer","Workload"]; allowed [LoadBalancer] alone) — give LoadBalancer addresses a pool of their own' },
  { rule: 'ippool.loadBalancer.nodeSelectorAll', cluster: calico({ ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], nodeSelector: 'has(lb)' }] }), message: 'calico.ipPools[0].nodeSelector: IP pool nodeSelector should be set to all() if allowedUse is LoadBalancer (got "has(lb)"; allowed all()) — remove nodeSelector (it defaults to all())' },
  { rule: 'ippool.loadBalancer.encapsulationNone', cluster: calico({ ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], encapsulation: 'VXLAN' }] }), message: 'calico.ipPools[0].encapsulation: IP pool encapsulation must be none if allowedUse is LoadBalancer (got "VXLAN"; allowed None) — remove encapsulation (a LoadBalancer pool defaults to None)' },
  { rule: 'ippool.loadBalancer.bgpExport', cluster: calico({ ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], disableBGPExport: true }] }), message: 'calico.ipPools[0].disableBGPExport: IP pool disable bgp export must be false when AllowedUse is LoadBalancer (got true; allowed false) — remove disableBGPExport: LoadBalancer addresses reach the network by BGP' },
  {
    rule: 'ippool.loadBalancer.natOutgoingEnabled',
    cluster: calico({ version: 'v3.30.7', ipPools: [{ name: 'lb', cidr: '10.244.0.0/16', allowedUses: ['LoadBalancer'], natOutgoing: 'Disabled' }] }),
    message: 'calico.ipPools[0].natOutgoing: IP pool lb NATOutgoing cannot be disabled with allowedUse LoadBalancer (got "Disabled"; allowed Enabled) — set natOutgoing: Enabled (an IPv6 pool defaults to Disabled), or choose calico.version v3.32.1 or v3.31.7, whose operator dropped the rule',
  },
  { rule: 'ippool.encapsulation.value', props: { ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'GRE' as never }] }, message: 'ipPools[0].encapsulation: "GRE" is not one of IPIP, IPIPCrossSubnet, VXLAN, VXLANCrossSubnet, None' },
  { rule: 'ippool.natOutgoing.value', props: { ipPools: [{ cidr: '10.244.0.0/16', natOutgoing: 'Yes' as never }] }, message: 'ipPools[0].natOutgoing: "Yes" is not one of Enabled, Disabled' },
  // Autodetection, volumes, the control plane's nodes.
  { rule: 'installation.nodeAddressAutodetection.cidrs', cluster: calico({ nodeAddressAutodetectionV4: { cidrs: ['10.0.0.0/33'] } }), message: 'calico.nodeAddressAutodetectionV4.cidrs[0]: is not a CIDR (got "10.0.0.0/33"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56)' },
  { rule: 'installation.nodeAddressAutodetection.atMostOne', cluster: calico({ nodeAddressAutodetectionV4: { firstFound: true, interface: 'eth0' } }), message: 'calico.nodeAddressAutodetectionV4: no more than one node address autodetection method can be specified per-family (got "firstFound, interface"; allowed one of firstFound, kubernetes, interface, skipInterface, canReach, cidrs)' },
  {
    rule: 'installation.bpf.nodeAddressAutodetectionV6.required',
    cluster: { ...dualStack, ...calico({ linuxDataplane: 'BPF', nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } }) },
    message: 'calico.nodeAddressAutodetectionV6: is not set, and the operator refuses the BPF dataplane with an IPv6 pool without it ("spec.calicoNetwork.nodeAddressAutodetectionV6 is required for the BPF dataplane"): it defaults the IPv6 method only from IPv6 pools already in the cluster, so on a fresh install it stops there and never creates the pools — set one method, e.g. nodeAddressAutodetectionV6: { kubernetes: NodeInternalIP }',
  },
  { rule: 'installation.vpp.requiresBGP', cluster: calico({ linuxDataplane: 'VPP', bgp: 'Disabled', ...vxlan }), message: 'calico.linuxDataplane: VPP requires BGP to be enabled (got "VPP") — set calico.bgp: Enabled, or choose another linuxDataplane' },
  { rule: 'reconcile.bpfNetworkBootstrap.requiresBPF', props: { podCidrs: ['10.244.0.0/16'], bpfNetworkBootstrap: 'Enabled' }, message: 'bpfNetworkBootstrap: bpfNetworkBootstrap is enabled but linuxDataplane is not set to BPF (got "Enabled") — set linuxDataplane: BPF, or leave bpfNetworkBootstrap out' },
  { rule: 'installation.flexVolumePath.absoluteOrNone', cluster: calico({ flexVolumePath: 'usr/libexec' }), message: 'calico.flexVolumePath: is neither an absolute path nor None (got "usr/libexec"; allowed an absolute path such as /var/lib/kubelet, or None to disable)' },
  { rule: 'installation.kubeletVolumePluginPath.absoluteOrNone', cluster: calico({ kubeletVolumePluginPath: 'var/lib/kubelet' }), message: 'calico.kubeletVolumePluginPath: is neither an absolute path nor None (got "var/lib/kubelet"; allowed an absolute path such as /var/lib/kubelet, or None to disable)' },
  { rule: 'installation.controlPlaneNodeSelector.os', cluster: calico({ controlPlaneNodeSelector: { 'kubernetes.io/os': 'windows' } }), message: 'calico.controlPlaneNodeSelector["kubernetes.io/os"]: the operator refuses it ("spec.ControlPlaneNodeSelector \'kubernetes.io/os=windows\' is not supported"): Typha, kube-controllers and the API server run on Linux nodes only (got "windows"; allowed linux) — remove kubernetes.io/os, or set it to linux' },
  { rule: 'installation.controlPlaneNodeSelector.betaOs', cluster: calico({ controlPlaneNodeSelector: { 'beta.kubernetes.io/os': 'windows' } }), message: 'calico.controlPlaneNodeSelector["beta.kubernetes.io/os"]: the operator refuses it ("spec.ControlPlaneNodeSelector \'beta.kubernetes.io/os=windows\' is not supported"): Typha, kube-controllers and the API server run on Linux nodes only (got "windows"; allowed linux) — remove beta.kubernetes.io/os, or set it to linux' },
  // kubeadm's podSubnet, which the pool defaulting reads (stack-rules.ts).
  { rule: 'ippool.defaults.platformPodCidr.within', cluster: calico({ ipPools: [{ cidr: '192.168.0.0/16' }] }), message: 'calico.ipPools[0].cidr: is not inside the cluster\'s podSubnet; the operator would report "IPPool 192.168.0.0/16 is not within the platform\'s configured pod network CIDR(s) [10.244.0.0/16]" and create no pools (got "192.168.0.0/16"; allowed a CIDR inside 10.244.0.0/16) — use a CIDR inside platform.podSubnet, or omit calico.ipPools to get one pool per podSubnet CIDR' },
  { rule: 'ippool.defaults.kubeadm.podSubnetRequired', cluster: { platform: { kubeadmConfig: 'k.yaml' } }, files: { 'k.yaml': kubeadmConfigMap({ serviceSubnet: '10.96.0.0/12' }) }, message: 'platform.kubeadmConfig: has no networking.podSubnet, so the operator fails with "kubeadm configuration is missing required podSubnet field" even when the Installation lists pools (tigera/operator#2712) (got "k.yaml") — add networking.podSubnet to the ClusterConfiguration in `kubectl -n kube-system edit cm kubeadm-config`, then export it again' },
  { rule: 'ippool.defaults.kubeadm.podSubnetCidr', cluster: { platform: { podSubnet: undefined, kubeadmConfig: 'k.yaml' } }, files: { 'k.yaml': kubeadmConfigMap({ podSubnet: '10.244.0/16' }) }, message: 'platform.kubeadmConfig: has a networking.podSubnet that is not a CIDR list (got "10.244.0/16")' },
  // The APIServer's overrides (calico.apiServer as an object; resource-specs.ts).
  {
    rule: 'apiserver.apiServerDeployment.portNames',
    cluster: calico({ apiServer: { apiServerDeployment: { spec: { template: { spec: { containers: [{ name: 'calico-apiserver', ports: [{ name: 'queryserver', containerPort: 5443 }] }] } } } } } }),
    message: 'calico.apiServer.apiServerDeployment.spec.template.spec.containers[0].ports[0].name: port name queryserver is not valid for container calico-apiserver; the operator refuses the APIServer (spec.APIServerDeployment: spec.Template.Spec.Containers["calico-apiserver"] is invalid) (got "queryserver"; allowed queryserver only on container tigera-queryserver) — move the port to container tigera-queryserver, or use that container\'s own port name',
    accepted: [calico({ apiServer: { apiServerDeployment: { spec: { template: { spec: { containers: [{ name: 'calico-apiserver', ports: [{ name: 'apiserver', containerPort: 5443 }] }] } } } } } })],
  },
];
