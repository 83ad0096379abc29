/**
 * The upgrade plan (src/app/day2/upgrade-plan.ts): a cluster rendered at one release into a
 * temporary dist/, planned at another. Every ordered pair of the catalog's releases, then the hops
 * and Kubernetes order with releases that carry their documentation's facts (built here, as the
 * catalog's releases may not carry them yet), and the committed folders the plan cannot read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { committedRelease, formatUpgradePlan, Move, upgradePlan, UpgradePlan, UpgradePlanInput, upgradeSummary } from '../../src/app/day2/upgrade-plan';
import { committedFile, committedObjects } from '../../src/app/output/previous-render';
import { writeOutputFolders } from '../../src/app/output/output-directory';
import { compareVersions } from '../../src/lib/calico/release-fields';
import { CalicoRelease, calicoRelease, RELEASES } from '../../src/lib/calico/releases';
import { DOWNGRADE, UPGRADE_STEPS } from '../../src/lib/calico/upgrade-steps';
import { renderStack } from '../../src/lib/render/render';
import { clusterDoc, config, messages, tempDir } from '../util';

const doc = (version: string, calico: Record<string, unknown> = {}) => clusterDoc({
  name: 'up', calico: { version, ...calico },
  gitops: { argocd: { enabled: true, repoURL: 'https://example.com/gitops.git' }, flux: { enabled: true } },
});

/** Every supported release's render of the same cluster, rendered once. */
const renders = new Map(RELEASES.map((r) => [r.version, renderStack(config(doc(r.version)))]));

/** The render of `version` written as synth writes it (with its record) into a temporary dist/; the folder. */
async function committed(files: ReadonlyMap<string, string>): Promise<string> {
  const root = path.join(tempDir(), 'dist');
  await writeOutputFolders(root, [{ name: 'up', files }]);
  return path.join(root, 'up');
}

function input(dir: string, next: ReadonlyMap<string, string>, release: CalicoRelease, extra: Partial<UpgradePlanInput> = {}): UpgradePlanInput {
  const flux = committedFile(dir, 'flux/sync.yaml');
  return {
    clusterFile: 'clusters/up.yaml', folder: 'dist/up', committed: committedObjects(dir), next, release, catalog: RELEASES,
    ...(flux !== undefined ? { committedFlux: flux } : {}), ...extra,
  };
}

const hops = (plan: UpgradePlan) => plan.moves.map((m) => (m.kind === 'calico' ? `${m.from} → ${m.to.version}${m.kubernetes ? ` on ${m.kubernetes}` : ''}` : `kubernetes ${m.from} → ${m.to}`));

