/**
 * The rendered Retina scrape job, run by a real Prometheus on loopback. Only the job's Kubernetes
 * discovery is replaced: a file lists the targets Kubernetes discovery would produce for three
 * containers (the Retina agent's, its init container's, and a pod that only looks like it: same
 * namespace, `prometheus.io/scrape` annotations, same port), with the meta labels the relabel rules
 * read, taken from the rendered DaemonSet. The pods' addresses are loopback addresses served by a
 * small HTTP server with Retina-style metrics. Everything else is the rendered job as is.
 *
 * Proves: the relabeling keeps exactly the agent's container, scrapes it on `<pod IP>:10093`, and
 * its series arrive with `instance` = node name and the fixed `cluster` label.
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { getJson, listenOnLoopback, LoopbackServer, podTarget, RunningPrometheus, startPrometheus, waitFor, closeAll } from './local-prometheus';
import { describeWithPrometheus, renderedPrometheusConfig } from './prometheus-binaries';
import { BASIC_MODE_METRICS } from '../../src/lib/retina/metrics';
import { clusterDoc, config, find, render, tempDir } from '../util';

const CLUSTER = 'lab-1';
const DEADLINE_MS = 30_000;
const RETINA_NODE = 'node-a';
const OTHER_NODE = 'node-b';

const rendered = render(config(clusterDoc({ name: CLUSTER })));
const retinaJob = renderedPrometheusConfig(rendered['monitoring']).scrape_configs.find((j: { job_name: string }) => j.job_name === 'retina');
const daemonSet = find(rendered['retina'], 'DaemonSet', 'retina-agent');
const agentContainer = daemonSet.spec.template.spec.containers[0];
const agentPort = agentContainer.ports[0];

/** Retina-style exposition text: one series per basic-mode metric of the catalog. */
function retinaMetricsText(): string {
  return BASIC_MODE_METRICS.map((m) => {
    const labels = m.labels.map((l, i) => `${l}="v${i}"`).join(',');
    return `# TYPE ${m.name} ${m.name.includes('dns_') ? 'counter' : 'gauge'}\n${m.name}${labels ? `{${labels}}` : ''} 42\n`;
  }).join('');
}

describeWithPrometheus('the rendered Retina job in a real Prometheus (slow: starts Prometheus and waits for its scrapes)', () => {
  let prometheus: RunningPrometheus | undefined;
  let servers: LoopbackServer[] = [];
  let api = '';

  beforeAll(async () => {
    const retina = await listenOnLoopback(agentPort.containerPort, retinaMetricsText());
    const other = await listenOnLoopback(agentPort.containerPort, retinaMetricsText());
    servers = [retina, other];
    const namespace: string = daemonSet.metadata.namespace!;
    const podLabels = daemonSet.spec.template.metadata.labels;
    const podAnnotations = daemonSet.spec.template.metadata.annotations;
    const agentPod = { namespace, ip: retina.ip, node: RETINA_NODE, name: 'retina-agent-x1', labels: podLabels, annotations: podAnnotations };
    const lookalike = {
      namespace, ip: other.ip, node: OTHER_NODE, name: 'metrics-app-y2',
      labels: { 'app.kubernetes.io/name': 'metrics-app', 'app.kubernetes.io/component': 'workload' },
      annotations: podAnnotations,
    };
    const dir = tempDir();
    const targetsFile = path.join(dir, 'targets.json');
    fs.writeFileSync(targetsFile, JSON.stringify([
      podTarget(agentPod, { name: agentContainer.name, port: agentPort }),
      podTarget(agentPod, { name: daemonSet.spec.template.spec.initContainers[0].name }),
      podTarget(lookalike, { name: 'app', port: { name: 'metrics', containerPort: agentPort.containerPort } }),
    ]));

    const { kubernetes_sd_configs: sd, ...job } = retinaJob;
    expect(sd).toEqual([{ role: 'pod', namespaces: { names: [namespace] } }]);
    const configFile = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(configFile, stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ ...job, file_sd_configs: [{ files: [targetsFile] }] }],
    }));

    prometheus = await startPrometheus(configFile, dir);
    api = prometheus.api;
    // Until every catalog metric has arrived once, or the deadline.
    await waitFor(prometheus, DEADLINE_MS, async () => {
      const names = await getJson(`${api}/label/__name__/values`);
      return BASIC_MODE_METRICS.every((m) => (names.data ?? []).includes(m.name));
    }, async () => 'no Retina series');
  }, DEADLINE_MS + 10_000);

  afterAll(async () => {
    await prometheus?.stop();
    await closeAll(servers);
  });

  test('every Retina series arrives with instance = the node name, the cluster label and job retina', async () => {
    for (const m of BASIC_MODE_METRICS) {
      const r = await getJson(`${api}/query?query=${encodeURIComponent(m.name)}`);
      expect(r.data.result.map((s: { metric: Record<string, string> }) => s.metric)).toEqual([
        expect.objectContaining({ __name__: m.name, job: 'retina', instance: RETINA_NODE, cluster: CLUSTER }),
      ]);
    }
  });

  test('only the agent container is a target: the init container and the look-alike pod are dropped', async () => {
    const targets = (await getJson(`${api}/targets`)).data;
    expect(targets.activeTargets.map((t: { labels: Record<string, string>; scrapeUrl: string }) => [t.labels, t.scrapeUrl])).toEqual([
      [{ cluster: CLUSTER, instance: RETINA_NODE, job: 'retina' }, `http://${servers[0].ip}:${agentPort.containerPort}/metrics`],
    ]);
    expect(targets.droppedTargets).toHaveLength(2);
    expect(servers[0].hits()).toBeGreaterThan(0);
    expect(servers[1].hits()).toBe(0);
  });

  test('up{job="retina"} is 1 for the one node', async () => {
    const r = await getJson(`${api}/query?query=${encodeURIComponent('up{job="retina"}')}`);
    expect(r.data.result).toEqual([{ metric: { __name__: 'up', job: 'retina', instance: RETINA_NODE, cluster: CLUSTER }, value: [expect.any(Number), '1'] }]);
  });
});
