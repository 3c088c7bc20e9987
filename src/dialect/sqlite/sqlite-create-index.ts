import { canonicalExpression } from "../../schema/expression.ts";
import { isKeyword } from "../../sql/token-predicates.ts";
import { closingParen, sourceText, splitTopLevel } from "../../sql/token-ranges.ts";
import type { Token } from "../../sql/tokenize.ts";
import { sqliteSql } from "./sqlite-sql.ts";
import { firstParen } from "./sqlite-table-layout.ts";
import { sqliteCode } from "./sqlite-table-sql.ts";

const punct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/** IndexSqlKey is one key of a `CREATE INDEX` as written: its text (ASC/DESC removed) and direction. */
export interface IndexSqlKey {
  readonly text: string;
  readonly descending: boolean;
}

/** IndexSqlFacts are the keys and the predicate of a `CREATE INDEX` statement. */
export interface IndexSqlFacts {
  readonly keys: readonly IndexSqlKey[];
  /** The partial-index predicate, canonical, without `WHERE`. */
  readonly where?: string;
}

/** Reads the key list and `WHERE` predicate from a SQLite `CREATE [UNIQUE] INDEX` statement. Pure. */
export function parseCreateIndex(sql: string): IndexSqlFacts {
  const tokens = sqliteCode(sql);
  const on = tokens.findIndex((t) => isKeyword(t, "ON"));
  const open = tokens.findIndex((t, k) => k > on && punct(t, "("));
  const close = on < 0 || open < 0 ? -1 : closingParen(tokens, open);
  if (close < 0) return { keys: [] };
  const keys = splitTopLevel(tokens, open + 1, close).map((part) => {
    const last = part[part.length - 1];
    const descending = isKeyword(last, "DESC");
    const body = descending || isKeyword(last, "ASC") ? part.slice(0, -1) : part;
    return { text: sourceText(sql, body, sqliteSql), descending };
  });
  const where = tokens.findIndex((t, k) => k > close && isKeyword(t, "WHERE"));
  if (where < 0) return { keys };
  return { keys, where: canonicalExpression(sourceText(sql, tokens.slice(where + 1), sqliteSql)) };
}

// Indexes of one schema repeat their key lists and predicates (`(tenant_id, created_at DESC)`)
// under different names: each distinct text from the key list on is read once per process. Bounded.
const readings = new Map<string, IndexSqlFacts>();

/** ASCII identifier characters, whitespace and dots only: such a text's tokens are its runs of identifier characters and its dots. */
const plainHead = /^[A-Za-z0-9_$\s.]*$/;
/** `ON` as a whole run of identifier characters. */
const onWord = /(?:^|[^A-Za-z0-9_$])ON(?![A-Za-z0-9_$])/i;

/**
 * Whether the tokens of `head` hold the keyword ON. In a plain head (the usual `CREATE INDEX name
 * ON table`) a whole run `ON` is that keyword, and the regexes tell without tokenizing; anything
 * else is tokenized.
 */
function holdsOn(head: string): boolean {
  if (plainHead.test(head) && onWord.test(head)) return true;
  return sqliteCode(head).some((t) => isKeyword(t, "ON"));
}

/**
 * Reads the key list and `WHERE` predicate of a SQLite `CREATE [UNIQUE] INDEX` statement, as
 * `parseCreateIndex` (the reference; a unit test compares them) does: when the text before its
 * first `(` holds the `ON`, that `(` opens the key list, and what follows it alone decides the
 * reading, so it is read once per distinct text. Anything else is read by `parseCreateIndex`. Pure.
 */
export function readCreateIndex(sql: string): IndexSqlFacts {
  const open = firstParen(sql);
  if (open < 0 || !holdsOn(sql.slice(0, open))) return parseCreateIndex(sql);
  const rest = sql.slice(open);
  let reading = readings.get(rest);
  if (reading === undefined) {
    if (readings.size >= 4096) readings.clear();
    // `ON (…` reads as the statement does: the first ON, then the first `(` after it.
    reading = parseCreateIndex(`ON ${rest}`);
    readings.set(rest, reading);
  }
  const keys: IndexSqlKey[] = [];
  for (let k = 0; k < reading.keys.length; k++) keys.push({ ...(reading.keys[k] as IndexSqlKey) });
  return reading.where === undefined ? { keys } : { keys, where: reading.where };
}
