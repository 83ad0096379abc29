/**
 * Renders one cluster into the files of its output folder: one `NNNN-<chart>.k8s.yaml` file per
 * chart, numbered in apply order, plus kustomization.yaml and the GitOps files (layout.ts). Pure:
 * writing them is the job of OutputDirectory.
 */
import { App } from 'cdk8s';
import { manifestFiles } from './layout';
import { outputFiles } from './outputs';
import { toYamlDocuments } from './yaml';
import { buildApp } from '../app';
import { RenderedObject } from '../calico/operator-written-fields';
import { ClusterConfig } from '../config/cluster-config';

/**
 * Every file of the cluster's output folder, by `/`-separated relative path. Each chart is
 * synthesized once (`chart.toJson()` validates the app and orders the objects by their
 * dependencies, as `cdk8s synth` does).
 */
export function renderClusterFiles(config: ClusterConfig): Map<string, string> {
  const cluster = buildApp(new App(), config);
  const rendered = cluster.stages.map(({ chart }) => chart.toJson() as RenderedObject[]);
  const files = new Map<string, string>();
  manifestFiles(cluster.stages).forEach(({ file }, i) => files.set(file, toYamlDocuments(rendered[i])));
  for (const [file, text] of outputFiles(config, cluster, rendered.flat())) files.set(file, text);
  return files;
}
