/**
 * The fact online variants are chosen from (docs/online.md): which tables hold rows, read when
 * `makemigrations` plans. Each table is asked `EXISTS (SELECT 1 FROM t)`, which stops at the
 * first visible row — never `count(*)`. `pg_class.reltuples` is not used: it is an estimate that
 * reads -1 (or 0 before PostgreSQL 14) until the table is first vacuumed or analyzed, so a table
 * filled a minute ago would read as empty and get the blocking form.
 */
import type { Driver } from "../../core/driver.ts";
import { quoteIdent, quoteLiteral } from "./postgres-ddl.ts";

const CHUNK = 200;

/** The tables of `tables` (in `schema`) that hold at least one row. */
export async function readPopulatedTables(
  driver: Driver,
  schema: string,
  tables: readonly string[],
): Promise<readonly string[]> {
  const found: string[] = [];
  for (let i = 0; i < tables.length; i += CHUNK) {
    const probes = tables
      .slice(i, i + CHUNK)
      .map(
        (t) =>
          `SELECT ${quoteLiteral(t)}::text AS name WHERE EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.${quoteIdent(t)})`,
      );
    const rows = await driver.query<{ name: string }>(probes.join(" UNION ALL "));
    found.push(...rows.map((r) => r.name));
  }
  return found;
}
