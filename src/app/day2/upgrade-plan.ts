/**
 * The upgrade plan of a cluster whose Calico release changes: a pure function of the committed
 * render (what `dist/<name>/` holds), the new render, the release catalog and, when known, the
 * cluster's Kubernetes version. It says
 *
 * - which release the committed folder was rendered for (its operator Deployment's image tag, looked
 *   up in the catalog), and the hops upstream supports from there: each release's upgrade page names
 *   the oldest release it upgrades from (`release.docs.upgradesFrom`);
 * - how to interleave Kubernetes upgrades with the hops so that every step stays on a pair of Calico
 *   and Kubernetes versions upstream tested (`release.docs.kubernetes`), and where no step can;
 * - the objects added, removed and changed, the CRDs gained, lost or moving between the CRD file and
 *   the operator, and why nothing prunes them with each apply tool calico-stack renders for;
 * - the steps of the release notes that apply to each hop and to this cluster (src/lib/calico/release-data/upgrade-steps.json);
 * - the order to apply the new folder in, and the checks after.
 *
 * The command line prints it (cli/plan.ts in full, cli/synth.ts a summary).
 */
import { parseAllDocuments } from 'yaml';
import type { CalicoRelease } from '../../lib/calico/releases';
import { compareVersions } from '../../lib/calico/release-fields';
import { DOWNGRADE, RenderCondition, StepCondition, UPGRADE_STEPS, UpgradeStep } from '../../lib/calico/upgrade-steps';
import { error, Finding, show, warning } from '../../lib/common/findings';
import { Stage, STAGES } from '../../lib/gitops/stages';
import { MANIFEST_EXTENSION } from '../../lib/render/layout';
import { diffObjects, formatRef, ObjectDiff } from './object-diff';
import { renderedObjects, RenderedObject, RenderedObjects } from '../output/previous-render';

/** The operator's namespace and Deployment, as upstream names them (every release). */
const OPERATOR = { namespace: 'tigera-operator', name: 'tigera-operator' };
const MANAGE_CRDS = '-manage-crds=true';
const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const ARGOCD_WAVE = 'argocd.argoproj.io/sync-wave';

/** Where the plan's own facts about the apply tools come from. */
export const TOOL_SOURCES = {
  argocdPruneFalse: 'argoproj/argo-cd docs/user-guide/sync-options.md, "No Prune Resources"',
  fluxDeletion: 'fluxcd/kustomize-controller v1.9.4 internal/controller/kustomization_controller.go:1157-1168, api/v1/kustomization_types.go:409-414',
  tigerastatus: 'tigera/docs@f2a2762432b54f20274d42c67bfa828d82872498 calico_versioned_docs/version-3.32/getting-started/kubernetes/k8s-single-node.mdx#L150',
};

/** What the plan needs. */
export interface UpgradePlanInput {
  /** The cluster file, for messages. */
  readonly clusterFile: string;
  /** The output folder as the user sees it (`dist/<name>`). */
  readonly folder: string;
  /** Every object of the committed folder (output/previous-render.ts committedObjects). */
  readonly committed: RenderedObjects;
  /** The committed `flux/sync.yaml`, when there is one (output/previous-render.ts committedFile). */
  readonly committedFlux?: string;
  /** The new render's files, by relative path. */
  readonly next: ReadonlyMap<string, string>;
  /** The release the cluster file now names. */
  readonly release: CalicoRelease;
  /** Every release calico-stack knows (RELEASES). */
  readonly catalog: readonly CalicoRelease[];
  /** The cluster's Kubernetes version (`v1.33.2`, `1.33`), when known. */
  readonly kubernetes?: string;
  /** The cluster-file path of the Kubernetes version, for messages. @default 'platform.kubernetesVersion' */
  readonly kubernetesPath?: string;
  /** The release-note steps. @default UPGRADE_STEPS */
  readonly steps?: readonly UpgradeStep[];
}

/** The release the committed folder was rendered for. */
export type CommittedRelease =
  | { readonly kind: 'known'; readonly release: CalicoRelease; readonly operatorTag: string }
  | { readonly kind: 'unknown'; readonly operatorTag: string; readonly file: string }
  /** No operator Deployment with an image could be read: no committed render, or its operator file is unreadable. */
  | { readonly kind: 'none' };

/** A Kubernetes minor upgrade (`1.30` → `1.31`). */
export interface KubernetesMove {
  readonly kind: 'kubernetes';
  readonly from: string;
  readonly to: string;
  /** The Calico release running meanwhile, and whether it was tested on `to` (undefined: its tested versions were not read). */
  readonly calico: string;
  readonly tested?: boolean;
}

