import { escapeGlob, escapeLike, ignoresCase, patternAnchor, wrapPattern } from "../../query/lookups.ts";
import type { QueryHooks } from "../../query/query-hooks.ts";

interface SqlitePlanRow {
  readonly id: number;
  readonly parent: number;
  readonly detail: string;
}

/** The plan lines of an SQLite `EXPLAIN QUERY PLAN`, indented two spaces per level as the tree nests. */
export function sqlitePlanLines(rows: readonly SqlitePlanRow[]): string[] {
  const depth = new Map<number, number>([[0, -1]]);
  return rows.map((row) => {
    const level = (depth.get(row.parent) ?? -1) + 1;
    depth.set(row.id, level);
    return `${"  ".repeat(level)}${row.detail}`;
  });
}

/**
 * SQLite's query hooks: `?` placeholders, booleans as 1/0 and dates as ISO text, GLOB for the
 * case-sensitive patterns, `LIMIT -1` for an OFFSET alone, and `EXPLAIN QUERY PLAN`.
 */
export const sqliteQuery: QueryHooks = {
  placeholder: () => "?",
  parameter: (value) =>
    typeof value === "boolean" ? (value ? 1 : 0) : value instanceof Date ? value.toISOString() : value,
  pattern(column, _kind, lookup, text, bind) {
    const anchor = patternAnchor(lookup);
    // SQLite's LIKE ignores (ASCII) case whatever the pattern says, so the case-sensitive lookups use GLOB.
    if (!ignoresCase(lookup)) return `${column} GLOB ${bind(wrapPattern(escapeGlob(text), anchor, "*"))}`;
    return `lower(${column}) LIKE lower(${bind(wrapPattern(escapeLike(text), anchor, "%"))}) ESCAPE '\\'`;
  },
  // SQLite has no OFFSET without LIMIT; LIMIT -1 means no limit.
  limitOffset: (limit, offset) =>
    limit === undefined && offset === undefined
      ? []
      : [`LIMIT ${limit ?? -1}`, ...(offset !== undefined ? [`OFFSET ${offset}`] : [])],
  explainMethod: "EXPLAIN QUERY PLAN",
  explain: async (driver, sql, parameters) =>
    sqlitePlanLines(
      await driver.query<SqlitePlanRow & Record<string, unknown>>(`EXPLAIN QUERY PLAN ${sql}`, parameters),
    ),
};
