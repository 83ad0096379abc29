/**
 * The `retina:` section of a cluster file: defaults, what it renders where, and every message a
 * mistake in it produces (as the CLI prints it: `path: problem (got; allowed) — fix`).
 */
import * as path from 'path';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, FIXTURES, load, loadFile, messages, render, SCENARIO } from '../util';

const V1_2_6_PLUGINS = 'dropreason, packetforward, linuxutil, infiniband, packetparser, dns, tcpretrans, ciliumeventobserver';

function findingsOf(retina: Record<string, unknown>, calico?: Record<string, unknown>): string[] {
  return messages(load(clusterDoc({ retina, ...(calico ? { calico } : {}) })).findings);
}

const IPIP_POOL = { cidr: '10.244.0.0/16', encapsulation: 'IPIP' };

describe('defaults', () => {
  test('no retina section: enabled, v1.2.6, the four upstream plugins, info, 10s, on the control plane too', () => {
    const r = config(clusterDoc()).retina!;
    expect(r).toBeDefined();
    expect(r.release.version).toBe('v1.2.6');
    expect(r.agent.plugins).toEqual(['dropreason', 'packetforward', 'linuxutil', 'dns']);
    expect(r.agent.logLevel).toBe('info');
    expect(r.agent.metricsInterval.toSeconds()).toBe(10);
    expect(r.agent.tolerateControlPlane).toBe(true);
  });
});

describe('output', () => {
  test('the Retina file comes after the Calico files (and before monitoring)', () => {
    const files = [...renderStack(config(clusterDoc())).keys()];
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual(['0000-tigera-operator.k8s.yaml', '0001-calico.k8s.yaml', '0002-retina.k8s.yaml', '0003-monitoring.k8s.yaml']);
  });

  test('with a CRD file chart first, Retina is the fourth file', () => {
    const files = [...renderStack(config(clusterDoc({ calico: { version: 'v3.28.2', crds: path.join(FIXTURES, 'operator-crds-mini.yaml') } }))).keys()];
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual([
      '0000-calico-crds.k8s.yaml', '0001-tigera-operator.k8s.yaml', '0002-calico.k8s.yaml', '0003-retina.k8s.yaml', '0004-monitoring.k8s.yaml',
    ]);
  });

  test('retina.enabled: false renders nothing', () => {
    const c = config(clusterDoc({ retina: { enabled: false } }));
    expect(Object.keys(render(c))).toEqual(['tigera-operator', 'calico', 'monitoring']);
    const files = [...renderStack(c).keys()];
    expect(files.filter((f) => f.endsWith('.k8s.yaml')).sort()).toEqual(['0000-tigera-operator.k8s.yaml', '0001-calico.k8s.yaml', '0002-monitoring.k8s.yaml']);
  });

  test('retina.enabled: false skips the Retina checks too', () => {
    expect(findingsOf({ enabled: false, plugins: ['nope'] })).toEqual([]);
  });
});