/** A Calico hop. */
export interface CalicoMove {
  readonly kind: 'calico';
  readonly from: string;
  readonly to: CalicoRelease;
  /** The Kubernetes version the hop runs on, when known. */
  readonly kubernetes?: string;
  /** Whether the hop stays on tested pairs (undefined: not known). */
  readonly tested?: boolean;
  /** Why it leaves the tested range, or what was not read. */
  readonly note?: string;
}

export type Move = KubernetesMove | CalicoMove;

/** A release-note step, resolved for one hop and this cluster. */
export interface PlannedStep {
  readonly hop: string;
  readonly step: UpgradeStep;
  readonly action: string;
  readonly commands: readonly string[];
  /** The question, for a step that applies only "if you have …". */
  readonly ask?: string;
}

/** CRDs compared between the two renders. */
export interface CrdChanges {
  /** In the committed CRD file, created by the new operator. */
  readonly fileToOperator: readonly string[];
  /** Created by the committed operator, in the new CRD file. */
  readonly operatorToFile: readonly string[];
  /** New, and who brings them (`file` or `operator`). */
  readonly gained: ReadonlyArray<{ readonly name: string; readonly by: 'file' | 'operator' }>;
  /** No longer in the new render nor created by the new operator. */
  readonly lost: readonly string[];
  /** Lines saying why nothing prunes the CRDs that leave the folder, per apply tool. */
  readonly pruning: readonly string[];
}

export interface UpgradePlan {
  readonly from: CommittedRelease;
  readonly to: CalicoRelease;
  readonly direction: 'upgrade' | 'downgrade' | 'unknown';
  /** Calico hops and Kubernetes upgrades, in order. */
  readonly moves: readonly Move[];
  /** Errors (a hop upstream refuses) and warnings (untested pairs, unknown facts). */
  readonly findings: readonly Finding[];
  /** What was not read, and what follows from it. */
  readonly notes: readonly string[];
  readonly objects: ObjectDiff;
  readonly crds: CrdChanges;
  readonly steps: readonly PlannedStep[];
  /** The order to apply the new folder in, per tool; then the checks. */
  readonly applyOrder: readonly string[];
  readonly checks: readonly string[];
  /** Manifests of the committed folder that could not be read or parsed. */
  readonly unreadable: readonly string[];
}

/** The image tag of the committed operator Deployment, and the release whose operator it is. */
export function committedRelease(committed: RenderedObjects, catalog: readonly CalicoRelease[]): CommittedRelease {
  const deployment = committed.objects.find(({ object: o }) => isOperatorDeployment(o));
  const image = deployment && operatorContainer(deployment.object)?.image;
  if (typeof image !== 'string') return { kind: 'none' };
  const tag = imageTag(image);
  const release = catalog.find((r) => r.operatorVersion === tag);
  return release ? { kind: 'known', release, operatorTag: tag } : { kind: 'unknown', operatorTag: tag, file: deployment!.file };
}

/**
 * The upgrade plan, or undefined when there is nothing to upgrade: no committed render, or one of
 * the same release.
 */
export function upgradePlan(input: UpgradePlanInput): UpgradePlan | undefined {
  const { release: to, catalog } = input;
  const from = committedRelease(input.committed, catalog);
  if (from.kind === 'none' && input.committed.unreadable.length === 0) return undefined;
  if (from.kind === 'known' && from.release.version === to.version) return undefined;
  const next = renderedObjects(input.next);
  const findings: Finding[] = [];
  const notes: string[] = [];
  const versionPath = 'calico.version';
  for (const file of input.committed.unreadable) {
    findings.push(warning(input.clusterFile, `${input.folder}/${file} could not be read or parsed (changed by hand, damaged, not a regular file, or too large): the plan compares the other files only`, {
      fix: `restore it (\`git checkout -- ${input.folder}/${file}\`) and run \`npm run plan\` again`,
    }));
  }
  let direction: UpgradePlan['direction'] = 'unknown';
  let moves: Move[] = [];
  if (from.kind === 'known') {
    direction = compareVersions(to.version, from.release.version) > 0 ? 'upgrade' : 'downgrade';
    if (direction === 'downgrade') {
      findings.push(warning(versionPath, `goes back from Calico ${from.release.version} (the committed ${input.folder}/) to ${to.version}: ${DOWNGRADE.message}`, {
        got: to.version, fix: `keep ${from.release.version}, or test the downgrade on a cluster you can rebuild (${DOWNGRADE.sources.join('; ')})`,
      }));
      moves = [{ kind: 'calico', from: from.release.version, to, note: 'a downgrade: not documented upstream' }];
    } else {
      const k8s = parseKubernetes(input.kubernetes, input.kubernetesPath ?? 'platform.kubernetesVersion', findings);
      moves = planMoves(from.release, to, catalog, k8s, findings, notes);
    }
  } else {
    const what = from.kind === 'unknown'
      ? `its operator image tag ${from.operatorTag} (${input.folder}/${from.file}) is not the operator of any release calico-stack knows (${catalog.map((r) => `${r.version}: ${r.operatorVersion}`).join(', ')})`
      : `its operator Deployment could not be read`;
    findings.push(warning(versionPath, `which Calico release the committed ${input.folder}/ was rendered for is unknown: ${what}; the plan has no hops and no release-note steps`, {
      got: to.version,
      fix: 'find the release the cluster runs (`kubectl get clusterinformations.crd.projectcalico.org default -o jsonpath=\'{.spec.calicoVersion}\'`) and read the release notes of every release between it and this one',
    }));
  }
  const steps = plannedSteps(moves, input.steps ?? UPGRADE_STEPS, next.objects, input.folder);
  return {
    from, to, direction, moves, findings, notes,
    objects: diffObjects(input.committed.objects, next.objects),
    crds: crdChanges(input, from, next.objects),
    steps,
    applyOrder: applyOrder(input, next.objects),
    checks: CHECKS,
    unreadable: input.committed.unreadable,
  };
}

