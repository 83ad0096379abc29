/**
 * `README.md` of an output folder: a picture of the cluster for whoever reviews or applies the
 * folder. The releases, what runs where, the pools, BGP, what `npm run plan` prints (the network
 * requirements, the steps to take by hand, kube-proxy, what must be installed first), the apply
 * order, and a Mermaid diagram of the components and flows.
 *
 * Every fact comes from where `npm run plan` or the render takes it (the stack, the functions of
 * this folder, the rendered files); the page only lays them out. Its bytes depend only on the stack
 * and its files: no date, no path of this machine.
 */
import { asNumberLines } from './bgp-plan';
import { kubeProxyPlan } from './kube-proxy';
import { manualSteps, ManualStep, stepWhen } from './manual-steps';
import { bullets, codeBlock, heading, inline, table } from './markdown';
import { Flowchart } from './mermaid';
import { networkRequirements } from './network-requirements';
import { prerequisites } from './prerequisites';
import { PlacedObject, renderedObjects } from './references';
import { NODES } from './requirement';
import { operatorWorkloads, renderedWorkloads, Workload, workloadSource } from './workloads';
import { CALICO_API_VERSION } from '../../lib/calico/calico-api-chart';
import { CRDS_BY_OPERATOR } from '../../lib/calico/crd-bundle';
import { BgpMode } from '../../lib/calico/enums';
import { isDataMap } from '../../lib/common/yaml-data';
import { CLUSTER_PAGE_FILE, fluxStageDir, GENERATED_MARK, manifestFiles } from '../../lib/render/layout';
import { Stage } from '../../lib/gitops/stages';
import { StackRender } from '../../lib/render/render';
import { CalicoStack } from '../../lib/stack/calico-stack';
import { parse as parseYaml } from 'yaml';
import { ARGOCD_FLEET_MEMBER_FILE } from '../../lib/gitops/fleet';

export { CLUSTER_PAGE_FILE };

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * A stack's render with the cluster page added, for the commands that write or compare output
 * folders. The objects of the manifest files are taken as synthesized rather than parsed from
 * their YAML again (the same values; a test compares both).
 */
export function withClusterPage(stack: CalicoStack, render: StackRender): Map<string, string> {
  return new Map([...render.files, [CLUSTER_PAGE_FILE, clusterPage(stack, render.files, placedObjects(render))]]);
}

/** Every object of a render, as renderedObjects() reads them from its files, with the manifest files' objects as synthesized. */
export function placedObjects(render: StackRender): PlacedObject[] {
  return [...render.files].flatMap(([file, text]) => {
    const synthesized = render.manifests.get(file);
    if (synthesized === undefined) return renderedObjects(new Map([[file, text]]));
    return synthesized.flatMap((o): PlacedObject[] => {
      const body = o as unknown as Record<string, unknown>;
      const metadata = isDataMap(body.metadata) ? body.metadata : undefined;
      if (typeof body.apiVersion !== 'string' || typeof body.kind !== 'string' || !metadata || typeof metadata.name !== 'string') return [];
      return [{
        file, apiVersion: body.apiVersion, kind: body.kind, name: metadata.name, body,
        ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      }];
    });
  });
}

