/**
 * The Tigera operator's rules (src/lib/calico/release-data/operator-rules.json) against the lines where
 * its source builds an error (release-data/operator-rule-lines.json, written by `npm run
 * extract-operator-rules` from the operator's repository at each supported release's tag; this test
 * reads the two data files, never the repository):
 *
 * - every such line lies in a row's location at its tag, so a new release's new rule fails here as a
 *   line no row covers, and every row's location still holds such a line, so a rule that moved does too;
 * - every row says how calico-stack covers it: a check that exists (one of operator-rules.ts's table,
 *   or one whose finding a case of operator-rule-cases.ts shows), a CRD schema constraint that exists,
 *   a reason it cannot apply to what calico-stack renders, or — for the Kubernetes checks of override
 *   fields (`k8s.*`) only — that the override validation is still to enforce it. A `k8s.*` row becomes
 *   enforced the same way as any other: `calicoStack: { check: <its id> }`, findings that carry the id
 *   (`rule`), and a case in operator-rule-cases.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { INSTALLATION_RULE_CHECKS, OPERATOR_RULES, OperatorRule, ruleLocations } from '../../src/lib/calico/operator-rules';
import LINES from '../../src/lib/calico/release-data/operator-rule-lines.json';
import { RELEASES } from '../../src/lib/calico/releases';
import { RULE_CASES } from './operator-rule-cases';
import { CASES as OVERRIDE_CASES } from './override-rule-cases';
import { ROOT } from '../util';

const TAGS = [...new Set(RELEASES.map((r) => r.operatorVersion))];
const CATEGORIES: Record<string, string> = {
  installation: 'installation', override: 'override', k8s: 'k8s', ippool: 'ippool', defaults: 'defaulting', reconcile: 'reconcile', apiserver: 'apiserver',
};
type Line = (typeof LINES.tags)[keyof typeof LINES.tags]['lines'][number];
const linesOf = (tag: string): readonly Line[] => (LINES.tags as Record<string, { lines: Line[] }>)[tag]?.lines ?? [];

/** A location `path:start-end` (or `path:line`) as its parts. */
function parseLocation(location: string): { file: string; start: number; end: number } | undefined {
  const m = /^([\w./-]+\.go):(\d+)(?:-(\d+))?$/.exec(location);
  return m ? { file: m[1], start: Number(m[2]), end: Number(m[3] ?? m[2]) } : undefined;
}
const covers = (location: string, line: Line) => {
  const l = parseLocation(location);
  return l !== undefined && l.file === line.file && l.start <= line.line && line.line <= l.end;
};
const coverage = (rule: OperatorRule) => Object.keys(rule.calicoStack).filter((k) => k !== 'comment');

test('the extracted lines are those of the operator of every supported release, no more', () => {
  // A new release: run `npm run extract-operator-rules -- <tigera/operator git dir>`.
  expect(Object.keys(LINES.tags).sort()).toEqual([...TAGS].sort());
  for (const tag of TAGS) {
    expect(LINES.tags[tag as keyof typeof LINES.tags].roots).toContain('pkg/controller/installation/validation.go:validateCustomResource');
    expect(linesOf(tag).length).toBeGreaterThan(100);
  }
});

test('every row is well formed: a unique id of its category, locations at supported tags, one kind of coverage', () => {
  const ids = OPERATOR_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  const problems = OPERATOR_RULES.flatMap((r) => {
    const out: string[] = [];
    // The pool controller's defaulting (ippool.defaults.*) is defaulting, like the core controller's.
    const category = r.id.startsWith('ippool.defaults.') ? 'defaulting' : CATEGORIES[r.id.split('.')[0]];
    if (category !== r.category) out.push(`${r.id}: category ${r.category}`);
    if (!['rule', 'wrapper', 'unreachable', 'not-config'].includes(r.kind)) out.push(`${r.id}: kind ${r.kind}`);
    if (Object.keys(r.releases).length === 0) out.push(`${r.id}: in no release`);
    for (const [tag, where] of Object.entries(r.releases)) {
      if (!TAGS.includes(tag)) out.push(`${r.id}: ${tag} is not the operator of a supported release`);
      for (const location of typeof where === 'string' ? [where] : where) {
        const l = parseLocation(location);
        if (!l || l.start > l.end) out.push(`${r.id}: ${tag} ${location} is not path:start-end`);
      }
    }
    if (coverage(r).length !== 1 || !['check', 'schema', 'notApplicable', 'pending'].includes(coverage(r)[0])) out.push(`${r.id}: calicoStack ${JSON.stringify(r.calicoStack)}`);
    return out;
  });
  expect(problems).toEqual([]);
});

