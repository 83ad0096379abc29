/**
 * Flux: one `Kustomization` (kustomize.toolkit.fluxcd.io/v1) per stage, each depending on the one
 * before. kustomize-controller dry-runs everything of one Kustomization before applying it, so
 * custom resources whose CRD does not exist yet cannot share a Kustomization with what creates the
 * CRD (flux2#562); a stage is reported ready only when its objects (`wait`) or the objects named in
 * `healthChecks` are, and the next stage starts after that. Every stage prunes what leaves the
 * repository except the CRD stage: deleting a CRD deletes every custom resource of its kind.
 *
 * The fields the Tigera operator writes into the objects need nothing here, by design (docs/gitops.md,
 * "Fields the operator writes"). kustomize-controller applies with server-side apply under the default
 * `kustomize.toolkit.fluxcd.io/ssa: Override` policy and detects drift with a server-side apply dry
 * run (fluxcd/kustomize-controller docs/spec/v1/kustomizations.md, the example's reconciliation and
 * "Controlling the apply behavior of resources"); before applying it takes back only the fields of
 * kubectl's field managers, of its own pre-SSA updates and of those named with `--override-manager`
 * (internal/controller/kustomization_controller.go, the `fieldManagers` list; docs/README.md). A field
 * it does not apply therefore stays the operator's. What it does take back is a list applied whole: "For
 * lists fields which are atomic … any changes to these fields will be reverted" (the same document,
 * on `Merge`), and `spec.calicoNetwork.ipPools` is one (no list-type marker in the Installation CRD).
 * So calico-stack renders every field the operator would write into a pool, and every other default
 * the object alone decides (calico/operator-written-fields.ts): what is left to the operator is never
 * in what Flux applies. `IfNotPresent` would stop every later change from Git, `Merge` changes
 * nothing for atomic lists, and `.spec.ignore` (kustomize-controller v1.9) is not needed.
 */
import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { fluxKustomizationName } from './names';
import { Stage } from './stages';
import { checkedProps } from '../common/props-check';

/** The kinds of Flux source a Kustomization can read (`sourceRef.kind`). */
export enum FluxSourceKind {
  GIT_REPOSITORY = 'GitRepository',
  OCI_REPOSITORY = 'OCIRepository',
  BUCKET = 'Bucket',
}

/** An object Flux waits for (it need not be applied by the Kustomization itself). */
export interface FluxHealthCheck {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A Kustomization another one depends on (`spec.dependsOn[]`). */
export interface FluxDependency {
  readonly name: string;
  /** @default - the depending Kustomization's namespace */
  readonly namespace?: string;
}

/** One stage of {@link FluxKustomizations}: one Kustomization. */
export interface FluxStage {
  readonly stage: Stage;
  /** Folder of the stage's kustomization.yaml inside the repository. */
  readonly path: string;
  /**
   * Kustomizations outside the cluster's stages the stage waits for too (the one that installs
   * kube-prometheus-stack, say), after the previous stage.
   * @default - none
   */
  readonly dependsOn?: readonly FluxDependency[];
  /**
   * Objects to wait for instead of the stage's own (Flux ignores `healthChecks` when `wait` is on).
   * @default - wait for every object of the stage
   */
  readonly healthChecks?: readonly FluxHealthCheck[];
}

/** The Flux source a Kustomization reads (`spec.sourceRef`). */
export interface FluxSourceRef {
  readonly kind: `${FluxSourceKind}`;
  readonly name: string;
  /** @default - the Kustomization's namespace */
  readonly namespace?: string;
}

/** Props of {@link FluxKustomizations}. */
export interface FluxKustomizationsProps {
  /** Prefix of the Kustomization names (`<prefix>-<stage>`). */
  readonly namePrefix: string;
  /** Namespace of the Kustomizations. */
  readonly namespace: string;
  readonly sourceRef: FluxSourceRef;
  /** In apply order. */
  readonly stages: readonly FluxStage[];
  /**
   * A Secret in the Kustomizations' namespace holding the kubeconfig of the cluster to apply to
   * (`spec.kubeConfig.secretRef`: a hub reconciling a remote cluster).
   * @default - the cluster Flux runs in
   */
  readonly kubeConfigSecret?: string;
}

/** Reconcile every 10 minutes; retry a failed stage after 1; give a stage 5 to become ready. */
const TIMING = { interval: '10m', retryInterval: '1m', timeout: '5m' } as const;

/** One Flux `Kustomization` per stage, each depending on the one before. */
export class FluxKustomizations extends Construct {
  public readonly kustomizations: ApiObject[];

  constructor(scope: Construct, id: string, props: FluxKustomizationsProps) {
    super(scope, id);
    props = checkedProps(this, 'FluxKustomizationsProps', props);
    if (props.stages.length === 0) throw new Error('FluxKustomizations needs at least one stage');
    const nameOf = (s: FluxStage) => fluxKustomizationName(props.namePrefix, s.stage);
    this.kustomizations = props.stages.map((s, i) => {
      const kustomization: IKustomization = {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: nameOf(s), namespace: props.namespace },
        spec: {
          ...TIMING,
          path: `./${s.path}`,
          prune: s.stage !== Stage.CRDS,
          sourceRef: { ...props.sourceRef },
          ...(i > 0 || s.dependsOn?.length ? {
            dependsOn: [...(i > 0 ? [{ name: nameOf(props.stages[i - 1]) }] : []), ...(s.dependsOn ?? []).map((d) => ({ ...d }))],
          } : {}),
          ...(props.kubeConfigSecret !== undefined ? { kubeConfig: { secretRef: { name: props.kubeConfigSecret } } } : {}),
          ...(s.healthChecks ? { healthChecks: s.healthChecks.map((h) => ({ ...h })) } : { wait: true }),
        },
      };
      return new ApiObject(this, s.stage, kustomization);
    });
  }
}
