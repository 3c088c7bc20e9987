// The tokenizer as it was before the char-code rewrite (commit d693e7b), kept only so
// test/unit/sql/tokenize-equivalence.test.ts can prove the rewrite yields the same tokens.
/**
 * A TokenKind says what a token is:
 * - `word`: an unquoted identifier or keyword (`select`, `users`, `a$b`);
 * - `quoted_identifier`: `"x"` (both dialects), `` `x` `` and `[x]` (SQLite), `U&"x"` (PostgreSQL);
 * - `string`: `'it''s'`, PostgreSQL `E'\''`, `$tag$…$tag$`, `B'…'`, `U&'…'`, SQLite `X'…'` and PostgreSQL `X'…'`;
 * - `number`: `42`, `3.14`, `.5`, `1e-3`, `0x1F`;
 * - `parameter`: `?`, `?1`, `:name`, `@name`, `$name` (SQLite), `$1` (PostgreSQL);
 * - `operator`: `=`, `<>`, `||`, `::`, `->>` …;
 * - `punctuation`: `(`, `)`, `,`, `;`, `.`, and `[`/`]` on PostgreSQL;
 * - `line_comment` (`-- …`) and `block_comment` (`/* … *\/`, nested on PostgreSQL).
 */
export type TokenKind =
  | "word"
  | "quoted_identifier"
  | "string"
  | "number"
  | "parameter"
  | "operator"
  | "punctuation"
  | "line_comment"
  | "block_comment";

/** A Token is one lexical unit of SQL text, with its place in the source. Whitespace makes no tokens. */
export interface Token {
  readonly kind: TokenKind;
  /** The token exactly as written, `sql.slice(start, end)`. */
  readonly text: string;
  /**
   * The decoded value: an identifier's name without quotes (`"a""b"` → `a"b`), a string's
   * content without quotes and escapes (`'it''s'` → `it's`, `E'\n'` → a newline), and `text` for
   * every other kind.
   */
  readonly value: string;
  /** Offset of the first character in the source. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /** Set when a string, quoted identifier or block comment runs to the end of the text unclosed. */
  readonly unterminated?: true;
}

const identPart = /[A-Za-z0-9_$\u0080-\uFFFF]/;
/** The rest of a word after its first character (sticky: matches at `lastIndex` only). */
const identRun = /[A-Za-z0-9_$\u0080-\uFFFF]*/y;

// Character classes by code unit: the lexer looks at every character, so no regex per character.
const isDigit = (code: number) => code >= 48 && code <= 57;
const isIdentStart = (code: number) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 0x80;
/** JavaScript's `\s`: ASCII space, tab to carriage return, and the Unicode spaces above 0x7f. */
const isSpace = (code: number, sql: string, at: number) =>
  code === 32 || (code >= 9 && code <= 13) || (code >= 0x80 && /\s/.test(sql[at] as string));

/**
 * TokenRules say how a dialect's lexer reads SQL text: which quotes, strings, parameters and
 * operators exist. A dialect's `sql` part carries them (see `SqlRules` in sql-rules.ts).
 */
export interface TokenRules {
  /** Block comments nest: `/* a /* b *\/ c *\/` is one comment. */
  readonly nestedBlockComments: boolean;
  /** `E'…'` escape strings, with backslash escapes. */
  readonly escapeStrings: boolean;
  /** `U&'…'` strings and `U&"…"` identifiers. */
  readonly unicodeEscapes: boolean;
  /** `$tag$…$tag$` dollar-quoted strings. */
  readonly dollarQuotes: boolean;
  /** The characters that open a quoted identifier besides `"`: `` ` `` and `[` (closed by `]`). */
  readonly identifierQuotes: readonly ("`" | "[")[];
  /** How parameters are written: `numbered` (`$1`) or `prefixed` (`?`, `?1`, `:name`, `@name`, `$name`). */
  readonly parameters: "numbered" | "prefixed";
  /**
   * How operators are read: `runsOf` — any run of these characters is one operator (a run cannot
   * end in `+`/`-` unless it holds one of `` ~!@#%^&|`? ``, and `::` / `:=` are operators); or
   * `oneOf` — these multi-character operators, every other character alone.
   */
  readonly operators: { readonly runsOf: string } | { readonly oneOf: readonly string[] };
}

