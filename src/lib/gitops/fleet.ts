/**
 * Fleets: one repository, many clusters, delivered from a hub in rollout waves.
 *
 * Argo CD: one `ApplicationSet` for every cluster of the repository. Its Git files generator reads
 * the small parameter file each cluster's output folder holds (`<root>/<cluster>/argocd/fleet.yaml`:
 * the cluster's name, wave, Argo CD destination, folder and ignore rules), so the ApplicationSet names
 * no cluster and stays the same object whatever the number of clusters. Each generated Application
 * is what the cluster's own `Application` is (ArgoCdApplication): the cluster's folder, retries,
 * `RespectIgnoreDifferences=true` and the cluster's ignore rules (through `templatePatch`, from its
 * parameter file), labelled with its wave. `strategy: RollingSync` syncs the waves in order, a step
 * waiting for the Applications of the one before to be healthy (Argo CD's "Progressive Syncs").
 * RollingSync turns automated sync off on every generated Application ("RollingSync will force all
 * generated Applications to have autosync disabled", argo-cd docs/operator-manual/applicationset/
 * Progressive-Syncs.md): the ApplicationSet controller itself syncs the OutOfSync Applications of
 * each step, a step once every Application of the steps before is Healthy, so a change in Git (or
 * drift on a cluster, which makes its Application OutOfSync) is synced wave by wave. Those syncs
 * prune when the template's `automated.prune` is true: the controller reads it before it turns
 * automation off (applicationset/progressivesync/progressive_sync.go, SyncDesiredApplications, at
 * v3.5.1), so the template keeps the cluster Application's `automated` (and the controller logs a
 * warning that it turned it off). Progressive syncs are off by default in Argo CD: the
 * ApplicationSet controller needs `applicationsetcontroller.enable.progressive.syncs: "true"`.
 *
 * Flux: the hub runs Flux and reconciles every cluster through a kubeconfig Secret
 * (`spec.kubeConfig.secretRef`, kustomize-controller docs/spec/v1/kustomizations.md, "Remote
 * clusters"; the Secret is named `<cluster>-kubeconfig`, the Cluster API convention the same page
 * uses). Waves are gates: one empty Kustomization per wave, `calico-stack-wave-<wave>-gate`, that
 * depends on the last stage of every cluster of its wave; the first stage of a cluster of the next
 * wave depends on that gate. kustomize-controller holds a Kustomization until each dependency is
 * ready and has applied the revision of their shared source (internal/controller/
 * kustomization_controller.go, checkDependencies), so a commit reaches the later waves only once
 * every cluster of the earlier ones has applied it.
 */
import type { IApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet';
import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { applicationSyncPolicy } from './argocd';
import type { FluxSourceRef } from './flux';
import { GITOPS_NAME_PREFIX } from './names';
import { checkedProps } from '../common/props-check';

/** The label of a generated Application that names its rollout wave (RollingSync's steps select on it). */
export const WAVE_LABEL = 'calico-stack/wave';
/** The label of a generated Application that names its cluster. */
export const CLUSTER_LABEL = 'calico-stack/cluster';
/** The parameter file of a cluster in an Argo CD fleet, relative to its output folder. */
export const ARGOCD_FLEET_MEMBER_FILE = 'argocd/fleet.yaml';

/** One ignore rule of an Application (`spec.ignoreDifferences[]`): JSON pointers only, never indexes into a fleet. */
export interface IgnoreDifference {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
  readonly jsonPointers: readonly string[];
}

/**
 * The parameters of one cluster in an Argo CD fleet, as its parameter file holds them: what the
 * ApplicationSet's template reads (`{{.cluster}}`, `{{.wave}}`, `{{.destination}}`, `{{.folder}}`,
 * `{{ toJson .ignoreDifferences }}`).
 */
export interface ArgoCdFleetMember {
  /** The cluster's name: its Application is `calico-stack-<cluster>`. */
  readonly cluster: string;
  /** Its rollout wave. */
  readonly wave: string;
  /** The name the cluster is registered under in Argo CD (`destination.name`). */
  readonly destination: string;
  /** Its output folder inside the repository. */
  readonly folder: string;
  /** The fields the operator writes that the Application leaves to it. */
  readonly ignoreDifferences: readonly IgnoreDifference[];
}

/** The parameter keys of {@link ArgoCdFleetMember}, in the order the file holds them. */
export const ARGOCD_FLEET_PARAMETERS = ['cluster', 'wave', 'destination', 'folder', 'ignoreDifferences'] as const;

/** The parameter file's content: every key, in one order. */
export function argoCdFleetMember(member: ArgoCdFleetMember): ArgoCdFleetMember {
  return {
    cluster: member.cluster,
    wave: member.wave,
    destination: member.destination,
    folder: member.folder,
    ignoreDifferences: member.ignoreDifferences.map((d) => ({
      group: d.group, kind: d.kind, ...(d.name !== undefined ? { name: d.name } : {}), jsonPointers: [...d.jsonPointers],
    })),
  };
}

/** Props of {@link ArgoCdApplicationSet}. */
export interface ArgoCdApplicationSetProps {
  /** The ApplicationSet's name. */
  readonly name: string;
  /** Namespace Argo CD runs in (the ApplicationSet and its Applications go there). */
  readonly namespace: string;
  /** The Argo CD project of the Applications. */
  readonly project: string;
  /** The Git repository holding the output folders. */
  readonly repoURL: string;
  /** Branch, tag or commit the generator reads and the Applications sync. */
  readonly targetRevision: string;
  /** The folder inside the repository that holds the output folders (`dist`). */
  readonly root: string;
  /** The rollout waves, in order; each is one RollingSync step. */
  readonly waves: readonly string[];
}

/**
 * The template patch that gives each Application its cluster's ignore rules. A Go template, not
 * YAML: Argo CD renders it with the cluster's parameters, then reads the result as YAML (`toJson`
 * writes a JSON list, which is YAML).
 */
export const IGNORE_DIFFERENCES_PATCH = 'spec:\n  ignoreDifferences: {{ toJson .ignoreDifferences }}\n';

/**
 * One ApplicationSet for every cluster whose output folder holds a parameter file
 * ({@link ARGOCD_FLEET_MEMBER_FILE}), rolled out wave by wave. It names no cluster: adding a
 * cluster adds its folder, not a line here. No `resources-finalizer` on the Applications and
 * `preserveResourcesOnDeletion`: deleting the ApplicationSet or an Application leaves the CNI running.
 */
export class ArgoCdApplicationSet extends Construct {
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationSetProps) {
    super(scope, id);
    props = checkedProps(this, 'ArgoCdApplicationSetProps', props);
    if (props.waves.length === 0) throw new Error('ArgoCdApplicationSet needs at least one wave');
    const applicationSet: IApplicationSet = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{
          git: {
            repoURL: props.repoURL,
            revision: props.targetRevision,
            files: [{ path: `${props.root}/*/${ARGOCD_FLEET_MEMBER_FILE}` }],
          },
        }],
        strategy: {
          type: 'RollingSync',
          rollingSync: {
            steps: props.waves.map((wave) => ({ matchExpressions: [{ key: WAVE_LABEL, operator: 'In', values: [wave] }] })),
          },
        },
        syncPolicy: { preserveResourcesOnDeletion: true },
        template: {
          metadata: {
            name: `${GITOPS_NAME_PREFIX}-{{.cluster}}`,
            labels: { [CLUSTER_LABEL]: '{{.cluster}}', [WAVE_LABEL]: '{{.wave}}' },
          },
          spec: {
            project: props.project,
            source: { repoURL: props.repoURL, targetRevision: props.targetRevision, path: '{{.folder}}' },
            destination: { name: '{{.destination}}' },
            // RollingSync turns `automated` off, and keeps its `prune` for the syncs it triggers.
            syncPolicy: applicationSyncPolicy(),
          },
        },
        templatePatch: IGNORE_DIFFERENCES_PATCH,
      },
    };
    this.resource = new ApiObject(this, 'Resource', applicationSet);
  }
}

