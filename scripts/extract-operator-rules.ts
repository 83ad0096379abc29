/**
 * npm run extract-operator-rules -- <operator git dir> [--out <file>]
 *
 * Lists every line of the Tigera operator's source where its Installation checks build an error, at
 * the operator tag of every supported Calico release (`operator.version` of the release data), into
 * src/lib/calico/release-data/operator-rule-lines.json: per tag, the file, line and function of each
 * such line, what builds the error (`fmt.Errorf`, `field.Invalid`, ...), and a short hash of the
 * whitespace-normalised call, which is the same at two tags when the call is. No message text is
 * kept. test/calico/operator-rules.test.ts holds every line to a row of the rule table
 * (src/lib/calico/release-data/operator-rules.json), so a release's new rule shows up as a line no
 * row covers.
 *
 * Where it starts: the functions of {@link ROOTS} (the Installation validation `validateCustomResource`,
 * the core defaulting, the pool defaulting and validation, the BPF bootstrap check of the reconcile,
 * the APIServer validation); from each, every function of the operator's own module its body names,
 * transitively (calls, and functions passed as values, such as the container validators the override
 * check is given). Functions outside the module are not followed; their error-building calls are
 * recorded where the operator calls them (apimachinery's `Validate*` functions, which return field
 * error lists, in the operator's copy of the Kubernetes validation).
 *
 * How: there is no Go parser here (the well-kept one for Node.js is @lezer/go; this branch could not
 * add a dependency), so scripts/go-source.ts scans the source: literals and comments blanked, top-level
 * declarations at the start of a line, bodies by matching braces. Its limits are listed there; the
 * ones that matter here: a method called on a value other than the receiver is not followed (the
 * output lists those calls per function, `methods`), and a local name that shadows a function of the
 * package is taken for that function (more lines, never fewer).
 *
 * Reads the repository with `git --git-dir=<dir> show/ls-tree/rev-parse` (a bare mirror does).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { GoFile, GoFunction, matchBracket, referencesOf, scanGoFile } from './go-source';
import { parseCommandLine, UsageError } from '../src/app/cli/args';
import { RELEASE_DATA } from '../src/lib/calico/release-data/index';
import { runScript } from './run-script';

/** Where the walk starts: a function of a file, and which rows of the rule table its lines feed. */
export interface RuleRoot {
  readonly file: string;
  readonly function: string;
  /** What it is, for the output (our words). */
  readonly what: string;
}

/** The roots, in the order the operator runs them for an Installation. */
export const ROOTS: readonly RuleRoot[] = [
  { file: 'pkg/controller/installation/core_controller.go', function: 'updateInstallationWithDefaults', what: 'core defaulting (provider merge, fillDefaults), before validation' },
  { file: 'pkg/controller/installation/validation.go', function: 'validateCustomResource', what: 'the Installation validation' },
  { file: 'pkg/controller/utils/bpf.go', function: 'BPFBootstrapRequirements', what: 'the BPF network bootstrap check of the core reconcile (v1.40 on)' },
  { file: 'pkg/controller/ippool/defaults.go', function: 'fillDefaults', what: 'pool defaulting (kubeadm-config, OpenShift network), before pool validation' },
  { file: 'pkg/controller/ippool/validation.go', function: 'ValidatePools', what: 'the pool validation' },
  { file: 'pkg/controller/apiserver/apiserver_controller.go', function: 'validateAPIServerResource', what: 'the APIServer validation (the same override checks)' },
];

/** Calls that build an error, by import path: function names, or `Validate*` for any function whose name starts so. */
export const ERROR_BUILDERS: Readonly<Record<string, readonly string[]>> = {
  'fmt': ['Errorf'],
  'errors': ['New'],
  'github.com/pkg/errors': ['New', 'Errorf', 'Wrap', 'Wrapf'],
  'k8s.io/apimachinery/pkg/util/validation/field': ['Invalid', 'Required', 'Forbidden', 'NotSupported', 'Duplicate', 'NotFound', 'TooLong', 'TooLongMaxLength', 'TooMany', 'InternalError', 'TypeInvalid'],
};

/** Whether a call of `name` in the package at `importPath` (outside the operator) builds an error. */
export function buildsError(importPath: string, name: string): boolean {
  if (ERROR_BUILDERS[importPath]?.includes(name)) return true;
  // apimachinery's validators (k8s.io/apimachinery/pkg/api/validation, …/apis/meta/v1/validation) return field.ErrorLists.
  return importPath.startsWith('k8s.io/') && importPath.endsWith('/validation') && name.startsWith('Validate');
}

