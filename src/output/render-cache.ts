/**
 * A cache of rendered output folders, so a synth re-renders only the clusters whose inputs changed.
 *
 * The key is the SHA-256 of the code that renders (an id of the precompiled bundle, set by
 * scripts/run.js from the bundle's content) and of the cluster's complete spec (every value read
 * from the cluster file, and the content of its kubeadm-config and CRD file). Rendering is a pure
 * function of those two, so a hit gives exactly the files a render would give. An entry is one
 * JSON file (`<key>.json`: `[[path, text], ...]`), written through a temporary file and a rename.
 * `npm run check` never uses the cache: CI always compares dist/ with a fresh render.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ClusterSpec } from '../stack/cluster-spec';

/** Entries kept beyond those used by the current run; older ones (by last use) are removed. */
const SPARE_ENTRIES = 200;

export class RenderCache {
  /** Keys used (read or written) by this process: never evicted by its prune(). */
  private readonly used = new Set<string>();

  constructor(private readonly dir: string, private readonly codeId: string) {}

  /** The cached files of `spec`, or undefined when there are none (or the entry is unreadable). */
  public get(spec: ClusterSpec): Map<string, string> | undefined {
    const key = this.key(spec);
    const file = path.join(this.dir, `${key}.json`);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const files = new Map(JSON.parse(text) as Array<[string, string]>);
      this.used.add(key);
      const now = new Date();
      fs.utimesSync(file, now, now);
      return files;
    } catch {
      return undefined;
    }
  }

  /** Stores `files` as the render of `spec`. A failure only costs the speed-up. */
  public set(spec: ClusterSpec, files: ReadonlyMap<string, string>): void {
    const key = this.key(spec);
    this.used.add(key);
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify([...files]));
      fs.renameSync(tmp, file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }

  /** Removes the least recently used entries beyond the ones this run used plus SPARE_ENTRIES. */
  public prune(): void {
    if (!fs.existsSync(this.dir)) return;
    const entries = fs.readdirSync(this.dir)
      .filter((name) => !this.used.has(name.replace(/\.json$/, '')))
      .map((name) => ({ name, used: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const { name } of entries.slice(SPARE_ENTRIES)) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
  }

  private key(spec: ClusterSpec): string {
    return crypto.createHash('sha256').update(this.codeId).update('\0').update(specKey(spec)).digest('hex');
  }
}

/**
 * The spec as JSON, refusing values JSON would drop or flatten (functions, Maps, Sets, symbols):
 * a key that silently lost an input would hand out a stale render.
 */
export function specKey(spec: ClusterSpec): string {
  return JSON.stringify(spec, (k, v: unknown) => {
    if (typeof v === 'function' || typeof v === 'symbol' || v instanceof Map || v instanceof Set) {
      throw new Error(`render cache: spec key "${k}" holds a value JSON cannot represent; extend specKey()`);
    }
    return v;
  });
}
