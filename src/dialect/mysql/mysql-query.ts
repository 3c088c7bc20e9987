import { isTextKind } from "../../query/catalog.ts";
import { ignoresCase, patternAnchor, wrapPattern } from "../../query/lookups.ts";
import type { QueryHooks } from "../../query/query-hooks.ts";

/** The largest row count MySQL reads after `LIMIT` (2^64 - 1): its documented way to write an OFFSET without a LIMIT. */
const NO_LIMIT = "18446744073709551615";

/**
 * Escapes `%`, `_` and `!` for a LIKE pattern written with `ESCAPE '!'`. Not the backslash, MySQL's
 * default LIKE escape: under `NO_BACKSLASH_ESCAPES` the default escape is none and `'\\'` is two
 * characters, while `'!'` is one character in every mode.
 */
export function escapeMysqlLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

/** A Date as MySQL's DATETIME text, in UTC (`2024-05-06 07:08:09.123`): the wall clock pormg's timestamps without a time zone hold. */
function datetimeText(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/**
 * MySQL's and MariaDB's query hooks: `?` placeholders; Dates bound as UTC DATETIME text (the
 * client would write them in the local time zone), every other value as it is. Patterns are LIKE
 * with `ESCAPE '!'`, compared under `utf8mb4_bin` so that the case-sensitive lookups are (a column's
 * collation is usually case- and, on MySQL 8, accent-insensitive) and the `i` ones lowercase both
 * sides first; non-text columns are cast to CHAR. `LIMIT 18446744073709551615` for an OFFSET alone.
 * The plan is `EXPLAIN FORMAT=JSON` (MySQL 5.6+, MariaDB 10.1+), in a READ ONLY transaction.
 */
export const mysqlQuery: QueryHooks = {
  placeholder: () => "?",
  parameter: (value) => (value instanceof Date ? datetimeText(value) : value),
  pattern(column, kind, lookup, text, bind) {
    const subject = isTextKind(kind) ? column : `CAST(${column} AS CHAR)`;
    const pattern = bind(wrapPattern(escapeMysqlLike(text), patternAnchor(lookup), "%"));
    return ignoresCase(lookup)
      ? `LOWER(${subject}) LIKE LOWER(${pattern}) COLLATE utf8mb4_bin ESCAPE '!'`
      : `${subject} LIKE ${pattern} COLLATE utf8mb4_bin ESCAPE '!'`;
  },
  limitOffset: (limit, offset) => [
    ...(limit !== undefined || offset !== undefined ? [`LIMIT ${limit ?? NO_LIMIT}`] : []),
    ...(offset !== undefined ? [`OFFSET ${offset}`] : []),
  ],
  explainMethod: "EXPLAIN FORMAT=JSON",
  async explain(driver, sql, parameters) {
    // `SET TRANSACTION` (no scope) makes only the next transaction READ ONLY; inside one already it
    // is refused (error 1568) rather than committing what is open.
    await driver.execute("SET TRANSACTION READ ONLY");
    return driver.transaction(async (tx) => {
      const rows = await tx.query(`EXPLAIN FORMAT=JSON ${sql}`, [...parameters]);
      const plan = rows[0] === undefined ? "" : String(Object.values(rows[0])[0] ?? "");
      return plan.split("\n");
    });
  },
};
