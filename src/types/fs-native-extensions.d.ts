/** The part of fs-native-extensions (no bundled types) that src/app/output/lock.ts uses. */
declare module 'fs-native-extensions' {
  /**
   * Asks for a lock on the file open as `fd`: an open-file-description lock (fcntl F_OFD_SETLK) on
   * Linux, flock on macOS, LockFileEx on Windows. Returns false when another open file holds it.
   * The kernel releases it when the file is closed, also when the process dies.
   */
  export function tryLock(fd: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
}
