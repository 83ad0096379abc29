/**
 * Every step a cluster needs that its manifests cannot take, for `npm run plan`, in the order to
 * take them, each with the command (placeholders for what only the user knows, never a value) and
 * why: which rendered object needs it.
 *
 * Derived from what is rendered, not from a list per example: the Secrets and ConfigMaps the
 * objects reference that no rendered object creates (Grafana's admin login, BGP passwords, a
 * registry login, anything else), the node labels their selectors need (pools, BGP peers, pods),
 * the storage a claim needs, what the kernel and kube-proxy must be for the dataplane, the cluster
 * with no CNI yet, what must be installed first, and what applies the GitOps objects. From the
 * stack, what the render cannot say: the route reflectors' node annotation and kube-proxy's fate.
 */
import * as path from 'path';
import { routeReflectorSteps } from './bgp-plan';
import { kubeProxySteps } from './kube-proxy';
import {
  describeObject, NodeSelection, nodeSelections, ObjectReference, objectReferences, PlacedObject, ReferencedKind, ReferenceVia, renderedObjects,
} from './references';
import { ManualStep, StepPhase } from './step';
import { CALICO_SYSTEM_NAMESPACE } from '../../lib/calico/metrics';
import { BroughtObject, SUGGESTED_COMMON_NAMES, TYPHA_CERTIFICATE_OBJECTS, TyphaCertificates } from '../../lib/calico/typha-certificates';
import { isDataMap } from '../../lib/common/yaml-data';
import { apiGroupOf } from '../../lib/gitops/external-requirements';
import { ARGOCD_FLEET_MEMBER_FILE } from '../../lib/gitops/fleet';
import { FLEET_APPLICATIONSET_FILE, FLEET_FLUX_KUSTOMIZATION_FILE } from '../../lib/render/fleet';
import { FLEET_FOLDER, manifestFiles } from '../../lib/render/layout';
import { renderStack } from '../../lib/render/render';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { KUBEADM_DEFAULT_SERVICE_SUBNET } from '../../lib/stack/stack-rules';

export { StepPhase } from './step';
export type { ManualStep } from './step';

export interface ManualStepsOptions {
  /**
   * The stack's rendered files, by path in its output folder.
   * @default renderStack(stack)
   */
  readonly files?: ReadonlyMap<string, string>;
  /**
   * The output folder as the commands name it.
   * @default `dist/<cluster name>`
   */
  readonly folder?: string;
  /**
   * The objects of `files`, when the caller has read them already.
   * @default renderedObjects(files)
   */
  readonly objects?: readonly PlacedObject[];
}

/**
 * Every step of the cluster a manifest cannot take, in order: before apply, the apply (GitOps),
 * after the file that creates a step's namespace (in file order), after apply. Renders the stack
 * unless `options.files` holds its files, so the stack must have no errors.
 */
export function manualSteps(stack: CalicoStack, options: ManualStepsOptions = {}): ManualStep[] {
  const files = options.files ?? renderStack(stack);
  const objects = options.objects ?? renderedObjects(files);
  const steps = [
    ...clusterSteps(stack, objects),
    ...certificateSteps(stack, objects),
    ...kubeProxySteps(stack),
    ...externalSteps(stack),
    ...storageSteps(objects),
    ...nodeLabelSteps(objects),
    ...routeReflectorSteps(stack),
    ...missingObjectSteps(objects),
    ...hubKubeConfigSteps(objects),
    ...gitOpsSteps(objects, options.folder ?? `dist/${stack.clusterName}`, files.has(ARGOCD_FLEET_MEMBER_FILE) ? stack.clusterName : undefined),
  ];
  const fileOrder = [...files.keys()];
  const position = (s: ManualStep) => (s.after !== undefined ? fileOrder.indexOf(s.after) : -1);
  // Stable: steps of one phase (and file) keep the order above.
  return steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.phase - b.s.phase || position(a.s) - position(b.s) || a.i - b.i).map(({ s }) => s);
}

/** When a step is taken, as the list says it. */
export function stepWhen(step: ManualStep): string {
  switch (step.phase) {
    case StepPhase.BEFORE: return 'before apply';
    case StepPhase.APPLY: return 'apply';
    case StepPhase.AFTER_FILE: return `after ${step.after}`;
    case StepPhase.AFTER: return 'after apply';
  }
}