/**
 * Splits SQL text into tokens, the way a dialect's own lexer does (its `rules.tokens`), so callers can tell a keyword
 * from a string, an identifier or a comment that happens to contain the same letters. Pure and
 * total: malformed input (an unclosed quote or comment) still tokenizes, the last token marked
 * `unterminated`.
 */
export function tokenize(sql: string, rules: { readonly tokens: TokenRules }): Token[] {
  const tokens: Token[] = [];
  const r = rules.tokens;
  const backticks = r.identifierQuotes.includes("`");
  const brackets = r.identifierQuotes.includes("[");
  const runsOf = "runsOf" in r.operators ? r.operators.runsOf : undefined;
  const oneOf = "oneOf" in r.operators ? r.operators.oneOf : [];
  let i = 0;
  const push = (kind: TokenKind, end: number, value?: string, unterminated = false) => {
    const text = sql.slice(i, end);
    const token: Token = { kind, text, value: value ?? text, start: i, end };
    tokens.push(unterminated ? { ...token, unterminated: true } : token);
    i = end;
  };
  while (i < sql.length) {
    const code = sql.charCodeAt(i);
    if (isSpace(code, sql, i)) {
      i++;
      continue;
    }
    const c = sql[i] as string;
    const next = sql[i + 1] ?? "";
    if (c === "-" && next === "-") {
      const nl = sql.indexOf("\n", i);
      push("line_comment", nl < 0 ? sql.length : nl);
      continue;
    }
    if (c === "/" && next === "*") {
      const [end, closed] = blockCommentEnd(sql, i, r.nestedBlockComments);
      push("block_comment", end, undefined, !closed);
      continue;
    }
    if (c === "'") {
      const [end, value, closed] = quoted(sql, i + 1, "'", false);
      push("string", end, value, !closed);
      continue;
    }
    if (r.escapeStrings && (c === "E" || c === "e") && next === "'") {
      const [end, value, closed] = quoted(sql, i + 2, "'", true);
      push("string", end, value, !closed);
      continue;
    }
    if (/[BbXxNn]/.test(c) && next === "'") {
      const [end, value, closed] = quoted(sql, i + 2, "'", false);
      push("string", end, value, !closed);
      continue;
    }
    if (r.unicodeEscapes && (c === "U" || c === "u") && next === "&" && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const q = sql[i + 2] as string;
      const [end, value, closed] = quoted(sql, i + 3, q, false);
      push(q === "'" ? "string" : "quoted_identifier", end, value, !closed);
      continue;
    }
    if (c === '"' || (backticks && c === "`")) {
      const [end, value, closed] = quoted(sql, i + 1, c, false);
      push("quoted_identifier", end, value, !closed);
      continue;
    }
    if (brackets && c === "[") {
      const close = sql.indexOf("]", i + 1);
      const end = close < 0 ? sql.length : close + 1;
      push("quoted_identifier", end, sql.slice(i + 1, close < 0 ? sql.length : close), close < 0);
      continue;
    }
    if (c === "$") {
      if (r.dollarQuotes) {
        const tag = /^\$(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/.exec(sql.slice(i));
        if (tag) {
          const delimiter = tag[0];
          const close = sql.indexOf(delimiter, i + delimiter.length);
          const end = close < 0 ? sql.length : close + delimiter.length;
          const body = sql.slice(i + delimiter.length, close < 0 ? sql.length : close);
          push("string", end, body, close < 0);
          continue;
        }
      }
      if (r.parameters === "numbered") {
        const param = /^\$[0-9]+/.exec(sql.slice(i));
        if (param) {
          push("parameter", i + param[0].length);
          continue;
        }
      } else {
        const param = /^\$[A-Za-z0-9_$:]+/.exec(sql.slice(i));
        if (param) {
          push("parameter", i + param[0].length);
          continue;
        }
      }
    }
    if (r.parameters === "prefixed" && (c === "?" || ((c === ":" || c === "@") && identPart.test(next)))) {
      const param = /^(?:\?[0-9]*|[:@][A-Za-z0-9_$]+)/.exec(sql.slice(i));
      push("parameter", i + (param?.[0].length ?? 1));
      continue;
    }
    if (isDigit(code) || (c === "." && isDigit(sql.charCodeAt(i + 1)))) {
      push("number", numberEnd(sql, i));
      continue;
    }
    if (isIdentStart(code)) {
      identRun.lastIndex = i + 1;
      identRun.exec(sql);
      push("word", identRun.lastIndex);
      continue;
    }
    if ("(),;.".includes(c) || (!brackets && "[]".includes(c))) {
      push("punctuation", i + 1);
      continue;
    }
    if (runsOf !== undefined && c === ":") {
      push("operator", next === ":" || next === "=" ? i + 2 : i + 1);
      continue;
    }
    if (runsOf?.includes(c)) {
      push("operator", operatorRunEnd(sql, i, runsOf));
      continue;
    }
    const op = oneOf.find((o) => sql.startsWith(o, i));
    push("operator", i + (op?.length ?? 1));
  }
  return tokens;
}

/** Reads a quoted run after its opening quote; a doubled quote is one quote, and `backslash` enables `\` escapes. */
function quoted(sql: string, from: number, quote: string, backslash: boolean): [number, string, boolean] {
  let value = "";
  let j = from;
  while (j < sql.length) {
    const ch = sql[j] as string;
    if (backslash && ch === "\\") {
      const [decoded, length] = decodeEscape(sql, j);
      value += decoded;
      j += length;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        value += quote;
        j += 2;
        continue;
      }
      return [j + 1, value, true];
    }
    value += ch;
    j++;
  }
  return [sql.length, value, false];
}