describe('every ordered pair of supported releases', () => {
  const pairs = RELEASES.flatMap((a) => RELEASES.filter((b) => b !== a).map((b) => [a, b] as const));

  test('the catalog gives pairs in both directions', () => {
    expect(pairs.length).toBe(RELEASES.length * (RELEASES.length - 1));
    expect(pairs.length).toBeGreaterThanOrEqual(2);
  });

  test.each(pairs.map(([a, b]) => [a.version, b.version]))('%s → %s: the committed release, hops, CRDs, steps and apply order (a render per release, once)', async (av, bv) => {
    const [a, b] = [calicoRelease(av), calicoRelease(bv)];
    const dir = await committed(renders.get(a.version)!);
    const plan = upgradePlan(input(dir, renders.get(b.version)!, b))!;
    expect(plan).toBeDefined();
    expect(plan.from).toEqual({ kind: 'known', release: a, operatorTag: a.operatorVersion });
    expect(plan.unreadable).toEqual([]);
    const up = compareVersions(b.version, a.version) > 0;
    expect(plan.direction).toBe(up ? 'upgrade' : 'downgrade');
    const calicoMoves = plan.moves.filter((m): m is Extract<Move, { kind: 'calico' }> => m.kind === 'calico');
    expect(calicoMoves[0].from).toBe(a.version);
    expect(calicoMoves[calicoMoves.length - 1].to.version).toBe(b.version);
    // Each hop goes forward (or is the one downgrade), through releases of the catalog.
    for (const m of calicoMoves) expect(RELEASES).toContain(m.to);
    if (up) {
      expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
      // Every step planned arrives with a release the hop reaches, and each hop has the OwnerReferences step.
      for (const s of plan.steps) expect(compareVersions(s.step.arrivesWith, b.version)).toBeLessThanOrEqual(0);
      expect(plan.steps.filter((s) => s.step.id === 'owner-references').length).toBe(calicoMoves.length);
      const crosses = (v: string) => compareVersions(a.version, v) < 0 && compareVersions(v, b.version) <= 0;
      expect(plan.steps.some((s) => s.step.id === 'admin-network-policies')).toBe(crosses('v3.32'));
      expect(plan.steps.some((s) => s.step.id === 'goldmane-whisker')).toBe(crosses('v3.30'));
      // A hop into a release whose CRDs come from a file (v3.28.2 → v3.30.7 goes through v3.29.7) applies that file first.
      expect(plan.steps.some((s) => s.step.id === 'crd-file-first')).toBe(calicoMoves.some((m) => !m.to.operatorCreatesCrds));
    } else {
      expect(messages(plan.findings)).toEqual([
        `calico.version: goes back from Calico ${a.version} (the committed dist/up/) to ${b.version}: ${DOWNGRADE.message} (got "${b.version}") — keep ${a.version}, or test the downgrade on a cluster you can rebuild (${DOWNGRADE.sources.join('; ')})`,
      ]);
      expect(plan.steps).toEqual([]);
    }
    // CRDs: from a file to the operator, nothing pruned by any tool; the other way, the file takes them over.
    if (!a.operatorCreatesCrds && b.operatorCreatesCrds) {
      expect(plan.crds.fileToOperator).toEqual(a.crds.map((c) => c.name).filter((n) => b.crds.some((c) => c.name === n)).sort());
      expect(plan.crds.gained.every((g) => g.by === 'operator')).toBe(true);
      expect(plan.crds.pruning.map((p) => p.split(':')[0])).toEqual(['Argo CD', 'Flux', 'kubectl and kustomize']);
      expect(plan.crds.pruning[0]).toContain('carry argocd.argoproj.io/sync-options: Prune=false');
      expect(plan.crds.pruning[1]).toContain('the committed Kustomization calico-stack-up-crds has prune: false');
      expect(plan.objects.removed.filter((r) => r.kind === 'CustomResourceDefinition').length).toBe(a.crds.length);
    } else if (a.operatorCreatesCrds && !b.operatorCreatesCrds) {
      expect(plan.crds.operatorToFile.length).toBeGreaterThan(0);
      expect(plan.crds.pruning).toEqual([]);
    } else {
      expect([plan.crds.fileToOperator, plan.crds.operatorToFile]).toEqual([[], []]);
    }
    // The operator Deployment changes its image; the new operator's tag is the hop's.
    const deployment = plan.objects.changed.find((c) => c.ref.kind === 'Deployment' && c.ref.name === 'tigera-operator')!;
    expect(deployment.paths).toContain('spec.template.spec.containers[0].image');
    // Apply order: the CRD file (if any) first, server-side with --force-conflicts; then the operator and its rollout.
    const kubectl = plan.applyOrder.filter((l) => /^\s+\d+\. /.test(l)).map((l) => l.trim().replace(/^\d+\. /, ''));
    expect(kubectl[0]).toBe(b.operatorCreatesCrds ? 'kubectl apply --server-side -f dist/up/0000-tigera-operator.k8s.yaml' : 'kubectl apply --server-side --force-conflicts -f dist/up/0000-calico-crds.k8s.yaml');
    expect(plan.applyOrder.join('\n')).toContain('Flux: commit dist/up/; the Kustomizations apply in dependsOn order: ');
    expect(formatUpgradePlan(plan)[0]).toBe(`From Calico ${a.version} (operator ${a.operatorVersion}) to Calico ${b.version} (operator ${b.operatorVersion})${up ? '' : ': a downgrade'}`);
  });
});

