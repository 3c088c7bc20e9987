import type { Driver } from "../driver/driver.ts";

/** The tables pormg keeps its history in: the event log and PormG's v1 projection. */
export const HISTORY_TABLES = ["pormg_migrations", "pormg_migration_events"] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/** Which history tables exist in the database (in `schema` on PostgreSQL). */
export async function historyTablesExist(driver: Driver, schema: string): Promise<Record<HistoryTable, boolean>> {
  const rows =
    driver.dialect === "postgresql"
      ? await driver.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2)",
          [schema, [...HISTORY_TABLES]],
        )
      : await driver.query<{ name: string }>(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${HISTORY_TABLES.map(() => "?").join(", ")})`,
          [...HISTORY_TABLES],
        );
  const found = new Set(rows.map((r) => r.name));
  return Object.fromEntries(HISTORY_TABLES.map((t) => [t, found.has(t)])) as Record<HistoryTable, boolean>;
}

/**
 * Which history tables exist where pormg reads and writes them: in `current_schema()` on
 * PostgreSQL (the first schema of the connection's search_path), in the main database on SQLite.
 */
export async function historyTablesPresent(driver: Driver): Promise<Record<HistoryTable, boolean>> {
  if (driver.dialect === "sqlite") return historyTablesExist(driver, "main");
  const [row] = await driver.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  if (row?.schema == null) return { pormg_migrations: false, pormg_migration_events: false };
  return historyTablesExist(driver, row.schema);
}
