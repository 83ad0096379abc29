/**
 * Fleets (src/lib/gitops/fleet.ts, src/lib/render/fleet.ts, src/app/cli/fleet.ts,
 * src/app/config/repository-settings.ts): the repository settings, the fleet folder a synth writes,
 * the ApplicationSet evaluated the way Argo CD's Git files generator and Go templates would, and the
 * objects checked against the CRDs of pinned Argo CD and kustomize-controller releases.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { fleetFolder } from '../../src/app/cli/fleet';
import { readRepositorySettings } from '../../src/app/config/repository-settings';
import { main } from '../../src/app/main';
import { ARGOCD_FLEET_MEMBER_FILE, fluxWaveGateName } from '../../src/lib/gitops/fleet';
import { FLEET_APPLICATIONSET_FILE, FLEET_FLUX_GATES_FILE, FLEET_FLUX_KUSTOMIZATION_FILE, FLEET_FOLDER } from '../../src/lib/render/fleet';
import { schemaProblems } from '../schema-validator';
import { clusterDoc, K8sObject, tempDir } from '../util';

const REPO = 'https://github.com/example/gitops.git';

/** Runs the command line in this process: its exit code and what it printed. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  try {
    await main(args);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

/** A repository: cluster files by name, and the settings file when given. */
function repo(clusters: Record<string, object>, settings?: object | string): string {
  const files: Record<string, string> = {};
  for (const [name, doc] of Object.entries(clusters)) files[`clusters/${name}.yaml`] = stringify(doc);
  if (settings !== undefined) files['calico-stack.yaml'] = typeof settings === 'string' ? settings : stringify(settings);
  return tempDir(files);
}

const synth = (dir: string, ...args: string[]) => run(['synth', '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist'), ...args]);
const check = (dir: string) => run(['check', '--clusters', path.join(dir, 'clusters'), '--dist', path.join(dir, 'dist')]);

/** Every file below `dir`, by `/`-separated relative path. */
function tree(dir: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of tree(dir, rel)) files.set(k, v);
    else files.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
  }
  return files;
}

function docs(text: string): K8sObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}

const argocd = { enabled: true, repoURL: REPO };
const SETTINGS = { fleet: { waves: ['canary', 'main'], argocd: { enabled: true, repoURL: REPO }, flux: { enabled: true } } };

/** Three clusters: a canary on both hubs, one Argo CD cluster of the last wave, one Flux cluster. */
function fleetRepo(settings: object | string = SETTINGS): string {
  return repo({
    alpha: clusterDoc({ name: 'alpha', gitops: { argocd, flux: { enabled: true }, wave: 'canary' } }),
    beta: clusterDoc({ name: 'beta', gitops: { argocd } }),
    gamma: clusterDoc({ name: 'gamma', gitops: { flux: { enabled: true } } }),
  }, settings);
}

// ---- The subset of Argo CD's ApplicationSet semantics the fleet's ApplicationSet uses ----

/** Whether `file` matches a Git files generator's path (`*` stays within one path segment). */
function globMatches(pattern: string, file: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return re.test(file);
}

/**
 * A Go template with `missingkey=error`, in the subset the ApplicationSet uses: `{{.a}}`, `{{.a.b}}`
 * and `{{ toJson .a }}`. Anything else in braces is an error here, so the test fails when the
 * template starts using more than is modelled.
 */
function goTemplate(text: string, params: Record<string, unknown>): string {
  const out = text.replace(/\{\{-?\s*(toJson\s+)?\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*-?\}\}/g, (_m, toJson: string | undefined, ref: string) => {
    let value: unknown = params;
    for (const key of ref.split('.')) {
      if (value === null || typeof value !== 'object' || !(key in value)) throw new Error(`template: map has no entry for key "${key}"`);
      value = (value as Record<string, unknown>)[key];
    }
    if (toJson) return JSON.stringify(value);
    if (typeof value === 'object' && value !== null) throw new Error(`template: {{.${ref}}} is not a scalar`);
    return String(value);
  });
  if (out.includes('{{')) throw new Error(`template action outside the modelled subset: ${out}`);
  return out;
}

/** Every string of `value` rendered as a template. */
function renderTemplate(value: unknown, params: Record<string, unknown>): unknown {
  if (typeof value === 'string') return goTemplate(value, params);
  if (Array.isArray(value)) return value.map((v) => renderTemplate(v, params));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [renderTemplate(k, params), renderTemplate(v, params)]));
  return value;
}

