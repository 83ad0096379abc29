/**
 * `calico.felix`: any further `FelixConfiguration.spec` field, written as Calico's API names it
 * (`logSeverityScreen`, `bpfExternalServiceMode`, `routeRefreshInterval`, ...), merged into the
 * rendered `FelixConfiguration/default`.
 *
 * The fields calico-stack or the operator already set are refused here with a pointer to the key
 * that says them, so there is one way to say each thing. The rest is checked as the Calico API server
 * checks a FelixConfiguration: against the CRD's structural schema and its CEL rules
 * (common/crd-schema.ts; imports/crd-schemas.json, the newest release's CRD), against the v3 API's own
 * validator (felix-rules.ts), and, in CalicoApiChart, against the fields the cluster's release has
 * (release-fields.ts).
 */
import { Construct } from 'constructs';
import type { PathOf } from '../common/checks';
import { closest } from '../common/closest';
import { crdSchemaProblems, JsonSchema, SchemaProblem } from '../common/crd-schema';
import { error, Finding, warning } from '../common/findings';
import { Memos } from '../common/memo';
import { isDataMap, setKey } from '../common/yaml-data';
import { sortKeys } from './installation-fields';
import { FelixConfiguration, FelixConfigurationProps } from '../../../imports/projectcalico.org';

/** Further `FelixConfiguration.spec` fields: field name → value, as Calico's API writes them. */
export type FelixFields = { readonly [field: string]: unknown };

/**
 * `FelixConfiguration.spec` fields that a cluster-file key says, or that the operator sets itself
 * from the Installation (overwriting what the object holds): the key to use instead, and why.
 * The operator's writes are rows of scripts/operator-writes.ts (operatorWrites in the release data).
 */
export const MODELLED_FELIX_FIELDS: Readonly<Record<string, { readonly key: string; readonly why: string }>> = {
  wireguardEnabled: { key: 'calico.wireguard', why: 'calico.wireguard renders it for the IPv4 pools' },
  wireguardEnabledV6: { key: 'calico.wireguard', why: 'calico.wireguard renders it for the IPv6 pools' },
  // operator-writes.ts felix.bpfEnabled: set once calico-node runs with the Installation's BPF dataplane.
  bpfEnabled: { key: 'calico.linuxDataplane', why: 'the operator sets it from the Installation\'s dataplane on every reconcile' },
  // operator-writes.ts felix.nftablesMode.
  nftablesMode: { key: 'calico.linuxDataplane', why: 'the operator sets it from the Installation\'s dataplane on every reconcile' },
  // operator-writes.ts felix.programClusterRoutes.
  programClusterRoutes: { key: 'calico.installation.calicoNetwork.clusterRoutingMode', why: 'the operator sets it from the Installation\'s clusterRoutingMode' },
};

/**
 * `FelixConfiguration.spec` fields that calico-node's environment sets, which Felix ranks above any
 * FelixConfiguration (projectcalico/calico v3.32.1 felix/config/config_params.go:86,
 * SourcesInDescendingOrder): the operator writes these variables into calico-node (tigera/operator
 * pkg/render/node.go, lines at v1.42.3; the same variables at v1.34.5, v1.38.13 and v1.40.15), always,
 * or while a calico-stack key asks for it. Such a field is rendered, but has no effect: a warning.
 */
export const SHADOWED_FELIX_FIELDS: Readonly<Record<string, { readonly env: string; readonly at: string; readonly while?: 'mtu' | 'metrics' }>> = {
  defaultEndpointToHostAction: { env: 'FELIX_DEFAULTENDPOINTTOHOSTACTION=ACCEPT', at: 'node.go:1470' },
  healthEnabled: { env: 'FELIX_HEALTHENABLED=true', at: 'node.go:1471' },
  vxlanMTU: { env: 'FELIX_VXLANMTU', at: 'node.go:1552-1558', while: 'mtu' },
  wireguardMTU: { env: 'FELIX_WIREGUARDMTU', at: 'node.go:1552-1558', while: 'mtu' },
  ipipMTU: { env: 'FELIX_IPINIPMTU', at: 'node.go:1594-1597 (with BGP)', while: 'mtu' },
  prometheusMetricsEnabled: { env: 'FELIX_PROMETHEUSMETRICSENABLED=true', at: 'node.go:1672-1680', while: 'metrics' },
  prometheusMetricsPort: { env: 'FELIX_PROMETHEUSMETRICSPORT', at: 'node.go:1672-1680', while: 'metrics' },
};

/** What decides whether a shadowed field is shadowed: the Calico settings that make the operator set the variable. */
export interface ShadowingSettings {
  /** `calico.mtu` is set. */
  readonly mtu: boolean;
  /** `calico.metrics` is on. */
  readonly metrics: boolean;
}

