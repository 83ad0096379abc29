/**
 * npm run props-schemas: writes src/lib/common/props-schemas.json, the shape of the props of every
 * construct the package exports, as JSON Schema generated from their TypeScript types with
 * ts-json-schema-generator. At run time each construct checks the props it is given against its
 * schema (src/lib/common/props-check.ts), so props from JSON, a JavaScript caller or a cast get the
 * findings TypeScript's types would have given: unknown keys (with a near match), wrong types, missing
 * keys, values outside a closed set.
 *
 * Which constructs: every class src/index.ts exports that is a Construct, with the type of its
 * constructor's `props` parameter; except CalicoStack, whose spec has a zod schema of its own, shared
 * with the cluster file (src/lib/stack/spec-schema.ts).
 *
 * How types become schemas (ts-json-schema-generator's rules, and two of ours):
 * - interfaces, type literals, `Omit`/`Readonly`/`Record`, arrays, enums, string literal unions and
 *   `${Enum}` template types are schemas of their shape; an object takes no key its type does not name
 *   (`additionalProperties: false`), an index signature takes any key;
 * - a class (a construct such as Grafana's `prometheus`, cdk8s' `Duration`, cdk8s-plus' `Workload`) and
 *   the release facts a caller looks up rather than writes ({@link LOOKED_UP}) are not expanded: the
 *   value must be an object that has every public member the type declares (`x-instance-of`,
 *   `x-members`), which tells a construct from a string or a plain `{}`, without walking construct
 *   trees or release data;
 * - the interfaces of {@link OPEN_TYPES} take any other key (`additionalProperties: true`);
 * - doc comments are ignored (a `@default` is documentation, not a constraint).
 *
 * test/common/props-schemas.test.ts fails when the committed file is not what this script writes now.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BaseType, ChainNodeParser, CompletedConfig, Context, createFormatter, DEFAULT_CONFIG, InterfaceAndClassNodeParser, createParser, Definition, NodeParser, SchemaGenerator, SubNodeParser, SubTypeFormatter,
} from 'ts-json-schema-generator';
import * as ts from 'typescript';

/** The file this script writes, relative to the project. */
export const PROPS_SCHEMAS_FILE = path.join('src', 'lib', 'common', 'props-schemas.json');

/** Exported constructs whose props are checked otherwise, and where. */
export const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  CalicoStack: 'src/lib/stack/spec-schema.ts (shared with the cluster file)',
};

/** Data types a caller gets from the library (`calicoRelease(version)`), checked as references, not field by field. */
export const LOOKED_UP: ReadonlySet<string> = new Set(['CalicoRelease', 'RetinaRelease']);

/**
 * Interfaces that name only the fields calico-stack reads of an object that has more, and take the
 * rest as they are: a Grafana dashboard (the SDK's `Dashboard` has no index signature, so the
 * interface cannot have one either).
 */
export const OPEN_TYPES: ReadonlySet<string> = new Set(['GrafanaDashboard']);

/** What the generated file holds. */
export interface PropsSchemas {
  readonly generatedBy: string;
  /** Construct (class name) → the name of its props type. */
  readonly constructs: Readonly<Record<string, string>>;
  /** Props type → its schema. */
  readonly schemas: Readonly<Record<string, Definition>>;
}

/** A class, or a looked-up data type: checked as an object with the type's members. */
class ReferencedType extends BaseType {
  constructor(private readonly name: string, readonly members: readonly string[]) {
    super();
  }

  public getId(): string {
    return `referenced:${this.name}`;
  }

  public getName(): string {
    return this.name;
  }
}

/** Stops the generator at classes and looked-up types (see the file's comment). */
class ReferencedTypeParser implements SubNodeParser {
  constructor(private readonly checker: ts.TypeChecker) {}

  public supportsNode(node: ts.Node): boolean {
    return ts.isClassDeclaration(node) || (ts.isInterfaceDeclaration(node) && LOOKED_UP.has(node.name.text));
  }

  public createType(node: ts.ClassDeclaration | ts.InterfaceDeclaration, _context: Context): BaseType {
    const name = node.name?.text;
    if (name === undefined) throw new Error(`an anonymous class in ${node.getSourceFile().fileName} is the type of a prop`);
    const type = this.checker.getDeclaredTypeOfSymbol(this.checker.getSymbolAtLocation(node.name!)!);
    const members = this.checker.getPropertiesOfType(type)
      .filter((p) => isPublic(p) && !p.name.startsWith('_') && !p.name.startsWith('__@') && !(p.flags & ts.SymbolFlags.Optional))
      .map((p) => p.name)
      .sort();
    return new ReferencedType(name, members);
  }
}

/** The interfaces of {@link OPEN_TYPES}: their fields, and any other key. */
class OpenInterfaceParser extends InterfaceAndClassNodeParser {
  public supportsNode(node: ts.InterfaceDeclaration | ts.ClassDeclaration): boolean {
    return ts.isInterfaceDeclaration(node) && OPEN_TYPES.has(node.name.text);
  }
}

function isPublic(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).every((d) => (ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0
    && !(ts.isPropertyDeclaration(d) && ts.isPrivateIdentifier(d.name)));
}

class ReferencedTypeFormatter implements SubTypeFormatter {
  public supportsType(type: BaseType): boolean {
    return type instanceof ReferencedType;
  }

  public getDefinition(type: ReferencedType): Definition {
    return { 'type': 'object', 'x-instance-of': type.getName(), 'x-members': [...type.members] } as Definition;
  }

