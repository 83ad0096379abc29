/**
 * From the tigera-operator Helm chart to a cluster file: the chart's values (a values file, merged
 * over the chart's own defaults as helm merges them) converted by the chart-values table
 * (chart-values-table.json: each value's `how`), then proven: the new file is rendered with the
 * library and its custom resources are compared with the ones the chart's templates render for the
 * same values (templates/crs/custom-resources.yaml, configmap-felixconfiguration-templates.yaml),
 * and its operator Deployment with where the chart's Deployment template puts each value
 * (templates/tigera-operator/02-tigera-operator.yaml).
 *
 * What a cluster file cannot say is returned with the chart value's path, the value (credentials
 * never shown) and why, one each. Reuses adopt's pieces: the Installation's mapping and passthrough,
 * reading back and rendering, and the field-by-field comparison.
 */
import { Document, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { CHART_VALUE_TABLE, CHART_VALUES, chartDefault, ChartValueRow, CarryKind, rowOf } from './chart-values';
import { baseInstallation, inexpressibleDifferences, Inexpressible, mapInstallation, passThrough, renderClusterText } from '../day2/adopt';
import { LiveObject } from '../day2/cluster-export';
import { compareWithLive, Comparison, equal, showValue } from '../day2/live-compare';
import { RenderedObject, withOperatorDefaults } from '../../lib/calico/operator-written-fields';
import { CalicoRelease, DEFAULT_CALICO_VERSION, RELEASES } from '../../lib/calico/releases';
import { Finding } from '../../lib/common/findings';
import { DataMap, isDataMap } from '../../lib/common/yaml-data';
import { Cloud } from '../../lib/stack/cluster-spec';

/** A chart value the cluster file does not carry: its path, its value (as printed) and why. */
export interface Uncarried {
  /** `tigeraOperator.version`, `certs.node.key`. */
  readonly path: string;
  /** What to print for the value: JSON, or a placeholder for credentials. */
  readonly shown: string;
  readonly why: string;
}

/** What from-helm was told on the command line. */
export interface FromHelmOptions {
  readonly name: string;
  readonly cloud: string;
  /** `platform.podSubnet`; default: the pools' CIDRs. */
  readonly podSubnet?: string;
  /** The chart version, = the Calico release (`v3.32.1`, `3.32.1`); default: calico-stack's default release. */
  readonly release?: string;
  /** The values file's name, for the file's comment. */
  readonly source?: string;
}

/** One place of the operator's Deployment where the render differs from where the chart puts the value. */
export interface OperatorDifference {
  /** `tolerations`. */
  readonly value: string;
  /** `Deployment tigera-operator spec.template.spec.tolerations`. */
  readonly path: string;
  readonly chart: unknown;
  readonly rendered: unknown;
}

/** The proof: the render of the new file compared with what the chart renders. */
export interface HelmProof {
  /** The custom resources (Installation, APIServer, Goldmane, Whisker, FelixConfiguration). */
  readonly resources: Comparison;
  /** The operator Deployment and ConfigMap kubernetes-services-endpoint, at each place the chart puts a value. */
  readonly operator: readonly OperatorDifference[];
  /** The chart's objects compared with (the expectation), for the record. */
  readonly chartObjects: readonly DataMap[];
}

export type FromHelmResult =
  | { readonly outcome: 'usage'; readonly message: string }
  | {
    readonly outcome: 'converted';
    readonly release: CalicoRelease;
    /** The cluster file's text. */
    readonly text: string;
    /** The cluster file's data. */
    readonly data: DataMap;
    readonly uncarried: readonly Uncarried[];
    readonly notes: readonly string[];
    /** Findings of the render of the new file (errors: it does not render, and there is no proof). */
    readonly findings: readonly Finding[];
    readonly proof?: HelmProof;
  };

/** The chart's custom resources the operator writes into. */
const OPERATOR_KINDS: ReadonlySet<string> = new Set(['Installation', 'APIServer', 'Goldmane', 'Whisker']);

/** The kinds of the chart's custom resources. */
export const CHART_KINDS: ReadonlySet<string> = new Set(['Installation', 'APIServer', 'Goldmane', 'Whisker', 'FelixConfiguration']);

/** The release of a chart version (`v3.32.1` or `3.32.1`), or undefined. */
export function releaseOfChart(version: string): CalicoRelease | undefined {
  const v = version.startsWith('v') ? version : `v${version}`;
  return RELEASES.find((r) => r.version === v);
}

/**
 * The values as helm sees them: `values` over the chart's defaults (chart-values.json), maps merged
 * key by key, a null removing a default (helm's coalescing of values).
 */
export function withChartDefaults(values: DataMap): DataMap {
  const defaults: DataMap = {};
  for (const v of CHART_VALUES.values) {
    if (v.commented) continue;
    const [top, sub] = splitPath(v.path);
    if (sub === undefined) {
      if (v.default !== undefined) defaults[top] = structuredClone(v.default);
      else defaults[top] = {};
    } else {
      (defaults[top] as DataMap)[sub] = structuredClone(v.default);
    }
  }
  return coalesce(values, defaults) as DataMap;
}

function coalesce(value: unknown, base: unknown): unknown {
  if (!isDataMap(value) || !isDataMap(base)) return value === undefined ? base : value;
  const out: DataMap = {};
  for (const [k, v] of Object.entries(base)) if (!(Object.hasOwn(value, k) && value[k] === null)) out[k] = v;
  for (const [k, v] of Object.entries(value)) {
    if (v === null) {
      delete out[k];
      continue;
    }
    out[k] = Object.hasOwn(base, k) ? coalesce(v, base[k]) : v;
  }
  return out;
}

function splitPath(path: string): [string, string | undefined] {
  const dot = path.indexOf('.');
  return dot === -1 ? [path, undefined] : [path.slice(0, dot), path.slice(dot + 1)];
}

/**
 * Empty strings, lists and maps left out, as the operator's API reads them (its fields are
 * `omitempty`) and as the chart's `with`/`if` leave them out of the Deployment.
 */
export function withoutEmpty(value: unknown): unknown {
  if (value === '' || value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isDataMap(value)) {
    const out: DataMap = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = withoutEmpty(v);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

/** The object with a spec, as the chart's templates write the custom resources. */
function resource(apiVersion: string, kind: string, spec: DataMap): DataMap {
  return { apiVersion, kind, metadata: { name: 'default' }, spec };
}

const omitEnabled = (value: unknown): DataMap => {
  const out: DataMap = {};
  if (isDataMap(value)) for (const [k, v] of Object.entries(value)) if (k !== 'enabled') out[k] = v;
  return out;
};

/** The imagePullSecrets the chart's helper makes: installation.imagePullSecrets, then one `{name}` per key of imagePullSecrets (helm ranges over a map in key order). */
function chartPullSecrets(values: DataMap): unknown[] {
  const installation = isDataMap(values.installation) ? values.installation : {};
  const own = Array.isArray(installation.imagePullSecrets) ? installation.imagePullSecrets : [];
  const created = isDataMap(values.imagePullSecrets) ? Object.keys(values.imagePullSecrets).sort() : [];
  return [...own, ...created.map((name) => ({ name }))];
}

/**
 * The custom resources the chart renders for merged `values` (templates/crs/custom-resources.yaml:
 * each of installation, apiServer, goldmane, whisker when `enabled`, its spec the value without
 * `enabled`, the Installation's imagePullSecrets from the helper in templates/_helpers.tpl;
 * configmap-felixconfiguration-templates.yaml: FelixConfiguration/default when
 * defaultFelixConfiguration.enabled). The FelixConfiguration's apiVersion depends on the cluster's
 * CRDs (a lookup); the comparison does not look at apiVersions.
 */
export function chartCustomResources(values: DataMap): DataMap[] {
  const out: DataMap[] = [];
  const enabled = (key: string) => isDataMap(values[key]) && (values[key] as DataMap).enabled === true;
  if (enabled('installation')) out.push(resource('operator.tigera.io/v1', 'Installation', { ...omitEnabled(values.installation), imagePullSecrets: chartPullSecrets(values) }));
  for (const [key, kind] of [['apiServer', 'APIServer'], ['goldmane', 'Goldmane'], ['whisker', 'Whisker']] as const) {
    if (enabled(key)) out.push(resource('operator.tigera.io/v1', kind, omitEnabled(values[key])));
  }
  if (enabled('defaultFelixConfiguration')) out.push(resource('crd.projectcalico.org/v1', 'FelixConfiguration', omitEnabled(values.defaultFelixConfiguration)));
  return out;
}

/** What the conversion collects. */
interface Conversion {
  /** The values over the chart's defaults. */
  readonly values: DataMap;
  /** The values file's own values. */
  readonly user: DataMap;
  readonly release: CalicoRelease;
  readonly calico: DataMap;
  readonly platform: DataMap;
  readonly operator: DataMap;
  readonly uncarried: Uncarried[];
  readonly notes: string[];
}

const NOT_SHOWN = (value: unknown) => (typeof value === 'string' ? `(${value.length} characters, not shown)` : '(not shown)');

/** Converts a values file's data. */
export function fromHelm(userValues: DataMap, options: FromHelmOptions): FromHelmResult {
  if (!(Object.values(Cloud) as string[]).includes(options.cloud)) return { outcome: 'usage', message: `--cloud ${options.cloud} is not one of ${Object.values(Cloud).join(', ')}` };
  const release = options.release === undefined ? releaseOfChart(DEFAULT_CALICO_VERSION) : releaseOfChart(options.release);
  if (!release) {
    return { outcome: 'usage', message: `--release ${options.release}: calico-stack has no release for chart version ${options.release} — the chart versions it converts are ${RELEASES.map((r) => r.version).join(', ')} (the chart's version is its Calico release: helm list shows it as tigera-operator-<version>)` };
  }
  const values = withChartDefaults(userValues);
  const c: Conversion = { values, user: userValues, release, calico: { version: release.version }, platform: { cloud: options.cloud }, operator: {}, uncarried: [], notes: [] };
  if (release.version !== CHART_VALUES.version) {
    c.notes.push(`the values are read over the defaults of chart ${CHART_VALUES.version} (the chart-values table); chart ${release.version}'s defaults may differ where its values.yaml does`);
  }
  const handlers: Record<CarryKind, (key: string, row: ChartValueRow) => void> = {
    operator: (key, row) => carryOperator(c, key, row),
    installation: () => carryInstallation(c, options),
    component: (key) => carryComponent(c, key),
    felix: () => carryFelix(c),
    certs: () => carryCerts(c),
    'pull-secrets': () => carryPullSecrets(c),
    'operator-image': () => carryOperatorImage(c),
    endpoint: () => carryEndpoint(c),
    'manage-crds': () => carryManageCrds(c),
    none: (key, row) => carryNone(c, key, row),
  };
  // The merged values' keys, and those a null in the values removed.
  for (const key of new Set([...Object.keys(values), ...Object.keys(userValues)])) {
    const row = rowOf(key);
    if (!row) {
      c.uncarried.push({ path: key, shown: showValue(values[key]), why: `no value of the tigera-operator chart ${CHART_VALUE_TABLE.version} (docs/from-helm.md lists them): the chart ignores it` });
      continue;
    }
    handlers[row.how](key, row);
  }
  if (options.podSubnet !== undefined) c.platform.podSubnet = options.podSubnet;
  else {
    const pools = Array.isArray(c.calico.ipPools) ? c.calico.ipPools.filter(isDataMap).map((p) => p.cidr).filter((cidr): cidr is string => typeof cidr === 'string') : [];
    if (pools.length === 0) return { outcome: 'usage', message: 'the values name no pool (installation.calicoNetwork.ipPools), so the pod network is unknown — give --pod-subnet <cidrs> (kubeadm\'s podSubnet, v4,v6 for dual stack)' };
    c.platform.podSubnet = pools.join(',');
  }

  const calico = c.calico;
  const data: DataMap = {
    name: options.name,
    platform: c.platform,
    calico,
    ...(Object.keys(c.operator).length > 0 ? { operator: c.operator } : {}),
    retina: { enabled: false },
    monitoring: { enabled: false },
  };
  const text = documentOf(data, options.source).toString({ lineWidth: 0 });
  const { rendered, findings } = renderClusterText(text, 'from-helm');
  if (rendered === undefined) return { outcome: 'converted', release, text, data, uncarried: c.uncarried, notes: c.notes, findings };
  const proof = prove(rendered, values, release);
  // Said already: a line's path, and each of `a.b / c`'s (a.b, a.c).
  const said = new Set(c.uncarried.flatMap((u) => {
    const [first, ...more] = u.path.split(' / ');
    const parent = first.slice(0, first.lastIndexOf('.') + 1);
    return [u.path, first, ...more.map((m) => `${parent}${m}`)];
  }));
  for (const d of inexpressibleDifferences(proof.resources)) {
    const path = chartValuePath(d.path);
    if (!said.has(path)) c.uncarried.push({ path, shown: showValue(d.value), why: d.why.replace('the adopted file', 'the converted file') });
  }
  const already = new Set(c.uncarried.map((u) => u.path));
  for (const d of proof.operator.filter((x) => !x.value.split(', ').some((v) => already.has(v)))) c.uncarried.push({ path: d.value, shown: showValue(d.chart), why: `the chart puts it at ${d.path}, where the converted file renders ${showValue(d.rendered)}` });
  return { outcome: 'converted', release, text, data, uncarried: c.uncarried, notes: c.notes, findings, proof };
}

/** The chart values the custom resources' specs come from (templates/crs/). */
const VALUE_OF_OBJECT: ReadonlyArray<readonly [string, string]> = [
  ['Installation/default spec.', 'installation.'], ['APIServer/default spec.', 'apiServer.'], ['Goldmane/default spec.', 'goldmane.'],
  ['Whisker/default spec.', 'whisker.'], ['FelixConfiguration/default spec.', 'defaultFelixConfiguration.'],
];

/** `Installation/default spec.nodeMetricsPort` → `installation.nodeMetricsPort` (other paths as they are). */
function chartValuePath(path: string): string {
  const hit = VALUE_OF_OBJECT.find(([prefix]) => path.startsWith(prefix));
  return hit ? `${hit[1]}${path.slice(hit[0].length)}` : path;
}

/** A value the row copies to an `operator` key, when it is not the chart's default. */
function carryOperator(c: Conversion, key: string, row: ChartValueRow): void {
  const byDefault = chartDefault(row.value);
  // A null in the values removes the chart's default (helm's coalescing): nothing, said as an empty value.
  const removed = Object.hasOwn(c.user, key) && c.user[key] === null;
  const value = removed ? (Array.isArray(byDefault) ? [] : isDataMap(byDefault) ? {} : undefined) : key === row.value ? c.values[key] : undefined;
  if (value === undefined || equal(value, byDefault)) return;
  // Empty where the chart's default is empty too: the chart renders nothing either way.
  if (withoutEmpty(value) === undefined && withoutEmpty(byDefault) === undefined) return;
  setPath(c, row.to as string, value);
}

/** Sets `operator.x`, `calico.x` or `platform.x` (a row's `to`). */
function setPath(c: Conversion, to: string, value: unknown): void {
  const [section, key] = splitPath(to);
  const target = section === 'operator' ? c.operator : section === 'calico' ? c.calico : section === 'platform' ? c.platform : undefined;
  if (!target || key === undefined) throw new Error(`chart-values-table.json: ${to} is not a key from-helm writes`);
  target[key] = value;
}

/** installation: Installation.spec mapped as adopt maps one (adopt.ts), over what calico-stack renders anyway. */
function carryInstallation(c: Conversion, options: FromHelmOptions): void {
  let installation = isDataMap(c.values.installation) ? c.values.installation : {};
  if (installation.enabled !== true) {
    c.uncarried.push({ path: 'installation.enabled', shown: showValue(installation.enabled), why: 'a cluster file always renders Installation/default (the chart leaves it out, as upstream\'s tigera-operator.yaml does); what the values themselves say of installation is carried for that Installation' });
    // No Installation of the chart's: its defaults apply to none, only what the values say is carried.
    installation = isDataMap(c.user.installation) ? c.user.installation : {};
  }
  const spec = withoutEmpty({ ...omitEnabled(installation), imagePullSecrets: chartPullSecrets(c.values) }) as DataMap | undefined ?? {};
  const inexpressible: Inexpressible[] = [];
  mapInstallation(spec, c.release, c.calico, inexpressible, c.notes);
  for (const i of inexpressible) c.uncarried.push({ path: chartValuePath(i.path), shown: showValue(i.value), why: i.why });
  const platform = { ...c.platform, ...(options.podSubnet !== undefined ? { podSubnet: options.podSubnet } : poolSubnet(c.calico)) };
  const base = baseInstallation(options.name, options.cloud, platform, c.calico);
  const passed = passThrough(spec, base, c.release, c.notes);
  if (Object.keys(passed).length > 0) c.calico.installation = passed;
  if (typeof spec.kubernetesProvider === 'string' && spec.kubernetesProvider.toLowerCase() === 'openshift') {
    c.uncarried.push({ path: 'installation.kubernetesProvider', shown: showValue(spec.kubernetesProvider), why: 'for OpenShift the chart also renders ConfigMap calico-resources and the operator\'s init containers (bootstrap-crds, create-initial-resources), which calico-stack does not render' });
  }
}

/** platform.podSubnet for the Installation calico-stack would render anyway: the pools', else the operator's fallback (fromHelm asks for --pod-subnet then). */
function poolSubnet(calico: DataMap): DataMap {
  const pools = Array.isArray(calico.ipPools) ? calico.ipPools.filter(isDataMap).map((p) => p.cidr).filter((x): x is string => typeof x === 'string') : [];
  return pools.length > 0 ? { podSubnet: pools.join(',') } : { podSubnet: '192.168.0.0/16' };
}

/** apiServer, goldmane, whisker → calico.<key>: false, true, or the spec. */
function carryComponent(c: Conversion, key: string): void {
  const value = isDataMap(c.values[key]) ? c.values[key] as DataMap : {};
  const spec = omitEnabled(value);
  const has = key === 'apiServer' || c.release.hasGoldmaneWhisker;
  if (!has) {
    if (value.enabled === true && Object.keys(spec).length > 0) c.uncarried.push({ path: key, shown: showValue(spec), why: `Calico ${c.release.version} has no ${key === 'goldmane' ? 'Goldmane' : 'Whisker'} (v3.30 and later)` });
    return;
  }
  if (value.enabled !== true) c.calico[key] = false;
  else c.calico[key] = Object.keys(spec).length === 0 ? true : spec;
}

/** Felix fields another key says: the key, and whether from-helm carries the field to it. */
const FELIX_ELSEWHERE: Readonly<Record<string, string>> = {
  bpfEnabled: 'calico.linuxDataplane (installation.calicoNetwork.linuxDataplane: BPF), which the operator turns into it',
  nftablesMode: 'calico.linuxDataplane (installation.calicoNetwork.linuxDataplane: Nftables), which the operator turns into it',
};

/** defaultFelixConfiguration → calico.felix (WireGuard → calico.wireguard). */
function carryFelix(c: Conversion): void {
  const value = isDataMap(c.values.defaultFelixConfiguration) ? c.values.defaultFelixConfiguration : {};
  const spec = omitEnabled(value);
  if (value.enabled !== true) {
    if (Object.keys(spec).length > 0) c.uncarried.push({ path: 'defaultFelixConfiguration', shown: showValue(spec), why: 'enabled is not true, so the chart renders none of it: left out (set enabled: true to carry it)' });
    return;
  }
  const felix: DataMap = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'wireguardEnabled' || k === 'wireguardEnabledV6') {
      if (v === true) c.calico.wireguard = true;
      else if (v !== false) c.uncarried.push({ path: `defaultFelixConfiguration.${k}`, shown: showValue(v), why: 'calico.wireguard takes true or false' });
      continue;
    }
    if (Object.hasOwn(FELIX_ELSEWHERE, k)) {
      c.uncarried.push({ path: `defaultFelixConfiguration.${k}`, shown: showValue(v), why: `said by ${FELIX_ELSEWHERE[k]}` });
      continue;
    }
    felix[k] = v;
  }
  if (Object.keys(felix).length > 0) c.calico.felix = felix;
  else if (Object.keys(spec).length === 0) c.notes.push('defaultFelixConfiguration.enabled: true with no field: the operator creates FelixConfiguration/default itself; nothing to carry');
}

/** certs.node / certs.typha → calico.typhaCertificates: byo; the material never. */
function carryCerts(c: Conversion): void {
  const certs = isDataMap(c.values.certs) ? c.values.certs : {};
  let any = false;
  for (const [who, secret] of [['node', 'Secret node-certs'], ['typha', 'Secret typha-certs']] as const) {
    const entry = isDataMap(certs[who]) ? certs[who] as DataMap : {};
    for (const [k, v] of Object.entries(entry)) {
      if (v === null || v === undefined || v === '') continue;
      any = true;
      const where = k === 'caBundle' ? 'ConfigMap typha-ca' : secret;
      c.uncarried.push({
        path: `certs.${who}.${k}`, shown: k === 'commonName' ? showValue(v) : NOT_SHOWN(v),
        why: `certificates never go into a cluster file or dist/: create ${where} in tigera-operator from it before applying (npm run plan prints the command; docs/networking.md#bringing-your-own-typhanode-certificates); the file says calico.typhaCertificates: byo`,
      });
    }
  }
  for (const key of Object.keys(certs)) {
    if (key !== 'node' && key !== 'typha') c.uncarried.push({ path: `certs.${key}`, shown: showValue(certs[key]), why: 'the chart reads only certs.node and certs.typha' });
  }
  if (any) c.calico.typhaCertificates = 'byo';
}

/** imagePullSecrets (name → credentials): the names are carried with installation.imagePullSecrets; the credentials never. */
function carryPullSecrets(c: Conversion): void {
  const secrets = c.values.imagePullSecrets;
  if (!isDataMap(secrets)) {
    if (secrets !== undefined && withoutEmpty(secrets) !== undefined) c.uncarried.push({ path: 'imagePullSecrets', shown: showValue(secrets), why: 'the chart takes a map of Secret name → dockerconfigjson here (names of existing Secrets go in installation.imagePullSecrets)' });
    return;
  }
  for (const [name, content] of Object.entries(secrets)) {
    c.uncarried.push({
      path: `imagePullSecrets.${name}`, shown: NOT_SHOWN(content),
      why: `credentials never go into a cluster file or dist/: create the Secret first (kubectl -n tigera-operator create secret generic ${name} --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=<file>); calico.imagePullSecrets names it`,
    });
  }
  // The names: calico.imagePullSecrets, set by the installation's mapping (the chart's helper adds them there).
  if (!(isDataMap(c.values.installation) && c.values.installation.enabled === true) && Object.keys(secrets).length > 0) {
    c.calico.imagePullSecrets = [...new Set([...(c.calico.imagePullSecrets as unknown[] | undefined ?? []), ...Object.keys(secrets).sort()])];
  }
}

/** tigeraOperator: the image's tag is the release's, its registry and path calico.registry/imagePath where they fit; env is an operator row. */
function carryOperatorImage(c: Conversion): void {
  const op = isDataMap(c.values.tigeraOperator) ? c.values.tigeraOperator : {};
  const release = c.release;
  for (const [k, v] of Object.entries(op)) {
    const row = rowOf(`tigeraOperator.${k}`);
    if (row?.how === 'operator') {
      if (withoutEmpty(v) !== undefined) setPath(c, row.to as string, v);
    } else if (!row) {
      c.uncarried.push({ path: `tigeraOperator.${k}`, shown: showValue(v), why: `no value of the chart ${CHART_VALUE_TABLE.version} (tigeraOperator takes image, version, registry, env)` });
    }
  }
  // The tag the values give; without one, chart <release>'s default, which is the release's operator.
  const own = isDataMap(c.user.tigeraOperator) ? c.user.tigeraOperator.version : undefined;
  const version = own === undefined || own === null ? release.operatorVersion : own;
  if (version !== release.operatorVersion) {
    const other = RELEASES.find((r) => r.operatorVersion === version);
    c.uncarried.push({
      path: 'tigeraOperator.version', shown: showValue(version),
      why: `calico-stack renders the operator of the release it renders: Calico ${release.version} runs operator ${release.operatorVersion}${other ? ` — operator ${String(version)} is Calico ${other.version}'s: give --release ${other.version}` : `, and no release calico-stack renders runs ${String(version)} (${RELEASES.map((r) => `${r.version}: ${r.operatorVersion}`).join(', ')})`}`,
    });
  }
  const image = typeof op.image === 'string' ? op.image : '';
  const registry = typeof op.registry === 'string' ? op.registry.replace(/\/+$/, '') : '';
  const slash = image.lastIndexOf('/');
  const [path, name] = slash === -1 ? ['', image] : [image.slice(0, slash), image.slice(slash + 1)];
  const upstreamRegistry = release.operatorRegistry.replace(/\/+$/, '');
  const upstreamPath = release.operatorImagePath;
  if (name !== 'operator') {
    c.uncarried.push({ path: 'tigeraOperator.image', shown: showValue(image), why: 'calico-stack names the operator image <registry><path>/operator: an image of another name cannot be carried' });
    return;
  }
  // calico-stack's operator image: <calico.registry or the release's>/<calico.imagePath or tigera>/operator.
  const installation = isDataMap(c.values.installation) ? c.values.installation : {};
  const calicoRegistry = typeof installation.registry === 'string' && installation.registry !== 'UseDefault' ? installation.registry.replace(/\/+$/, '') : '';
  const calicoPath = typeof installation.imagePath === 'string' && installation.imagePath !== 'UseDefault' ? installation.imagePath : '';
  const ours = { registry: calicoRegistry || upstreamRegistry, path: calicoPath || upstreamPath };
  if (ours.registry !== registry) {
    c.uncarried.push({
      path: 'tigeraOperator.registry', shown: showValue(op.registry),
      why: `calico.registry moves Calico's images and the operator's together: the converted file pulls the operator from ${ours.registry}${calicoRegistry ? ' (installation.registry)' : ''}, the chart from ${registry} — ${calicoRegistry ? `mirror the operator image to ${calicoRegistry} too` : `set installation.registry to ${registry} (and mirror Calico's images there) to carry it`}`,
    });
  }
  if (ours.path !== path) {
    c.uncarried.push({
      path: 'tigeraOperator.image', shown: showValue(image),
      why: `calico.imagePath moves Calico's images and the operator's together: the converted file's operator image is ${ours.path}/operator${calicoPath ? ' (installation.imagePath)' : ''}, the chart's ${image} — ${calicoPath ? `mirror the operator image as ${calicoPath}/operator too` : `set installation.imagePath to ${path} to carry it`}`,
    });
  }
}

/** kubernetesServiceEndpoint → platform.apiServerEndpoint `host:port`. */
function carryEndpoint(c: Conversion): void {
  const endpoint = isDataMap(c.values.kubernetesServiceEndpoint) ? c.values.kubernetesServiceEndpoint : {};
  const host = endpoint.host;
  if (host === undefined || host === null || host === '') return;
  const port = endpoint.port === undefined || endpoint.port === null || endpoint.port === '' ? '6443' : String(endpoint.port);
  const h = String(host);
  c.platform.apiServerEndpoint = h.includes(':') && !h.startsWith('[') ? `[${h}]:${port}` : `${h}:${port}`;
}

/** manageCRDs: true is calico-stack's way where the release's operator creates its CRDs. */
function carryManageCrds(c: Conversion): void {
  const value = c.values.manageCRDs;
  if (value === true && c.release.operatorCreatesCrds) return;
  if (value === true) {
    c.notes.push(`manageCRDs: true, but Calico ${c.release.version}'s operator does not create its CRDs: calico-stack renders them from the bundle it ships (calico.crds)`);
    return;
  }
  c.uncarried.push({ path: 'manageCRDs', shown: showValue(value), why: `calico-stack runs the operator with the release's own arguments (${c.release.operatorArgs.join(' ') || 'none'}); there is no key to change them — apply the CRDs yourself as well if you must (they are the same), or leave the operator to manage them` });
}

/** A value of a `none` row (or one of its keys) that is not the chart's default. */
function carryNone(c: Conversion, key: string, row: ChartValueRow): void {
  const value = c.values[key];
  if (isDataMap(value) && CHART_VALUES.values.some((v) => v.path.startsWith(`${key}.`))) {
    for (const [k, v] of Object.entries(value)) {
      const sub = rowOf(`${key}.${k}`);
      if (equal(v, chartDefault(`${key}.${k}`))) continue;
      c.uncarried.push({ path: `${key}.${k}`, shown: showValue(v), why: sub?.why ?? row.why ?? '' });
    }
    return;
  }
  if (equal(value, chartDefault(key)) || (chartDefault(key) === undefined && withoutEmpty(value) === undefined)) return;
  c.uncarried.push({ path: key, shown: showValue(value), why: row.why ?? '' });
}

/**
 * The Installation's registry with the trailing `/` calico-stack writes (the operator adds it where
 * it is missing: the same registry).
 */
function withRegistrySlash(object: DataMap): DataMap {
  const spec = isDataMap(object.spec) ? object.spec : undefined;
  if (object.kind !== 'Installation' || !spec || typeof spec.registry !== 'string' || spec.registry.endsWith('/') || spec.registry === 'UseDefault') return object;
  return { ...object, spec: { ...spec, registry: `${spec.registry}/` } };
}

/** Reads `a.b[0].c` out of data. */
function at(data: unknown, path: string): unknown {
  let value = data;
  for (const seg of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (Array.isArray(value)) value = value[Number(seg)];
    else if (isDataMap(value)) value = value[seg];
    else return undefined;
  }
  return value;
}

/**
 * The proof of a cluster file's text against the chart's values (merged over the chart's defaults,
 * withChartDefaults): the text rendered, and the render compared with what the chart renders; no
 * proof when the text does not render (the findings say why).
 */
export function proveConversion(text: string, values: DataMap, release: CalicoRelease): { proof?: HelmProof; findings: readonly Finding[] } {
  const { rendered, findings } = renderClusterText(text, 'from-helm');
  return rendered === undefined ? { findings } : { proof: prove(rendered, values, release), findings };
}

/** The render compared with the chart: the custom resources field by field, and each operator row at its place. */
function prove(rendered: readonly DataMap[], values: DataMap, release: CalicoRelease): HelmProof {
  // Goldmane and Whisker exist from v3.30 (the charts before have no such values).
  const chartObjects = chartCustomResources(values).filter((o) => release.hasGoldmaneWhisker || (o.kind !== 'Goldmane' && o.kind !== 'Whisker')).map((o) => withoutEmpty(o) as DataMap);
  // What the operator writes into the chart's objects, as it writes it into calico-stack's (which renders it).
  const filled = chartObjects.map((o) => (OPERATOR_KINDS.has(String(o.kind)) ? withRegistrySlash(withOperatorDefaults(o as unknown as RenderedObject, release) as unknown as DataMap) : o));
  const live: LiveObject[] = filled.map((object, i) => ({ at: `the chart's custom resources, object ${i + 1}`, object }));
  const ours = rendered.filter((o) => CHART_KINDS.has(String(o.kind))).map((o) => withoutEmpty(o) as DataMap);
  const resources = compareWithLive(ours, live, release, CHART_KINDS);
  const operator: OperatorDifference[] = [];
  const deployment = rendered.find((o) => o.kind === 'Deployment' && isDataMap(o.metadata) && o.metadata.name === 'tigera-operator');
  for (const row of CHART_VALUE_TABLE.rows) {
    if (row.how !== 'operator' || row.chartPath === undefined) continue;
    const value = withoutEmpty(at(values, row.value));
    const place = withoutEmpty(at(deployment, row.chartPath));
    let chart: unknown = value;
    let got: unknown = place;
    if (Array.isArray(place) && row.value === 'tigeraOperator.env') {
      // After upstream's variables: the last ones of the list.
      const n = Array.isArray(value) ? value.length : 0;
      got = n === 0 ? undefined : place.slice(-n);
    } else if (row.value === 'podLabels' && isDataMap(place)) {
      // Added to upstream's labels (name, k8s-app), which stay.
      const upstream = new Set(['name', 'k8s-app']);
      got = withoutEmpty(Object.fromEntries(Object.entries(place).filter(([k]) => !upstream.has(k))));
      chart = withoutEmpty(Object.fromEntries(Object.entries(isDataMap(value) ? value : {}).filter(([k]) => !upstream.has(k))));
    }
    if (!equal(chart, got)) operator.push({ value: row.value, path: `Deployment tigera-operator ${row.chartPath}`, chart, rendered: got });
  }
  // The operator image: templates/_helpers.tpl's tigera-operator.image (registry without a trailing /, then
  // /image:version); its tag is said by tigeraOperator.version's line, so only the name is compared here.
  const op = isDataMap(values.tigeraOperator) ? values.tigeraOperator : {};
  const registry = typeof op.registry === 'string' && op.registry !== '' ? `${op.registry.replace(/\/+$/, '')}/` : '';
  const chartImage = `${registry}${String(op.image)}`;
  const container = at(deployment, 'spec.template.spec.containers[0].image');
  const renderedImage = typeof container === 'string' ? container.replace(/:[^:/@]+$/, '') : container;
  if (chartImage !== renderedImage) {
    operator.push({ value: 'tigeraOperator.registry, tigeraOperator.image', path: 'Deployment tigera-operator spec.template.spec.containers[0].image (without its tag)', chart: chartImage, rendered: renderedImage });
  }
  // The ServiceAccount's imagePullSecrets: templates/tigera-operator/02-serviceaccount-tigera-operator.yaml (the helper's list).
  const account = rendered.find((o) => o.kind === 'ServiceAccount' && isDataMap(o.metadata) && o.metadata.name === 'tigera-operator');
  const chartSecrets = withoutEmpty(chartPullSecrets(values));
  if (!equal(chartSecrets, withoutEmpty(account?.imagePullSecrets))) {
    operator.push({ value: 'imagePullSecrets, installation.imagePullSecrets', path: 'ServiceAccount tigera-operator/tigera-operator imagePullSecrets', chart: chartSecrets, rendered: withoutEmpty(account?.imagePullSecrets) });
  }
  // kubernetesServiceEndpoint: templates/tigera-operator/01-kubernetes-services-endpoint.yaml.
  const endpoint = isDataMap(values.kubernetesServiceEndpoint) ? values.kubernetesServiceEndpoint : {};
  const configMap = rendered.find((o) => o.kind === 'ConfigMap' && isDataMap(o.metadata) && o.metadata.name === 'kubernetes-services-endpoint');
  const chartData = endpoint.host ? { KUBERNETES_SERVICE_HOST: String(endpoint.host), KUBERNETES_SERVICE_PORT: String(endpoint.port ?? '') } : undefined;
  if (!equal(chartData, configMap?.data)) operator.push({ value: 'kubernetesServiceEndpoint', path: 'ConfigMap tigera-operator/kubernetes-services-endpoint data', chart: chartData, rendered: configMap?.data });
  return { resources, operator, chartObjects };
}

const HOW_TO_TURN_ON: Readonly<Record<string, string>> = {
  retina: 'Not in the chart. Retina in basic mode: remove `enabled: false` (docs/observability.md#retina).',
  monitoring: 'Not in the chart. Prometheus and Grafana, or kube-prometheus-stack objects: remove `enabled: false` (docs/observability.md).',
};

/** The cluster file as a YAML document with comments (the yaml library's Document API). */
function documentOf(data: DataMap, source: string | undefined): Document {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Converted by \`calico-stack from-helm\` from the tigera-operator chart's values${source ? ` (${source})` : ''}: renders the`,
    ' custom resources and the operator the chart renders for them, but for what from-helm printed it cannot carry.',
  ].join('\n');
  for (const item of (doc.contents as YAMLMap).items as Pair[]) {
    const key = isScalar(item.key) ? String((item.key as Scalar).value) : '';
    if (Object.hasOwn(HOW_TO_TURN_ON, key)) (item.key as Scalar).commentBefore = ` ${HOW_TO_TURN_ON[key]}`;
  }
  doc.comment = ' GitOps (Argo CD, Flux) is off: add a gitops section to turn it on (docs/gitops.md).';
  return doc;
}