/**
 * Warnings for the fields calico-node's environment overrides, naming the variable and what to do
 * (`at` gives the paths of `felix`'s chart, `calicoAt` those of the Calico chart's settings).
 */
export function shadowedFelixFindings(fields: FelixFields, settings: ShadowingSettings, at: PathOf, calicoAt: PathOf): Finding[] {
  return passedFelixFields(fields).flatMap(([key, value]): Finding[] => {
    const shadow = Object.hasOwn(SHADOWED_FELIX_FIELDS, key) ? SHADOWED_FELIX_FIELDS[key] : undefined;
    if (!shadow || (shadow.while !== undefined && !settings[shadow.while])) return [];
    const by = shadow.while === undefined ? 'always' : `while ${calicoAt(shadow.while)} is ${shadow.while === 'mtu' ? 'set' : 'on'}`;
    const fix = shadow.while === 'mtu'
      ? `remove it: ${calicoAt('mtu')} sets the MTU of every tunnel`
      : shadow.while === 'metrics'
        ? `remove it: ${calicoAt('metrics')} turns Felix's metrics on at its port`
        : 'remove it: the operator offers no way to change this variable';
    return [warning(at('felix', key), `has no effect: the operator gives calico-node ${shadow.env} ${by}, and Felix ranks its environment above FelixConfiguration`, { got: value, fix })];
  });
}

/** The passed-through fields: every field but the modelled ones (and those left undefined). */
export function passedFelixFields(fields: FelixFields): [string, unknown][] {
  return Object.entries(fields).filter(([key, value]) => value !== undefined && !Object.hasOwn(MODELLED_FELIX_FIELDS, key));
}

/**
 * The generated FelixConfiguration class, with further fields merged into its spec. Added to the
 * finished JSON (map keys sorted), as InstallationResource does and for the same reasons: the class
 * keeps only the fields it types, under their TypeScript names.
 */
export class FelixConfigurationResource extends FelixConfiguration {
  private readonly fields: [string, unknown][] = [];

  constructor(scope: Construct, id: string, props: FelixConfigurationProps) {
    super(scope, id, props);
  }

  /** Merges `fields` (modelled fields left out) into the rendered spec. */
  public addFields(fields: FelixFields): void {
    this.fields.push(...passedFelixFields(fields));
  }

  public override toJson(): any {
    const json = super.toJson();
    if (!isDataMap(json.spec)) setKey(json, 'spec', {});
    for (const [field, value] of this.fields) setKey(json.spec, field, sortKeys(value));
    setKey(json, 'spec', sortKeys(json.spec));
    return json;
  }
}

/** Modelled fields written under `felix`: each refused, naming the key that says it (`at` gives the paths below `calico`). */
export function modelledFelixFindings(fields: FelixFields, at: PathOf): Finding[] {
  return Object.keys(fields).filter((key) => Object.hasOwn(MODELLED_FELIX_FIELDS, key)).map((key) => {
    const { key: instead, why } = MODELLED_FELIX_FIELDS[key];
    return error(at('felix', key), `is modelled by ${instead}: ${why}; say it there, so there is one way to say it`, {
      got: fields[key], fix: `remove ${at('felix', key)} and set ${instead}`,
    });
  });
}

/**
 * The problems of the passed-through fields in the rendered FelixConfiguration (`rendered`: the whole
 * object, so rules on the object run too) against its CRD's schema, at their path below `felix`.
 */
export function felixSchemaFindings(schema: JsonSchema, rendered: unknown, fields: FelixFields, at: PathOf, memos: Memos): Finding[] {
  const passed = new Set(passedFelixFields(fields).map(([key]) => key));
  const ours = (path: readonly (string | number)[]) => path.length === 0 || (path[0] === 'spec' && (path.length === 1 || passed.has(String(path[1]))));
  return crdSchemaProblems(schema, rendered, memos).filter((p) => ours(p.path)).map((p) => toFinding(p, schema, at));
}

function toFinding(problem: SchemaProblem, schema: JsonSchema, at: PathOf): Finding {
  const below = problem.path.slice(1);
  const path = at('felix', ...below);
  const unknown = problem.message.startsWith('is not a field of the schema');
  const name = below[below.length - 1];
  const spec = (schema.properties as Record<string, JsonSchema> | undefined)?.spec;
  const siblings = unknown && below.length === 1 && spec?.properties ? Object.keys(spec.properties as object) : [];
  const guess = typeof name === 'string' ? closest(name, siblings) : undefined;
  return error(path, problem.message, {
    ...('got' in problem ? { got: problem.got } : {}),
    ...(problem.allowed !== undefined && !unknown ? { allowed: problem.allowed } : {}),
    ...(guess ? { fix: `did you mean ${guess}?` } : unknown ? { fix: 'see `kubectl explain felixconfiguration.spec` for the fields of the release' } : {}),
  });
}
