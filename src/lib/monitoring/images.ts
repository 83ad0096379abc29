/**
 * Image catalog of the monitoring stack: one entry per component, fully qualified (no registry
 * guessing by the container runtime). A new upstream release is one changed line here.
 */

/** An image and the version its labels carry. */
export interface Image {
  readonly image: string;
  /** `app.kubernetes.io/version` of the objects that run it. */
  readonly version: string;
}

function image(repository: string, tag: string): Image {
  return { image: `${repository}:${tag}`, version: tag };
}

/** Prometheus (upstream's current release; the prometheus-community chart's appVersion). */
export const PROMETHEUS_IMAGE = image('docker.io/prom/prometheus', 'v3.14.0');
/** Grafana OSS (the grafana-community chart's appVersion). */
export const GRAFANA_IMAGE = image('docker.io/grafana/grafana', '13.2.0');
/** node-exporter (the prometheus-node-exporter chart's appVersion). */
export const NODE_EXPORTER_IMAGE = image('quay.io/prometheus/node-exporter', 'v1.12.1');
