import {
  blockCommentEnd,
  executableOpenerEnd,
  numberEnd,
  operatorRunEnd,
  type ScannedQuote,
  scanBackslashQuoted,
  scanQuoted,
  stickyEnd,
} from "./token-scan.ts";

/**
 * A TokenKind says what a token is:
 * - `word`: an unquoted identifier or keyword (`select`, `users`, `a$b`);
 * - `quoted_identifier`: `"x"` (PostgreSQL, SQLite), `` `x` `` (SQLite, MySQL) and `[x]` (SQLite), `U&"x"` (PostgreSQL);
 * - `string`: `'it''s'`, PostgreSQL `E'\''`, `$tag$…$tag$`, `B'…'`, `U&'…'`, SQLite `X'…'` and PostgreSQL `X'…'`,
 *   MySQL `'it\'s'` and `"it\"s"`;
 * - `number`: `42`, `3.14`, `.5`, `1e-3`, `0x1F`;
 * - `parameter`: `?`, `?1`, `:name`, `@name`, `$name` (SQLite), `$1` (PostgreSQL), `?` (MySQL);
 * - `operator`: `=`, `<>`, `||`, `::`, `->>` …;
 * - `punctuation`: `(`, `)`, `,`, `;`, `.`, and `[`/`]` on PostgreSQL;
 * - `line_comment` (`-- …`, MySQL `# …`) and `block_comment` (`/* … *\/`, nested on PostgreSQL; on MySQL
 *   the `/*!…` / `/*M!…` opener and the `*\/` closer of an executable comment, whose contents are tokens).
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
  /**
   * How parameters are written: `numbered` (`$1`), `prefixed` (`?`, `?1`, `:name`, `@name`, `$name`)
   * or `positional` (`?` alone; `$` then starts a word, as MySQL names may: `$x`).
   */
  readonly parameters: "numbered" | "prefixed" | "positional";
  /**
   * How operators are read: `runsOf` — any run of these characters is one operator (a run cannot
   * end in `+`/`-` unless it holds one of `` ~!@#%^&|`? ``, and `::` / `:=` are operators); or
   * `oneOf` — these multi-character operators, every other character alone.
   */
  readonly operators: { readonly runsOf: string } | { readonly oneOf: readonly string[] };
  /** MySQL: `#` starts a line comment. */
  readonly hashComments?: boolean;
  /** MySQL: `--` starts a comment only before a space, a control character or the end of the text (`1--1` is `1 - -1`). */
  readonly dashCommentNeedsSpace?: boolean;
  /**
   * MySQL (its default `sql_mode`): `'…'`, `"…"` and `N'…'` are strings with backslash escapes
   * (`\'`, `\n`, `\0` …; `\%` and `\_` keep their backslash), and `"…"` is a string, not a name.
   */
  readonly backslashStrings?: boolean;
  /**
   * MySQL and MariaDB: `/*!…*\/`, `/*!50100 …*\/` and `/*M!…*\/` are executable comments, which the
   * server runs: the opener (with its version) and the closing `*\/` are block comments, and the text
   * between them is read as tokens, so a `DROP` inside one is seen.
   */
  readonly executableComments?: boolean;
}