const simpleEscapes: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Decodes one PostgreSQL escape-string escape at `at` (a backslash); returns the text and its length. */
function decodeEscape(sql: string, at: number): [string, number] {
  const rest = sql.slice(at + 1);
  const simple = simpleEscapes[rest[0] ?? ""];
  if (simple !== undefined) return [simple, 2];
  const octal = /^[0-7]{1,3}/.exec(rest);
  if (octal) return [String.fromCodePoint(Number.parseInt(octal[0], 8)), 1 + octal[0].length];
  const hex = /^x([0-9A-Fa-f]{1,2})/.exec(rest) ?? /^u([0-9A-Fa-f]{4})/.exec(rest) ?? /^U([0-9A-Fa-f]{8})/.exec(rest);
  if (hex?.[1]) return [String.fromCodePoint(Number.parseInt(hex[1], 16)), 1 + hex[0].length];
  if (rest.length === 0) return ["", 1];
  return [rest[0] as string, 2];
}

/** The end of a block comment starting at `at`; `nested` when the dialect nests them. */
function blockCommentEnd(sql: string, at: number, nested: boolean): [number, boolean] {
  let depth = 0;
  let j = at;
  while (j < sql.length) {
    if (sql.startsWith("/*", j) && (nested || depth === 0)) {
      depth++;
      j += 2;
    } else if (sql.startsWith("*/", j)) {
      depth--;
      j += 2;
      if (depth === 0) return [j, true];
    } else j++;
  }
  return [sql.length, false];
}

function numberEnd(sql: string, at: number): number {
  const rest = sql.slice(at);
  const hex = /^0[xX][0-9A-Fa-f_]+/.exec(rest);
  if (hex) return at + hex[0].length;
  const decimal = /^(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?/.exec(rest);
  return at + (decimal?.[0].length ?? 1);
}

/** An operator run of `chars` starting at `at`; it stops before a comment start. */
function operatorRunEnd(sql: string, at: number, chars: string): number {
  let j = at;
  while (j < sql.length && chars.includes(sql[j] as string)) {
    if (j > at && (sql.startsWith("--", j) || sql.startsWith("/*", j))) break;
    j++;
  }
  // A multi-character operator cannot end in + or - unless it holds one of ~!@#%^&|`?
  // (so `=-1` is `=` then `-1`).
  while (j - at > 1 && "+-".includes(sql[j - 1] as string) && !/[~!@#%^&|`?]/.test(sql.slice(at, j))) j--;
  return j;
}

/** Whether `token` is the unquoted keyword `keyword` (case-insensitive). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.kind === "word" && token.text.toUpperCase() === keyword;
}

/** Whether `token` is a comment. */
export function isComment(token: Token): boolean {
  return token.kind === "line_comment" || token.kind === "block_comment";
}

/** Whether `token` names something: an unquoted word or a quoted identifier. */
export function isName(token: Token | undefined): boolean {
  return token?.kind === "word" || token?.kind === "quoted_identifier";
}
