/**
 * Findings as the public API shows them: one problem with a cluster spec, and the text the CLI
 * prints for it. The checks themselves live with the cluster file (config/).
 */
import { formatFinding as formatOne, formatFindings as formatAll, Severity } from './config/findings';

export { Severity };

/**
 * One problem with a cluster spec: where it is (the spec path), what is wrong, the value received,
 * what is allowed and how to fix it. Errors stop a synth; warnings do not.
 */
export interface Finding {
  /** Error or warning. */
  readonly severity: Severity;
  /** Spec path, e.g. `calico.ipPools[0].cidr`; the file name when the whole file is concerned. */
  readonly path: string;
  /** What is wrong, lowercase, no trailing period. */
  readonly message: string;
  /** The value received, as written. @default - not shown */
  readonly got?: unknown;
  /** What is allowed. @default - not shown */
  readonly allowed?: string;
  /** How to fix it. @default - not shown */
  readonly fix?: string;
}

/** One finding as the CLI prints it: `path: problem (got X; allowed Y) — how to fix`. */
export function formatFinding(finding: Finding): string {
  return formatOne(finding);
}

/**
 * Findings as the CLI prints them for `source` (a file name, a cluster name): a block of errors,
 * then one of warnings, each finding on its own line.
 */
export function formatFindings(findings: readonly Finding[], source: string): string {
  return formatAll(findings, source);
}
