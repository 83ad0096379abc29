/**
 * What a cluster's rendered objects need from the cluster, read from the files `npm run synth`
 * writes (not from the cluster file): the Secrets and ConfigMaps they reference, the node labels
 * their selectors ask for, and where each sits in its object. manual-steps.ts turns the ones no
 * rendered object provides into steps for a human.
 *
 * References are found by the fields Kubernetes and Calico name them with, wherever they sit in an
 * object: `secretKeyRef` / `configMapKeyRef` (env, a BGPPeer's password), `secretRef` /
 * `configMapRef` (envFrom, Flux), volumes and projected sources (`secret`, `configMap`),
 * `imagePullSecrets` (pods, ServiceAccounts, the Installation); node selectors by `nodeSelector`
 * and `*NodeSelector` maps, required node affinity, and Calico's string selectors (`nodeSelector`,
 * `peerSelector`) in Calico and operator resources.
 */
import { parseAllDocuments } from 'yaml';
import { CALICO_NODE_NAMESPACE } from '../../lib/calico/calico-bgp';
import { OPERATOR_NAMESPACE } from '../../lib/calico/tigera-operator';
import { DataMap, isDataMap, toData } from '../../lib/common/yaml-data';
import { apiGroupOf } from '../../lib/gitops/external-requirements';

/** A rendered object and the file it is in. */
export interface PlacedObject {
  /** The file, relative to the output folder (`0003-monitoring.k8s.yaml`). */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly body: DataMap;
}

/** `Kind namespace/name` or `Kind name`. */
export function describeObject(o: Pick<PlacedObject, 'kind' | 'name' | 'namespace'>): string {
  return `${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name}`;
}

/** Kustomize's own files (kustomization.yaml): instructions to kustomize, not objects of the cluster. */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';

/** Every object of the rendered files, file by file in the order given, documents in file order. */
export function renderedObjects(files: ReadonlyMap<string, string>): PlacedObject[] {
  const objects: PlacedObject[] = [];
  for (const [file, text] of files) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const doc of parseAllDocuments(text)) {
      const data = toData(doc);
      if (!isDataMap(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string' || !isDataMap(data.metadata)) continue;
      if (apiGroupOf(data.apiVersion) === KUSTOMIZE_GROUP) continue;
      const { name, namespace } = data.metadata;
      if (typeof name !== 'string') continue;
      objects.push({
        file, apiVersion: data.apiVersion, kind: data.kind, name, body: data,
        ...(typeof namespace === 'string' ? { namespace } : {}),
      });
    }
  }
  return objects;
}

/** Visits every field below `value`: its key, its value and its path as `spec.containers[grafana].env[USER]`. */
function forEachField(value: unknown, path: string, visit: (key: string, value: unknown, path: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const label = isDataMap(item) && typeof item.name === 'string' ? item.name : `${i}`;
      forEachField(item, `${path}[${label}]`, visit);
    });
  } else if (isDataMap(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      visit(key, child, childPath);
      forEachField(child, childPath, visit);
    }
  }
}

/** A pod template's path prefix, left out of the paths shown (`containers[grafana]`, not `spec.template.spec.containers[grafana]`). */
const POD_TEMPLATE = /^spec\.(jobTemplate\.spec\.)?template\.spec\./;

/** The objects whose schemas, not values, hold these field names. */
const SCHEMA_KINDS = new Set(['CustomResourceDefinition']);

/** API groups whose resources select nodes with Calico selector strings. */
const CALICO_SELECTOR_GROUPS = new Set(['projectcalico.org', 'crd.projectcalico.org', 'operator.tigera.io']);

/** The kinds another object can make a cluster read. */
export type ReferencedKind = 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';

