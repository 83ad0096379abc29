/**
 * Running the real Prometheus on loopback for the tests: HTTP servers that stand in for exporters
 * on distinct 127.x.y.z addresses (a pod on the host network has its node's address), the targets
 * Kubernetes discovery (role pod) would list for a pod's containers, and a Prometheus process with
 * its HTTP API. Debian's Prometheus has no Kubernetes discovery, so the tests give it these targets
 * through file discovery.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { PROMETHEUS_BIN } from './prometheus-binaries';

/** An exporter stand-in: the server, its address, and how many scrapes it answered. */
export interface LoopbackServer {
  readonly server: http.Server;
  readonly ip: string;
  hits(): number;
}

/** A random address of 127.0.0.0/8 other than 127.0.0.1. */
export function randomLoopbackIp(): string {
  return `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${2 + Math.floor(Math.random() * 250)}`;
}

/** Serves `body()` (the text exposition format, read at every request) on `port` of `ip`; false when the address is taken. */
export async function listenOn(ip: string, port: number, body: () => string): Promise<LoopbackServer | undefined> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(body());
  });
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, ip, () => resolve(true));
  });
  return ok ? { server, ip, hits: () => hits } : undefined;
}

/** An HTTP server on a free 127.x.y.z address at `port`, counting the requests it answers. */
export async function listenOnLoopback(port: number, body: string | (() => string)): Promise<LoopbackServer> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const server = await listenOn(randomLoopbackIp(), port, typeof body === 'string' ? () => body : body);
    if (server) return server;
  }
  throw new Error(`no free loopback address for port ${port}`);
}

export async function closeAll(servers: readonly LoopbackServer[]): Promise<void> {
  await Promise.all(servers.map((s) => new Promise((r) => s.server.close(r))));
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function getJson(url: string): Promise<any> {
  const res = await fetch(url);
  return res.json();
}

/** A pod as Kubernetes discovery sees it. */
export interface DiscoveredPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
  readonly node: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A container of the pod, with its declared port if any. */
export interface DiscoveredContainer {
  readonly name: string;
  readonly port?: { readonly name?: string; readonly containerPort: number };
}

/**
 * The target group Kubernetes discovery (role pod) gives one container port of a running pod (or
 * the container itself, without ports): its meta labels, as Prometheus' discovery/kubernetes/pod.go
 * sets them.
 */
export function podTarget(pod: DiscoveredPod, container: DiscoveredContainer) {
  const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_');
  return {
    targets: [container.port ? `${pod.ip}:${container.port.containerPort}` : pod.ip],
    labels: {
      __meta_kubernetes_namespace: pod.namespace,
      __meta_kubernetes_pod_name: pod.name,
      __meta_kubernetes_pod_ip: pod.ip,
      __meta_kubernetes_pod_node_name: pod.node,
      __meta_kubernetes_pod_phase: 'Running',
      __meta_kubernetes_pod_ready: 'true',
      __meta_kubernetes_pod_container_name: container.name,
      __meta_kubernetes_pod_container_init: 'false',
      ...(container.port ? {
        ...(container.port.name ? { __meta_kubernetes_pod_container_port_name: container.port.name } : {}),
        __meta_kubernetes_pod_container_port_number: String(container.port.containerPort),
        __meta_kubernetes_pod_container_port_protocol: 'TCP',
      } : {}),
      ...Object.fromEntries(Object.entries(pod.labels).flatMap(([k, v]) => [[`__meta_kubernetes_pod_label_${sanitize(k)}`, v], [`__meta_kubernetes_pod_labelpresent_${sanitize(k)}`, 'true']])),
      ...Object.fromEntries(Object.entries(pod.annotations ?? {}).map(([k, v]) => [`__meta_kubernetes_pod_annotation_${sanitize(k)}`, v])),
    },
  };
}

/** A Prometheus process on loopback. */
export interface RunningPrometheus {
  /** Base URL of the HTTP API (`.../api/v1`). */
  readonly api: string;
  /** Its output so far. */
  log(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts Prometheus with the configuration file, its data in `dir`. */
export async function startPrometheus(configFile: string, dir: string): Promise<RunningPrometheus> {
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(PROMETHEUS_BIN!, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => { log += d; });
  child.stderr!.on('data', (d) => { log += d; });
  return {
    api: `http://127.0.0.1:${port}/api/v1`,
    log: () => log,
    exited: () => child.exitCode !== null,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `ready()` or the deadline; on the deadline throws with `why()` and Prometheus' log. */
export async function waitFor(prometheus: RunningPrometheus, deadlineMs: number, ready: () => Promise<boolean>, why: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline || prometheus.exited()) throw new Error(`${await why()} within ${deadlineMs} ms; prometheus log:\n${prometheus.log()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
