/**
 * The chart of the Calico custom resources the operator reconciles: Installation, APIServer,
 * Goldmane, Whisker. Its props are the `calico` section of a cluster file (CalicoStack passes it
 * through; the BGP keys go to CalicoApiChart); it resolves the release and the release-dependent
 * defaults, and checks what the release has. APIServer, Goldmane and Whisker take their specs as
 * objects (resource-specs.ts). WireGuard's FelixConfiguration is a `projectcalico.org/v3`
 * resource, rendered by CalicoApiChart from `wireguard` as resolved here.
 */
import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BpfNetworkBootstrap, KubeProxyManagement, LinuxDataplane } from './enums';
import { CalicoInstallation, DEFAULT_INSTANCE } from './installation';
import { CalicoInstallationProps } from './installation-props';
import { FELIX_METRICS, TYPHA_METRICS } from './metrics';
import { withOperatorDefaults } from './operator-written-fields';
import { calicoFieldUses, releaseFieldFindings } from './release-fields';
import { CalicoRelease, CALICO_VERSIONS, DEFAULT_CALICO_VERSION, findCalicoRelease, RELEASES } from './releases';
import {
  ApiServerResource, GoldmaneResource, resolveSetting, ResourceSpec, ResourceSpecProp, resourceSpecFindings, SpecFieldsResource, WhiskerResource,
} from './resource-specs';
import { TyphaCertificates } from './typha-certificates';
import { addChecks, mapPropPaths, PathOf } from '../common/checks';
import { error, Finding, show, warning } from '../common/findings';
import { memosOf } from '../common/memo';
import { propsShape } from '../common/props-check';
import type { WhiskerSpec } from '../../../imports/operator.tigera.io';

/** Props of {@link CalicoChart}: the `calico` section of a cluster file (its `crds` aside). */
export interface CalicoChartProps extends Omit<CalicoInstallationProps, 'nodeMetricsPort' | 'typhaMetricsPort' | 'bpfNetworkBootstrap' | 'kubeProxyManagement'>, ChartProps {
  /**
   * The Calico release (`v3.31.7`); it decides which custom resources and values exist.
   * @default DEFAULT_CALICO_VERSION
   */
  readonly version?: string;
  /**
   * Render `APIServer/default`: `true`, `false`, or an object, the resource's `spec` (fields as the
   * operator's API names them, e.g. `apiServerDeployment`), which renders it with those fields and is
   * checked against the release's CRD and the operator's validation of its overrides.
   * @default true
   */
  readonly apiServer?: boolean | ResourceSpec;
  /**
   * Render `Goldmane/default` (v3.30+): `true`, `false`, or an object, its `spec` (e.g.
   * `goldmaneDeployment`), checked against the release's CRD.
   * @default - true where the release has it
   */
  readonly goldmane?: boolean | ResourceSpec;
  /**
   * Render `Whisker/default` (v3.30+; needs Goldmane): `true`, `false`, or an object, its `spec` (e.g.
   * `whiskerDeployment`, `notifications`), checked against the release's CRD.
   * @default - the same as goldmane
   */
  readonly whisker?: boolean | ResourceSpec;
  /**
   * Who provides the certificates Felix and Typha authenticate each other with: `operator` (it creates
   * them, signed by its own CA) or `byo`, brought: Secrets `node-certs` and `typha-certs` and ConfigMap
   * `typha-ca` in namespace tigera-operator, created before the Installation is applied (`npm run plan`
   * lists the commands). Nothing of them is rendered.
   * @default TyphaCertificates.OPERATOR
   */
  readonly typhaCertificates?: TyphaCertificates;
  /**
   * Encrypt pod traffic with WireGuard: `FelixConfiguration/default` (CalicoApiChart) with
   * WireGuard on for the address families of the pools (IPv4 when there are none).
   * @default false
   */
  readonly wireguard?: boolean;
  /**
   * Felix and Typha serve Prometheus metrics (`nodeMetricsPort: 9091`, `typhaMetricsPort: 9093`).
   * @default false
   */
  readonly metrics?: boolean;
  /**
   * The API server's address (`host:port`) the operator reads from ConfigMap `kubernetes-services-endpoint`
   * (TigeraOperator's prop of the same name renders it). With the BPF dataplane, releases that have
   * `bpfNetworkBootstrap` (v3.31 and later) get `bpfNetworkBootstrap: Enabled` without it and not with it
   * (the operator refuses both at once); older releases need it (CalicoStack checks that).
   * @default - none
   */
  readonly apiServerEndpoint?: string;
}

