/**
 * CalicoStack: one cluster, from a ClusterSpec (a cluster file's shape) to its charts, in apply order.
 * The CLI builds one per cluster file; a cdk8s app builds as many as it likes, next to its own charts.
 * The charts go into the stack's scope, next to it, named `<id>-tigera-operator`, `<id>-calico`,
 * ..., so `app.synth()` writes `0000-<id>-tigera-operator.k8s.yaml` and so on, in apply order.
 *
 * Each section goes to the construct that renders it (`calico` to CalicoChart, `retina` to
 * RetinaChart, ...), which applies its defaults and checks its own props; the stack adds what spans
 * sections (stack-rules.ts). The stack says where each chart's props come from in the spec
 * (mapPropPaths: the `calico` section is CalicoChart's props, its apiServerEndpoint is
 * `platform.apiServerEndpoint`, ...), so every finding names its path in the spec: errors fail
 * `app.synth()`, warnings are reported (common/checks.ts), and `findings` lists them all.
 *
 * First of all the spec's shape is checked (spec-schema.ts): TypeScript's types stop a key of the
 * wrong type or a missing one, but a spec built from untyped data (parsed JSON, a cast) may hold
 * anything. A spec without the shape gets only those findings, as a cluster file without it does.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cloud, ClusterSpec } from './cluster-spec';
import { specShapeFindings } from './spec-schema';
import { KUBEADM_DEFAULT_SERVICE_SUBNET, ResolvedPlatform, stackFindings } from './stack-rules';
import { CalicoChart } from '../calico/calico-chart';
import { CALICO_API_GROUP, CalicoApiChart } from '../calico/calico-api-chart';
import { CalicoCrdsChart } from '../calico/calico-crds-chart';
import { CRDS_BY_OPERATOR, CrdBundle } from '../calico/crd-bundle';
import { OPERATOR_DEPLOYMENT_KEYS } from '../calico/operator-deployment';
import { OPERATOR_CRD_GROUPS } from '../calico/releases';
import { TigeraOperatorChart } from '../calico/tigera-operator-chart';
import { addChecks, findingsOf, mapPropPaths, pathsBelow } from '../common/checks';
import { splitCidrList } from '../common/cidr';
import { error, Finding } from '../common/findings';
import { addArgoCdSyncAnnotations } from '../gitops/argocd';
import { apiGroupOf, ExternalRequirement } from '../gitops/external-requirements';
import { gitOpsFindings, GitOpsSettings, gitOpsSettings } from '../gitops/gitops-settings';
import { orderStages, Stage, StagedChart } from '../gitops/stages';
import { MonitoringChart } from '../monitoring/monitoring-chart';
import { RetinaChart } from '../retina/retina-chart';

/**
 * One cluster: the Tigera operator, the Calico custom resources (and their CRDs, when the release's
 * operator cannot create them), Retina and monitoring, as charts in apply order, from a ClusterSpec.
 * Checks the spec as the CLI does: errors fail `app.synth()`, `findings` lists every finding.
 *
 * A spec whose shape is wrong (a value of the wrong type, a missing or an unknown key: what the
 * types stop, but data from JSON or a cast can hold) has only the findings of its shape, which fail
 * `app.synth()` as every error does. The charts are then those of a placeholder cluster, named
 * `invalid-spec`, and say nothing about the spec.
 *
 * @example
 * const app = new App();
 * const stack = new CalicoStack(app, 'prod', { name: 'prod', platform: { cloud: 'aws', podSubnet: '10.244.0.0/16' } });
 * new MyChart(app, 'my-app').addDependency(...stack.charts);
 * app.synth();
 */
export class CalicoStack extends Construct {
  /** The spec as given. */
  public readonly spec: ClusterSpec;
  /** The cluster's name (its output folder, and part of the GitOps objects' names). */
  public readonly clusterName: string;
  public readonly platform: ResolvedPlatform;
  /** Where the CRDs come from; undefined when the release needs a bundle and none was given (an error). */
  public readonly crdSource?: typeof CRDS_BY_OPERATOR | CrdBundle;
  /** The CRD bundle's chart, when the CRDs come from a bundle. */
  public readonly crds?: CalicoCrdsChart;
  public readonly operator: TigeraOperatorChart;
  public readonly calico: CalicoChart;
  /** Calico's own configuration (WireGuard, BGP); absent when the spec asks for none. */
  public readonly calicoApi?: CalicoApiChart;
  /** Absent when `retina.enabled` is false. */
  public readonly retina?: RetinaChart;
  /** Absent when `monitoring.enabled` is false. */
  public readonly monitoring?: MonitoringChart;
  /** The Argo CD and Flux settings, defaults applied. */
  public readonly gitops: GitOpsSettings;
  /** Every chart with its stage, in apply order (the order of the numbered files). */
  public readonly stages: readonly StagedChart[];
  /** CRDs the stages need that the cluster's folder does not install (kube-prometheus-stack's, with monitoring.mode prometheus-operator). */
  public readonly externalRequirements: readonly ExternalRequirement[];

