/**
 * Proof that a write is all or nothing: a 4-cluster write (one folder changed, including GitOps
 * sub-folders that appear and disappear, one unchanged and one with a file deleted by hand, both
 * given by their record as the CLI gives unchanged clusters, one removed, one new, a user's files
 * next to them) is run once recording every file-system step; then, for every step N, the run is
 * repeated with step N failing (EPERM, ENOSPC, EIO in turn) and with the process "killed" at step
 * N (nothing after it reaches the disk). After each: every output folder is wholly old or wholly
 * new, the message of a failure names the failing path, and the next run ends in the right state.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderStack } from '../../src/lib/render/render';
import { OutputDirectory, OutputFolder, RecordedOutputFolder, writeOutputFolders } from '../../src/app/output/output-directory';
import { formatRecord } from '../../src/app/output/record';
import { LOCK_FILE } from '../../src/app/output/lock';
import { TXN_DIR } from '../../src/app/output/transaction';
import { FsFaults } from './fs-faults';
import { clusterDoc, config, tempDir } from '../util';

const GITOPS = { argocd: { enabled: true, repoURL: 'https://example.com/g.git' } };
const render = (doc: Record<string, any>): OutputFolder => ({ name: doc.name, files: renderStack(config(clusterDoc(doc))) });
/** A folder given by its record (files read only when the folder does not hold them), as the CLI gives an unchanged cluster. */
const recorded = (f: OutputFolder): RecordedOutputFolder => ({ name: f.name, record: formatRecord(f.files), files: () => f.files });
const epsilon = render({ name: 'epsilon', retina: { metricsInterval: '20s' } });
const V1 = [render({ name: 'alpha', gitops: { flux: { enabled: true } } }), render({ name: 'beta' }), render({ name: 'gamma' }), epsilon];
const V2 = [render({ name: 'alpha', calico: { mtu: 1400 }, gitops: GITOPS }), recorded(render({ name: 'beta' })), render({ name: 'delta' }), recorded(epsilon)];

/**
 * Every file below `dir` with its content, by relative path, as Git sees a folder (files only);
 * calico-stack's own lock and transaction folder left out.
 */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (f.startsWith(TXN_DIR) || f === LOCK_FILE) continue;
    const p = path.join(dir, f);
    if (fs.lstatSync(p).isFile()) out.set(f.split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
  }
  return out;
}

/** Empty folders below `dir` (outside calico-stack's transaction folder). */
function emptyFolders(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.startsWith(TXN_DIR) && fs.lstatSync(path.join(dir, f)).isDirectory() && fs.readdirSync(path.join(dir, f)).length === 0);
}

/** Paths whose content differs between two trees (compact, so a failure names the step). */
function differing(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();
}

/** The part of a tree below one top-level folder. */
const folderOf = (t: Map<string, string>, name: string) => [...t].filter(([f]) => f === name || f.startsWith(`${name}/`));

