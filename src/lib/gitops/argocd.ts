/**
 * Argo CD: sync waves and sync options on the rendered objects, and one `Application` per cluster.
 *
 * Sync waves order the stages inside one sync (Argo CD waits for a wave to be healthy before the
 * next). Custom resources whose CRD the operator creates at start carry
 * `SkipDryRunOnMissingResource=true`, so the dry run before the first sync does not fail on
 * `no matches for kind "Installation"`; so do custom resources whose CRD another installation
 * provides (kube-prometheus-stack's PodMonitor and PrometheusRule): without that CRD only their own
 * wave fails, not the dry run of the whole sync, the CNI included. CRDs carry `ServerSideApply=true`, because the Installation
 * CRD does not fit the 262144-byte last-applied annotation of a client-side apply, and `Prune=false`:
 * a CRD that leaves the repository (say, on the move to a release whose operator creates its CRDs)
 * must not be deleted, which would delete every custom resource of its kind.
 */
import type { IApplication } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { STAGES, StagedChart } from './stages';
import { OperatorWrittenFields } from '../calico/operator-written-fields';
import { checkedProps } from '../common/props-check';

/** The annotation that orders an object's sync in Argo CD. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** The annotation holding an object's comma-separated Argo CD sync options. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/** Argo CD sync options this project sets (per object in an annotation, or on the Application). */
export enum SyncOption {
  SERVER_SIDE_APPLY = 'ServerSideApply=true',
  SKIP_DRY_RUN_ON_MISSING_RESOURCE = 'SkipDryRunOnMissingResource=true',
  PRUNE_FALSE = 'Prune=false',
  RESPECT_IGNORE_DIFFERENCES = 'RespectIgnoreDifferences=true',
}

/** Options of {@link addArgoCdSyncAnnotations}. */
export interface ArgoCdSyncAnnotationsOptions {
  /** API groups whose CRDs are not applied by this sync but created by an operator of an earlier wave. */
  readonly groupsWithCrdsFromOperator: readonly string[];
  /**
   * API groups whose CRDs another installation provides (kube-prometheus-stack's `monitoring.coreos.com`).
   * @default - none
   */
  readonly groupsWithExternalCrds?: readonly string[];
}

/**
 * Annotates every object of `stages` with its stage's sync wave and the sync options above.
 * Call once, after every chart is built and before synth.
 */
export function addArgoCdSyncAnnotations(stages: readonly StagedChart[], options: ArgoCdSyncAnnotationsOptions): void {
  for (const { stage, chart } of stages) {
    const wave = STAGES.get(stage)!.syncWave;
    for (const obj of chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(wave));
      if (obj.kind === 'CustomResourceDefinition') {
        addSyncOption(obj, SyncOption.SERVER_SIDE_APPLY);
        addSyncOption(obj, SyncOption.PRUNE_FALSE);
      } else if ([...options.groupsWithCrdsFromOperator, ...(options.groupsWithExternalCrds ?? [])].includes(obj.apiGroup)) {
        addSyncOption(obj, SyncOption.SKIP_DRY_RUN_ON_MISSING_RESOURCE);
      }
    }
  }
}

/** Adds `option` to the object's comma-separated sync options, keeping the ones it has. */
export function addSyncOption(obj: ApiObject, option: SyncOption): void {
  const current = (obj.metadata.toJson().annotations as Record<string, string> | undefined)?.[SYNC_OPTIONS_ANNOTATION];
  const options = current ? current.split(',').map((o) => o.trim()) : [];
  if (!options.includes(option)) obj.metadata.addAnnotation(SYNC_OPTIONS_ANNOTATION, [...options, option].join(','));
}

/** The retries of an Application: the custom resources' CRDs appear only once the operator runs. */
export const APPLICATION_RETRY = { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/**
 * An Application's sync policy as calico-stack writes it. Typed here rather than with
 * @kubernetes-models/argo-cd's types, a devDependency: the package's declarations (this is an
 * exported function) may name only what a user's app installs with calico-stack.
 */
export interface ApplicationSyncPolicy {
  automated: { prune: boolean; selfHeal: boolean };
  syncOptions: string[];
  retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } };
}

/**
 * The sync policy of a cluster's Application, its own or one an ApplicationSet generates: automated
 * with prune and self-heal, `RespectIgnoreDifferences=true`, retries.
 */
export function applicationSyncPolicy(): ApplicationSyncPolicy {
  return {
    automated: { prune: true, selfHeal: true },
    syncOptions: [SyncOption.RESPECT_IGNORE_DIFFERENCES],
    retry: { ...APPLICATION_RETRY, backoff: { ...APPLICATION_RETRY.backoff } },
  };
}

/** Props of {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps {
  /** Application name, unique in the Argo CD instance. */
  readonly name: string;
  /** Namespace Argo CD runs in. */
  readonly namespace: string;
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** The cluster's output folder in the repository (it holds kustomization.yaml). */
  readonly path: string;
  /** API server the objects go to. */
  readonly server: string;
  /** Fields an operator writes into rendered objects: left out of the diff and kept on sync. */
  readonly operatorWrittenFields: readonly OperatorWrittenFields[];
}

/**
 * The Application that syncs one cluster's folder. Automated sync with prune and self-heal (Argo CD
 * refuses an automated sync that would leave the app empty, the default `allowEmpty: false`), and
 * retries, because the custom resources' CRDs appear only once the operator of the previous wave runs.
 * No `resources-finalizer`: deleting the Application must not delete the cluster's CNI.
 */
export class ArgoCdApplication extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    props = checkedProps(this, 'ArgoCdApplicationProps', props);
    const application: IApplication = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        project: props.project,
        source: { repoURL: props.repoURL, targetRevision: props.targetRevision, path: props.path },
        destination: { server: props.server },
        syncPolicy: applicationSyncPolicy(),
        ...(props.operatorWrittenFields.length > 0
          ? {
            ignoreDifferences: props.operatorWrittenFields.map((f) => ({
              group: f.group, kind: f.kind, name: f.name, jsonPointers: [...f.jsonPointers],
            })),
          }
          : {}),
      },
    };
    this.resource = new ApiObject(this, 'Resource', application);
  }
}
