/**
 * "Calico / Felix and Typha": Calico's own metrics, rendered when `calico.metrics` turns them on.
 * Felix runs on every node; Typha on a few (its `instance` is the node it runs on). Metric names
 * come from src/lib/calico/metrics.ts.
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, level, perSecond, SERIES_MATCHERS, Unit } from './common';
import { CalicoMetric, FelixSyncState } from '../../calico/metrics';
import { INSTANCE_LABEL, ScrapeJob } from '../scrape-config';

export const CALICO_DASHBOARD_UID = 'calico-stack-calico';

const BY_NODE = [INSTANCE_LABEL];

export function calicoDashboard(): Dashboard {
  return buildDashboard({
    uid: CALICO_DASHBOARD_UID,
    title: 'Calico / Felix and Typha',
    description: 'Felix (calico-node) and Typha metrics, scraped by calico-stack\'s Prometheus.',
    tags: ['calico-stack', 'calico'],
    variablesFrom: ScrapeJob.FELIX,
    rows: [
      {
        title: 'Health',
        panels: [
          { title: 'Felix and Typha scraped', description: '1 while Prometheus scrapes Felix or Typha on the node, 0 while the scrape fails (alerts CalicoFelixDown, CalicoTyphaDown).', expr: `sum by (job, ${INSTANCE_LABEL}) (up{${SERIES_MATCHERS}, job=~"${ScrapeJob.FELIX}|${ScrapeJob.TYPHA}"})`, legend: '{{job}} {{instance}}', unit: Unit.COUNT },
          { title: 'Felix datastore state', description: `${FelixSyncState.IN_SYNC} in sync, ${FelixSyncState.RESYNC_IN_PROGRESS} resyncing, ${FelixSyncState.WAIT_FOR_DATASTORE} waiting for the datastore, 0 starting (alert CalicoFelixNotInSync).`, expr: `max by (${INSTANCE_LABEL}) (${CalicoMetric.FELIX_RESYNC_STATE}{${SERIES_MATCHERS}})`, legend: '{{instance}}', unit: Unit.COUNT },
        ],
      },
      {
        title: 'Felix',
        panels: [
          { title: 'Active local endpoints', description: 'Workload and host endpoints Felix programs on each node.', expr: level(CalicoMetric.FELIX_ACTIVE_LOCAL_ENDPOINTS, BY_NODE), legend: '{{instance}}', unit: Unit.COUNT },
          { title: 'Active local policies', description: 'Policies that apply to an endpoint on each node.', expr: level(CalicoMetric.FELIX_ACTIVE_LOCAL_POLICIES, BY_NODE), legend: '{{instance}}', unit: Unit.COUNT },
          { title: 'Calico hosts (cluster-wide)', description: 'Nodes Felix knows of, as each Felix sees it.', expr: level(CalicoMetric.FELIX_CLUSTER_NUM_HOSTS, BY_NODE), legend: '{{instance}}', unit: Unit.COUNT },
          { title: 'Workload endpoints (cluster-wide)', description: 'Pods with a Calico endpoint, as each Felix sees it.', expr: level(CalicoMetric.FELIX_CLUSTER_NUM_WORKLOAD_ENDPOINTS, BY_NODE), legend: '{{instance}}', unit: Unit.COUNT },
          { title: 'Dataplane update failures', description: 'Failed dataplane updates per second; anything above zero needs a look at the calico-node logs.', expr: perSecond(CalicoMetric.FELIX_INT_DATAPLANE_FAILURES, BY_NODE), legend: '{{instance}}', unit: Unit.COUNTS_PER_SECOND },
          { title: 'Datastore resyncs', description: 'Resyncs with the datastore started per second.', expr: perSecond(CalicoMetric.FELIX_RESYNCS_STARTED, BY_NODE), legend: '{{instance}}', unit: Unit.COUNTS_PER_SECOND },
        ],
      },
      {
        title: 'Typha',
        panels: [
          { title: 'Active Typha connections', description: 'calico-node clients connected to each Typha.', expr: level(CalicoMetric.TYPHA_CONNECTIONS_ACTIVE, BY_NODE), legend: '{{instance}}', unit: Unit.COUNT },
          { title: 'Accepted Typha connections', description: 'New client connections per second.', expr: perSecond(CalicoMetric.TYPHA_CONNECTIONS_ACCEPTED, BY_NODE), legend: '{{instance}}', unit: Unit.COUNTS_PER_SECOND },
          { title: 'Dropped Typha connections', description: 'Connections dropped to rebalance clients, per second.', expr: perSecond(CalicoMetric.TYPHA_CONNECTIONS_DROPPED, BY_NODE), legend: '{{instance}}', unit: Unit.COUNTS_PER_SECOND },
        ],
      },
    ],
  });
}