/** The steps as `npm run plan` prints them: numbered, the commands and the reason indented below each. */
export function formatManualSteps(steps: readonly ManualStep[]): string {
  return steps.map((s, i) => {
    const number = `  ${i + 1}. `;
    const indent = ' '.repeat(number.length + 2);
    return [`${number}[${stepWhen(s)}] ${s.action}`, ...s.commands.map((c) => `${indent}${c}`), `${indent}why: ${s.why}`].join('\n');
  }).join('\n');
}

const objectsOf = (objects: readonly PlacedObject[], group: string, kind: string) => objects.filter((o) => apiGroupOf(o.apiVersion) === group && o.kind === kind);
const spec = (o: PlacedObject) => (isDataMap(o.body.spec) ? o.body.spec : {});
const at = (o: PlacedObject) => `${describeObject(o)} in ${o.file}`;

/** The cluster Calico goes into: no CNI yet (kubeadm), and the kernel the dataplane needs. */
function clusterSteps(stack: CalicoStack, objects: readonly PlacedObject[]): ManualStep[] {
  const steps: ManualStep[] = [];
  for (const inst of objectsOf(objects, 'operator.tigera.io', 'Installation')) {
    const s = spec(inst);
    const cni = isDataMap(s.cni) && typeof s.cni.type === 'string' ? s.cni.type : 'Calico';
    const network = isDataMap(s.calicoNetwork) ? s.calicoNetwork : {};
    const pools = (Array.isArray(network.ipPools) ? network.ipPools : []).flatMap((p) => (isDataMap(p) && typeof p.cidr === 'string' ? [p.cidr] : []));
    if (cni === 'Calico') {
      const { podSubnet, serviceSubnet } = stack.platform;
      const flags = [
        ...(podSubnet !== undefined ? [`--pod-network-cidr=${podSubnet}`] : []),
        ...(serviceSubnet !== KUBEADM_DEFAULT_SERVICE_SUBNET ? [`--service-cidr=${serviceSubnet}`] : []),
      ];
      steps.push({
        phase: StepPhase.BEFORE,
        action: `start from a cluster with no CNI yet: created with kubeadm init${flags.map((f) => ` ${f}`).join('')}, its nodes NotReady, no other CNI's configuration in /etc/cni/net.d on any node (remove another CNI first)`,
        commands: ['kubectl get nodes'],
        why: `${at(inst)} makes Calico the cluster's CNI (spec.cni.type ${cni}${isDataMap(s.cni) ? '' : ', the default'})${pools.length > 0 ? ` with pod addresses from ${pools.join(', ')}` : ''}: a CNI already there would fight it over the pods' networking, and kubeadm's pod network CIDR must hold the pools`,
      });
    } else {
      steps.push({
        phase: StepPhase.BEFORE,
        action: `install the ${cni} CNI first`,
        commands: [],
        why: `${at(inst)} has spec.cni.type ${cni}: Calico enforces network policy on that CNI's pod networking, which it does not install`,
      });
    }
    const dataplane = typeof network.linuxDataplane === 'string' ? network.linuxDataplane : undefined;
    if (dataplane === 'BPF') {
      steps.push({
        phase: StepPhase.BEFORE,
        action: 'check that every node runs a kernel Calico\'s eBPF data plane supports (Linux 5.3 or later; RHEL 8.2 from 4.18.0-193)',
        commands: ['uname -r'],
        why: `${at(inst)} has calicoNetwork.linuxDataplane BPF: Felix loads its eBPF programs into each node's kernel`,
      });
    } else if (dataplane === 'Nftables') {
      steps.push({
        phase: StepPhase.BEFORE,
        action: 'check that every node runs Linux 5.13 or later with nft 1.0.1 or later',
        commands: ['uname -r', 'nft --version'],
        why: `${at(inst)} has calicoNetwork.linuxDataplane Nftables, which Calico's nftables install guide requires them for`,
      });
    }
  }
  for (const felix of objectsOf(objects, 'projectcalico.org', 'FelixConfiguration')) {
    const s = spec(felix);
    const families = [...(s.wireguardEnabled === true ? ['IPv4'] : []), ...(s.wireguardEnabledV6 === true ? ['IPv6'] : [])];
    if (families.length === 0) continue;
    steps.push({
      phase: StepPhase.BEFORE,
      action: 'check that every node\'s kernel has WireGuard (built in from Linux 5.6; older kernels need the wireguard module)',
      commands: ['sudo modprobe wireguard && lsmod | grep wireguard'],
      why: `${at(felix)} turns WireGuard on for ${families.join(' and ')}: a node without it sends and receives its pod traffic unencrypted`,
    });
  }
  return steps;
}

