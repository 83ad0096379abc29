/**
 * The files of one output folder (`dist/<cluster>/`), by path relative to it:
 *
 *   NNNN-<chart>.k8s.yaml        one file per chart, numbered in apply order (cdk8s FILE_PER_CHART)
 *   kustomization.yaml           lists the numbered files in that order (`kubectl apply -k`, Argo CD)
 *   argocd/application.yaml      the Argo CD Application (gitops.argocd.enabled); not in kustomization.yaml
 *   flux/kustomization.yaml      lists flux/sync.yaml only (gitops.flux.enabled)
 *   flux/sync.yaml               one Flux Kustomization per stage, chained with dependsOn
 *   flux/<stage>/kustomization.yaml   the numbered files of one stage (`../../NNNN-…`)
 */
import { Names } from 'cdk8s';
import { Stage, StagedChart } from './stages';

export const MANIFEST_EXTENSION = '.k8s.yaml';
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
export const ARGOCD_APPLICATION_FILE = 'argocd/application.yaml';
export const FLUX_DIR = 'flux';
export const FLUX_KUSTOMIZATION_FILE = `${FLUX_DIR}/${KUSTOMIZATION_FILE}`;
/** The Flux Kustomizations, relative to FLUX_DIR. */
export const FLUX_SYNC_NAME = 'sync.yaml';
export const FLUX_SYNC_FILE = `${FLUX_DIR}/${FLUX_SYNC_NAME}`;

/** The folder of a stage's Flux kustomization, relative to the output folder. */
export function fluxStageDir(stage: Stage): string {
  return `${FLUX_DIR}/${stage}`;
}

/** A numbered manifest file and the stage of its chart. */
export interface ManifestFile {
  readonly stage: Stage;
  readonly file: string;
}

/**
 * The file each chart is synthesized into, in apply order: cdk8s names a chart's file
 * `<4-digit index>-<chart id as DNS label>` once charts depend on each other (IndexedChartNamer).
 * renderCluster() checks that every name exists after synth, so a change in cdk8s cannot go unnoticed.
 */
export function manifestFiles(stages: readonly StagedChart[]): ManifestFile[] {
  return stages.map(({ stage, chart }, i) => ({
    stage,
    file: `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}${MANIFEST_EXTENSION}`,
  }));
}

const OUR_FILE = new RegExp(`^(${[
  `\\d{4}-[a-z0-9-]+${escape(MANIFEST_EXTENSION)}`,
  escape(KUSTOMIZATION_FILE),
  escape(ARGOCD_APPLICATION_FILE),
  escape(FLUX_SYNC_FILE),
  `${escape(FLUX_DIR)}/([a-z0-9-]+/)?${escape(KUSTOMIZATION_FILE)}`,
].join('|')})$`);

/** Whether calico-stack writes a file at `relPath` (`/`-separated) of an output folder. */
export function isOurFile(relPath: string): boolean {
  return OUR_FILE.test(relPath);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
