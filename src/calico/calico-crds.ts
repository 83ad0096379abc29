/**
 * The operator's CRDs from a user-supplied bundle, for releases whose operator cannot create them.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Crd } from './crd-bundle';

/**
 * Annotation asking Argo CD to apply with server-side apply: the Installation CRD is far larger than
 * the 262144-byte `last-applied-configuration` annotation a client-side `kubectl apply` writes.
 */
export const SERVER_SIDE_APPLY_ANNOTATION = { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' } as const;

/** Props of {@link CalicoCrds}. */
export interface CalicoCrdsProps {
  /** CRDs in the order they are rendered. */
  readonly crds: readonly Crd[];
}

/**
 * The CRDs of a release's `operator-crds.yaml`, unchanged but for the `ServerSideApply=true` sync option
 * (for releases whose operator cannot create its CRDs, v3.28.2).
 */
export class CalicoCrds extends Construct {
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: CalicoCrdsProps) {
    super(scope, id);
    if (props.crds.length === 0) throw new Error('CalicoCrds needs at least one CRD');
    this.apiObjects = props.crds.map((crd) => {
      const { apiVersion, kind, metadata, ...rest } = crd;
      const annotations = { ...(metadata.annotations as Record<string, string> | undefined), ...SERVER_SIDE_APPLY_ANNOTATION };
      return new ApiObject(this, metadata.name, { apiVersion, kind, metadata: { ...metadata, annotations }, ...rest });
    });
  }
}
