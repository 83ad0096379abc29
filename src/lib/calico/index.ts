/**
 * Calico: the Tigera operator, the Calico custom resources (Installation, APIServer, Goldmane, Whisker,
 * FelixConfiguration, BGP), the CRD bundle, and the supported releases as data.
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module calico
 */
export { CalicoChart, type CalicoChartProps } from './calico-chart';
export { RESOURCE_SPEC_PROPS, type ResourceSetting, type ResourceSpec, type ResourceSpecProp } from './resource-specs';
export { type BroughtKey, type BroughtObject, TYPHA_CERTIFICATE_OBJECTS, TyphaCertificates } from './typha-certificates';
export {
  CALICO_API_GROUP, CALICO_API_VERSION, CalicoApiChart, type CalicoApiChartProps, calicoApiServerDeployment, type CalicoFelixOptions,
} from './calico-api-chart';
export { type FelixFields, MODELLED_FELIX_FIELDS } from './felix-fields';
export {
  type OperatorDeploymentSettings, type OperatorDnsConfig, type OperatorDnsOption, type OperatorEnvVar, type OperatorEnvVarSource, type OperatorFieldRef, type OperatorKeyRef,
  type OperatorResourceFieldRef, type OperatorResources,
} from './operator-deployment';
export {
  type BgpCidr, BgpLogSeverity, type BgpPassword, type BgpPeering, type BgpPeerProps, CalicoBgp, type CalicoBgpOptions, type CalicoBgpProps, DEFAULT_AS_NUMBER,
  NextHopMode, type RouteReflectors, type RouteReflectorsProps, type SecretKeyRef, SourceAddress,
} from './calico-bgp';
export { type InstallationFields, MODELLED_FIELDS } from './installation-fields';
export { CalicoCrdsChart, type CalicoCrdsChartProps } from './calico-crds-chart';
export { TigeraOperatorChart, type TigeraOperatorChartProps } from './tigera-operator-chart';
export { KUBERNETES_SERVICES_ENDPOINT, OPERATOR_NAME, OPERATOR_NAMESPACE, TigeraOperator, type TigeraOperatorProps } from './tigera-operator';
export { CalicoInstallation, DEFAULT_INSTANCE } from './installation';
export {
  type CalicoInstallationProps, type IpPool, type IpPoolProps, type NodeAddressAutodetection, POOL_DEFAULTS, type PoolDefaults, type Toleration,
} from './installation-props';
export { CalicoCrds, type CalicoCrdsProps, SERVER_SIDE_APPLY_ANNOTATION } from './calico-crds';
export { type Crd, type CrdBundle, CRDS_BY_OPERATOR, parseCrdBundle } from './crd-bundle';
export {
  AllowedUse, AutodetectionKubernetes, BgpMode, BpfNetworkBootstrap, Encapsulation, KubeProxyManagement, LinuxDataplane, NatOutgoing,
} from './enums';
export { CALICO_VERSIONS, type CalicoRelease, calicoRelease, DEFAULT_CALICO_VERSION, RELEASES as CALICO_RELEASES } from './releases';
export { type PolicyRule } from '../common/policy-rule';
export { type HostPort } from '../common/host-port';