  /** The findings of the spec's shape; the stack has no other findings when there are any. */
  private readonly shapeFindings: readonly Finding[];

  constructor(scope: Construct, id: string, givenSpec: ClusterSpec) {
    super(scope, id);
    this.spec = givenSpec;
    this.shapeFindings = specShapeFindings(givenSpec);
    const spec = this.shapeFindings.length === 0 ? givenSpec : PLACEHOLDER_SPEC;
    this.clusterName = spec.name;
    this.platform = resolvePlatform(spec);
    const podCidrs = this.platform.podSubnet !== undefined ? splitCidrList(this.platform.podSubnet) : [];

    const chartScope = scope;
    const chartId = (name: string) => `${id}-${name}`;
    const {
      crds: crdSpec, asNumber, nodeToNodeMesh, serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, listenPort, logSeverityScreen, bgpPeers, routeReflectors, felix,
      ...calico
    } = spec.calico ?? {};
    const bgp = { asNumber, nodeToNodeMesh, serviceClusterIPs, serviceExternalIPs, serviceLoadBalancerIPs, listenPort, logSeverityScreen, bgpPeers, routeReflectors, felix };
    this.calico = new CalicoChart(chartScope, chartId('calico'), { ...calico, podCidrs, apiServerEndpoint: this.platform.apiServerEndpoint });
    mapPropPaths(this.calico, { prefix: ['calico'], props: { podCidrs: ['platform', 'podSubnet'], apiServerEndpoint: ['platform', 'apiServerEndpoint'] } });
    this.calicoApi = CalicoApiChart.isNeeded(bgp, this.calico)
      ? new CalicoApiChart(chartScope, chartId('calico-api'), { ...bgp, calico: this.calico })
      : undefined;
    if (this.calicoApi) mapPropPaths(this.calicoApi, { prefix: ['calico'] });
    const release = this.calico.release;
    this.crdSource = crdSpec ?? (release.operatorCreatesCrds ? CRDS_BY_OPERATOR : undefined);
    if (this.crdSource !== undefined && this.crdSource !== CRDS_BY_OPERATOR && this.crdSource.crds.length > 0) {
      this.crds = new CalicoCrdsChart(chartScope, chartId('calico-crds'), { crds: this.crdSource.crds });
      mapPropPaths(this.crds, { props: { crds: ['calico', 'crds'] } });
    }
    this.operator = new TigeraOperatorChart(chartScope, chartId('tigera-operator'), {
      release,
      registry: calico.registry,
      imagePath: calico.imagePath,
      imagePullSecrets: this.calico.installation.imagePullSecrets,
      apiServerEndpoint: this.platform.apiServerEndpoint,
      ...spec.operator,
    });
    mapPropPaths(this.operator, {
      prefix: ['calico'],
      props: {
        release: ['calico', 'version'], apiServerEndpoint: ['platform', 'apiServerEndpoint'],
        ...Object.fromEntries(OPERATOR_DEPLOYMENT_KEYS.map((key) => [key, ['operator', key]])),
      },
    });

    const { enabled: retinaEnabled, ...retina } = spec.retina ?? {};
    this.retina = retinaEnabled ?? true ? new RetinaChart(chartScope, chartId('retina'), retina) : undefined;
    if (this.retina) mapPropPaths(this.retina, { prefix: ['retina'] });

    const { enabled: monitoringEnabled, ...monitoring } = spec.monitoring ?? {};
    this.monitoring = monitoringEnabled ?? true
      ? new MonitoringChart(chartScope, chartId('monitoring'), {
        ...monitoring,
        clusterName: spec.name,
        retina: this.retina?.agent,
        calicoMetrics: this.calico.metrics,
        podCidrs,
      })
      : undefined;
    if (this.monitoring) {
      mapPropPaths(this.monitoring, {
        prefix: ['monitoring'],
        props: { clusterName: ['name'], retina: ['retina'], calicoMetrics: ['calico', 'metrics'], podCidrs: ['platform', 'podSubnet'] },
      });
    }

    this.gitops = gitOpsSettings(spec.gitops, spec.name);

    // Each chart's stage, declared once; the list fixes the file order, the sync waves and the Flux stages.
    this.stages = orderStages([
      ...(this.crds ? [{ stage: Stage.CRDS, chart: this.crds }] : []),
      { stage: Stage.OPERATOR, chart: this.operator },
      { stage: Stage.CALICO, chart: this.calico },
      ...(this.calicoApi ? [{ stage: Stage.CALICO_API, chart: this.calicoApi }] : []),
      ...(this.retina ? [{ stage: Stage.RETINA, chart: this.retina }] : []),
      ...(this.monitoring ? [{ stage: Stage.MONITORING, chart: this.monitoring }] : []),
    ]);
    this.externalRequirements = (this.monitoring?.externalCrds ?? []).map((crds) => ({
      stage: Stage.MONITORING, ...crds, fluxDependsOn: this.monitoring?.prometheusOperator?.fluxDependsOn ?? [],
    }));
    if (this.gitops.argocd.enabled) {
      // projectcalico.org/v3 is served only once the Calico API server runs: no dry run before.
      addArgoCdSyncAnnotations(this.stages, {
        groupsWithCrdsFromOperator: [...(this.crdSource === CRDS_BY_OPERATOR ? OPERATOR_CRD_GROUPS : []), CALICO_API_GROUP],
        groupsWithExternalCrds: this.externalRequirements.map((r) => apiGroupOf(r.apiVersion)),
      });
    }

    if (this.shapeFindings.length > 0) {
      addChecks(this, () => this.shapeFindings);
      return;
    }
    addChecks(this, () => [
      ...stackFindings({
        name: spec.name,
        platform: this.platform,
        calico: this.calico,
        calicoApi: this.calicoApi,
        crds: this.crdSource,
        retina: this.retina,
        monitoring: this.monitoring,
        gitops: this.gitops,
      }),
      ...gitOpsFindings(spec.gitops, pathsBelow('gitops')),
      ...this.sameNameFindings(),
    ]);
  }

