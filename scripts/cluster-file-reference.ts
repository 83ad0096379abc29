/**
 * npm run docs (after typedoc): writes docs/cluster-file.md, the reference of the cluster file.
 *
 * Nothing in it is typed twice. The keys, their order, which are required, the closed choices and
 * the list lengths come from the cluster file's schema (src/app/config/schema.ts, through zod's JSON
 * Schema of its input); what each key means and its default come from the doc comments of
 * ClusterSpec and the construct props it is made of (src/lib/stack/cluster-spec.ts: the summary and
 * `@default` of each property, read with the TypeScript compiler); the file size limits come from
 * src/app/config/input-file.ts. A `@default` naming a constant or an enum member is resolved to its
 * value, written as YAML. test/cluster-file-reference.slow.test.ts fails when the committed file is
 * not what this script writes now.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { stringify } from 'yaml';
import * as z from 'zod';
import { formatBytes, INPUT_KINDS } from '../src/app/config/input-file';
import { clusterFileSchema } from '../src/app/config/schema';

/** The file this script writes, relative to the project. */
export const REFERENCE_FILE = path.join('docs', 'cluster-file.md');

const SPEC_FILE = path.join('src', 'lib', 'stack', 'cluster-spec.ts');

/** The part of JSON Schema that zod writes for the cluster file. */
interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly (string | number)[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** One key of the file, with what the schema and the doc comments say about it. */
interface Key {
  /** `calico.ipPools[].cidr` */
  readonly path: string;
  readonly schema: JsonSchema;
  /** ClusterSpec's type of the key, for keys whose schema says nothing (a transform, a custom check). */
  readonly typeText: string;
  readonly required: boolean;
  readonly description: string;
  /** The default as documented (YAML for values), or '' when the doc comment gives none. */
  readonly defaultText: string;
  /** The keys below it, when the table lists them one by one. */
  readonly children: readonly Key[];
}

/** Reads the doc comments of ClusterSpec's properties: a TypeScript program over the sources. */
class SpecDocs {
  private readonly checker: ts.TypeChecker;
  public readonly clusterSpec: ts.Type;

  constructor(root: string) {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    });
    const file = path.join(root, SPEC_FILE);
    const options = { ...config!.options, noEmit: true, types: ['node'] };
    // TypeScript's own lib files from the project's node_modules, wherever this script runs from.
    const host = ts.createCompilerHost(options);
    const libDir = path.join(root, 'node_modules', 'typescript', 'lib');
    host.getDefaultLibLocation = () => libDir;
    host.getDefaultLibFileName = (o) => path.join(libDir, ts.getDefaultLibFileName(o));
    const program = ts.createProgram([file], options, host);
    const problems = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    if (problems.length > 0) throw new Error(`${SPEC_FILE}: ${ts.flattenDiagnosticMessageText(problems[0].messageText, '\n')}`);
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ClusterSpec');
    if (!decl) throw new Error(`${SPEC_FILE} declares no interface ClusterSpec`);
    this.clusterSpec = this.checker.getTypeAtLocation(decl);
  }

  /** The property `name` of `type` (an object, an intersection, or a list of them). */
  public property(type: ts.Type, name: string, at: string): ts.Symbol {
    const p = this.checker.getPropertyOfType(this.objectOf(type), name);
    if (!p) throw new Error(`${at}: the cluster file has this key, but ClusterSpec does not (${this.checker.typeToString(type)})`);
    return p;
  }

  /** The type of a property, without `undefined`. */
  public typeOf(p: ts.Symbol): ts.Type {
    return this.checker.getNonNullableType(this.checker.getTypeOfSymbol(p));
  }

  /** `Readonly<Record<string, string>>` and the like, for keys whose schema says no more than "any". */
  public typeText(p: ts.Symbol): string {
    return this.checker.typeToString(this.typeOf(p));
  }

  /** The summary of a property's doc comment, or else of the documented type it is declared with. */
  public description(p: ts.Symbol): string {
    const own = this.text(p.getDocumentationComment(this.checker));
    if (own) return own;
    for (const decl of p.declarations ?? []) {
      const typeNode = (decl as ts.PropertySignature).type;
      const documented = typeNode && this.documentedTypeIn(typeNode);
      if (documented) return documented;
    }
    return '';
  }

  /** The `@default` of a property, resolved and formatted; '' when it has none. */
  public defaultOf(p: ts.Symbol, at: string): string {
    const tag = p.getJsDocTags(this.checker).find((t) => t.name === 'default');
    if (!tag) return '';
    const text = this.text(tag.text).replace(/\s+/g, ' ').trim();
    const decl = p.declarations?.[0];
    if (!decl) throw new Error(`${at}: no declaration`);
    if (text.startsWith('- ')) {
      const prose = text.slice(2);
      // `- DEFAULT_ALERT_THRESHOLDS`: a constant whose value is the defaults of the keys below.
      if (/^[A-Z][A-Z0-9_]*$/.test(prose)) return this.resolve(prose, decl, at) === OBJECT ? 'the defaults of the keys below' : prose;
      return prose;
    }
    const [value, rest] = this.leadingValue(text, decl, at);
    const shown = value === OBJECT ? 'the defaults of the keys below' : `\`${yamlFlow(value)}\``;
    return rest ? `${shown} ${rest}` : shown;
  }

  private objectOf(type: ts.Type): ts.Type {
    const t = this.checker.getNonNullableType(type);
    if (this.checker.isArrayType(t) || this.checker.isTupleType(t)) return this.objectOf(this.checker.getTypeArguments(t as ts.TypeReference)[0]);
    if (t.isUnion()) {
      const objects = t.types.filter((u) => (u.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) !== 0);
      if (objects.length === 1) return this.objectOf(objects[0]);
    }
    return t;
  }

  /** Doc comment text, `{@link x}` written as `x`. */
  private text(parts: readonly ts.SymbolDisplayPart[] | undefined): string {
    return (parts ?? []).map((part) => {
      if (part.kind === 'link') return '';
      if (part.kind === 'linkName') return `\`${part.text}\``;
      return part.text;
    }).join('').replace(/\s+/g, ' ').trim();
  }

  /** The doc comment of the first project type a type annotation names (`${Encapsulation}`, `Toleration[]`). */
  private documentedTypeIn(node: ts.Node): string | undefined {
    if (ts.isTypeReferenceNode(node)) {
      const symbol = this.checker.getSymbolAtLocation(node.typeName);
      const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
      const ours = target?.declarations?.some((d) => !d.getSourceFile().fileName.includes(`${path.sep}node_modules${path.sep}`));
      const doc = ours ? this.text(target!.getDocumentationComment(this.checker)) : '';
      if (doc) return doc;
    }
    let found: string | undefined;
    node.forEachChild((child) => { found ??= this.documentedTypeIn(child); });
    return found;
  }

  /**
   * The value a `@default` starts with, and the words after it: a literal (`'HEAD'`, `179`, `true`,
   * `[]`, `{ release: 'prometheus' }`), an enum member (`BgpMode.ENABLED`) or a constant
   * (`DEFAULT_CALICO_VERSION`), resolved where the property is declared.
   */
  private leadingValue(text: string, decl: ts.Node, at: string): [unknown, string] {
    const literal = /^('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false|\[\]|\{[^{}]*\})(?=\s|$)/.exec(text);
    if (literal) return [parseLiteral(literal[1], at), text.slice(literal[1].length).trim()];
    const member = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)(?=\s|$)/.exec(text);
    if (member) return [this.enumMember(member[1], member[2], decl, at), text.slice(member[0].length).trim()];
    const constant = /^([A-Z][A-Z0-9_]*)(?=\s|$)/.exec(text);
    if (constant) return [this.resolve(constant[1], decl, at), text.slice(constant[0].length).trim()];
    throw new Error(`${at}: cannot read @default ${text} (write a literal, an enum member, a constant, or "- " and words)`);
  }

  private symbolInScope(name: string, at: ts.Node, path_: string): ts.Symbol {
    const local = this.checker.getSymbolsInScope(at, ts.SymbolFlags.Value | ts.SymbolFlags.Alias).find((s) => s.name === name);
    if (!local) throw new Error(`${path_}: @default names ${name}, which is not in scope where the property is declared`);
    // An export declared in the same file is seen through its local symbol.
    const symbol = this.checker.getExportSymbolOfSymbol(local);
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** `BgpMode.ENABLED`: the member's value, of an enum or of a constant that is one. */
  private enumMember(enumName: string, memberName: string, at: ts.Node, path_: string): unknown {
    const symbol = this.symbolInScope(enumName, at, path_);
    const declared = symbol.flags & ts.SymbolFlags.Enum ? symbol.exports?.get(memberName as ts.__String)?.valueDeclaration : undefined;
    if (declared && ts.isEnumMember(declared)) return this.checker.getConstantValue(declared);
    const member = this.checker.getTypeOfSymbol(symbol).getProperty(memberName);
    const type = member && this.checker.getTypeOfSymbol(member);
    if (!type || !(type.isStringLiteral() || type.isNumberLiteral())) throw new Error(`${path_}: @default ${enumName}.${memberName} is not an enum member`);
    return type.value;
  }

  /** A constant's value: its initializer, a literal or another constant; OBJECT for an object literal. */
  private resolve(name: string, at: ts.Node, path_: string): unknown {
    const decl = this.symbolInScope(name, at, path_).declarations?.[0];
    const init = decl && ts.isVariableDeclaration(decl) ? decl.initializer : undefined;
    if (init && (ts.isStringLiteral(init) || ts.isNumericLiteral(init))) return parseLiteral(init.getText(), path_);
    if (init && ts.isIdentifier(init)) return this.resolve(init.text, init, path_);
    if (init && ts.isObjectLiteralExpression(init)) return OBJECT;
    throw new Error(`${path_}: @default ${name} is not a constant with a literal value`);
  }
}