/** How an object reads what it references (what happens without it depends on it). */
export enum ReferenceVia {
  /** A container's env (`valueFrom.secretKeyRef`). */
  ENV = 'env',
  /** A container's envFrom. */
  ENV_FROM = 'envFrom',
  /** A pod volume, or a source of a projected one. */
  VOLUME = 'volume',
  /** A registry login. */
  IMAGE_PULL = 'imagePullSecrets',
  /**
   * A Flux Kustomization's `spec.kubeConfig.secretRef`: the kubeconfig of another cluster, read by
   * the controller that applies the Kustomization (a hub), not in the cluster the object is for.
   */
  KUBECONFIG = 'kubeConfig',
  /** Any other field (a BGPPeer's password, a Flux source's secretRef). */
  FIELD = 'field',
}

/** One reference of a rendered object to a Secret, ConfigMap or PersistentVolumeClaim. */
export interface ObjectReference {
  readonly kind: ReferencedKind;
  /** Where it is looked up; undefined when the object does not say (a cluster-scoped kind calico-stack does not know). */
  readonly namespace?: string;
  readonly name: string;
  /** The keys read; undefined: every key (envFrom, a volume without items). */
  readonly keys?: readonly string[];
  readonly via: ReferenceVia;
  /** `optional: true`: the object does without it. */
  readonly optional: boolean;
  readonly by: PlacedObject;
  /** Where in the object (`containers[grafana].env[GF_SECURITY_ADMIN_USER]`, `spec.password`). */
  readonly where: string;
}

/**
 * Where a cluster-scoped object's references are looked up: a Calico resource's in calico-node's
 * namespace (a BGPPeer's password: calico-node reads Secrets only there), an operator resource's in
 * the operator's (the Installation's imagePullSecrets).
 */
function referenceNamespace(o: PlacedObject): string | undefined {
  if (o.namespace !== undefined) return o.namespace;
  const group = apiGroupOf(o.apiVersion);
  if (group === 'projectcalico.org' || group === 'crd.projectcalico.org') return CALICO_NODE_NAMESPACE;
  if (group === 'operator.tigera.io') return OPERATOR_NAMESPACE;
  return undefined;
}

const itemKeys = (items: unknown): string[] | undefined => (Array.isArray(items)
  ? items.flatMap((i) => (isDataMap(i) && typeof i.key === 'string' ? [i.key] : []))
  : undefined);

/** Every Secret, ConfigMap and claim reference of the objects, in object order, field order within an object. */
export function objectReferences(objects: readonly PlacedObject[]): ObjectReference[] {
  const refs: ObjectReference[] = [];
  for (const o of objects) {
    if (SCHEMA_KINDS.has(o.kind)) continue;
    const namespace = referenceNamespace(o);
    const add = (kind: ReferencedKind, name: unknown, via: ReferenceVia, path: string, keys: string[] | undefined, optional: unknown) => {
      if (typeof name !== 'string' || name === '') return;
      const where = path.replace(POD_TEMPLATE, '').replace(/\.(valueFrom\.)?(secretKeyRef|configMapKeyRef|secretRef|configMapRef|secret|configMap|persistentVolumeClaim)$/, '');
      refs.push({
        kind, name, via, optional: optional === true, by: o, where,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(keys !== undefined ? { keys } : {}),
      });
    };
    const viaOf = (path: string, inVolume: ReferenceVia): ReferenceVia => {
      if (/(^|\.)env\[[^\]]*\]\.valueFrom\.[a-zA-Z]+$/.test(path)) return ReferenceVia.ENV;
      if (/(^|\.)envFrom\[[^\]]*\]\.[a-zA-Z]+$/.test(path)) return ReferenceVia.ENV_FROM;
      if (/(^|\.)volumes\[/.test(path)) return inVolume;
      return ReferenceVia.FIELD;
    };
    forEachField(o.body, '', (key, value, path) => {
      if (key === 'imagePullSecrets' && Array.isArray(value)) {
        for (const item of value) if (isDataMap(item)) add('Secret', item.name, ReferenceVia.IMAGE_PULL, path, undefined, false);
        return;
      }
      if (!isDataMap(value)) return;
      switch (key) {
        case 'persistentVolumeClaim':
          if (viaOf(path, ReferenceVia.VOLUME) === ReferenceVia.VOLUME) add('PersistentVolumeClaim', value.claimName, ReferenceVia.VOLUME, path, undefined, false);
          break;
        case 'secretKeyRef':
        case 'configMapKeyRef':
          add(key === 'secretKeyRef' ? 'Secret' : 'ConfigMap', value.name, viaOf(path, ReferenceVia.FIELD), path,
            typeof value.key === 'string' ? [value.key] : undefined, value.optional);
          break;
        case 'secretRef':
        case 'configMapRef': {
          const keys = secretRefKeys(path, value);
          add(key === 'secretRef' ? 'Secret' : 'ConfigMap', value.name, keys ? ReferenceVia.KUBECONFIG : viaOf(path, ReferenceVia.FIELD), path, keys, value.optional);
          break;
        }
        case 'secret':
        case 'configMap':
          // A volume names a Secret by secretName, a projected volume's source by name; a ConfigMap both by name.
          if (viaOf(path, ReferenceVia.VOLUME) !== ReferenceVia.VOLUME) break;
          add(key === 'secret' ? 'Secret' : 'ConfigMap', key === 'secret' && value.secretName !== undefined ? value.secretName : value.name,
            ReferenceVia.VOLUME, path, itemKeys(value.items), value.optional);
          break;
        default:
      }
    });
  }
  return refs;
}