// ---------------------------------------------------------------------------------------------
// Hops and Kubernetes

/** A Kubernetes minor version (`1.33` → 33); only Kubernetes 1.x exists. */
function parseKubernetes(value: string | undefined, at: string, findings: Finding[]): number | undefined {
  if (value === undefined) return undefined;
  const m = /^v?1\.(\d{1,3})(\.\d+)?([-+].*)?$/.exec(value);
  if (!m) {
    findings.push(warning(at, `${show(value)} is not a Kubernetes version, so the plan cannot order Kubernetes upgrades`, { got: value, allowed: 'v1.33.2 or 1.33', fix: `set ${at} to the version \`kubectl version\` reports for the server` }));
    return undefined;
  }
  return Number(m[1]);
}

const k8s = (minor: number) => `1.${minor}`;

/** `[3, 28]` of `v3.28.2` or `v3.28`. */
function minorOf(version: string): [number, number] {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return [major, minor];
}

function minorName(version: string): string {
  return `v${minorOf(version).join('.')}`;
}

/** The tested Kubernetes minors of a release, or undefined when its docs were not read. */
function tested(r: CalicoRelease): { min: number; max: number } | undefined {
  const k = r.docs?.kubernetes;
  if (!k) return undefined;
  return { min: Number(k.min.split('.')[1]), max: Number(k.max.split('.')[1]) };
}

function range(r: CalicoRelease): string {
  const t = r.docs?.kubernetes;
  return t ? `Kubernetes ${t.min}–${t.max}` : 'Kubernetes versions not read';
}

/** Whether upstream supports a hop from `from` to `r`: true, false, or undefined when r's upgrade page was not read. */
function supports(r: CalicoRelease, from: string): boolean | undefined {
  const oldest = r.docs?.upgradesFrom?.version;
  if (!oldest) return undefined;
  return compareVersions(minorName(from), oldest) >= 0;
}

/**
 * Calico hops and Kubernetes upgrades from `from` to `to`. With the Kubernetes version, each step
 * goes to the furthest release upstream supports and tested on the cluster's version, upgrading
 * Kubernetes one minor at a time inside the running release's tested range when no release is
 * tested on it; without it, each hop goes to the furthest release sharing a tested Kubernetes
 * version with the one before.
 */