/** `\\s` beyond ASCII (JavaScript's Unicode spaces); ASCII spaces are checked by code first. */
const wideSpace = /\s/;
const dollarTag = /\$(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/y;
const numberedParameter = /\$[0-9]+/y;
const dollarParameter = /\$[A-Za-z0-9_$:]+/y;
const prefixedParameter = /(?:\?[0-9]*|[:@][A-Za-z0-9_$]+)/y;

// Character classes by code unit: the lexer looks at every character, so no regex per character.
// An identifier character is an ASCII letter, digit, `_`, `$` or any code unit from 0x80 (NaN, past the end, is none).
const isDigit = (code: number) => code >= 48 && code <= 57;
const isIdentStart = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
const isIdentPart = (code: number) => isIdentStart(code) || isDigit(code) || code === 36;
/** Whether each ASCII code continues an identifier (1) or not (0): the word loop looks it up instead of calling the class functions. */
const identPartAscii = Uint8Array.from({ length: 128 }, (_, code) => (isIdentPart(code) ? 1 : 0));
/** Whether each ASCII code starts an identifier (1) or not (0). */
const identStartAscii = Uint8Array.from({ length: 128 }, (_, code) => (isIdentStart(code) ? 1 : 0));

/** The end of the identifier characters from `from` (a word's rest): the lexer's hottest loop, by table lookup. */
function wordEnd(sql: string, from: number, n: number): number {
  let end = from;
  while (end < n) {
    const code = sql.charCodeAt(end);
    if (code < 0x80 && identPartAscii[code] === 0) break;
    end++;
  }
  return end;
}

/**
 * Splits SQL text into tokens, the way a dialect's own lexer does (its `rules.tokens`), so callers can tell a keyword
 * from a string, an identifier or a comment that happens to contain the same letters. Pure and
 * total: malformed input (an unclosed quote or comment) still tokenizes, the last token marked
 * `unterminated`. One pass over the character codes; a token's text is its only copy of the source.
 */
export function tokenize(sql: string, rules: { readonly tokens: TokenRules }): Token[] {
  const tokens: Token[] = [];
  const r = rules.tokens;
  const n = sql.length;
  const backticks = r.identifierQuotes.includes("`");
  const brackets = r.identifierQuotes.includes("[");
  const prefixed = r.parameters === "prefixed";
  const positional = r.parameters === "positional";
  const dashNeedsSpace = r.dashCommentNeedsSpace === true;
  const hashComments = r.hashComments === true;
  const backslashStrings = r.backslashStrings === true;
  const executable = r.executableComments === true;
  // Inside an executable comment (`/*!…`): its `*/` is the closer.
  let inExecutable = false;
  const runsOf = "runsOf" in r.operators ? r.operators.runsOf : undefined;
  const oneOf = "oneOf" in r.operators ? r.operators.oneOf : [];
  let i = 0;
  while (i < n) {
    const code = sql.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13) || (code >= 0x80 && wideSpace.test(sql[i] as string))) {
      i++;
      continue;
    }
    const next = sql.charCodeAt(i + 1);
    // The two commonest tokens first, made directly: a word, unless its first letter opens a
    // prefixed string (E'', B'', X'', N'', U&''), and `(`, `)`, `,`, `;` (always punctuation).
    if ((code >= 0x80 || identStartAscii[code] === 1) && next !== 39 && next !== 38) {
      const end = wordEnd(sql, i + 1, n);
      const text = sql.slice(i, end);
      tokens.push({ kind: "word", text, value: text, start: i, end });
      i = end;
      continue;
    }
    if (code === 40 || code === 41 || code === 44 || code === 59) {
      const text = sql[i] as string;
      tokens.push({ kind: "punctuation", text, value: text, start: i, end: i + 1 });
      i++;
      continue;
    }
    let kind: TokenKind;
    let end = i;
    let value: string | undefined;
    let unterminated = false;
    let quoted: ScannedQuote | undefined;
    if (
      (code === 45 && next === 45 && (!dashNeedsSpace || dashCommentFollows(sql.charCodeAt(i + 2)))) ||
      (code === 35 && hashComments)
    ) {
      const nl = sql.indexOf("\n", i);
      end = nl < 0 ? n : nl;
      kind = "line_comment";
    } else if (inExecutable && code === 42 && next === 47) {
      end = i + 2;
      inExecutable = false;
      kind = "block_comment";
    } else if (code === 47 && next === 42) {
      const opener = executable && !inExecutable ? executableOpenerEnd(sql, i) : -1;
      if (opener >= 0) {
        end = opener;
        inExecutable = true;
        unterminated = sql.indexOf("*/", opener) < 0;
      } else {
        const c = blockCommentEnd(sql, i, r.nestedBlockComments);
        end = c.end;
        unterminated = !c.closed;
      }
      kind = "block_comment";
    } else if (code === 39) {
      quoted = backslashStrings ? scanBackslashQuoted(sql, i + 1, "'") : scanQuoted(sql, i + 1, "'", false);
      kind = "string";
    } else if (next === 39 && r.escapeStrings && (code === 69 || code === 101)) {
      quoted = scanQuoted(sql, i + 2, "'", true);
      kind = "string";
    } else if (
      next === 39 &&
      (code === 66 || code === 98 || code === 88 || code === 120 || code === 78 || code === 110)
    ) {
      quoted =
        backslashStrings && (code === 78 || code === 110)
          ? scanBackslashQuoted(sql, i + 2, "'")
          : scanQuoted(sql, i + 2, "'", false);
      kind = "string";
    } else if (r.unicodeEscapes && (code === 85 || code === 117) && next === 38 && isQuote(sql.charCodeAt(i + 2))) {
      const q = sql[i + 2] as string;
      quoted = scanQuoted(sql, i + 3, q, false);
      kind = q === "'" ? "string" : "quoted_identifier";
    } else if (code === 34 && backslashStrings) {
      quoted = scanBackslashQuoted(sql, i + 1, '"');
      kind = "string";
    } else if (code === 34 || (backticks && code === 96)) {
      quoted = scanQuoted(sql, i + 1, sql[i] as string, false);
      kind = "quoted_identifier";
    } else if (brackets && code === 91) {
      const close = sql.indexOf("]", i + 1);
      end = close < 0 ? n : close + 1;
      value = sql.slice(i + 1, close < 0 ? n : close);
      unterminated = close < 0;
      kind = "quoted_identifier";
    } else {
      const dollar = code === 36 && !positional ? dollarLexeme(sql, i, r.dollarQuotes, prefixed) : undefined;
      if (dollar !== undefined) {
        ({ kind, end, value, unterminated } = dollar);
      } else if (positional && code === 36) {
        end = wordEnd(sql, i + 1, n);
        kind = "word";
      } else if (positional && code === 63) {
        end = i + 1;
        kind = "parameter";
      } else if (prefixed && (code === 63 || ((code === 58 || code === 64) && isIdentPart(next)))) {
        const param = stickyEnd(prefixedParameter, sql, i);
        end = param < 0 ? i + 1 : param;
        kind = "parameter";
      } else if (isDigit(code) || (code === 46 && isDigit(next))) {
        end = numberEnd(sql, i);
        kind = "number";
      } else if (isIdentStart(code)) {
        end = i + 1;
        while (end < n && isIdentPart(sql.charCodeAt(end))) end++;
        kind = "word";
      } else if (isPunctuation(code) || (!brackets && (code === 91 || code === 93))) {
        end = i + 1;
        kind = "punctuation";
      } else if (runsOf !== undefined && code === 58) {
        end = next === 58 || next === 61 ? i + 2 : i + 1;
        kind = "operator";
      } else if (runsOf?.includes(sql[i] as string)) {
        end = operatorRunEnd(sql, i, runsOf);
        kind = "operator";
      } else {
        const op = oneOf.find((o) => sql.startsWith(o, i));
        end = i + (op?.length ?? 1);
        kind = "operator";
      }
    }
    if (quoted !== undefined) {
      end = quoted.end;
      value = quoted.value;
      unterminated = !quoted.closed;
    }
    const text = sql.slice(i, end);
    tokens.push(
      unterminated
        ? { kind, text, value: value ?? text, start: i, end, unterminated: true }
        : { kind, text, value: value ?? text, start: i, end },
    );
    i = end;
  }
  return tokens;
}

