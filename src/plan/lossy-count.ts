/**
 * Builders of the read-only count queries of lossy findings. Each returns one row `{ n }`. They
 * name live tables and columns (the counts run before any step) and are valid on both dialects
 * unless a predicate passed in is dialect-specific; identifiers are quoted by the dialect's `quoteIdent`.
 */

/**
 * Quoting is what the count builders need of a dialect: its `quoteIdent`, and the type a summed
 * count is cast to where `bigint` is no CAST type (`lossy.countCast`: MySQL's `SIGNED`).
 */
export interface Quoting {
  quoteIdent(name: string): string;
  readonly lossy?: { readonly countCast?: string };
}

/** `SELECT count(*) AS n FROM "t"`: every row is affected. */
export function countAll(q: Quoting, table: string): string {
  return `SELECT count(*) AS n FROM ${q.quoteIdent(table)}`;
}

/** `SELECT count(*) AS n FROM "t" WHERE <predicate>`. */
export function countWhere(q: Quoting, table: string, predicate: string): string {
  return `${countAll(q, table)} WHERE ${predicate}`;
}

function duplicateRows(q: Quoting, table: string, keys: readonly string[], where?: string, nullsEqual = false): string {
  const filters = [
    ...(nullsEqual ? [] : keys.map((k) => `${k} IS NOT NULL`)),
    ...(where === undefined ? [] : [`(${where})`]),
  ];
  const filter = filters.length === 0 ? "" : ` WHERE ${filters.join(" AND ")}`;
  return `SELECT count(*) AS k FROM ${q.quoteIdent(table)}${filter} GROUP BY ${keys.join(", ")} HAVING count(*) > 1`;
}

/**
 * Counts the rows that share their key with another row (rows with a NULL key part are never
 * duplicates: NULLs are distinct in a UNIQUE — unless `nullsEqual`, PostgreSQL's NULLS NOT DISTINCT,
 * where GROUP BY's NULL-equals-NULL is exactly the rule). `keys` are SQL expressions (quoted columns
 * or index expressions); `where` is a partial index's predicate.
 */
export function countDuplicates(
  q: Quoting,
  table: string,
  keys: readonly string[],
  where?: string,
  nullsEqual = false,
): string {
  const type = q.lossy?.countCast ?? "bigint";
  return `SELECT CAST(coalesce(sum(d.k), 0) AS ${type}) AS n FROM (${duplicateRows(q, table, keys, where, nullsEqual)}) AS d`;
}

/** Counts rows with a NULL key part plus rows that share their key: what a new PRIMARY KEY fails on. */
export function countNullOrDuplicate(q: Quoting, table: string, columns: readonly string[]): string {
  const keys = columns.map((c) => q.quoteIdent(c));
  const nulls = `SELECT count(*) FROM ${q.quoteIdent(table)} WHERE ${keys.map((k) => `${k} IS NULL`).join(" OR ")}`;
  return `SELECT (${nulls}) + (SELECT CAST(coalesce(sum(d.k), 0) AS bigint) FROM (${duplicateRows(q, table, keys)}) AS d) AS n`;
}

/**
 * Counts the child rows a new foreign key would reject (MATCH SIMPLE: a row with any NULL key part
 * is not checked): a LEFT JOIN to the parent that finds nothing. With no live parent (the plan
 * creates it, or the referenced columns), every child row with a full key is an orphan. With
 * `matchFull` (PostgreSQL MATCH FULL), a row whose key is NULL in some but not all columns is
 * rejected too.
 */
export function countOrphans(
  q: Quoting,
  child: string,
  columns: readonly string[],
  parent: { readonly table: string; readonly columns: readonly string[] } | undefined,
  matchFull = false,
): string {
  const full = columns.map((c) => `c.${q.quoteIdent(c)} IS NOT NULL`).join(" AND ");
  const partial =
    matchFull && columns.length > 1
      ? ` OR (NOT (${full}) AND NOT (${columns.map((c) => `c.${q.quoteIdent(c)} IS NULL`).join(" AND ")}))`
      : "";
  const rejected = (condition: string) => (partial === "" ? condition : `(${condition})${partial}`);
  if (parent === undefined) return `SELECT count(*) AS n FROM ${q.quoteIdent(child)} AS c WHERE ${rejected(full)}`;
  const on = columns.map((c, k) => `p.${q.quoteIdent(parent.columns[k] ?? c)} = c.${q.quoteIdent(c)}`).join(" AND ");
  const missing = `p.${q.quoteIdent(parent.columns[0] ?? "")} IS NULL`;
  return (
    `SELECT count(*) AS n FROM ${q.quoteIdent(child)} AS c LEFT JOIN ${q.quoteIdent(parent.table)} AS p ON ${on} ` +
    `WHERE ${rejected(`${full} AND ${missing}`)}`
  );
}
