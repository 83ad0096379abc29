/**
 * The `monitoring:` section of a cluster file (and `calico.metrics`): defaults, what it renders
 * where, its network requirements, and every message a mistake in it produces.
 */
import { renderStack } from '../../src/lib/render/render';
import { monitoringRequirements } from '../../src/app/plan/network-requirements';
import { clusterDoc, config, load, loadFile, messages, render, SCENARIO } from '../util';

function findingsOf(monitoring: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  return messages(load(clusterDoc({ monitoring, ...extra })).findings);
}

describe('defaults', () => {
  test('no monitoring section: on, namespace monitoring, 30090/30300, 15d on an emptyDir, grafana-admin, node-exporter, any source', () => {
    const c = config(clusterDoc());
    const m = c.monitoring!;
    expect(m).toBeDefined();
    expect(m.monitoringNamespace).toBe('monitoring');
    expect(m.prometheus!.nodePort).toBe(30090);
    expect(m.prometheus!.retention.toDays()).toBe(15);
    expect(m.prometheus!.claim).toBeUndefined();
    expect([m.grafana!.nodePort, m.grafana!.adminSecret]).toEqual([30300, 'grafana-admin']);
    expect(m.nodeExporter).toBeDefined();
    expect(m.allowedSourceCidrs).toEqual([]);
    expect(c.calico.metrics).toBe(false);
  });

  test('storage without a size gets 10Gi; an empty storageClass means the default class', () => {
    const claim = config(clusterDoc({ monitoring: { prometheus: { storage: { storageClass: '' } } } })).monitoring?.prometheus?.claim;
    expect(claim?.toJson().spec).toMatchObject({ resources: { requests: { storage: '10Gi' } } });
    expect(claim?.toJson().spec.storageClassName).toBeUndefined();
  });

  test.each([['15d', 15 * 24], ['2w', 14 * 24], ['1y', 365 * 24], ['1d12h', 36]])('retention %s is %i hours', (retention, hours) => {
    expect(config(clusterDoc({ monitoring: { prometheus: { retention } } })).monitoring?.prometheus?.retention.toHours()).toBe(hours);
  });
});

describe('output', () => {
  test('the monitoring file comes after Retina', () => {
    const files = [...renderStack(config(clusterDoc())).keys()];
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual(['0000-tigera-operator.k8s.yaml', '0001-calico.k8s.yaml', '0002-retina.k8s.yaml', '0003-monitoring.k8s.yaml']);
  });

  test('monitoring.enabled: false renders nothing, and skips the monitoring checks', () => {
    const c = config(clusterDoc({ monitoring: { enabled: false, prometheus: { nodePort: 80 } } }));
    expect(Object.keys(render(c))).toEqual(['tigera-operator', 'calico', 'retina']);
    expect(findingsOf({ enabled: false, prometheus: { nodePort: 80 } })).toEqual([]);
  });

  test('the scenario (the shipped example) renders the monitoring stack with its defaults, without a monitoring finding', () => {
    const loaded = loadFile(SCENARIO);
    expect(messages(loaded.findings).filter((m) => m.startsWith('monitoring'))).toEqual([]);
    const defaults = config(clusterDoc()).monitoring!;
    const m = loaded.stack!.monitoring!;
    expect([m.monitoringNamespace, m.prometheus!.nodePort, m.prometheus!.retention.toMilliseconds(), m.grafana!.nodePort, m.grafana!.adminSecret, m.allowedSourceCidrs])
      .toEqual([defaults.monitoringNamespace, defaults.prometheus!.nodePort, defaults.prometheus!.retention.toMilliseconds(), defaults.grafana!.nodePort, defaults.grafana!.adminSecret, defaults.allowedSourceCidrs]);
    expect(render(loaded.stack!)['monitoring'].map((o) => o.kind)).toContain('Deployment');
  });
});

describe('network requirements', () => {
  test('node-exporter from Prometheus, and the NodePorts from anywhere', () => {
    expect(monitoringRequirements(config(clusterDoc())).map((r) => [r.protocol, r.port, r.from, r.to])).toEqual([
      ['TCP', '9100', 'every node and pod CIDRs (Prometheus)', 'every node'],
      ['TCP', '30090', 'anywhere', 'every node'],
      ['TCP', '30300', 'anywhere', 'every node'],
    ]);
  });

  test('calico.metrics adds Felix 9091 and Typha 9093; allowedSourceCidrs narrow the NodePorts', () => {
    const c = config(clusterDoc({ calico: { metrics: true }, monitoring: { nodeExporter: false, allowedSourceCidrs: ['192.0.2.0/24', '198.51.100.0/24'] } }));
    expect(monitoringRequirements(c).map((r) => [r.port, r.from])).toEqual([
      ['9091', 'every node and pod CIDRs (Prometheus)'],
      ['9093', 'every node and pod CIDRs (Prometheus)'],
      ['30090', '192.0.2.0/24, 198.51.100.0/24'],
      ['30300', '192.0.2.0/24, 198.51.100.0/24'],
    ]);
  });

  test('monitoring.enabled: false needs nothing', () => {
    expect(monitoringRequirements(config(clusterDoc({ monitoring: { enabled: false } })))).toEqual([]);
  });
});

