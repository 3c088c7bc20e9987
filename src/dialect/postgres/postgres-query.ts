import { isTextKind } from "../../query/catalog.ts";
import { escapeLike, ignoresCase, patternAnchor, wrapPattern } from "../../query/lookups.ts";
import type { QueryHooks } from "../../query/query-hooks.ts";

/**
 * PostgreSQL's query hooks: `$n` placeholders, values bound as they are, LIKE/ILIKE (non-text
 * columns cast to text), and `EXPLAIN (FORMAT TEXT)` inside a READ ONLY transaction.
 */
export const postgresQuery: QueryHooks = {
  placeholder: (index) => `$${index}`,
  parameter: (value) => value,
  pattern(column, kind, lookup, text, bind) {
    // LIKE needs text: other columns (integers, uuid, dates) are cast, as a user would write it.
    const subject = isTextKind(kind) ? column : `CAST(${column} AS text)`;
    const operator = ignoresCase(lookup) ? "ILIKE" : "LIKE";
    return `${subject} ${operator} ${bind(wrapPattern(escapeLike(text), patternAnchor(lookup), "%"))} ESCAPE '\\'`;
  },
  limitOffset: (limit, offset) => [
    ...(limit !== undefined ? [`LIMIT ${limit}`] : []),
    ...(offset !== undefined ? [`OFFSET ${offset}`] : []),
  ],
  explainMethod: "EXPLAIN (FORMAT TEXT)",
  explain: (driver, sql, parameters) =>
    driver.transaction(async (tx) => {
      await tx.query("SET TRANSACTION READ ONLY");
      const rows = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (FORMAT TEXT) ${sql}`, [...parameters]);
      return rows.map((r) => r["QUERY PLAN"]);
    }),
};