describe('fault injection at every step of a write', () => {
  const base = tempDir();
  const snapshot = path.join(base, 'snapshot');
  const root = path.join(base, 'dist');
  // The markers of the runs (provenance.ts) live here, so their writes and removals are steps too.
  const stateDir = path.join(base, 'state');
  const stateBefore = process.env.CALICO_STACK_STATE_DIR;
  process.env.CALICO_STACK_STATE_DIR = stateDir;
  let faults: FsFaults;
  let before: Map<string, string>;
  let after: Map<string, string>;
  let steps: number;

  const reset = () => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.cpSync(snapshot, root, { recursive: true });
  };
  const warnings: string[] = [];
  const write = () => writeOutputFolders(root, V2, { prune: true, lockTimeoutMs: 0, onWarning: (w) => warnings.push(w) });

  beforeAll(async () => {
    await writeOutputFolders(snapshot, V1);
    fs.writeFileSync(path.join(snapshot, 'alpha', 'NOTES.md'), 'the user\'s notes');
    // Deleted by hand: the write restores it.
    fs.rmSync(path.join(snapshot, 'epsilon', 'kustomization.yaml'));
    fs.mkdirSync(path.join(snapshot, 'overlays', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(snapshot, 'overlays', 'prod', 'kustomization.yaml'), 'resources: [../../alpha]\n');
    reset();
    before = tree(root);
    await write();
    after = tree(root);
    faults = new FsFaults(base);
    reset();
    await faults.run({ kind: 'record' }, write);
    steps = faults.steps.length;
  });
  afterAll(() => {
    faults?.restore();
    process.env.CALICO_STACK_STATE_DIR = stateBefore;
  });

  test('the write changes alpha, adds delta, removes gamma, restores epsilon\'s file, and leaves beta and the user\'s files alone', () => {
    expect(steps).toBeGreaterThan(100);
    // The run's marker is written before anything is staged, and again before the journal takes effect.
    expect(faults.steps.filter((s) => s.path.startsWith(stateDir) && s.call === 'renameSync')).toHaveLength(2);
    expect(folderOf(after, 'beta')).toEqual(folderOf(before, 'beta'));
    expect(before.has('epsilon/kustomization.yaml')).toBe(false);
    expect(after.get('epsilon/kustomization.yaml')).toBe(epsilon.files.get('kustomization.yaml'));
    expect(folderOf(after, 'epsilon').filter(([f]) => f !== 'epsilon/kustomization.yaml')).toEqual(folderOf(before, 'epsilon'));
    // beta is planned from its record: its files are read (opened and hashed), never written.
    expect(faults.steps.filter((s) => s.path.includes(`${path.sep}beta${path.sep}`)).map((s) => s.call)).toEqual(expect.arrayContaining(['openSync']));
    const writes = ['mkdirSync', 'writeFileSync', 'appendFileSync', 'renameSync', 'unlinkSync', 'rmdirSync', 'rmSync', 'utimesSync', 'copyFileSync', 'linkSync', 'cpSync'];
    expect(faults.steps.filter((s) => s.path.includes(`${path.sep}beta`) && writes.includes(s.call))).toEqual([]);
    expect(folderOf(after, 'gamma')).toEqual([]);
    expect(after.get('alpha/NOTES.md')).toBe('the user\'s notes');
    expect(after.get('overlays/prod/kustomization.yaml')).toBe('resources: [../../alpha]\n');
    expect(after.has('alpha/argocd/application.yaml') && !after.has('alpha/flux/sync.yaml') && !before.has('alpha/argocd/application.yaml')).toBe(true);
    expect(after.get('alpha/0001-calico.k8s.yaml')).not.toEqual(before.get('alpha/0001-calico.k8s.yaml'));
    expect(after.has('delta/kustomization.yaml')).toBe(true);
  });

  test('a failure at any step leaves every folder as it was (or, after the commit, as it will be), says which path failed, and the next run finishes the job (slow: two writes for each of the ~170 steps)', async () => {
    const codes = ['EPERM', 'ENOSPC', 'EIO'];
    const outcomes = { unchanged: 0, written: 0, retried: 0 };
    for (let n = 1; n <= steps; n++) {
      reset();
      const code = codes[n % codes.length];
      warnings.length = 0;
      let error: Error | undefined;
      await faults.run({ kind: 'fail', at: n, code }, write).catch((e: Error) => {
        error = e;
      });
      const failed = faults.steps[n - 1];
      const state = tree(root);
      if (error) {
        expect({ n, step: failed, differing: differing(state, before) }).toEqual({ n, step: failed, differing: [] });
        expect({ n, message: error.message }).toEqual({ n, message: expect.stringContaining(failed.path) });
        expect(error.message).toContain(code);
        outcomes.unchanged++;
      } else {
        // Only steps after the commit (tidying up: a warning that names the path) and removing the
        // lock file (harmless when left: the next run takes and removes it) fail without failing the write.
        expect({ n, step: failed, differing: differing(state, after) }).toEqual({ n, step: failed, differing: [] });
        // Such a failure is either reported by a warning that names the path, or had no effect at all:
        // fs.rmSync() answers an EPERM of rmdir inside the transaction folder by emptying that folder and
        // trying again, and then nothing of the transaction is left.
        const leftover = fs.readdirSync(root).filter((f) => f.startsWith('.calico-stack'));
        // A marker left in the state folder is harmless too: it vouches for no journal.
        if (warnings.length === 0 && leftover.length === 0 && failed.call === 'rmdirSync' && code === 'EPERM') outcomes.retried++;
        else if (!failed.path.endsWith(LOCK_FILE) && !failed.path.startsWith(stateDir)) expect({ n, warnings }).toEqual({ n, warnings: [expect.stringContaining(failed.path)] });
        outcomes.written++;
      }
      await write();
      expect({ n, empty: emptyFolders(root) }).toEqual({ n, empty: [] });
      expect({ n, differing: differing(tree(root), after) }).toEqual({ n, differing: [] });
      expect(fs.readdirSync(root).filter((f) => f.startsWith('.calico-stack'))).toEqual([]);
    }
    expect(outcomes.unchanged).toBeGreaterThan(outcomes.written);
    // eslint-disable-next-line no-console
    console.log(`fault injection: ${steps} steps failed; ${outcomes.unchanged} left every folder as it was, ${outcomes.written} (after the commit) left it written, with a warning (or, ${outcomes.retried} of them, retried by fs.rmSync to no effect)`);
  });

  test('a kill at any step leaves every folder wholly old or wholly new once the next run has recovered, which it reports (slow: two writes for each of the ~170 steps)', async () => {
    const outcomes = { old: 0, new: 0 };
    for (let n = 1; n <= steps; n++) {
      reset();
      // What the "dead" process still reports does not matter (a killed process reports nothing); the disk does.
      await faults.run({ kind: 'kill', at: n }, write).catch(() => undefined);
      const interrupted = fs.existsSync(path.join(root, TXN_DIR, 'journal.json'));
      const out = await OutputDirectory.open(root, { lockTimeoutMs: 0 });
      out.close();
      if (interrupted) expect({ n, recovered: out.recovered?.outcome }).toEqual({ n, recovered: expect.stringMatching(/^(rolled back|completed)$/) });
      const state = tree(root);
      const old = differing(state, before).length === 0;
      const done = differing(state, after).length === 0;
      expect({ n, step: faults.steps[n - 1], consistent: old || done }).toEqual({ n, step: faults.steps[n - 1], consistent: true });
      if (old) outcomes.old++;
      else outcomes.new++;
      expect(fs.readdirSync(root).filter((f) => f === TXN_DIR)).toEqual([]);
      await write();
      expect({ n, empty: emptyFolders(root) }).toEqual({ n, empty: [] });
      expect({ n, differing: differing(tree(root), after) }).toEqual({ n, differing: [] });
    }
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
    // eslint-disable-next-line no-console
    console.log(`fault injection: ${steps} steps, each failed (EPERM/ENOSPC/EIO) and killed; kills recovered to old ${outcomes.old}, new ${outcomes.new}`);
  });
});