/** Node labels every node has (the kubelet's) or kubeadm sets: a selector on them needs no step. */
export const WELL_KNOWN_NODE_LABELS: readonly string[] = [
  'kubernetes.io/os', 'kubernetes.io/arch', 'kubernetes.io/hostname', 'node-role.kubernetes.io/control-plane',
];

/** A selector of nodes in a rendered object that no node matches until someone labels it. */
export interface NodeSelection {
  /** As written: a Calico selector (`rack == 'a'`), `key=value, ...` for a nodeSelector map, or the affinity's terms. */
  readonly selector: string;
  /** Labels that make a node match (`rack=a`; `key=<value>` where any value does); undefined when the selector is too complex to say. */
  readonly labels?: readonly string[];
  readonly by: PlacedObject;
  /** Where in the object (`spec.nodeSelector`, `spec.calicoNetwork.ipPools[pool-a].nodeSelector`). */
  readonly where: string;
}

const LABEL = '[A-Za-z0-9_./-]+';
const STRING = '(?:\'[^\']*\'|"[^"]*")';
const unquote = (s: string) => s.trim().slice(1, -1);

/**
 * The labels that make a node match a Calico selector: undefined when no label is needed (`all()`,
 * `!all()`, only negations, which a node without labels already meets), null when the selector is
 * too complex to say (`||`, parentheses), else one `key=value` (or `key=<value>`) per term.
 */
export function calicoSelectorLabels(selector: string): string[] | undefined | null {
  const terms = selector.split('&&').map((t) => t.trim());
  const labels: string[] = [];
  for (const term of terms) {
    let m: RegExpExecArray | null;
    if (/^!?\s*(all|global)\(\)$/.test(term)) continue;
    if (new RegExp(`^!\\s*has\\(\\s*${LABEL}\\s*\\)$|^${LABEL}\\s*!=\\s*${STRING}$|^${LABEL}\\s+not\\s+in\\s*\\{[^}]*\\}$`).test(term)) continue;
    if ((m = new RegExp(`^has\\(\\s*(${LABEL})\\s*\\)$`).exec(term))) labels.push(`${m[1]}=<value>`);
    else if ((m = new RegExp(`^(${LABEL})\\s*==\\s*(${STRING})$`).exec(term))) labels.push(`${m[1]}=${unquote(m[2])}`);
    else if ((m = new RegExp(`^(${LABEL})\\s+in\\s*\\{\\s*(${STRING}(?:\\s*,\\s*${STRING})*)\\s*\\}$`).exec(term))) {
      const values = m[2].split(',').map(unquote);
      labels.push(`${m[1]}=${values.length === 1 ? values[0] : `<${values.join('|')}>`}`);
    } else {
      return null;
    }
  }
  return labels.length > 0 ? labels : undefined;
}