/** A `@default` constant whose value is an object: its keys have defaults of their own. */
const OBJECT = Symbol('object');

/** A TypeScript literal from a doc comment (`'HEAD'`, `{ release: 'prometheus' }`) as a value. */
function parseLiteral(text: string, at: string): unknown {
  const source = ts.createSourceFile('default.ts', `(${text})`, ts.ScriptTarget.ES2022);
  const statement = source.statements[0];
  if (!statement || !ts.isExpressionStatement(statement)) throw new Error(`${at}: cannot read @default ${text}`);
  const value = (node: ts.Expression): unknown => {
    if (ts.isParenthesizedExpression(node)) return value(node.expression);
    if (ts.isStringLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) return -(value(node.operand) as number);
    if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isArrayLiteralExpression(node)) return node.elements.map(value);
    if (ts.isObjectLiteralExpression(node)) {
      return Object.fromEntries(node.properties.map((p) => {
        if (!ts.isPropertyAssignment(p)) throw new Error(`${at}: cannot read @default ${text}`);
        return [p.name.getText(source).replace(/^['"]|['"]$/g, ''), value(p.initializer)];
      }));
    }
    throw new Error(`${at}: cannot read @default ${text}`);
  };
  return value(statement.expression);
}

/** A value as a cluster file would write it, on one line: `HEAD`, `"1"`, `{ release: prometheus }`. */
function yamlFlow(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return stringify(value).trim();
  return stringify(value, { collectionStyle: 'flow' }).trim();
}

/** Walks the schema of an object and ClusterSpec's type side by side. */
function keysOf(docs: SpecDocs, schema: JsonSchema, type: ts.Type, prefix: string): Key[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, child]) => {
    const at = prefix ? `${prefix}.${name}` : name;
    const p = docs.property(type, name, at);
    const object = objectSchema(child);
    const listed = child.type === 'array' ? `${at}[]` : at;
    const children = object ? keysOf(docs, object, docs.typeOf(p), listed) : [];
    return {
      path: at,
      schema: child,
      typeText: docs.typeText(p),
      required: required.has(name),
      description: docs.description(p),
      defaultText: docs.defaultOf(p, at),
      // Keys below an object are listed one by one only when one of them says something.
      children: children.some(saysSomething) ? children : [],
    };
  });
}

