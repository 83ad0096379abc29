/**
 * Synthesizes one cluster into a folder: one `NNNN-<chart>.k8s.yaml` file per chart, numbered in
 * apply order.
 */
import { App, YamlOutputType } from 'cdk8s';
import { buildApp } from '../app';
import { ClusterConfig } from '../config/cluster-config';

export const MANIFEST_EXTENSION = '.k8s.yaml';

/** Renders `config` into `outdir` (created; existing files with the same names are overwritten). */
export function renderCluster(config: ClusterConfig, outdir: string): void {
  const app = new App({ outdir, outputFileExtension: MANIFEST_EXTENSION, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildApp(app, config);
  app.synth();
}