/** The terms of a required node affinity, or undefined when one of them needs no labelling. */
function affinitySelection(terms: readonly unknown[]): { selector: string; labels?: string[] } | undefined {
  const described: string[] = [];
  const labelsPerTerm: Array<string[] | undefined> = [];
  for (const term of terms) {
    if (!isDataMap(term)) continue;
    const exprs = [...(Array.isArray(term.matchExpressions) ? term.matchExpressions : [])].filter(isDataMap);
    const parts: string[] = [];
    let labels: string[] | undefined = [];
    let needsLabels = false;
    for (const e of exprs) {
      const key = typeof e.key === 'string' ? e.key : '';
      const op = typeof e.operator === 'string' ? e.operator : '';
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      parts.push(`${key} ${op}${values.length > 0 ? ` (${values.join(', ')})` : ''}`);
      if (WELL_KNOWN_NODE_LABELS.includes(key) || op === 'NotIn' || op === 'DoesNotExist') continue;
      needsLabels = true;
      if (op === 'In' && values.length === 1) labels?.push(`${key}=${values[0]}`);
      else if (op === 'In') labels?.push(`${key}=<${values.join('|')}>`);
      else if (op === 'Exists') labels?.push(`${key}=<value>`);
      else labels = undefined;
    }
    // matchFields select by the Node's fields (its name), which no label changes.
    if (!needsLabels) return undefined;
    described.push(parts.join(', '));
    labelsPerTerm.push(labels);
  }
  if (described.length === 0) return undefined;
  const only = labelsPerTerm.length === 1 ? labelsPerTerm[0] : undefined;
  return { selector: described.join(' or '), ...(only && only.length > 0 ? { labels: only } : {}) };
}

/** Every node selector of the objects that asks for labels a node does not have by default, in object order. */
export function nodeSelections(objects: readonly PlacedObject[]): NodeSelection[] {
  const selections: NodeSelection[] = [];
  for (const o of objects) {
    if (SCHEMA_KINDS.has(o.kind)) continue;
    const calico = CALICO_SELECTOR_GROUPS.has(apiGroupOf(o.apiVersion));
    const add = (path: string, selector: string, labels: readonly string[] | undefined) => selections.push({
      selector, by: o, where: path.replace(POD_TEMPLATE, ''), ...(labels !== undefined ? { labels } : {}),
    });
    forEachField(o.body, '', (key, value, path) => {
      if ((key === 'nodeSelector' || key.endsWith('NodeSelector')) && isDataMap(value)) {
        const pairs = Object.entries(value).filter(([k, v]) => typeof v === 'string' && !WELL_KNOWN_NODE_LABELS.includes(k)).map(([k, v]) => `${k}=${v as string}`);
        if (pairs.length > 0) add(path, pairs.join(', '), pairs);
      } else if (calico && (key === 'nodeSelector' || key === 'peerSelector') && typeof value === 'string') {
        const labels = calicoSelectorLabels(value);
        if (labels !== undefined) add(path, value.trim(), labels ?? undefined);
      } else if (key === 'nodeAffinity' && isDataMap(value)) {
        const required = value.requiredDuringSchedulingIgnoredDuringExecution;
        const terms = isDataMap(required) && Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
        const selection = affinitySelection(terms);
        if (selection) add(`${path}.requiredDuringSchedulingIgnoredDuringExecution`, selection.selector, selection.labels);
      }
    });
  }
  return selections;
}

/**
 * The keys of a Flux Kustomization's `spec.kubeConfig.secretRef` (a KUBECONFIG reference): its
 * `key`, else `value` (or `value.yaml`: fluxcd/pkg runtime/client/impersonator.go:212-215, which
 * kustomize-controller uses); undefined for any other `secretRef`.
 */
function secretRefKeys(path: string, ref: { readonly [key: string]: unknown }): string[] | undefined {
  if (!/(^|\.)kubeConfig\.secretRef$/.test(path)) return undefined;
  return [typeof ref.key === 'string' ? ref.key : 'value'];
}
