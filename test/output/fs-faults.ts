/**
 * Fault injection for in-process tests of the writer: every fs call on a path below `root` is a
 * step. `record` lists the steps of a run; `failAt(n, code)` makes step n throw the error the
 * kernel would give (same message shape as Node's own, naming the call and the path);
 * `killAt(n)` makes step n and every later step throw, which is what a SIGKILL at step n looks
 * like from the file system: nothing after it happens (rollbacks, cleanups and all). File
 * descriptors still close, as the kernel closes them when a process dies.
 */
// The module object itself (not an import-star copy), so the writer's calls go through the spies.
import fs = require('fs');

/** fs functions that take a path first (a second path for rename/link/copy). */
const PATH_FUNCTIONS = [
  'mkdirSync', 'writeFileSync', 'appendFileSync', 'renameSync', 'unlinkSync', 'rmdirSync', 'rmSync', 'openSync',
  'readFileSync', 'readdirSync', 'lstatSync', 'statSync', 'realpathSync', 'utimesSync', 'copyFileSync', 'linkSync', 'cpSync',
] as const;

export class Killed extends Error {
  constructor(step: string) {
    super(`killed at ${step}`);
  }
}

export interface Step {
  readonly call: string;
  readonly path: string;
}

export class FsFaults {
  public readonly steps: Step[] = [];
  private mode: { kind: 'record' } | { kind: 'fail'; at: number; code: string } | { kind: 'kill'; at: number } = { kind: 'record' };
  private count = 0;
  private dead = false;
  private active = false;
  private readonly spies: jest.SpyInstance[] = [];

  constructor(private readonly root: string) {
    for (const name of PATH_FUNCTIONS) {
      const original = (fs as any)[name] as (...args: unknown[]) => unknown;
      const spy = jest.spyOn(fs as any, name).mockImplementation((...args: unknown[]) => {
        const target = String(args[0]);
        if (this.active && (target.startsWith(this.root) || String(args[1] ?? '').startsWith(this.root))) this.step(name, args);
        return original.apply(fs, args);
      });
      this.spies.push(spy);
    }
  }

  /** Runs `fn` with injection on; returns to record mode afterwards. */
  public async run<T>(mode: FsFaults['mode'], fn: () => Promise<T>): Promise<T> {
    this.mode = mode;
    this.count = 0;
    this.dead = false;
    this.steps.length = 0;
    this.active = true;
    try {
      return await fn();
    } finally {
      this.active = false;
      this.mode = { kind: 'record' };
    }
  }

  public restore(): void {
    for (const spy of this.spies) spy.mockRestore();
  }

  private step(call: string, args: unknown[]): void {
    const where = call === 'renameSync' || call === 'linkSync' || call === 'copyFileSync' || call === 'cpSync' ? `${String(args[0])}' -> '${String(args[1])}` : String(args[0]);
    const n = ++this.count;
    this.steps.push({ call, path: String(args[0]) });
    if (this.dead) throw new Killed(`${call} after death`);
    const mode = this.mode;
    if (mode.kind === 'kill' && n === mode.at) {
      this.dead = true;
      throw new Killed(`${call} ${where}`);
    }
    if (mode.kind === 'fail' && n === mode.at) {
      const syscall = call.replace(/Sync$/, '').replace(/^rm$/, 'rm').toLowerCase();
      const text = mode.code === 'EPERM' ? 'operation not permitted' : mode.code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
      throw Object.assign(new Error(`${mode.code}: ${text}, ${syscall} '${where}'`), { code: mode.code, syscall, path: String(args[0]) });
    }
  }
}
