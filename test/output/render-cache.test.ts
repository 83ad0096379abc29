import * as fs from 'fs';
import * as path from 'path';
import { warning } from '../../src/lib/common/findings';
import { inputDigest } from '../../src/app/config/inputs';
import { FleetSettings, parseRepositorySettings, readRepositorySettings } from '../../src/app/config/repository-settings';
import { FluxSourceKind } from '../../src/lib/gitops/flux';
import { RenderCache, restoreFinding, specKey } from '../../src/app/output/render-cache';
import { renderClusterFiles } from '../../src/lib/render/render';
import { clusterDoc, config, tempDir } from '../util';

/** The spec of a cluster description, as loaded. */
const spec = (doc: Record<string, any>) => config(doc).spec;
/** The default cluster's spec, parsed once (the fleets below differ only by name). */
const BASE = spec(clusterDoc());

describe('RenderCache', () => {
  test('a hit gives exactly the files a render gives', () => {
    const cache = new RenderCache(tempDir(), 'code-1');
    const c = spec(clusterDoc({ calico: { wireguard: true } }));
    const fresh = renderClusterFiles(c);
    expect(cache.get(c)).toBeUndefined();
    cache.set(c, fresh);
    expect(cache.get(c)).toEqual(fresh);
  });

  test('misses when any config value or the code changes', () => {
    const dir = tempDir();
    const c = spec(clusterDoc());
    new RenderCache(dir, 'code-1').set(c, renderClusterFiles(c));
    expect(new RenderCache(dir, 'code-1').get(spec(clusterDoc({ calico: { mtu: 1400 } })))).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').get(spec(clusterDoc({ retina: { metricsInterval: '20s' } })))).toBeUndefined();
    expect(new RenderCache(dir, 'code-2').get(c)).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').get(c)).toBeDefined();
  });

  test('prune never evicts entries the current run used, however many there are', () => {
    const dir = tempDir();
    const c = spec(clusterDoc());
    const files = new Map([['a.yaml', 'x']]);
    const run = new RenderCache(dir, 'code-1');
    const configs = Array.from({ length: 230 }, (_, i) => ({ ...c, name: `c${i}` }));
    for (const each of configs) run.set(each, files);
    // Entries of an older run, used longer ago than every entry of this run.
    const old = new RenderCache(dir, 'code-0');
    for (const each of configs.slice(0, 5)) old.set(each, files);
    const past = new Date(Date.now() - 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    run.prune();
    expect(configs.every((each) => new RenderCache(dir, 'code-1').get(each) !== undefined)).toBe(true);
    expect(fs.readdirSync(dir)).toHaveLength(230 + 5);
  });

  test('prune keeps as many spare entries as the run used, so a fleet larger than the default spare count keeps last run\'s entries too', () => {
    const dir = tempDir();
    const files = new Map([['a.yaml', 'x']]);
    const configs = Array.from({ length: 260 }, (_, i) => ({ ...BASE, name: `c${i}` }));
    const previous = new RenderCache(dir, 'code-1');
    for (const each of configs) previous.set(each, files);
    const past = new Date(Date.now() - 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    // This run renders the same fleet with a new code id: 260 new entries, the 260 old ones are spare.
    const run = new RenderCache(dir, 'code-2');
    for (const each of configs) run.set(each, files);
    run.prune();
    expect(fs.readdirSync(dir)).toHaveLength(520);
  });

  test('a small run after a fleet\'s synth keeps the fleet\'s entries: every entry used in the last day stays', () => {
    const dir = tempDir();
    const files = new Map([['a.yaml', 'x']]);
    const configs = Array.from({ length: 300 }, (_, i) => ({ ...BASE, name: `c${i}` }));
    const fleet = new RenderCache(dir, 'code-1');
    for (const each of configs) fleet.set(each, files);
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), hoursAgo, hoursAgo);
    // One cluster, as `--config <file> --out <dir>` renders it.
    const one = new RenderCache(dir, 'code-1');
    one.set({ ...BASE, name: 'single' }, files);
    one.prune();
    expect(fs.readdirSync(dir)).toHaveLength(301);
    expect(configs.every((each) => new RenderCache(dir, 'code-1').get(each) !== undefined)).toBe(true);
  });

  test('entries unused for a day are removed beyond the spare count, least recently used first', () => {
    const dir = tempDir();
    const files = new Map([['a.yaml', 'x']]);
    const configs = Array.from({ length: 250 }, (_, i) => ({ ...BASE, name: `c${i}` }));
    const old = new RenderCache(dir, 'code-1');
    // c0 was last used two days ago, c1 a minute before that, and so on.
    configs.forEach((each, i) => {
      const before = new Set(fs.readdirSync(dir));
      old.set(each, files);
      const [entry] = fs.readdirSync(dir).filter((name) => !before.has(name));
      const t = new Date(Date.now() - 2 * 24 * 3600_000 - i * 60_000);
      fs.utimesSync(path.join(dir, entry), t, t);
    });
    const run = new RenderCache(dir, 'code-2');
    run.set(configs[0], files);
    run.prune();
    // The run's own entry and the 200 most recently used others.
    expect(fs.readdirSync(dir)).toHaveLength(201);
    const reader = new RenderCache(dir, 'code-1');
    expect(configs.slice(0, 200).every((each) => reader.get(each) !== undefined)).toBe(true);
    expect(configs.slice(200).some((each) => reader.get(each) !== undefined)).toBe(false);
  });

  test('prune removes only its own entries: other files in its folder stay, however old', () => {
    const dir = tempDir({ 'notes.txt': 'mine\n', 'sub/keep.json': '{}\n', [`${'a'.repeat(64)}.json.bak`]: 'x' });
    const old = new RenderCache(dir, 'code-1');
    for (let i = 0; i < 205; i++) old.set({ ...BASE, name: `f${i}` }, new Map());
    const past = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    // The other files are older still: first in line, were they entries.
    const older = new Date(Date.now() - 3 * 24 * 3600_000);
    for (const name of ['notes.txt', 'sub', `${'a'.repeat(64)}.json.bak`]) fs.utimesSync(path.join(dir, name), older, older);
    const run = new RenderCache(dir, 'code-2');
    run.set(BASE, new Map());
    run.prune();
    // The run's entry and 200 spare ones of the 205 old entries; the 5 least recently used went.
    expect(fs.readdirSync(dir).filter((name) => /^[0-9a-f]{64}\.json$/.test(name))).toHaveLength(201);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(dir, 'sub', 'keep.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, `${'a'.repeat(64)}.json.bak`))).toBe(true);
  });

  test('a cluster entry gives its findings, "got nothing" included, and keeps its render from prune', () => {
    const dir = tempDir();
    const file = inputDigest(path.join(dir, 'c.yaml'), 'clusterFile', 'name: c\n');
    const cache = new RenderCache(dir, 'code-1');
    const renderKey = cache.set(spec(clusterDoc()), new Map([['a.yaml', 'x']]));
    const nothing = warning('calico.crds', 'is not set', { got: undefined });
    cache.setCluster(file, { name: 'c', inputs: [], record: 'record', installation: 'null', renderKey, findings: [nothing, warning('x', 'y', { got: 1 })] });
    const read = new RenderCache(dir, 'code-1').cluster(file)!;
    expect(read.findings.map(restoreFinding)).toEqual([nothing, warning('x', 'y', { got: 1 })]);
    expect('got' in restoreFinding(read.findings[0])).toBe(true);
    // Another text of the same cluster file is another entry; another code id too.
    expect(new RenderCache(dir, 'code-1').cluster(inputDigest(path.join(dir, 'c.yaml'), 'clusterFile', 'name: d\n'))).toBeUndefined();
    expect(new RenderCache(dir, 'code-2').cluster(file)).toBeUndefined();
    // A fleet entry of another shape makes the cluster entry a miss (the cluster is loaded again).
    const other = inputDigest(path.join(dir, 'f.yaml'), 'clusterFile', 'name: f\n');
    cache.setCluster(other, { name: 'f', inputs: [], record: 'r', installation: 'null', renderKey, findings: [], fleet: { cluster: 'f', wave: 'main', flux: { folder: 'dist/f', lastKustomization: 'k' } } });
    expect(new RenderCache(dir, 'code-1').cluster(other)?.fleet).toEqual({ cluster: 'f', wave: 'main', flux: { folder: 'dist/f', lastKustomization: 'k' } });
    cache.setCluster(other, { name: 'f', inputs: [], record: 'r', installation: 'null', renderKey, findings: [], fleet: { cluster: 'f', wave: 1 } as never });
    expect(new RenderCache(dir, 'code-1').cluster(other)).toBeUndefined();
    // A run that only looked the cluster up keeps its render through prune, however many newer entries there are.
    const past = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    const later = new RenderCache(dir, 'code-1');
    later.cluster(file);
    const filler = new RenderCache(dir, 'code-0');
    for (let i = 0; i < 210; i++) filler.set({ ...BASE, name: `f${i}` }, new Map());
    for (const name of fs.readdirSync(dir)) if (name !== `${renderKey}.json` && !name.endsWith('.cluster.json')) fs.utimesSync(path.join(dir, name), past, past);
    later.set({ ...BASE, name: 'other' }, new Map());
    later.prune();
    expect(later.render(renderKey)).toEqual(new Map([['a.yaml', 'x']]));
  });

  test('a run that wrote no entry leaves the cache as it is: it cannot have grown', () => {
    const dir = tempDir();
    const old = new RenderCache(dir, 'code-1');
    for (let i = 0; i < 210; i++) old.set({ ...BASE, name: `f${i}` }, new Map());
    const past = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    const reader = new RenderCache(dir, 'code-1');
    expect(reader.get({ ...BASE, name: 'f0' })).toBeDefined();
    reader.prune();
    expect(fs.readdirSync(dir)).toHaveLength(210);
    // The same run with one new entry removes the 9 least recently used beyond the 200 spare ones.
    reader.set({ ...BASE, name: 'new' }, new Map());
    reader.prune();
    expect(fs.readdirSync(dir)).toHaveLength(1 + 200 + 1);
  });

  test('fails when the config holds a value JSON would drop (the key must see every input)', () => {
    const c = { ...spec(clusterDoc()), extra: new Map([['a', 1]]) };
    expect(() => specKey(c)).toThrow('render cache: spec key "extra" holds a value JSON cannot represent; extend specKey()');
  });

  test('a settings entry gives what parsing the file gave, findings included, by the file\'s path and text', () => {
    const dir = tempDir({ 'calico-stack.yaml': 'fleet:\n  waves: [canary, main]\n  flux: { enabled: true }\n', 'bad/calico-stack.yaml': 'fleet: { wavez: [a] }\n' });
    const cache = new RenderCache(dir, 'code-1');
    for (const file of [path.join(dir, 'calico-stack.yaml'), path.join(dir, 'bad', 'calico-stack.yaml')]) {
      const settings = readRepositorySettings(file);
      cache.setSettings(file, settings.digest!, settings);
      expect(new RenderCache(dir, 'code-1').settings(file, settings.digest!)).toEqual(settings);
    }
    const good = readRepositorySettings(path.join(dir, 'calico-stack.yaml'));
    expect(good.fleet?.waves).toEqual(['canary', 'main']);
    expect(readRepositorySettings(path.join(dir, 'bad', 'calico-stack.yaml')).findings).not.toEqual([]);
    // Another text, another path (real or as given: the findings name it) or another code: a miss.
    const digest = good.digest!;
    const file = path.join(dir, 'calico-stack.yaml');
    expect(new RenderCache(dir, 'code-1').settings(file, digest)).toEqual(good);
    expect(new RenderCache(dir, 'code-1').settings(file, { ...digest, sha256: '0'.repeat(64) })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').settings(file, { ...digest, path: path.join(dir, 'other.yaml') })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').settings('calico-stack.yaml', digest)).toBeUndefined();
    expect(new RenderCache(dir, 'code-2').settings(file, digest)).toBeUndefined();
    // An entry of another shape is a miss (the settings are parsed again), not settings.
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.settings.json'))) {
      const entry = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      if (entry.fleet) fs.writeFileSync(path.join(dir, name), JSON.stringify({ ...entry, fleet: { ...entry.fleet, waves: 'canary' } }));
    }
    expect(new RenderCache(dir, 'code-1').settings(file, digest)).toBeUndefined();
    // parseRepositorySettings is what reading does once the text is read.
    expect(parseRepositorySettings({ file: path.join(dir, 'calico-stack.yaml'), text: fs.readFileSync(path.join(dir, 'calico-stack.yaml'), 'utf8'), digest })).toEqual(good);
  });

  test('a fleet entry misses when the settings, any member or the code changes', () => {
    const dir = tempDir();
    const fleet: FleetSettings = { waves: ['canary', 'main'], root: 'dist', flux: { namespace: 'flux-system', sourceRef: { kind: FluxSourceKind.GIT_REPOSITORY, name: 'flux-system' } } };
    const entries = [{ cluster: 'a', wave: 'canary', flux: { folder: 'dist/a', lastKustomization: 'calico-stack-a-monitoring' } }, { cluster: 'b', wave: 'main' }];
    const files = new Map([['flux/gates.yaml', 'x']]);
    new RenderCache(dir, 'code-1').setFleet({ fleet, entries }, files);
    expect(new RenderCache(dir, 'code-1').fleet({ fleet, entries })).toEqual(files);
    expect(new RenderCache(dir, 'code-1').fleet({ fleet: { ...fleet, waves: ['main'] }, entries })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').fleet({ fleet: { ...fleet, root: 'out' }, entries })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').fleet({ fleet, entries: [entries[0], { ...entries[1], wave: 'canary' }] })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').fleet({ fleet, entries: entries.slice(1) })).toBeUndefined();
    expect(new RenderCache(dir, 'code-2').fleet({ fleet, entries })).toBeUndefined();
    expect(new RenderCache(dir, 'code-1').withContext('settings-2').fleet({ fleet, entries })).toBeUndefined();
  });

  test('a view with a context shares the run: prune keeps what either used', () => {
    const dir = tempDir();
    const files = new Map([['a.yaml', 'x']]);
    const old = new RenderCache(dir, 'code-1');
    const digest = inputDigest(path.join(dir, 'calico-stack.yaml'), 'settings', 'fleet: {}\n');
    old.setSettings('calico-stack.yaml', digest, { findings: [] });
    for (let i = 0; i < 210; i++) old.set({ ...BASE, name: `f${i}` }, files);
    const past = new Date(Date.now() - 2 * 24 * 3600_000);
    for (const name of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, name), past, past);
    const run = new RenderCache(dir, 'code-1');
    expect(run.settings('calico-stack.yaml', digest)).toEqual({ findings: [] });
    // The settings entry is the oldest again: only this run's use of it can keep it.
    const older = new Date(Date.now() - 3 * 24 * 3600_000);
    for (const name of fs.readdirSync(dir)) if (name.endsWith('.settings.json')) fs.utimesSync(path.join(dir, name), older, older);
    // Only the view with the settings' context writes and prunes; the entry the base view read stays.
    const view = run.withContext(digest.sha256);
    view.set({ ...BASE, name: 'new' }, files);
    view.prune();
    expect(new RenderCache(dir, 'code-1').settings('calico-stack.yaml', digest)).toEqual({ findings: [] });
    expect(fs.readdirSync(dir)).toHaveLength(1 + 1 + 200);
  });
});
