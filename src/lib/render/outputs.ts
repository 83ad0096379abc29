/**
 * The files of an output folder besides the numbered manifests: kustomization.yaml, and with
 * gitops enabled the Argo CD Application and the Flux Kustomizations (see layout.ts). Pure: returns
 * each file's text by path; renderCluster() writes them.
 */
import { App, Chart } from 'cdk8s';
import { ArgoCdApplication } from '../gitops/argocd';
import { FluxHealthCheck, FluxKustomizations } from '../gitops/flux';
import { argoCdFleetMember, ARGOCD_FLEET_MEMBER_FILE, FleetMembership, fluxKubeConfigSecret, fluxWaveGateName, IgnoreDifference } from '../gitops/fleet';
import { kustomization, kustomizationYaml } from '../gitops/kustomization';
import { stringify } from 'yaml';
import { gitopsName } from '../gitops/names';
import {
  ARGOCD_APPLICATION_FILE, FLUX_KUSTOMIZATION_FILE, GENERATED_MARK, FLUX_SYNC_FILE, FLUX_SYNC_NAME, fluxStageDir, KUSTOMIZATION_FILE, ManifestFile, manifestFiles,
} from './layout';
import { chartsByStage, Stage } from '../gitops/stages';
import { toYamlDocuments } from './yaml';
import { operatorWrittenFields, RenderedObject } from '../calico/operator-written-fields';
import { calicoApiServerDeployment } from '../calico/calico-api-chart';
import { CRDS_BY_OPERATOR } from '../calico/crd-bundle';
import { memosOf } from '../common/memo';
import { CalicoStack } from '../stack/calico-stack';

const GENERATED = `${GENERATED_MARK} (npm run synth); do not edit.`;

export { GITOPS_NAME_PREFIX } from '../gitops/names';

/**
 * Text of every non-manifest file of the output folder, by path relative to it, in a stable order.
 * `rendered` is every object of the cluster's charts, as synthesized.
 */
export function outputFiles(stack: CalicoStack, rendered: readonly RenderedObject[], fleet?: FleetMembership): Map<string, string> {
  const manifests = manifestFiles(stack.stages);
  const files = new Map<string, string>();
  files.set(KUSTOMIZATION_FILE, kustomizationYaml(
    kustomization(manifests.map((m) => m.file)),
    `${stack.clusterName}: every stage, in apply order. ${GENERATED}`,
  ));
  if (stack.gitops.argocd.enabled) {
    if (fleet?.argocd) files.set(ARGOCD_FLEET_MEMBER_FILE, argoCdFleetMemberYaml(stack, rendered, fleet.wave, fleet.argocd.destination));
    else files.set(ARGOCD_APPLICATION_FILE, argoCdApplicationYaml(stack, rendered));
  }
  if (stack.gitops.flux.enabled) {
    for (const [file, text] of fluxFiles(stack, manifests, fleet?.flux ? { after: fleet.flux.after } : undefined)) files.set(file, text);
  }
  return files;
}

function argoCdApplicationYaml(stack: CalicoStack, rendered: readonly RenderedObject[]): string {
  const a = stack.gitops.argocd;
  if (a.repoURL === undefined) throw new Error('gitops.argocd.repoURL is required when gitops.argocd.enabled is true');
  const chart = new Chart(new App(), 'argocd');
  new ArgoCdApplication(chart, 'Application', {
    name: gitopsName(stack.clusterName),
    namespace: a.namespace,
    project: a.project,
    repoURL: a.repoURL,
    targetRevision: a.targetRevision,
    path: a.path,
    server: a.server,
    operatorWrittenFields: operatorWrittenFields(rendered, stack.calico.release),
  });
  return toYamlDocuments(chart.toJson(), memosOf(stack));
}