function saysSomething(key: Key): boolean {
  return key.description !== '' || key.defaultText !== '' || key.children.some(saysSomething);
}

/** The object schema a key holds, directly or as the items of its list. */
function objectSchema(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type === 'object' && schema.properties) return schema;
  if (schema.type === 'array' && schema.items?.type === 'object' && schema.items.properties) return schema.items;
  return undefined;
}

/** How many items a list may have: ` (at most 256)`, ` (1–3)`, or ''. */
function count(schema: JsonSchema): string {
  if (schema.maxItems === undefined) return '';
  return (schema.minItems ?? 0) > 0 ? ` (${schema.minItems}–${schema.maxItems})` : ` (at most ${schema.maxItems})`;
}

/** What a key takes, in words: `` `IPIP`, `VXLAN` ``, `list of strings (at most 256)`, `` `{cidr}` ``. */
function allowed(schema: JsonSchema, typeText = ''): string {
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(', ');
  if (schema.anyOf) return schema.anyOf.map((s) => allowed(s)).join(' or ');
  switch (schema.type) {
    case 'string': return 'string';
    case 'integer': return 'integer';
    case 'number': return 'number';
    case 'boolean': return '`true`, `false`';
    case 'array': return `list of ${plural(schema.items ? allowed(schema.items) : 'anything')}${count(schema)}`;
    case 'object': return schema.properties ? `\`${shape(schema)}\`` : 'mapping';
    default:
      // No JSON Schema for it (a transform or a custom check): ClusterSpec's type says what it is.
      if (typeText.trim() === 'string') return 'string';
      if (/Record<string, string>/.test(typeText)) return 'mapping of strings to strings';
      // A resource's setting (`calico.apiServer`): on, off, or its spec.
      return /^boolean \| /.test(typeText) ? '`true`, `false` or mapping' : 'mapping';
  }
}