/** One line where an error is built. */
export interface ErrorLine {
  readonly file: string;
  readonly line: number;
  /** The function it is in (`Type.Method` for a method). */
  readonly function: string;
  /** What builds it: `<package name>.<function>` (`fmt.Errorf`, `field.Required`, `validation.ValidateLabels`). */
  readonly call: string;
  /** The line is a `return` that hands on, as it is, the error `call` gave (`net.ParseCIDR`): a function outside the operator builds it. */
  readonly returned?: true;
  /** The first 12 hex digits of the SHA-256 of the whole call, whitespace collapsed: equal at two tags when the call is. */
  readonly hash: string;
}

/** A function the walk reached. */
export interface ReachedFunction {
  readonly file: string;
  readonly function: string;
  /** `start-end`, 1-based. */
  readonly lines: string;
  /** Methods it calls on values other than its receiver, which the walk cannot follow (sorted, unique). */
  readonly methods?: readonly string[];
}

/** What one operator tag gives. */
export interface TagLines {
  readonly commit: string;
  /** The roots found at the tag (a root may be missing at older tags). */
  readonly roots: readonly string[];
  readonly functions: readonly ReachedFunction[];
  readonly lines: readonly ErrorLine[];
}

/** The data file. */
export interface OperatorRuleLines {
  readonly comment: string;
  readonly roots: readonly RuleRoot[];
  readonly errorBuilders: Readonly<Record<string, readonly string[]>>;
  /** Operator tag → what it gives. */
  readonly tags: Readonly<Record<string, TagLines>>;
}

/** How the script reads the operator's repository (a git directory; a test passes files of its own). */
export interface SourceReader {
  /** The commit a tag names. */
  commit(tag: string): string;
  /** The file at the tag, or undefined when it has none. */
  read(tag: string, file: string): string | undefined;
  /** The files directly in a folder at the tag (paths from the repository's root). */
  list(tag: string, dir: string): string[];
}

/** Reads a git directory (bare or not) with the git command. */
export function gitReader(gitDir: string): SourceReader {
  const git = (...args: string[]) => execFileSync('git', [`--git-dir=${gitDir}`, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    commit: (tag) => git('rev-parse', `${tag}^{commit}`).trim(),
    read: (tag, file) => {
      try {
        return git('show', `${tag}:${file}`);
      } catch {
        return undefined;
      }
    },
    list: (tag, dir) => git('ls-tree', '--name-only', tag, `${dir}/`).split('\n').filter((l) => l !== ''),
  };
}

/** The name a package is imported under when the import has no alias and the package is not the operator's. */
export function defaultImportName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-/g, '_');
}

interface Package {
  readonly name: string;
  readonly files: readonly GoFile[];
  /** Function (or `Type.Method`) → where. */
  readonly functions: ReadonlyMap<string, { readonly file: GoFile; readonly fn: GoFunction }>;
}

