/**
 * Calico selector syntax (`all()`, `has(k)`, `k == "v"`, `k in {"a", "b"}`, `!`, `&&`, `||`,
 * parentheses), checked the way Calico checks an IPPool's nodeSelector before it stores the pool:
 * libcalico-go's validator runs the selector parser on it (projectcalico/calico v3.31.7,
 * libcalico-go/lib/validator/v3/validator.go:583-594; api/pkg/apis/projectcalico/v3/ippool.go:75).
 * The grammar and the error phrases follow libcalico-go/lib/selector/tokenizer/tokenizer.go and
 * libcalico-go/lib/selector/parser/parser.go of that release: only space and tab are blanks,
 * strings are quoted with `"` or `'` and have no escapes, a label is 1–512 of `[A-Za-z0-9_./-]`.
 */

enum Tok { LABEL, STRING, LBRACE, RBRACE, COMMA, EQ, NE, IN, NOT_IN, CONTAINS, STARTS_WITH, ENDS_WITH, NOT, HAS, ALL, GLOBAL, LPAREN, RPAREN, AND, OR, EOF }

interface Token {
  readonly tok: Tok;
  readonly text?: string;
}

/** tokenizer.go MaxLabelLength. */
const MAX_LABEL_LENGTH = 512;

/**
 * Parentheses nested deeper than this are refused. Calico has no such limit (Go stacks grow); here
 * it keeps a hostile selector from exhausting the stack. No real selector comes close.
 */
export const MAX_SELECTOR_NESTING = 100;

const isLabelChar = (c: string) => /[A-Za-z0-9_./-]/.test(c);

class SelectorError extends Error {}

/** Splits a selector into tokens; throws SelectorError with the tokenizer's phrase. */
function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let rest = selector;
  const skipBlanks = () => {
    rest = rest.replace(/^[ \t]+/, '');
  };
  const label = (): string => {
    let end = 0;
    while (end < rest.length && isLabelChar(rest[end])) end++;
    const text = rest.slice(0, end);
    if (text === '') throw new SelectorError('expected identifier');
    if (text.length > MAX_LABEL_LENGTH) throw new SelectorError(`label too long: ${text.slice(0, 40)}…`);
    rest = rest.slice(end);
    return text;
  };
  // A keyword operator after a label must end at a word boundary ("in" is not the start of "inner").
  const keyword = (...words: string[]): boolean => {
    let r = rest;
    for (const word of words) {
      if (!r.startsWith(word)) return false;
      r = r.slice(word.length).replace(/^[ \t]+/, '');
    }
    if (r !== '' && isLabelChar(r[0])) return false;
    rest = r;
    return true;
  };
  const call = (name: string, tok: Tok.HAS | Tok.ALL | Tok.GLOBAL): boolean => {
    if (!rest.startsWith(`${name}(`)) return false;
    rest = rest.slice(name.length + 1);
    skipBlanks();
    const text = tok === Tok.HAS ? label() : undefined;
    skipBlanks();
    if (!rest.startsWith(')')) throw new SelectorError(`no closing ')' after ${name}(`);
    rest = rest.slice(1);
    tokens.push({ tok, text });
    return true;
  };
  for (;;) {
    skipBlanks();
    if (rest === '') {
      tokens.push({ tok: Tok.EOF });
      return tokens;
    }
    const single: Record<string, Tok> = { '(': Tok.LPAREN, ')': Tok.RPAREN, '{': Tok.LBRACE, '}': Tok.RBRACE, ',': Tok.COMMA };
    const c = rest[0];
    if (c in single) {
      tokens.push({ tok: single[c] });
      rest = rest.slice(1);
    } else if (c === '"' || c === "'") {
      const end = rest.indexOf(c, 1);
      if (end < 0) throw new SelectorError('unterminated string');
      tokens.push({ tok: Tok.STRING, text: rest.slice(1, end) });
      rest = rest.slice(end + 1);
    } else if (c === '=') {
      if (!rest.startsWith('==')) throw new SelectorError('expected ==');
      tokens.push({ tok: Tok.EQ });
      rest = rest.slice(2);
    } else if (c === '!') {
      const ne = rest.startsWith('!=');
      tokens.push({ tok: ne ? Tok.NE : Tok.NOT });
      rest = rest.slice(ne ? 2 : 1);
    } else if (c === '&' || c === '|') {
      if (!rest.startsWith(c + c)) throw new SelectorError(`expected ${c}${c}`);
      tokens.push({ tok: c === '&' ? Tok.AND : Tok.OR });
      rest = rest.slice(2);
    } else if (tokens.length > 0 && tokens[tokens.length - 1].tok === Tok.LABEL) {
      const operator = keyword('contains') ? Tok.CONTAINS
        : keyword('starts', 'with') ? Tok.STARTS_WITH
          : keyword('ends', 'with') ? Tok.ENDS_WITH
            : keyword('not', 'in') ? Tok.NOT_IN
              : keyword('in') ? Tok.IN : undefined;
      if (operator === undefined) throw new SelectorError(`expected operator after label ${JSON.stringify(tokens[tokens.length - 1].text)}`);
      tokens.push({ tok: operator });
    } else if (!call('has', Tok.HAS) && !call('all', Tok.ALL) && !call('global', Tok.GLOBAL)) {
      tokens.push({ tok: Tok.LABEL, text: label() });
    }
  }
}

