/**
 * Pure logic behind `npm run add-release`: reads a Calico release's upstream manifests (their text)
 * and returns the release data (src/lib/calico/release-data.ts) and, for a release whose operator cannot
 * create its CRDs, the stripped CRD bundle calico-stack ships. Every fact comes from the files but two
 * the manifests do not hold, both by the operator's version: the registry Calico's images default to,
 * and what the operator writes into the objects calico-stack renders (scripts/operator-writes.ts); and,
 * by the release's minor, what its documentation says (scripts/release-docs.ts: the Kubernetes versions
 * it was tested on, the oldest release it upgrades from). A
 * file whose shape calico-stack cannot render (an operator object it does not know, a second
 * container, …) is an error that says so, because rendering it needs code, not data.
 */
import { createHash } from 'crypto';
import { parseAllDocuments } from 'yaml';
import { bundleText, stripCrd } from './crd-tools';
import { operatorWritesFor } from './operator-writes';
import { releaseDocsFor } from './release-docs';
import { Crd, parseCrdBundle } from '../src/lib/calico/crd-bundle';
import { CrdInfo, FIELD_KINDS, FieldTree, OperatorData, ReleaseData, ReleaseSource } from '../src/lib/calico/release-data';
import { PolicyRule } from '../src/lib/common/policy-rule';
import { toData } from '../src/lib/common/yaml-data';

/** The upstream files a release's data is read from (all in `manifests/` of projectcalico/calico). */
export const RELEASE_FILES = ['tigera-operator.yaml', 'custom-resources.yaml', 'operator-crds.yaml'] as const;
export type ReleaseFile = (typeof RELEASE_FILES)[number];

/** Where projectcalico/calico publishes its manifests. */
export const MANIFESTS_BASE_URL = 'https://raw.githubusercontent.com/projectcalico/calico';

/** The operator's namespace and the name of its ServiceAccount, roles, bindings and Deployment. */
const OPERATOR = 'tigera-operator';
const SECRETS = `${OPERATOR}-secrets`;

export interface ReleaseInput {
  /** Calico release tag, `vX.Y.Z`. */
  readonly version: string;
  /** The text of each upstream file. */
  readonly files: Readonly<Record<ReleaseFile, string>>;
  /**
   * Registry Calico's images default to. Not in the manifests.
   * @default - the operator's `CalicoRegistry` (see defaultCalicoRegistry)
   */
  readonly calicoImageRegistry?: string;
}

export interface ReleaseOutput {
  readonly data: ReleaseData;
  /** The CRD bundle to ship in `crds/` (file name relative to the project and text), when the operator cannot create its CRDs. */
  readonly bundle?: { readonly file: string; readonly text: string };
}

