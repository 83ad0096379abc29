/**
 * Which custom resource kinds, spec fields and enum values a Calico release has, from its generated
 * data (the field trees add-release read from the release's CRDs), and the problems of a cluster that
 * uses one its release lacks: each names the release that introduced it, so the fix is plain.
 *
 *   calico.linuxDataplane: Nftables needs Calico v3.30.7 or later (this cluster uses v3.28.2)
 *
 * Pure. Values are checked as they are rendered into the custom resources, so a field the cluster
 * file leaves out is never a problem.
 */
import { InstallationFields, passedFields } from './installation-fields';
import { FieldTree } from './release-data';
import { CalicoRelease, RELEASES } from './releases';
import { PathOf, pathsBelow } from '../common/checks';
import { error, Finding } from '../common/findings';

type Segment = string | number;

/** One value calico-stack renders into a custom resource, and where in the cluster file (or the props) it comes from. */
export interface FieldUse {
  /** Path of the value, e.g. `['linuxDataplane']` in CalicoChart's props, `['calico', 'linuxDataplane']` in a cluster file. */
  readonly configPath: readonly Segment[];
  /** Kind of the custom resource (`Installation`, `APIServer`, `Goldmane`, `Whisker`, `FelixConfiguration`). */
  readonly kind: string;
  /** Where the value goes in the resource's `spec` (`[]`: the spec itself). */
  readonly field: readonly string[];
  /** The value; objects and lists are walked, each key a field, each scalar checked against its enum. */
  readonly value: unknown;
  /** Fields written as they are (`calico.installation`): one no release has is the schema check's to report. */
  readonly raw?: boolean;
}

/**
 * The settings of a cluster that become custom resource fields: a structural part of the resolved
 * `calico` section (its keys follow the Installation API, so each maps to the field of its name).
 */
export interface CalicoFieldSettings {
  readonly bgp?: string;
  readonly mtu?: number;
  readonly linuxDataplane?: string;
  /** Rendered for `linuxDataplane: BPF` (reported there). */
  readonly bpfNetworkBootstrap?: string;
  /** Rendered for `linuxDataplane: BPF` (reported there). */
  readonly kubeProxyManagement?: string;
  readonly ipPools?: readonly object[];
  readonly nodeAddressAutodetectionV4?: object;
  readonly nodeAddressAutodetectionV6?: object;
  readonly registry?: string;
  readonly imagePath?: string;
  readonly imagePullSecrets?: readonly string[];
  readonly controlPlaneNodeSelector?: object;
  readonly controlPlaneTolerations?: readonly object[];
  readonly kubeletVolumePluginPath?: string;
  readonly flexVolumePath?: string;
  /** Rendered (true), or rendered with these spec fields, passed through (`calico.apiServer` as an object). */
  readonly apiServer?: boolean | { readonly [field: string]: unknown };
  readonly goldmane?: boolean | { readonly [field: string]: unknown };
  readonly whisker?: boolean | { readonly [field: string]: unknown };
  readonly wireguard?: boolean;
  readonly metrics?: boolean;
  /** Further Installation.spec fields, passed through (`calico.installation`). */
  readonly installation?: InstallationFields;
}

/** `calico.<key>` settings that are fields of `Installation.spec.calicoNetwork`. */
const CALICO_NETWORK_KEYS = ['bgp', 'mtu', 'linuxDataplane', 'ipPools', 'nodeAddressAutodetectionV4', 'nodeAddressAutodetectionV6'] as const;
/** Fields of `Installation.spec.calicoNetwork` calico-stack derives from another setting, reported at that setting. */
const DERIVED_CALICO_NETWORK_KEYS = { bpfNetworkBootstrap: 'linuxDataplane', kubeProxyManagement: 'linuxDataplane' } as const;
/** `calico.<key>` settings that are fields of `Installation.spec`. */
const INSTALLATION_KEYS = ['registry', 'imagePath', 'controlPlaneNodeSelector', 'controlPlaneTolerations', 'kubeletVolumePluginPath', 'flexVolumePath'] as const;

/**
 * The custom resource fields a cluster's `calico` settings render into, each at the path of its
 * setting in the settings (`['linuxDataplane']`).
 */
