/**
 * The scanners `tokenize` (tokenize.ts) uses for the lexemes longer than a character: quoted runs,
 * block comments, numbers and operator runs. Each reads the source by code unit from an offset and
 * returns where the lexeme ends, so the lexer never copies the rest of the text to match it.
 */

/** A ScannedQuote is a quoted run: where it ends, its decoded text, and whether its quote closed. */
export interface ScannedQuote {
  readonly end: number;
  readonly value: string;
  readonly closed: boolean;
}

/**
 * Reads a quoted run after its opening quote (`from` is the first character inside): a doubled
 * quote is one quote; `backslash` enables PostgreSQL's `\` escapes (`E'…'`).
 */
export function scanQuoted(sql: string, from: number, quote: string, backslash: boolean): ScannedQuote {
  if (backslash) return scanEscaped(sql, from, quote);
  let value = "";
  let segment = from;
  let j = from;
  for (;;) {
    const q = sql.indexOf(quote, j);
    if (q < 0) return { end: sql.length, value: value + sql.slice(segment), closed: false };
    if (sql[q + 1] === quote) {
      value += sql.slice(segment, q + 1);
      j = q + 2;
      segment = j;
      continue;
    }
    return { end: q + 1, value: value + sql.slice(segment, q), closed: true };
  }
}

function scanEscaped(sql: string, from: number, quote: string): ScannedQuote {
  let value = "";
  let j = from;
  while (j < sql.length) {
    const ch = sql[j] as string;
    if (ch === "\\") {
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
      return { end: j + 1, value, closed: true };
    }
    value += ch;
    j++;
  }
  return { end: sql.length, value, closed: false };
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

/** MySQL's backslash escapes that stand for another character; any other `\\x` is `x`, except `\\%` and `\\_`. */
const mysqlEscapes: Readonly<Record<string, string>> = {
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
};

/**
 * Reads a MySQL string after its opening quote (`'` or `"`): a doubled quote is one quote, and a
 * backslash escapes the next character as MySQL's default `sql_mode` does — `\\0`, `\\b`, `\\n`,
 * `\\r`, `\\t`, `\\Z` stand for NUL, backspace, newline, return, tab and Ctrl-Z, `\\%` and `\\_` keep
 * their backslash (so a LIKE pattern still sees it), and any other `\\x` is `x`.
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
export function scanBackslashQuoted(sql: string, from: number, quote: string): ScannedQuote {
  let value = "";
  let segment = from;
  let j = from;
  const n = sql.length;
  while (j < n) {
    const ch = sql[j];
    if (ch === "\\") {
      if (j + 1 >= n) break;
      const escaped = sql[j + 1] as string;
      value +=
        sql.slice(segment, j) +
        (mysqlEscapes[escaped] ?? (escaped === "%" || escaped === "_" ? `\\${escaped}` : escaped));
      j += 2;
      segment = j;
    } else if (ch === quote) {
      if (sql[j + 1] === quote) {
        value += sql.slice(segment, j + 1);
        j += 2;
        segment = j;
        continue;
      }
      return { end: j + 1, value: value + sql.slice(segment, j), closed: true };
    } else j++;
  }
  return { end: n, value: value + sql.slice(segment), closed: false };
}

/**
 * The end of the opener of a MySQL / MariaDB executable comment at `at` (`/*!`, `/*!50100`,
 * `/*M!`, `/*M!100500`: up to six version digits), or -1 when the block comment there is an
 * ordinary one (optimizer hints `/*+ … *\/` included).
 */
export function executableOpenerEnd(sql: string, at: number): number {
  let j = at + 2;
  if (sql[j] === "M" && sql[j + 1] === "!") j += 2;
  else if (sql[j] === "!") j++;
  else return -1;
  const digits = j;
  while (j < digits + 6 && j < sql.length && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
  return j;
}

/** The end of a block comment starting at `at`, and whether it closed; `nested` when the dialect nests them. */
export function blockCommentEnd(sql: string, at: number, nested: boolean): { end: number; closed: boolean } {
  if (!nested) {
    const close = sql.indexOf("*/", at + 2);
    return close < 0 ? { end: sql.length, closed: false } : { end: close + 2, closed: true };
  }
  let depth = 0;
  let j = at;
  while (j < sql.length) {
    if (sql.startsWith("/*", j)) {
      depth++;
      j += 2;
    } else if (sql.startsWith("*/", j)) {
      depth--;
      j += 2;
      if (depth === 0) return { end: j, closed: true };
    } else j++;
  }
  return { end: sql.length, closed: false };
}

const hexNumber = /0[xX][0-9A-Fa-f_]+/y;
const decimalNumber = /(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?/y;

/** The end of the number starting at `at` (a digit, or `.` before a digit). */
export function numberEnd(sql: string, at: number): number {
  hexNumber.lastIndex = at;
  if (hexNumber.test(sql)) return hexNumber.lastIndex;
  decimalNumber.lastIndex = at;
  return decimalNumber.test(sql) ? decimalNumber.lastIndex : at + 1;
}

/** The end of the match of sticky `pattern` at `at`, or -1. */
export function stickyEnd(pattern: RegExp, sql: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(sql) ? pattern.lastIndex : -1;
}

/** An operator run of `chars` starting at `at`; it stops before a comment start. */
export function operatorRunEnd(sql: string, at: number, chars: string): number {
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