/** The command that creates a brought object, with a placeholder for each key's file or value (never a value). */
export function broughtObjectCommand(o: BroughtObject): string {
  const placeholder: Record<string, string> = { 'tls.crt': '<certificate file>', 'tls.key': '<private key file>', 'common-name': '<common name>', caBundle: '<CA certificate file>' };
  const keys = o.keys.filter((k) => k.required).map((k) => `--from-${k.from}=${k.key}=${placeholder[k.key] ?? `<${k.key}>`}`);
  return `kubectl -n ${o.namespace} create ${o.kind === 'Secret' ? 'secret generic' : 'configmap'} ${o.name} ${keys.join(' ')}`;
}

/**
 * With `calico.typhaCertificates: byo`: the Secrets and ConfigMap the operator reads by fixed names
 * (lib/calico/typha-certificates.ts), created before the Installation is applied; else the operator
 * creates its own, and a Secret made afterwards is never read.
 */
function certificateSteps(stack: CalicoStack, objects: readonly PlacedObject[]): ManualStep[] {
  if (stack.calico.typhaCertificates !== TyphaCertificates.BYO) return [];
  const inst = objectsOf(objects, 'operator.tigera.io', 'Installation')[0];
  const namespaces = [...new Set(TYPHA_CERTIFICATE_OBJECTS.map((o) => o.namespace))];
  const keyList = (o: BroughtObject) => o.keys.map((k) => `${k.key}${k.required ? '' : ' (optional)'}`).join(', ');
  return [{
    phase: StepPhase.BEFORE,
    action: `create the Typha and Felix certificates the operator reads by name, before the Installation is applied: ${TYPHA_CERTIFICATE_OBJECTS.map((o) => `${o.kind} ${o.namespace}/${o.name} (${o.role}; keys ${keyList(o)})`).join('; ')}; `
      + `common-name is the certificate's subject CN (the operator's own: ${Object.entries(SUGGESTED_COMMON_NAMES).map(([name, cn]) => `${cn} for ${name}`).join(', ')}); `
      + 'add uri-san (--from-literal=uri-san=<URI SAN>) where the certificate is checked by its URI SAN instead; never commit the Secrets',
    commands: [
      ...namespaces.map((ns) => `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`),
      ...TYPHA_CERTIFICATE_OBJECTS.map(broughtObjectCommand),
    ],
    why: `calico.typhaCertificates is byo: ${inst ? at(inst) : 'the Installation'} makes the operator look these names up when it reconciles; if they do not exist yet it creates its own, signed by its own CA, and never reads yours. Felix and Typha check each other's common-name (or uri-san), and trust caBundle; the operator refuses a Secret with neither ("CertPair for Felix does not contain common-name or uri-san") and a typha-ca without caBundle. The namespace is created first so the Secrets can go in (the render's Namespace then applies over it: use kubectl apply or server-side apply, not kubectl create)`,
  }];
}

/** What must be installed first: the CRDs of kinds another installation provides, and what its Prometheus must select. */
function externalSteps(stack: CalicoStack): ManualStep[] {
  const files = manifestFiles(stack.stages);
  const fileOf = (stage: string) => files.find((f) => f.stage === stage)?.file ?? stage;
  const steps: ManualStep[] = stack.externalRequirements.map((r) => ({
    phase: StepPhase.BEFORE,
    action: `install ${r.installedBy} first`,
    commands: [],
    why: `${fileOf(r.stage)} holds ${r.kinds.join(' and ')} (${r.apiVersion}), whose CRDs it installs: without them the apply fails with no matches for kind`,
  }));
  const o = stack.monitoring?.prometheusOperator;
  if (o) {
    const labels = Object.entries(o.matchLabels).map(([k, v]) => `${k}=${v}`).join(', ') || 'any labels';
    steps.push({
      phase: StepPhase.BEFORE,
      action: `configure kube-prometheus-stack so that its Prometheus selects PodMonitors and PrometheusRules labelled ${labels} in namespace ${o.namespace}, and its Grafana sidecar ConfigMaps labelled ${o.dashboardLabel}=${o.dashboardLabelValue} in namespace ${o.dashboardNamespace}`,
      commands: [],
      why: `monitoring.prometheusOperator: ${fileOf('monitoring')}'s PodMonitors, PrometheusRule and dashboard ConfigMaps carry these labels; a Prometheus or Grafana that selects others ignores them`,
    });
  }
  return steps;
}

