import type { Driver } from "../core/driver.ts";
import { printTables } from "../dialect/postgres/postgres-print.ts";
import type { Schema } from "../schema/ir.ts";
import { alignExpressions } from "./align-expressions.ts";

/** AlignOptions: the managed schema, the connection's extensions, and what identifies the database for the in-process cache. */
export interface AlignOptions {
  /** The PostgreSQL schema introspection read (expressions name its objects unqualified). */
  readonly schema: string;
  /** The connection's `extensions:`, created (and rolled back) before the models' expressions print (see `printTables`). */
  readonly extensions?: readonly string[];
  /** The database's identity for the cache (see `printTables`); leave it out to cache nothing. */
  readonly cacheScope?: string;
}

/**
 * The models' schema with every expression (default, CHECK, index expression, partial-index
 * predicate) that means the same as the live database's written the database's way, so that
 * comparing and planning see them as equal (`alignExpressions`). The one place the models meet the
 * live database: every command that compares them goes through it. On PostgreSQL the server prints
 * the models' expressions in scratch temporary tables (`printTables`, a rolled-back transaction or
 * savepoint on `driver`); SQLite keeps expressions as written, so there the models are returned as
 * they are.
 */
export async function alignModels(
  driver: Driver,
  models: Schema,
  live: Schema,
  options: AlignOptions,
): Promise<Schema> {
  if (driver.dialect !== "postgresql" || models.dialect !== "postgresql") return models;
  return alignExpressions(models, live, (tables) => printTables(driver, tables, options));
}
