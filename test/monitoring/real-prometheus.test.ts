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
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { stringify } from 'yaml';
import { describeWithPrometheus, PROMETHEUS_BIN, renderedPrometheusConfig } from './prometheus-binaries';
import { BASIC_MODE_METRICS } from '../../src/retina/metrics';
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

/** Meta labels Kubernetes discovery (role pod) gives one container port of a pod. */
function podTarget(pod: { ip: string; node: string; name: string; labels: Record<string, string>; annotations: Record<string, string> },
  container: { name: string; port?: { name: string; containerPort: number } }) {
  const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_');
  return {
    targets: [container.port ? `${pod.ip}:${container.port.containerPort}` : pod.ip],
    labels: {
      __meta_kubernetes_namespace: daemonSet.metadata.namespace,
      __meta_kubernetes_pod_name: pod.name,
      __meta_kubernetes_pod_ip: pod.ip,
      __meta_kubernetes_pod_node_name: pod.node,
      __meta_kubernetes_pod_container_name: container.name,
      ...(container.port ? {
        __meta_kubernetes_pod_container_port_name: container.port.name,
        __meta_kubernetes_pod_container_port_number: String(container.port.containerPort),
        __meta_kubernetes_pod_container_port_protocol: 'TCP',
      } : {}),
      ...Object.fromEntries(Object.entries(pod.labels).flatMap(([k, v]) => [[`__meta_kubernetes_pod_label_${sanitize(k)}`, v], [`__meta_kubernetes_pod_labelpresent_${sanitize(k)}`, 'true']])),
      ...Object.fromEntries(Object.entries(pod.annotations).map(([k, v]) => [`__meta_kubernetes_pod_annotation_${sanitize(k)}`, v])),
    },
  };
}

/** An HTTP server on a free 127.x.y.z address at `port`, counting the requests it answers. */
async function listenOnLoopback(port: number, body: string): Promise<{ server: http.Server; ip: string; hits: () => number }> {
  let hits = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    const ip = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(body);
    });
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, ip, () => resolve(true));
    });
    if (ok) return { server, ip, hits: () => hits };
  }
  throw new Error(`no free loopback address for port ${port}`);
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  return res.json();
}

describeWithPrometheus('the rendered Retina job in a real Prometheus', () => {
  let prometheus: ChildProcess | undefined;
  let servers: Array<{ server: http.Server; ip: string; hits: () => number }> = [];
  let api = '';
  let log = '';
  let dir = '';

  beforeAll(async () => {
    const retina = await listenOnLoopback(agentPort.containerPort, retinaMetricsText());
    const other = await listenOnLoopback(agentPort.containerPort, retinaMetricsText());
    servers = [retina, other];
    const podLabels = daemonSet.spec.template.metadata.labels;
    const podAnnotations = daemonSet.spec.template.metadata.annotations;
    const agentPod = { ip: retina.ip, node: RETINA_NODE, name: 'retina-agent-x1', labels: podLabels, annotations: podAnnotations };
    const lookalike = {
      ip: other.ip, node: OTHER_NODE, name: 'metrics-app-y2',
      labels: { 'app.kubernetes.io/name': 'metrics-app', 'app.kubernetes.io/component': 'workload' },
      annotations: podAnnotations,
    };
    dir = tempDir();
    const targetsFile = path.join(dir, 'targets.json');
    fs.writeFileSync(targetsFile, JSON.stringify([
      podTarget(agentPod, { name: agentContainer.name, port: agentPort }),
      podTarget(agentPod, { name: daemonSet.spec.template.spec.initContainers[0].name }),
      podTarget(lookalike, { name: 'app', port: { name: 'metrics', containerPort: agentPort.containerPort } }),
    ]));

    const { kubernetes_sd_configs: sd, ...job } = retinaJob;
    expect(sd).toEqual([{ role: 'pod', namespaces: { names: [daemonSet.metadata.namespace] } }]);
    const configFile = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(configFile, stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ ...job, file_sd_configs: [{ files: [targetsFile] }] }],
    }));

    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    prometheus = spawn(PROMETHEUS_BIN!, [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    prometheus.stdout!.on('data', (d) => { log += d; });
    prometheus.stderr!.on('data', (d) => { log += d; });

    // Until every catalog metric has arrived once, or the deadline.
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const names = await getJson(`${api}/label/__name__/values`).catch(() => ({ data: [] }));
      if (BASIC_MODE_METRICS.every((m) => (names.data ?? []).includes(m.name))) break;
      if (Date.now() > deadline || prometheus.exitCode !== null) throw new Error(`no Retina series within ${DEADLINE_MS} ms; prometheus log:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, DEADLINE_MS + 10_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('exit', r));
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus!.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.all(servers.map((s) => new Promise((r) => s.server.close(r))));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
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
