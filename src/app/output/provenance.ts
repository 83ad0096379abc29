/**
 * Proof that an interrupted transaction found in an output root is this machine's own.
 *
 * An output root is committed to Git, so anything in it may come from someone else: a pull request
 * can carry a `.calico-stack-txn/` folder with a journal in it. Recovery acts on a journal only when
 * a marker outside the repository vouches for it: before a run stages anything, it writes a marker
 * into the user's state folder (see stateDir()) naming the run (a random id, also in the staging
 * folder and the journal), the output root's real path, this machine and boot, and — before the
 * journal takes effect — the journal's SHA-256. A journal is acted on only when the marker of its
 * run id exists, is the current user's, names this root, this host and this boot, and has the
 * journal's exact hash. A journal from before a reboot is refused too: without fsync, what the
 * killed run wrote may not have reached the disk, so Git is the better judge.
 *
 * The state folder is not in the repository, so a commit cannot put a marker there; a run id is
 * random, so a journal cannot name someone's marker by chance; the hash binds the marker to one
 * journal, so a journal copied from a real interrupted run and altered is refused.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readBounded } from '../common/bounded-read';
import { MARKER_LIMIT } from './limits';

/** What a marker says (JSON in `<state>/transactions/<root key>-<run id>.json`). */
interface Marker {
  readonly format: 1;
  readonly runId: string;
  /** The output root's real path. */
  readonly root: string;
  readonly host: string;
  readonly boot: Boot;
  readonly pid: number;
  /** SHA-256 of the journal's bytes; null while the run is staging. */
  readonly journal: string | null;
}

/** Which boot of the machine: the kernel's boot id where there is one, and the boot time (ms). */
interface Boot {
  readonly id: string | null;
  readonly time: number;
}

/** Boot times are derived from the uptime, so they wobble by a little: within this, the same boot. */
const BOOT_TIME_SLACK_MS = 60_000;
const RUN_ID = /^[0-9a-f]{32}$/;

/**
 * The user's state folder for calico-stack: CALICO_STACK_STATE_DIR, else $XDG_STATE_HOME/calico-stack,
 * else ~/.local/state/calico-stack (%LOCALAPPDATA%\calico-stack on Windows).
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CALICO_STACK_STATE_DIR) return path.resolve(env.CALICO_STACK_STATE_DIR);
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'calico-stack');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return path.join(env.LOCALAPPDATA, 'calico-stack');
  return path.join(os.homedir(), '.local', 'state', 'calico-stack');
}

/** A new random run id. */
export function newRunId(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** Whether `id` has the shape of a run id (anything else is never looked up). */
export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID.test(id);
}

/** The marker file of run `runId` on output root `root` (a real path), in the state folder. */
export function markerPath(root: string, runId: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'transactions', markerName(root, runId));
}

/**
 * Where a marker may be: the state folder, or — when that cannot be written (a read-only home in
 * a container, say) — a folder of this user's in the temp folder.
 */
function markerPaths(root: string, runId: string): string[] {
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return [markerPath(root, runId), path.join(os.tmpdir(), `calico-stack-${uid}`, 'transactions', markerName(root, runId))];
}

function markerName(root: string, runId: string): string {
  return `${crypto.createHash('sha256').update(root).digest('hex').slice(0, 16)}-${runId}.json`;
}

/**
 * Writes (or rewrites, with the journal's hash) the marker of a run; throws with the paths when it
 * cannot (the caller has changed nothing yet and stops).
 */
export function writeMarker(root: string, runId: string, journal: Buffer | null): void {
  const marker: Marker = {
    format: 1, runId, root, host: os.hostname(), boot: currentBoot(), pid: process.pid,
    journal: journal === null ? null : sha256(journal),
  };
  const failures: string[] = [];
  for (const file of markerPaths(root, runId)) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const problem = untrustedFolder(path.dirname(file));
      if (problem !== undefined) throw new Error(problem);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
      fs.renameSync(tmp, file);
      return;
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  throw new Error(`cannot write the marker of this run (${failures.join('; ')}); nothing was changed — `
    + 'make the state folder writable, or set CALICO_STACK_STATE_DIR to a folder of yours outside the repository');
}

/** Removes the marker of a run that left nothing to recover (best effort: a stale marker vouches for no journal). */
export function removeMarker(root: string, runId: string): void {
  for (const file of markerPaths(root, runId)) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Harmless: it names a run id no journal will have again.
    }
  }
}

/**
 * Why the transaction of run `runId` found in `root` is not provably this machine's own (undefined
 * when it is). `journal` is the journal's bytes, or null for a staging area without one.
 */
export function provenanceProblem(root: string, runId: unknown, journal: Buffer | null): string | undefined {
  if (!isRunId(runId)) return 'it names no run id of calico-stack';
  let read: ReturnType<typeof readBounded> | undefined;
  let file = markerPath(root, runId);
  let folderProblem: string | undefined;
  for (const candidate of markerPaths(root, runId)) {
    const problem = untrustedFolder(path.dirname(candidate));
    if (problem !== undefined) {
      folderProblem ??= problem;
      continue;
    }
    const attempt = readBounded(candidate, { limit: MARKER_LIMIT });
    if ('data' in attempt) {
      read = attempt;
      file = candidate;
      break;
    }
  }
  if (read === undefined || !('data' in read)) {
    return folderProblem !== undefined && !folderProblem.startsWith('no run') ? folderProblem : `no run of calico-stack on this machine wrote it (no marker ${file})`;
  }
  let marker: Partial<Marker>;
  try {
    marker = JSON.parse(read.data.toString('utf8')) as Partial<Marker>;
  } catch {
    return `its marker ${file} is damaged`;
  }
  if (marker.format !== 1 || marker.runId !== runId) return `its marker ${file} is damaged`;
  if (marker.root !== root) return `its marker says the run wrote into ${JSON.stringify(marker.root)}, not here`;
  if (marker.host !== os.hostname()) return `its marker says the run was on host ${JSON.stringify(marker.host)}`;
  if (!sameBoot(marker.boot, currentBoot())) {
    return 'the run was before the machine last started (what it wrote may not have reached the disk)';
  }
  if (journal !== null && marker.journal !== sha256(journal)) return 'the journal is not the one its run wrote';
  return undefined;
}

/** Why markers in `dir` cannot be trusted (another user's folder, writable by others, a link), or undefined. */
function untrustedFolder(dir: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return `no run of calico-stack on this machine wrote it (no folder ${dir})`;
  }
  if (!st.isDirectory()) return `${dir}, where calico-stack keeps its markers, is not a folder`;
  if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) {
    return `${dir}, where calico-stack keeps its markers, is another user's or writable by others`;
  }
  return undefined;
}

function currentBoot(): Boot {
  const read = process.platform === 'linux' ? readBounded('/proc/sys/kernel/random/boot_id', { limit: 64, followLinks: true }) : undefined;
  // /proc files report size 0, so readBounded reads them whole; a failure leaves the boot time alone.
  const id = read && 'data' in read ? read.data.toString('utf8').trim() || null : null;
  return { id, time: Math.round(Date.now() - os.uptime() * 1000) };
}

function sameBoot(recorded: Boot | undefined, now: Boot): boolean {
  if (!recorded || typeof recorded.time !== 'number') return false;
  if (recorded.id && now.id) return recorded.id === now.id;
  return Math.abs(recorded.time - now.time) < BOOT_TIME_SLACK_MS;
}

function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
