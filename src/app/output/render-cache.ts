/**
 * A cache of rendered output folders, so a synth re-renders only the clusters whose inputs changed.
 *
 * Two kinds of entry, each one JSON file written through a temporary file and a rename:
 *
 * - a render (`<key>.json`: `[[path, text], ...]`): the key is the SHA-256 of the code that renders
 *   (codeId(): calico-stack's build and the installed packages) and of the
 *   cluster's complete spec (every value read from the cluster file, and the content of its
 *   kubeadm-config and CRD file). Rendering is a pure function of those two, so a hit gives exactly
 *   the files a render would give.
 * - a cluster (`<key>.cluster.json`, see CachedCluster): the key is the SHA-256 of the code and of
 *   the cluster file's path and text. It says which other files the cluster was loaded from (by
 *   content), the findings its stack had, the ownership record of its render and the render's key.
 *   Loading, checking and rendering are functions of the files' contents (and of the pools of the
 *   previous render, which the findings are kept by), so while those are the same, the synth needs
 *   neither to load the cluster file nor to build its stack: see src/main.ts.
 * - the repository settings (`<key>.settings.json`, see StoredSettings): the key is the SHA-256 of
 *   the code and of the settings file's path (as given and resolved) and text; what parsing and
 *   checking it gave.
 * - the fleet folder's files: a render entry whose key is the SHA-256 of the code, the settings'
 *   digest and of everything the folder is built from (the resolved fleet and its members' entries).
 *
 * A synth whose settings, cluster files and fleet did not change thus loads neither the YAML and
 * schema libraries nor cdk8s.
 *
 * `npm run check` never uses the cache: CI always compares dist/ with a fresh render.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../../lib/common/findings';
import { MIB, readBounded } from '../common/bounded-read';
import type { InputDigest } from '../config/inputs';
import type { ClusterSpec } from '../../lib/stack/cluster-spec';
import type { FleetEntry } from '../../lib/render/fleet';
import type { FleetSettings, RepositorySettings } from '../config/repository-settings';

/** Entries kept beyond those used by the current run (at least as many as it used); older ones (by last use) are removed. */
const SPARE_ENTRIES = 200;
/**
 * Entries another run used this recently are kept too (up to RECENT_LIMIT of them), so a small run
 * (`--config <file> --out <dir>`, one cluster) does not evict the entries of the fleet synth before it.
 */
const RECENT_MS = 24 * 3600_000;
const RECENT_LIMIT = 4000;
const CLUSTER_SUFFIX = '.cluster.json';
const SETTINGS_SUFFIX = '.settings.json';
/** An entry holds one output folder's files: far below this. */
const ENTRY_LIMIT = 64 * MIB;
/** The names of the cache's own entries; prune() never touches anything else in its folder (CALICO_STACK_CACHE_DIR may name a shared one). */
const ENTRY_NAME = /^[0-9a-f]{64}(\.cluster|\.settings)?\.json$/;

/** What the cache knows of one cluster file (its path and text, with the code). */
export interface CachedCluster {
  /** The cluster's name (its output folder, unless --out names one). */
  readonly name: string;
  /** Every other file it was loaded from (kubeadm-config, CRD bundle), by content. */
  readonly inputs: readonly InputDigest[];
  /** The ownership record (`calico-stack.sum` text) of its render. */
  readonly record: string;
  /** What the comparisons read of its render's Installation (previous-render.ts renderedInstallation()), as JSON ('null': none). */
  readonly installation: string;
  /** The findings of its file and stack (no errors: only renders are cached). */
  readonly findings: readonly StoredFinding[];
  /** The key of its render entry. */
  readonly renderKey: string;
  /** What the fleet folder needs of it, when it is a member of the repository's fleet. */
  readonly fleet?: FleetEntry;
}

/** What the cache knows of a settings file (its path and text, with the code): what reading it gave. */
export interface StoredSettings {
  readonly file?: string;
  readonly digest?: InputDigest;
  readonly fleet?: FleetSettings;
  readonly findings: readonly StoredFinding[];
}

