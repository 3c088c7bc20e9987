/**
 * `explainQuery`: the database's plan for an inspected query, read-only, with the query's
 * parameters bound — asked the dialect's way (`QueryHooks.explain`: PostgreSQL's
 * `EXPLAIN (FORMAT TEXT)` inside a READ ONLY transaction, SQLite's `EXPLAIN QUERY PLAN`; neither
 * runs the query itself).
 */
import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import type { QueryInspection } from "./inspect-query.ts";
import type { QueryDialect } from "./query-hooks.ts";

/**
 * Runs EXPLAIN for `inspection` on `driver` (which must be of the inspection's dialect, `dialect`)
 * and returns the plan's lines.
 */
export async function explainQuery(
  driver: Driver,
  inspection: QueryInspection,
  dialect: Pick<QueryDialect, "query">,
): Promise<string[]> {
  if (driver.dialect !== inspection.dialect)
    throw new PormgError(
      "USAGE",
      `The query was compiled for ${inspection.dialect} but the connection is ${driver.dialect}. Inspect it with models bound to ${driver.dialect}.`,
    );
  return dialect.query.explain(driver, inspection.sql, inspection.parameters);
}
