/**
 * A step of `npm run plan`'s list of what must be done by hand (manual-steps.ts): when, what, the
 * command if there is one, and why, naming the rendered object (or the fact of the cluster file)
 * that needs it. Shared by the files that compute steps (manual-steps.ts, bgp-plan.ts, kube-proxy.ts).
 */

/** When a step is taken, in the order the list gives them. */
export enum StepPhase {
  /** Before any file is applied: the cluster, its nodes, what the files need from outside. */
  BEFORE = 0,
  /** The apply itself, where a GitOps tool's object must be applied or found by hand. */
  APPLY = 1,
  /** After a given file is applied (its namespace exists): `after` names the file. */
  AFTER_FILE = 2,
  /** Once everything is applied and running. */
  AFTER = 3,
}

export interface ManualStep {
  readonly phase: StepPhase;
  /** With StepPhase.AFTER_FILE: the file (its position in the folder orders the steps). */
  readonly after?: string;
  /** What to do, in words. */
  readonly action: string;
  /** The commands, with `<placeholders>` for what only the user knows: never a secret value. */
  readonly commands: readonly string[];
  /** Why: which rendered object (or which key of the cluster file) needs it, and what happens without it. */
  readonly why: string;
}
