/**
 * The operator's CRDs from a user-supplied bundle, for releases whose operator cannot create them.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Crd } from './crd-bundle';
import { checkedProps } from '../common/props-check';
import { setKey } from '../common/yaml-data';

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
    props = checkedProps(this, 'CalicoCrdsProps', props);
    if (props.crds.length === 0) throw new Error('CalicoCrds needs at least one CRD');
    this.apiObjects = props.crds.map((crd) => new VerbatimCrd(this, crd.metadata.name, crd));
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A CRD as the bundle has it. Only its name and the annotations calico-stack adds (server-side
 * apply, Argo CD's sync options) go through cdk8s; the rest of the file's content is merged into the
 * finished JSON. cdk8s' resolve and sanitize steps look keys up on each object (`constructor.name`,
 * a `value` key taken for a number-or-string union), so a schema property named `constructor` or
 * `value` would break them or be rewritten. The merged object is written the way cdk8s writes
 * objects: keys sorted, null values left out.
 */
class VerbatimCrd extends ApiObject {
  private readonly content: { [key: string]: Json };

  constructor(scope: Construct, id: string, crd: Crd) {
    super(scope, id, { apiVersion: crd.apiVersion, kind: crd.kind, metadata: { name: crd.metadata.name, annotations: { ...SERVER_SIDE_APPLY_ANNOTATION } } });
    // A plain JSON copy: every key an own property (JSON.parse defines keys, it never assigns them).
    this.content = JSON.parse(JSON.stringify(crd)) as { [key: string]: Json };
  }

  public override toJson(): any {
    const ours = super.toJson() as { apiVersion: string; kind: string; metadata: { [key: string]: Json } };
    const { apiVersion: _a, kind: _k, metadata: theirs, ...rest } = this.content;
    const fileMetadata = (isObject(theirs) ? theirs : {}) as { [key: string]: Json };
    const metadata = { ...fileMetadata, ...ours.metadata };
    for (const key of ['labels', 'annotations']) {
      const merged = { ...asObject(fileMetadata[key]), ...asObject(ours.metadata[key]) };
      if (Object.keys(merged).length > 0) setKey(metadata, key, merged);
    }
    const out = { apiVersion: ours.apiVersion, kind: ours.kind, metadata: sorted(metadata) };
    const body = sorted(rest) as { [key: string]: Json };
    for (const key of Object.keys(body)) setKey(out, key, body[key]);
    return out;
  }
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: Json | undefined): { [key: string]: Json } {
  return isObject(value) ? value : {};
}

/** A copy with every map's keys sorted and null members left out (what cdk8s does to every object). */
function sorted(value: Json): Json {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isObject(value)) return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) {
    if (value[key] !== null && value[key] !== undefined) setKey(out, key, sorted(value[key]));
  }
  return out;
}