/** `v3.32.1` → [3, 32, 1]; throws on anything else. */
export function parseVersion(version: string): [number, number, number] {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`"${version}" is not a Calico release tag (vX.Y.Z)`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Newest first. */
export function compareVersionsDescending(a: string, b: string): number {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
  return 0;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function manifestUrl(version: string, file: string): string {
  return `${MANIFESTS_BASE_URL}/${version}/manifests/${file}`;
}

type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [key: string]: any };

/** Plain JSON data (ordinary objects; YAML comments gone), in document order, without empty documents. */
function documents(text: string, source: string): Obj[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source} is not valid YAML: ${doc.errors[0].message}`);
    const value = toData(doc);
    return value === null || value === undefined ? [] : [JSON.parse(JSON.stringify(value)) as Obj];
  });
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Reads the release data from the upstream files; throws with what is wrong when a file is not what calico-stack can render. */
export function extractRelease(input: ReleaseInput): ReleaseOutput {
  const { version, files } = input;
  parseVersion(version);
  const sources: ReleaseSource[] = RELEASE_FILES.map((file) => ({ file, url: manifestUrl(version, file), sha256: sha256(files[file]) }));

  const bundle = parseCrdBundle(files['operator-crds.yaml'], 'operator-crds.yaml');
  if (bundle.length === 0) throw new Error('operator-crds.yaml holds no CustomResourceDefinitions');
  const crds = bundle.map(crdInfo);

  const operator = operatorData(documents(files['tigera-operator.yaml'], 'tigera-operator.yaml'), new Set(crds.map((c) => c.name)));
  const customResources = documents(files['custom-resources.yaml'], 'custom-resources.yaml').map((o) => {
    if (typeof o.kind !== 'string') throw new Error('custom-resources.yaml has a document without a kind');
    if (!crds.some((c) => c.kind === o.kind && o.apiVersion === `${c.group}/${c.versions.find((v) => v.served)?.name}`)) {
      throw new Error(`custom-resources.yaml renders ${o.apiVersion} ${o.kind}, which operator-crds.yaml has no served CRD for`);
    }
    return o.kind;
  });

  const fields: Record<string, FieldTree> = {};
  for (const kind of FIELD_KINDS) {
    const crd = bundle.find((c) => c.spec.names.kind === kind && c.spec.group !== 'projectcalico.org');
    if (crd) fields[kind] = specTree(crd);
  }
  if (!fields.Installation) throw new Error('operator-crds.yaml has no Installation CRD');
  const linuxDataplanes = fieldAt(fields.Installation, ['calicoNetwork', 'linuxDataplane'])?.enum;
  if (!linuxDataplanes) throw new Error('the Installation CRD has no enum for spec.calicoNetwork.linuxDataplane');

  const data: ReleaseData = {
    version,
    sources,
    operator,
    calicoImageRegistry: input.calicoImageRegistry ?? defaultCalicoRegistry(operator.version),
    crds,
    customResources,
    linuxDataplanes: linuxDataplanes.map(String),
    allowedUses: allowedUses(bundle, fields.Installation),
    fields,
    operatorWrites: operatorWritesFor(operator.version),
  };
  // The documentation facts go last, so that adding them changed nothing else of the files.
  const docs = releaseDocsFor(version);
  const withDocs = (d: ReleaseData): ReleaseData => (docs ? { ...d, docs } : d);
  if (operator.createsCrds) return { data: withDocs(data) };

  const file = `crds/operator-crds-${version}.yaml`;
  const upstream = sources.find((s) => s.file === 'operator-crds.yaml')!;
  const stripped = bundle.map(stripCrd);
  const text = bundleText(stripped, [
    `Calico ${version}: the CRDs its operator (${operator.version}) needs and cannot create itself.`,
    'Generated by `npm run add-release` from',
    `  ${upstream.url}`,
    `  sha256 ${upstream.sha256}`,
    'Every CRD, version, schema and field is upstream\'s; the `description` texts are left out (calico-stack',
    'ships facts, not upstream prose), so `kubectl explain` shows none for these kinds. For the texts, set',
    'calico.crds to the upstream file. Do not edit: regenerate.',
  ]);
  // The bundle must read back as exactly the stripped upstream CRDs.
  if (!sameJson(parseCrdBundle(text, file), stripped)) throw new Error(`${file} does not read back as the stripped upstream CRDs`);
  return { data: withDocs({ ...data, crdBundle: { file, sha256: sha256(text) } }), bundle: { file, text } };
}

function crdInfo(crd: Crd): CrdInfo {
  const s = crd.spec as Crd['spec'] & { scope?: unknown };
  if (crd.metadata.name !== `${s.names.plural}.${s.group}`) {
    throw new Error(`CRD ${crd.metadata.name} should be named ${s.names.plural}.${s.group}`);
  }
  return {
    name: crd.metadata.name,
    group: s.group,
    kind: s.names.kind,
    plural: s.names.plural,
    scope: String(s.scope),
    versions: s.versions.map((v) => ({ name: v.name, served: v.served === true, storage: v.storage === true })),
  };
}

/** The spec fields of the CRD's served storage version (or its first served one). */
function specTree(crd: Crd): FieldTree {
  const versions = crd.spec.versions.filter((v) => v.served);
  const version = versions.find((v) => v.storage) ?? versions[0];
  const spec = (version?.schema?.openAPIV3Schema?.properties as Record<string, unknown> | undefined)?.spec;
  return spec ? fieldTree(spec as Record<string, unknown>) : {};
}

/** A schema node as a FieldTree: no types, no descriptions, no validation beyond enums. */
export function fieldTree(schema: Record<string, unknown>): FieldTree {
  const out: { fields?: Record<string, FieldTree>; items?: FieldTree; values?: FieldTree; enum?: unknown[]; open?: true } = {};
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties && typeof properties === 'object') {
    out.fields = {};
    // Every name a key, `__proto__` too (it would set the prototype if assigned).
    for (const [name, child] of Object.entries(properties)) Object.defineProperty(out.fields, name, { value: fieldTree(child), enumerable: true, writable: true, configurable: true });
  }
  const items = schema.items;
  if (items && typeof items === 'object' && !Array.isArray(items)) out.items = fieldTree(items as Record<string, unknown>);
  const additional = schema.additionalProperties;
  if (additional === true) out.values = { open: true };
  else if (additional && typeof additional === 'object') out.values = fieldTree(additional as Record<string, unknown>);
  if (Array.isArray(schema.enum)) out.enum = schema.enum;
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) out.open = true;
  return out as FieldTree;
}

/** The node of `field` (object keys; `[]` for list items). */
export function fieldAt(tree: FieldTree, field: readonly string[]): FieldTree | undefined {
  let node: FieldTree | undefined = tree;
  for (const segment of field) node = segment === '[]' ? node?.items : node?.fields?.[segment];
  return node;
}

/**
 * `ipPools[].allowedUses` values. Where a CRD gives them as an enum (the IPPool CRD from v3.32),
 * that enum. Before, both CRDs type them as plain strings; the operator accepts Workload and Tunnel
 * (operator v1.34.5 api/v1/installation_types.go) and, from v1.38 (Calico v3.30), LoadBalancer
 * (v1.38.13 api/v1/installation_types.go:718, checked in pkg/controller/ippool/validation.go:45-57),
 * for the LoadBalancer IP address management of kube-controllers, which that release introduced: so
 * LoadBalancer is allowed exactly when the KubeControllersConfiguration CRD has `controllers.loadBalancer`.
 */
function allowedUses(bundle: readonly Crd[], installation: FieldTree): string[] {
  const pool = bundle.find((c) => c.metadata.name === 'ippools.crd.projectcalico.org');
  const poolEnum = pool ? fieldAt(specTree(pool), ['allowedUses', '[]'])?.enum : undefined;
  const installationEnum = fieldAt(installation, ['calicoNetwork', 'ipPools', '[]', 'allowedUses', '[]'])?.enum;
  const listed = poolEnum ?? installationEnum;
  if (listed) return listed.map(String);
  const kcc = bundle.find((c) => c.metadata.name === 'kubecontrollersconfigurations.crd.projectcalico.org');
  const loadBalancer = kcc ? fieldAt(specTree(kcc), ['controllers', 'loadBalancer']) : undefined;
  return ['Workload', 'Tunnel', ...(loadBalancer ? ['LoadBalancer'] : [])];
}

/** The operator objects, checked against the shape TigeraOperator renders. */
function operatorData(objects: Obj[], bundleCrds: ReadonlySet<string>): OperatorData {
  const embedded = objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => String(o.metadata?.name));
  const notInBundle = embedded.filter((name) => !bundleCrds.has(name));
  if (notInBundle.length > 0) throw new Error(`tigera-operator.yaml embeds CRDs that operator-crds.yaml lacks: ${notInBundle.join(', ')}`);
  const rest = objects.filter((o) => o.kind !== 'CustomResourceDefinition');
  const key = (o: Obj) => `${o.kind}/${o.metadata?.name}`;
  const known = [`Namespace/${OPERATOR}`, `ServiceAccount/${OPERATOR}`, `ClusterRole/${SECRETS}`, `ClusterRole/${OPERATOR}`, `ClusterRoleBinding/${OPERATOR}`, `RoleBinding/${SECRETS}`, `Deployment/${OPERATOR}`];
  const unknown = rest.filter((o) => !known.includes(key(o)));
  if (unknown.length > 0) {
    throw new Error(`tigera-operator.yaml has objects calico-stack does not render: ${unknown.map(key).join(', ')} (rendering them needs code in src/lib/calico/tigera-operator.ts)`);
  }
  const get = (k: string): Obj | undefined => {
    const hits = rest.filter((o) => key(o) === k);
    if (hits.length > 1) throw new Error(`tigera-operator.yaml has ${k} ${hits.length} times`);
    return hits[0];
  };
  const need = (k: string): Obj => {
    const o = get(k);
    if (!o) throw new Error(`tigera-operator.yaml has no ${k}`);
    return o;
  };
  const namespace = need(`Namespace/${OPERATOR}`);
  const serviceAccount = need(`ServiceAccount/${OPERATOR}`);
  const role = need(`ClusterRole/${OPERATOR}`);
  const binding = need(`ClusterRoleBinding/${OPERATOR}`);
  const secretsRole = get(`ClusterRole/${SECRETS}`);
  const secretsBinding = get(`RoleBinding/${SECRETS}`);
  const deployment = need(`Deployment/${OPERATOR}`);
  if (!secretsRole !== !secretsBinding) throw new Error(`tigera-operator.yaml has only one of ClusterRole and RoleBinding ${SECRETS}`);

  for (const o of [serviceAccount, secretsBinding, deployment]) {
    if (o && o.metadata?.namespace !== OPERATOR) throw new Error(`tigera-operator.yaml puts ${key(o)} in namespace ${o.metadata?.namespace}, not ${OPERATOR}`);
  }
  if ((serviceAccount.imagePullSecrets ?? []).length > 0 || Object.keys(serviceAccount).some((k) => !['apiVersion', 'kind', 'metadata', 'imagePullSecrets'].includes(k))) {
    throw new Error('tigera-operator.yaml has a ServiceAccount with more than labels and an empty imagePullSecrets');
  }
  const labels = serviceAccount.metadata?.labels ?? {};
  for (const o of [role, binding, secretsRole, secretsBinding]) {
    if (o && !sameJson(o.metadata?.labels ?? {}, labels)) throw new Error(`tigera-operator.yaml labels ${key(o)} differently from the ServiceAccount`);
  }
  const subjects = [{ kind: 'ServiceAccount', name: OPERATOR, namespace: OPERATOR }];
  for (const [o, roleName] of [[binding, OPERATOR], [secretsBinding, SECRETS]] as const) {
    if (!o) continue;
    if (!sameJson(o.subjects, subjects) || !sameJson(o.roleRef, { kind: 'ClusterRole', name: roleName, apiGroup: 'rbac.authorization.k8s.io' })) {
      throw new Error(`tigera-operator.yaml binds ${key(o)} otherwise than to ClusterRole ${roleName} for ServiceAccount ${OPERATOR}/${OPERATOR}`);
    }
  }

  const spec = deployment.spec as { template?: { spec?: { containers?: Array<{ name?: string; image?: string; args?: unknown }> } } };
  const containers = spec?.template?.spec?.containers ?? [];
  if (containers.length !== 1) throw new Error(`tigera-operator.yaml's Deployment has ${containers.length} containers, calico-stack renders one`);
  const image = parseOperatorImage(String(containers[0].image));
  const args = (containers[0].args as string[] | undefined) ?? [];
  const createsCrds = args.some((a) => /^--?manage-crds(=true)?$/.test(a));
  const rules = (role.rules as PolicyRule[]).map(policyRule);
  if (createsCrds && !rules.some((r) => r.apiGroups.includes('apiextensions.k8s.io') && r.resources.includes('customresourcedefinitions') && r.verbs.includes('create'))) {
    throw new Error('tigera-operator.yaml runs the operator with -manage-crds but gives it no right to create CRDs');
  }
  return {
    version: image.tag,
    image: { registry: image.registry, imagePath: image.imagePath, name: image.name },
    args,
    createsCrds,
    namespaceLabels: namespace.metadata?.labels ?? {},
    labels,
    rules,
    ...(secretsRole ? { secretsRules: (secretsRole.rules as PolicyRule[]).map(policyRule) } : {}),
    deployment: { labels: deployment.metadata?.labels ?? {}, spec: deployment.spec },
  };
}