/** The StorageClass each rendered claim needs, and what waits for the claim. */
function storageSteps(objects: readonly PlacedObject[]): ManualStep[] {
  const refs = objectReferences(objects).filter((r) => r.kind === 'PersistentVolumeClaim');
  return objectsOf(objects, '', 'PersistentVolumeClaim').map((claim) => {
    const className = spec(claim).storageClassName;
    const mounters = [...new Set(refs.filter((r) => r.name === claim.name && r.namespace === claim.namespace).map((r) => r.by))];
    const waiting = mounters.length > 0 ? `, and so does ${mounters.map(describeObject).join(', ')}, which mounts it` : '';
    return typeof className === 'string' && className !== ''
      ? {
        phase: StepPhase.BEFORE,
        action: `check that StorageClass ${className} exists`,
        commands: [`kubectl get storageclass ${className}`],
        why: `${at(claim)} asks for it: the claim stays Pending until a volume of that class is bound${waiting}`,
      }
      : {
        phase: StepPhase.BEFORE,
        action: 'check that the cluster has a default StorageClass (kubeadm installs none; one is marked "(default)")',
        commands: ['kubectl get storageclass'],
        why: `${at(claim)} names no storageClassName: the claim stays Pending until a default class provides a volume${waiting}`,
      };
  });
}

/** What a selector's objects do with the nodes it selects, so what a node without the label misses. */
function selectionEffect(s: NodeSelection): string {
  if (s.by.kind === 'BGPPeer') {
    const peer = spec(s.by).peerIP;
    const with_ = typeof peer === 'string' ? peer : 'the nodes its peerSelector selects';
    if (s.where === 'spec.nodeSelector') return `the nodes it selects peer with ${with_}; a node without the label has no session with it`;
    if (s.where === 'spec.peerSelector') return 'the nodes it selects are the peers of the nodes it applies to; a node without the label is not one of them';
  }
  const pool = /ipPools\[([^\]]+)\]\.nodeSelector$/.exec(s.where);
  if (pool) return `only the nodes it selects get pod addresses from pool ${pool[1]}`;
  if (s.by.kind === 'IPPool') return 'only the nodes it selects get pod addresses from it';
  return 'the pods it schedules there stay Pending until a node carries it';
}

/** One step per distinct selector, listing every object that needs it. */
function nodeLabelSteps(objects: readonly PlacedObject[]): ManualStep[] {
  const bySelector = new Map<string, NodeSelection[]>();
  for (const s of nodeSelections(objects)) bySelector.set(s.selector, [...(bySelector.get(s.selector) ?? []), s]);
  return [...bySelector].map(([selector, selections]) => {
    const labels = selections.find((s) => s.labels !== undefined)?.labels;
    return {
      phase: StepPhase.BEFORE,
      action: labels !== undefined ? `label the nodes that must match ${selector}` : `label the nodes that must match ${selector} so that it selects them`,
      commands: [`kubectl label node <node> ${labels !== undefined ? labels.join(' ') : '<key>=<value>'}`],
      why: selections.map((s) => `${at(s.by)} selects nodes by ${s.where}: ${selectionEffect(s)}`).join('; '),
    };
  });
}

/** Namespaces every cluster has before anything is applied. */
const PREEXISTING_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Namespaces the operator creates, by the kind of operator resource that makes it. */
const OPERATOR_NAMESPACES: Readonly<Record<string, string>> = { [CALICO_SYSTEM_NAMESPACE]: 'Installation', 'calico-apiserver': 'APIServer' };