describe.each(TAGS.map((t) => [t]))('operator %s', (tag) => {
  test('every line where it builds an error lies in a row (a new rule is a line no row covers)', () => {
    const unmapped = linesOf(tag)
      .filter((line) => !OPERATOR_RULES.some((r) => ruleLocations(r, tag).some((location) => covers(location, line))))
      .map((line) => `${line.file}:${line.line} (${line.function}, ${line.call})`);
    expect(unmapped).toEqual([]);
  });

  test('every row\'s location holds such a line (a rule that moved is a location without one)', () => {
    const stale = OPERATOR_RULES.flatMap((r) => ruleLocations(r, tag).filter((location) => !linesOf(tag).some((line) => covers(location, line))).map((location) => `${r.id}: ${location}`));
    expect(stale).toEqual([]);
  });
});

test('a rule is enforced or cannot apply; "pending: override validation" only for the Kubernetes checks of override fields (k8s.*)', () => {
  const problems = OPERATOR_RULES.flatMap((r) => {
    const c = r.calicoStack;
    if ('pending' in c) return r.id.startsWith('k8s.') && c.pending === 'override validation' ? [] : [`${r.id}: pending`];
    if ('notApplicable' in c && r.kind === 'rule' && !['cluster', 'not-rendered', 'by-construction'].includes(c.notApplicable)) return [`${r.id}: a rule that is ${c.notApplicable}`];
    if (!('notApplicable' in c) && r.kind !== 'rule') return [`${r.id}: a ${r.kind} row with ${coverage(r)[0]}`];
    return [];
  });
  expect(problems).toEqual([]);
});

describe('every enforcing check exists', () => {
  // Cases of the installation's rules (installation-rules.test.ts runs them), and of the overrides' Kubernetes checks (override-rules.test.ts).
  const cased = new Set([...RULE_CASES.map((c) => c.rule), ...Object.keys(OVERRIDE_CASES)]);
  const checked = OPERATOR_RULES.flatMap((r) => ('check' in r.calicoStack ? [[r.id, r.calicoStack.check] as const] : []));

  test('a row\'s check is a rule whose own row names it, and a case shows its finding (installation-rules.test.ts runs the cases)', () => {
    const byId = new Map(OPERATOR_RULES.map((r) => [r.id, r]));
    const problems = checked.flatMap(([id, check]) => {
      const own = byId.get(check)?.calicoStack;
      if (!own || !('check' in own) || own.check !== check) return [`${id}: check ${check} is not a rule checked as itself`];
      return cased.has(check) ? [] : [`${id}: no case in operator-rule-cases.ts shows the finding of ${check}`];
    });
    expect(problems).toEqual([]);
  });

  test('each check of the table and each case is a row that names it', () => {
    const named = new Set(checked.map(([, check]) => check));
    expect(Object.keys(INSTALLATION_RULE_CHECKS).filter((id) => !named.has(id))).toEqual([]);
    expect([...new Set(RULE_CASES.map((c) => c.rule))].filter((id) => !named.has(id))).toEqual([]);
  });
});

test('a rule the CRD schema enforces has the constraint in the newest CRD', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'imports', 'crd-schemas.json'), 'utf8'))['operator.tigera.io/v1/Installation'];
  const at = (field: string) => field.split('.').reduce<any>((node, key) => (node === undefined ? undefined : key.endsWith('[]') ? node.properties?.[key.slice(0, -2)]?.items : node.properties?.[key]), schema);
  const problems = OPERATOR_RULES.flatMap((r) => ('schema' in r.calicoStack ? r.calicoStack.schema : []).flatMap((field) => {
    const node = at(field);
    return node && (node.enum !== undefined || node.minimum !== undefined) ? [] : [`${r.id}: ${field}`];
  }));
  expect(problems).toEqual([]);
  expect(OPERATOR_RULES.filter((r) => 'schema' in r.calicoStack).length).toBeGreaterThan(0);
});

test('prints the coverage per operator tag (docs/upstream/README.md points here instead of keeping counts that go stale)', () => {
  const summary = TAGS.map((tag) => {
    const rows = OPERATOR_RULES.filter((r) => tag in r.releases && r.kind === 'rule');
    const by = (k: string) => rows.filter((r) => k in r.calicoStack).length;
    const functions = new Set(linesOf(tag).map((l) => `${l.file}:${l.function}`)).size;
    return `${tag}: ${linesOf(tag).length} error lines in ${functions} functions; ${rows.length} rules: ${by('check')} checked, ${by('schema')} by the CRD schema, ${by('pending')} pending, ${by('notApplicable')} cannot apply`;
  });
  expect(summary).toHaveLength(TAGS.length);
  expect(OPERATOR_RULES.filter((r) => 'pending' in r.calicoStack)).toEqual([]);
  // eslint-disable-next-line no-console
  console.log(`the operator's rules:\n${summary.join('\n')}`);
});
