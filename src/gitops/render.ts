/**
 * Synthesizes one cluster into a folder: one `NNNN-<chart>.k8s.yaml` file per chart, numbered in
 * apply order, plus kustomization.yaml and the GitOps files (layout.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { MANIFEST_EXTENSION, manifestFiles } from './layout';
import { outputFiles } from './outputs';
import { buildApp } from '../app';
import { ClusterConfig } from '../config/cluster-config';

/** Renders `config` into `outdir` (created; existing files with the same names are overwritten). */
export function renderCluster(config: ClusterConfig, outdir: string): void {
  const app = new App({ outdir, outputFileExtension: MANIFEST_EXTENSION, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const cluster = buildApp(app, config);
  app.synth();
  for (const { file } of manifestFiles(cluster.stages)) {
    if (!fs.existsSync(path.join(outdir, file))) throw new Error(`cdk8s did not write ${file}: the file naming in src/gitops/layout.ts no longer matches cdk8s`);
  }
  for (const [file, text] of outputFiles(config, cluster)) {
    fs.mkdirSync(path.dirname(path.join(outdir, file)), { recursive: true });
    fs.writeFileSync(path.join(outdir, file), text);
  }
}
