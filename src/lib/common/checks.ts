/**
 * Findings as construct validation, the same for a cluster file and for a user's own cdk8s app:
 * a construct registers a check (a function of its resolved props that returns findings);
 *
 * - errors fail `app.synth()` (cdk8s runs every construct's `node.validate()`), each with the text
 *   the CLI prints (`calico.ipPools[0].blockSize: is out of range ... (got 12; allowed 20–32)`);
 * - warnings do not fail; they are written to stderr once, at the first synth, unless the App has a
 *   handler of its own, set with `onWarnings(app, handler)` (the CLI prints them itself, with the
 *   cluster file's name);
 * - `findingsOf(scope)` collects every finding below a scope, in construct order: what the CLI
 *   prints, and what a test or a user's app can inspect before synth.
 *
 * A finding's path names a prop of the construct that found it (`ipPools[0].blockSize`). The
 * construct that composes others says where their props come from in what it was given
 * (`mapPropPaths`: CalicoStack maps CalicoChart's props below `calico`, its `apiServerEndpoint` to
 * `platform.apiServerEndpoint`), and the paths are mapped through every construct up to the root
 * when a check runs: inside a CalicoStack, paths are the cluster file's; used alone, the props'.
 * Checks, handlers and mappings are kept on the root of the construct tree (tree-state.ts).
 *
 * A construct whose props do not have the shape of their type (common/props-check.ts) reports the
 * findings of their shape only: its other checks, and those of the constructs below it, would judge
 * the placeholders it was built with, and report nothing (see addShapeChecks).
 */
import type { IConstruct } from 'constructs';
import { Finding, formatFinding, formatPath, Severity } from './findings';
import { TreeSlot } from './tree-state';

/**
 * The path a finding shows for a prop of a construct, from the prop's segments: `at('ipPools', 0,
 * 'cidr')` is `ipPools[0].cidr` for a construct used alone, `calico.ipPools[0].cidr` for the
 * CalicoChart of a CalicoStack.
 */
export type PathOf = (...segments: PropertyKey[]) => string;

/**
 * A check of a construct: its findings, from its props (`at` gives the path of a prop, as findings
 * show it).
 */
export type Check = (at: PathOf) => readonly Finding[];

/** Handles the warnings of a construct at synth. */
export type WarningHandler = (construct: IConstruct, warnings: readonly Finding[]) => void;

/**
 * Where a construct's props come from in the props (or spec) of the construct that composed it:
 * every prop below `prefix`, except those `props` names, each from a path of its own.
 *
 * @example
 * // CalicoStack: the `calico` section is CalicoChart's props; apiServerEndpoint is the platform's.
 * mapPropPaths(chart, { prefix: ['calico'], props: { apiServerEndpoint: ['platform', 'apiServerEndpoint'] } });
 */
export interface PropPaths {
  /**
   * Put before the path of every prop that `props` does not name.
   * @default - none: the props have the paths they have in the composing construct's props
   */
  readonly prefix?: readonly PropertyKey[];
  /**
   * Props that come from somewhere else, by name: the path each comes from (what follows the prop's
   * name in a path follows it there too).
   * @default - none
   */
  readonly props?: Readonly<Record<string, readonly PropertyKey[]>>;
}

/** A registered check: its findings, computed once; `shape` for the check of a construct's props' shape. */
type Run = (() => readonly Finding[]) & { readonly shape?: boolean };

/** The checks of each construct of a tree. */
const CHECKS = new TreeSlot(() => new WeakMap<IConstruct, Run[]>());
/** Where each construct's props come from, for the constructs whose composer said so. */
const PROP_PATHS = new TreeSlot(() => new WeakMap<IConstruct, PropPaths>());
/** The tree's warnings handler, if any. */
const WARNINGS = new TreeSlot<{ handler?: WarningHandler }>(() => ({}));
/** The constructs whose props do not have their type's shape. */
const SHAPE_FAILURES = new TreeSlot(() => new WeakSet<IConstruct>());
/** The findings of the shape of each construct's props, as found (before addShapeChecks leaves some out). */
const SHAPE_CHECKS = new TreeSlot(() => new WeakMap<IConstruct, () => readonly Finding[]>());

/**
 * Registers `check` on `construct`. It runs at most once (findings are computed on first use), so
 * it must read only props, which constructs do not change after construction; the paths of
 * `mapPropPaths` are read then too.
 */
export function addChecks(construct: IConstruct, check: Check): void {
  register(construct, () => (withinShapeFailure(construct) ? [] : check(pathOf(construct))));
}

/**
 * Registers the findings of the shape of `construct`'s props (common/props-check.ts). When `failed`
 * (the construct is built from placeholder props), they are its findings, and its other checks and
 * those of the constructs below it report nothing. Otherwise (values outside a closed set, which the
 * construct is built from, and which it and the constructs it composes may check too), a finding is
 * left out where another check of the construct, of one above it or of one below it reports an
 * error at the same path (it says more: the release, the operator's rule), or where a construct above
 * it has a problem of its shape there (the props came from there): each problem is reported once.
 */
