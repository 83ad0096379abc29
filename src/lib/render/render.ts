/**
 * Renders one cluster into the files of its output folder: one `NNNN-<chart>.k8s.yaml` file per
 * chart, numbered in apply order, plus kustomization.yaml and the GitOps files (layout.ts). Pure:
 * writing them is the job of OutputDirectory.
 */
import { App } from 'cdk8s';
import { manifestFiles } from './layout';
import { outputFiles } from './outputs';
import { toYamlDocuments } from './yaml';
import { RenderedObject } from '../calico/operator-written-fields';
import { memosOf } from '../common/memo';
import type { FleetMembership } from '../gitops/fleet';
import { CalicoStack } from '../stack/calico-stack';
import { ClusterSpec } from '../stack/cluster-spec';

/**
 * Every file of the stack's output folder, by `/`-separated relative path. Each chart is
 * synthesized once (`chart.toJson()` validates the app, so a stack with errors throws, and orders
 * the objects by their dependencies, as `cdk8s synth` does).
 */
export function renderStack(stack: CalicoStack, fleet?: FleetMembership): Map<string, string> {
  const rendered = stack.stages.map(({ chart }) => chart.toJson() as RenderedObject[]);
  const files = new Map<string, string>();
  const memos = memosOf(stack);
  manifestFiles(stack.stages).forEach(({ file }, i) => files.set(file, toYamlDocuments(rendered[i], memos)));
  for (const [file, text] of outputFiles(stack, rendered.flat(), fleet)) files.set(file, text);
  return files;
}

/** The files of `spec`'s output folder, rendered in an App of their own. */
export function renderClusterFiles(spec: ClusterSpec): Map<string, string> {
  return renderStack(new CalicoStack(new App(), 'cluster', spec));
}
