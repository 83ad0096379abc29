/**
 * What the commands print about cluster files, shared by synth (which may load no cluster at all)
 * and the loading half (cli/clusters.ts). Light: no YAML, no cdk8s.
 */
import { Finding, formatFindings, hasErrors, show } from '../../lib/common/findings';

/** Prints a cluster file's findings (if any); returns whether they fail the run. */
export function printFindings(file: string, findings: readonly Finding[], strict: boolean): boolean {
  if (findings.length > 0) {
    const text = formatFindings(findings, file);
    process.stderr.write(`${text}${strict && !hasErrors(findings) ? '\n  (--strict: warnings fail)' : ''}\n`);
  }
  return hasErrors(findings) || (strict && findings.length > 0);
}

/** Prints every cluster whose name another file has too; returns whether there was one. */
export function duplicateNames(clusters: ReadonlyArray<{ readonly file: string; readonly name: string }>): boolean {
  const seen = new Map<string, string>();
  let failed = false;
  for (const { file, name } of clusters) {
    const other = seen.get(name);
    if (other) {
      process.stderr.write(`${file}: name: ${show(name)} is also the name of ${other} — every cluster needs its own name (it is its output folder)\n`);
      failed = true;
    }
    seen.set(name, file);
  }
  return failed;
}

/** Says that nothing was written because of the files above; the exit code. */
export function nothingWritten(files: readonly string[]): number {
  process.stderr.write(`nothing written: fix the ${files.length === 1 ? 'file' : 'files'} above and run again\n`);
  return 1;
}
