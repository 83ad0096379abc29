/**
 * What the Tigera operator writes into the objects calico-stack renders, per operator tag: the
 * source of the `operatorWrites` table of every release's data (add-release attaches the rows of the
 * release's operator; src/lib/calico/operator-written-fields.ts reads them). Read from the operator's
 * source at each tag (github.com/tigera/operator; docs/upstream/README.md, "What the operator
 * writes", lists how), the conditions and values in our own terms. Every row names where the
 * operator writes the field, `path:start-end` at each tag that writes it; a tag without an entry does
 * not write it.
 *
 * A row calico-stack can render carries the value (`value`, or `cases`: the first whose conditions
 * hold); the renderer writes it wherever the object leaves the field empty, so the operator's
 * defaulting changes nothing. A row with `handled` is written from what the operator finds at run
 * time; calico-stack leaves it to the operator and tells the GitOps tools so (docs/gitops.md).
 *
 * Adding an operator tag: read the functions named in docs/upstream/README.md at the new tag, add
 * `'<tag>': 'path:start-end'` to every row still written there and a row for each new write, and add
 * the tag to {@link INVENTORIED_TAGS}.
 */
import type { OperatorWrite, OperatorWrites } from '../src/lib/calico/release-data';

/** Operator tags whose source this table was read at, oldest first. */
export const INVENTORIED_TAGS = ['v1.34.5', 'v1.36.16', 'v1.38.13', 'v1.40.15', 'v1.42.3'] as const;
type Tag = (typeof INVENTORIED_TAGS)[number];

/** A row, and where each tag writes it. */
interface Row extends Omit<OperatorWrite, 'at'> {
  readonly releases: Partial<Record<Tag, string>>;
}

const CC = 'pkg/controller/installation/core_controller.go';
const PD = 'pkg/controller/ippool/defaults.go';
const BPF = 'pkg/controller/installation/bpf.go';
const WH = 'pkg/controller/whisker/controller.go';
const INSTALLATION = { group: 'operator.tigera.io', kind: 'Installation' } as const;
const FELIX = { group: 'projectcalico.org', kind: 'FelixConfiguration' } as const;
const POOL = '/spec/calicoNetwork/ipPools/*';
const CNI_TYPE = '/spec/cni/type';
const PROVIDER = '/spec/kubernetesProvider';
const CALICO_CNI = { [CNI_TYPE]: 'Calico' };

/** `lines` at every tag, each in `file`. */
const at = (file: string, lines: Partial<Record<Tag, string>>): Partial<Record<Tag, string>> =>
  Object.fromEntries(Object.entries(lines).map(([tag, range]) => [tag, `${file}:${range}`]));

/**
 * The providers the operator can detect by itself (`AutoDiscoverProvider`), so that a value that
 * depends on the provider is unknown until run time when the Installation names none. AKS is never
 * detected: it comes only from the Installation.
 */
const DETECTED_PROVIDERS: Record<Tag, { readonly providers: readonly string[]; readonly at: string }> = {
  'v1.34.5': { providers: ['DockerEnterprise', 'EKS', 'RKE2', 'OpenShift', 'GKE', 'TKG'], at: 'pkg/controller/utils/discovery.go:88-143' },
  'v1.36.16': { providers: ['OpenShift', 'DockerEnterprise', 'EKS', 'RKE2', 'GKE', 'TKG'], at: 'pkg/controller/utils/discovery.go:89-161' },
  'v1.38.13': { providers: ['OpenShift', 'DockerEnterprise', 'EKS', 'RKE2', 'GKE', 'TKG'], at: 'pkg/controller/utils/discovery.go:81-153' },
  'v1.40.15': { providers: ['OpenShift', 'DockerEnterprise', 'EKS', 'RKE2', 'Kind', 'GKE', 'TKG'], at: 'pkg/controller/utils/discovery.go:80-159' },
  'v1.42.3': { providers: ['OpenShift', 'DockerEnterprise', 'EKS', 'RKE2', 'Kind', 'GKE', 'TKG'], at: 'pkg/common/discovery/discovery.go:81-163' },
};