export function addShapeChecks(construct: IConstruct, check: Check, failed: boolean): void {
  const shapes = SHAPE_CHECKS.of(construct);
  const raw = memoized(() => check(pathOf(construct)));
  shapes.set(construct, raw);
  if (failed) {
    SHAPE_FAILURES.of(construct).add(construct);
    register(construct, raw, true);
    return;
  }
  register(construct, () => {
    const checks = CHECKS.of(construct);
    const related = new Set([...construct.node.scopes, ...construct.node.findAll()]);
    const reported = new Set([
      ...[...related].flatMap((c) => (checks.get(c) ?? []).filter((run) => !run.shape).flatMap((run) => run())).filter((f) => f.severity === Severity.ERROR),
      ...construct.node.scopes.filter((c) => c !== construct).flatMap((c) => shapes.get(c)?.() ?? []),
    ].map((f) => f.path));
    return raw().filter((f) => !reported.has(f.path));
  }, true);
}

/** Whether `construct` or a construct above it has props without their type's shape. */
function withinShapeFailure(construct: IConstruct): boolean {
  const failures = SHAPE_FAILURES.of(construct);
  return construct.node.scopes.some((c) => failures.has(c));
}

/** `compute`, computed once. */
function memoized(compute: () => readonly Finding[]): () => readonly Finding[] {
  let memo: readonly Finding[] | undefined;
  return () => (memo ??= compute());
}

/** Registers a check of `construct`: run at most once, at validation or by findingsOf. */
function register(construct: IConstruct, check: () => readonly Finding[], shape = false): void {
  const run: Run = Object.assign(memoized(check), { shape });
  const checks = CHECKS.of(construct);
  checks.set(construct, [...(checks.get(construct) ?? []), run]);
  let warned = false;
  construct.node.addValidation({
    validate: () => {
      const findings = run();
      const warnings = findings.filter((f) => f.severity === Severity.WARNING);
      if (!warned && warnings.length > 0) {
        warned = true;
        const handler = WARNINGS.of(construct).handler;
        if (handler) handler(construct, warnings);
        else process.stderr.write(`${warnings.map((w) => `[${construct.node.path}] warning: ${formatFinding(w)}`).join('\n')}\n`);
      }
      return findings.filter((f) => f.severity === Severity.ERROR).map(formatFinding);
    },
  });
}

/** Every finding of the checks registered on `scope` and the constructs below it, in construct order. */
export function findingsOf(scope: IConstruct): Finding[] {
  const checks = CHECKS.of(scope);
  return scope.node.findAll().flatMap((c) => (checks.get(c) ?? []).flatMap((run) => run()));
}

/**
 * Handles the warnings of the App `scope` belongs to at synth, instead of writing them to stderr
 * (the CLI reports them itself). Other Apps keep their own handlers; `undefined` restores the
 * default.
 */
export function onWarnings(scope: IConstruct, handler: WarningHandler | undefined): void {
  WARNINGS.of(scope).handler = handler;
}

/**
 * Says where the props of `construct` come from in the props of the construct that composes it (or
 * the spec it was given), so that its findings name them there. Called by the composing construct,
 * right after it creates `construct`, before any check runs. A construct without a mapping has the
 * paths of its scope: its props are taken as part of its scope's.
 */
export function mapPropPaths(construct: IConstruct, paths: PropPaths): void {
  PROP_PATHS.of(construct).set(construct, paths);
}

/**
 * The paths findings show for the props of `construct`: each path mapped by the construct's own
 * mapping, then its scope's, up to the root (see {@link mapPropPaths}).
 */
export function pathOf(construct: IConstruct): PathOf {
  const mappings = PROP_PATHS.of(construct);
  const chain = [...construct.node.scopes].reverse().map((c) => mappings.get(c)).filter((m) => m !== undefined);
  return (...segments) => formatPath(chain.reduce<readonly PropertyKey[]>(mapped, segments));
}

/**
 * Paths below `prefix`: for checks that are functions of a section rather than constructs
 * (`pathsBelow('gitops')('flux', 'path')` is `gitops.flux.path`); with no prefix, the segments alone.
 */
export function pathsBelow(...prefix: PropertyKey[]): PathOf {
  return (...segments) => formatPath([...prefix, ...segments]);
}

function mapped(segments: readonly PropertyKey[], paths: PropPaths): readonly PropertyKey[] {
  const [prop, ...rest] = segments;
  if (typeof prop === 'string' && paths.props && Object.hasOwn(paths.props, prop)) return [...paths.props[prop], ...rest];
  return [...(paths.prefix ?? []), ...segments];
}
