/**
 * The scrape configuration prometheus-operator generates from a PodMonitor, written out for the
 * tests, so a real Prometheus can run what kube-prometheus-stack's would run for calico-stack's
 * PodMonitors. It follows prometheus-operator v0.93.0 (the operator of kube-prometheus-stack
 * 88.5.3), pkg/prometheus/promcfg.go:
 *
 * - `generatePodMonitorConfig` (lines 1447-1693): job name `podMonitor/<namespace>/<name>/<i>`,
 *   `honor_labels: false`, pod discovery in the namespaces of `namespaceSelector`, the endpoint's
 *   interval and path, then the relabelings in this order: `initRelabelings` (line 1222: the job
 *   name into `__tmp_prometheus_job_name`), `generateRunningFilter` (line 2242: drop pods in phase
 *   Failed or Succeeded), one keep rule per `selector.matchLabels` entry in key order (label and
 *   labelpresent, `(<value>);true`), a keep rule for `port`, the `namespace`, `container` and `pod`
 *   target labels, `job` = `<namespace>/<name>`, `endpoint` = the port name, the PodMonitor's own
 *   relabelings, then sharding;
 * - `appendShardingRelabelingWithLabel` (lines 2304-2394) with one shard and no topology sharding:
 *   `__tmp_hash` from `__address__`, hashmod 1, keep shard `$(SHARD)`, which the config reloader
 *   replaces with the shard number (0).
 *
 * Left out, as calico-stack's PodMonitors do not use them: matchExpressions, `jobLabel`,
 * `podTargetLabels`, scrape classes, authentication, limits, metric relabelings. Kubernetes
 * discovery is replaced by file discovery, as Debian's Prometheus has none.
 */
import type { K8sObject } from '../util';

type Relabel = Record<string, unknown>;

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** The PodMonitor's relabel rule in Prometheus' spelling (generateRelabelConfig, promcfg.go:2396). */
function fromCrd(r: Record<string, unknown>): Relabel {
  return {
    ...(r.sourceLabels ? { source_labels: r.sourceLabels } : {}),
    ...(r.targetLabel ? { target_label: r.targetLabel } : {}),
    ...(r.regex ? { regex: r.regex } : {}),
    ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
    ...(r.action ? { action: String(r.action).toLowerCase() } : {}),
  };
}

/** The scrape config of endpoint `i` of `podMonitor`, its pods listed by `files` (file discovery). */
export function podMonitorScrapeConfig(podMonitor: K8sObject, files: readonly string[], i = 0): Record<string, unknown> {
  const { namespace, name } = podMonitor.metadata;
  const ep = podMonitor.spec.podMetricsEndpoints[i];
  const matchLabels: Record<string, string> = podMonitor.spec.selector.matchLabels ?? {};
  const relabelings: Relabel[] = [
    { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' },
    { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: '(Failed|Succeeded)' },
    ...Object.keys(matchLabels).sort().map((k) => ({
      action: 'keep',
      source_labels: [`__meta_kubernetes_pod_label_${sanitize(k)}`, `__meta_kubernetes_pod_labelpresent_${sanitize(k)}`],
      regex: `(${matchLabels[k]});true`,
    })),
    ...(ep.port ? [{ action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: ep.port }] : []),
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { target_label: 'job', replacement: `${namespace}/${name}` },
    ...(ep.port ? [{ target_label: 'endpoint', replacement: ep.port }] : []),
    ...(ep.relabelings ?? []).map(fromCrd),
    { source_labels: ['__address__', '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
    { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: 1, action: 'hashmod' },
    { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: '0;|.+;.+', action: 'keep' },
  ];
  return {
    job_name: `podMonitor/${namespace}/${name}/${i}`,
    honor_labels: false,
    file_sd_configs: [{ files: [...files] }],
    ...(ep.interval ? { scrape_interval: ep.interval } : {}),
    ...(ep.path ? { metrics_path: ep.path } : {}),
    relabel_configs: relabelings,
  };
}