/** A finding as JSON keeps it: `got: undefined` ("got nothing") is `gotNothing`. */
export type StoredFinding = Finding & { readonly gotNothing?: true };

/** A finding for the cache. */
export function storeFinding(f: Finding): StoredFinding {
  return 'got' in f && f.got === undefined ? { ...f, gotNothing: true } : f;
}

/** The finding a stored one was made from. */
export function restoreFinding(f: StoredFinding): Finding {
  if (!f.gotNothing) return f;
  const { gotNothing: _marker, ...rest } = f;
  return { ...rest, got: undefined };
}

/** What one run did with the cache, shared by the views of it (RenderCache.withContext()). */
interface RunState {
  /** Entry names used (read or written) by this process: never evicted by its prune(). */
  readonly used: Set<string>;
  /** Whether this run wrote an entry (only then can the cache have grown). */
  wrote: boolean;
}

export class RenderCache {
  private readonly used: Set<string>;
  private readonly run: RunState;

  constructor(private readonly dir: string, private readonly codeId: string, run?: RunState) {
    this.run = run ?? { used: new Set(), wrote: false };
    this.used = this.run.used;
  }

  /**
   * The same cache for renders that depend on `context` too (the repository settings' digest):
   * its keys include it; what the run used is shared, so prune() on either keeps both's entries.
   */
  public withContext(context: string): RenderCache {
    return context === '' ? this : new RenderCache(this.dir, `${this.codeId}\0${context}`, this.run);
  }

  /** The cached files of `spec`, or undefined when there are none (or the entry is unreadable). */
  public get(spec: ClusterSpec): Map<string, string> | undefined {
    return this.render(this.key(spec));
  }

  /** The files of render entry `key` (CachedCluster.renderKey), or undefined. */
  public render(key: string): Map<string, string> | undefined {
    const entry = this.read(`${key}.json`) as Array<[string, string]> | undefined;
    return entry === undefined ? undefined : new Map(entry);
  }

  /** Stores `files` as the render of `spec`; returns the entry's key. A failure only costs the speed-up. */
  public set(spec: ClusterSpec, files: ReadonlyMap<string, string>): string {
    const key = this.key(spec);
    this.write(`${key}.json`, [...files]);
    return key;
  }

  /** What the cache knows of the cluster file read as `clusterFile`, or undefined. */
  public cluster(clusterFile: InputDigest): CachedCluster | undefined {
    const entry = this.read(`${this.clusterKey(clusterFile)}${CLUSTER_SUFFIX}`) as CachedCluster | undefined;
    // Its render may be needed later in the run (its folder changed): prune() must keep it.
    if (entry) this.used.add(`${entry.renderKey}.json`);
    return entry;
  }

  /** Stores what a synth learnt of a cluster file. */
  public setCluster(clusterFile: InputDigest, entry: Omit<CachedCluster, 'findings'> & { readonly findings: readonly Finding[] }): void {
    this.write(`${this.clusterKey(clusterFile)}${CLUSTER_SUFFIX}`, { ...entry, findings: entry.findings.map(storeFinding) } satisfies CachedCluster);
  }

  /** What reading the settings file `file` (as messages name it) with `digest` gave, or undefined. */
  public settings(file: string, digest: InputDigest): RepositorySettings | undefined {
    const entry = this.read(`${this.settingsKey(file, digest)}${SETTINGS_SUFFIX}`) as StoredSettings | undefined;
    return entry && { ...entry, findings: entry.findings.map(restoreFinding) };
  }

  /** Stores what reading the settings file `file` with `digest` gave. */
  public setSettings(file: string, digest: InputDigest, settings: RepositorySettings): void {
    this.write(`${this.settingsKey(file, digest)}${SETTINGS_SUFFIX}`, { ...settings, findings: settings.findings.map(storeFinding) } satisfies StoredSettings);
  }

