/**
 * What every calico-stack dashboard shares: the provisioned Prometheus datasource, the `cluster` and
 * `node` variables, and panels described as data (title, query, unit) built with the Grafana
 * Foundation SDK.
 */
import { LegendDisplayMode, LegendPlacement, SortOrder, TooltipDisplayMode, VizLegendOptionsBuilder, VizTooltipOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { Dashboard, DashboardBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { CLUSTER_LABEL, INSTANCE_LABEL, ScrapeJob } from '../scrape-config';

/** uid of the provisioned Prometheus datasource; every panel and variable names it. */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
export const PROMETHEUS_DATASOURCE = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID } as const;

/** Dashboard variables. */
export enum Variable {
  CLUSTER = 'cluster',
  NODE = 'node',
}

/** Grafana unit ids the panels use. */
export enum Unit {
  PACKETS_PER_SECOND = 'pps',
  BYTES_PER_SECOND = 'Bps',
  REQUESTS_PER_SECOND = 'reqps',
  COUNTS_PER_SECOND = 'cps',
  COUNT = 'short',
}

/** Label matchers of every query: the chosen cluster and nodes. */
export const SERIES_MATCHERS = `${CLUSTER_LABEL}="$${Variable.CLUSTER}", ${INSTANCE_LABEL}=~"$${Variable.NODE}"`;

/** `sum by (labels) (rate(metric{cluster, node}[$__rate_interval]))`: a running total per second. */
export function perSecond(metric: string, by: readonly string[], matchers = ''): string {
  return `sum by (${by.join(', ')}) (rate(${metric}{${SERIES_MATCHERS}${matchers}}[$__rate_interval]))`;
}

/** `sum by (labels) (metric{cluster, node})`: a current level. */
export function level(metric: string, by: readonly string[], matchers = ''): string {
  return `sum by (${by.join(', ')}) (${metric}{${SERIES_MATCHERS}${matchers}})`;
}

/**
 * `expr`, plus a 0 for every scraped node `expr` has no series for. For series an exporter creates
 * only once something happened (a first drop, a counter that left zero): without it a quiet node,
 * or a quiet cluster, shows "No data" where the truth is "none". `expr` must group by `instance`.
 */
export function orZeroPerNode(expr: string, job: ScrapeJob): string {
  if (!/by \((?:[^)]*, )?instance[,)]/.test(expr)) throw new Error(`orZeroPerNode: ${expr} does not group by instance`);
  return `${expr} or on (${INSTANCE_LABEL}) sum by (${INSTANCE_LABEL}) (0 * up{${SERIES_MATCHERS}, job="${job}"})`;
}

/** One time-series panel. */
export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly expr: string;
  /** Grafana legend template, e.g. `{{instance}} {{direction}}`. */
  readonly legend: string;
  readonly unit: Unit;
}

/** A row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The job whose `up` series list the clusters and nodes. */
  readonly variablesFrom: ScrapeJob;
  readonly rows: readonly RowSpec[];
}

/** The dashboard JSON (Grafana's dashboard model), deterministic for the same spec. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const up = `up{job="${spec.variablesFrom}"}`;
  const upInCluster = `up{job="${spec.variablesFrom}", ${CLUSTER_LABEL}="$${Variable.CLUSTER}"}`;
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([...spec.tags])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .withVariable(new QueryVariableBuilder(Variable.CLUSTER)
      .label('Cluster')
      .datasource(PROMETHEUS_DATASOURCE)
      .query(`label_values(${up}, ${CLUSTER_LABEL})`)
      .definition(`label_values(${up}, ${CLUSTER_LABEL})`)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc))
    .withVariable(new QueryVariableBuilder(Variable.NODE)
      .label('Node')
      .datasource(PROMETHEUS_DATASOURCE)
      .query(`label_values(${upInCluster}, ${INSTANCE_LABEL})`)
      .definition(`label_values(${upInCluster}, ${INSTANCE_LABEL})`)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*'));
  let id = 1;
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title).id(id++));
    for (const panel of row.panels) {
      builder.withPanel(new PanelBuilder()
        .id(id++)
        .title(panel.title)
        .description(panel.description)
        .datasource(PROMETHEUS_DATASOURCE)
        .unit(panel.unit)
        .min(0)
        .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
        .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
        .withTarget(new DataqueryBuilder().refId('A').expr(panel.expr).legendFormat(panel.legend)));
    }
  }
  return builder.build();
}
