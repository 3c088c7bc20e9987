import type { Driver } from "../core/driver.ts";
import { APPEND_ONLY_MESSAGE, APPEND_ONLY_TRIGGERS } from "./history-ddl.ts";
import { HISTORY_OBJECTS, historyNames } from "./history-names.ts";

/**
 * HistoryIntegrity is what the catalog says about the history's protections, beside the log's own
 * hash chain: which append-only triggers are in force, whether the event log or its marker exist,
 * and how many projection rows there are.
 */
export interface HistoryIntegrity {
  readonly events: boolean;
  readonly projection: boolean;
  /** The problems with the append-only triggers, one line each (empty when all are in force). */
  readonly triggerProblems: readonly string[];
  /** When pormg first created an event log here (the `pormg_migration_meta` marker), or `null`. */
  readonly eventLogSince: string | null;
  /** Rows of `pormg_migrations` (0 when the table is missing). */
  readonly projectionRows: number;
}

/**
 * Reads the history's protections from the catalog. A trigger is in force only when it exists on
 * the event log, is enabled, and still raises pormg's error: on PostgreSQL its function is pormg's
 * and its body still raises; on SQLite its stored SQL still aborts — a no-op trigger under the same
 * name does not count.
 */
export async function readHistoryIntegrity(driver: Driver): Promise<HistoryIntegrity> {
  const names = historyNames(driver);
  const expected = APPEND_ONLY_TRIGGERS[driver.dialect];
  if (driver.dialect === "postgresql") {
    const [row] = await driver.query(
      `SELECT pg_catalog.to_regclass($1) IS NOT NULL AS events, pg_catalog.to_regclass($2) IS NOT NULL AS projection,
              pg_catalog.to_regclass($3) IS NOT NULL AS meta`,
      [names.events, names.projection, names.meta],
    );
    const events = row?.events === true;
    const projection = row?.projection === true;
    const triggers = events
      ? await driver.query(
          `SELECT t.tgname AS name, t.tgenabled AS enabled, p.proname AS function, p.prosrc AS body
             FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = pg_catalog.to_regclass($1) AND NOT t.tgisinternal`,
          [names.events],
        )
      : [];
    const problems = events
      ? expected.flatMap((name) => {
          const t = triggers.find((r) => r.name === name);
          if (!t) return [`trigger ${name} is missing`];
          if (t.enabled === "D" || t.enabled === "R") return [`trigger ${name} is disabled`];
          if (t.function !== HISTORY_OBJECTS.appendOnlyFunction || !String(t.body).includes("RAISE EXCEPTION"))
            return [`trigger ${name} no longer rejects changes (its function was replaced)`];
          return [];
        })
      : [];
    return {
      events,
      projection,
      triggerProblems: problems,
      eventLogSince: row?.meta === true ? await marker(driver, names.meta) : null,
      projectionRows: projection ? await count(driver, names.projection) : 0,
    };
  }
  const objects = await driver.query(
    `SELECT type, name, tbl_name AS "table", sql FROM sqlite_master
      WHERE name IN ('pormg_migration_events', 'pormg_migrations', 'pormg_migration_meta') OR tbl_name = 'pormg_migration_events'`,
  );
  const has = (name: string) => objects.some((o) => o.type === "table" && o.name === name);
  const events = has("pormg_migration_events");
  const problems = events
    ? expected.flatMap((name) => {
        const t = objects.find((o) => o.type === "trigger" && o.name === name);
        if (!t) return [`trigger ${name} is missing`];
        if (!String(t.sql).includes(`RAISE(ABORT, '${APPEND_ONLY_MESSAGE}`))
          return [`trigger ${name} no longer rejects changes (it was replaced)`];
        return [];
      })
    : [];
  return {
    events,
    projection: has("pormg_migrations"),
    triggerProblems: problems,
    eventLogSince: has("pormg_migration_meta") ? await marker(driver, "pormg_migration_meta") : null,
    projectionRows: has("pormg_migrations") ? await count(driver, "pormg_migrations") : 0,
  };
}

async function marker(driver: Driver, table: string): Promise<string | null> {
  const [row] = await driver.query(`SELECT "value" FROM ${table} WHERE "key" = 'event_log'`);
  return row === undefined ? null : String(row.value);
}

async function count(driver: Driver, table: string): Promise<number> {
  const countAll = driver.dialect === "postgresql" ? "pg_catalog.count(*)" : "count(*)";
  const [row] = await driver.query(`SELECT ${countAll} AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}
