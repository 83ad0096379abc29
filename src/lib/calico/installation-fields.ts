/**
 * `calico.installation`: any further `Installation.spec` field, written as the operator's API names
 * it (`typhaAffinity`, `calicoNodeDaemonSet`, `componentResources`, `kubernetesProvider`, and
 * `calicoNetwork` fields such as `hostPorts`), merged into the rendered Installation. What a Helm
 * user of the tigera-operator chart sets under `installation:`.
 *
 * The fields the cluster file models are refused here with a pointer to their key, so there is one
 * way to say each thing and the checks always see it. The rest is checked as the API server checks
 * the Installation: against the CRD's structural schema and its CEL rules (common/crd-schema.ts;
 * imports/crd-schemas.json, the newest release's CRD), and, in CalicoChart, against the fields and
 * values the cluster's release has (release-fields.ts).
 */
import { Construct } from 'constructs';
import type { PathOf } from '../common/checks';
import { closest } from '../common/closest';
import { crdSchemaProblems, JsonSchema, SchemaProblem } from '../common/crd-schema';
import { error, Finding } from '../common/findings';
import { Memos } from '../common/memo';
import { dataMap, isDataMap, setKey } from '../common/yaml-data';
import { Installation, InstallationProps } from '../../../imports/operator.tigera.io';

/** Further `Installation.spec` fields: field name → value, as the operator's API writes them. */
export type InstallationFields = { readonly [field: string]: unknown };

/** The Installation field that holds the network settings; its own fields merge one by one. */
export const CALICO_NETWORK = 'calicoNetwork';

/**
 * `Installation.spec` fields the cluster file models, and the key that says them (below the
 * `calico` section). `calicoNetwork` fields are under `calicoNetwork.`.
 */
export const MODELLED_FIELDS: Readonly<Record<string, string>> = {
  'registry': 'registry',
  'imagePath': 'imagePath',
  'imagePullSecrets': 'imagePullSecrets',
  'controlPlaneNodeSelector': 'controlPlaneNodeSelector',
  'controlPlaneTolerations': 'controlPlaneTolerations',
  'kubeletVolumePluginPath': 'kubeletVolumePluginPath',
  'flexVolumePath': 'flexVolumePath',
  'nodeMetricsPort': 'metrics',
  'typhaMetricsPort': 'metrics',
  'calicoNetwork.ipPools': 'ipPools',
  'calicoNetwork.bgp': 'bgp',
  'calicoNetwork.mtu': 'mtu',
  'calicoNetwork.linuxDataplane': 'linuxDataplane',
  'calicoNetwork.nodeAddressAutodetectionV4': 'nodeAddressAutodetectionV4',
  'calicoNetwork.nodeAddressAutodetectionV6': 'nodeAddressAutodetectionV6',
};

/**
 * `Installation.spec` fields calico-stack sets itself from other keys, and how: passed through,
 * they would contradict what the charts and `npm run plan` assume.
 */
export const DERIVED_FIELDS: Readonly<Record<string, string>> = {
  'calicoNetwork.bpfNetworkBootstrap': 'Enabled with linuxDataplane: BPF on releases that have it, unless platform.apiServerEndpoint is set',
  'calicoNetwork.kubeProxyManagement': 'Enabled with linuxDataplane: BPF on releases that have it',
};

const isSetByCalicoStack = (field: string) => Object.hasOwn(MODELLED_FIELDS, field) || Object.hasOwn(DERIVED_FIELDS, field);

/** A passed-through field: where it goes in `spec` and its value. */
interface PassedField {
  readonly field: readonly string[];
  readonly value: unknown;
}

/** The fields to merge: every top-level field, `calicoNetwork` field by field; modelled fields left out. */
export function passedFields(fields: InstallationFields): PassedField[] {
  return Object.entries(fields).flatMap(([key, value]): PassedField[] => {
    if (key === CALICO_NETWORK && isDataMap(value)) {
      return Object.entries(value)
        .filter(([k]) => !isSetByCalicoStack(`${CALICO_NETWORK}.${k}`))
        .map(([k, v]) => ({ field: [CALICO_NETWORK, k], value: v }));
    }
    return isSetByCalicoStack(key) || value === undefined ? [] : [{ field: [key], value }];
  });
}

/**
 * The generated Installation class, with further fields merged into what it renders. The class'
 * own rendering maps its typed props to the API's field names and keeps only the fields it knows
 * under their TypeScript names, so a field written in the API's spelling (or one the schema lacks,
 * which the checks report) would vanish there: the fields are added to its finished JSON instead,
 * map keys sorted as cdk8s sorts its own. Not as JSON patches: the field names are the user's, and
 * fast-json-patch (cdk8s's JsonPatch) throws on a path through `__proto__` or
 * `constructor/prototype`, where here such a name is a field like any other (one the schema lacks,
 * reported at its path).
 */
export class InstallationResource extends Installation {
  private readonly fields: PassedField[] = [];
  private finish?: (json: any) => any;

  constructor(scope: Construct, id: string, props: InstallationProps = {}) {
    super(scope, id, props);
  }