/** The Calico custom resources the operator reconciles. */
export class CalicoChart extends Chart {
  public readonly installation: CalicoInstallation;
  /** The release rendered (the default release when `version` names none calico-stack knows; a finding says so). */
  public readonly release: CalicoRelease;
  public readonly apiServer: boolean;
  public readonly goldmane: boolean;
  public readonly whisker: boolean;
  /** The spec fields given for APIServer/default, Goldmane/default and Whisker/default (objects of `apiServer`, `goldmane`, `whisker`). */
  public readonly resourceSpecs: Readonly<Partial<Record<ResourceSpecProp, ResourceSpec>>>;
  public readonly wireguard: boolean;
  public readonly metrics: boolean;
  /** Who provides the Typha and Felix certificates. */
  public readonly typhaCertificates: TyphaCertificates;
  /** The API server's address given to the operator, if any. */
  public readonly apiServerEndpoint?: string;
  /**
   * Whether the Installation asks the operator to find the API server itself (BPF on a release that has
   * `bpfNetworkBootstrap`, with no apiServerEndpoint).
   */
  public readonly bpfNetworkBootstrap: boolean;
  /** Whether the Installation lets the operator disable kube-proxy (BPF on a release that has `kubeProxyManagement`). */
  public readonly kubeProxyManagement: boolean;

  constructor(scope: Construct, id: string, props: CalicoChartProps = {}) {
    const shape = propsShape('CalicoChartProps', props);
    props = shape.props;
    const { version, apiServer, goldmane, whisker, wireguard, metrics, apiServerEndpoint, typhaCertificates, ...rest } = props;
    const { namespace, labels, disableResourceNameHashes, ...installationProps } = rest;
    super(scope, id, { namespace, labels, disableResourceNameHashes });
    shape.report(this);
    const known = findCalicoRelease(version ?? DEFAULT_CALICO_VERSION);
    this.release = known ?? findCalicoRelease(DEFAULT_CALICO_VERSION)!;
    const settings = {
      apiServer: resolveSetting(apiServer, true),
      goldmane: resolveSetting(goldmane, this.release.hasGoldmaneWhisker),
    };
    const whiskerSetting = resolveSetting(whisker, settings.goldmane.enabled && this.release.hasGoldmaneWhisker);
    this.apiServer = settings.apiServer.enabled;
    this.goldmane = settings.goldmane.enabled;
    this.whisker = whiskerSetting.enabled;
    const specs: Partial<Record<ResourceSpecProp, ResourceSpec>> = {};
    for (const [prop, setting] of [...Object.entries(settings), ['whisker', whiskerSetting] as const]) {
      if (setting.spec !== undefined) specs[prop as ResourceSpecProp] = setting.spec;
    }
    this.resourceSpecs = specs;
    this.wireguard = wireguard ?? false;
    this.metrics = metrics ?? false;
    this.typhaCertificates = typhaCertificates ?? TyphaCertificates.OPERATOR;
    this.apiServerEndpoint = apiServerEndpoint;
    // What upstream's custom-resources-bpf.yaml sets (projectcalico/calico v3.31.7 and v3.32.1), unless
    // the API server's address is given: the operator refuses the bootstrap next to ConfigMap
    // kubernetes-services-endpoint (tigera/operator v1.42.3 pkg/controller/utils/bpf.go:48-52).
    const bpf = installationProps.linuxDataplane === LinuxDataplane.BPF;
    this.bpfNetworkBootstrap = bpf && this.release.hasBpfNetworkBootstrap && apiServerEndpoint === undefined;
    this.kubeProxyManagement = bpf && this.release.hasKubeProxyManagement;

    const metadata = { name: DEFAULT_INSTANCE };
    this.installation = new CalicoInstallation(this, 'Installation', {
      ...installationProps,
      version: this.release.version,
      ...(this.metrics ? { nodeMetricsPort: FELIX_METRICS.metricsPort, typhaMetricsPort: TYPHA_METRICS.metricsPort } : {}),
      ...(this.bpfNetworkBootstrap ? { bpfNetworkBootstrap: BpfNetworkBootstrap.ENABLED } : {}),
      ...(this.kubeProxyManagement ? { kubeProxyManagement: KubeProxyManagement.ENABLED } : {}),
    });
    // The Installation's props are this chart's, but for those the chart sets from others.
    mapPropPaths(this.installation, {
      props: { nodeMetricsPort: ['metrics'], typhaMetricsPort: ['metrics'], bpfNetworkBootstrap: ['linuxDataplane'], kubeProxyManagement: ['linuxDataplane'] },
    });
    const resources: Partial<Record<ResourceSpecProp, SpecFieldsResource>> = {};
    if (this.apiServer) resources.apiServer = new ApiServerResource(this, 'APIServer', { metadata, spec: {} }, specs.apiServer);
    if (this.goldmane && this.release.hasGoldmaneWhisker) resources.goldmane = new GoldmaneResource(this, 'Goldmane', { metadata }, specs.goldmane);
    if (this.whisker && this.release.hasGoldmaneWhisker) {
      // The operator's defaults rendered (notifications, unless the spec sets it), so it has nothing to write back.
      const release = this.release;
      const finish = (json: any) => {
        const { spec } = withOperatorDefaults({ ...json, spec: (json.spec ?? {}) as WhiskerSpec }, release);
        const { spec: _, ...rest } = json;
        return Object.keys(spec).length > 0 ? { ...rest, spec } : rest;
      };
      resources.whisker = new WhiskerResource(this, 'Whisker', { metadata }, specs.whisker, finish);
    }
    addChecks(this, (at) => releaseFindings(this, props, known !== undefined, at));
    addChecks(this, (at) => apiServerFindings(this, at));
    // The spec fields of the rendered resources (a kind the release lacks is releaseFindings' to report).
    addChecks(this, (at) => Object.entries(resources).flatMap(([prop, resource]) => {
      const fields = specs[prop as ResourceSpecProp];
      return fields ? resourceSpecFindings(prop as ResourceSpecProp, fields, resource, this.release, at, memosOf(this)) : [];
    }));
  }

