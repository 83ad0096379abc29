/**
 * The lock a calico-stack run holds on an output root (the folder that holds the output folders,
 * e.g. `dist/`) for as long as it reads or writes there.
 *
 * It is a kernel lock on `<root>/.calico-stack.lock` (fcntl open-file-description lock on Linux,
 * flock on macOS, LockFileEx on Windows, through fs-native-extensions). The kernel drops it when the
 * holder closes the file or dies, however it dies: a SIGKILLed process, a zombie not yet reaped and
 * a reused PID cannot keep it. Liveness is never guessed from a PID; the PID written into the file
 * is only there to name the holder in the message of a run that has to give up.
 *
 * The file is removed on release, while still locked. A waiter that opened it before that holds a
 * lock on a removed file; it notices (the path no longer names the file it locked) and tries again.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The lock file inside the output root. */
export const LOCK_FILE = '.calico-stack.lock';

/** Another run holds the lock and did not release it within the wait. */
export class LockHeldError extends Error {
  constructor(readonly root: string, readonly holderPid: number | undefined, waitedMs: number) {
    super(`another calico-stack run${holderPid !== undefined ? ` (pid ${holderPid})` : ''} holds ${root} — waited ${(waitedMs / 1000).toFixed(1)} s; `
      + 'run again when it has finished (nothing was changed)');
    this.name = 'LockHeldError';
  }
}

export interface LockOptions {
  /** How long to wait for another holder before giving up. */
  readonly timeoutMs: number;
  /** Stops waiting (the caller was interrupted). */
  readonly signal?: AbortSignal;
}

export class OutputLock {
  /** Waits up to `timeoutMs` for the lock on `root` (which must exist); throws LockHeldError after that. */
  public static async acquire(root: string, options: LockOptions): Promise<OutputLock> {
    const { tryLock } = loadNativeLocks();
    const file = path.join(root, LOCK_FILE);
    const start = Date.now();
    let lastTry = false;
    for (;;) {
      const fd = openLockFile(file);
      let held = false;
      try {
        if (tryLock(fd) && sameFile(fd, file)) {
          fs.ftruncateSync(fd, 0);
          fs.writeSync(fd, `${process.pid}\n`, 0);
          held = true;
          return new OutputLock(file, fd);
        }
      } finally {
        if (!held) fs.closeSync(fd);
      }
      const waited = Date.now() - start;
      if (waited >= options.timeoutMs) {
        const pid = await holderPid(file);
        // No holder's PID: it released the lock while we looked (it removes the file). One more try.
        if (pid === undefined && !lastTry) {
          lastTry = true;
          continue;
        }
        throw new LockHeldError(root, pid, waited);
      }
      options.signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, options.timeoutMs - waited)));
    }
  }

  private fd: number | undefined;

  private constructor(readonly file: string, fd: number) {
    this.fd = fd;
  }

  /** Removes the lock file and releases the lock. Safe to call twice. */
  public release(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      fs.unlinkSync(this.file);
    } catch {
      // A lock file left behind is harmless: the next run locks and removes it.
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Opens (creating) the lock file. It may have come with a commit like anything in an output root,
 * so it is never followed through a symbolic link (O_NOFOLLOW: a link to a file of the user's would
 * otherwise be truncated) and must be a regular file.
 */
function openLockFile(file: string): number {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0), 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new Error(`${file} is a symbolic link, not calico-stack's lock file — remove it (nothing was changed)`);
    throw err;
  }
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    throw new Error(`${file} is not a regular file, so it is not calico-stack's lock file — remove it (nothing was changed)`);
  }
  return fd;
}

/** Whether `file` still names the file open as `fd` (a releasing holder removes the file). */
function sameFile(fd: number, file: string): boolean {
  const open = fs.fstatSync(fd);
  try {
    const now = fs.statSync(file);
    return now.ino === open.ino && now.dev === open.dev;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** The PID the holder wrote into the lock file; a holder writes it just after locking, so wait a moment for it. */
async function holderPid(file: string): Promise<number | undefined> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) return pid;
    } catch {
      // Not there (yet, or any more).
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

/** The native module is loaded on first use: library users who never write do not load it. */
function loadNativeLocks(): typeof import('fs-native-extensions') {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('fs-native-extensions') as typeof import('fs-native-extensions');
  } catch (err) {
    throw new Error(`cannot load fs-native-extensions, which provides calico-stack's output lock on ${process.platform}-${process.arch}: ${(err as Error).message}`);
  }
}
