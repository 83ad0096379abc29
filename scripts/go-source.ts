/**
 * Just enough of Go's syntax to walk a call graph without a Go parser (scripts/extract-operator-rules.ts):
 * the top-level functions, methods and function-valued variables of a source file, with their line
 * ranges, and the names each function's body refers to.
 *
 * How: comments and the contents of string, raw-string and rune literals are blanked out (same
 * length, line breaks kept), so that what is left is code whose braces and parentheses match. A
 * declaration starts at the beginning of a line (`func …`, `var Name … = func(`), as gofmt writes
 * every top-level declaration; its parameters and results are skipped by matching parentheses, the
 * braces of `struct{…}` and `interface{…}` in its signature are skipped, and the body is the brace
 * block that follows, matched to its end.
 *
 * Limits (what a real parser would do that this does not):
 * - Names are not resolved by scope: a bare name in a body that is also the name of a function of
 *   the package counts as a reference to it, even where a local variable or parameter shadows it
 *   (it over-approximates; it never misses a direct reference).
 * - Method calls are resolved only on the enclosing method's receiver (`r.helper()`); a method called
 *   on any other value (`x.Validate()`, an interface) is not followed, as its type is unknown here.
 *   {@link GoReference} keeps those calls (`kind: 'method'`) so that a caller can list them.
 * - Function-valued variables are found only as single `var Name … = func(…) … {` declarations,
 *   not inside a `var ( … )` group; functions assigned to variables at run time are not followed.
 * - Code inside a file that does not build (unbalanced braces) gives wrong ranges; gofmt'ed source
 *   from a tagged release builds.
 */

/** A top-level function, method or function-valued variable of a file. */
export interface GoFunction {
  /** `validateCustomResource`; a method is `Type.Method`. */
  readonly name: string;
  /** The receiver's type name (no `*`, no type parameters), for a method. */
  readonly receiverType?: string;
  /** The receiver's variable name, for a method that names it. */
  readonly receiverName?: string;
  /** Offset of the body's `{` in the file's text. */
  readonly bodyStart: number;
  /** Offset just after the body's `}`. */
  readonly bodyEnd: number;
  /** 1-based line of the declaration's first line. */
  readonly startLine: number;
  /** 1-based line of the body's closing brace. */
  readonly endLine: number;
}

/** One Go source file, scanned. */
export interface GoFile {
  readonly path: string;
  /** The name in its `package` clause. */
  readonly packageName: string;
  /** Import name (alias, or the package's own name as written when none: see {@link importName}) → import path. */
  readonly imports: ReadonlyMap<string, string>;
  /** Imports without an alias, whose package name must be read from the package itself. */
  readonly unnamedImports: readonly string[];
  readonly functions: readonly GoFunction[];
  /** The file's text. */
  readonly text: string;
  /** The text with comments and literal contents blanked (same length). */
  readonly code: string;
}

/** A name a function body refers to. */
export interface GoReference {
  /** `ident`: a bare name; `qualified`: `pkg.Name` (pkg an import); `method`: `x.Name(` on a value; `receiver`: `recv.Name` on the enclosing method's receiver. */
  readonly kind: 'ident' | 'qualified' | 'method' | 'receiver';
  readonly name: string;
  /** The import name before the dot (`qualified`). */
  readonly qualifier?: string;
  /** Whether a call follows (`(` after the name). */
  readonly call: boolean;
  /** Offset of the reference (of the qualifier for `qualified`). */
  readonly offset: number;
}

const KEYWORDS = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if',
  'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var',
]);

/**
 * The text with every comment and the contents of every string, raw string and rune literal
 * replaced by spaces (line breaks kept, the quotes kept), so that brackets in code can be matched.
 */
export function blankLiterals(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      const stop = end === -1 ? text.length : end;
      blank(i + 1, stop);
      i = stop + 1;
    } else {
      i += 1;
    }
  }
  return out.join('');
}