  /** The charts in apply order (the order of the numbered files). */
  public get charts(): Chart[] {
    return this.stages.map((s) => s.chart);
  }

  /** Every finding of the stack and its charts (what `app.synth()` reports, warnings included). */
  public get findings(): Finding[] {
    if (this.shapeFindings.length > 0) return [...this.shapeFindings];
    return [this, ...this.charts].flatMap((c) => findingsOf(c));
  }

  /** Another CalicoStack in the same app with this cluster name would write the same output folder. */
  private sameNameFindings(): Finding[] {
    const others = this.node.root.node.findAll().filter((c): c is CalicoStack => c instanceof CalicoStack && c !== this && c.shapeFindings.length === 0 && c.clusterName === this.clusterName);
    return others.map((other) => error('name', `is also the name of CalicoStack ${other.node.path}`, {
      got: this.clusterName, fix: 'every cluster needs its own name (it is its output folder)',
    }));
  }
}

/**
 * What a stack renders in place of a spec whose shape is wrong: a cluster without findings of its
 * own (its charts' checks run at synth like any others'), so the stack's findings are its shape's.
 */
const PLACEHOLDER_SPEC: ClusterSpec = {
  name: 'invalid-spec',
  platform: { cloud: Cloud.BAREMETAL, podSubnet: '10.244.0.0/16' },
  retina: { enabled: false },
  monitoring: { enabled: false },
};

/** The platform with its defaults: serviceSubnet from kubeadm-config or kubeadm's own default; podSubnet and kubernetesVersion from kubeadm-config. */
function resolvePlatform(spec: ClusterSpec): ResolvedPlatform {
  const p = spec.platform;
  const kubeadm = p.kubeadmConfig;
  const kubernetesVersion = p.kubernetesVersion ?? kubeadm?.kubernetesVersion;
  return {
    cloud: p.cloud as Cloud,
    podSubnet: p.podSubnet ?? kubeadm?.podSubnet,
    serviceSubnet: p.serviceSubnet ?? kubeadm?.serviceSubnet ?? KUBEADM_DEFAULT_SERVICE_SUBNET,
    nodeSubnets: p.nodeSubnets ?? [],
    ...(p.nodes !== undefined ? { nodes: p.nodes } : {}),
    ...(p.apiServerEndpoint !== undefined ? { apiServerEndpoint: p.apiServerEndpoint } : {}),
    ...(kubernetesVersion !== undefined ? { kubernetesVersion } : {}),
    ...(kubeadm ? { kubeadm } : {}),
    written: { podSubnet: p.podSubnet, serviceSubnet: p.serviceSubnet, kubernetesVersion: p.kubernetesVersion },
  };
}