function planMoves(from: CalicoRelease, to: CalicoRelease, catalog: readonly CalicoRelease[], k: number | undefined, findings: Finding[], notes: string[]): Move[] {
  const ordered = [...catalog].sort((a, b) => compareVersions(a.version, b.version));
  const later = (v: string) => ordered.filter((r) => compareVersions(r.version, v) > 0 && compareVersions(r.version, to.version) <= 0);
  const moves: Move[] = [];
  const unread = later(from.version).filter((r) => !r.docs?.upgradesFrom).map((r) => r.version);
  if (unread.length > 0) notes.push(`the upgrade pages of ${unread.join(', ')} were not read (release.docs.upgradesFrom): the plan cannot say which releases they upgrade from, and takes the hop as supported`);
  const noRange = [from, ...later(from.version)].filter((r) => !r.docs?.kubernetes).map((r) => r.version);
  if (noRange.length > 0) notes.push(`which Kubernetes versions upstream tested ${noRange.join(', ')} on was not read (release.docs.kubernetes): the plan cannot say whether a hop stays on tested versions`);
  if (k === undefined) notes.push('the cluster\'s Kubernetes version is not known: the plan cannot order Kubernetes upgrades between the hops; each hop says the Kubernetes versions both its releases were tested on');

  let c = from;
  let kube = k;
  for (let guard = 0; c.version !== to.version && guard < 200; guard++) {
    const candidates = later(c.version).filter((r) => supports(r, c.version) !== false);
    if (candidates.length === 0) {
      const next = later(c.version)[0];
      findings.push(error('calico.version', `upstream does not support upgrading from Calico ${c.version} to ${next.version}: its upgrade page supports upgrades from ${next.docs!.upgradesFrom.version} or later (${next.docs!.upgradesFrom.source}), and calico-stack knows no release in between`, {
        got: to.version,
        fix: `upgrade ${c.version} to a release between ${minorName(c.version)} and ${next.docs!.upgradesFrom.version} first, following upstream's upgrade page, then plan from there`,
      }));
      break;
    }
    const gap = (r: CalicoRelease) => {
      const missing = minorOf(r.version)[1] - minorOf(c.version)[1] - 1;
      return missing > 0 && minorOf(r.version)[0] === minorOf(c.version)[0]
        ? `; calico-stack has no release data for ${Array.from({ length: missing }, (_, i) => `v${minorOf(c.version)[0]}.${minorOf(c.version)[1] + 1 + i}`).join(', ')}, which upstream may test on Kubernetes versions both sides share: add it (npm run add-release) and plan again`
        : '';
    };
    if (kube === undefined) {
      // Furthest release sharing a tested Kubernetes version with c (or whose ranges are not known).
      const overlap = (r: CalicoRelease) => {
        const [a, b] = [tested(c), tested(r)];
        if (!a || !b) return undefined;
        const lo = Math.max(a.min, b.min);
        const hi = Math.min(a.max, b.max);
        return lo <= hi ? { lo, hi } : null;
      };
      const fit = [...candidates].reverse().find((r) => overlap(r) !== null);
      if (fit) {
        const o = overlap(fit);
        moves.push({ kind: 'calico', from: c.version, to: fit, ...(o ? { tested: true, note: `on Kubernetes ${k8s(o.lo)}${o.hi > o.lo ? `–${k8s(o.hi)}` : ''}, tested with both` } : {}) });
        c = fit;
        continue;
      }
      const nearest = candidates[0];
      const note = `no Kubernetes version is tested with both Calico ${c.version} (${range(c)}) and ${nearest.version} (${range(nearest)})${gap(nearest)}`;
      findings.push(warning('calico.version', `the hop from ${c.version} to ${nearest.version} leaves the tested range: ${note}`, { got: to.version, fix: 'upgrade Kubernetes to the newest version the older release was tested on before the hop, and test the hop on a cluster you can rebuild' }));
      moves.push({ kind: 'calico', from: c.version, to: nearest, tested: false, note });
      c = nearest;
      continue;
    }
    const inside = [...candidates].reverse().find((r) => {
      const t = tested(r);
      return t === undefined || (kube! >= t.min && kube! <= t.max);
    });
    if (inside) {
      const t = tested(inside);
      moves.push({ kind: 'calico', from: c.version, to: inside, kubernetes: k8s(kube), ...(t ? { tested: true } : { note: `which Kubernetes versions upstream tested ${inside.version} on was not read` }) });
      c = inside;
      continue;
    }
    const cur = tested(c);
    const helps = candidates.some((r) => (tested(r)?.max ?? 0) > kube!);
    if (cur && helps && kube + 1 <= cur.max) {
      moves.push({ kind: 'kubernetes', from: k8s(kube), to: k8s(kube + 1), calico: c.version, tested: kube + 1 >= cur.min });
      kube += 1;
      continue;
    }
    // No step stays inside a tested pair: take the nearest hop, and say so.
    const nearest = candidates[0];
    const tn = tested(nearest);
    const why = !helps
      ? `Kubernetes ${k8s(kube)} is newer than every release calico-stack knows between them was tested on`
      : `Calico ${c.version} was tested on ${range(c)}, ${nearest.version} on ${range(nearest)}`;
    const note = `no step from Calico ${c.version} on Kubernetes ${k8s(kube)} stays on a tested pair: ${why}${gap(nearest)}`;
    findings.push(warning('calico.version', `the hop from ${c.version} to ${nearest.version} on Kubernetes ${k8s(kube)} leaves the tested range: ${note}`, {
      got: to.version, fix: 'test the hop on a cluster you can rebuild before this one',
    }));
    moves.push({ kind: 'calico', from: c.version, to: nearest, kubernetes: k8s(kube), tested: tn ? kube >= tn.min && kube <= tn.max : undefined, note });
    c = nearest;
  }
  // The target's tested range may start above the cluster's Kubernetes version.
  const last = tested(to);
  if (kube !== undefined && last && c.version === to.version) {
    while (kube < last.min) {
      moves.push({ kind: 'kubernetes', from: k8s(kube), to: k8s(kube + 1), calico: to.version, tested: kube + 1 >= last.min });
      kube += 1;
    }
    if (kube > last.max) {
      findings.push(warning('calico.version', `Calico ${to.version} was tested on ${range(to)}, and the cluster runs Kubernetes ${k8s(kube)}`, { got: to.version, fix: 'pick a release tested on the cluster\'s Kubernetes version' }));
    }
  }
  return moves;
}

