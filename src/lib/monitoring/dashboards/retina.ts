/**
 * "Retina / Nodes": the agent's health, then the node-level metrics the Retina agent exports in
 * basic mode, one row per enabled plugin. Every query reads a metric of the catalog
 * (src/lib/retina/metrics.ts), takes the rate of running totals and graphs levels as they are, and
 * groups only by labels the agent sets. Series the agent creates only once something happened (a
 * first drop, a first DNS packet, a statistic that left zero) are topped up with a 0 for every
 * scraped node, so a quiet node shows zero instead of "No data".
 *
 * Differences from upstream's dashboards (grafana.com 22835/22836), which show nothing on a basic
 * install: no kube-state-metrics variables, DNS without per-query labels (v1.2.6 exports none),
 * statistic names in the agent's spelling (`ACTIVE`, not `active`), no `tcp_flag_counters`.
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, level, orZeroPerNode, PanelSpec, perSecond, RowSpec, SERIES_MATCHERS, Unit } from './common';
import {
  EVENT_DRIVEN_METRICS, MetricKind, PROCESS_START_TIME, RetinaHealthMetric, RetinaLabel, RetinaMetric, retinaMetric, UDP_ACTIVE_STATISTIC,
} from '../../retina/metrics';
import { RetinaPlugin } from '../../retina/releases';
import { INSTANCE_LABEL, ScrapeJob } from '../scrape-config';

export const RETINA_DASHBOARD_UID = 'calico-stack-retina-nodes';

type GroupLabel = RetinaLabel | typeof INSTANCE_LABEL;

interface MetricPanel {
  readonly title: string;
  readonly description: string;
  readonly metric: RetinaMetric;
  readonly by: readonly GroupLabel[];
  readonly unit: Unit;
  /** Extra label matchers, starting with `, `. */
  readonly matchers?: string;
}

const { REASON, DIRECTION, STATE, STATISTIC_NAME } = RetinaLabel;
const INSTANCE = INSTANCE_LABEL;

