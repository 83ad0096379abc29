/**
 * "Retina / Nodes": the node-level metrics the Retina agent exports in basic mode, one row per
 * enabled plugin. Every query reads a metric of the catalog (src/retina/metrics.ts), takes the
 * rate of running totals and graphs levels as they are, and groups only by labels the agent sets.
 *
 * Differences from upstream's dashboards (grafana.com 22835/22836), which show nothing on a basic
 * install: no kube-state-metrics variables, DNS without per-query labels (v1.2.6 exports none),
 * statistic names in the agent's spelling (`ACTIVE`, not `active`), no `tcp_flag_counters`.
 */
import { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard, level, PanelSpec, perSecond, RowSpec, Unit } from './common';
import { MetricKind, RetinaLabel, RetinaMetric, retinaMetric, UDP_ACTIVE_STATISTIC } from '../../retina/metrics';
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
      { title: 'Dropped packets by reason', description: 'Packets the kernel dropped (iptables rules, NAT, conntrack, TCP connect/accept), per second.', metric: RetinaMetric.DROP_COUNT, by: [REASON], unit: Unit.PACKETS_PER_SECOND },
      { title: 'Dropped packets by direction', description: 'Dropped packets per second, ingress and egress, per node.', metric: RetinaMetric.DROP_COUNT, by: [INSTANCE, DIRECTION], unit: Unit.PACKETS_PER_SECOND },
      { title: 'Dropped bytes by reason', description: 'Bytes of dropped packets per second.', metric: RetinaMetric.DROP_BYTES, by: [REASON, DIRECTION], unit: Unit.BYTES_PER_SECOND },
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
      { title: 'TCP statistics', description: 'TcpExt counters per second (e.g. TCPTimeouts, ListenDrops); counters that stay zero are not exported.', metric: RetinaMetric.TCP_CONNECTION_STATS, by: [STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
      { title: 'IP statistics', description: 'IpExt counters per second (e.g. InCsumErrors).', metric: RetinaMetric.IP_CONNECTION_STATS, by: [STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
      { title: 'Open UDP sockets', description: 'UDP sockets per node.', metric: RetinaMetric.UDP_CONNECTION_STATS, by: [INSTANCE], unit: Unit.COUNT, matchers: `, ${STATISTIC_NAME}="${UDP_ACTIVE_STATISTIC}"` },
      { title: 'Interface errors and drops', description: 'Error and drop counters of the NICs per second (v1.2.6 sums all interfaces into interface_name="all_interfaces").', metric: RetinaMetric.INTERFACE_STATS, by: [INSTANCE, STATISTIC_NAME], unit: Unit.COUNTS_PER_SECOND },
    ],
  },
];

/** The dashboard for the agent's enabled plugins (rows of disabled plugins are left out). */
export function retinaDashboard(plugins: readonly RetinaPlugin[]): Dashboard {
  const rows: RowSpec[] = ROWS.filter((r) => plugins.includes(r.plugin)).map((r) => ({ title: r.title, panels: r.panels.map(toPanel) }));
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
  const expr = retinaMetric(p.metric).kind === MetricKind.CUMULATIVE ? perSecond(p.metric, p.by, p.matchers) : level(p.metric, p.by, p.matchers);
  return { title: p.title, description: p.description, expr, legend: p.by.map((l) => `{{${l}}}`).join(' '), unit: p.unit };
}
