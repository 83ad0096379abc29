/**
 * Release catalog: what upstream ships for each supported Calico release. Everything here is a fact
 * read from `manifests/tigera-operator.yaml` and `manifests/custom-resources.yaml` of the tag; a new
 * release is one new entry in RELEASES.
 */
import { LinuxDataplane, AllowedUse } from './enums';
import { PolicyRule, rule } from '../common/policy-rule';

/** API groups of the CRDs a Tigera operator with `-manage-crds` creates (its Calico variant set). */
export const OPERATOR_CRD_GROUPS: readonly string[] = ['operator.tigera.io', 'crd.projectcalico.org', 'policy.networking.k8s.io'];

/** Facts about one Calico release. */
export interface CalicoRelease {
  /** Calico release tag, e.g. `v3.31.7`. */
  readonly version: string;
  /** Tigera operator tag this release ships. */
  readonly operatorVersion: string;
  /** Registry of the operator image (the image is `<registry>tigera/operator:<operatorVersion>`). */
  readonly operatorRegistry: string;
  /** Arguments of the operator container. */
  readonly operatorArgs: readonly string[];
  /**
   * Whether the operator creates its own CRDs when it starts (`-manage-crds=true` in the manifest).
   * When false, the CRDs must be applied before the custom resources, from a file.
   */
  readonly operatorCreatesCrds: boolean;
  /** Whether the `k8s-app: tigera-operator` label is on every operator object, or only on the Deployment. */
  readonly labelsAllOperatorObjects: boolean;
  /** Rules of ClusterRole `tigera-operator`. */
  readonly operatorRules: readonly PolicyRule[];
  /** Rules of ClusterRole `tigera-operator-secrets` (bound in the operator namespace), when the release has it. */
  readonly operatorSecretsRules?: readonly PolicyRule[];
  /** Whether the Goldmane and Whisker custom resources exist (Calico v3.30 and later). */
  readonly hasGoldmaneWhisker: boolean;
  /** `calicoNetwork.linuxDataplane` values the release accepts. */
  readonly linuxDataplanes: readonly LinuxDataplane[];
  /** `ipPools[].allowedUses` values the release accepts. */
  readonly allowedUses: readonly AllowedUse[];
  /** Registry Calico component images default to (documentation and plan output). */
  readonly imageRegistry: string;
}

