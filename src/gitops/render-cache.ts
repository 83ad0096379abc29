/**
 * A cache of rendered output folders, so a synth re-renders only the clusters whose inputs changed.
 *
 * The key is the SHA-256 of the code that renders (an id of the precompiled bundle, set by
 * scripts/run.js) and of the cluster's complete resolved config (every value read from the cluster
 * file, its kubeadm-config and its CRD file). Rendering is a pure function of those two, so a hit
 * gives exactly the files a render would write. `npm run check` never uses the cache: CI always
 * compares dist/ with a fresh render.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ClusterConfig } from '../config/cluster-config';

/** Entries kept; older ones (by last use) are removed. */
const MAX_ENTRIES = 200;

export class RenderCache {
  constructor(private readonly dir: string, private readonly codeId: string) {}

  /** Copies the cached render of `config` into the empty folder `outdir`; false when there is none. */
  public restore(config: ClusterConfig, outdir: string): boolean {
    const entry = this.entry(config);
    if (!fs.existsSync(entry)) return false;
    fs.cpSync(entry, outdir, { recursive: true });
    const now = new Date();
    fs.utimesSync(entry, now, now);
    return true;
  }

  /** Stores the rendered folder `outdir` as the render of `config`. */
  public store(config: ClusterConfig, outdir: string): void {
    const entry = this.entry(config);
    const tmp = `${entry}.${process.pid}.tmp`;
    fs.mkdirSync(this.dir, { recursive: true });
    fs.cpSync(outdir, tmp, { recursive: true });
    try {
      fs.renameSync(tmp, entry);
    } catch {
      // Another synth stored the same render first.
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  /** Removes the least recently used entries beyond MAX_ENTRIES. */
  public prune(): void {
    if (!fs.existsSync(this.dir)) return;
    const entries = fs.readdirSync(this.dir)
      .map((name) => ({ name, used: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const { name } of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
  }

  private entry(config: ClusterConfig): string {
    const key = crypto.createHash('sha256').update(this.codeId).update('\0').update(configKey(config)).digest('hex');
    return path.join(this.dir, key);
  }
}

/**
 * The config as JSON, refusing values JSON would drop or flatten (functions, Maps, Sets, symbols):
 * a key that silently lost an input would hand out a stale render.
 */
export function configKey(config: ClusterConfig): string {
  return JSON.stringify(config, (k, v: unknown) => {
    if (typeof v === 'function' || typeof v === 'symbol' || v instanceof Map || v instanceof Set) {
      throw new Error(`render cache: config key "${k}" holds a value JSON cannot represent; extend configKey()`);
    }
    return v;
  });
}