  /** The CRDs the rendered custom resources need, by CRD name. */
  public requiredCrds(): string[] {
    return [
      'installations.operator.tigera.io',
      ...(this.apiServer ? ['apiservers.operator.tigera.io'] : []),
      ...(this.goldmane ? ['goldmanes.operator.tigera.io'] : []),
      ...(this.whisker ? ['whiskers.operator.tigera.io'] : []),
    ];
  }
}

/**
 * Without the Calico API server the operator creates the Installation's pools once (through the
 * crd.projectcalico.org API, while the cluster has no pool), but changes or adds none afterwards: it
 * reports "Unable to modify IP pools while Calico API server is unavailable" (tigera/operator v1.42.3
 * pkg/controller/ippool/pool_controller.go:233, 310-332; v1.34.5, v1.38.13 :227, 325; v1.40.15 :226,
 * 324). v1.42.3 lifts this when the cluster serves projectcalico.org/v3 as CRDs, which an operator of
 * a fresh install does not choose (pkg/apis/version.go:42-75).
 */
function apiServerFindings(chart: CalicoChart, at: PathOf): Finding[] {
  const pools = chart.installation.ipPools;
  if (chart.apiServer || pools.length === 0) return [];
  return [warning(at('apiServer'), `without the Calico API server the operator creates the pools (${pools.map((p) => p.name).join(', ')}) once, but cannot change them or add one afterwards: it reports "Unable to modify IP pools while Calico API server is unavailable"`, {
    got: false, fix: `keep ${at('apiServer')}: true (the default) if the pools may ever change`,
  })];
}

/** What the chosen release has: the release itself, and every kind, field and value the chart renders. */
function releaseFindings(chart: CalicoChart, props: CalicoChartProps, known: boolean, at: PathOf): Finding[] {
  const r = chart.release;
  if (!known) {
    return [error(at('version'), `${show(props.version)} is not one of ${CALICO_VERSIONS.join(', ')}`)];
  }
  const findings: Finding[] = [];
  if (r.hasGoldmaneWhisker && chart.whisker && !chart.goldmane) {
    findings.push(error(at('whisker'), 'Whisker needs Goldmane (the operator reports "Goldmane CR not present; Goldmane is pre requisite for Whisker")', {
      got: props.whisker ?? true, fix: `set ${at('goldmane')}: true, or ${at('whisker')}: false`,
    }));
  }
  // Kinds, fields and values the release lacks, each naming the release that introduced it.
  const inst = chart.installation;
  const uses = calicoFieldUses({
    ...props,
    ipPools: inst.ipPoolsFromPodCidrs ? undefined : inst.ipPools,
    bgp: inst.bgp,
    registry: inst.registry,
    imagePath: inst.imagePath,
    imagePullSecrets: inst.imagePullSecrets,
    apiServer: chart.resourceSpecs.apiServer ?? chart.apiServer,
    goldmane: chart.resourceSpecs.goldmane ?? chart.goldmane,
    whisker: chart.resourceSpecs.whisker ?? chart.whisker,
    wireguard: chart.wireguard,
    metrics: chart.metrics,
    installation: props.installation,
    bpfNetworkBootstrap: inst.bpfNetworkBootstrap,
    kubeProxyManagement: inst.kubeProxyManagement,
  });
  findings.push(...releaseFieldFindings(r, uses, RELEASES, at('version'), at));
  return findings;
}
