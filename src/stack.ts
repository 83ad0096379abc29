/**
 * CalicoStack: one cluster as constructs. `new CalicoStack(scope, id, spec)` takes a ClusterSpec
 * (the cluster file's keys), parses, resolves and validates it exactly as the CLI does a cluster
 * file (config/parse, resolve, validate), and builds the charts the CLI renders for that file.
 * Findings reach `app.synth()` through the construct tree: errors fail it, listing every finding.
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildApp, CHART_IDS, ClusterCharts } from './app';
import { CalicoChart, CalicoCrdsChart, TigeraOperatorChart } from './calico/charts';
import { Crd } from './calico/crd-bundle';
import { RenderedObject } from './calico/operator-defaults';
import { ClusterSpec } from './cluster-spec';
import { ClusterConfig, CrdFile, KubeadmNetworking } from './config/cluster-config';
import { formatDuration, formatPrometheusDuration } from './config/duration';
import { error, formatFinding, hasErrors, Severity } from './config/findings';
import { parseClusterFile } from './config/parse';
import { resolveClusterConfig } from './config/resolve';
import { ClusterFile, CRDS_BY_OPERATOR } from './config/schema';
import { validateCluster } from './config/validate';
import { Finding } from './finding';
import { StagedChart } from './gitops/stages';
import { MonitoringChart } from './monitoring/monitoring-chart';
import { manifestFiles } from './output/layout';
import { outputFiles } from './output/outputs';
import { toYamlDocuments } from './output/yaml';
import { RetinaChart } from './retina/retina-chart';

/** podSubnet and serviceSubnet of a kubeadm configuration (its ClusterConfiguration's `networking`). */
export interface KubeadmConfigNetworking {
  /** `networking.podSubnet`. @default - none */
  readonly podSubnet?: string;
  /** `networking.serviceSubnet`. @default - none */
  readonly serviceSubnet?: string;
}

/**
 * What the files a spec names hold, already read: CalicoStack reads no files. Each key is the
 * content of the spec key of the same name; give one exactly when the spec names that file.
 * loadClusterFile() fills it from the files next to the cluster file.
 */
export interface ClusterSpecFiles {
  /**
   * The networking of the kubeadm configuration `platform.kubeadmConfig` names.
   * @default - none (required when platform.kubeadmConfig is set)
   */
  readonly kubeadmConfig?: KubeadmConfigNetworking;
  /**
   * The CRDs of the bundle `calico.crds` names, in file order (see parseCrdBundle()).
   * @default - none (required when calico.crds is a path)
   */
  readonly crds?: readonly Crd[];
}

/** A ClusterSpec, plus what the files it names hold. */
export interface CalicoStackProps extends ClusterSpec {
  /**
   * The content of the files the spec names (`platform.kubeadmConfig`, `calico.crds` as a path).
   * @default - none: the spec names no files
   */
  readonly files?: ClusterSpecFiles;
}

/** Metadata type of the warnings a CalicoStack records on its node (they do not fail synth). */
export const WARNING_METADATA = 'calico-stack:warning';

/** What renderStack() needs besides the public fields; kept out of the public types. */
const BUILT = new WeakMap<CalicoStack, { config: ClusterConfig; charts: ClusterCharts }>();

/**
 * The charts of one cluster, from a ClusterSpec, with the CLI's defaults and checks: the same
 * objects `calico-stack synth` renders for the same cluster file.
 *
 * The charts are created next to the stack, in `scope`, with ids `<id>-tigera-operator`,
 * `<id>-calico`, ... (so several stacks fit in one App), and depend on each other in apply order.
 *
 * Every finding of the spec is reported when the app is synthesized: with any error, synth fails
 * listing every finding as the CLI prints it (`✗ path: problem (got X; allowed Y) — how to fix`)
 * and the stack has no charts; warnings alone do not fail (they are in {@link findings} and in the
 * node's metadata, type {@link WARNING_METADATA}).
 */
export class CalicoStack extends Construct {
  /** The spec as given. */
  public readonly spec: CalicoStackProps;
  /** The cluster's name (`spec.name`): its output folder, and part of its GitOps object names. */
  public readonly clusterName: string;
  /** Every finding of the spec, errors first as the CLI reports them; empty for a clean spec. */
  public readonly findings: readonly Finding[];
  /**
   * The spec with every default filled in (release versions, pools, ports, GitOps paths, ...):
   * what the charts are built from. Undefined when the spec does not parse.
   */
  public readonly resolvedSpec?: CalicoStackProps;
  /** CRDs from a file (`calico.crds: <path>`). Undefined without, or when the spec has errors. */
  public readonly crds?: CalicoCrdsChart;
  /** The Tigera operator. Undefined when the spec has errors. */
  public readonly operator?: TigeraOperatorChart;
  /** The Calico custom resources. Undefined when the spec has errors. */
  public readonly calico?: CalicoChart;
  /** Retina. Undefined when `retina.enabled` is false, or when the spec has errors. */
  public readonly retina?: RetinaChart;
  /** Prometheus and Grafana. Undefined when `monitoring.enabled` is false, or when the spec has errors. */
  public readonly monitoring?: MonitoringChart;
  /** Every chart with its apply stage, in apply order; empty when the spec has errors. */
  public readonly stages: readonly StagedChart[];