/** The rows, by the plugin whose metrics they show. */
const ROWS: ReadonlyArray<{ readonly plugin: RetinaPlugin; readonly title: string; readonly panels: readonly MetricPanel[] }> = [
  {
    plugin: RetinaPlugin.DROP_REASON,
    title: 'Drops (dropreason)',
    panels: [
      { title: 'Dropped packets by reason', description: 'Packets the kernel dropped (iptables rules, NAT, conntrack, TCP connect/accept), per second and node.', metric: RetinaMetric.DROP_COUNT, by: [INSTANCE, REASON], unit: Unit.PACKETS_PER_SECOND },
      { title: 'Dropped packets by direction', description: 'Dropped packets per second, ingress and egress, per node.', metric: RetinaMetric.DROP_COUNT, by: [INSTANCE, DIRECTION], unit: Unit.PACKETS_PER_SECOND },
      { title: 'Dropped bytes by reason', description: 'Bytes of dropped packets per second and node.', metric: RetinaMetric.DROP_BYTES, by: [INSTANCE, REASON], unit: Unit.BYTES_PER_SECOND },
    ],
  },
  {
    plugin: RetinaPlugin.PACKET_FORWARD,
    title: 'Forwarding (packetforward)',
    panels: [
      { title: 'Forwarded packets by direction', description: 'Packets seen on the node\'s interfaces per second.', metric: RetinaMetric.FORWARD_COUNT, by: [INSTANCE, DIRECTION], unit: Unit.PACKETS_PER_SECOND },
      { title: 'Forwarded bytes by direction', description: 'Bytes seen on the node\'s interfaces per second.', metric: RetinaMetric.FORWARD_BYTES, by: [INSTANCE, DIRECTION], unit: Unit.BYTES_PER_SECOND },
    ],
  },
  {
    plugin: RetinaPlugin.DNS,
    title: 'DNS (dns)',
    panels: [
      { title: 'DNS requests', description: 'DNS requests seen on the node per second (basic mode has no per-query labels).', metric: RetinaMetric.DNS_REQUEST_COUNT, by: [INSTANCE], unit: Unit.REQUESTS_PER_SECOND },
      { title: 'DNS responses', description: 'DNS responses seen on the node per second.', metric: RetinaMetric.DNS_RESPONSE_COUNT, by: [INSTANCE], unit: Unit.REQUESTS_PER_SECOND },
    ],
  },
  {
    plugin: RetinaPlugin.LINUX_UTIL,
    title: 'Connections and interfaces (linuxutil)',
    panels: [
      { title: 'TCP sockets by state', description: 'TCP sockets on the nodes, by state.', metric: RetinaMetric.TCP_STATE, by: [STATE], unit: Unit.COUNT },
      { title: 'TCP connections to remote addresses', description: 'TCP sockets per node in every state, LISTEN and TIME_WAIT included, not only established connections (linuxutil counts its whole socket table).', metric: RetinaMetric.TCP_CONNECTION_REMOTE, by: [INSTANCE], unit: Unit.COUNT },
      { title: 'TCP statistics', description: 'TcpExt counters per second and node (e.g. TCPTimeouts, ListenDrops); counters that stay zero are not exported (0 then).', metric: RetinaMetric.TCP_CONNECTION_STATS, by: [INSTANCE, STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
      { title: 'IP statistics', description: 'IpExt counters per second and node (e.g. InCsumErrors); counters that stay zero are not exported (0 then).', metric: RetinaMetric.IP_CONNECTION_STATS, by: [INSTANCE, STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
      { title: 'Open UDP sockets', description: 'UDP sockets per node.', metric: RetinaMetric.UDP_CONNECTION_STATS, by: [INSTANCE], unit: Unit.COUNT, matchers: `, ${STATISTIC_NAME}="${UDP_ACTIVE_STATISTIC}"` },
      { title: 'Interface errors and drops', description: 'Error and drop counters of the NICs per second (v1.2.6 sums all interfaces into interface_name="all_interfaces").', metric: RetinaMetric.INTERFACE_STATS, by: [INSTANCE, STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
    ],
  },
];

/** Matchers of the agent's own series (`up`, its process and control-plane metrics). */
const AGENT = `${SERIES_MATCHERS}, job="${ScrapeJob.RETINA}"`;

/** The agent's health, whatever its plugins (what the Retina alerts watch). */
const HEALTH_ROW: RowSpec = {
  title: 'Agent health',
  panels: [
    { title: 'Agents scraped', description: '1 while Prometheus scrapes the node\'s agent, 0 while the scrape fails (alert RetinaAgentDown).', expr: `sum by (${INSTANCE}) (up{${AGENT}})`, legend: `{{${INSTANCE}}}`, unit: Unit.COUNT },
    { title: 'Agent restarts (30 minutes)', description: 'Times the agent started again within the last 30 minutes (alert RetinaAgentRestarting).', expr: `sum by (${INSTANCE}) (changes(${PROCESS_START_TIME}{${AGENT}}[30m]))`, legend: `{{${INSTANCE}}}`, unit: Unit.COUNT },
    {
      title: 'Plugins that failed to start', description: 'Failed plugin reconciles counted by the running agent, by plugin; the agent exits after one, so a non-zero value is rare and the restarts panel shows the rest (alert RetinaPluginReconcileFailed).',
      expr: orZeroPerNode(`sum by (${INSTANCE}, ${REASON}) (${RetinaHealthMetric.PLUGIN_RECONCILE_FAILURES}{${AGENT}})`, ScrapeJob.RETINA), legend: `{{${INSTANCE}}} {{${REASON}}}`, unit: Unit.COUNT,
    },
    {
      title: 'Lost events', description: 'Events the agent could not read, per second, by plugin and where they were lost; the plugin\'s counts (DNS in basic mode) run low by as much (alert RetinaLostEvents).',
      expr: orZeroPerNode(perSecond(RetinaHealthMetric.LOST_EVENTS, [INSTANCE, REASON, 'type']), ScrapeJob.RETINA), legend: `{{${INSTANCE}}} {{${REASON}}} {{type}}`, unit: Unit.COUNTS_PER_SECOND,
    },
  ],
};

/** The dashboard for the agent's enabled plugins (rows of disabled plugins are left out), after its health. */
export function retinaDashboard(plugins: readonly RetinaPlugin[]): Dashboard {
  const rows: RowSpec[] = [
    HEALTH_ROW,
    ...ROWS.filter((r) => plugins.includes(r.plugin)).map((r) => ({ title: r.title, panels: r.panels.map(toPanel) })),
  ];
  return buildDashboard({
    uid: RETINA_DASHBOARD_UID,
    title: 'Retina / Nodes',
    description: 'Node-level network metrics of the Retina agent (basic mode), scraped by calico-stack\'s Prometheus.',
    tags: ['calico-stack', 'retina'],
    variablesFrom: ScrapeJob.RETINA,
    rows,
  });
}

function toPanel(p: MetricPanel): PanelSpec {
  const query = retinaMetric(p.metric).kind === MetricKind.CUMULATIVE ? perSecond(p.metric, p.by, p.matchers) : level(p.metric, p.by, p.matchers);
  const expr = EVENT_DRIVEN_METRICS.includes(p.metric) ? orZeroPerNode(query, ScrapeJob.RETINA) : query;
  return { title: p.title, description: p.description, expr, legend: p.by.map((l) => `{{${l}}}`).join(' '), unit: p.unit };
}
