/**
 * `explainQuery`: the database's plan for an inspected query, read-only — PostgreSQL's
 * `EXPLAIN (FORMAT TEXT)` inside a READ ONLY transaction, SQLite's `EXPLAIN QUERY PLAN` (neither
 * runs the query itself), with the query's parameters bound.
 */
import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import type { QueryInspection } from "./inspect-query.ts";

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

/** Runs EXPLAIN for `inspection` on `driver` (which must be of the inspection's dialect) and returns the plan's lines. */
export async function explainQuery(driver: Driver, inspection: QueryInspection): Promise<string[]> {
  if (driver.dialect !== inspection.dialect)
    throw new PormgError(
      "USAGE",
      `The query was compiled for ${inspection.dialect} but the connection is ${driver.dialect}. Inspect it with models bound to ${driver.dialect}.`,
    );
  if (driver.dialect === "sqlite") {
    const rows = await driver.query<SqlitePlanRow & Record<string, unknown>>(
      `EXPLAIN QUERY PLAN ${inspection.sql}`,
      inspection.parameters,
    );
    return sqlitePlanLines(rows);
  }
  return driver.transaction(async (tx) => {
    await tx.query("SET TRANSACTION READ ONLY");
    const rows = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (FORMAT TEXT) ${inspection.sql}`, [
      ...inspection.parameters,
    ]);
    return rows.map((r) => r["QUERY PLAN"]);
  });
}
