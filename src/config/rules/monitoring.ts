/**
 * Monitoring rules: NodePorts inside the API server's range and not shared by two Services of the
 * stack, source CIDRs in canonical form, and a namespace the monitoring chart can own.
 */
import { canonicalCidr, isCanonical, parseCidr } from '../cidr';
import { ClusterConfig } from '../cluster-config';
import { error, Finding } from '../findings';
import { CALICO_SYSTEM_NAMESPACE } from '../../calico/metrics';
import { RETINA_NAMESPACE } from '../../retina/retina-agent';

/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Namespaces Kubernetes or the rest of the stack own; the monitoring chart creates and owns its namespace. */
const RESERVED_NAMESPACES: readonly string[] = ['default', 'kube-public', 'kube-node-lease', RETINA_NAMESPACE, 'tigera-operator', CALICO_SYSTEM_NAMESPACE, 'calico-apiserver'];

/** A NodePort the stack renders, with the config path that sets it. */
export interface RenderedNodePort {
  readonly path: string;
  readonly port: number;
}

/** Every NodePort the cluster's output will contain. */
export function renderedNodePorts(config: ClusterConfig): RenderedNodePort[] {
  const m = config.monitoring;
  if (!m.enabled) return [];
  return [
    { path: 'monitoring.prometheus.nodePort', port: m.prometheus.nodePort },
    { path: 'monitoring.grafana.nodePort', port: m.grafana.nodePort },
  ];
}

export const monitoringRule = (config: ClusterConfig): Finding[] => {
  const m = config.monitoring;
  if (!m.enabled) return [];
  const findings: Finding[] = [];
  const { min, max } = NODE_PORT_RANGE;
  const ports = renderedNodePorts(config);
  ports.forEach(({ path, port }, i) => {
    if (port < min || port > max) {
      findings.push(error(path, 'is outside the NodePort range', {
        got: port, allowed: `${min}–${max} (the API server's default --service-node-port-range)`, fix: `choose a free port in ${min}–${max}`,
      }));
    }
    const first = ports.findIndex((p) => p.port === port);
    if (first < i) {
      findings.push(error(path, `is also ${ports[first].path}; two Services cannot share a NodePort`, { got: port, fix: 'choose another port' }));
    }
  });
  m.allowedSourceCidrs.forEach((text, i) => {
    const cidr = parseCidr(text);
    if (cidr && !isCanonical(cidr)) {
      findings.push(error(`monitoring.allowedSourceCidrs[${i}]`, 'is not in canonical form: it has host bits set or is not written in its shortest form', {
        got: text, allowed: canonicalCidr(cidr), fix: `write ${canonicalCidr(cidr)}`,
      }));
    }
  });
  if (RESERVED_NAMESPACES.includes(m.namespace)) {
    findings.push(error('monitoring.namespace', 'belongs to Kubernetes or another part of the stack, and the monitoring file creates and owns its namespace', {
      got: m.namespace, fix: 'use a namespace of its own, such as monitoring',
    }));
  }
  return findings;
};