test('v3.28.2 → v3.30.7: the bundle file leaves, the operator creates the CRDs, nothing pruned; the summary says so', async () => {
  const [a, b] = [calicoRelease('v3.28.2'), calicoRelease('v3.30.7')];
  const dir = await committed(renders.get(a.version)!);
  const plan = upgradePlan(input(dir, renders.get(b.version)!, b))!;
  expect(plan.crds.fileToOperator).toContain('installations.operator.tigera.io');
  expect(plan.crds.gained.map((g) => g.name)).toEqual(expect.arrayContaining(['goldmanes.operator.tigera.io', 'whiskers.operator.tigera.io']));
  expect(plan.crds.lost).toEqual([]);
  expect(plan.crds.pruning[1]).toBe('Flux: the committed Kustomization calico-stack-up-crds has prune: false: it leaves flux/sync.yaml and is deleted, and a deleted Kustomization deletes its objects only when it prunes (deletion policy MirrorPrune, the default; fluxcd/kustomize-controller v1.9.4 internal/controller/kustomization_controller.go:1157-1168, api/v1/kustomization_types.go:409-414): the CRDs stay');
  const text = formatUpgradePlan(plan).join('\n');
  expect(text).toContain(`- ${a.crds.length} CustomResourceDefinitions of the CRD file (created by the operator from now on: see CRDs)`);
  expect(text).toContain('unchanged objects moved from 0003-retina.k8s.yaml to 0002-retina.k8s.yaml (the files are renumbered)');
  expect(upgradeSummary(plan, 'npm run plan', 'dist/up')).toEqual([
    'upgrade: Calico v3.28.2 (the committed dist/up/) → Calico v3.30.7',
    'the CRDs move from the CRD file to the operator: nothing calico-stack renders prunes them',
    'before applying, read the plan (hops, release-note steps, apply order), which compares with the committed folder: npm run plan',
  ]);
});

test('Goldmane and Whisker turned off in the cluster file: the step says they stay off, instead of the one that says they arrive', async () => {
  const b = calicoRelease('v3.30.7');
  const off = renderStack(config(doc(b.version, { goldmane: false, whisker: false })));
  const plan = upgradePlan(input(await committed(renders.get('v3.28.2')!), off, b))!;
  const ids = plan.steps.map((s) => s.step.id);
  expect(ids).toContain('goldmane-whisker-off');
  expect(ids).not.toContain('goldmane-whisker');
  expect(plan.steps.find((s) => s.step.id === 'goldmane-whisker-off')!.action).toContain('this cluster file turns them off (calico.goldmane, calico.whisker)');
});

test('without the upgrade pages and tested versions (release.docs), one hop, and notes that say what was not read', async () => {
  const [a, b] = [calicoRelease('v3.28.2'), calicoRelease('v3.32.1')];
  const bare = RELEASES.map(({ docs: _docs, ...r }) => r as CalicoRelease);
  const plan = upgradePlan(input(await committed(renders.get(a.version)!), renders.get(b.version)!, bare.find((r) => r.version === b.version)!, { catalog: bare }))!;
  expect(hops(plan)).toEqual(['v3.28.2 → v3.32.1']);
  const later = bare.filter((r) => compareVersions(r.version, a.version) > 0).map((r) => r.version).sort(compareVersions).join(', ');
  expect(plan.notes).toEqual([
    `the upgrade pages of ${later} were not read (release.docs.upgradesFrom): the plan cannot say which releases they upgrade from, and takes the hop as supported`,
    `which Kubernetes versions upstream tested v3.28.2, ${later} on was not read (release.docs.kubernetes): the plan cannot say whether a hop stays on tested versions`,
    'the cluster\'s Kubernetes version is not known: the plan cannot order Kubernetes upgrades between the hops; each hop says the Kubernetes versions both its releases were tested on',
  ]);
});

/** A release of the catalog with the facts of its documentation. */
function documented(version: string, min: string, max: string, upgradesFrom = 'v3.15', as?: string): CalicoRelease {
  const base = calicoRelease(version);
  return {
    ...base,
    ...(as ? { version: as, operatorVersion: `${base.operatorVersion}-as-${as}` } : {}),
    docs: {
      kubernetes: { min, max, source: `tigera/docs:calico_versioned_docs/version-${(as ?? version).slice(1, 5)}/_includes/partials/_system-requirements.mdx@test` },
      upgradesFrom: { version: upgradesFrom, source: `tigera/docs:calico_versioned_docs/version-${(as ?? version).slice(1, 5)}/operations/upgrading/kubernetes-upgrade.mdx@test` },
    },
  };
}