/** A rule in a fixed key order, `resourceNames` only when upstream has it. */
function policyRule(r: PolicyRule): PolicyRule {
  return {
    apiGroups: r.apiGroups,
    resources: r.resources,
    verbs: r.verbs,
    ...(r.resourceNames !== undefined ? { resourceNames: r.resourceNames } : {}),
  };
}

/**
 * The registry Calico's images default to, by operator version: `CalicoRegistry` in the operator's
 * pkg/components/images.go is `docker.io/` up to v1.38.6 (v1.38.6 images.go:18) and `quay.io/` from
 * v1.38.7 (v1.38.7 images.go:18; v1.38.13 the same). The manifests do not say; add-release's
 * --calico-registry overrides it.
 */
export function defaultCalicoRegistry(operatorVersion: string): string {
  const [major, minor, patch] = parseVersion(operatorVersion);
  return major > 1 || minor > 38 || (minor === 38 && patch >= 7) ? 'quay.io/' : 'docker.io/';
}

/** `quay.io/tigera/operator:v1.42.3` → registry `quay.io/`, imagePath `tigera`, name `operator`, tag `v1.42.3`. */
export function parseOperatorImage(image: string): { registry: string; imagePath: string; name: string; tag: string } {
  const m = /^(?:([^/]*[.:][^/]*|localhost)\/)?((?:[^/:@]+\/)+)([^/:@]+):([^/:@]+)$/.exec(image);
  if (!m) throw new Error(`tigera-operator.yaml's operator image "${image}" is not <registry>/<path>/<name>:<tag>`);
  return { registry: m[1] ? `${m[1]}/` : '', imagePath: m[2].replace(/\/$/, ''), name: m[3], tag: m[4] };
}
