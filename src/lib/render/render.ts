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

/** A stack's render: its files, and the objects of each numbered manifest file as synthesized. */
export interface StackRender {
  /** Every file of the output folder, by `/`-separated relative path (what renderStack() gives). */
  readonly files: Map<string, string>;
  /** The objects of each numbered manifest file, by its path, in file order: the values its YAML holds. */
  readonly manifests: ReadonlyMap<string, readonly RenderedObject[]>;
}

/**
 * Every file of the stack's output folder, by `/`-separated relative path. Each chart is
 * synthesized once (`chart.toJson()` validates the app, so a stack with errors throws, and orders
 * the objects by their dependencies, as `cdk8s synth` does).
 */
export function renderStack(stack: CalicoStack, fleet?: FleetMembership): Map<string, string> {
  return renderStackObjects(stack, fleet).files;
}

/** renderStack(), with the synthesized objects of the manifest files (for readers that would otherwise parse the YAML again). */
export function renderStackObjects(stack: CalicoStack, fleet?: FleetMembership): StackRender {
  const rendered = stack.stages.map(({ chart }) => chart.toJson() as RenderedObject[]);
  const files = new Map<string, string>();
  const manifests = new Map<string, readonly RenderedObject[]>();
  const memos = memosOf(stack);
  manifestFiles(stack.stages).forEach(({ file }, i) => {
    files.set(file, toYamlDocuments(rendered[i], memos));
    manifests.set(file, rendered[i]);
  });
  for (const [file, text] of outputFiles(stack, rendered.flat(), fleet)) files.set(file, text);
  return { files, manifests };
}

/** The files of `spec`'s output folder, rendered in an App of their own. */
export function renderClusterFiles(spec: ClusterSpec): Map<string, string> {
  return renderStack(new CalicoStack(new App(), 'cluster', spec));
}