  public getChildren(): BaseType[] {
    return [];
  }
}

const CONFIG: CompletedConfig = {
  ...DEFAULT_CONFIG,
  expose: 'none',
  topRef: false,
  jsDoc: 'none',
  sortProps: false,
  additionalProperties: false,
  functions: 'fail',
  skipTypeCheck: true,
  encodeRefs: false,
};

/** The schemas of the props of the constructs src/index.ts exports, from the sources below `root`. */
export function propsSchemas(root: string): PropsSchemas {
  const program = projectProgram(root);
  const checker = program.getTypeChecker();
  const parser: NodeParser = createParser(program, CONFIG, (chain) => {
    chain.addNodeParser(new ReferencedTypeParser(checker));
    // The augmentor is given the chain itself, typed by what it may do to it.
    chain.addNodeParser(new OpenInterfaceParser(checker, chain as ChainNodeParser, true));
  });
  const formatter = createFormatter(CONFIG, (chain) => {
    chain.addTypeFormatter(new ReferencedTypeFormatter());
  });
  const generator = new SchemaGenerator(program, parser, formatter, CONFIG);
  const constructs: Record<string, string> = {};
  const schemas: Record<string, Definition> = {};
  for (const { name, props } of exportedConstructs(program, root)) {
    const propsName = props.name!.text;
    constructs[name] = propsName;
    if (Object.hasOwn(schemas, propsName)) continue;
    const { $schema: _, definitions, ...schema } = generator.createSchemaFromNodes([props]) as Definition & { definitions?: Record<string, Definition> };
    schemas[propsName] = inline(schema, definitions ?? {}, [propsName]);
  }
  return {
    generatedBy: 'npm run props-schemas (scripts/props-schemas.ts), from the props types; do not edit',
    constructs: sortedKeys(constructs),
    schemas: sortedKeys(schemas),
  };
}

/** The file's text: JSON, two spaces, a final line break. */
export function propsSchemasText(root: string): string {
  return `${JSON.stringify(propsSchemas(root), null, 2)}\n`;
}

/** The program of the package's entry point, with the project's compiler options. */
function projectProgram(root: string): ts.Program {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  return ts.createProgram([path.join(root, 'src', 'index.ts')], { ...options, noEmit: true });
}

/** Every class src/index.ts exports that is a Construct, with the declaration of its props type, by name. */
function exportedConstructs(program: ts.Program, root: string): { name: string; props: ts.InterfaceDeclaration | ts.TypeAliasDeclaration }[] {
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(path.join(root, 'src', 'index.ts'));
  if (!entry) throw new Error('src/index.ts is not in the program');
  const out: { name: string; props: ts.InterfaceDeclaration | ts.TypeAliasDeclaration }[] = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.find(ts.isClassDeclaration);
    if (!declaration || !isConstruct(checker, checker.getDeclaredTypeOfSymbol(symbol)) || Object.hasOwn(CHECKED_ELSEWHERE, symbol.name)) continue;
    const constructor = declaration.members.find(ts.isConstructorDeclaration);
    const param = constructor?.parameters[2];
    if (!param?.type || !ts.isTypeReferenceNode(param.type)) {
      throw new Error(`${symbol.name}: its constructor has no props parameter of a named type (scope, id, props: XxxProps)`);
    }
    const propsSymbol = checker.getSymbolAtLocation(param.type.typeName);
    const target = propsSymbol && propsSymbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(propsSymbol) : propsSymbol;
    const props = target?.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d)) as ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
    if (!props) throw new Error(`${symbol.name}: the declaration of its props type ${param.type.typeName.getText()} is not found`);
    out.push({ name: symbol.name, props });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function isConstruct(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.symbol?.name === 'Construct' && type.symbol.declarations?.some((d) => d.getSourceFile().fileName.includes('/node_modules/constructs/'))) return true;
  return checker.getBaseTypes(type as ts.InterfaceType).some((base) => isConstruct(checker, base));
}

/** `schema` with every `$ref` replaced by its definition (a recursive props type is an error: none is). */
function inline(schema: Definition, definitions: Readonly<Record<string, Definition>>, via: readonly string[]): Definition {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, definitions, via)) as unknown as Definition;
  if (typeof schema !== 'object' || schema === null) return schema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref !== undefined) {
    const name = ref.replace(/^#\/definitions\//, '');
    if (via.includes(name)) throw new Error(`the props type ${via[0]} is recursive (${[...via, name].join(' → ')}); a recursive type has no inline schema`);
    if (!Object.hasOwn(definitions, name)) throw new Error(`${via[0]}: ${ref} is not defined`);
    return inline(definitions[name], definitions, [...via, name]);
  }
  // A union of primitive types (`string | number`) is written `type: [..]`, which the schema checker
  // (common/crd-schema.ts, the API server's keywords) does not take: as an anyOf of one type each.
  const { type, ...rest } = schema as { type?: unknown };
  if (Array.isArray(type)) return inline({ ...rest, anyOf: type.map((t) => ({ type: t })) } as Definition, definitions, via);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, typeof v === 'object' && v !== null ? inline(v as Definition, definitions, via) : v])) as Definition;
}

function sortedKeys<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

if (require.main === module) {
  // npm runs scripts in the project folder.
  const root = process.cwd();
  fs.writeFileSync(path.join(root, PROPS_SCHEMAS_FILE), propsSchemasText(root));
  process.stdout.write(`wrote ${PROPS_SCHEMAS_FILE}\n`);
}
