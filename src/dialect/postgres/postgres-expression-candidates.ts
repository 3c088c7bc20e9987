/**
 * Spellings of a PostgreSQL expression that may parse back to the tree the database printed. The
 * server prints an expression from its parsed tree, and that print is not always text that parses
 * back to the same tree: a `CHECK (status IN ('a', 'b'))` on a `varchar` column is stored and
 * printed as `(status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])`,
 * but parsing that text pushes the array's cast into its elements, so a database built from it
 * prints `ARRAY[('a'::character varying)::text, …]`. The casts PostgreSQL adds itself when it
 * resolves the operator — the one around an `ARRAY[…]`, and those around plain columns — are what
 * such text spells out too much; each candidate leaves some of them out. Which candidate prints
 * back exactly as the database printed is decided by the server (src/introspect/import-expressions.ts);
 * nothing here guesses. Pure.
 */
import { type Token, tokenize } from "../../sql/tokenize.ts";
import { postgresSql } from "./postgres-sql.ts";

const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;
const isCast = (t: Token | undefined) => t?.kind === "operator" && t.text === "::";

/** The index just past the type name of a cast whose `::` is at `k` (`character varying(10)[]`, `"my type"`, `s.t[]`). */
function typeEnd(tokens: readonly Token[], k: number): number {
  let j = k + 1;
  while (tokens[j]?.kind === "word" || tokens[j]?.kind === "quoted_identifier" || isPunct(tokens[j], ".")) j++;
  if (isPunct(tokens[j], "(")) {
    let depth = 0;
    for (; j < tokens.length; j++) {
      if (isPunct(tokens[j], "(")) depth++;
      else if (isPunct(tokens[j], ")") && --depth === 0) break;
    }
    j++;
  }
  while (isPunct(tokens[j], "[") && isPunct(tokens[j + 1], "]")) j += 2;
  return j;
}

/** The index of the `(` matching the `)` at `close`, or -1. */
function openingOf(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (isPunct(tokens[k], ")")) depth++;
    else if (isPunct(tokens[k], "(") && --depth === 0) return k;
  }
  return -1;
}

/** A removal: the source ranges to drop (the parentheses and the cast), keeping what they wrap. */
type Cut = readonly [start: number, end: number];

/** The index of the `[` matching the `]` at `close`, or -1. */
function bracketOf(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (isPunct(tokens[k], "]")) depth++;
    else if (isPunct(tokens[k], "[") && --depth === 0) return k;
  }
  return -1;
}

/**
 * The casts of the operands `wraps` accepts, as cuts that leave the operand alone: written
 * `(operand)::type` (the server's print) the parentheses go with the cast; written `operand::type`
 * (the canonical text pormg keeps) the cast alone. `wraps` gets the operand's tokens.
 */
function operandCasts(sql: string, wraps: (operand: readonly Token[]) => boolean): Cut[] {
  const tokens = tokenize(sql, postgresSql);
  const cuts: Cut[] = [];
  for (let k = 1; k < tokens.length; k++) {
    if (!isCast(tokens[k])) continue;
    const before = tokens[k - 1] as Token;
    const last = tokens[typeEnd(tokens, k) - 1] as Token;
    if (isPunct(before, ")")) {
      const open = openingOf(tokens, k - 1);
      if (open < 0 || !wraps(tokens.slice(open + 1, k - 1))) continue;
      cuts.push([(tokens[open] as Token).start, (tokens[open] as Token).end]);
      cuts.push([before.start, last.end]);
    } else if (isPunct(before, "]")) {
      const open = bracketOf(tokens, k - 1);
      if (open < 1 || !wraps(tokens.slice(open - 1, k))) continue;
      cuts.push([(tokens[k] as Token).start, last.end]);
    } else if (wraps([before]) && !isPunct(tokens[k - 2], "]")) {
      cuts.push([(tokens[k] as Token).start, last.end]);
    }
  }
  return cuts;
}

function apply(sql: string, cuts: readonly Cut[]): string {
  let out = "";
  let at = 0;
  for (const [start, end] of [...cuts].sort((a, b) => a[0] - b[0])) {
    out += sql.slice(at, start);
    at = end;
  }
  return out + sql.slice(at);
}

/** `ARRAY[ … ]`, whole. */
const isArray = (inner: readonly Token[]) =>
  inner[0]?.kind === "word" &&
  inner[0].text.toUpperCase() === "ARRAY" &&
  isPunct(inner[1], "[") &&
  isPunct(inner.at(-1), "]");
/** Words that are values, not columns. */
const VALUES = new Set([
  "NULL",
  "TRUE",
  "FALSE",
  "CURRENT_DATE",
  "CURRENT_TIMESTAMP",
  "CURRENT_TIME",
  "LOCALTIMESTAMP",
  "LOCALTIME",
]);
/** A plain column reference. */
const isColumn = (inner: readonly Token[]) =>
  inner.length === 1 &&
  (inner[0]?.kind === "quoted_identifier" || (inner[0]?.kind === "word" && !VALUES.has(inner[0].text.toUpperCase())));

/**
 * Spellings of `sql` to try, most like it first, without `sql` itself and without repeats: the
 * casts of `ARRAY[…]` constructors left out, then those of plain columns as well.
 */
export function expressionCandidates(sql: string): string[] {
  const arrays = operandCasts(sql, isArray);
  const columns = operandCasts(sql, isColumn);
  const out = [apply(sql, arrays), apply(sql, [...arrays, ...columns]), apply(sql, columns)];
  return [...new Set(out)].filter((c) => c !== sql);
}
