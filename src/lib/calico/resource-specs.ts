/**
 * The specs of the operator's other custom resources: `APIServer/default`, `Goldmane/default` and
 * `Whisker/default`. CalicoChart's `apiServer`, `goldmane` and `whisker` take `true`/`false`, or an
 * object: that resource's `spec`, written as the operator's API names it (`apiServerDeployment`,
 * `goldmaneDeployment`, `whiskerDeployment`, `notifications`, ...). An object means the resource is
 * rendered, with the object merged into its spec field by field.
 *
 * The fields are checked as `calico.installation`'s are (installation-fields.ts): against the CRD's
 * structural schema and its CEL rules (imports/crd-schemas.json, the newest release's CRDs), against
 * the fields the cluster's release has (release-fields.ts, in CalicoChart), and, for the APIServer,
 * with the operator's own validation of its overrides (override-rules.ts: the APIServer controller
 * runs the same override checks as the Installation's). The Goldmane and Whisker controllers validate
 * nothing of their specs (override-rules.ts, APISERVER_OVERRIDE_COMPONENTS, says where).
 */
import { Construct } from 'constructs';
import { schemaProblemFinding, sortKeys } from './installation-fields';
import { operatorRule, ruleLocations } from './operator-rules';
import { APISERVER_OVERRIDE_COMPONENTS, overrideFindings, PORT_NAMES_RULE } from './override-rules';
import type { CalicoRelease } from './releases';
import type { PathOf } from '../common/checks';
import { crdSchemaProblems, JsonSchema } from '../common/crd-schema';
import type { Finding } from '../common/findings';
import type { Memos } from '../common/memo';
import { dataMap, isDataMap, setKey } from '../common/yaml-data';
import { ApiServer, ApiServerProps, Goldmane, GoldmaneProps, Whisker, WhiskerProps } from '../../../imports/operator.tigera.io';

/** A custom resource's `spec` fields: field name → value, as the operator's API writes them. */
export type ResourceSpec = { readonly [field: string]: unknown };

/** A resource's setting: rendered or not, or rendered with these spec fields. */
export type ResourceSetting = boolean | ResourceSpec;

/** CalicoChart's props that take a resource's spec, and the kind of each. */
export const RESOURCE_SPEC_PROPS = { apiServer: 'APIServer', goldmane: 'Goldmane', whisker: 'Whisker' } as const;
/** A prop of CalicoChart that takes a resource's spec: `apiServer`, `goldmane` or `whisker`. */
export type ResourceSpecProp = keyof typeof RESOURCE_SPEC_PROPS;

/** Whether a setting renders its resource (`undefined`: `fallback`), and its spec fields when it is an object. */
export function resolveSetting(setting: ResourceSetting | undefined, fallback: boolean): { readonly enabled: boolean; readonly spec?: ResourceSpec } {
  if (setting === undefined) return { enabled: fallback };
  if (typeof setting === 'boolean') return { enabled: setting };
  return { enabled: true, spec: setting };
}

/**
 * `json` with `fields` merged into its spec: each field set as written (map keys sorted as cdk8s sorts
 * its own), the spec's keys sorted. With no fields, `json` as it is. Keys stay data (no prototype):
 * the field names are the user's (installation-fields.ts says why not JSON patches).
 */
export function withSpecFields(json: any, fields: ResourceSpec | undefined): any {
  if (fields === undefined || Object.keys(fields).length === 0) return json;
  const spec = isDataMap(json.spec) ? json.spec : dataMap();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) setKey(spec, key, sortKeys(value));
  setKey(json, 'spec', sortKeys(spec));
  return json;
}

/** What a resource with spec fields gives its checks: its JSON as the fields write it, before the defaults added last. */
export interface SpecFieldsResource {
  writtenJson(): any;
}

/** `APIServer/default` with further spec fields. */
export class ApiServerResource extends ApiServer implements SpecFieldsResource {
  constructor(scope: Construct, id: string, props: ApiServerProps, private readonly fields?: ResourceSpec) {
    super(scope, id, props);
  }

  public override toJson(): any {
    return this.writtenJson();
  }

  public writtenJson(): any {
    return withSpecFields(super.toJson(), this.fields);
  }
}

/** `Goldmane/default` with further spec fields. */
export class GoldmaneResource extends Goldmane implements SpecFieldsResource {
  constructor(scope: Construct, id: string, props: GoldmaneProps, private readonly fields?: ResourceSpec) {
    super(scope, id, props);
  }

  public override toJson(): any {
    return this.writtenJson();
  }

  public writtenJson(): any {
    return withSpecFields(super.toJson(), this.fields);
  }
}

/** `Whisker/default` with further spec fields, then what the operator would still default (`finish`). */
export class WhiskerResource extends Whisker implements SpecFieldsResource {
  constructor(scope: Construct, id: string, props: WhiskerProps, private readonly fields: ResourceSpec | undefined, private readonly finish: (json: any) => any) {
    super(scope, id, props);
  }

  public override toJson(): any {
    return this.finish(this.writtenJson());
  }

  public writtenJson(): any {
    return withSpecFields(super.toJson(), this.fields);
  }
}

/** A kind's CRD schema (imports/crd-schemas.json: the newest release's), loaded on first use. */
function schemaOf(kind: string): JsonSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../imports/crd-schemas.json') as Record<string, JsonSchema>)[`operator.tigera.io/v1/${kind}`];
}

/**
 * The problems of a resource's spec fields: the CRD's schema and CEL rules on the resource as the
 * fields write it (rules on the object itself run too), reported below `prop`; for the APIServer, the
 * operator's validation of its overrides, as the release's operator has it. `at` gives the paths of
 * CalicoChart's props; CEL rules are planned once per `memos`.
 */
export function resourceSpecFindings(prop: ResourceSpecProp, fields: ResourceSpec, resource: SpecFieldsResource, release: CalicoRelease, at: PathOf, memos: Memos): Finding[] {
  const kind = RESOURCE_SPEC_PROPS[prop];
  const schema = schemaOf(kind);
  const written = Object.keys(fields);
  const ours = (path: readonly (string | number)[]) => path.length === 0 || (path[0] === 'spec' && (path.length === 1 || written.includes(String(path[1]))));
  const findings = crdSchemaProblems(schema, resource.writtenJson(), memos).filter((p) => ours(p.path)).map((p) => schemaProblemFinding(p, schema, at, prop, kind.toLowerCase()));
  if (prop === 'apiServer') {
    findings.push(...overrideFindings(fields, at, {
      kind, components: APISERVER_OVERRIDE_COMPONENTS, prop, portNames: ruleLocations(operatorRule(PORT_NAMES_RULE), release.operatorVersion).length > 0,
    }));
  }
  return findings;
}