export function calicoFieldUses(c: CalicoFieldSettings): FieldUse[] {
  const uses: FieldUse[] = [];
  const use = (key: string, kind: string, field: string[], value: unknown) => {
    if (value !== undefined) uses.push({ configPath: [key], kind, field, value });
  };
  for (const key of CALICO_NETWORK_KEYS) use(key, 'Installation', ['calicoNetwork', key], c[key]);
  for (const [key, from] of Object.entries(DERIVED_CALICO_NETWORK_KEYS)) use(from, 'Installation', ['calicoNetwork', key], c[key as keyof typeof DERIVED_CALICO_NETWORK_KEYS]);
  for (const key of INSTALLATION_KEYS) use(key, 'Installation', [key], c[key]);
  if (c.imagePullSecrets && c.imagePullSecrets.length > 0) use('imagePullSecrets', 'Installation', ['imagePullSecrets'], c.imagePullSecrets.map((name) => ({ name })));
  if (c.metrics) {
    use('metrics', 'Installation', ['nodeMetricsPort'], 0);
    use('metrics', 'Installation', ['typhaMetricsPort'], 0);
  }
  // A resource given as an object: its kind, and each of its spec fields as written (raw).
  for (const [key, kind] of [['apiServer', 'APIServer'], ['goldmane', 'Goldmane'], ['whisker', 'Whisker']] as const) {
    const setting = c[key];
    if (setting === true) use(key, kind, [], {});
    else if (typeof setting === 'object' && setting !== null) uses.push({ configPath: [key], kind, field: [], value: setting, raw: true });
  }
  if (c.wireguard) use('wireguard', 'FelixConfiguration', ['wireguardEnabled'], true);
  for (const { field, value } of passedFields(c.installation ?? {})) {
    uses.push({ configPath: ['installation', ...field], kind: 'Installation', field, value, raw: true });
  }
  return uses;
}

/**
 * The uses of a rendered `Installation.spec`: each field of `calicoNetwork` is `calico.<field>`,
 * `nodeMetricsPort` / `typhaMetricsPort` are `calico.metrics`, any other field `calico.<field>`.
 */
export function installationSpecUses(spec: { readonly [field: string]: unknown }): FieldUse[] {
  return Object.entries(spec).flatMap(([key, value]): FieldUse[] => {
    if (value === undefined) return [];
    if (key === 'calicoNetwork' && isObject(value)) {
      return Object.entries(value).filter(([, v]) => v !== undefined)
        .map(([k, v]) => ({ configPath: ['calico', k], kind: 'Installation', field: ['calicoNetwork', k], value: v }));
    }
    const configKey = key === 'nodeMetricsPort' || key === 'typhaMetricsPort' ? 'metrics' : key;
    return [{ configPath: ['calico', configKey], kind: 'Installation', field: [key], value }];
  });
}

/** What one check asks of a release: a kind, a field (list items as `[]`), and maybe a value of it. */
interface Claim {
  readonly kind: string;
  readonly field: readonly string[];
  readonly value?: string | number | boolean | null;
  /** Where in the cluster file, for the message. */
  readonly configPath: readonly Segment[];
}

/** The field's node in the release's tree; `open` when a parent accepts any field. */
function nodeOf(release: CalicoRelease, kind: string, field: readonly string[]): FieldTree | 'open' | undefined {
  let node: FieldTree | undefined = release.fields[kind];
  for (const segment of field) {
    if (!node) return undefined;
    // Own keys only: a field named `constructor` is not Object.prototype's.
    const own: FieldTree | undefined = node.fields && Object.hasOwn(node.fields, segment) ? node.fields[segment] : undefined;
    const next: FieldTree | undefined = segment === '[]' ? node.items : (own ?? node.values);
    if (next === undefined && node.open) return 'open';
    node = next;
  }
  return node;
}

/** Values the release accepts for the field: its enum, or for pool uses the release's list (the CRD types them as strings). */
function allowedValues(release: CalicoRelease, claim: Claim, node: FieldTree): readonly unknown[] | undefined {
  if (claim.kind === 'Installation' && claim.field.join('.') === 'calicoNetwork.ipPools.[].allowedUses.[]') return release.allowedUses;
  return node.enum;
}

