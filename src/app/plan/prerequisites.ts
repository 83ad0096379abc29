/**
 * What must already be in the cluster before a stack's files apply, for `npm run plan`: the CRDs
 * of custom resources another installation provides (kube-prometheus-stack's, with
 * `monitoring.mode: prometheus-operator`), and what its Prometheus and Grafana must select.
 */
import { manifestFiles } from '../../lib/render/layout';
import { CalicoStack } from '../../lib/stack/calico-stack';

/** One line per prerequisite; none for a stack that needs nothing from outside its folder. */
export function prerequisites(stack: CalicoStack): string[] {
  const files = manifestFiles(stack.stages);
  const lines = stack.externalRequirements.map((r) => {
    const file = files.find((f) => f.stage === r.stage)?.file ?? r.stage;
    const flux = r.fluxDependsOn.length > 0 ? `; the Flux stage waits for ${r.fluxDependsOn.map((d) => (d.namespace ? `${d.namespace}/${d.name}` : d.name)).join(', ')}` : '';
    return `${r.installedBy} installed first: ${file} holds ${r.kinds.join(' and ')} (${r.apiVersion}), whose CRDs it installs${flux}`;
  });
  const o = stack.monitoring?.prometheusOperator;
  if (o) {
    const labels = Object.entries(o.matchLabels).map(([k, v]) => `${k}=${v}`).join(', ') || 'any labels';
    lines.push(`its Prometheus selects PodMonitors and PrometheusRules labelled ${labels} in namespace ${o.namespace}, and its Grafana sidecar ConfigMaps labelled ${o.dashboardLabel}=${o.dashboardLabelValue} in namespace ${o.dashboardNamespace} (monitoring.prometheusOperator sets them)`);
  }
  return lines;
}