/** In the operator's order: the core controller (mergeProvider, the aws-node check, fillDefaults), then the pool controller, then the others. */
const ROWS: readonly Row[] = [
  {
    id: 'installation.kubernetesProvider', ...INSTALLATION, pointer: PROVIDER,
    handled: 'the provider the operator detects in the cluster (API groups, node labels, ConfigMaps in kube-system: an aws-auth ConfigMap reads as EKS)',
    releases: at(CC, { 'v1.34.5': '732-733', 'v1.36.16': '746-747', 'v1.38.13': '740-741', 'v1.40.15': '745-746', 'v1.42.3': '768-769' }),
  },
  {
    id: 'installation.cni.type.awsNode', ...INSTALLATION, pointer: CNI_TYPE,
    handled: 'AmazonVPC when the cluster has DaemonSet kube-system/aws-node',
    releases: at(CC, { 'v1.34.5': '1897-1898', 'v1.36.16': '1960-1961', 'v1.38.13': '2077-2078', 'v1.40.15': '2202-2203', 'v1.42.3': '2418-2419' }),
  },
  {
    id: 'installation.registry.trailingSlash', ...INSTALLATION, pointer: '/spec/registry', appendSlash: true,
    releases: at(CC, { 'v1.34.5': '437-439', 'v1.36.16': '446-448', 'v1.38.13': '446-448' }),
  },
  {
    id: 'installation.variant', ...INSTALLATION, pointer: '/spec/variant', value: 'Calico',
    releases: at(CC, { 'v1.34.5': '442-444', 'v1.36.16': '451-453', 'v1.38.13': '451-453', 'v1.40.15': '445-447', 'v1.42.3': '474-476' }),
  },
  {
    id: 'installation.nonPrivileged', ...INSTALLATION, pointer: '/spec/nonPrivileged', value: 'Disabled',
    releases: at(CC, { 'v1.34.5': '448-450', 'v1.36.16': '457-459' }),
  },
  {
    id: 'installation.typhaAffinity.aks', ...INSTALLATION, pointer: '/spec/typhaAffinity', when: { [PROVIDER]: 'AKS' },
    value: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'type', operator: 'NotIn', values: ['virtual-node'] },
              { key: 'kubernetes.azure.com/cluster', operator: 'Exists' },
            ],
          }],
        },
      },
    },
    releases: at(CC, { 'v1.34.5': '459-460', 'v1.36.16': '468-469', 'v1.38.13': '462-463', 'v1.40.15': '456-457', 'v1.42.3': '485-486' }),
  },
  {
    id: 'installation.cni.type', ...INSTALLATION, pointer: CNI_TYPE,
    cases: [
      { when: { [PROVIDER]: 'AKS' }, value: 'AzureVNET' },
      { when: { [PROVIDER]: 'EKS' }, value: 'AmazonVPC' },
      { when: { [PROVIDER]: 'GKE' }, value: 'GKE' },
      { value: 'Calico' },
    ],
    releases: at(CC, { 'v1.34.5': '488-497', 'v1.36.16': '497-506', 'v1.38.13': '491-500', 'v1.40.15': '485-494', 'v1.42.3': '514-523' }),
  },
  {
    id: 'installation.cni.ipam.type', ...INSTALLATION, pointer: '/spec/cni/ipam/type',
    cases: [
      { when: { [CNI_TYPE]: 'AzureVNET' }, value: 'AzureVNET' },
      { when: { [CNI_TYPE]: 'AmazonVPC' }, value: 'AmazonVPC' },
      { when: { [CNI_TYPE]: 'GKE' }, value: 'HostLocal' },
      { value: 'Calico' },
    ],
    releases: at(CC, { 'v1.34.5': '505-514', 'v1.36.16': '514-523', 'v1.38.13': '508-517', 'v1.40.15': '502-511', 'v1.42.3': '531-540' }),
  },
  {
    id: 'installation.cni.specVersion', ...INSTALLATION, pointer: '/spec/cni/specVersion', when: CALICO_CNI, value: 'Auto',
    releases: at(CC, { 'v1.40.15': '516-518' }),
  },
  {
    id: 'installation.calicoNetwork.linuxDataplane', ...INSTALLATION, pointer: '/spec/calicoNetwork/linuxDataplane', value: 'Iptables',
    releases: at(CC, { 'v1.34.5': '524-526', 'v1.36.16': '533-535', 'v1.38.13': '527-529', 'v1.40.15': '527-529', 'v1.42.3': '550-552' }),
  },
  {
    id: 'installation.calicoNetwork.windowsDataplane', ...INSTALLATION, pointer: '/spec/calicoNetwork/windowsDataplane', value: 'Disabled',
    releases: at(CC, { 'v1.34.5': '531-532', 'v1.36.16': '540-541', 'v1.38.13': '534-535', 'v1.40.15': '534-535', 'v1.42.3': '557-558' }),
  },
  ...([['cniBinDir', '/k/azurecni/bin', '/Program Files/Amazon/EKS/cni', '/opt/cni/bin'], ['cniConfigDir', '/k/azurecni/netconf', '/Program Files/Amazon/EKS/cni/config', '/etc/cni/net.d'],
    ['cniLogDir', '/var/log/calico/cni', '/var/log/calico/cni', '/var/log/calico/cni']] as const).map(([field, aks, eks, other]): Row => ({
    // The directories of render.DefaultWindowsCNIDirectories (pkg/render/windows.go), by provider.
    id: `installation.windowsNodes.${field}`, ...INSTALLATION, pointer: `/spec/windowsNodes/${field}`, when: { '/spec/calicoNetwork/windowsDataplane': 'HNS' },
    cases: [{ when: { [PROVIDER]: 'AKS' }, value: aks }, { when: { [PROVIDER]: 'EKS' }, value: eks }, { value: other }],
    releases: at(CC, { 'v1.34.5': '537-551', 'v1.36.16': '546-560', 'v1.38.13': '540-554', 'v1.40.15': '540-554', 'v1.42.3': '563-577' }),
  })),
  {
    id: 'installation.calicoNetwork.bgp', ...INSTALLATION, pointer: '/spec/calicoNetwork/bgp',
    cases: [
      { when: { [CNI_TYPE]: 'Calico', [PROVIDER]: 'EKS' }, value: 'Disabled' },
      { when: CALICO_CNI, value: 'Enabled' },
      { value: 'Disabled' },
    ],
    releases: at(CC, { 'v1.34.5': '556-571', 'v1.36.16': '565-580', 'v1.38.13': '559-574', 'v1.40.15': '559-574', 'v1.42.3': '582-597' }),
  },
  {
    id: 'installation.calicoNetwork.nodeAddressAutodetectionV6', ...INSTALLATION, pointer: '/spec/calicoNetwork/nodeAddressAutodetectionV6',
    handled: '{firstFound: true} once enabled IPv6 IPPools exist in the cluster (the operator\'s own, from the Installation, or anyone else\'s)',
    releases: at(CC, { 'v1.34.5': '591-593', 'v1.36.16': '600-602', 'v1.38.13': '594-596', 'v1.40.15': '591-593', 'v1.42.3': '614-616' }),
  },
  {
    id: 'installation.calicoNetwork.nodeAddressAutodetectionV4', ...INSTALLATION, pointer: '/spec/calicoNetwork/nodeAddressAutodetectionV4',
    handled: 'once enabled IPv4 IPPools exist in the cluster, or with BPF: {canReach: 8.8.8.8} on EKS, {skipInterface: ^br-.*} on DockerEnterprise, else {firstFound: true} (the detected provider)',
    releases: at(CC, { 'v1.34.5': '601-618', 'v1.36.16': '610-627', 'v1.38.13': '604-621', 'v1.40.15': '601-618', 'v1.42.3': '624-641' }),
  },
  {
    id: 'installation.calicoNetwork.linuxPolicySetupTimeoutSeconds', ...INSTALLATION, pointer: '/spec/calicoNetwork/linuxPolicySetupTimeoutSeconds',
    when: { [CNI_TYPE]: 'Calico', '/spec/calicoNetwork/linuxDataplane': 'Iptables' }, value: 0,
    releases: at(CC, { 'v1.34.5': '624-628', 'v1.36.16': '633-637', 'v1.38.13': '627-631', 'v1.40.15': '624-628', 'v1.42.3': '647-651' }),
  },
  {
    // render.DefaultCNIDirectories (pkg/render/node.go), by provider.
    id: 'installation.cni.confDir', ...INSTALLATION, pointer: '/spec/cni/confDir',
    cases: [{ when: { [PROVIDER]: 'OpenShift' }, value: '/var/run/multus/cni/net.d' }, { value: '/etc/cni/net.d' }],
    releases: at(CC, { 'v1.40.15': '631-636', 'v1.42.3': '654-659' }),
  },
  {
    id: 'installation.cni.binDir', ...INSTALLATION, pointer: '/spec/cni/binDir',
    cases: [{ when: { [PROVIDER]: 'OpenShift' }, value: '/var/lib/cni/bin' }, { when: { [PROVIDER]: 'GKE' }, value: '/home/kubernetes/bin' }, { value: '/opt/cni/bin' }],
    releases: at(CC, { 'v1.40.15': '631-636', 'v1.42.3': '654-659' }),
  },
  {
    id: 'installation.calicoNetwork.hostPorts', ...INSTALLATION, pointer: '/spec/calicoNetwork/hostPorts', when: CALICO_CNI, value: 'Enabled',
    releases: at(CC, { 'v1.34.5': '635-637', 'v1.36.16': '644-646', 'v1.38.13': '638-640', 'v1.40.15': '643-645', 'v1.42.3': '666-668' }),
  },
  {
    id: 'installation.calicoNetwork.multiInterfaceMode', ...INSTALLATION, pointer: '/spec/calicoNetwork/multiInterfaceMode', when: CALICO_CNI, value: 'None',
    releases: at(CC, { 'v1.34.5': '640-642', 'v1.36.16': '649-651', 'v1.38.13': '643-645', 'v1.40.15': '648-650', 'v1.42.3': '671-673' }),
  },
  {
    id: 'installation.logging.cni.logSeverity', ...INSTALLATION, pointer: '/spec/logging/cni/logSeverity', when: CALICO_CNI, value: 'Info',
    releases: at(CC, { 'v1.34.5': '654-656', 'v1.36.16': '663-665', 'v1.38.13': '657-659', 'v1.40.15': '662-664', 'v1.42.3': '685-687' }),
  },
  {
    id: 'installation.logging.cni.logFileMaxCount', ...INSTALLATION, pointer: '/spec/logging/cni/logFileMaxCount', when: CALICO_CNI, value: 10,
    releases: at(CC, { 'v1.34.5': '660-662', 'v1.36.16': '669-671', 'v1.38.13': '663-665', 'v1.40.15': '668-670', 'v1.42.3': '691-693' }),
  },
  {
    id: 'installation.logging.cni.logFileMaxAgeDays', ...INSTALLATION, pointer: '/spec/logging/cni/logFileMaxAgeDays', when: CALICO_CNI, value: 30,
    releases: at(CC, { 'v1.34.5': '666-668', 'v1.36.16': '675-677', 'v1.38.13': '669-671', 'v1.40.15': '674-676', 'v1.42.3': '697-699' }),
  },
  {
    id: 'installation.logging.cni.logFileMaxSize', ...INSTALLATION, pointer: '/spec/logging/cni/logFileMaxSize', when: CALICO_CNI, value: '100Mi',
    releases: at(CC, { 'v1.34.5': '672-674', 'v1.36.16': '681-683', 'v1.38.13': '675-677', 'v1.40.15': '680-682', 'v1.42.3': '703-705' }),
  },
  {
    id: 'installation.controlPlaneReplicas', ...INSTALLATION, pointer: '/spec/controlPlaneReplicas', value: 2,
    releases: at(CC, { 'v1.34.5': '679-681', 'v1.36.16': '688-690', 'v1.38.13': '682-684', 'v1.40.15': '687-689', 'v1.42.3': '710-712' }),
  },
  {
    id: 'installation.flexVolumePath', ...INSTALLATION, pointer: '/spec/flexVolumePath',
    cases: [
      { when: { [PROVIDER]: 'OpenShift' }, value: '/etc/kubernetes/kubelet-plugins/volume/exec/' },
      { when: { [PROVIDER]: 'GKE' }, value: '/home/kubernetes/flexvolume/' },
      { when: { [PROVIDER]: 'AKS' }, value: '/etc/kubernetes/volumeplugins/' },
      { when: { [PROVIDER]: 'RKE2' }, value: '/var/lib/kubelet/volumeplugins/' },
      { value: '/usr/libexec/kubernetes/kubelet-plugins/volume/exec/' },
    ],
    releases: at(CC, { 'v1.34.5': '685-697', 'v1.36.16': '694-706', 'v1.38.13': '688-700', 'v1.40.15': '693-705', 'v1.42.3': '716-728' }),
  },
  {
    id: 'installation.kubeletVolumePluginPath', ...INSTALLATION, pointer: '/spec/kubeletVolumePluginPath', value: '/var/lib/kubelet',
    releases: at(CC, { 'v1.34.5': '701-702', 'v1.36.16': '710-711', 'v1.38.13': '704-705', 'v1.40.15': '709-710', 'v1.42.3': '732-733' }),
  },
  {
    id: 'installation.nodeUpdateStrategy.maxUnavailable', ...INSTALLATION, pointer: '/spec/nodeUpdateStrategy/rollingUpdate/maxUnavailable', value: 1,
    releases: at(CC, { 'v1.34.5': '707-711', 'v1.36.16': '716-720', 'v1.38.13': '710-714', 'v1.40.15': '715-719', 'v1.42.3': '738-742' }),
  },
  {
    id: 'installation.nodeUpdateStrategy.type', ...INSTALLATION, pointer: '/spec/nodeUpdateStrategy/type', value: 'RollingUpdate',
    releases: at(CC, { 'v1.34.5': '713-714', 'v1.36.16': '722-723', 'v1.38.13': '716-717', 'v1.40.15': '721-722', 'v1.42.3': '744-745' }),
  },
  {
    id: 'installation.azure.policyMode', ...INSTALLATION, pointer: '/spec/azure', when: { [PROVIDER]: 'AKS' }, value: { policyMode: 'Default' },
    releases: at(CC, { 'v1.36.16': '726-728', 'v1.38.13': '720-722', 'v1.40.15': '725-727', 'v1.42.3': '748-750' }),
  },
  {
    id: 'installation.finalizers', ...INSTALLATION, pointer: '/metadata/finalizers',
    handled: 'the operator\'s controllers add their finalizers at run time and remove them when they have cleaned up',
    releases: at(CC, { 'v1.34.5': '869-873', 'v1.36.16': '883-887', 'v1.38.13': '877-881', 'v1.40.15': '891-895', 'v1.42.3': '901-905' }),
  },
  // The pool controller's defaults, per pool of the Installation (ipPools is an atomic list).
  {
    id: 'ipPools.allowedUses', ...INSTALLATION, pointer: `${POOL}/allowedUses`, value: ['Workload', 'Tunnel'],
    releases: at(PD, { 'v1.34.5': '164-165', 'v1.36.16': '165-166', 'v1.38.13': '165-166', 'v1.40.15': '165-166', 'v1.42.3': '165-166' }),
  },
  {
    id: 'ipPools.encapsulation.ipv4', ...INSTALLATION, pointer: `${POOL}/encapsulation`, family: 4,
    cases: [{ when: CALICO_CNI, value: 'IPIP' }, { value: 'None' }],
    releases: at(PD, { 'v1.34.5': '172-176', 'v1.36.16': '173-177', 'v1.38.13': '173-177', 'v1.40.15': '173-177', 'v1.42.3': '173-177' }),
  },
  {
    id: 'ipPools.natOutgoing.ipv4', ...INSTALLATION, pointer: `${POOL}/natOutgoing`, family: 4, value: 'Enabled',
    releases: at(PD, { 'v1.34.5': '179-180', 'v1.36.16': '180-181', 'v1.38.13': '180-181', 'v1.40.15': '180-181', 'v1.42.3': '180-181' }),
  },
  {
    id: 'ipPools.nodeSelector.ipv4', ...INSTALLATION, pointer: `${POOL}/nodeSelector`, family: 4, value: 'all()',
    releases: at(PD, { 'v1.34.5': '182-183', 'v1.36.16': '183-184', 'v1.38.13': '183-184', 'v1.40.15': '183-184', 'v1.42.3': '183-184' }),
  },
  {
    id: 'ipPools.blockSize.ipv4', ...INSTALLATION, pointer: `${POOL}/blockSize`, family: 4, value: 26,
    releases: at(PD, { 'v1.34.5': '185-187', 'v1.36.16': '186-187', 'v1.38.13': '186-187', 'v1.40.15': '186-187', 'v1.42.3': '186-187' }),
  },
  {
    id: 'ipPools.encapsulation.ipv6', ...INSTALLATION, pointer: `${POOL}/encapsulation`, family: 6, value: 'None',
    releases: at(PD, { 'v1.34.5': '191-192', 'v1.36.16': '191-192', 'v1.38.13': '191-192', 'v1.40.15': '191-192', 'v1.42.3': '191-192' }),
  },
  {
    id: 'ipPools.natOutgoing.ipv6', ...INSTALLATION, pointer: `${POOL}/natOutgoing`, family: 6, value: 'Disabled',
    releases: at(PD, { 'v1.34.5': '194-195', 'v1.36.16': '194-195', 'v1.38.13': '194-195', 'v1.40.15': '194-195', 'v1.42.3': '194-195' }),
  },
  {
    id: 'ipPools.nodeSelector.ipv6', ...INSTALLATION, pointer: `${POOL}/nodeSelector`, family: 6, value: 'all()',
    releases: at(PD, { 'v1.34.5': '197-198', 'v1.36.16': '197-198', 'v1.38.13': '197-198', 'v1.40.15': '197-198', 'v1.42.3': '197-198' }),
  },
  {
    id: 'ipPools.blockSize.ipv6', ...INSTALLATION, pointer: `${POOL}/blockSize`, family: 6, value: 122,
    releases: at(PD, { 'v1.34.5': '200-202', 'v1.36.16': '200-201', 'v1.38.13': '200-201', 'v1.40.15': '200-201', 'v1.42.3': '200-201' }),
  },
  {
    id: 'ipPools.disableNewAllocations', ...INSTALLATION, pointer: `${POOL}/disableNewAllocations`, value: false,
    releases: at(PD, { 'v1.36.16': '205-206', 'v1.38.13': '205-206', 'v1.40.15': '205-206', 'v1.42.3': '205-206' }),
  },
  {
    id: 'ipPools.name', ...INSTALLATION, pointer: `${POOL}/name`,
    handled: 'the name of an IPPool already in the cluster with the same CIDR, else default-ipv4-ippool / default-ipv6-ippool or one derived from the CIDR (CalicoInstallation names every pool so)',
    releases: at(PD, { 'v1.34.5': '207-229', 'v1.36.16': '210-232', 'v1.38.13': '210-232', 'v1.40.15': '210-232', 'v1.42.3': '210-232' }),
  },
  {
    id: 'ipPools.assignmentMode', ...INSTALLATION, pointer: `${POOL}/assignmentMode`, value: 'Automatic',
    releases: at(PD, { 'v1.38.13': '239-240', 'v1.40.15': '239-240', 'v1.42.3': '239-240' }),
  },
  {
    // Not the operator: the API server, from the default in the Installation CRD's schema.
    id: 'crd.ipPools.disableBGPExport', ...INSTALLATION, pointer: `${POOL}/disableBGPExport`, value: false,
    releases: Object.fromEntries(INVENTORIED_TAGS.map((tag) => [tag, 'CRD installations.operator.tigera.io: ipPools[].disableBGPExport default false'])),
  },
  {
    id: 'whisker.notifications', group: 'operator.tigera.io', kind: 'Whisker', pointer: '/spec/notifications', value: 'Enabled',
    releases: at(WH, { 'v1.38.13': '280-282', 'v1.40.15': '285-287', 'v1.42.3': '287-289' }),
  },
  // FelixConfiguration default: patched through crd.projectcalico.org/v1, the storage of the
  // projectcalico.org/v3 object calico-stack renders.
  {
    id: 'felix.routeTableRange', ...FELIX, pointer: '/spec/routeTableRange',
    handled: '65-99 with the AmazonVPC CNI, 10-250 with the GKE CNI',
    releases: at(CC, { 'v1.34.5': '1638-1659', 'v1.36.16': '1692-1713', 'v1.38.13': '1801-1822', 'v1.40.15': '1866-1887', 'v1.42.3': '1932-1953' }),
  },
  {
    id: 'felix.healthPort', ...FELIX, pointer: '/spec/healthPort',
    handled: '9099, 9199 on OpenShift (the detected provider)',
    releases: at(CC, { 'v1.34.5': '1665-1671', 'v1.36.16': '1719-1725', 'v1.38.13': '1828-1834', 'v1.40.15': '1893-1899', 'v1.42.3': '1959-1965' }),
  },
  {
    id: 'felix.vxlanVNI', ...FELIX, pointer: '/spec/vxlanVNI',
    handled: '4096, 10000 on DockerEnterprise (the detected provider)',
    releases: at(CC, { 'v1.34.5': '1673-1684', 'v1.36.16': '1727-1738', 'v1.38.13': '1836-1847', 'v1.40.15': '1901-1919', 'v1.42.3': '1967-1985' }),
  },
  {
    id: 'felix.vxlanPort', ...FELIX, pointer: '/spec/vxlanPort',
    handled: '4789, 8472 on DockerEnterprise with BPF (the detected provider)',
    releases: at(CC, { 'v1.40.15': '1902-1924', 'v1.42.3': '1968-1990' }),
  },
  {
    id: 'felix.bpfHostConntrackBypass', ...FELIX, pointer: '/spec/bpfHostConntrackBypass',
    handled: 'false on DockerEnterprise with BPF (the detected provider)',
    releases: at(CC, { 'v1.34.5': '1687-1692', 'v1.36.16': '1741-1746', 'v1.38.13': '1850-1855', 'v1.40.15': '1927-1932', 'v1.42.3': '1993-1998' }),
  },
  {
    id: 'felix.nftablesMode', ...FELIX, pointer: '/spec/nftablesMode',
    handled: 'set on every reconcile from the Installation\'s dataplane, whatever the object says', overwrites: true,
    releases: at(CC, { 'v1.36.16': '1658-1675', 'v1.38.13': '1767-1784', 'v1.40.15': '1832-1849', 'v1.42.3': '1894-1916' }),
  },
  {
    id: 'felix.bpfEnabled', ...FELIX, pointer: '/spec/bpfEnabled',
    handled: 'true once calico-node has rolled out with BPF, false otherwise: set at run time', overwrites: true,
    releases: at(BPF, { 'v1.34.5': '79-97', 'v1.36.16': '85-103', 'v1.38.13': '85-103', 'v1.40.15': '85-103', 'v1.42.3': '85-103' }),
  },
  {
    id: 'felix.bpfEnabledAnnotation', ...FELIX, pointer: '/metadata/annotations/operator.tigera.io~1bpfEnabled',
    handled: 'mirrors bpfEnabled', overwrites: true,
    releases: at(BPF, { 'v1.34.5': '79-97', 'v1.36.16': '85-103', 'v1.38.13': '85-103', 'v1.40.15': '85-103', 'v1.42.3': '85-103' }),
  },
  {
    id: 'felix.programClusterRoutes', ...FELIX, pointer: '/spec/programClusterRoutes',
    handled: 'from the Installation\'s calicoNetwork.clusterRoutingMode, when it is set', overwrites: true,
    releases: at(CC, { 'v1.42.3': '2076-2093' }),
  },
  {
    id: 'bgp.programClusterRoutes', group: 'projectcalico.org', kind: 'BGPConfiguration', pointer: '/spec/programClusterRoutes',
    handled: 'from the Installation\'s calicoNetwork.clusterRoutingMode, when it is set', overwrites: true,
    releases: at(CC, { 'v1.42.3': '2102-2119' }),
  },
];

/** The inventoried tag whose table applies to `operatorVersion`: itself, or the newest older one (the oldest for older ones). */
export function inventoriedTag(operatorVersion: string): Tag {
  const key = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const cmp = (a: string, b: string) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
  };
  return [...INVENTORIED_TAGS].reverse().find((t) => cmp(t, operatorVersion) <= 0) ?? INVENTORIED_TAGS[0];
}

/**
 * The table for a release whose operator is `operatorVersion`: read at that tag when it is
 * inventoried, otherwise at the nearest older one (`readAt` says which, and a test requires every
 * shipped release's table to be read at its own operator's tag).
 */
export function operatorWritesFor(operatorVersion: string): OperatorWrites {
  const tag = inventoriedTag(operatorVersion);
  return {
    readAt: tag,
    detectedProviders: DETECTED_PROVIDERS[tag],
    fields: ROWS.flatMap(({ releases, ...row }) => (releases[tag] === undefined ? [] : [{ ...row, at: releases[tag]! }])),
  };
}