function supports(release: CalicoRelease, claim: Claim): boolean {
  const node = nodeOf(release, claim.kind, claim.field);
  if (node === undefined) return false;
  if (node === 'open' || !('value' in claim)) return true;
  const allowed = allowedValues(release, claim, node);
  return allowed === undefined || allowed.includes(claim.value);
}

/** The claims of a use: the kind, every field it sets (not below a field the release lacks) and every scalar value. */
function claimsOf(release: CalicoRelease, use: FieldUse): Claim[] {
  const claims: Claim[] = [];
  const walk = (field: string[], configPath: Segment[], value: unknown): void => {
    const claim: Claim = { kind: use.kind, field, configPath };
    claims.push(claim);
    if (!supports(release, claim)) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        // A scalar of a list is reported at the list (`calico.ipPools[0].allowedUses`).
        if (isObject(item) || Array.isArray(item)) walk([...field, '[]'], [...configPath, i], item);
        else scalar([...field, '[]'], configPath, item);
      });
    } else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) if (child !== undefined) walk([...field, key], [...configPath, key], child);
    } else {
      scalar(field, configPath, value);
    }
  };
  const scalar = (field: string[], configPath: Segment[], value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      claims.push({ kind: use.kind, field, configPath, value });
    }
  };
  walk([...use.field], [...use.configPath], use.value);
  return claims;
}

/**
 * Findings for every kind, field or value of `uses` that `release` lacks, each naming the releases of
 * `catalog` that have it: `needs Calico v3.31.7 or later`, or `is only in Calico …` when a newer
 * release dropped it again. `at` gives the path of a use's `configPath` (by default, the path as it is).
 */
export function releaseFieldFindings(
  release: CalicoRelease, uses: readonly FieldUse[], catalog: readonly CalicoRelease[] = RELEASES, versionPath = 'calico.version', at: PathOf = pathsBelow(),
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const use of uses) {
    for (const claim of claimsOf(release, use)) {
      if (supports(release, claim)) continue;
      const path = at(...claim.configPath);
      const key = `${path} ${JSON.stringify(claim.value)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const having = catalog.filter((r) => supports(r, claim));
      // A value no release has is outside the field's closed set, and so is a raw field no release
      // has outside the schema: the construct's own check reports it.
      if (('value' in claim || use.raw) && having.length === 0) continue;
      findings.push(finding(release, claim, path, catalog, having, versionPath));
    }
  }
  return findings;
}

function finding(release: CalicoRelease, claim: Claim, path: string, catalog: readonly CalicoRelease[], having: readonly CalicoRelease[], versionPath: string): Finding {
  const ordered = [...having].sort((a, b) => compareVersions(a.version, b.version));
  const oldest = ordered[0];
  const onward = oldest !== undefined && catalog.filter((r) => compareVersions(r.version, oldest.version) >= 0).every((r) => having.includes(r));
  const where = oldest === undefined ? 'is in no supported Calico release' : onward ? `needs Calico ${oldest.version} or later` : `is only in Calico ${ordered.map((r) => r.version).join(', ')}`;
  const uses = `(this cluster uses ${release.version})`;
  const versions = oldest === undefined ? undefined : `choose ${versionPath} ${onward ? `${oldest.version} or later` : ordered.map((r) => r.version).join(' or ')}`;
  if ('value' in claim) {
    const node = nodeOf(release, claim.kind, claim.field);
    const allowed = node && node !== 'open' ? allowedValues(release, claim, node) : undefined;
    return error(path, `${String(claim.value)} ${where} ${uses}`, {
      ...(allowed ? { allowed: allowed.join(', ') } : {}),
      fix: versions ? `${versions}, or another value` : 'use an allowed value',
    });
  }
  const fix = versions ? `${versions}, or remove it` : 'remove it';
  if (claim.field.length === 0 || release.fields[claim.kind] === undefined) {
    return error(path, `${claim.kind} ${where} ${uses}`, { fix });
  }
  const field = `spec.${claim.field.filter((s) => s !== '[]').join('.')}`;
  if (oldest === undefined) return error(path, `${claim.kind} has no field ${field} in any supported Calico release ${uses}`, { fix });
  return error(path, `${where}, whose ${claim.kind} has ${field} ${uses}`, { fix });
}

/** Orders release tags (`v3.31.7`, operator `v1.40.15`), oldest first. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