  constructor(scope: Construct, id: string, spec: CalicoStackProps) {
    super(scope, id);
    this.spec = spec;
    this.clusterName = spec.name;
    const { config, findings } = resolveSpec(spec);
    this.findings = [...findings.filter((f) => f.severity === Severity.ERROR), ...findings.filter((f) => f.severity !== Severity.ERROR)];
    this.resolvedSpec = config ? { ...toSpec(config), ...(spec.files ? { files: spec.files } : {}) } : undefined;

    this.node.addValidation({ validate: () => this.sameNameProblems() });
    if (!config || hasErrors(findings)) {
      this.node.addValidation({ validate: () => this.findings.map(findingLine) });
      this.stages = [];
      return;
    }
    for (const warning of this.findings) this.node.addMetadata(WARNING_METADATA, findingLine(warning));

    const charts = buildApp(scope, config, { idPrefix: `${id}-` });
    BUILT.set(this, { config, charts });
    this.crds = charts.crds;
    this.operator = charts.operator;
    this.calico = charts.calico;
    this.retina = charts.retina;
    this.monitoring = charts.monitoring;
    this.stages = charts.stages;
  }

  /** The charts in apply order (for `addDependency` of charts that need the CNI first). */
  public get charts(): Chart[] {
    return this.stages.map(({ chart }) => chart);
  }

  /** Another stack in the same app with the same cluster name: both would write one folder. */
  private sameNameProblems(): string[] {
    const others = this.node.root.node.findAll()
      .filter((c): c is CalicoStack => c instanceof CalicoStack && c !== this && c.clusterName === this.clusterName);
    return others.map((other) => findingLine(error('name', `is also the name of CalicoStack ${other.node.path}`, {
      got: this.clusterName, fix: 'every cluster needs its own name (it is its output folder)',
    })));
  }
}

/**
 * Every file of the stack's output folder, by `/`-separated relative path: what `calico-stack
 * synth` writes for the same cluster file (numbered manifests, kustomization.yaml, the Argo CD and
 * Flux files), rendered from the stack's own charts, changes made to them included. Hand the map to
 * writeOutputFolders() to write it with the CLI's ownership record, lock and transaction.
 *
 * @throws when the stack, or anything else in its app, fails validation
 */
export function renderStack(stack: CalicoStack): Map<string, string> {
  const built = BUILT.get(stack);
  if (!built) {
    throw new Error(`${stack.node.path}: cluster ${JSON.stringify(stack.clusterName)} has errors, so there is nothing to render:\n`
      + stack.findings.map((f) => `  ${findingLine(f)}`).join('\n'));
  }
  const rendered = stack.stages.map(({ chart }) => chart.toJson() as RenderedObject[]);
  // File names are the CLI's: each chart's id without the stack's prefix.
  const naming = new App();
  const stages = stack.stages.map(({ stage }) => ({ stage, chart: new Chart(naming, CHART_IDS[stage]) }));
  const files = new Map<string, string>();
  manifestFiles(stages).forEach(({ file }, i) => files.set(file, toYamlDocuments(rendered[i])));
  for (const [file, text] of outputFiles(built.config, { ...built.charts, stages }, rendered.flat())) files.set(file, text);
  return files;
}

/** A finding as one line of the CLI's report, without its indentation. */
function findingLine(f: Finding): string {
  return `${f.severity === Severity.ERROR ? '✗' : '!'} ${formatFinding(f)}`;
}

/**
 * Parses the spec as the CLI parses a cluster file, takes the named files' content from
 * `files`, fills the defaults and validates. Findings of one step stop the next, as in the CLI.
 */
function resolveSpec(props: CalicoStackProps): { config?: ClusterConfig; findings: Finding[] } {
  const { files, ...spec } = props;
  const parsed = parseClusterFile(spec);
  if (!parsed.file) return { findings: parsed.findings };
  const named = namedFiles(parsed.file, files ?? {});
  if ('findings' in named) return named;
  const config = resolveClusterConfig(parsed.file, named);
  return { config, findings: validateCluster(config) };
}