/** Whether the character after a MySQL `--` makes it a comment: a space or control character (DEL too), or the end (NaN). */
const dashCommentFollows = (code: number) => !(code > 32) || code === 127;
const isQuote = (code: number) => code === 39 || code === 34;
/** `(`, `)`, `,`, `;` and `.`. */
const isPunctuation = (code: number) => code === 40 || code === 41 || code === 44 || code === 59 || code === 46;

/** A `$`-lexeme at `at`: a dollar-quoted string (`dollarQuotes`) or a parameter, or undefined when `$` starts neither. */
function dollarLexeme(
  sql: string,
  at: number,
  dollarQuotes: boolean,
  prefixed: boolean,
): { kind: TokenKind; end: number; value: string | undefined; unterminated: boolean } | undefined {
  if (dollarQuotes) {
    const tagEnd = stickyEnd(dollarTag, sql, at);
    if (tagEnd >= 0) {
      const delimiter = sql.slice(at, tagEnd);
      const close = sql.indexOf(delimiter, tagEnd);
      const end = close < 0 ? sql.length : close + delimiter.length;
      return { kind: "string", end, value: sql.slice(tagEnd, close < 0 ? sql.length : close), unterminated: close < 0 };
    }
  }
  const end = stickyEnd(prefixed ? dollarParameter : numberedParameter, sql, at);
  return end < 0 ? undefined : { kind: "parameter", end, value: undefined, unterminated: false };
}
