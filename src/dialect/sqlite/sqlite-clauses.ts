import { isKeyword, isName } from "../../sql/token-predicates.ts";
import { closingParen, sourceText, splitTopLevel } from "../../sql/token-ranges.ts";
import type { Token } from "../../sql/tokenize.ts";
import { sqliteSql } from "./sqlite-sql.ts";
import { itemColumn, sqliteCode, tableItems } from "./sqlite-table-sql.ts";

/**
 * The clauses of a SQLite `CREATE TABLE` that the schema IR does not carry, so a table rebuild
 * (which re-creates the table from the IR) would lose them: `ON CONFLICT` resolutions, a foreign
 * key's `MATCH`, `PRIMARY KEY DESC` on a column (which makes an `INTEGER` key no rowid alias), and
 * a collated key that also sorts inside a table-level `PRIMARY KEY` or `UNIQUE` (`name COLLATE
 * NOCASE DESC`). Column `COLLATE`, collations inside a key (`KeyCollations`), `STRICT`, `WITHOUT
 * ROWID`, `DEFERRABLE INITIALLY DEFERRED`, CHECKs written on a column and generated columns
 * (`Column.generated`: `GENERATED ALWAYS AS (…)`, `AS (…)`) are carried, so they are not listed.
 */

const punct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/** An UncarriedClause is one clause a rebuild would lose: what it is, on which column when it has one. */
export interface UncarriedClause {
  readonly column?: string;
  /** The clause as SQL words, e.g. `ON CONFLICT REPLACE`, `MATCH FULL`. */
  readonly clause: string;
}

function words(sql: string, tokens: readonly Token[], from: number, count: number): string {
  return sourceText(sql, tokens.slice(from, from + count), sqliteSql);
}

/**
 * Whether a table-level key list (`item[from..to)`) is carried by the IR: every key a column name,
 * with a collation or not (`KeyCollations`); a collated key that also sorts (`name COLLATE NOCASE
 * DESC`) is not. A list without any collation is carried as before (DESC keys make an index).
 */
function carriedKeyList(item: readonly Token[], from: number, to: number): boolean {
  const parts = splitTopLevel(item, from, to);
  if (!parts.some((part) => part.some((x) => isKeyword(x, "COLLATE")))) return true;
  return parts.every(
    (part) => part.length === 1 || (part.length === 3 && isKeyword(part[1], "COLLATE") && isName(part[2])),
  );
}

/** The clauses of one column definition or table constraint (`item`) the IR does not carry. */
function itemClauses(sql: string, item: readonly Token[], column: string | undefined): UncarriedClause[] {
  const out: UncarriedClause[] = [];
  const add = (clause: string) => out.push({ ...(column !== undefined && { column }), clause });
  for (let k = column === undefined ? 0 : 1; k < item.length; k++) {
    const t = item[k] as Token;
    if (punct(t, "(")) {
      const close = closingParen(item, k);
      const before = item[k - 1];
      const end = close < 0 ? item.length : close;
      const keyList = column === undefined && (isKeyword(before, "KEY") || isKeyword(before, "UNIQUE"));
      if (keyList && !carriedKeyList(item, k + 1, end))
        add(
          `${isKeyword(before, "KEY") ? "PRIMARY KEY" : "UNIQUE"} (${sourceText(sql, item.slice(k + 1, end), sqliteSql)})`,
        );
      k = close < 0 ? item.length : close;
      continue;
    }
    // Only the words ON, MATCH and PRIMARY open a clause here; uppercasing never shortens a word, so
    // one longer than PRIMARY is none of them and is not uppercased.
    if (t.kind !== "word" || t.text.length > 7) continue;
    const word = t.text.toUpperCase();
    if (word === "ON" && isKeyword(item[k + 1], "CONFLICT")) add(words(sql, item, k, 3));
    else if (word === "MATCH" && isName(item[k + 1])) add(words(sql, item, k, 2));
    else if (column !== undefined && word === "PRIMARY" && isKeyword(item[k + 1], "KEY")) {
      if (isKeyword(item[k + 2], "DESC")) add("PRIMARY KEY DESC");
    }
  }
  return out;
}

/** The clauses of one item (a column definition or table constraint, as code; `sql` is the text its tokens index) the IR does not carry. */
export function readItemClauses(sql: string, item: readonly Token[]): UncarriedClause[] {
  return itemClauses(sql, item, itemColumn(item));
}

/**
 * Lists the clauses of a SQLite `CREATE TABLE` statement (as stored in `sqlite_master.sql`) that
 * the schema IR does not carry, in declaration order, token by token. Pure; a statement it cannot
 * follow yields nothing. Introspection reads the same clauses item by item (`readCreateTable` in
 * sqlite-create-table.ts); this is its reference.
 */
export function uncarriedClauses(sql: string): UncarriedClause[] {
  const parts = tableItems(sqliteCode(sql));
  if (parts === undefined) return [];
  return parts.items.flatMap((item) => readItemClauses(sql, item));
}