/** The cluster's parameters in the Argo CD fleet (fleet.ts): what its own Application would say. */
function argoCdFleetMemberYaml(stack: CalicoStack, rendered: readonly RenderedObject[], wave: string, destination: string): string {
  const member = argoCdFleetMember({
    cluster: stack.clusterName,
    wave,
    destination,
    folder: stack.gitops.argocd.path,
    ignoreDifferences: ignoreDifferences(stack, rendered),
  });
  return `# ${stack.clusterName}: its parameters in the Argo CD fleet's ApplicationSet. ${GENERATED}\n${stringify(member, { lineWidth: 0 })}`;
}

function ignoreDifferences(stack: CalicoStack, rendered: readonly RenderedObject[]): IgnoreDifference[] {
  return operatorWrittenFields(rendered, stack.calico.release).map((f) => ({ group: f.group, kind: f.kind, name: f.name, jsonPointers: [...f.jsonPointers] }));
}

/** In the Flux fleet: `after`, the wave whose gate the first stage waits for. */
function fluxFiles(stack: CalicoStack, manifests: readonly ManifestFile[], fleet?: { readonly after?: string }): Array<[string, string]> {
  const f = stack.gitops.flux;
  const stages = chartsByStage(stack.stages).map(({ stage }, i) => {
    const dependsOn = [
      ...(i === 0 && fleet?.after !== undefined ? [{ name: fluxWaveGateName(fleet.after) }] : []),
      ...stack.externalRequirements.filter((r) => r.stage === stage).flatMap((r) => r.fluxDependsOn),
    ];
    return {
      stage,
      path: `${f.path}/${fluxStageDir(stage)}`,
      ...(stage === Stage.OPERATOR && stack.crdSource === CRDS_BY_OPERATOR ? { healthChecks: operatorHealthChecks(stack) } : {}),
      ...(stage === Stage.CALICO && stack.calicoApi ? { healthChecks: calicoHealthChecks(stack) } : {}),
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
    };
  });
  const chart = new Chart(new App(), 'flux');
  new FluxKustomizations(chart, 'Kustomizations', {
    namePrefix: gitopsName(stack.clusterName),
    namespace: f.namespace,
    sourceRef: f.sourceRef,
    stages,
    ...(fleet ? { kubeConfigSecret: fluxKubeConfigSecret(stack.clusterName) } : {}),
  });
  return [
    [FLUX_KUSTOMIZATION_FILE, kustomizationYaml(
      kustomization([FLUX_SYNC_NAME]),
      `${stack.clusterName}: the Flux Kustomizations only (not the stage folders next to this file).\n${GENERATED}`,
    )],
    [FLUX_SYNC_FILE, toYamlDocuments(chart.toJson(), memosOf(stack))],
    ...stages.map(({ stage }): [string, string] => [
      `${fluxStageDir(stage)}/${KUSTOMIZATION_FILE}`,
      kustomizationYaml(
        kustomization(manifests.filter((m) => m.stage === stage).map((m) => `../../${m.file}`)),
        `${stack.clusterName}, stage ${stage}: built by Flux, which loads files from anywhere inside the source.\n${GENERATED}`,
      ),
    ]),
  ];
}

/**
 * With a projectcalico.org/v3 stage next, the Calico stage is ready when the Calico API server that
 * serves that API group runs (the operator deploys it once calico-node is up): until then the next
 * stage's dry run could not find the kinds.
 */
function calicoHealthChecks(stack: CalicoStack): FluxHealthCheck[] {
  const { name, namespace } = calicoApiServerDeployment(stack.calico.release);
  return [{ apiVersion: 'apps/v1', kind: 'Deployment', name, namespace }];
}

/**
 * The operator stage is ready when the operator runs and has created the CRDs the custom resources
 * of the next stage need.
 */
function operatorHealthChecks(stack: CalicoStack): FluxHealthCheck[] {
  const deployment = stack.operator.operator.deployment;
  return [
    { apiVersion: deployment.apiVersion, kind: deployment.kind, name: deployment.name, namespace: deployment.metadata.namespace },
    ...stack.calico.requiredCrds().map((name) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name })),
  ];
}