/** Maps merged key by key; the patch wins elsewhere (the keys our patch sets are not in the template). */
function merge(base: unknown, patch: unknown): unknown {
  if (base && patch && typeof base === 'object' && typeof patch === 'object' && !Array.isArray(base) && !Array.isArray(patch)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(patch)) out[k] = merge(out[k], v);
    return out;
  }
  return patch;
}

/** The Applications an ApplicationSet generates from the repository files `repoFiles` (the Git files generator). */
function generate(appSet: K8sObject, repoFiles: ReadonlyMap<string, string>): K8sObject[] {
  expect(appSet.spec.goTemplate).toBe(true);
  expect(appSet.spec.goTemplateOptions).toEqual(['missingkey=error']);
  const [generator] = appSet.spec.generators;
  const apps: K8sObject[] = [];
  for (const [file, text] of [...repoFiles].sort(([a], [b]) => a.localeCompare(b))) {
    if (!generator.git.files.some((f: { path: string }) => globMatches(f.path, file))) continue;
    const dir = path.posix.dirname(file);
    const params = { ...(parse(text) as Record<string, unknown>), path: { path: dir, basename: path.posix.basename(dir), filename: path.posix.basename(file), segments: dir.split('/') } };
    let app = renderTemplate(appSet.spec.template, params) as Record<string, unknown>;
    if (appSet.spec.templatePatch) app = merge(app, parse(goTemplate(appSet.spec.templatePatch, params))) as Record<string, unknown>;
    apps.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...app } as K8sObject);
  }
  return apps;
}

/** The rollout steps of the ApplicationSet: the Application names each step selects, in order. */
function steps(appSet: K8sObject, apps: readonly K8sObject[]): string[][] {
  return appSet.spec.strategy.rollingSync.steps.map((step: { matchExpressions: Array<{ key: string; operator: string; values: string[] }> }) => apps
    .filter((app) => step.matchExpressions.every((m) => m.operator === 'In' && m.values.includes(app.metadata.labels?.[m.key])))
    .map((app) => app.metadata.name));
}