const COMPARISONS: ReadonlySet<Tok> = new Set([Tok.EQ, Tok.NE, Tok.CONTAINS, Tok.STARTS_WITH, Tok.ENDS_WITH]);

/** Recursive descent over the tokens: or → and ('||' and)*, and → term ('&&' term)*. */
class Checker {
  private at = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  public check(): void {
    if (this.peek().tok === Tok.EOF) return;
    this.or();
    if (this.peek().tok !== Tok.EOF) throw new SelectorError('unexpected content at end of selector');
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }

  private or(): void {
    this.and();
    while (this.peek().tok === Tok.OR) {
      this.at++;
      this.and();
    }
  }

  private and(): void {
    this.term();
    while (this.peek().tok === Tok.AND) {
      this.at++;
      this.term();
    }
  }

  private term(): void {
    while (this.peek().tok === Tok.NOT) this.at++;
    const token = this.peek();
    switch (token.tok) {
      case Tok.HAS:
      case Tok.ALL:
      case Tok.GLOBAL:
        this.at++;
        return;
      case Tok.LPAREN:
        if (++this.depth > MAX_SELECTOR_NESTING) throw new SelectorError(`parentheses nested more than ${MAX_SELECTOR_NESTING} deep`);
        this.at++;
        this.or();
        this.depth--;
        if (this.peek().tok !== Tok.RPAREN) throw new SelectorError('expected )');
        this.at++;
        return;
      case Tok.LABEL:
        this.comparison();
        return;
      default:
        throw new SelectorError(`unexpected token ${describe(token)}`);
    }
  }

  private comparison(): void {
    const operator = this.peek(1);
    if (operator.tok === Tok.EOF) throw new SelectorError('unexpected end of string looking for op');
    if (COMPARISONS.has(operator.tok)) {
      if (this.peek(2).tok !== Tok.STRING) throw new SelectorError('expected string');
      this.at += 3;
    } else if (operator.tok === Tok.IN || operator.tok === Tok.NOT_IN) {
      if (this.peek(2).tok !== Tok.LBRACE) throw new SelectorError('expected set literal');
      this.at += 3;
      // Strings separated by commas; a comma before the closing brace is accepted, as by Calico.
      while (this.peek().tok === Tok.STRING) {
        this.at++;
        if (this.peek().tok !== Tok.COMMA) break;
        this.at++;
      }
      if (this.peek().tok !== Tok.RBRACE) throw new SelectorError('expected }');
      this.at++;
    } else {
      throw new SelectorError(`expected == or != not ${describe(operator)}`);
    }
  }
}

function describe(token: Token): string {
  if (token.tok === Tok.EOF) return 'end of selector';
  if (token.tok === Tok.STRING) return JSON.stringify(token.text);
  if (token.tok === Tok.LABEL) return `label ${JSON.stringify(token.text)}`;
  return `"${({ [Tok.LBRACE]: '{', [Tok.RBRACE]: '}', [Tok.COMMA]: ',', [Tok.EQ]: '==', [Tok.NE]: '!=', [Tok.IN]: 'in', [Tok.NOT_IN]: 'not in', [Tok.CONTAINS]: 'contains', [Tok.STARTS_WITH]: 'starts with', [Tok.ENDS_WITH]: 'ends with', [Tok.NOT]: '!', [Tok.LPAREN]: '(', [Tok.RPAREN]: ')', [Tok.AND]: '&&', [Tok.OR]: '||' } as Partial<Record<Tok, string>>)[token.tok] ?? Tok[token.tok]}"`;
}

/** Why Calico would reject `selector`, in its parser's words; undefined when it is valid. */
export function selectorError(selector: string): string | undefined {
  try {
    new Checker(tokenize(selector)).check();
    return undefined;
  } catch (err) {
    if (err instanceof SelectorError) return err.message;
    throw err;
  }
}