/** The resolve inputs for the files the spec names, or findings when `files` does not match them. */
function namedFiles(file: ClusterFile, files: ClusterSpecFiles): { kubeadm?: KubeadmNetworking; crdFile?: CrdFile } | { findings: Finding[] } {
  const findings: Finding[] = [];
  const kubeadmPath = file.platform.kubeadmConfig;
  const crdPath = file.calico?.crds !== undefined && file.calico.crds !== CRDS_BY_OPERATOR ? file.calico.crds : undefined;
  if (kubeadmPath !== undefined && files.kubeadmConfig === undefined) {
    findings.push(error('platform.kubeadmConfig', 'names a file, and CalicoStack reads no files', {
      got: kubeadmPath,
      fix: 'pass its networking as files.kubeadmConfig ({ podSubnet, serviceSubnet }), load the cluster with loadClusterFile(), or write platform.podSubnet and platform.serviceSubnet instead',
    }));
  }
  if (kubeadmPath === undefined && files.kubeadmConfig !== undefined) {
    findings.push(error('files.kubeadmConfig', 'is given, but platform.kubeadmConfig names no file', {
      fix: 'set platform.kubeadmConfig to the file it was read from, or leave files.kubeadmConfig out',
    }));
  }
  if (crdPath !== undefined && files.crds === undefined) {
    findings.push(error('calico.crds', 'names a file, and CalicoStack reads no files', {
      got: crdPath, fix: 'pass its CRDs as files.crds (parseCrdBundle()), or load the cluster with loadClusterFile()',
    }));
  }
  if (crdPath === undefined && files.crds !== undefined) {
    findings.push(error('files.crds', 'is given, but calico.crds names no file', {
      got: file.calico?.crds, fix: 'set calico.crds to the path of the bundle they were read from, or leave files.crds out',
    }));
  }
  if (findings.length > 0) return { findings };
  return {
    ...(kubeadmPath !== undefined && files.kubeadmConfig ? { kubeadm: { source: kubeadmPath, ...files.kubeadmConfig } } : {}),
    ...(crdPath !== undefined && files.crds ? { crdFile: { path: crdPath, crds: files.crds } } : {}),
  };
}

/** A resolved config as a ClusterSpec with every default written out. */
function toSpec(c: ClusterConfig): ClusterSpec {
  const { platform: p, calico: k, retina: r, monitoring: m, gitops: g } = c;
  const defined = <T extends object>(obj: T): T => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
  return {
    name: c.name,
    platform: defined({
      cloud: p.cloud,
      podSubnet: p.podSubnet,
      serviceSubnet: p.serviceSubnet,
      nodeSubnets: [...p.nodeSubnets],
      kubeadmConfig: p.kubeadm?.source,
      nodes: p.nodes,
    }),
    calico: defined({
      version: k.release.version,
      crds: k.crds === undefined || k.crds === CRDS_BY_OPERATOR ? k.crds : k.crds.path,
      ipPools: k.ipPools.map((pool) => ({ ...pool })),
      bgp: k.bgp,
      mtu: k.mtu,
      linuxDataplane: k.linuxDataplane,
      nodeAddressAutodetectionV4: k.nodeAddressAutodetectionV4,
      nodeAddressAutodetectionV6: k.nodeAddressAutodetectionV6,
      registry: k.registry,
      imagePath: k.imagePath,
      imagePullSecrets: [...k.imagePullSecrets],
      controlPlaneNodeSelector: k.controlPlaneNodeSelector,
      controlPlaneTolerations: k.controlPlaneTolerations,
      kubeletVolumePluginPath: k.kubeletVolumePluginPath,
      flexVolumePath: k.flexVolumePath,
      apiServer: k.apiServer,
      goldmane: k.goldmane,
      whisker: k.whisker,
      wireguard: k.wireguard,
      metrics: k.metrics,
    }),
    retina: {
      enabled: r.enabled,
      version: r.release.version,
      plugins: [...r.plugins],
      logLevel: r.logLevel,
      metricsInterval: formatDuration(r.metricsInterval),
      tolerateControlPlane: r.tolerateControlPlane,
    },
    gitops: {
      argocd: defined({ ...g.argocd }),
      flux: { ...g.flux, sourceRef: defined({ ...g.flux.sourceRef }) },
    },
    monitoring: {
      enabled: m.enabled,
      namespace: m.namespace,
      prometheus: defined({
        nodePort: m.prometheus.nodePort,
        retention: formatPrometheusDuration(m.prometheus.retention),
        storage: m.prometheus.storage ? defined({ ...m.prometheus.storage }) : undefined,
      }),
      grafana: { ...m.grafana },
      nodeExporter: m.nodeExporter,
      allowedSourceCidrs: [...m.allowedSourceCidrs],
    },
  };
}
