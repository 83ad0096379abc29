/**
 * The operator rule extraction (scripts/extract-operator-rules.ts, scripts/go-source.ts) on a small Go
 * module of its own: which functions the walk reaches, which lines it lists, and what it cannot see.
 * (The real operator's lines are the committed data file; test/calico/operator-rules.test.ts reads that.)
 */
import { buildsError, defaultImportName, extractOperatorRuleLines, extractTag, formatRuleLines, operatorTags, parseExtractArgs, SourceReader, USAGE } from '../../scripts/extract-operator-rules';
import { blankLiterals, referencesOf, scanGoFile } from '../../scripts/go-source';
import { RELEASE_DATA } from '../../src/lib/calico/release-data/index';
import { usageError } from '../usage-error';

/** A repository of one or more tags, each a map of path → text. */
function reader(tags: Record<string, Record<string, string>>): SourceReader {
  return {
    commit: (tag) => `commit-of-${tag}`,
    read: (tag, file) => tags[tag]?.[file],
    list: (tag, dir) => Object.keys(tags[tag] ?? {}).filter((f) => f.slice(0, f.lastIndexOf('/')) === dir),
  };
}

const GO_MOD = 'module github.com/tigera/operator\n\ngo 1.22\n';

const VALIDATION = `package installation

import (
	"fmt"
	"net"

	operatorv1 "github.com/tigera/operator/api/v1"
	"github.com/tigera/operator/pkg/common/validation"
	node "github.com/tigera/operator/pkg/common/validation/calico-node"
)

// validateCustomResource: braces in this comment { are not code.
func validateCustomResource(instance *operatorv1.Installation) error {
	if instance.Spec.CNI == nil {
		return fmt.Errorf("spec.cni must be { defined")
	}
	if err := validation.ValidateOverrides(instance, node.ValidateContainer); err != nil {
		return fmt.Errorf("wrapped: %w", err)
	}
	return helper(instance.Spec.CIDR)
}

func helper(cidr string) error {
	_, _, err := net.ParseCIDR(cidr)
	if err != nil {
		return err
	}
	s := \`raw } string\`
	_ = s
	return nil
}

func unused() error {
	return fmt.Errorf("never reached")
}
`;

const OVERRIDES = `package validation

import (
	"errors"

	"k8s.io/apimachinery/pkg/util/validation/field"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
)

type ValidateContainer func(c string) error

// NoContainers is a function value, found as a declaration too.
var NoContainers ValidateContainer = func(c string) error {
	return errors.New("no containers")
}

func ValidateOverrides(o any, fn ValidateContainer) error {
	errs := field.ErrorList{}
	errs = append(errs, metavalidation.ValidateLabels(nil, field.NewPath("metadata"))...)
	errs = append(errs, field.Invalid(field.NewPath("x"), o, "is wrong"))
	var r reporter
	r.report()
	return errs.ToAggregate()
}

type reporter struct{}

func (r reporter) report() struct{ a int } {
	return struct{ a int }{}
}
`;

const NODE = `package node

import "fmt"

func ValidateContainer(c string) error {
	return fmt.Errorf("container %s", c)
}
`;

const TAG = { 'go.mod': GO_MOD, 'pkg/controller/installation/validation.go': VALIDATION, 'pkg/common/validation/overrides.go': OVERRIDES, 'pkg/common/validation/calico-node/validation.go': NODE };

describe('go-source: a scan, not a parse', () => {
  test('comments and literal contents are blanked, lengths and line breaks kept', () => {
    const text = 'a := "}" // {\nb := `x\n}` + \'{\'\n/* { */ c()';
    const code = blankLiterals(text);
    expect(code.length).toBe(text.length);
    expect(code.split('\n').length).toBe(text.split('\n').length);
    expect(code).not.toMatch(/[{}]/);
    expect(code).toContain('c()');
  });

  test('functions, methods (with their receiver), function values; a struct{} in a signature is not a body', () => {
    const file = scanGoFile('overrides.go', OVERRIDES);
    expect(file.packageName).toBe('validation');
    expect([...file.imports]).toEqual([['metavalidation', 'k8s.io/apimachinery/pkg/apis/meta/v1/validation']]);
    expect(file.unnamedImports).toEqual(['errors', 'k8s.io/apimachinery/pkg/util/validation/field']);
    expect(file.functions.map((f) => [f.name, f.startLine, f.endLine, f.receiverName])).toEqual([
      ['NoContainers', 13, 15, undefined],
      ['ValidateOverrides', 17, 24, undefined],
      ['reporter.report', 28, 30, 'r'],
    ]);
  });
});

test('a method called on the receiver is followed; one on another value is only listed', () => {
  const file = scanGoFile('r.go', 'package p\n\nfunc (r *R) a() {\n\tr.b()\n\tx.c()\n\td()\n}\n');
  expect(file.functions.map((f) => [f.name, f.receiverType, f.receiverName])).toEqual([['R.a', 'R', 'r']]);
  expect(referencesOf(file, file.functions[0], new Map()).map((r) => `${r.kind} ${r.name}`)).toEqual(['receiver b', 'method c', 'ident d']);
});