describe('a synth with a fleet', () => {
  let dir: string;
  let files: Map<string, string>;
  beforeAll(async () => {
    dir = fleetRepo();
    const r = await synth(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    files = tree(dir);
  });

  test('writes the fleet folder, recorded like every output folder, and check finds it current', async () => {
    const sum = files.get(`dist/${FLEET_FOLDER}/calico-stack.sum`)!;
    for (const f of [FLEET_APPLICATIONSET_FILE, FLEET_FLUX_KUSTOMIZATION_FILE, FLEET_FLUX_GATES_FILE]) expect(sum).toContain(`  ${f}\n`);
    expect((await check(dir)).code).toBe(0);
  });

  test('an Argo CD member has a parameter file instead of an Application of its own', () => {
    expect(files.has(`dist/alpha/${ARGOCD_FLEET_MEMBER_FILE}`)).toBe(true);
    expect(files.has('dist/alpha/argocd/application.yaml')).toBe(false);
    expect(files.has('dist/beta/argocd/application.yaml')).toBe(false);
    expect(files.has('dist/gamma/argocd/fleet.yaml')).toBe(false);
  });

  test('a member\'s cluster page says the fleet delivers it, in its wave, and keeps the Argo CD sync waves', () => {
    const page = files.get('dist/alpha/README.md')!;
    expect(page).toContain(`- With Argo CD: the fleet's ApplicationSet generates this cluster's Application from ${ARGOCD_FLEET_MEMBER_FILE} (wave canary)`);
    expect(page).toContain('| \\# | File | Stage | Argo CD sync wave | Flux Kustomization |');
    expect(page).not.toContain('argocd/application.yaml');
  });

  test('the generator yields one Application per cluster folder with a parameter file, filled from it', () => {
    const appSet = docs(files.get(`dist/${FLEET_FOLDER}/${FLEET_APPLICATIONSET_FILE}`)!)[0];
    const apps = generate(appSet, files);
    expect(apps.map((a) => a.metadata.name)).toEqual(['calico-stack-alpha', 'calico-stack-beta']);
    const alpha = apps[0];
    expect(alpha.metadata.labels).toEqual({ 'calico-stack/cluster': 'alpha', 'calico-stack/wave': 'canary' });
    expect(alpha.spec.destination).toEqual({ name: 'alpha' });
    expect(alpha.spec.source).toEqual({ repoURL: REPO, targetRevision: 'HEAD', path: 'dist/alpha' });
    expect(apps[1].metadata.labels['calico-stack/wave']).toBe('main');
    // RollingSync: the canary first, then the rest.
    expect(steps(appSet, apps)).toEqual([['calico-stack-alpha'], ['calico-stack-beta']]);
    for (const app of apps) expect(schemaProblems(app)).toEqual([]);
    // Ignore rules by JSON pointer into named objects: no jq expressions, no list indexes.
    for (const rule of apps.flatMap((app) => app.spec.ignoreDifferences)) {
      expect(Object.keys(rule).sort()).toEqual(['group', 'jsonPointers', 'kind', 'name']);
      for (const pointer of rule.jsonPointers) expect(pointer.split('/').filter((seg: string) => /^\d+$/.test(seg))).toEqual([]);
    }
  });

  test('each generated Application is the cluster\'s own Application but for the destination', async () => {
    const own = repo({ alpha: clusterDoc({ name: 'alpha', gitops: { argocd, flux: { enabled: true } } }) });
    expect((await synth(own)).code).toBe(0);
    const application = docs(fs.readFileSync(path.join(own, 'dist/alpha/argocd/application.yaml'), 'utf8'))[0];
    const generated = generate(docs(files.get(`dist/${FLEET_FOLDER}/${FLEET_APPLICATIONSET_FILE}`)!)[0], files)[0];
    // RollingSync turns automated off but syncs with its prune: the template keeps it.
    expect(generated.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(generated.spec).toEqual({ ...application.spec, destination: { name: 'alpha' } });
    expect(generated.spec.ignoreDifferences.length).toBeGreaterThan(0);
  });

  test('missingkey=error: a parameter file without a key fails the generation', () => {
    const appSet = docs(files.get(`dist/${FLEET_FOLDER}/${FLEET_APPLICATIONSET_FILE}`)!)[0];
    const broken = new Map(files);
    const params = parse(files.get(`dist/alpha/${ARGOCD_FLEET_MEMBER_FILE}`)!) as Record<string, unknown>;
    delete params.wave;
    broken.set(`dist/alpha/${ARGOCD_FLEET_MEMBER_FILE}`, stringify(params));
    expect(() => generate(appSet, broken)).toThrow('map has no entry for key "wave"');
  });

  test('the Flux hub: members apply through their kubeconfig Secret, the next wave waits for the gate of the one before', () => {
    const alpha = docs(files.get('dist/alpha/flux/sync.yaml')!);
    const gamma = docs(files.get('dist/gamma/flux/sync.yaml')!);
    for (const k of alpha) expect(k.spec.kubeConfig).toEqual({ secretRef: { name: 'alpha-kubeconfig' } });
    expect(alpha[0].spec.dependsOn).toBeUndefined();
    expect(gamma[0].spec.dependsOn).toEqual([{ name: fluxWaveGateName('canary') }]);
    const gates = docs(files.get(`dist/${FLEET_FOLDER}/${FLEET_FLUX_GATES_FILE}`)!);
    expect(gates.map((g) => [g.metadata.name, g.spec.dependsOn])).toEqual([
      [fluxWaveGateName('canary'), [{ name: alpha[alpha.length - 1].metadata.name }]],
      [fluxWaveGateName('main'), [{ name: gamma[gamma.length - 1].metadata.name }]],
    ]);
    // Every gate applies the empty kustomization of the fleet folder, from the members' source.
    for (const g of gates) {
      expect(files.has(`${g.spec.path.slice(2)}/kustomization.yaml`)).toBe(true);
      expect(g.spec.sourceRef).toEqual(alpha[0].spec.sourceRef);
    }
    const hub = parse(files.get(`dist/${FLEET_FOLDER}/${FLEET_FLUX_KUSTOMIZATION_FILE}`)!) as { resources: string[] };
    for (const r of hub.resources) expect(files.has(path.posix.normalize(`dist/${FLEET_FOLDER}/flux/${r}`))).toBe(true);
    expect(hub.resources).toEqual(['gates.yaml', '../../alpha/flux/sync.yaml', '../../gamma/flux/sync.yaml']);
    for (const k of [...alpha, ...gamma, ...gates]) expect(schemaProblems(k)).toEqual([]);
  });

  test('--config never writes the fleet folder; the cluster\'s folder is rendered as a member\'s', async () => {
    const before = files.get(`dist/${FLEET_FOLDER}/${FLEET_APPLICATIONSET_FILE}`);
    fs.rmSync(path.join(dir, 'dist', FLEET_FOLDER, 'flux', 'gates.yaml'));
    const out = path.join(dir, 'dist', 'alpha');
    const r = await run(['synth', '--clusters', path.join(dir, 'clusters'), '--config', path.join(dir, 'clusters/alpha.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist', FLEET_FOLDER, 'flux', 'gates.yaml'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'dist', FLEET_FOLDER, FLEET_APPLICATIONSET_FILE), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(out, ARGOCD_FLEET_MEMBER_FILE))).toBe(true);
    expect((await synth(dir)).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dist', FLEET_FOLDER, 'flux', 'gates.yaml'))).toBe(true);
  });

  test('without the fleet, the fleet folder is pruned and each cluster has its own Application again', async () => {
    const copy = fleetRepo();
    expect((await synth(copy)).code).toBe(0);
    fs.rmSync(path.join(copy, 'calico-stack.yaml'));
    const r = await synth(copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`removed \\S*dist/${FLEET_FOLDER}/ \\(no fleet in the repository settings\\)`));
    expect(fs.existsSync(path.join(copy, 'dist', FLEET_FOLDER))).toBe(false);
    expect(fs.existsSync(path.join(copy, 'dist/alpha/argocd/application.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(copy, 'dist/alpha', ARGOCD_FLEET_MEMBER_FILE))).toBe(false);
  });
});

describe('the fleet folder', () => {
  const settings = (file: string) => readRepositorySettings(file).fleet!;

  test('the ApplicationSet is one object whose bytes do not depend on the number of clusters', () => {
    const dir = tempDir({ 'calico-stack.yaml': stringify(SETTINGS) });
    const fleet = settings(path.join(dir, 'calico-stack.yaml'));
    const members = (n: number) => Array.from({ length: n }, (_, i) => ({ cluster: `c${i}`, wave: i === 0 ? 'canary' : 'main' }));
    const three = fleetFolder(fleet, members(3)).files.get(FLEET_APPLICATIONSET_FILE);
    const many = fleetFolder(fleet, members(300)).files.get(FLEET_APPLICATIONSET_FILE);
    expect(three).toBeDefined();
    expect(many).toBe(three);
    expect(docs(three as string)).toHaveLength(1);
  });

  test('the same members in another order give the same bytes', () => {
    const dir = tempDir({ 'calico-stack.yaml': stringify(SETTINGS) });
    const fleet = settings(path.join(dir, 'calico-stack.yaml'));
    const m = (c: string, wave: string) => ({ cluster: c, wave, flux: { folder: `dist/${c}`, lastKustomization: `calico-stack-${c}-monitoring` } });
    const a = fleetFolder(fleet, [m('a', 'canary'), m('b', 'main'), m('c', 'main')]).files;
    const b = fleetFolder(fleet, [m('c', 'main'), m('a', 'canary'), m('b', 'main')]).files;
    expect([...b]).toEqual([...a]);
  });

  test('fails when the ApplicationSet breaks its CRD\'s schema (the check can fail)', () => {
    const dir = tempDir({ 'calico-stack.yaml': stringify(SETTINGS) });
    const appSet = docs(fleetFolder(settings(path.join(dir, 'calico-stack.yaml')), []).files.get(FLEET_APPLICATIONSET_FILE) as string)[0];
    expect(schemaProblems(appSet)).toEqual([]);
    const broken = { ...appSet, spec: { ...appSet.spec, strategy: { type: 'RollingSync', rollingSync: { steps: [{ matchExpressions: [{ key: 1 }] }] } }, goTemplate: 'yes' } };
    expect(schemaProblems(broken as K8sObject).join('\n')).toMatch(/goTemplate|key/);
  });
});

describe('repository settings', () => {
  const read = (text: string) => {
    const dir = tempDir({ 'calico-stack.yaml': text });
    return readRepositorySettings(path.join(dir, 'calico-stack.yaml'));
  };

  test('no file: no fleet and no findings', () => {
    expect(readRepositorySettings(path.join(tempDir(), 'calico-stack.yaml'))).toEqual({ findings: [] });
  });

  test('defaults: one wave, Argo CD\'s and flux bootstrap\'s names, dist/', () => {
    const { fleet, findings } = read(stringify({ fleet: { argocd: { enabled: true, repoURL: REPO }, flux: { enabled: true } } }));
    expect(findings).toEqual([]);
    expect(fleet).toEqual({
      waves: ['all'], root: 'dist',
      argocd: { generator: 'git-files', name: 'calico-stack', namespace: 'argocd', project: 'default', repoURL: REPO, targetRevision: 'HEAD' },
      flux: { namespace: 'flux-system', sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
  });

  test('fails when a key is unknown, naming it and the allowed ones', () => {
    const { findings, fleet } = read(stringify({ fleet: { wave: ['a'] } }));
    expect(fleet).toBeUndefined();
    expect(findings.map((f) => `${f.path}: ${f.message} (allowed: ${f.allowed})`).join('\n')).toMatch(/fleet\.wave: unknown key.*waves/s);
  });

  test('fails when a wave is named twice or is no DNS label, and when Argo CD has no repository', () => {
    const { findings } = read(stringify({ fleet: { waves: ['canary', 'Main', 'canary'], argocd: { enabled: true } } }));
    const text = findings.map((f) => `${f.path}: ${f.message} (got ${JSON.stringify(f.got)}) fix: ${f.fix}`);
    expect(text.find((t) => t.startsWith('fleet.waves[1]'))).toContain('"Main"');
    expect(text.find((t) => t.startsWith('fleet.waves[2]'))).toMatch(/names a wave twice.*canary.*fix: list each wave once/);
    expect(text.find((t) => t.startsWith('fleet.argocd.repoURL'))).toMatch(/required.*fix: set fleet.argocd.repoURL/);
  });

  test('fails when a generator is not one there is', () => {
    const { findings } = read(stringify({ fleet: { argocd: { enabled: true, repoURL: REPO, generator: 'clusters' } } }));
    expect(findings.map((f) => f.path)).toEqual(['fleet.argocd.generator']);
  });

  test('a FIFO is not read: the finding names the file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'calico-stack.yaml');
    require('child_process').execFileSync('mkfifo', [file]);
    const { findings } = readRepositorySettings(file);
    expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([`${file}: is a FIFO (named pipe), not a regular file`]);
  });

  test('a link to /dev/zero, a folder or a huge file is not read either: each finding names the file', () => {
    const dir = tempDir();
    const link = path.join(dir, 'link', 'calico-stack.yaml');
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync('/dev/zero', link);
    const folder = path.join(dir, 'folder', 'calico-stack.yaml');
    fs.mkdirSync(folder, { recursive: true });
    const big = path.join(dir, 'big', 'calico-stack.yaml');
    fs.mkdirSync(path.dirname(big));
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 64 * 1024 * 1024);
    const said = (file: string) => readRepositorySettings(file).findings.map((f) => `${f.path}: ${f.message}`);
    expect(said(link)).toEqual([`${link}: is a character device, not a regular file`]);
    expect(said(folder)).toEqual([expect.stringMatching(/: is a folder, not a regular file$|: is a directory, not a regular file$/)]);
    expect(said(big)).toEqual([expect.stringMatching(/: is .* more than the .* may have$/)]);
  });

  test('a synth stops on a bad settings file and writes nothing', async () => {
    const dir = fleetRepo('fleet: { waves: [canary], argocd: { enabled: yes } }\n');
    const r = await synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('calico-stack.yaml');
    expect(r.stderr).toContain('nothing written');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('fails when a cluster names a wave the fleet does not have, with the waves there are', async () => {
    const dir = repo({ alpha: clusterDoc({ name: 'alpha', gitops: { argocd, wave: 'canry' } }) }, SETTINGS);
    const r = await synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gitops\.wave: is not a wave of the fleet.*got "canry".*canary, main/s);
  });

  test('a wave without a fleet is a warning, not ignored in silence', async () => {
    const dir = repo({ alpha: clusterDoc({ name: 'alpha', gitops: { argocd, wave: 'canary' } }) });
    const r = await synth(dir);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/gitops\.wave: has no effect: the repository has no fleet \(calico-stack\.yaml: fleet\) \(got "canary"\) — add a fleet to calico-stack\.yaml/);
  });

  test('fails when a member\'s file changes what the fleet decides for every cluster, naming both values', async () => {
    const dir = repo({
      alpha: clusterDoc({ name: 'alpha', gitops: { argocd: { ...argocd, project: 'other', server: 'https://10.0.0.1:6443', path: 'out/alpha' }, flux: { enabled: true, namespace: 'hub' } } }),
    }, SETTINGS);
    const r = await synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gitops\.argocd\.project: differs from the Argo CD fleet's.*got "other".*default/s);
    expect(r.stderr).toMatch(/gitops\.argocd\.server: is not used by the Argo CD fleet/);
    expect(r.stderr).toMatch(/gitops\.argocd\.path: is not where the fleet's generator looks.*got "out\/alpha"/s);
    expect(r.stderr).toMatch(/gitops\.flux\.namespace: differs from the Flux fleet's namespace.*got "hub".*flux-system/s);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });

  test('a file of the user\'s in the fleet folder blocks its write', async () => {
    const dir = fleetRepo();
    fs.mkdirSync(path.join(dir, 'dist', FLEET_FOLDER), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', FLEET_FOLDER, 'NOTES.md'), 'mine');
    const r = await synth(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(FLEET_FOLDER);
    expect(fs.readFileSync(path.join(dir, 'dist', FLEET_FOLDER, 'NOTES.md'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(dir, 'dist', 'alpha'))).toBe(false);
  });
});
