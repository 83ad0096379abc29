/**
 * The steps of Calico's release notes and upgrade pages that a hop from one release to another may
 * need: data, one row per step, with the upstream page (path at a commit, lines) each comes from
 * (release-data/upgrade-steps.json). The upgrade plan (the application's day2/upgrade-plan.ts)
 * picks the rows that apply to a hop and to the cluster.
 */
import data from './release-data/upgrade-steps.json';

/** What the new render holds, for a step that applies only then. */
export enum RenderCondition {
  /** The CRDs come from a file (`NNNN-calico-crds.k8s.yaml`): the release's operator cannot create them. */
  CRD_FILE = 'crdFile',
  /** The operator creates its CRDs (`-manage-crds`). */
  OPERATOR_CRDS = 'operatorCrds',
  /** `Goldmane/default` or `Whisker/default` is rendered. */
  GOLDMANE_WHISKER = 'goldmaneWhisker',
  /** The release has Goldmane and Whisker, and neither is rendered. */
  NO_GOLDMANE_WHISKER = 'noGoldmaneWhisker',
}

/** When a step applies. */
export type StepCondition =
  | { readonly always: true }
  | { readonly renders: RenderCondition }
  /** A question only the user can answer: the step applies "if you have …". */
  | { readonly ask: string };

/** When, in a hop, a step is taken. */
export type UpgradeStepPhase = 'before' | 'apply' | 'after';

/** One step of the release notes or upgrade pages. */
export interface UpgradeStep {
  readonly id: string;
  /** The release (`v3.32`, or a patch release `v3.32.1`) the step arrives with. */
  readonly arrivesWith: string;
  /** Whether every hop into that release or a later one needs it (not only the hop that crosses it). */
  readonly everyHop: boolean;
  readonly phase: UpgradeStepPhase;
  readonly when: StepCondition;
  /** What to do. `{version}`: the hop's release; `{folder}`, `{crdFile}`: the cluster's output folder and CRD file. */
  readonly action: string;
  readonly commands: readonly string[];
  /** Where upstream says so: `tigera/docs:<path>@<commit>#L<lines>`, one or more. */
  readonly sources: readonly string[];
}

const CONDITIONS: readonly string[] = Object.values(RenderCondition);
const PHASES: readonly string[] = ['before', 'apply', 'after'];
const SOURCE = /^tigera\/docs:\S+@[0-9a-f]{40}#L[\d,-]+$/;

/** The rows of the data file, checked: throws on a row the code has no meaning for. */
export function upgradeSteps(rows: readonly unknown[]): UpgradeStep[] {
  return rows.map((row, i) => {
    const r = row as Partial<Record<keyof UpgradeStep, unknown>>;
    const where = `upgrade-steps.json steps[${i}]`;
    const strings = ['id', 'arrivesWith', 'action'] as const;
    for (const key of strings) if (typeof r[key] !== 'string' || r[key] === '') throw new Error(`${where}: ${key} must be a non-empty string`);
    if (!/^v\d+\.\d+(\.\d+)?$/.test(r.arrivesWith as string)) throw new Error(`${where}: arrivesWith "${String(r.arrivesWith)}" is not a release (v3.32 or v3.32.1)`);
    if (typeof r.everyHop !== 'boolean') throw new Error(`${where}: everyHop must be true or false`);
    if (typeof r.phase !== 'string' || !PHASES.includes(r.phase)) throw new Error(`${where}: phase must be one of ${PHASES.join(', ')}`);
    if (!Array.isArray(r.commands) || !r.commands.every((c) => typeof c === 'string')) throw new Error(`${where}: commands must be a list of strings`);
    if (!Array.isArray(r.sources) || r.sources.length === 0 || !r.sources.every((s) => typeof s === 'string' && SOURCE.test(s))) {
      throw new Error(`${where}: sources must list tigera/docs:<path>@<commit>#L<lines>`);
    }
    const when = r.when as Record<string, unknown> | undefined;
    const keys = when && typeof when === 'object' ? Object.keys(when) : [];
    const ok = keys.length === 1 && ((keys[0] === 'always' && when!.always === true)
      || (keys[0] === 'renders' && CONDITIONS.includes(when!.renders as string))
      || (keys[0] === 'ask' && typeof when!.ask === 'string' && when!.ask.startsWith('if ')));
    if (!ok) throw new Error(`${where}: when must be {always: true}, {renders: ${CONDITIONS.join('|')}} or {ask: "if …"}`);
    return r as UpgradeStep;
  });
}

/** Every step of the data file. */
export const UPGRADE_STEPS: readonly UpgradeStep[] = upgradeSteps(data.steps);

/** What upstream says about going back to an older release, and where. */
export const DOWNGRADE: { readonly message: string; readonly sources: readonly string[] } = data.downgrade;