  /** The fleet folder's files built from `inputs` (every value they are built from), or undefined. */
  public fleet(inputs: FleetInputs): Map<string, string> | undefined {
    return this.render(this.fleetKey(inputs));
  }

  /** Stores the fleet folder's files built from `inputs`. */
  public setFleet(inputs: FleetInputs, files: ReadonlyMap<string, string>): void {
    this.write(`${this.fleetKey(inputs)}.json`, [...files]);
  }

  /**
   * Removes the least recently used entries beyond the ones this run used plus as many spare ones:
   * at least SPARE_ENTRIES, as many as this run used (a fleet larger than SPARE_ENTRIES never evicts
   * its own entries) and every entry used in the last RECENT_MS (at most RECENT_LIMIT: a small run
   * after a fleet's synth keeps the fleet's entries).
   */
  public prune(now = Date.now()): void {
    // A run that wrote no entry did not grow the cache: nothing to look at (a warm synth of a fleet skips listing it).
    if (!this.run.wrote || !fs.existsSync(this.dir)) return;
    const entries = fs.readdirSync(this.dir)
      .filter((name) => ENTRY_NAME.test(name) && !this.used.has(name))
      .map((name) => ({ name, used: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    const recent = entries.filter((e) => now - e.used < RECENT_MS).length;
    const spare = Math.max(SPARE_ENTRIES, this.used.size, Math.min(recent, RECENT_LIMIT));
    for (const { name } of entries.slice(spare)) fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
  }

  private key(spec: ClusterSpec): string {
    return crypto.createHash('sha256').update(this.codeId).update('\0').update(specKey(spec)).digest('hex');
  }

  /** The findings name the file as given (`file`): it is part of the key with the file's real place and text. */
  private settingsKey(file: string, digest: InputDigest): string {
    return crypto.createHash('sha256').update(this.codeId).update('\0settings\0').update(file).update('\0').update(digest.path).update('\0').update(digest.sha256).digest('hex');
  }

  private fleetKey(inputs: FleetInputs): string {
    return crypto.createHash('sha256').update(this.codeId).update('\0fleet\0').update(jsonKey(inputs, 'fleet')).digest('hex');
  }

  private clusterKey(clusterFile: InputDigest): string {
    return crypto.createHash('sha256').update(this.codeId).update('\0').update(clusterFile.path).update('\0').update(clusterFile.sha256).digest('hex');
  }

  /** An entry's JSON, marked as used by this run (and as recently used on disk), or undefined. */
  private read(name: string): unknown {
    const file = path.join(this.dir, name);
    // Read as any file calico-stack finds: a regular file within the limit, or a miss.
    const read = readBounded(file, { limit: ENTRY_LIMIT });
    if (!('data' in read)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(read.data.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isEntry(name, value)) return undefined;
    this.used.add(name);
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      // Only its place in the eviction order is at stake.
    }
    return value;
  }

  private write(name: string, value: unknown): void {
    this.used.add(name);
    this.run.wrote = true;
    const file = path.join(this.dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}

/** Everything the fleet folder is built from. */
export interface FleetInputs {
  readonly fleet: FleetSettings;
  readonly entries: readonly FleetEntry[];
}

/** Whether `value` has the shape of entry `name` (anything else is a miss). */
function isEntry(name: string, value: unknown): boolean {
  if (name.endsWith(SETTINGS_SUFFIX)) {
    const e = value as Partial<StoredSettings> | null;
    const fleet = e?.fleet as Partial<FleetSettings> | null | undefined;
    const object = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
    return typeof e === 'object' && e !== null && Array.isArray(e.findings) && (fleet === undefined || (object(fleet) && fleet !== null
      && Array.isArray(fleet.waves) && fleet.waves.every((w) => typeof w === 'string') && typeof fleet.root === 'string' && object(fleet.argocd) && object(fleet.flux)));
  }
  if (!name.endsWith(CLUSTER_SUFFIX)) return Array.isArray(value) && value.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string');
  const e = value as Partial<CachedCluster> | null;
  return typeof e === 'object' && e !== null && typeof e.name === 'string' && typeof e.record === 'string' && typeof e.renderKey === 'string'
    && typeof e.installation === 'string' && Array.isArray(e.inputs) && Array.isArray(e.findings) && (e.fleet === undefined || isFleetEntry(e.fleet));
}

/** Whether `value` has the shape of a FleetEntry (what the fleet folder is built from). */
function isFleetEntry(value: unknown): boolean {
  const f = value as Partial<FleetEntry> | null;
  return typeof f === 'object' && f !== null && typeof f.cluster === 'string' && typeof f.wave === 'string'
    && (f.flux === undefined || (typeof f.flux === 'object' && f.flux !== null && typeof f.flux.folder === 'string' && typeof f.flux.lastKustomization === 'string'));
}

/**
 * The id of the code that renders, for the cache's keys: the build of calico-stack that runs (its
 * lib/build-info.json, which scripts/build.js writes with the SHA-256 of every source) and the
 * packages installed next to it (npm's node_modules/.package-lock.json, rewritten by every
 * install). Undefined when either is unknown (running from the TypeScript sources, or installed by
 * another package manager): then there is no render cache.
 */
export function codeId(packageRoot: string | undefined = runningPackage()): string | undefined {
  if (packageRoot === undefined) return undefined;
  const parts: Buffer[] = [];
  for (const file of [path.join(packageRoot, 'lib', 'build-info.json'), path.join(nodeModulesOf(packageRoot), '.package-lock.json')]) {
    const read = readBounded(file, { limit: 16 * MIB });
    if (!('data' in read)) return undefined;
    parts.push(read.data);
  }
  return crypto.createHash('sha256').update(parts[0]).update('\0').update(parts[1]).digest('hex');
}

/**
 * Where the render cache lives: CALICO_STACK_CACHE_DIR, or node_modules/.cache/calico-stack next to
 * the installed packages (the folder tools such as Babel and ESLint use for their caches).
 */
export function renderCacheDir(packageRoot: string): string {
  const configured = process.env.CALICO_STACK_CACHE_DIR;
  if (configured) return path.resolve(configured);
  return path.join(nodeModulesOf(packageRoot), '.cache', 'calico-stack');
}

/** The render cache of the code that runs, or undefined when it has none (see codeId()). */
export function openRenderCache(): RenderCache | undefined {
  const root = runningPackage();
  const id = codeId(root);
  return root === undefined || id === undefined ? undefined : new RenderCache(renderCacheDir(root), id);
}

/**
 * The folder of the calico-stack package whose compiled lib/ runs (this file is
 * lib/src/app/output/render-cache.js in it), or undefined when the TypeScript sources run (tests).
 */
function runningPackage(): string | undefined {
  return __filename.endsWith('.js') ? path.resolve(__dirname, '..', '..', '..', '..') : undefined;
}

/** The node_modules folder of the packages next to calico-stack: its own in a clone, the one it is installed in otherwise. */
function nodeModulesOf(packageRoot: string): string {
  return path.basename(path.dirname(packageRoot)) === 'node_modules' ? path.dirname(packageRoot) : path.join(packageRoot, 'node_modules');
}

/**
 * The spec as JSON, refusing values JSON would drop or flatten (functions, Maps, Sets, symbols):
 * a key that silently lost an input would hand out a stale render.
 */
export function specKey(spec: ClusterSpec): string {
  return jsonKey(spec, 'spec');
}

/** `value` as JSON, refusing values JSON would drop or flatten; `what` names it in the error. */
function jsonKey(value: unknown, what: string): string {
  return JSON.stringify(value, (k, v: unknown) => {
    if (typeof v === 'function' || typeof v === 'symbol' || v instanceof Map || v instanceof Set) {
      throw new Error(`render cache: ${what} key "${k}" holds a value JSON cannot represent; extend specKey()`);
    }
    return v;
  });
}