describe('extractTag: from the roots through the operator\'s own functions', () => {
  const tag = extractTag(reader({ 'v1.0.0': TAG }), 'v1.0.0');

  test('reaches what the root names (calls, a function passed as a value), not what it does not nor a method of a value', () => {
    expect(tag.roots).toEqual(['pkg/controller/installation/validation.go:validateCustomResource']);
    expect(tag.functions.map((f) => `${f.file}:${f.function}`)).toEqual([
      'pkg/common/validation/calico-node/validation.go:ValidateContainer',
      'pkg/common/validation/overrides.go:ValidateOverrides',
      'pkg/controller/installation/validation.go:validateCustomResource',
      'pkg/controller/installation/validation.go:helper',
    ]);
    // `r.report()`: r is a local variable of unknown type, so the method is listed, not followed.
    expect(tag.functions.find((f) => f.function === 'ValidateOverrides')!.methods).toEqual(['ToAggregate', 'report']);
  });

  test('every line that builds an error, with what builds it; an error handed on from outside the operator is a line too', () => {
    expect(tag.lines.map((l) => `${l.file.split('/').pop()}:${l.line} ${l.function} ${l.call}${l.returned ? ' (returned)' : ''}`)).toEqual([
      'validation.go:6 ValidateContainer fmt.Errorf',
      'overrides.go:19 ValidateOverrides validation.ValidateLabels',
      'overrides.go:20 ValidateOverrides field.Invalid',
      'validation.go:15 validateCustomResource fmt.Errorf',
      'validation.go:18 validateCustomResource fmt.Errorf',
      'validation.go:26 helper net.ParseCIDR (returned)',
    ]);
    expect(tag.lines.every((l) => /^[0-9a-f]{12}$/.test(l.hash))).toBe(true);
  });

  test('the same call has the same hash at another tag, where it moved; a changed call another', () => {
    const moved = { ...TAG, 'pkg/controller/installation/validation.go': VALIDATION.replace('package installation\n', 'package installation\n\n\n').replace('must be { defined', 'must be set') };
    const data = extractOperatorRuleLines(reader({ 'v1.0.0': TAG, 'v1.1.0': moved }), ['v1.1.0', 'v1.0.0']);
    const wrap = (t: string) => data.tags[t].lines.find((l) => l.function === 'validateCustomResource' && l.line === (t === 'v1.0.0' ? 18 : 20))!;
    expect(wrap('v1.1.0').hash).toBe(wrap('v1.0.0').hash);
    const first = (t: string) => data.tags[t].lines.find((l) => l.function === 'validateCustomResource')!;
    expect(first('v1.1.0').hash).not.toBe(first('v1.0.0').hash);
    // One line per error line in the file, so that a diff shows what moved.
    const text = formatRuleLines(data);
    expect(JSON.parse(text)).toEqual(data);
    expect(text.split('\n').filter((l) => l.includes('"hash"')).length).toBe(12);
  });

  test('a root a tag lacks is left out; a tag without go.mod is an error', () => {
    expect(extractTag(reader({ v2: { 'go.mod': GO_MOD } }), 'v2')).toMatchObject({ roots: [], functions: [], lines: [] });
    expect(() => extractTag(reader({ v3: {} }), 'v3')).toThrow('v3: no go.mod with a module line');
  });
});

test('what counts as building an error outside the operator', () => {
  expect(buildsError('fmt', 'Errorf')).toBe(true);
  expect(buildsError('fmt', 'Sprintf')).toBe(false);
  expect(buildsError('k8s.io/apimachinery/pkg/util/validation/field', 'Required')).toBe(true);
  expect(buildsError('k8s.io/apimachinery/pkg/util/validation/field', 'NewPath')).toBe(false);
  expect(buildsError('k8s.io/apimachinery/pkg/api/validation', 'ValidateAnnotations')).toBe(true);
  expect(buildsError('k8s.io/apimachinery/pkg/api/validation', 'NameIsDNSSubdomain')).toBe(false);
  expect(defaultImportName('k8s.io/api/core/v1')).toBe('core');
  expect(defaultImportName('gopkg.in/yaml.v3')).toBe('yaml');
});

describe('command line', () => {
  test('the tags default to the operator of every supported release', () => {
    expect(parseExtractArgs(['/mirror'])).toEqual({ gitDir: '/mirror', tags: operatorTags(), out: expect.stringMatching(/operator-rule-lines\.json$/) });
    expect(operatorTags()).toEqual(RELEASE_DATA.map((r) => r.operator.version));
    expect(parseExtractArgs(['/mirror', '--tag', 'v1.2.3', '--out', 'x.json'])).toEqual({ gitDir: '/mirror', tags: ['v1.2.3'], out: 'x.json' });
  });

  test('--help, and a missing directory', () => {
    expect(usageError(() => parseExtractArgs(['--help']))).toMatchObject({ exitCode: 0, message: USAGE });
    expect(usageError(() => parseExtractArgs([]))).toMatchObject({ exitCode: 2, problem: 'missing <operator git dir>' });
  });
});