describe('with the documentation\'s facts: hops and Kubernetes upgrades that stay on tested pairs', () => {
  const v328 = documented('v3.28.2', '1.27', '1.30');
  // v3.29.7 stands in for the release another change adds: v3.28.2's data under another version.
  const v329 = documented('v3.28.2', '1.29', '1.31', 'v3.15', 'v3.29.7');
  const v330 = documented('v3.30.7', '1.31', '1.35');
  const v331 = documented('v3.31.7', '1.32', '1.35');
  const v332 = documented('v3.32.1', '1.34', '1.36');
  const plan = async (catalog: CalicoRelease[], kubernetes?: string) => upgradePlan(input(await committed(renders.get('v3.28.2')!), renders.get('v3.32.1')!, v332, {
    catalog, ...(kubernetes !== undefined ? { kubernetes } : {}),
  }))!;

  test('from v3.28.2 on Kubernetes 1.29 to v3.32.1 through v3.29: every step inside a tested pair', async () => {
    const p = await plan([v332, v331, v330, v329, v328], 'v1.29.4');
    expect(hops(p)).toEqual([
      'v3.28.2 → v3.29.7 on 1.29',
      'kubernetes 1.29 → 1.30',
      'kubernetes 1.30 → 1.31',
      'v3.29.7 → v3.30.7 on 1.31',
      'kubernetes 1.31 → 1.32',
      'v3.30.7 → v3.31.7 on 1.32',
      'kubernetes 1.32 → 1.33',
      'kubernetes 1.33 → 1.34',
      'v3.31.7 → v3.32.1 on 1.34',
    ]);
    expect(p.moves.every((m) => m.tested === true)).toBe(true);
    expect([p.findings, p.notes]).toEqual([[], []]);
    // Release-note steps come per hop: Goldmane and Whisker with the hop into v3.30, ANP with the one into v3.32.
    expect(p.steps.filter((s) => s.step.id === 'goldmane-whisker').map((s) => s.hop)).toEqual(['v3.29.7 → v3.30.7']);
    expect(p.steps.filter((s) => s.step.id === 'admin-network-policies').map((s) => s.hop)).toEqual(['v3.31.7 → v3.32.1']);
    expect(p.steps.filter((s) => s.step.id === 'crd-file-first').map((s) => s.hop)).toEqual(['v3.28.2 → v3.29.7']);
    expect(p.steps.filter((s) => s.step.id === 'crd-file-first')[0].commands).toEqual(['kubectl apply --server-side --force-conflicts -f dist/up/0000-calico-crds.k8s.yaml']);
    expect(formatUpgradePlan(p)).toContain('  4. Calico v3.29.7 → v3.30.7 (operator v1.38.13) on Kubernetes 1.31');
  });

  test('without v3.29\'s data, no v3.28 → v3.30 step stays inside a tested pair, and the plan says so', async () => {
    const p = await plan([v332, v331, v330, v328], '1.29');
    expect(hops(p).slice(0, 2)).toEqual(['kubernetes 1.29 → 1.30', 'v3.28.2 → v3.30.7 on 1.30']);
    expect(messages(p.findings)).toEqual([
      'calico.version: the hop from v3.28.2 to v3.30.7 on Kubernetes 1.30 leaves the tested range: no step from Calico v3.28.2 on Kubernetes 1.30 stays on a tested pair: '
      + 'Calico v3.28.2 was tested on Kubernetes 1.27–1.30, v3.30.7 on Kubernetes 1.31–1.35; calico-stack has no release data for v3.29, which upstream may test on Kubernetes versions both sides share: '
      + 'add it (npm run add-release) and plan again (got "v3.32.1") — test the hop on a cluster you can rebuild before this one',
    ]);
    expect(p.moves[1]).toMatchObject({ kind: 'calico', tested: false });
    // After it, the plan is back inside tested pairs.
    expect(p.moves.slice(2).every((m) => m.tested === true)).toBe(true);
  });

  test('without the Kubernetes version: each hop to the furthest release sharing a tested version, and which versions', async () => {
    const p = await plan([v332, v331, v330, v329, v328]);
    expect(hops(p)).toEqual(['v3.28.2 → v3.29.7', 'v3.29.7 → v3.30.7', 'v3.30.7 → v3.32.1']);
    expect(p.moves.map((m) => (m.kind === 'calico' ? m.note : ''))).toEqual([
      'on Kubernetes 1.29–1.30, tested with both', 'on Kubernetes 1.31, tested with both', 'on Kubernetes 1.34–1.35, tested with both',
    ]);
    const gap = await plan([v332, v331, v330, v328]);
    expect(messages(gap.findings)[0]).toBe('calico.version: the hop from v3.28.2 to v3.30.7 leaves the tested range: no Kubernetes version is tested with both Calico v3.28.2 (Kubernetes 1.27–1.30) and v3.30.7 (Kubernetes 1.31–1.35); calico-stack has no release data for v3.29, which upstream may test on Kubernetes versions both sides share: add it (npm run add-release) and plan again (got "v3.32.1") — upgrade Kubernetes to the newest version the older release was tested on before the hop, and test the hop on a cluster you can rebuild');
  });

  test('a hop upstream refuses is an error; a release in between that supports it is taken instead', async () => {
    const strict = documented('v3.32.1', '1.34', '1.36', 'v3.30');
    const refused = upgradePlan(input(await committed(renders.get('v3.28.2')!), renders.get('v3.32.1')!, strict, { catalog: [strict, v328] }))!;
    expect(messages(refused.findings)).toEqual([
      'calico.version: upstream does not support upgrading from Calico v3.28.2 to v3.32.1: its upgrade page supports upgrades from v3.30 or later (tigera/docs:calico_versioned_docs/version-3.32/operations/upgrading/kubernetes-upgrade.mdx@test), and calico-stack knows no release in between (got "v3.32.1") — upgrade v3.28.2 to a release between v3.28 and v3.30 first, following upstream\'s upgrade page, then plan from there',
    ]);
    expect(refused.findings[0].severity).toBe('error');
    expect(upgradeSummary(refused, 'npm run plan', 'dist/up')).toContain('refused: upstream does not support upgrading from Calico v3.28.2 to v3.32.1: its upgrade page supports upgrades from v3.30 or later (tigera/docs:calico_versioned_docs/version-3.32/operations/upgrading/kubernetes-upgrade.mdx@test), and calico-stack knows no release in between');
    const through = upgradePlan(input(await committed(renders.get('v3.28.2')!), renders.get('v3.32.1')!, strict, { catalog: [strict, v330, v328] }))!;
    expect(hops(through)).toEqual(['v3.28.2 → v3.30.7', 'v3.30.7 → v3.32.1']);
    expect(through.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a Kubernetes version that is not one is a warning naming the cluster-file path; the plan goes on without it', async () => {
    const p = await plan([v332, v331, v330, v329, v328], 'latest');
    expect(messages(p.findings)).toEqual(['platform.kubernetesVersion: "latest" is not a Kubernetes version, so the plan cannot order Kubernetes upgrades (got "latest"; allowed v1.33.2 or 1.33) — set platform.kubernetesVersion to the version `kubectl version` reports for the server']);
    expect(hops(p)).toEqual(['v3.28.2 → v3.29.7', 'v3.29.7 → v3.30.7', 'v3.30.7 → v3.32.1']);
  });
});

describe('committed folders the plan cannot fully read', () => {
  test('an operator image tag of no known release: the release is unknown, said so, and the objects still compared', async () => {
    const files = new Map(renders.get('v3.30.7')!);
    const operatorFile = [...files.keys()].find((f) => f.endsWith('-tigera-operator.k8s.yaml'))!;
    files.set(operatorFile, files.get(operatorFile)!.replace(/operator:v1\.38\.13/, 'operator:v1.99.0'));
    const dir = await committed(files);
    expect(committedRelease(committedObjects(dir), RELEASES)).toEqual({ kind: 'unknown', operatorTag: 'v1.99.0', file: operatorFile });
    const b = calicoRelease('v3.32.1');
    const plan = upgradePlan(input(dir, renders.get(b.version)!, b))!;
    expect(plan.direction).toBe('unknown');
    expect(messages(plan.findings)).toEqual([
      `calico.version: which Calico release the committed dist/up/ was rendered for is unknown: its operator image tag v1.99.0 (dist/up/${operatorFile}) is not the operator of any release calico-stack knows (${RELEASES.map((r) => `${r.version}: ${r.operatorVersion}`).join(', ')}); the plan has no hops and no release-note steps (got "v3.32.1") — find the release the cluster runs (\`kubectl get clusterinformations.crd.projectcalico.org default -o jsonpath='{.spec.calicoVersion}'\`) and read the release notes of every release between it and this one`,
    ]);
    expect([plan.moves, plan.steps]).toEqual([[], []]);
    expect(plan.objects.changed.length).toBeGreaterThan(0);
    expect(upgradeSummary(plan, 'npm run plan', 'dist/up')[0]).toBe('upgrade: an unknown release (operator v1.99.0) (the committed dist/up/) → Calico v3.32.1');
  });

  test('an unreadable manifest: named with what to do; without the operator file the release is unknown', async () => {
    const dir = await committed(renders.get('v3.30.7')!);
    fs.writeFileSync(path.join(dir, '0000-tigera-operator.k8s.yaml'), 'kind: [unclosed\n');
    const b = calicoRelease('v3.32.1');
    const plan = upgradePlan(input(dir, renders.get(b.version)!, b))!;
    expect(plan.unreadable).toEqual(['0000-tigera-operator.k8s.yaml']);
    expect(plan.from).toEqual({ kind: 'none' });
    expect(messages(plan.findings)).toEqual([
      'clusters/up.yaml: dist/up/0000-tigera-operator.k8s.yaml could not be read or parsed (changed by hand, damaged, not a regular file, or too large): the plan compares the other files only — restore it (`git checkout -- dist/up/0000-tigera-operator.k8s.yaml`) and run `npm run plan` again',
      'calico.version: which Calico release the committed dist/up/ was rendered for is unknown: its operator Deployment could not be read; the plan has no hops and no release-note steps (got "v3.32.1") — find the release the cluster runs (`kubectl get clusterinformations.crd.projectcalico.org default -o jsonpath=\'{.spec.calicoVersion}\'`) and read the release notes of every release between it and this one',
    ]);
  });

  test('no plan for a fresh folder or the same release', async () => {
    const b = calicoRelease('v3.32.1');
    expect(upgradePlan(input(tempDir(), renders.get(b.version)!, b))).toBeUndefined();
    expect(upgradePlan(input(await committed(renders.get(b.version)!), renders.get(b.version)!, b))).toBeUndefined();
  });
});

describe('the release-note steps (src/lib/calico/release-data/upgrade-steps.json)', () => {
  test('every row has a unique id and cites tigera/docs at a commit with lines', () => {
    const ids = UPGRADE_STEPS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['owner-references', 'admin-network-policies', 'allow-tigera-tier', 'goldmane-whisker', 'calicoctl-version', 'crd-file-first']));
    for (const s of UPGRADE_STEPS) for (const src of s.sources) expect(src).toMatch(/^tigera\/docs:calico_versioned_docs\/version-3\.\d+\/\S+\.mdx@[0-9a-f]{40}#L[\d,-]+$/);
  });

  test('fails when a row has no meaning for the code', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { upgradeSteps } = require('../../src/lib/calico/upgrade-steps') as typeof import('../../src/lib/calico/upgrade-steps');
    const good = { ...UPGRADE_STEPS[0] };
    expect(() => upgradeSteps([{ ...good, when: { renders: 'somethingElse' } }])).toThrow('upgrade-steps.json steps[0]: when must be {always: true}, {renders: crdFile|operatorCrds|goldmaneWhisker|noGoldmaneWhisker} or {ask: "if …"}');
    expect(() => upgradeSteps([{ ...good, arrivesWith: '3.32' }])).toThrow('upgrade-steps.json steps[0]: arrivesWith "3.32" is not a release (v3.32 or v3.32.1)');
    expect(() => upgradeSteps([{ ...good, sources: ['https://docs.tigera.io/'] }])).toThrow('upgrade-steps.json steps[0]: sources must list tigera/docs:<path>@<commit>#L<lines>');
    expect(upgradeSteps([good])).toEqual([good]);
  });
});