/** When an object can be created in a namespace: before apply, or once a rendered file (or the operator) has created the namespace. */
function namespaceTiming(namespace: string | undefined, objects: readonly PlacedObject[]): { phase: StepPhase; after?: string; note: string } {
  if (namespace === undefined) return { phase: StepPhase.BEFORE, note: ' (in the namespace its reader is applied to)' };
  const created = objects.find((o) => o.apiVersion === 'v1' && o.kind === 'Namespace' && o.name === namespace);
  if (created) return { phase: StepPhase.AFTER_FILE, after: created.file, note: `, once ${created.file} has created namespace ${namespace} (or after kubectl create namespace ${namespace})` };
  const kind = OPERATOR_NAMESPACES[namespace];
  const owner = kind !== undefined ? objectsOf(objects, 'operator.tigera.io', kind)[0] : undefined;
  if (owner) return { phase: StepPhase.AFTER_FILE, after: owner.file, note: `, once the operator has created namespace ${namespace} for ${at(owner)}` };
  if (PREEXISTING_NAMESPACES.includes(namespace)) return { phase: StepPhase.BEFORE, note: '' };
  return { phase: StepPhase.BEFORE, note: ` (namespace ${namespace} must exist: nothing rendered creates it)` };
}

/** What happens to the object that reads it until it exists. */
function referenceEffect(r: ObjectReference): string {
  switch (r.via) {
    case ReferenceVia.ENV:
    case ReferenceVia.ENV_FROM: return 'its pods wait in CreateContainerConfigError until it exists';
    case ReferenceVia.VOLUME: return r.kind === 'PersistentVolumeClaim' ? 'its pods stay Pending until it exists' : 'its pods wait in ContainerCreating (FailedMount) until it exists';
    case ReferenceVia.IMAGE_PULL: return 'images from a registry that needs a login fail to pull (ImagePullBackOff) without it';
    case ReferenceVia.KUBECONFIG: return 'the hub applies nothing to this cluster until it exists';
    case ReferenceVia.FIELD:
      if (r.by.kind === 'BGPPeer') return 'calico-node takes the BGP password from it, and the session stays down until it exists';
      return 'it fails until it exists';
  }
}

/** The command that creates it, with a placeholder for every value. */
function createCommand(kind: ReferencedKind, namespace: string | undefined, name: string, keys: readonly string[], everyKey: boolean, pull: boolean): string[] {
  if (kind === 'PersistentVolumeClaim') return [];
  return [createSecretOrConfigMap(kind, namespace, name, keys, everyKey, pull)];
}

function createSecretOrConfigMap(kind: ReferencedKind, namespace: string | undefined, name: string, keys: readonly string[], everyKey: boolean, pull: boolean): string {
  const ns = `kubectl -n ${namespace ?? '<namespace>'}`;
  const literals = [...keys.map((k) => `--from-literal=${k}=<${k}>`), ...(everyKey ? ['--from-literal=<key>=<value>'] : [])].join(' ');
  if (kind === 'ConfigMap') return `${ns} create configmap ${name} ${literals}`;
  if (pull) return `${ns} create secret docker-registry ${name} --docker-server=<registry> --docker-username=<username> --docker-password=<password>`;
  if (!everyKey && keys.length === 2 && keys.includes('tls.crt') && keys.includes('tls.key')) return `${ns} create secret tls ${name} --cert=<tls.crt file> --key=<tls.key file>`;
  return `${ns} create secret generic ${name} ${literals}`;
}

/**
 * One step per Secret, ConfigMap or claim that a rendered object needs (optional: false, the
 * default) and no rendered object is: what to create, where, with which keys, and who reads it.
 */
