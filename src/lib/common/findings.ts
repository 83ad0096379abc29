/**
 * A finding is one problem with a cluster description: where it is (the config path), what is
 * wrong, the value received, what is allowed and how to fix it. Loading and validation return
 * findings instead of throwing, so a user sees every problem at once.
 */

export enum Severity {
  ERROR = 'error',
  WARNING = 'warning',
}

/** One problem of a cluster's description or a construct's props, at its path in the spec. */
export interface Finding {
  readonly severity: Severity;
  /** Config path, e.g. `calico.ipPools[0].cidr`; the file name when the whole file is concerned. */
  readonly path: string;
  /** What is wrong, lowercase, no trailing period. */
  readonly message: string;
  /** The value received, as the user wrote it. */
  readonly got?: unknown;
  /** What is allowed. */
  readonly allowed?: string;
  /** How to fix it. */
  readonly fix?: string;
}

export function error(path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message'> = {}): Finding {
  return { severity: Severity.ERROR, path, message, ...details };
}

export function warning(path: string, message: string, details: Omit<Finding, 'severity' | 'path' | 'message'> = {}): Finding {
  return { severity: Severity.WARNING, path, message, ...details };
}

/** Renders a value the way it appears in a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value);
}

/** `path: problem (got X; allowed Y) — how to fix` */
export function formatFinding(finding: Finding): string {
  const facts = [
    ...('got' in finding ? [`got ${show(finding.got)}`] : []),
    ...(finding.allowed !== undefined ? [`allowed ${finding.allowed}`] : []),
  ];
  return `${finding.path}: ${finding.message}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}${finding.fix ? ` — ${finding.fix}` : ''}`;
}

/** One block per severity, errors first, each finding on its own line, prefixed by `source`. */
export function formatFindings(findings: readonly Finding[], source: string): string {
  const lines: string[] = [];
  for (const severity of [Severity.ERROR, Severity.WARNING]) {
    const some = findings.filter((f) => f.severity === severity);
    if (some.length === 0) continue;
    lines.push(`${source}: ${some.length} ${severity}${some.length === 1 ? '' : 's'}`);
    for (const f of some) lines.push(`  ${severity === Severity.ERROR ? '✗' : '!'} ${formatFinding(f)}`);
  }
  return lines.join('\n');
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === Severity.ERROR);
}

/**
 * Formats a config path from its segments: `calico.ipPools[0].cidr`. A key that is not a plain word
 * (a label key with dots or a slash, an empty key) is quoted, so the path stays unambiguous:
 * `calico.controlPlaneNodeSelector["node-role.kubernetes.io/infra"]`.
 */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && !/^[A-Za-z_$][\w$-]*$/.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * `prefix` followed by `segments` (formatted as formatPath does): `joinPath('calico', 'ipPools', 0)`
 * → `calico.ipPools[0]`; with no prefix (a construct used on its own), the segments alone.
 */
export function joinPath(prefix: string | undefined, ...segments: ReadonlyArray<PropertyKey>): string {
  if (segments.length === 0) return prefix === undefined || prefix === '' ? '(top level)' : prefix;
  const rest = formatPath(segments);
  if (prefix === undefined || prefix === '') return rest;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}
