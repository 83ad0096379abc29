/**
 * Findings as construct validation, the same for a cluster file and for a user's own cdk8s app:
 * a construct registers a check (a function of its resolved props that returns findings);
 *
 * - errors fail `app.synth()` (cdk8s runs every construct's `node.validate()`), each with the text
 *   the CLI prints (`calico.ipPools[0].blockSize: is out of range ... (got 12; allowed 20–32)`);
 * - warnings do not fail; they are written to stderr once, at the first synth, unless a handler was
 *   set with `onWarnings` (the CLI prints them itself, with the cluster file's name);
 * - `findingsOf(scope)` collects every finding below a scope, in construct order: what the CLI
 *   prints, and what a test or a user's app can inspect before synth.
 */
import type { IConstruct } from 'constructs';
import { Finding, formatFinding, Severity } from './findings';

type Check = () => readonly Finding[];

const CHECKS = new WeakMap<IConstruct, Check[]>();
let warningHandler: ((construct: IConstruct, warnings: readonly Finding[]) => void) | undefined;

/**
 * Registers `check` on `construct`. It runs at most once (findings are computed on first use), so
 * it must read only props, which constructs do not change after construction.
 */
export function addChecks(construct: IConstruct, check: Check): void {
  let memo: readonly Finding[] | undefined;
  const run = (): readonly Finding[] => (memo ??= check());
  CHECKS.set(construct, [...(CHECKS.get(construct) ?? []), run]);
  let warned = false;
  construct.node.addValidation({
    validate: () => {
      const findings = run();
      const warnings = findings.filter((f) => f.severity === Severity.WARNING);
      if (!warned && warnings.length > 0) {
        warned = true;
        if (warningHandler) warningHandler(construct, warnings);
        else process.stderr.write(`${warnings.map((w) => `[${construct.node.path}] warning: ${formatFinding(w)}`).join('\n')}\n`);
      }
      return findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding);
    },
  });
}

/** Every finding of the checks registered on `scope` and the constructs below it, in construct order. */
export function findingsOf(scope: IConstruct): Finding[] {
  return scope.node.findAll().flatMap((c) => (CHECKS.get(c) ?? []).flatMap((run) => run()));
}

/**
 * Handles warnings at synth instead of writing them to stderr (the CLI reports them itself).
 * `undefined` restores the default.
 */
export function onWarnings(handler: ((construct: IConstruct, warnings: readonly Finding[]) => void) | undefined): void {
  warningHandler = handler;
}
