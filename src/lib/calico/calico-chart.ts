/**
 * The chart of the Calico custom resources the operator reconciles: Installation, APIServer,
 * Goldmane, Whisker. Its props are the `calico` section of a cluster file (CalicoStack passes it
 * through; the BGP keys go to CalicoApiChart); it resolves the release and the release-dependent
 * defaults, and checks what the release has. WireGuard's FelixConfiguration is a `projectcalico.org/v3`
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
import { addChecks, mapPropPaths, PathOf } from '../common/checks';
import { error, Finding, show, warning } from '../common/findings';
import { propsShape } from '../common/props-check';
import { ApiServer, Goldmane, Whisker, WhiskerSpec } from '../../../imports/operator.tigera.io';

/** Props of {@link CalicoChart}: the `calico` section of a cluster file (its `crds` aside). */
export interface CalicoChartProps extends Omit<CalicoInstallationProps, 'nodeMetricsPort' | 'typhaMetricsPort' | 'bpfNetworkBootstrap' | 'kubeProxyManagement'>, ChartProps {
  /**
   * The Calico release (`v3.31.7`); it decides which custom resources and values exist.
   * @default DEFAULT_CALICO_VERSION
   */
  readonly version?: string;
  /** Render `APIServer/default`. @default true */
  readonly apiServer?: boolean;
  /** Render `Goldmane/default` (v3.30+). @default - true where the release has it */
  readonly goldmane?: boolean;
  /** Render `Whisker/default` (v3.30+; needs Goldmane). @default - the same as goldmane */
  readonly whisker?: boolean;
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
  public readonly wireguard: boolean;
  public readonly metrics: boolean;
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
    const { version, apiServer, goldmane, whisker, wireguard, metrics, apiServerEndpoint, ...rest } = props;
    const { namespace, labels, disableResourceNameHashes, ...installationProps } = rest;
    super(scope, id, { namespace, labels, disableResourceNameHashes });
    shape.report(this);
    const known = findCalicoRelease(version ?? DEFAULT_CALICO_VERSION);
    this.release = known ?? findCalicoRelease(DEFAULT_CALICO_VERSION)!;
    this.apiServer = apiServer ?? true;
    this.goldmane = goldmane ?? this.release.hasGoldmaneWhisker;
    this.whisker = whisker ?? (this.goldmane && this.release.hasGoldmaneWhisker);
    this.wireguard = wireguard ?? false;
    this.metrics = metrics ?? false;
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
    if (this.apiServer) new ApiServer(this, 'APIServer', { metadata, spec: {} });
    if (this.goldmane && this.release.hasGoldmaneWhisker) new Goldmane(this, 'Goldmane', { metadata });
    if (this.whisker && this.release.hasGoldmaneWhisker) {
      // The operator's defaults rendered (notifications), so it has nothing to write back.
      const { spec } = withOperatorDefaults({ apiVersion: Whisker.GVK.apiVersion, kind: Whisker.GVK.kind, metadata, spec: {} as WhiskerSpec }, this.release);
      new Whisker(this, 'Whisker', { metadata, ...(Object.keys(spec).length > 0 ? { spec } : {}) });
    }
    addChecks(this, (at) => releaseFindings(this, props, known !== undefined, at));
    addChecks(this, (at) => apiServerFindings(this, at));
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
      got: true, fix: `set ${at('goldmane')}: true, or ${at('whisker')}: false`,
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
    apiServer: chart.apiServer,
    goldmane: chart.goldmane,
    whisker: chart.whisker,
    wireguard: chart.wireguard,
    metrics: chart.metrics,
    installation: props.installation,
    bpfNetworkBootstrap: inst.bpfNetworkBootstrap,
    kubeProxyManagement: inst.kubeProxyManagement,
  });
  findings.push(...releaseFieldFindings(r, uses, RELEASES, at('version'), at));
  return findings;
}