describe('validation', () => {
  test('every key set to a valid value gives no finding', () => {
    expect(findingsOf({
      enabled: true, namespace: 'observability', nodeExporter: false, allowedSourceCidrs: ['192.0.2.0/24', '2001:db8::/32'],
      prometheus: { nodePort: 30000, retention: '30d', storage: { size: '20Gi', storageClass: 'gp3' } },
      grafana: { nodePort: 32767, adminSecret: 'grafana-login' },
    }, { calico: { metrics: true } })).toEqual([]);
  });

  test.each([
    ['prometheus', 8080], ['prometheus', 29999], ['grafana', 32768],
  ])('fails when the %s nodePort %i is outside 30000–32767', (component, nodePort) => {
    expect(findingsOf({ [component]: { nodePort } })).toEqual([
      `monitoring.${component}.nodePort: is outside the NodePort range (got ${nodePort}; allowed 30000–32767 (the API server's default --service-node-port-range)) — choose a free port in 30000–32767`,
    ]);
  });

  test('fails when Prometheus and Grafana share a NodePort', () => {
    expect(findingsOf({ prometheus: { nodePort: 30500 }, grafana: { nodePort: 30500 } })).toEqual([
      'monitoring.grafana.nodePort: is also monitoring.prometheus.nodePort; two Services cannot share a NodePort (got 30500) — choose another port',
    ]);
  });

  test('fails when Grafana takes Prometheus\' default NodePort', () => {
    expect(findingsOf({ grafana: { nodePort: 30090 } })).toEqual([
      'monitoring.grafana.nodePort: is also monitoring.prometheus.nodePort; two Services cannot share a NodePort (got 30090) — choose another port',
    ]);
  });

  test('fails when a nodePort is not a number', () => {
    expect(findingsOf({ grafana: { nodePort: '30300' } })).toEqual(['monitoring.grafana.nodePort: expected a number (got "30300")']);
  });

  test('fails when an allowed source is not a CIDR', () => {
    expect(findingsOf({ allowedSourceCidrs: ['192.0.2.1'] })).toEqual([
      'monitoring.allowedSourceCidrs[0]: is not a CIDR (got "192.0.2.1"; allowed an address/prefix such as 10.244.0.0/16 or fd00:10:244::/56)',
    ]);
  });

  test('fails when an allowed source has host bits set', () => {
    expect(findingsOf({ allowedSourceCidrs: ['192.0.2.1/24'] })).toEqual([
      'monitoring.allowedSourceCidrs[0]: is not in canonical form: it has host bits set or is not written in its shortest form (got "192.0.2.1/24"; allowed 192.0.2.0/24) — write 192.0.2.0/24',
    ]);
  });

  test.each(['15', '15 days', '1h15d', '0d'])('fails when retention is %s', (retention) => {
    expect(findingsOf({ prometheus: { retention } })).toEqual([
      `monitoring.prometheus.retention: is not a Prometheus duration (got "${retention}"; allowed whole numbers with units y, w, d, h, m, s, ms in that order, such as 15d, 2w or 1d12h)`,
    ]);
  });

  test.each(['10', '10GB', '0Gi', '1.5Gi'])('fails when the storage size is %s', (size) => {
    expect(findingsOf({ prometheus: { storage: { size } } })).toEqual([
      `monitoring.prometheus.storage.size: is not a storage size (got "${size}"; allowed a whole number with a unit, such as 10Gi, 500Mi or 1Ti)`,
    ]);
  });

  test.each(['kube-system', 'calico-system', 'tigera-operator', 'default'])('fails when the namespace is %s, which the monitoring file cannot own', (namespace) => {
    expect(findingsOf({ namespace })).toEqual([
      `monitoring.namespace: belongs to Kubernetes or another part of the stack, and the monitoring file creates and owns its namespace (got "${namespace}") — use a namespace of its own, such as monitoring`,
    ]);
  });

  test('fails when the admin Secret name is not an object name', () => {
    expect(findingsOf({ grafana: { adminSecret: 'Grafana_Admin' } })).toEqual([
      'monitoring.grafana.adminSecret: is not a valid object name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (got "Grafana_Admin"; allowed at most 253 characters, e.g. example.com or my-name)',
    ]);
  });

  test('fails when a key is unknown, listing the keys', () => {
    expect(findingsOf({ grafana: { adminPassword: 'x' } })).toEqual([
      'monitoring.grafana.adminPassword: unknown key (allowed nodePort, adminSecret)',
    ]);
    expect(findingsOf({ nodeExporters: true })).toEqual([
      'monitoring.nodeExporters: unknown key (allowed enabled, mode, namespace, prometheus, grafana, nodeExporter, allowedSourceCidrs, prometheusOperator, alerts) — did you mean nodeExporter?',
    ]);
  });
});
