/**
 * GitOps: apply stages and their order, Argo CD sync waves and the Application, Flux Kustomizations,
 * kustomization.yaml, and what the operator writes into rendered objects (ignore rules).
 *
 * Only re-exports; each export is documented where it is declared.
 *
 * @module gitops
 */
export { chartsByStage, orderStages, Stage, type StagedChart, type StageInfo, STAGES } from './stages';
export {
  addArgoCdSyncAnnotations, addSyncOption, APPLICATION_RETRY, ArgoCdApplication, type ArgoCdApplicationProps,
  type ArgoCdSyncAnnotationsOptions, SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION, SyncOption,
} from './argocd';
export {
  ARGOCD_FLEET_MEMBER_FILE, ARGOCD_FLEET_PARAMETERS, ArgoCdApplicationSet, type ArgoCdApplicationSetProps, type ArgoCdFleetMember, argoCdFleetMember, CLUSTER_LABEL,
  type FleetMembership, fluxKubeConfigSecret, type FluxWave, fluxWaveGateName, FluxWaveGates, type FluxWaveGatesProps, IGNORE_DIFFERENCES_PATCH, type IgnoreDifference, WAVE_LABEL,
} from './fleet';
export { apiGroupOf, type ExternalRequirement } from './external-requirements';
export { type FluxDependency, type FluxHealthCheck, FluxKustomizations, type FluxKustomizationsProps, FluxSourceKind, type FluxSourceRef, type FluxStage } from './flux';
export {
  type ArgoCdSettings, type ArgoCdSpec, type FluxSettings, type FluxSpec, GITOPS_DEFAULTS, type GitOpsSettings, type GitOpsSpec, gitOpsSettings, MAX_WAVE_LENGTH, waveFindings,
} from './gitops-settings';
export { kustomization, type KustomizeKustomization, kustomizationYaml } from './kustomization';
export {
  type OperatorWriteRow, operatorWriteTable, type OperatorWritesRelease, type OperatorWrittenFields, operatorWrittenFields, type RenderedObject, withOperatorDefaults, WriteDisposition,
} from '../calico/operator-written-fields';