// ---------------------------------------------------------------------------------------------
// Release-note steps

function conditionHolds(when: StepCondition, hop: CalicoRelease, objects: readonly RenderedObject[]): boolean {
  if ('always' in when || 'ask' in when) return true;
  const rendersGoldmaneWhisker = objects.some(({ object: o }) => o.apiVersion === 'operator.tigera.io/v1' && (o.kind === 'Goldmane' || o.kind === 'Whisker'));
  switch (when.renders) {
    case RenderCondition.CRD_FILE: return !hop.operatorCreatesCrds;
    case RenderCondition.OPERATOR_CRDS: return hop.operatorCreatesCrds;
    case RenderCondition.GOLDMANE_WHISKER: return hop.hasGoldmaneWhisker && rendersGoldmaneWhisker;
    case RenderCondition.NO_GOLDMANE_WHISKER: return hop.hasGoldmaneWhisker && !rendersGoldmaneWhisker;
  }
}

/** The release-note steps of each Calico hop that apply to this cluster, in hop order, then before/apply/after. */
function plannedSteps(moves: readonly Move[], rows: readonly UpgradeStep[], objects: readonly RenderedObject[], folder: string): PlannedStep[] {
  const order = { before: 0, apply: 1, after: 2 };
  const crdFile = `0000-${STAGES.get(Stage.CRDS)!.file}${MANIFEST_EXTENSION}`;
  const out: PlannedStep[] = [];
  for (const move of moves) {
    if (move.kind !== 'calico') continue;
    const hop = move.to;
    if (compareVersions(hop.version, move.from) < 0) continue; // a downgrade: no release brings these steps
    const fill = (text: string) => text.replace(/\{version\}/g, hop.version).replace(/\{folder\}/g, folder).replace(/\{crdFile\}/g, crdFile);
    const applies = rows.filter((row) => {
      const arrives = compareVersions(row.arrivesWith, hop.version) <= 0;
      const crosses = compareVersions(move.from, row.arrivesWith) < 0;
      return arrives && (row.everyHop || crosses) && conditionHolds(row.when, hop, objects);
    }).sort((a, b) => order[a.phase] - order[b.phase]);
    for (const step of applies) {
      out.push({
        hop: `${move.from} → ${hop.version}`, step, action: fill(step.action), commands: step.commands.map(fill),
        ...('ask' in step.when ? { ask: step.when.ask } : {}),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CRDs

function crdNames(objects: readonly RenderedObject[]): Set<string> {
  return new Set(objects.filter(({ object: o }) => o.kind === 'CustomResourceDefinition' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('apiextensions.k8s.io/'))
    .map(({ object: o }) => (o.metadata as { name?: unknown } | undefined)?.name).filter((n): n is string => typeof n === 'string'));
}

function crdChanges(input: UpgradePlanInput, from: CommittedRelease, next: readonly RenderedObject[]): CrdChanges {
  const committedFile = crdNames(input.committed.objects);
  const deployment = input.committed.objects.find(({ object: o }) => isOperatorDeployment(o));
  const committedManages = deployment !== undefined && (operatorContainer(deployment.object)?.args ?? []).includes(MANAGE_CRDS);
  const committedOperator = new Set(committedManages && from.kind === 'known' ? from.release.crds.map((c) => c.name) : []);
  const nextFile = crdNames(next);
  const nextOperator = new Set(input.release.operatorCreatesCrds ? input.release.crds.map((c) => c.name) : []);
  const before = new Set([...committedFile, ...committedOperator]);
  const after = new Set([...nextFile, ...nextOperator]);
  const sorted = (s: Iterable<string>) => [...s].sort();
  const fileToOperator = sorted([...committedFile].filter((n) => nextOperator.has(n) && !nextFile.has(n)));
  const operatorToFile = sorted([...committedOperator].filter((n) => nextFile.has(n)));
  const gained = sorted([...after].filter((n) => !before.has(n))).map((name) => ({ name, by: nextFile.has(name) ? 'file' as const : 'operator' as const }));
  const lost = sorted([...before].filter((n) => !after.has(n)));
  const leaving = [...committedFile].filter((n) => !nextFile.has(n));
  const pruning: string[] = [];
  if (leaving.length > 0) {
    const annotated = input.committed.objects.filter(({ object: o }) => o.kind === 'CustomResourceDefinition' && leaving.includes(String((o.metadata as { name?: unknown }).name)))
      .every(({ object: o }) => String(((o.metadata as { annotations?: Record<string, unknown> }).annotations ?? {})[ARGOCD_SYNC_OPTIONS] ?? '').split(',').map((s) => s.trim()).includes('Prune=false'));
    pruning.push(annotated
      ? `Argo CD: the committed CRDs carry ${ARGOCD_SYNC_OPTIONS}: Prune=false, so the Application's automated prune skips them; it shows them OutOfSync (pruning skipped) until they are removed from its tracking (${TOOL_SOURCES.argocdPruneFalse})`
      : 'Argo CD: the committed CRDs do not carry Prune=false; with automated prune an Argo CD Application would delete them, and every Calico object with them: add the annotation on the cluster first (kubectl annotate crd <name> argocd.argoproj.io/sync-options=Prune=false)');
    const crdStage = fluxCrdStage(input.committedFlux);
    if (crdStage) {
      pruning.push(crdStage.prune
        ? `Flux: the committed Kustomization ${crdStage.name} prunes (prune: true): when it leaves flux/sync.yaml it deletes its CRDs; set prune: false on it in the cluster before the sync`
        : `Flux: the committed Kustomization ${crdStage.name} has prune: false: it leaves flux/sync.yaml and is deleted, and a deleted Kustomization deletes its objects only when it prunes (deletion policy MirrorPrune, the default; ${TOOL_SOURCES.fluxDeletion}): the CRDs stay`);
    }
    pruning.push('kubectl and kustomize: `kubectl apply --server-side -k` deletes nothing that leaves the folder; do not add --prune, which would delete the CRDs and every Calico object with them');
  }
  return { fileToOperator, operatorToFile, gained, lost, pruning };
}

/** The committed Flux Kustomization of the CRD stage, by its path (`…/flux/crds`). */
function fluxCrdStage(text: string | undefined): { name: string; prune: boolean } | undefined {
  if (text === undefined) return undefined;
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) return undefined;
    const o = doc.toJS() as { kind?: unknown; metadata?: { name?: unknown }; spec?: { path?: unknown; prune?: unknown } } | null;
    if (o?.kind === 'Kustomization' && typeof o.spec?.path === 'string' && o.spec.path.endsWith(`/${Stage.CRDS}`) && typeof o.metadata?.name === 'string') {
      return { name: o.metadata.name, prune: o.spec.prune === true };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Apply order and checks

/** The checks after every hop. */
const CHECKS: readonly string[] = [
  `kubectl get tigerastatus   (every component Available; ${TOOL_SOURCES.tigerastatus})`,
  'kubectl wait --for=condition=Available --timeout=600s tigerastatus --all',
  'kubectl -n calico-system rollout status ds/calico-node --timeout=600s',
];

function stageOfFile(file: string): Stage | undefined {
  for (const [stage, info] of STAGES) if (file.endsWith(`-${info.file}${MANIFEST_EXTENSION}`)) return stage;
  return undefined;
}

function applyOrder(input: UpgradePlanInput, next: readonly RenderedObject[]): string[] {
  const manifests = [...input.next.keys()].filter((f) => !f.includes('/') && f.endsWith(MANIFEST_EXTENSION)).sort();
  const lines: string[] = ['kubectl (server-side, file by file):'];
  manifests.forEach((file, i) => {
    const stage = stageOfFile(file);
    const force = stage === Stage.CRDS ? ' --force-conflicts' : '';
    lines.push(`  ${i + 1}. kubectl apply --server-side${force} -f ${input.folder}/${file}`);
    if (stage === Stage.OPERATOR) {
      lines.push('     kubectl -n tigera-operator rollout status deploy/tigera-operator --timeout=300s');
      const kinds = new Set(next.filter(({ file: f }) => stageOfFile(f) === Stage.CALICO).map(({ object: o }) => String(o.kind)));
      const crds = input.release.operatorCreatesCrds ? input.release.crds.filter((c) => kinds.has(c.kind)).map((c) => `crd/${c.name}`) : [];
      if (crds.length > 0) lines.push(`     kubectl wait --for condition=established --timeout=120s ${crds.join(' ')}`);
    }
    if (stage === Stage.CALICO) lines.push('     kubectl wait --for=condition=Available --timeout=600s tigerastatus --all');
    if (stage === Stage.CALICO_API) lines.splice(lines.length - 1, 0, '     kubectl wait --for condition=Available --timeout=600s apiservice/v3.projectcalico.org');
  });
  const waves = [...new Set(next.map(({ object: o }) => ((o.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations ?? {})[ARGOCD_WAVE]).filter((w): w is string => typeof w === 'string'))]
    .sort((a, b) => Number(a) - Number(b));
  const app = input.next.get('argocd/application.yaml');
  if (app !== undefined && waves.length > 0) {
    const name = firstName(app);
    lines.push(`Argo CD: commit ${input.folder}/; the Application${name ? ` ${name}` : ''} syncs wave by wave (${waves.join(', ')}), each once the one before is healthy${name ? `: argocd app wait ${name} --health --timeout 900` : ''}`);
  }
  const flux = input.next.get('flux/sync.yaml');
  if (flux !== undefined) {
    const names = kustomizationNames(flux);
    lines.push(`Flux: commit ${input.folder}/; the Kustomizations apply in dependsOn order: ${names.join(' → ')}${names.length > 0 ? ` (flux get kustomizations; flux reconcile kustomization ${names[0]} --with-source)` : ''}`);
  }
  return lines;
}

function firstName(text: string): string | undefined {
  const doc = parseAllDocuments(text)[0];
  const name = (doc?.toJS() as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' ? name : undefined;
}

function kustomizationNames(text: string): string[] {
  return parseAllDocuments(text).map((d) => (d.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null))
    .filter((o) => o?.kind === 'Kustomization' && typeof o.metadata?.name === 'string').map((o) => o!.metadata!.name as string);
}

// ---------------------------------------------------------------------------------------------
// The operator Deployment

function isOperatorDeployment(o: { readonly [key: string]: unknown }): boolean {
  const meta = o.metadata as { name?: unknown; namespace?: unknown } | undefined;
  return o.kind === 'Deployment' && meta?.name === OPERATOR.name && meta?.namespace === OPERATOR.namespace;
}

function operatorContainer(o: { readonly [key: string]: unknown }): { image?: unknown; args?: unknown[] } | undefined {
  const containers = (o.spec as { template?: { spec?: { containers?: unknown } } } | undefined)?.template?.spec?.containers;
  if (!Array.isArray(containers)) return undefined;
  const c = (containers.find((x) => (x as { name?: unknown })?.name === OPERATOR.name) ?? containers[0]) as { image?: unknown; args?: unknown } | undefined;
  return c ? { image: c.image, args: Array.isArray(c.args) ? c.args : [] } : undefined;
}

/** `quay.io/tigera/operator:v1.38.13` → `v1.38.13` (a digest after `@` is left out; no tag: `latest`). */
function imageTag(image: string): string {
  const name = image.split('@')[0];
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : 'latest';
}

// ---------------------------------------------------------------------------------------------
// Printing

/** The plan as lines (the `npm run plan` section). */
export function formatUpgradePlan(plan: UpgradePlan, maxObjects = 20): string[] {
  const lines: string[] = [];
  const fromText = plan.from.kind === 'known' ? `Calico ${plan.from.release.version} (operator ${plan.from.operatorTag})` : plan.from.kind === 'unknown' ? `an unknown release (operator ${plan.from.operatorTag})` : 'an unknown release';
  lines.push(`From ${fromText} to Calico ${plan.to.version} (operator ${plan.to.operatorVersion})${plan.direction === 'downgrade' ? ': a downgrade' : ''}`);
  if (plan.moves.length > 0) {
    lines.push('', 'Hops (one at a time: set calico.version to the hop, npm run synth, apply as below, run the checks):');
    plan.moves.forEach((m, i) => {
      if (m.kind === 'kubernetes') {
        lines.push(`  ${i + 1}. Kubernetes ${m.from} → ${m.to} (on Calico ${m.calico}${m.tested === false ? ', outside its tested range' : ''})`);
      } else {
        const on = m.kubernetes ? ` on Kubernetes ${m.kubernetes}` : '';
        const status = m.tested === true ? '' : m.tested === false ? ' — outside the tested range' : '';
        lines.push(`  ${i + 1}. Calico ${m.from} → ${m.to.version} (operator ${m.to.operatorVersion})${on}${status}${m.note ? `: ${m.note}` : ''}`);
      }
    });
  }
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  if (plan.steps.length > 0) {
    lines.push('', 'Steps of the release notes for this cluster:');
    let hop = '';
    for (const s of plan.steps) {
      if (s.hop !== hop) lines.push(`  ${(hop = s.hop)}:`);
      lines.push(`    - [${s.step.phase}] ${s.ask ? `${s.ask}: ` : ''}${s.action} (${s.step.id}; ${s.step.sources.join('; ')})`);
      for (const c of s.commands) lines.push(`        ${c}`);
    }
  }
  const d = plan.objects;
  lines.push('', `Objects: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`);
  const list = <T>(items: readonly T[], line: (t: T) => string[]) => {
    for (const t of items.slice(0, maxObjects)) lines.push(...line(t));
    if (items.length > maxObjects) lines.push(`    … and ${items.length - maxObjects} more`);
  };
  // CRDs that move to the operator are said once, under CRDs.
  const toOperator = new Set(plan.crds.fileToOperator);
  const removed = d.removed.filter((r) => !(r.kind === 'CustomResourceDefinition' && toOperator.has(r.name)));
  list(d.added, (r) => [`  + ${formatRef(r)} (${r.file})`]);
  if (removed.length < d.removed.length) lines.push(`  - ${d.removed.length - removed.length} CustomResourceDefinitions of the CRD file (created by the operator from now on: see CRDs)`);
  list(removed, (r) => [`  - ${formatRef(r)} (${r.file})`]);
  list(d.changed, (c) => [`  ~ ${formatRef(c.ref)}${c.movedFrom ? ` (moved from ${c.movedFrom} to ${c.ref.file})` : ''}: ${c.paths.join(', ')}${c.more > 0 ? `, and ${c.more} more` : ''}`]);
  for (const m of d.moved) lines.push(`  = ${m.objects} unchanged object${m.objects === 1 ? '' : 's'} moved from ${m.from} to ${m.to} (the files are renumbered)`);
  const c = plan.crds;
  if (c.fileToOperator.length + c.operatorToFile.length + c.gained.length + c.lost.length > 0) {
    lines.push('', 'CRDs:');
    if (c.fileToOperator.length > 0) lines.push(`  ${c.fileToOperator.length} move from the CRD file to the operator (-manage-crds), which updates them when it starts: the file leaves the folder, the CRDs must stay`);
    if (c.operatorToFile.length > 0) lines.push(`  ${c.operatorToFile.length} move from the operator to the CRD file: apply it server-side with --force-conflicts (the operator's field manager owns them)`);
    const gainedBy = (by: 'file' | 'operator') => c.gained.filter((g) => g.by === by).map((g) => g.name);
    if (gainedBy('operator').length > 0) lines.push(`  gained, created by the operator: ${gainedBy('operator').join(', ')}`);
    if (gainedBy('file').length > 0) lines.push(`  gained, in the CRD file: ${gainedBy('file').join(', ')}`);
    if (c.lost.length > 0) lines.push(`  lost (the new release does not need them; nothing calico-stack renders deletes them, and deleting one deletes every object of its kind): ${c.lost.join(', ')}`);
    for (const p of c.pruning) lines.push(`  ${p}`);
  }
  lines.push('', 'Apply the new folder in this order:', ...plan.applyOrder.map((l) => `  ${l}`));
  lines.push('', 'Then check:', ...plan.checks.map((l) => `  ${l}`));
  return lines;
}

/**
 * A few lines for `npm run synth`: the release change, what upstream refuses, whether the CRDs move,
 * and the command that prints the plan. Nothing in it depends on the Kubernetes version, which only
 * the plan takes into account.
 */
export function upgradeSummary(plan: UpgradePlan, planCommand: string, folder: string): string[] {
  const from = plan.from.kind === 'known' ? `Calico ${plan.from.release.version}` : `an unknown release (operator ${plan.from.kind === 'unknown' ? plan.from.operatorTag : 'unreadable'})`;
  const refused = plan.findings.filter((f) => f.severity === 'error').map((f) => f.message);
  return [
    `${plan.direction === 'downgrade' ? 'downgrade' : 'upgrade'}: ${from} (the committed ${folder}/) → Calico ${plan.to.version}`,
    ...(plan.crds.fileToOperator.length > 0 ? ['the CRDs move from the CRD file to the operator: nothing calico-stack renders prunes them'] : []),
    ...refused.map((m) => `refused: ${m}`),
    `before applying, read the plan (hops, release-note steps, apply order), which compares with the committed folder: ${planCommand}`,
  ];
}
