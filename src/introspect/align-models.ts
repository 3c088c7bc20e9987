import type { Driver } from "../core/driver.ts";
import type { Schema } from "../schema/ir.ts";
import { type AlignExpressionsDialect, alignExpressions } from "./align-expressions.ts";
import type { IntrospectDialect, PrintOptions } from "./introspector.ts";

/** AlignOptions: the managed schema, the connection's extensions, and what identifies the database for the in-process cache. */
export type AlignOptions = PrintOptions;

/**
 * The models' schema with every expression (default, CHECK, index expression, partial-index
 * predicate) that means the same as the live database's written the database's way, so that
 * comparing and planning see them as equal (`alignExpressions`). The one place the models meet the
 * live database: every command that compares them goes through it. Where the server rewrites
 * expressions (PostgreSQL) it prints the models' in scratch temporary tables (the introspector's
 * `printTables`, a rolled-back transaction or savepoint on `driver`); a dialect that keeps
 * expressions as written (SQLite) has no printer, and the models are returned as they are.
 */
export async function alignModels(
  driver: Driver,
  dialect: IntrospectDialect & AlignExpressionsDialect,
  models: Schema,
  live: Schema,
  options: AlignOptions,
): Promise<Schema> {
  const print = dialect.introspector.printTables;
  if (print === undefined || models.dialect !== driver.dialect) return models;
  return alignExpressions(models, live, (tables) => print(driver, tables, options), dialect);
}
