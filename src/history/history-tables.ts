import type { Driver } from "../core/driver.ts";
import type { HistoryDialect } from "./history-sql.ts";

/** The tables pormg keeps its history in: the event log and PormG's v1 projection. */
export const HISTORY_TABLES = ["pormg_migrations", "pormg_migration_events"] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/**
 * Which history tables exist in the database (in `schema` where the dialect has schemas). It reads
 * the catalog (PostgreSQL's `pg_class`, not `information_schema.tables`, which hides tables the
 * role may not read): a history the role cannot read exists, and reading it then fails with
 * PERMISSION_DENIED instead of looking empty.
 */
export async function historyTablesExist(
  driver: Driver,
  dialect: HistoryDialect,
  schema: string,
): Promise<Record<HistoryTable, boolean>> {
  const found = new Set(await dialect.history.tablesIn(driver, schema, HISTORY_TABLES));
  return Object.fromEntries(HISTORY_TABLES.map((t) => [t, found.has(t)])) as Record<HistoryTable, boolean>;
}

/**
 * Which history tables exist where pormg reads and writes them (`HistorySql.historySchema`): on
 * PostgreSQL in the connection's managed schema (`Driver.schema`), else in `current_schema()` (the
 * first schema of its search_path); in the main database on SQLite.
 */
export async function historyTablesPresent(
  driver: Driver,
  dialect: HistoryDialect,
): Promise<Record<HistoryTable, boolean>> {
  const schema = await dialect.history.historySchema(driver);
  if (schema === null) return { pormg_migrations: false, pormg_migration_events: false };
  return historyTablesExist(driver, dialect, schema);
}

/** Whether schema `schema` exists (always true where the dialect has no schemas). */
export function schemaExists(driver: Driver, dialect: HistoryDialect, schema: string): Promise<boolean> {
  return dialect.history.schemaExists(driver, schema);
}
