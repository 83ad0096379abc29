/**
 * Synthesizes one cluster into a folder: one `NNNN-<chart>.k8s.yaml` file per chart, numbered in
 * apply order, plus kustomization.yaml and the GitOps files (layout.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { manifestFiles } from './layout';
import { outputFiles } from './outputs';
import { toYamlDocuments } from './yaml';
import { buildApp } from '../app';
import { RenderedObject } from '../calico/operator-defaults';
import { ClusterConfig } from '../config/cluster-config';

/**
 * Renders `config` into `outdir` (created; existing files with the same names are overwritten).
 * Each chart is synthesized once (`chart.toJson()` validates the app and orders the objects by
 * their dependencies, as `cdk8s synth` does) and written under the name layout.ts gives it.
 */
export function renderCluster(config: ClusterConfig, outdir: string): void {
  const cluster = buildApp(new App(), config);
  const rendered = cluster.stages.map(({ chart }) => chart.toJson() as RenderedObject[]);
  const files = new Map<string, string>();
  manifestFiles(cluster.stages).forEach(({ file }, i) => files.set(file, toYamlDocuments(rendered[i])));
  for (const [file, text] of outputFiles(config, cluster, rendered.flat())) files.set(file, text);
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(outdir, file)), { recursive: true });
    fs.writeFileSync(path.join(outdir, file), text);
  }
}
