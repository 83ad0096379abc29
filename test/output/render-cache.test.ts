import * as fs from 'fs';
import * as path from 'path';
import { RenderCache, specKey } from '../../src/output/render-cache';
import { renderClusterFiles } from '../../src/output/render';
import { clusterDoc, config, tempDir } from '../util';

/** The spec of a cluster description, as loaded. */
const spec = (doc: Record<string, any>) => config(doc).spec;

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

  test('fails when the config holds a value JSON would drop (the key must see every input)', () => {
    const c = { ...spec(clusterDoc()), extra: new Map([['a', 1]]) };
    expect(() => specKey(c)).toThrow('render cache: spec key "extra" holds a value JSON cannot represent; extend specKey()');
  });
});