function plural(items: string): string {
  if (items === 'string') return 'strings';
  if (items === 'integer') return 'integers';
  return items;
}

/** An object's keys, as flow YAML with the closed choices: `{kind: GitRepository | Bucket, name}`. */
function shape(schema: JsonSchema): string {
  const keys = Object.entries(schema.properties ?? {}).map(([name, child]) => {
    if (child.enum) return `${name}: ${child.enum.join(' | ')}`;
    const inner = objectSchema(child);
    if (inner) return `${name}: ${child.type === 'array' ? `[${shape(inner)}]` : shape(inner)}`;
    return name;
  });
  return `{${keys.join(', ')}}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function rows(keys: readonly Key[]): string[] {
  return keys.flatMap((k) => {
    const listed = k.children.length > 0;
    const what = !listed ? allowed(k.schema, k.typeText) : k.schema.type === 'array' ? `list of mappings${count(k.schema)}` : 'mapping';
    const def = k.required ? 'required' : k.defaultText || '–';
    return [`| \`${k.path}\` | ${cell(what)} | ${cell(def)} | ${cell(k.description)} |`, ...rows(k.children)];
  });
}

/** The reference, as docs/cluster-file.md holds it, from the sources of the project at `root`. */
export function clusterFileReference(root: string): string {
  const docs = new SpecDocs(root);
  const schema = z.toJSONSchema(clusterFileSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const keys = keysOf(docs, schema, docs.clusterSpec, '');
  const sections = keys.filter((k) => k.children.length > 0);
  const out: string[] = [
    '<!-- Generated by `npm run docs` (scripts/cluster-file-reference.ts) from src/app/config/schema.ts and the doc',
    '     comments of ClusterSpec (src/lib/stack/cluster-spec.ts). Do not edit: change those and run `npm run docs`. -->',
    '',
    '# The cluster file',
    '',
    'One YAML file per cluster, `clusters/<name>.yaml`; `npm run synth` renders it into `dist/<name>/`. This page',
    'lists every key. The key names follow the Tigera operator\'s `Installation` API where there is one, so what you',
    'know from upstream\'s `custom-resources.yaml` carries over.',
    '',
    '- An unknown key, a value of the wrong type and a value outside a closed set are errors, reported all at',
    '  once with the key\'s path, the value and what is allowed. What a value means (a CIDR inside `podSubnet`, a',
    '  valid selector, a free node port, ...) is checked next: see [What synth checks](checks.md).',
    '- **Allowed** is what the file\'s schema takes; list lengths are the file\'s own limits, and a construct may',
    '  allow fewer (the `Installation` takes at most 25 pools).',
    '- **Default** is what calico-stack renders when the key is left out. A section left out gets the defaults',
    '  of all its keys.',
    '- In a cdk8s app the same keys are a `ClusterSpec` ([library guide](library.md)); the descriptions below are',
    '  the doc comments of its properties, which is why a few of them also say what the TypeScript value is.',
    '',
    '## Top-level keys',
    '',
    '| key | allowed | default | what it is |',
    '|---|---|---|---|',
    ...keys.map((k) => {
      const what = k.children.length > 0 ? `[section](#${k.path})` : allowed(k.schema, k.typeText);
      return `| \`${k.path}\` | ${cell(what)} | ${cell(k.required ? 'required' : k.defaultText || '–')} | ${cell(k.description)} |`;
    }),
  ];
  for (const section of sections) {
    out.push('', `## ${section.path}`, '', '| key | allowed | default | what it is |', '|---|---|---|---|', ...rows(section.children));
  }
  out.push(
    '',
    '## Files a cluster file names',
    '',
    '`platform.kubeadmConfig` and `calico.crds` (unless it is `operator`) are paths, relative to the cluster file:',
    'the output of `kubectl -n kube-system get cm kubeadm-config -o yaml` (or the ClusterConfiguration given to',
    '`kubeadm init --config`), and a CRD bundle ([CRDs from a file](releases-and-upgrades.md#crds-from-a-file)).',
    'Keep such files in a sub-folder (`clusters/<name>/`): every `clusters/*.yaml` is read as a cluster file. Only',
    'regular files are read: a folder, a FIFO, a socket or a device is an error before a byte is read. Each kind',
    'of file has a size limit far above real files:',
    '',
    '| file | at most |',
    '|---|---|',
    ...Object.values(INPUT_KINDS).map((kind) => `| ${kind.what} | ${formatBytes(kind.limit)} |`),
    '',
  );
  return out.join('\n');
}

if (require.main === module) {
  // npm runs scripts in the project folder.
  const root = process.cwd();
  fs.writeFileSync(path.join(root, REFERENCE_FILE), clusterFileReference(root));
  process.stdout.write(`wrote ${REFERENCE_FILE}\n`);
}