describe('validation', () => {
  test('the shipped example settings give no finding', () => {
    expect(findingsOf({ version: 'v1.2.6', plugins: ['dropreason', 'packetforward', 'linuxutil', 'dns'], logLevel: 'info', metricsInterval: '10s' })).toEqual([]);
  });

  test('fails when a plugin name is unknown: lists the release\'s Linux plugins and the near match', () => {
    expect(findingsOf({ plugins: ['dropreasons'] })).toEqual([
      `retina.plugins[0]: is not a Linux plugin of Retina v1.2.6 (got "dropreasons"; allowed ${V1_2_6_PLUGINS}) — did you mean "dropreason"?`,
    ]);
  });

  test('fails when a plugin name is unknown and nothing is close', () => {
    expect(findingsOf({ version: 'v0.0.16', plugins: ['dns', 'flowlogs'] })).toEqual([
      `retina.plugins[1]: is not a Linux plugin of Retina v0.0.16 (got "flowlogs"; allowed ${V1_2_6_PLUGINS}) — remove it, or choose one of the allowed names`,
    ]);
  });

  test('fails when a Windows plugin is listed', () => {
    expect(findingsOf({ plugins: ['hnsstats'] })).toEqual([
      `retina.plugins[0]: is not a Linux plugin of Retina v1.2.6 (got "hnsstats"; allowed ${V1_2_6_PLUGINS}) — hnsstats is a Windows plugin; calico-stack renders the Linux agent only, remove it`,
    ]);
  });

  test('fails when a plugin is listed twice', () => {
    expect(findingsOf({ plugins: ['dns', 'dns'] })).toEqual(['retina.plugins[1]: is listed twice (got "dns") — remove the second entry']);
  });

  test('fails when the plugin list is empty', () => {
    expect(findingsOf({ plugins: [] })).toEqual(['retina.plugins: needs at least 1 item(s) (got [])']);
  });

  test('warns about plugins that export nothing in basic mode, and about the Cilium-only one', () => {
    expect(findingsOf({ plugins: ['dns', 'packetparser', 'tcpretrans', 'ciliumeventobserver'] })).toEqual([
      'retina.plugins[1]: exports no metrics in basic mode (it feeds advanced mode\'s pod-level metrics, which calico-stack does not render) (got "packetparser") — remove it: it costs CPU on every node for nothing',
      'retina.plugins[2]: exports no metrics in basic mode (it feeds advanced mode\'s pod-level metrics, which calico-stack does not render) (got "tcpretrans") — remove it: it costs CPU on every node for nothing',
      'retina.plugins[3]: reads events from the Cilium agent\'s monitor socket, which a Calico cluster does not have (got "ciliumeventobserver") — remove it',
    ]);
  });

  test.each(['enablePodLevel', 'remoteContext', 'enableAnnotations', 'enableConntrackMetrics', 'dataAggregationLevel', 'operator'])(
    'fails when the advanced-mode Helm value %s is set, saying so',
    (key) => {
      expect(findingsOf({ [key]: true })).toEqual([
        `retina.${key}: is an advanced-mode setting; calico-stack renders Retina in basic mode (node-level metrics, no operator) — remove it; for pod-level metrics install Retina's own chart in advanced mode instead`,
      ]);
    },
  );

  test('fails when Helm or agent key names are used, pointing at the calico-stack key', () => {
    expect(findingsOf({ enabledPlugin_linux: '[dns]', metricsIntervalDuration: '10s' })).toEqual([
      'retina.enabledPlugin_linux: is a value of Retina\'s Helm chart, not a calico-stack key — write the list as retina.plugins: [dropreason, packetforward, linuxutil, dns]',
      'retina.metricsIntervalDuration: is a key of the agent\'s config.yaml, not a calico-stack key — write the interval as retina.metricsInterval (e.g. 10s)',
    ]);
  });

  test('fails when another key is unknown, listing the keys', () => {
    expect(findingsOf({ plugin: ['dns'] })).toEqual([
      'retina.plugin: unknown key (allowed enabled, version, plugins, logLevel, metricsInterval, tolerateControlPlane) — did you mean plugins?',
    ]);
  });

  test.each(['10', '500ms', '0s', '10 s', 'ten seconds'])('fails when metricsInterval is %s', (value) => {
    expect(findingsOf({ metricsInterval: value })).toEqual([
      `retina.metricsInterval: is not a duration of at least one second (got "${value}"; allowed a whole number with a unit (h, m, s, ms), such as 10s, 1m or 1m30s)`,
    ]);
  });

  test('accepts composite durations', () => {
    expect(config(clusterDoc({ retina: { metricsInterval: '1m30s' } })).retina?.metricsInterval.toSeconds()).toBe(90);
  });

  test('fails when the version is not in the catalog', () => {
    expect(findingsOf({ version: 'v0.0.17' })).toEqual(['retina.version: "v0.0.17" is not one of v1.2.6, v0.0.16 — did you mean "v0.0.16"?']);
  });

  test('fails when the log level is unknown', () => {
    expect(findingsOf({ logLevel: 'verbose' })).toEqual(['retina.logLevel: "verbose" is not one of debug, info, warn, error, panic, fatal']);
  });
});

describe('IPIP pools with linuxutil before Retina v0.0.26', () => {
  test('warns on v0.0.16: tunl0 ethtool errors every interval', () => {
    expect(findingsOf({ version: 'v0.0.16', metricsInterval: '30s' }, { ipPools: [IPIP_POOL] })).toEqual([
      'retina.plugins[2]: linuxutil of Retina v0.0.16 logs an ethtool error for tunl0 (the IPIP tunnel of pool default-ipv4-ippool) on every node every 30s; harmless, fixed in Retina v0.0.26 (got "linuxutil") — set retina.version: v1.2.6, or accept the log lines (dropping linuxutil also drops the TCP, UDP, IP and interface metrics)',
    ]);
  });

  test('also for IPIPCrossSubnet pools and pools derived from podSubnet (IPIP by default)', () => {
    expect(findingsOf({ version: 'v0.0.16' }, { ipPools: [{ ...IPIP_POOL, encapsulation: 'IPIPCrossSubnet' }] })).toHaveLength(1);
    expect(findingsOf({ version: 'v0.0.16' })).toHaveLength(1);
  });

  test('no warning on v1.2.6, without linuxutil, or with VXLAN pools', () => {
    expect(findingsOf({}, { ipPools: [IPIP_POOL] })).toEqual([]);
    expect(findingsOf({ version: 'v0.0.16', plugins: ['dropreason', 'dns'] }, { ipPools: [IPIP_POOL] })).toEqual([]);
    expect(findingsOf({ version: 'v0.0.16' }, { ipPools: [{ ...IPIP_POOL, encapsulation: 'VXLAN' }] })).toEqual([]);
  });
});

describe('the scenario (the shipped example)', () => {
  test('renders Retina v1.2.6 with the four plugins, with no Retina finding', () => {
    const loaded = loadFile(SCENARIO);
    expect(messages(loaded.findings).filter((m) => m.startsWith('retina'))).toEqual([]);
    const retina = render(loaded.stack!)['retina'];
    const ds = retina.find((o) => o.kind === 'DaemonSet')!;
    expect(ds.spec.template.spec.containers[0].image).toBe('ghcr.io/microsoft/retina/retina-agent:v1.2.6');
  });
});
