import type { Driver } from "../core/driver.ts";

/** The tables pormg keeps its history in: the event log and PormG's v1 projection. */
export const HISTORY_TABLES = ["pormg_migrations", "pormg_migration_events"] as const;
export type HistoryTable = (typeof HISTORY_TABLES)[number];

/**
 * Which history tables exist in the database (in `schema` on PostgreSQL). It reads `pg_class`, not
 * `information_schema.tables` (which hides tables the role may not read): a history the role
 * cannot read exists, and reading it then fails with PERMISSION_DENIED instead of looking empty.
 */
export async function historyTablesExist(driver: Driver, schema: string): Promise<Record<HistoryTable, boolean>> {
  const rows =
    driver.dialect === "postgresql"
      ? await driver.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p')`,
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
 * Which history tables exist where pormg reads and writes them: on PostgreSQL in the connection's
 * managed schema (`Driver.schema`), else in `current_schema()` (the first schema of its
 * search_path); in the main database on SQLite.
 */
export async function historyTablesPresent(driver: Driver): Promise<Record<HistoryTable, boolean>> {
  if (driver.dialect === "sqlite") return historyTablesExist(driver, "main");
  if (driver.schema !== undefined) return historyTablesExist(driver, driver.schema);
  const [row] = await driver.query<{ schema: string | null }>("SELECT pg_catalog.current_schema() AS schema");
  if (row?.schema == null) return { pormg_migrations: false, pormg_migration_events: false };
  return historyTablesExist(driver, row.schema);
}

/** Whether PostgreSQL schema `schema` exists (always true on SQLite). */
export async function schemaExists(driver: Driver, schema: string): Promise<boolean> {
  if (driver.dialect === "sqlite") return true;
  const [row] = await driver.query<{ found: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS found",
    [schema],
  );
  return row?.found === true;
}