const V3_31_7_OPERATOR_RULES: readonly PolicyRule[] = [
  rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], ['get', 'list', 'watch', 'create']),
  rule(
    ['apiextensions.k8s.io'],
    ['customresourcedefinitions'],
    ['update'],
    [
      'apiservers.operator.tigera.io',
      'gatewayapis.operator.tigera.io',
      'imagesets.operator.tigera.io',
      'installations.operator.tigera.io',
      'tigerastatuses.operator.tigera.io',
      'bgpconfigurations.crd.projectcalico.org',
      'bgpfilters.crd.projectcalico.org',
      'bgppeers.crd.projectcalico.org',
      'blockaffinities.crd.projectcalico.org',
      'caliconodestatuses.crd.projectcalico.org',
      'clusterinformations.crd.projectcalico.org',
      'felixconfigurations.crd.projectcalico.org',
      'globalnetworkpolicies.crd.projectcalico.org',
      'stagedglobalnetworkpolicies.crd.projectcalico.org',
      'globalnetworksets.crd.projectcalico.org',
      'hostendpoints.crd.projectcalico.org',
      'ipamblocks.crd.projectcalico.org',
      'ipamconfigs.crd.projectcalico.org',
      'ipamhandles.crd.projectcalico.org',
      'ippools.crd.projectcalico.org',
      'ipreservations.crd.projectcalico.org',
      'kubecontrollersconfigurations.crd.projectcalico.org',
      'networkpolicies.crd.projectcalico.org',
      'stagednetworkpolicies.crd.projectcalico.org',
      'stagedkubernetesnetworkpolicies.crd.projectcalico.org',
      'networksets.crd.projectcalico.org',
      'tiers.crd.projectcalico.org',
      'whiskers.operator.tigera.io',
      'goldmanes.operator.tigera.io',
      'managementclusterconnections.operator.tigera.io',
    ],
  ),
  rule(
    ['apiextensions.k8s.io'],
    ['customresourcedefinitions'],
    ['update', 'delete'],
    [
      'adminnetworkpolicies.policy.networking.k8s.io',
      'baselineadminnetworkpolicies.policy.networking.k8s.io',
    ],
  ),
  rule(
    [''],
    [
      'namespaces',
      'pods',
      'podtemplates',
      'services',
      'endpoints',
      'events',
      'configmaps',
      'serviceaccounts',
    ],
    ['create', 'get', 'list', 'update', 'delete', 'watch'],
  ),
  rule([''], ['resourcequotas', 'secrets'], ['list', 'get', 'watch']),
  rule(
    [''],
    ['resourcequotas'],
    ['create', 'get', 'list', 'update', 'delete', 'watch'],
    ['calico-critical-pods', 'tigera-critical-pods'],
  ),
  rule([''], ['nodes'], ['get', 'patch', 'list', 'watch']),
  rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
  rule(
    ['rbac.authorization.k8s.io'],
    ['clusterroles', 'clusterrolebindings', 'rolebindings', 'roles'],
    ['create', 'get', 'list', 'update', 'delete', 'watch', 'bind', 'escalate'],
  ),
  rule(['apps'], ['deployments', 'daemonsets', 'statefulsets'], ['create', 'get', 'list', 'patch', 'update', 'delete', 'watch']),
  rule(['apps'], ['deployments/finalizers'], ['update'], ['tigera-operator']),
  rule(
    ['operator.tigera.io'],
    [
      'apiservers',
      'apiservers/finalizers',
      'apiservers/status',
      'gatewayapis',
      'gatewayapis/finalizers',
      'goldmanes',
      'goldmanes/finalizers',
      'goldmanes/status',
      'imagesets',
      'installations',
      'installations/finalizers',
      'installations/status',
      'managementclusterconnections',
      'managementclusterconnections/finalizers',
      'managementclusterconnections/status',
      'tigerastatuses',
      'tigerastatuses/status',
      'tigerastatuses/finalizers',
      'whiskers',
      'whiskers/finalizers',
      'whiskers/status',
    ],
    ['get', 'list', 'update', 'patch', 'watch'],
  ),
  rule(['operator.tigera.io'], ['tigerastatuses'], ['create', 'delete']),
  rule(['operator.tigera.io'], ['installations', 'apiservers', 'whiskers', 'goldmanes'], ['delete']),
  rule(['networking.k8s.io'], ['networkpolicies'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
  rule(['crd.projectcalico.org'], ['felixconfigurations', 'ippools'], ['create', 'patch', 'list', 'get', 'watch']),
  rule(
    ['crd.projectcalico.org'],
    ['kubecontrollersconfigurations', 'bgpconfigurations', 'clusterinformations'],
    ['get', 'list', 'watch'],
  ),
  rule(['projectcalico.org'], ['ippools'], ['create', 'update', 'delete', 'patch', 'get', 'list', 'watch']),
  rule(['projectcalico.org'], ['ipamconfigurations', 'clusterinformations'], ['get', 'list', 'watch']),
  rule(['scheduling.k8s.io'], ['priorityclasses'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['policy'], ['poddisruptionbudgets'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['apiregistration.k8s.io'], ['apiservices'], ['list', 'watch', 'create', 'update']),
  rule(['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']),
  rule(['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations'], ['create', 'delete', 'get', 'list', 'watch']),
  rule(
    ['admissionregistration.k8s.io'],
    ['mutatingwebhookconfigurations'],
    ['update'],
    ['envoy-gateway-topology-injector.tigera-gateway'],
  ),
  rule(
    ['admissionregistration.k8s.io'],
    ['validatingadmissionpolicies', 'validatingadmissionpolicybindings'],
    ['create', 'update', 'delete', 'get', 'list', 'watch'],
  ),
  rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['storage.k8s.io'], ['csidrivers'], ['list', 'watch', 'update', 'get', 'create', 'delete']),
  rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['list', 'watch']),
  rule(['policy'], ['podsecuritypolicies'], ['use'], ['tigera-operator']),
  rule(['policy'], ['podsecuritypolicies'], ['get', 'list', 'watch', 'create', 'update', 'delete']),
  rule(
    ['projectcalico.org'],
    ['tier.networkpolicies', 'tier.globalnetworkpolicies'],
    ['list', 'watch', 'get', 'create', 'update', 'delete'],
    ['allow-tigera.*'],
  ),
  rule(['projectcalico.org'], ['tiers'], ['get', 'delete', 'update'], ['allow-tigera']),
  rule(['projectcalico.org'], ['tiers'], ['create', 'list', 'watch']),
  rule(
    ['apiextensions.k8s.io'],
    ['customresourcedefinitions'],
    ['update'],
    [
      'backendlbpolicies.gateway.networking.k8s.io',
      'backendtlspolicies.gateway.networking.k8s.io',
      'gatewayclasses.gateway.networking.k8s.io',
      'gateways.gateway.networking.k8s.io',
      'grpcroutes.gateway.networking.k8s.io',
      'httproutes.gateway.networking.k8s.io',
      'referencegrants.gateway.networking.k8s.io',
      'tcproutes.gateway.networking.k8s.io',
      'tlsroutes.gateway.networking.k8s.io',
      'udproutes.gateway.networking.k8s.io',
      'xbackendtrafficpolicies.gateway.networking.x-k8s.io',
      'listenersets.gateway.networking.k8s.io',
      'xmeshes.gateway.networking.x-k8s.io',
      'backends.gateway.envoyproxy.io',
      'backendtrafficpolicies.gateway.envoyproxy.io',
      'clienttrafficpolicies.gateway.envoyproxy.io',
      'envoyextensionpolicies.gateway.envoyproxy.io',
      'envoypatchpolicies.gateway.envoyproxy.io',
      'envoyproxies.gateway.envoyproxy.io',
      'httproutefilters.gateway.envoyproxy.io',
      'securitypolicies.gateway.envoyproxy.io',
    ],
  ),
  rule(['gateway.networking.k8s.io'], ['gatewayclasses'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
  rule(['gateway.envoyproxy.io'], ['envoyproxies'], ['create', 'update', 'delete', 'list', 'get', 'watch']),
  rule(['batch'], ['jobs'], ['create', 'list', 'watch']),
  rule(['batch'], ['jobs'], ['update'], ['tigera-gateway-api-gateway-helm-certgen']),
];

const V3_28_2_OPERATOR_RULES: readonly PolicyRule[] = [
  rule(
    [''],
    [
      'namespaces',
      'pods',
      'podtemplates',
      'services',
      'endpoints',
      'events',
      'configmaps',
      'secrets',
      'serviceaccounts',
    ],
    ['create', 'get', 'list', 'update', 'delete', 'watch'],
  ),
  rule([''], ['resourcequotas'], ['list', 'get', 'watch']),
  rule(
    [''],
    ['resourcequotas'],
    ['create', 'get', 'list', 'update', 'delete', 'watch'],
    ['calico-critical-pods', 'tigera-critical-pods'],
  ),
  rule([''], ['nodes'], ['get', 'patch', 'list', 'watch']),
  rule(
    ['rbac.authorization.k8s.io'],
    ['clusterroles', 'clusterrolebindings', 'rolebindings', 'roles'],
    ['create', 'get', 'list', 'update', 'delete', 'watch', 'bind', 'escalate'],
  ),
  rule(['apps'], ['deployments', 'daemonsets', 'statefulsets'], ['create', 'get', 'list', 'patch', 'update', 'delete', 'watch']),
  rule(['apps'], ['deployments/finalizers'], ['update'], ['tigera-operator']),
  rule(
    ['operator.tigera.io'],
    [
      'apiservers/finalizers',
      'installations',
      'installations/status',
      'installations/finalizers',
      'tigerastatuses',
      'tigerastatuses/status',
      'tigerastatuses/finalizers',
      'apiservers',
      'apiservers/status',
      'imagesets',
    ],
    ['get', 'list', 'update', 'patch', 'watch'],
  ),
  rule(['operator.tigera.io'], ['tigerastatuses'], ['create', 'delete']),
  rule(['operator.tigera.io'], ['installations', 'apiservers'], ['delete']),
  rule(['networking.k8s.io'], ['networkpolicies'], ['create', 'update', 'delete', 'get', 'list', 'watch']),
  rule(['crd.projectcalico.org'], ['felixconfigurations', 'ippools'], ['create', 'patch', 'list', 'get', 'watch']),
  rule(['crd.projectcalico.org'], ['kubecontrollersconfigurations', 'bgpconfigurations'], ['get', 'list', 'watch']),
  rule(['projectcalico.org'], ['ippools'], ['create', 'update', 'delete', 'patch', 'get', 'list', 'watch']),
  rule(['projectcalico.org'], ['ipamconfigurations'], ['get', 'list', 'watch']),
  rule(['scheduling.k8s.io'], ['priorityclasses'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['policy'], ['poddisruptionbudgets'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['apiregistration.k8s.io'], ['apiservices'], ['list', 'watch', 'create', 'update']),
  rule(['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update', 'delete', 'watch']),
  rule(['storage.k8s.io'], ['csidrivers'], ['list', 'watch', 'update', 'get', 'create', 'delete']),
  rule(['certificates.k8s.io'], ['certificatesigningrequests'], ['list', 'watch']),
  rule(['policy'], ['podsecuritypolicies'], ['use'], ['tigera-operator']),
  rule(['policy'], ['podsecuritypolicies'], ['get', 'list', 'watch', 'create', 'update', 'delete']),
];

/** Calico releases calico-stack renders, newest first. */
export const RELEASES: readonly CalicoRelease[] = [
  {
    version: 'v3.31.7',
    operatorVersion: 'v1.40.15',
    operatorRegistry: 'quay.io/',
    operatorArgs: ['-manage-crds=true'],
    operatorCreatesCrds: true,
    labelsAllOperatorObjects: true,
    operatorRules: V3_31_7_OPERATOR_RULES,
    operatorSecretsRules: [rule([''], ['secrets'], ['create', 'update', 'delete'])],
    hasGoldmaneWhisker: true,
    linuxDataplanes: [LinuxDataplane.IPTABLES, LinuxDataplane.BPF, LinuxDataplane.VPP, LinuxDataplane.NFTABLES],
    allowedUses: [AllowedUse.WORKLOAD, AllowedUse.TUNNEL, AllowedUse.LOAD_BALANCER],
    imageRegistry: 'quay.io/',
  },
  {
    version: 'v3.28.2',
    operatorVersion: 'v1.34.5',
    operatorRegistry: 'quay.io/',
    operatorArgs: [],
    operatorCreatesCrds: false,
    labelsAllOperatorObjects: false,
    operatorRules: V3_28_2_OPERATOR_RULES,
    hasGoldmaneWhisker: false,
    linuxDataplanes: [LinuxDataplane.IPTABLES, LinuxDataplane.BPF, LinuxDataplane.VPP],
    allowedUses: [AllowedUse.WORKLOAD, AllowedUse.TUNNEL],
    imageRegistry: 'docker.io/',
  },
];

/** The release a cluster file gets when it names none. */
export const DEFAULT_CALICO_VERSION = 'v3.31.7';

/** Release versions, for messages and the config schema. */
export const CALICO_VERSIONS: readonly string[] = RELEASES.map((r) => r.version);

/** The release of a tag, or undefined when calico-stack does not know it. */
export function findCalicoRelease(version: string): CalicoRelease | undefined {
  return RELEASES.find((r) => r.version === version);
}

/** Looks a release up by tag; throws, listing the known tags, when there is none. */
export function calicoRelease(version: string): CalicoRelease {
  const release = RELEASES.find((r) => r.version === version);
  if (!release) {
    throw new Error(`unknown Calico release "${version}" (known: ${CALICO_VERSIONS.join(', ')})`);
  }
  return release;
}

/** Where upstream publishes the CRD bundle of a release. */
export function operatorCrdsUrl(version: string, baseUrl = 'https://raw.githubusercontent.com/projectcalico/calico'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${version}/manifests/operator-crds.yaml`;
}
