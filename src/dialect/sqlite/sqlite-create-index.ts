import { isKeyword } from "../../sql/tokenize.ts";
import { firstParen } from "./sqlite-table-layout.ts";
import { type IndexSqlFacts, parseCreateIndex, sqliteCode } from "./sqlite-table-sql.ts";

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
  const { keys, where } = reading;
  return { keys: keys.map((k) => ({ ...k })), ...(where !== undefined && { where }) };
}
