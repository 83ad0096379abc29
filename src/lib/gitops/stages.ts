/**
 * Apply stages: the order in which a cluster's charts reach the API server. One row per stage in
 * STAGES; a chart declares its stage once, where CalicoStack lists it, and orderStages() turns the
 * list into chart dependencies (file numbering), while the GitOps outputs read the same list
 * (Argo CD sync waves, Flux Kustomizations chained with dependsOn).
 */
import type { Chart } from 'cdk8s';

/** What a stage holds, in apply order. */
export enum Stage {
  /** CRDs from a file (releases whose operator cannot create them). */
  CRDS = 'crds',
  /** The Tigera operator; with `-manage-crds` it creates the Calico CRDs when it starts. */
  OPERATOR = 'operator',
  /** The Calico custom resources the operator reconciles. */
  CALICO = 'calico',
  /**
   * Calico's own configuration (`projectcalico.org/v3`: FelixConfiguration, BGP), served by the
   * Calico API server, which runs once the operator has installed Calico.
   */
  CALICO_API = 'calico-api',
  /** Microsoft Retina. */
  RETINA = 'retina',
  /** Prometheus and Grafana. */
  MONITORING = 'monitoring',
}

/** What each stage carries into the GitOps outputs. */
export interface StageInfo {
  /** `argocd.argoproj.io/sync-wave` of every object of the stage. */
  readonly syncWave: number;
  /** The stage's file in an output folder: `<index>-<file>.k8s.yaml`. */
  readonly file: string;
}

/** The stages in apply order; a new stage is one row here. */
export const STAGES: ReadonlyMap<Stage, StageInfo> = new Map([
  [Stage.CRDS, { syncWave: -1, file: 'calico-crds' }],
  [Stage.OPERATOR, { syncWave: 0, file: 'tigera-operator' }],
  [Stage.CALICO, { syncWave: 1, file: 'calico' }],
  [Stage.CALICO_API, { syncWave: 2, file: 'calico-api' }],
  [Stage.RETINA, { syncWave: 3, file: 'retina' }],
  [Stage.MONITORING, { syncWave: 4, file: 'monitoring' }],
]);

const ORDER = [...STAGES.keys()];

/** A chart and the stage it is applied in. */
export interface StagedChart {
  readonly stage: Stage;
  readonly chart: Chart;
}

/**
 * Sorts `charts` by stage (stable within a stage) and makes each chart depend on the one before,
 * so cdk8s numbers the files in apply order. Returns the charts in that order.
 */
export function orderStages(charts: readonly StagedChart[]): StagedChart[] {
  const sorted = [...charts].sort((a, b) => ORDER.indexOf(a.stage) - ORDER.indexOf(b.stage));
  sorted.forEach((s, i) => {
    if (i > 0) s.chart.addDependency(sorted[i - 1].chart);
  });
  return sorted;
}

/** The distinct stages of `charts`, in apply order, each with its charts. */
export function chartsByStage(charts: readonly StagedChart[]): Array<{ stage: Stage; charts: Chart[] }> {
  return ORDER
    .map((stage) => ({ stage, charts: charts.filter((c) => c.stage === stage).map((c) => c.chart) }))
    .filter((s) => s.charts.length > 0);
}