/** The error lines of one tag, walking from the roots. */
export function extractTag(reader: SourceReader, tag: string): TagLines {
  const goMod = reader.read(tag, 'go.mod');
  const moduleMatch = goMod ? /^module\s+(\S+)/m.exec(goMod) : null;
  if (!moduleMatch) throw new Error(`${tag}: no go.mod with a module line`);
  const module = moduleMatch[1];
  const packages = new Map<string, Package | undefined>();
  const loadPackage = (dir: string): Package | undefined => {
    if (packages.has(dir)) return packages.get(dir);
    const files = reader.list(tag, dir)
      .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
      .map((f) => scanGoFile(f, reader.read(tag, f) ?? ''));
    const pkg = files.length === 0 ? undefined : {
      name: files[0].packageName,
      files,
      functions: new Map(files.flatMap((file) => file.functions.map((fn) => [fn.name, { file, fn }] as const))),
    };
    packages.set(dir, pkg);
    return pkg;
  };
  const internalDir = (importPath: string) => (importPath.startsWith(`${module}/`) ? importPath.slice(module.length + 1) : undefined);
  const importNamesCache = new Map<GoFile, Map<string, string>>();
  const importNames = (file: GoFile): Map<string, string> => {
    let names = importNamesCache.get(file);
    if (!names) {
      names = new Map(file.imports);
      for (const importPath of file.unnamedImports) {
        const dir = internalDir(importPath);
        names.set(dir ? loadPackage(dir)?.name ?? defaultImportName(importPath) : defaultImportName(importPath), importPath);
      }
      importNamesCache.set(file, names);
    }
    return names;
  };

  const roots: string[] = [];
  const queue: Array<{ dir: string; name: string }> = [];
  for (const root of ROOTS) {
    const pkg = loadPackage(path.posix.dirname(root.file));
    const found = pkg?.functions.get(root.function);
    if (found && found.file.path === root.file) {
      roots.push(`${root.file}:${root.function}`);
      queue.push({ dir: path.posix.dirname(root.file), name: root.function });
    }
  }
  const seen = new Set<string>();
  const functions: ReachedFunction[] = [];
  const lines = new Map<string, ErrorLine>();
  while (queue.length > 0) {
    const { dir, name } = queue.shift()!;
    const key = `${dir}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const found = loadPackage(dir)?.functions.get(name);
    if (!found) continue;
    const { file, fn } = found;
    const names = importNames(file);
    const methods = new Set<string>();
    for (const ref of referencesOf(file, fn, names)) {
      if (ref.kind === 'ident') {
        if (loadPackage(dir)?.functions.has(ref.name)) queue.push({ dir, name: ref.name });
      } else if (ref.kind === 'receiver') {
        queue.push({ dir, name: `${fn.receiverType}.${ref.name}` });
      } else if (ref.kind === 'method') {
        methods.add(ref.name);
      } else {
        const importPath = names.get(ref.qualifier!)!;
        const target = internalDir(importPath);
        if (target !== undefined) {
          if (loadPackage(target)?.functions.has(ref.name)) queue.push({ dir: target, name: ref.name });
        } else if (ref.call && buildsError(importPath, ref.name)) {
          const line = lineOf(file.text, ref.offset);
          const id = `${file.path}:${line}`;
          if (!lines.has(id)) {
            lines.set(id, { file: file.path, line, function: fn.name, call: `${defaultImportName(importPath)}.${ref.name}`, hash: callHash(file, ref.offset) });
          }
        }
      }
    }
    for (const passed of passedOnErrors(file, fn, names)) {
      if (internalDir(passed.importPath) !== undefined || buildsError(passed.importPath, passed.name)) continue;
      const line = lineOf(file.text, passed.offset);
      const id = `${file.path}:${line}`;
      if (!lines.has(id)) {
        lines.set(id, { file: file.path, line, function: fn.name, call: `${defaultImportName(passed.importPath)}.${passed.name}`, returned: true, hash: returnHash(file, passed.offset, passed.callOffset) });
      }
    }
    functions.push({ file: file.path, function: fn.name, lines: `${fn.startLine}-${fn.endLine}`, ...(methods.size > 0 ? { methods: [...methods].sort() } : {}) });
  }
  const byPlace = (a: { file: string; line?: number; lines?: string }, b: typeof a) => a.file.localeCompare(b.file) || (a.line ?? parseInt(a.lines!, 10)) - (b.line ?? parseInt(b.lines!, 10));
  return {
    commit: reader.commit(tag),
    roots,
    functions: functions.sort(byPlace),
    lines: [...lines.values()].sort(byPlace),
  };
}

/** A `return` that hands on, unchanged, an error a qualified call gave (`_, _, err := net.ParseCIDR(c)` … `return nil, err`). */
interface PassedOnError {
  /** Offset of the `return`. */
  readonly offset: number;
  /** Offset of the call that gave the error (its qualifier). */
  readonly callOffset: number;
  readonly importPath: string;
  readonly name: string;
}

/**
 * The returns of `fn` whose last value is a variable last set, before the return, from a call
 * `pkg.Name(…)` of an imported package: the error of a function outside the walk, returned as it is.
 * (A variable set from a method call, `c.Get(…)`, is not resolved: its type is unknown here.)
 */
export function passedOnErrors(file: GoFile, fn: GoFunction, importNames: ReadonlyMap<string, string>): PassedOnError[] {
  const { code } = file;
  const body = code.slice(fn.bodyStart, fn.bodyEnd);
  const found: PassedOnError[] = [];
  for (const ret of body.matchAll(/\breturn\b([^\n;]*)/g)) {
    const last = /(?:^|,)\s*([A-Za-z_]\w*)\s*$/.exec(ret[1]);
    if (!last || ['nil', 'true', 'false'].includes(last[1])) continue;
    const variable = last[1];
    const assignment = new RegExp(`(?:^|[^\\w.])${variable}\\s*(?::=|=)(?!=)([^\\n;]*)`, 'g');
    let rhs: { text: string; at: number } | undefined;
    for (const a of body.slice(0, ret.index).matchAll(assignment)) rhs = { text: a[1], at: a.index + a[0].length - a[1].length };
    if (!rhs) continue;
    const call = /^\s*(\w+)\s*\.\s*(\w+)\s*\(/.exec(rhs.text);
    if (!call || !importNames.has(call[1])) continue;
    found.push({
      offset: fn.bodyStart + ret.index,
      callOffset: fn.bodyStart + rhs.at + rhs.text.indexOf(call[1]),
      importPath: importNames.get(call[1])!,
      name: call[2],
    });
  }
  return found;
}

/** The hash of a return that hands on a call's error: the call and the return statement, whitespace collapsed. */
function returnHash(file: GoFile, returnOffset: number, callOffset: number): string {
  const open = file.code.indexOf('(', callOffset);
  const call = file.text.slice(callOffset, matchBracket(file.code, open) + 1);
  const end = file.text.indexOf('\n', returnOffset);
  const statement = file.text.slice(returnOffset, end === -1 ? undefined : end);
  return createHash('sha256').update(`${call}\n${statement}`.replace(/[ \t\r]+/g, ' ')).digest('hex').slice(0, 12);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

/** The hash of the call that starts at `offset` (its qualifier), up to its closing parenthesis. */
function callHash(file: GoFile, offset: number): string {
  const open = file.code.indexOf('(', offset);
  const close = matchBracket(file.code, open);
  const call = file.text.slice(offset, close + 1).replace(/\s+/g, ' ');
  return createHash('sha256').update(call).digest('hex').slice(0, 12);
}

/** The operator tags of the supported releases, newest first. */
export function operatorTags(): string[] {
  return [...new Set(RELEASE_DATA.map((r) => r.operator.version))];
}

/** Everything the data file holds, for `tags`. */
export function extractOperatorRuleLines(reader: SourceReader, tags: readonly string[]): OperatorRuleLines {
  return {
    comment: 'Generated by `npm run extract-operator-rules -- <tigera/operator git dir>` (scripts/extract-operator-rules.ts): where the operator builds an error in its Installation checks, per operator tag. Do not edit.',
    roots: ROOTS,
    errorBuilders: ERROR_BUILDERS,
    tags: Object.fromEntries(tags.map((tag) => [tag, extractTag(reader, tag)])),
  };
}

/** The data file, relative to the project. */
export const OUTPUT = path.join('src', 'lib', 'calico', 'release-data', 'operator-rule-lines.json');

/** The file's text: one line per error line, so that a diff shows what moved. */
export function formatRuleLines(data: OperatorRuleLines): string {
  const lines: string[] = ['{'];
  lines.push(` "comment": ${JSON.stringify(data.comment)},`);
  lines.push(` "roots": [\n${data.roots.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ],`);
  lines.push(` "errorBuilders": ${JSON.stringify(data.errorBuilders)},`);
  lines.push(' "tags": {');
  const tags = Object.entries(data.tags);
  tags.forEach(([tag, t], i) => {
    lines.push(`  ${JSON.stringify(tag)}: {`);
    lines.push(`   "commit": ${JSON.stringify(t.commit)},`);
    lines.push(`   "roots": ${JSON.stringify(t.roots)},`);
    lines.push(`   "functions": [\n${t.functions.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n   ],`);
    lines.push(`   "lines": [\n${t.lines.map((l) => `    ${JSON.stringify(l)}`).join(',\n')}\n   ]`);
    lines.push(`  }${i < tags.length - 1 ? ',' : ''}`);
  });
  lines.push(' }', '}', '');
  return lines.join('\n');
}

export const USAGE = `usage: npm run extract-operator-rules -- <operator git dir> [--tag <tag>]... [--out <file>]
  lists where the Tigera operator builds an error in its Installation checks, per operator tag
  <operator git dir>  a clone or bare mirror of github.com/tigera/operator with the release tags
  --tag <tag>         an operator tag (default: operator.version of every supported release)
  --out <file>        where to write (default: ${OUTPUT.split(path.sep).join('/')})
  -h, --help          this text`;

/** The command line (process.argv.slice(2)); throws a UsageError (--help, a mistake). */
export function parseExtractArgs(argv: readonly string[]): { gitDir: string; tags: string[]; out: string } {
  const { values, positionals } = parseCommandLine(argv, {
    usage: USAGE,
    options: { tag: { type: 'string', multiple: true }, out: { type: 'string' } },
    allowPositionals: true,
    maxPositionals: 1,
  });
  if (positionals.length === 0) throw new UsageError('missing <operator git dir>', USAGE);
  return { gitDir: positionals[0], tags: values.tag && values.tag.length > 0 ? values.tag : operatorTags(), out: values.out ?? OUTPUT };
}

function main(argv: readonly string[]): void {
  const { gitDir, tags, out } = parseExtractArgs(argv);
  if (!fs.existsSync(gitDir)) throw new Error(`${gitDir} does not exist`);
  const data = extractOperatorRuleLines(gitReader(gitDir), tags);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, formatRuleLines(data));
  const counts = Object.entries(data.tags).map(([tag, t]) => `${tag}: ${t.lines.length} lines in ${t.functions.length} functions`);
  process.stdout.write(`wrote ${out} (${counts.join('; ')})\n`);
}

if (require.main === module) runScript('extract-operator-rules', main);