  /** Merges `fields` (modelled fields left out) into the rendered object. */
  public addFields(fields: InstallationFields): void {
    this.fields.push(...passedFields(fields));
  }

  /** What the rendered object goes through last, after the fields are merged (the operator's defaults). */
  public finishWith(finish: (json: any) => any): void {
    this.finish = finish;
  }

  public override toJson(): any {
    const json = this.toJsonBeforeFinish();
    return this.finish ? this.finish(json) : json;
  }

  /** The rendered object with the fields merged, before the last step: what the fields are checked in. */
  public toJsonBeforeFinish(): any {
    const json = super.toJson();
    for (const { field, value } of this.fields) {
      const parent = field.slice(0, -1).reduce((object, segment) => ownMap(object, segment), ownMap(json, 'spec'));
      setKey(parent, field[field.length - 1], sortKeys(value));
    }
    return json;
  }
}

/** The mapping `object[key]` (an own property), made when there is none. */
function ownMap(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  if (isDataMap(value)) return value;
  const map = {};
  setKey(object, key, map);
  return map;
}

/**
 * Modelled or derived fields written here: each refused, naming the key that says it (`at` gives
 * the paths of CalicoInstallation's props; the fields are below `installation`).
 */
export function modelledFieldFindings(fields: InstallationFields, at: PathOf): Finding[] {
  const field = (name: string) => at('installation', ...name.split('.'));
  const found: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (isSetByCalicoStack(key)) found.push(key);
    if (key === CALICO_NETWORK && isDataMap(value)) {
      for (const k of Object.keys(value)) if (isSetByCalicoStack(`${CALICO_NETWORK}.${k}`)) found.push(`${CALICO_NETWORK}.${k}`);
    }
  }
  return found.map((name) => {
    if (Object.hasOwn(DERIVED_FIELDS, name)) {
      return error(field(name), `is set by calico-stack: ${DERIVED_FIELDS[name]}`, {
        fix: `remove ${field(name)}; choose it through ${at('linuxDataplane')} and ${at('apiServerEndpoint')}`,
      });
    }
    const key = at(MODELLED_FIELDS[name]);
    return error(field(name), `is modelled by ${key}; say it there, so there is one way to say it and calico-stack's checks see it`, {
      fix: `move the value to ${key}`,
    });
  });
}

/**
 * The problems of the passed-through fields in the rendered Installation (`rendered`: the whole
 * object, so that rules on the object itself run too), against the Installation CRD's schema:
 * reported at their path below `installation` (`at` gives the paths of CalicoInstallation's props).
 * Problems of modelled fields are the modelled keys' own checks. CEL rules are planned once per `memos`.
 */
export function installationSchemaFindings(schema: JsonSchema, rendered: unknown, fields: InstallationFields, at: PathOf, memos: Memos): Finding[] {
  const passed = passedFields(fields);
  const ours = (path: readonly (string | number)[]) => path.length === 0
    || (path[0] === 'spec' && passed.some((p) => p.field.every((segment, i) => path[i + 1] === segment)));
  return crdSchemaProblems(schema, rendered, memos).filter((p) => ours(p.path)).map((p) => schemaProblemFinding(p, schema, at));
}

/**
 * A problem of a custom resource's schema as a finding at the prop its spec fields are below (`at`
 * gives the paths of the props; `prop` the one that holds the fields, `kind` names the resource for
 * `kubectl explain`).
 */
export function schemaProblemFinding(problem: SchemaProblem, schema: JsonSchema, at: PathOf, prop = 'installation', kind = 'installation'): Finding {
  const below = problem.path[0] === 'spec' ? problem.path.slice(1) : [];
  const path = at(prop, ...below);
  const unknown = problem.message.startsWith('is not a field of the schema');
  const name = below[below.length - 1];
  const siblings = unknown && typeof name === 'string' ? fieldNames(schema, ['spec', ...below.slice(0, -1)]) : [];
  const guess = typeof name === 'string' ? closest(name, siblings) : undefined;
  return error(path, problem.message, {
    ...('got' in problem ? { got: problem.got } : {}),
    ...(problem.allowed !== undefined && !unknown ? { allowed: problem.allowed } : {}),
    ...(guess ? { fix: `did you mean ${guess}?` } : unknown ? { fix: `see \`kubectl explain ${kind}.spec\` for the fields of the release` } : {}),
  });
}

/** The field names the schema lists at `path` (list items by index). */
function fieldNames(schema: JsonSchema, path: readonly (string | number)[]): string[] {
  let node: JsonSchema | undefined = schema;
  for (const segment of path) {
    if (!node) return [];
    node = typeof segment === 'number' ? node.items as JsonSchema | undefined : (node.properties as Record<string, JsonSchema> | undefined)?.[segment];
  }
  return node?.properties ? Object.keys(node.properties as object) : [];
}

/** A copy with every map's keys in sorted order (lists keep theirs); keys stay data (no prototype). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isDataMap(value)) return value;
  return dataMap(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])] as const));
}