/** How a cluster takes part in the fleets of its repository (a render option: the cluster's own files change). */
export interface FleetMembership {
  /** The cluster's rollout wave. */
  readonly wave: string;
  /** Delivered by the Argo CD fleet: `argocd/fleet.yaml` instead of its own `argocd/application.yaml`. */
  readonly argocd?: {
    /** The name the cluster is registered under in Argo CD. */
    readonly destination: string;
  };
  /** Delivered by the Flux fleet's hub: through the cluster's kubeconfig Secret, after the previous wave. */
  readonly flux?: {
    /** The wave before the cluster's; undefined in the first wave. */
    readonly after?: string;
  };
}

/** The gate Kustomization of a wave in a Flux fleet. */
export function fluxWaveGateName(wave: string): string {
  return `${GITOPS_NAME_PREFIX}-wave-${wave}-gate`;
}

/** The kubeconfig Secret of a cluster in a Flux fleet (Cluster API's `<cluster>-kubeconfig`). */
export function fluxKubeConfigSecret(cluster: string): string {
  return `${cluster}-kubeconfig`;
}

/** One wave of {@link FluxWaveGates}. */
export interface FluxWave {
  readonly wave: string;
  /** The last Kustomization of each cluster of the wave (its gate waits for them). */
  readonly lastKustomizations: readonly string[];
}

/** Props of {@link FluxWaveGates}. */
export interface FluxWaveGatesProps {
  /** Namespace of the Kustomizations (the clusters' ones too). */
  readonly namespace: string;
  readonly sourceRef: FluxSourceRef;
  /** The folder of an empty kustomization.yaml inside the repository: what a gate applies. */
  readonly path: string;
  /** In rollout order. */
  readonly waves: readonly FluxWave[];
}

/**
 * One Kustomization per wave that applies nothing and is ready once every cluster of its wave is;
 * the clusters of the next wave depend on it.
 */
export class FluxWaveGates extends Construct {
  public readonly gates: ApiObject[];

  constructor(scope: Construct, id: string, props: FluxWaveGatesProps) {
    super(scope, id);
    props = checkedProps(this, 'FluxWaveGatesProps', props);
    this.gates = props.waves.map(({ wave, lastKustomizations }) => {
      const gate: IKustomization = {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: fluxWaveGateName(wave), namespace: props.namespace },
        spec: {
          interval: '10m',
          retryInterval: '1m',
          timeout: '5m',
          path: `./${props.path}`,
          prune: true,
          sourceRef: { ...props.sourceRef },
          ...(lastKustomizations.length > 0 ? { dependsOn: [...lastKustomizations].sort().map((name) => ({ name })) } : {}),
        },
      };
      return new ApiObject(this, wave, gate);
    });
  }
}
