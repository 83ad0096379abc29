/**
 * Test helpers: load an inline cluster description the way the CLI does (cluster file → ClusterSpec
 * → CalicoStack), synthesize it, and find rendered objects by kind and name.
 */
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { onWarnings } from '../src/lib/common/checks';
import { Finding, formatFinding } from '../src/lib/common/findings';
import { readClusterFile } from '../src/app/config/load';
import { renderStack } from '../src/lib/render/render';
import { STAGES } from '../src/lib/gitops/stages';
import { CalicoStack } from '../src/lib/stack/calico-stack';
import { ClusterSpec } from '../src/lib/stack/cluster-spec';
import { tempDir } from './temp';

export { tempDir } from './temp';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const ROOT = path.resolve(__dirname, '..');
/** The calico-stack command, as `npm run synth|check|plan|adopt|drift` and the package's bin run it (test/global-setup.ts built lib/). */
export const CLI = path.join(ROOT, 'bin', 'calico-stack.js');
/**
 * The original scenario (kubeadm on AWS, one IPIP pool of /24 blocks, Retina, monitoring, Argo CD and
 * Flux): a copy of the shipped example clusters/kans-homelab.yaml, so that the tests never depend
 * on what users keep in clusters/.
 */
export const SCENARIO = path.join(FIXTURES, 'scenario', 'kans-homelab.yaml');

/** A rendered Kubernetes object. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

/** The smallest valid cluster description, merged with `overrides` (one level deep per section). */
export function clusterDoc(overrides: Record<string, any> = {}): Record<string, any> {
  const base: Record<string, any> = { name: 'test', platform: { cloud: 'baremetal', podSubnet: '10.244.0.0/16' } };
  const out: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && base[key] ? { ...base[key], ...value } : value;
  }
  return out;
}

/**
 * A cdk8s app for tests whose output folder is a temporary folder removed after the test file (not
 * Testing.app()'s, which stays in $TMPDIR). Its warnings are not written to stderr at synth: tests
 * read them with findingsOf.
 */
export function testApp(): App {
  const app = Testing.app({ outdir: tempDir() });
  onWarnings(app, () => undefined);
  return app;
}

/** A chart in a testApp(), as Testing.chart() (whose app's output folder stays in $TMPDIR). */
export function testChart(): Chart {
  return new Chart(testApp(), 'test');
}

/** What loading a cluster file gives: its spec and stack when its shape is right, and every finding. */
export interface Loaded {
  readonly spec?: ClusterSpec;
  readonly stack?: CalicoStack;
  readonly findings: Finding[];
}

/** Loads a cluster description through the real loader (files land in a temp folder) and builds its stack: every finding. */
export function load(doc: Record<string, any> | string, extraFiles: Record<string, string> = {}): Loaded {
  const dir = tempDir({ 'cluster.yaml': typeof doc === 'string' ? doc : stringify(doc), ...extraFiles });
  return loadFile(path.join(dir, 'cluster.yaml'));
}

/** Loads a cluster file where it is (a fixture) and builds its stack, as the CLI does: every finding. */
export function loadFile(file: string): Loaded {
  const loaded = readClusterFile(file);
  if (!loaded.spec) return { findings: loaded.findings };
  const stack = new CalicoStack(testApp(), 'cluster', loaded.spec);
  return { spec: loaded.spec, stack, findings: [...loaded.findings, ...stack.findings] };
}

/** Loads and asserts there are no error findings: the cluster's stack. */
export function config(doc: Record<string, any> | string, extraFiles: Record<string, string> = {}): CalicoStack {
  return withoutErrors(load(doc, extraFiles));
}

/** The scenario's stack (SCENARIO), asserting there are no error findings. */
export function scenario(): CalicoStack {
  return withoutErrors(loadFile(SCENARIO));
}

function withoutErrors({ stack, findings }: Loaded): CalicoStack {
  const errors = findings.filter((f) => f.severity === 'error');
  if (!stack || errors.length > 0) throw new Error(`unexpected findings: ${JSON.stringify(errors)}`);
  return stack;
}

/** Synthesizes the cluster; returns each chart's objects by the name of its stage's file (`calico`, `tigera-operator`, ...). */
export function render(stack: CalicoStack): Record<string, K8sObject[]> {
  const out: Record<string, K8sObject[]> = {};
  for (const { stage, chart } of stack.stages) out[STAGES.get(stage)!.file] = Testing.synth(chart) as K8sObject[];
  return out;
}

/** All objects of a render, in file order. */
export function allObjects(rendered: Record<string, K8sObject[]>): K8sObject[] {
  return Object.values(rendered).flat();
}

/** The one object of `kind` named `name`; fails the test when there is not exactly one. */
export function find(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const hits = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return hits[0];
}

/** Every message of the findings, formatted as the CLI prints them. */
export function messages(findings: readonly Finding[]): string[] {
  return findings.map(formatFinding);
}

/** Renders the files `npm run synth` writes for the cluster into a temporary folder; returns it and every file's text by relative path. */
export function renderToFolder(stack: CalicoStack): { dir: string; files: Record<string, string> } {
  const files = Object.fromEntries([...renderStack(stack)].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { dir: tempDir(files), files };
}

/** The objects of a multi-document YAML text. */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}
