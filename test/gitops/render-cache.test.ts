import * as fs from 'fs';
import * as path from 'path';
import { RenderCache, configKey } from '../../src/gitops/render-cache';
import { renderCluster } from '../../src/gitops/render';
import { clusterDoc, config, tempDir } from '../util';

const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('RenderCache', () => {
  test('a hit gives exactly the files a render writes', () => {
    const cache = new RenderCache(tempDir(), 'code-1');
    const c = config(clusterDoc({ calico: { wireguard: true } }));
    const fresh = tempDir();
    renderCluster(c, fresh);
    expect(cache.restore(c, tempDir())).toBe(false);
    cache.store(c, fresh);
    const restored = path.join(tempDir(), 'out');
    expect(cache.restore(c, restored)).toBe(true);
    expect(read(restored)).toEqual(read(fresh));
  });

  test('misses when any config value or the code changes', () => {
    const dir = tempDir();
    const c = config(clusterDoc());
    const out = tempDir();
    renderCluster(c, out);
    new RenderCache(dir, 'code-1').store(c, out);
    expect(new RenderCache(dir, 'code-1').restore(config(clusterDoc({ calico: { mtu: 1400 } })), tempDir())).toBe(false);
    expect(new RenderCache(dir, 'code-1').restore(config(clusterDoc({ retina: { metricsInterval: '20s' } })), tempDir())).toBe(false);
    expect(new RenderCache(dir, 'code-2').restore(c, tempDir())).toBe(false);
    expect(new RenderCache(dir, 'code-1').restore(c, path.join(tempDir(), 'x'))).toBe(true);
  });

  test('fails when the config holds a value JSON would drop (the key must see every input)', () => {
    const c = { ...config(clusterDoc()), extra: new Map([['a', 1]]) };
    expect(() => configKey(c)).toThrow('render cache: config key "extra" holds a value JSON cannot represent; extend configKey()');
  });
});
