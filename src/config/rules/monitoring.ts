/**
 * Monitoring rules: NodePorts inside the API server's range and not shared by two Services of the
 * stack, source CIDRs in canonical form, and a namespace the monitoring chart can own.
 */
import { canonicalCidr, isCanonical, parseCidr } from '../../common/cidr';
import { ClusterConfig } from '../cluster-config';
import { error, Finding, warning } from '../../common/findings';
import { CALICO_SYSTEM_NAMESPACE } from '../../calico/metrics';
import { RETINA_NAMESPACE } from '../../retina/retina-agent';

/** The API server's default `--service-node-port-range`. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** Namespaces Kubernetes or the rest of the stack own; the monitoring chart creates and owns its namespace. */
export const RESERVED_NAMESPACES: readonly string[] = [
  'default', 'kube-system', 'kube-public', 'kube-node-lease', RETINA_NAMESPACE, 'tigera-operator', CALICO_SYSTEM_NAMESPACE, 'calico-apiserver',
];

/** The namespaces of the GitOps tools in use: the monitoring file must not create (and so own) them either. */
function gitopsNamespaces(config: ClusterConfig): Array<{ readonly namespace: string; readonly tool: string; readonly path: string }> {
  const { argocd, flux } = config.gitops;
  return [
    ...(argocd.enabled ? [{ namespace: argocd.namespace, tool: 'Argo CD', path: 'gitops.argocd.namespace' }] : []),
    ...(flux.enabled ? [{ namespace: flux.namespace, tool: 'Flux', path: 'gitops.flux.namespace' }] : []),
  ];
}

/** Sources that admit every address of a family. */
const EVERYWHERE = ['0.0.0.0/0', '::/0'];

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
    } else if (cidr && EVERYWHERE.includes(text)) {
      // service-exposure.ts: a restricted NodePort Service keeps client addresses with externalTrafficPolicy: Local.
      findings.push(warning(`monitoring.allowedSourceCidrs[${i}]`, `admits every IPv${cidr.family} address, so it restricts nothing; yet any allowedSourceCidrs switch the Prometheus and Grafana NodePorts to externalTrafficPolicy: Local, where only the node running the pod answers`, {
        got: text, fix: 'list the networks that should reach Prometheus and Grafana, or leave allowedSourceCidrs empty (open, and every node answers)',
      }));
    }
  });
  if (RESERVED_NAMESPACES.includes(m.namespace)) {
    findings.push(error('monitoring.namespace', 'belongs to Kubernetes or another part of the stack, and the monitoring file creates and owns its namespace', {
      got: m.namespace, fix: 'use a namespace of its own, such as monitoring',
    }));
  }
  for (const { namespace, tool, path } of gitopsNamespaces(config)) {
    if (m.namespace === namespace) {
      findings.push(error('monitoring.namespace', `is where ${tool} runs (${path}); the monitoring file creates and owns its namespace, so ${tool} would manage its own namespace as part of this cluster and prune it with the monitoring stack`, {
        got: m.namespace, fix: 'use a namespace of its own, such as monitoring',
      }));
    }
  }
  return findings;
};