/** The offset of the bracket that closes the one at `open` (`(`, `[` or `{`), in blanked code. */
export function matchBracket(code: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c in pairs) stack.push(pairs[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) throw new Error(`unbalanced ${c} at offset ${i}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`no bracket closes the one at offset ${open}`);
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line += 1;
  return line;
}

const skipSpace = (code: string, i: number): number => {
  while (i < code.length && /\s/.test(code[i])) i += 1;
  return i;
};

/**
 * From just after a function's parameter list: the offset of its body's `{`, skipping the result
 * types (a parenthesised list, or a type that may hold `struct{…}`, `interface{…}` or `func(…)`).
 * Undefined for a declaration without a body.
 */
function bodyOpen(code: string, from: number): number | undefined {
  let i = from;
  while (i < code.length) {
    const c = code[i];
    if (c === '(' || c === '[') {
      i = matchBracket(code, i) + 1;
    } else if (c === '{') {
      const before = code.slice(Math.max(0, i - 12), i).trimEnd();
      if (/\b(struct|interface)$/.test(before)) i = matchBracket(code, i) + 1;
      else return i;
    } else if (c === '\n') {
      // A declaration without a body (an assembly function) ends at its line.
      const rest = code.slice(from, i).trim();
      if (rest === '' || !/[,(]$/.test(rest)) return undefined;
      i += 1;
    } else {
      i += 1;
    }
  }
  return undefined;
}

/** Scans one Go source file. */
export function scanGoFile(path: string, text: string): GoFile {
  const code = blankLiterals(text);
  const pkg = /^package\s+(\w+)/m.exec(code);
  if (!pkg) throw new Error(`${path}: no package clause`);
  const imports = new Map<string, string>();
  const unnamedImports: string[] = [];
  const addImport = (spec: string, at: number) => {
    const m = /^\s*([\w.]+\s+)?"$/.exec(spec);
    if (!m) return;
    // The path is inside the blanked quotes: read it from the text.
    const quote = text.indexOf('"', at);
    const close = text.indexOf('"', quote + 1);
    const importPath = text.slice(quote + 1, close);
    const alias = m[1]?.trim();
    if (alias === '_' || alias === '.') return;
    if (alias) imports.set(alias, importPath);
    else unnamedImports.push(importPath);
  };
  for (const m of code.matchAll(/^import\s*(\(|")/gm)) {
    if (m[1] === '"') {
      addImport('"', m.index + m[0].length - 1);
    } else {
      const open = m.index + m[0].length - 1;
      const close = matchBracket(code, open);
      let lineStart = open + 1;
      for (const line of code.slice(open + 1, close).split('\n')) {
        const quote = line.indexOf('"');
        if (quote !== -1) addImport(line.slice(0, quote + 1), lineStart);
        lineStart += line.length + 1;
      }
    }
  }

  const functions: GoFunction[] = [];
  for (const m of code.matchAll(/^func\b/gm)) {
    let i = skipSpace(code, m.index + 4);
    let receiverType: string | undefined;
    let receiverName: string | undefined;
    if (code[i] === '(') {
      const close = matchBracket(code, i);
      const recv = code.slice(i + 1, close).trim();
      const r = /^(?:(\w+)\s+)?\*?\s*(\w+)/.exec(recv);
      receiverName = r?.[1];
      receiverType = r?.[2];
      i = skipSpace(code, close + 1);
    }
    const nameMatch = /^\w+/.exec(code.slice(i, i + 200));
    if (!nameMatch) continue;
    const name = nameMatch[0];
    i += name.length;
    i = skipSpace(code, i);
    if (code[i] === '[') i = skipSpace(code, matchBracket(code, i) + 1); // type parameters
    if (code[i] !== '(') continue;
    const open = bodyOpen(code, matchBracket(code, i) + 1);
    if (open === undefined) continue;
    const close = matchBracket(code, open);
    functions.push({
      name: receiverType ? `${receiverType}.${name}` : name,
      ...(receiverType ? { receiverType } : {}),
      ...(receiverName ? { receiverName } : {}),
      bodyStart: open,
      bodyEnd: close + 1,
      startLine: lineAt(text, m.index),
      endLine: lineAt(text, close),
    });
  }
  for (const m of code.matchAll(/^var\s+(\w+)\b[^=\n]*=\s*func\s*\(/gm)) {
    const paren = m.index + m[0].length - 1;
    const open = bodyOpen(code, matchBracket(code, paren) + 1);
    if (open === undefined) continue;
    const close = matchBracket(code, open);
    functions.push({ name: m[1], bodyStart: open, bodyEnd: close + 1, startLine: lineAt(text, m.index), endLine: lineAt(text, close) });
  }
  functions.sort((a, b) => a.bodyStart - b.bodyStart);
  return { path, packageName: pkg[1], imports, unnamedImports, functions, text, code };
}

/** The offset of the last character before `i` that is not white space (-1 at the start). */
const lastCodeBefore = (code: string, i: number): number => {
  let k = i - 1;
  while (k >= 0 && /\s/.test(code[k])) k -= 1;
  return k;
};

/**
 * The names a function's body refers to, in order (keywords left out). `importNames` maps the
 * file's import names (aliases, and the package names of imports without one) to import paths.
 */
export function referencesOf(file: GoFile, fn: GoFunction, importNames: ReadonlyMap<string, string>): GoReference[] {
  const { code } = file;
  const refs: GoReference[] = [];
  const ident = /[A-Za-z_]\w*/g;
  ident.lastIndex = fn.bodyStart;
  for (let m = ident.exec(code); m !== null && m.index < fn.bodyEnd; m = ident.exec(code)) {
    const name = m[0];
    const start = m.index;
    const end = start + name.length;
    if (KEYWORDS.has(name) || (start > 0 && /\w/.test(code[start - 1]))) continue;
    const afterAt = skipSpace(code, end);
    const call = code[afterAt] === '(' || (code[afterAt] === '[' && code[skipSpace(code, matchBracket(code, afterAt) + 1)] === '(');
    const dot = lastCodeBefore(code, start);
    if (dot >= 0 && code[dot] === '.') {
      // A selector: `q.name`, `x.y.name`, `f().name`.
      const qEnd = lastCodeBefore(code, dot) + 1;
      let qStart = qEnd;
      while (qStart > 0 && /\w/.test(code[qStart - 1])) qStart -= 1;
      const qualifier = code.slice(qStart, qEnd);
      const beforeQualifier = lastCodeBefore(code, qStart);
      const chained = qualifier === '' || (beforeQualifier >= 0 && code[beforeQualifier] === '.');
      if (!chained && importNames.has(qualifier)) {
        refs.push({ kind: 'qualified', name, qualifier, call, offset: qStart });
      } else if (!chained && qualifier === fn.receiverName) {
        refs.push({ kind: 'receiver', name, call, offset: start });
      } else if (call) {
        refs.push({ kind: 'method', name, call, offset: start });
      }
      continue;
    }
    // A name followed by `.` is a qualifier or a value: its selector is the reference.
    if (code[afterAt] === '.') continue;
    refs.push({ kind: 'ident', name, call, offset: start });
  }
  return refs;
}