function missingObjectSteps(objects: readonly PlacedObject[]): ManualStep[] {
  const rendered = (r: ObjectReference) => objects.some((o) => o.apiVersion === 'v1' && o.kind === r.kind && o.name === r.name && (r.namespace === undefined || o.namespace === r.namespace));
  const groups = new Map<string, ObjectReference[]>();
  for (const r of objectReferences(objects)) {
    if (r.optional || rendered(r) || isHubKubeConfig(r)) continue;
    const key = JSON.stringify([r.kind, r.namespace ?? null, r.name, r.via === ReferenceVia.IMAGE_PULL]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((refs) => {
    const { kind, namespace, name } = refs[0];
    const pull = refs[0].via === ReferenceVia.IMAGE_PULL;
    const keys = [...new Set(refs.flatMap((r) => r.keys ?? []))];
    const everyKey = !pull && refs.some((r) => r.keys === undefined);
    const timing = namespaceTiming(namespace, objects);
    const list = (words: readonly string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words.join(''));
    const what = kind === 'PersistentVolumeClaim' ? 'a volume claim'
      : pull ? 'a registry login'
        : keys.length > 0 ? `key${keys.length === 1 ? '' : 's'} ${list(keys)}${everyKey ? ', and the keys its readers expect' : ''}` : 'the keys its readers expect';
    // Readers grouped by what they suffer without it, each with where it names it.
    const byEffect = new Map<string, Map<PlacedObject, string[]>>();
    for (const r of refs) {
      const readers = byEffect.get(referenceEffect(r)) ?? new Map<PlacedObject, string[]>();
      readers.set(r.by, [...new Set([...(readers.get(r.by) ?? []), r.where])]);
      byEffect.set(referenceEffect(r), readers);
    }
    const why = [...byEffect].map(([effect, readers]) => `${[...readers].map(([o, wheres]) => `${at(o)} (${wheres.join(', ')})`).join(', ')} ${readers.size === 1 ? 'reads' : 'read'} it: ${effect}`).join('; ');
    return {
      phase: timing.phase,
      ...(timing.after !== undefined ? { after: timing.after } : {}),
      action: `create ${kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}, ${what}${timing.note}${kind === 'Secret' ? '; never commit it' : ''}`,
      commands: createCommand(kind, namespace, name, keys, everyKey, pull),
      why: `${why}; no rendered object creates it`,
    };
  });
}

/** Whether `r` is read on the hub that applies its reader, not in this cluster. */
const isHubKubeConfig = (r: ObjectReference): boolean => r.via === ReferenceVia.KUBECONFIG;

/**
 * The kubeconfig Secret of each Flux Kustomization that reconciles into this cluster from a hub
 * (a Flux fleet): it lives on the hub, next to the Kustomizations, and holds a kubeconfig of this
 * cluster under the key kustomize-controller reads.
 */
function hubKubeConfigSteps(objects: readonly PlacedObject[]): ManualStep[] {
  const groups = new Map<string, ObjectReference[]>();
  for (const r of objectReferences(objects).filter(isHubKubeConfig)) {
    const key = JSON.stringify([r.namespace ?? null, r.name]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((refs) => {
    const { namespace, name } = refs[0];
    const ns = namespace ?? 'flux-system';
    const keys = [...new Set(refs.flatMap((r) => r.keys ?? []))];
    const readers = [...new Set(refs.map((r) => at(r.by)))];
    return {
      phase: StepPhase.BEFORE,
      action: `on the Flux hub (the cluster whose Flux applies flux/sync.yaml, not this one): create Secret ${ns}/${name} holding a kubeconfig of this cluster under key ${keys.join(', ')}; never commit it`,
      commands: [`kubectl --context <hub> -n ${ns} create secret generic ${name} ${keys.map((k) => `--from-file=${k}=<kubeconfig file of this cluster>`).join(' ')}`],
      why: `the hub's kustomize-controller applies ${readers.join(', ')} (spec.kubeConfig) to this cluster with it (the key: fluxcd/pkg runtime/client/impersonator.go:212-215), and applies nothing here until it exists; namespace ${ns} is where the hub's Flux keeps these Kustomizations`,
    };
  });
}

/** The source `flux bootstrap` creates. */
const FLUX_BOOTSTRAP_SOURCE = 'GitRepository flux-system/flux-system';

/**
 * What applies the GitOps objects, and what they need that nothing rendered creates.
 * `argocdFleetMember`: the cluster's name, when the Argo CD fleet's ApplicationSet delivers it.
 */
function gitOpsSteps(objects: readonly PlacedObject[], folder: string, argocdFleetMember?: string): ManualStep[] {
  const steps: ManualStep[] = [];
  const fleetFolder = `${path.posix.dirname(folder)}/${FLEET_FOLDER}`;
  if (argocdFleetMember !== undefined) {
    steps.push({
      phase: StepPhase.BEFORE,
      action: `with the Argo CD fleet: register this cluster in the hub's Argo CD under the name ${argocdFleetMember}, once`,
      commands: [`argocd cluster add <context of this cluster> --name ${argocdFleetMember}`],
      why: `the fleet's ApplicationSet (${fleetFolder}/${FLEET_APPLICATIONSET_FILE}, applied to the hub once for the whole fleet) generates this cluster's Application from ${ARGOCD_FLEET_MEMBER_FILE} with destination name ${argocdFleetMember}: Argo CD syncs it only to a cluster registered under that name, and nothing is applied to this cluster by hand`,
    });
  }
  for (const app of objectsOf(objects, 'argoproj.io', 'Application')) {
    const s = spec(app);
    const source = isDataMap(s.source) ? s.source : {};
    const project = typeof s.project === 'string' ? s.project : 'default';
    steps.push({
      phase: StepPhase.APPLY,
      action: `with Argo CD: apply ${app.file} to the cluster Argo CD runs in, once`,
      commands: [`kubectl apply -f ${folder}/${app.file}`],
      why: `${at(app)} is in no kustomization.yaml, so nothing else applies it; Argo CD must run in namespace ${app.namespace ?? 'argocd'} (where it looks for Applications), with AppProject ${project}, and read ${typeof source.repoURL === 'string' ? source.repoURL : 'its repository'} (a private repository needs its credentials in Argo CD)`,
    });
  }
  const flux = objectsOf(objects, 'kustomize.toolkit.fluxcd.io', 'Kustomization');
  for (const file of [...new Set(flux.map((k) => k.file))]) {
    const inFile = flux.filter((k) => k.file === file);
    // A Flux fleet member: the hub applies its Kustomizations, through the fleet's folder.
    if (inFile.every((k) => isDataMap(spec(k).kubeConfig))) {
      const ref = spec(inFile[0]).sourceRef;
      const source = isDataMap(ref) ? `${String(ref.kind)}/${String(ref.name)}${typeof ref.namespace === 'string' && ref.namespace !== (inFile[0].namespace ?? 'flux-system') ? `.${ref.namespace}` : ''}` : '<kind>/<name>';
      steps.push({
        phase: StepPhase.APPLY,
        action: `with the Flux fleet: nothing to apply by hand here; once for the whole fleet, register ${fleetFolder}/flux with the hub's Flux`,
        commands: [`flux --context <hub> create kustomization calico-stack-fleet --namespace=${inFile[0].namespace ?? 'flux-system'} --source=${source} --path=./${path.posix.dirname(`${fleetFolder}/${FLEET_FLUX_KUSTOMIZATION_FILE}`)} --prune=true --interval=10m`],
        why: `${fleetFolder}/${FLEET_FLUX_KUSTOMIZATION_FILE} lists this folder's ${file}: the hub's Flux applies its Kustomizations (${inFile.map((k) => k.name).join(', ')}), which reconcile into this cluster through their kubeConfig, in the cluster's wave (docs/fleets.md); ${file} is the hub's, not this cluster's: applied here, its Kustomizations would look for their kubeconfig Secret in this cluster`,
      });
      continue;
    }
    const sources = [...new Set(inFile.map((k) => {
      const ref = spec(k).sourceRef;
      if (!isDataMap(ref)) return undefined;
      return `${String(ref.kind)} ${typeof ref.namespace === 'string' ? ref.namespace : k.namespace ?? 'flux-system'}/${String(ref.name)}`;
    }).filter((r): r is string => r !== undefined))];
    const namespaces = [...new Set(inFile.map((k) => k.namespace ?? 'flux-system'))];
    steps.push({
      phase: StepPhase.APPLY,
      action: `with Flux: apply ${file} once (or register it with flux create kustomization)`,
      commands: [`kubectl apply -f ${folder}/${file}`],
      why: `its Kustomizations (${inFile.map((k) => k.name).join(', ')}) are applied by nothing in the folder; they go into namespace ${namespaces.join(', ')}, which Flux's installation creates, and read ${sources.join(', ')}, which nothing rendered creates (${sources.every((src) => src === FLUX_BOOTSTRAP_SOURCE) ? 'flux bootstrap does' : 'create it for the repository that holds the folder'})`,
    });
  }
  return steps;
}