/** The cluster page of `stack`, whose rendered files are `files` (and their objects `objects`). */
export function clusterPage(stack: CalicoStack, files: ReadonlyMap<string, string>, objects: readonly PlacedObject[] = renderedObjects(files)): string {
  const folder = `dist/${stack.clusterName}`;
  const workloads = [...renderedWorkloads(objects), ...operatorWorkloads(objects, stack.calico.release)];
  const steps = manualSteps(stack, { files, objects, folder });
  const sections = [
    heading(1, `${stack.clusterName}: Calico ${stack.calico.release.version}`),
    inline(`${GENERATED_MARK} (npm run synth) for cluster ${stack.clusterName}; do not edit: change its cluster file and run npm run synth again. The requirements and steps below are what npm run plan prints for it.`),
    releases(stack),
    components(workloads),
    pools(stack),
    bgp(stack),
    kubeProxy(stack),
    requiredFirst(stack),
    requirements(stack),
    manualStepsSection(steps),
    applyOrder(stack, objects, folder, files),
    diagram(stack, workloads),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function releases(stack: CalicoStack): string {
  const rows = [
    ['Calico', stack.calico.release.version],
    ['Tigera operator', stack.calico.release.operatorVersion],
    ...(stack.retina ? [['Retina', stack.retina.release.version]] : []),
  ];
  return [heading(2, 'Releases'), table(['Component', 'Version'], rows)].join('\n\n');
}

function components(workloads: readonly Workload[]): string {
  return [
    heading(2, 'Components'),
    inline('What runs in the cluster once the folder is applied: the workloads of its files, and those the Tigera operator creates for its resources.'),
    table(
      ['Workload', 'Kind', 'Namespace', 'Host network', 'From', 'Images'],
      workloads.map((w) => [w.name, w.kind, w.namespace, w.hostNetwork ? 'yes' : 'no', workloadSource(w), w.images.length > 0 ? w.images.join(', ') : 'the operator\'s, of its release']),
    ),
  ].join('\n\n');
}

function pools(stack: CalicoStack): string {
  const installation = stack.calico.installation;
  // The column of allowedUses only where a pool sets it (the operator's default otherwise).
  const uses = installation.ipPools.some((p) => p.allowedUses !== undefined);
  const rows = installation.ipPools.map((p) => [
    p.name, p.cidr, `${p.blockSize}`, p.encapsulation, p.natOutgoing, p.nodeSelector, ...(uses ? [p.allowedUses?.join(', ') ?? 'the default'] : []),
  ]);
  return [
    heading(2, 'IP pools'),
    ...(installation.ipPoolsFromPodCidrs ? [inline('From the cluster\'s pod CIDRs (no ipPools given).')] : []),
    table(['Name', 'CIDR', 'Block size', 'Encapsulation', 'NAT outgoing', 'Node selector', ...(uses ? ['Allowed uses'] : [])], rows),
  ].join('\n\n');
}

function bgp(stack: CalicoStack): string {
  const mode = stack.calico.installation.bgp;
  if (mode !== BgpMode.ENABLED) return [heading(2, 'BGP'), inline(`BGP ${mode}: pod routes are not exchanged with BGP.`)].join('\n\n');
  const b = stack.calicoApi?.bgp;
  const peerings = b ? b.peerings(stack.spec.calico ?? {}) : [];
  const facts = [
    `node-to-node mesh: ${b?.nodeToNodeMesh ?? true ? 'on' : 'off'}`,
    ...(b?.routeReflectors ? [`route reflectors: the nodes ${b.routeReflectors.nodeSelector} selects, cluster ID ${b.routeReflectors.clusterID}`] : []),
  ];
  return [
    heading(2, 'BGP'),
    bullets([...asNumberLines(stack), ...facts]),
    ...(peerings.length > 0 ? [table(
      ['Peer', 'Address', 'AS', 'Nodes that peer'],
      peerings.map((p) => [
        p.name,
        p.address ? `${p.address.ip}:${p.address.port}` : `nodes matching ${p.peerSelector ?? ''}`,
        p.asNumber !== undefined ? `${p.asNumber}` : 'their own',
        p.nodeSelector ?? NODES,
      ]),
    )] : []),
  ].join('\n\n');
}

function kubeProxy(stack: CalicoStack): string {
  return [heading(2, 'kube-proxy'), bullets(kubeProxyPlan(stack))].join('\n\n');
}

function requiredFirst(stack: CalicoStack): string {
  const lines = prerequisites(stack);
  return lines.length > 0 ? [heading(2, 'Required before apply'), bullets(lines)].join('\n\n') : '';
}

function requirements(stack: CalicoStack): string {
  return [
    heading(2, 'Network requirements'),
    inline('What the firewalls and cloud security groups must allow.'),
    table(['Protocol', 'Port', 'From', 'To', 'For'], networkRequirements(stack).map((r) => [r.protocol, r.port, r.from, r.to, r.purpose])),
  ].join('\n\n');
}

function manualStepsSection(steps: readonly ManualStep[]): string {
  if (steps.length === 0) return [heading(2, 'Steps a manifest cannot take'), inline('None.')].join('\n\n');
  const items = steps.map((s, i) => {
    const number = `${i + 1}. `;
    const indent = ' '.repeat(number.length);
    const parts = [
      `${number}**${inline(stepWhen(s))}**: ${inline(s.action)}`,
      ...(s.commands.length > 0 ? [codeBlock('sh', s.commands).replace(/^/gm, indent)] : []),
      `${indent}${inline(`Why: ${s.why}`)}`,
    ];
    return parts.join('\n\n');
  });
  return [heading(2, 'Steps a manifest cannot take'), inline('Do them by hand, in this order.'), ...items].join('\n\n');
}

function applyOrder(stack: CalicoStack, objects: readonly PlacedObject[], folder: string, files: ReadonlyMap<string, string>): string {
  const flux = objects.filter((o) => o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && o.kind === 'Kustomization');
  const argo = objects.filter((o) => o.apiVersion.startsWith('argoproj.io/') && o.kind === 'Application');
  // A member of the Argo CD fleet has no Application of its own: the fleet's ApplicationSet generates it from this file.
  const fleetText = files.get(ARGOCD_FLEET_MEMBER_FILE);
  const fleet = fleetText !== undefined ? parseYaml(fleetText) as { cluster?: unknown; wave?: unknown } | null : undefined;
  const byArgo = argo.length > 0 || fleet !== undefined;
  const fluxOf = (stage: Stage) => flux.find((k) => {
    const spec = isDataMap(k.body.spec) ? k.body.spec : {};
    return typeof spec.path === 'string' && spec.path.replace(/\/+$/, '').endsWith(`/${fluxStageDir(stage)}`);
  });
  const wavesOf = (file: string) => [...new Set(objects.filter((o) => o.file === file).map((o) => {
    const annotations = isDataMap(o.body.metadata) && isDataMap(o.body.metadata.annotations) ? o.body.metadata.annotations : {};
    return annotations[SYNC_WAVE];
  }).filter((w): w is string => typeof w === 'string'))];
  const rows = manifestFiles(stack.stages).map(({ stage, file }, i) => [
    `${i + 1}`, file, stage,
    ...(byArgo ? [wavesOf(file).join(', ')] : []),
    ...(flux.length > 0 ? [fluxOf(stage)?.name ?? ''] : []),
  ]);
  const headers = ['#', 'File', 'Stage', ...(byArgo ? ['Argo CD sync wave'] : []), ...(flux.length > 0 ? ['Flux Kustomization'] : [])];
  const kubectl = `With kubectl: once the CRDs exist, kubectl apply --server-side -k ${folder} applies every file (kustomization.yaml lists them in this order); on a fresh cluster, file by file:`;
  const gitops = [
    ...argo.map((a) => `With Argo CD: Application ${a.namespace !== undefined ? `${a.namespace}/` : ''}${a.name} in ${a.file} syncs the folder, stage by stage in sync-wave order`),
    ...(fleet ? [`With Argo CD: the fleet's ApplicationSet generates this cluster's Application from ${ARGOCD_FLEET_MEMBER_FILE} (wave ${String(fleet.wave)}), which syncs the folder stage by stage in sync-wave order once its wave's turn comes (docs/fleets.md)`] : []),
    ...[...new Set(flux.map((k) => k.file))].map((file) => `With Flux: the Kustomizations of ${file}, one per stage, each waiting for the one before (dependsOn)`),
  ];
  return [
    heading(2, 'Apply order'), table(headers, rows), inline(kubectl), codeBlock('sh', freshApply(stack, folder)),
    ...(gitops.length > 0 ? [bullets(gitops)] : []),
  ].join('\n\n');
}

/**
 * The commands that apply the folder to a fresh cluster, file by file: after the operator, wait for
 * the CRDs it creates (the custom resources need them); before the projectcalico.org/v3 resources,
 * wait for the Calico API server that serves them (the stages' Flux health checks wait for the same).
 */
function freshApply(stack: CalicoStack, folder: string): string[] {
  return manifestFiles(stack.stages).flatMap(({ stage, file }) => [
    ...(stage === Stage.CALICO_API ? [`kubectl wait --for condition=Available --timeout=600s apiservice/${CALICO_API_VERSION.split('/').reverse().join('.')}`] : []),
    `kubectl apply --server-side -f ${folder}/${file}`,
    ...(stage === Stage.OPERATOR && stack.crdSource === CRDS_BY_OPERATOR
      ? [`kubectl wait --for condition=established --timeout=120s ${stack.calico.requiredCrds().map((crd) => `crd/${crd}`).join(' ')}`] : []),
  ]);
}

/** The short name of a requirement's purpose, for an edge: the text before its first parenthesis. */
function shortPurpose(purpose: string): string {
  return purpose.split(' (')[0];
}

function diagram(stack: CalicoStack, workloads: readonly Workload[]): string {
  const chart = new Flowchart('LR');
  const cluster = chart.subgraph(`cluster ${stack.clusterName}`);
  const namespaces = new Map<string, string>();
  const ids = new Map<Workload, string>();
  for (const w of workloads) {
    if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, chart.subgraph(`namespace ${w.namespace}`, cluster));
    ids.set(w, chart.node(`${w.name} (${w.kind}${w.hostNetwork ? ', host network' : ''})`, { parent: namespaces.get(w.namespace) }));
  }
  const operator = workloads.find((w) => 'file' in w.source && w.name === stack.operator.operator.deployment.name);
  if (operator) {
    for (const w of workloads.filter((x) => 'operatorFor' in x.source)) chart.edge(ids.get(operator)!, ids.get(w)!, 'manages', 'dotted');
  }
  const endpoints = new Map<string, string>();
  const endpoint = (name: string) => {
    if (!endpoints.has(name)) endpoints.set(name, chart.node(name, { shape: 'round', ...(name === NODES ? { parent: cluster } : {}) }));
    return endpoints.get(name)!;
  };
  for (const r of networkRequirements(stack)) {
    chart.edge(endpoint(r.from), endpoint(r.to), `${r.protocol}${r.port !== '' ? ` ${r.port}` : ''}: ${shortPurpose(r.purpose)}`);
  }
  return [
    heading(2, 'Diagram'),
    inline('The components by namespace, what the operator manages, and the traffic of the network requirements (rounded: the parties of a requirement).'),
    codeBlock('mermaid', chart.toString().split('\n')),
  ].join('\n\n');
}
