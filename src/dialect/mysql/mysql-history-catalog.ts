import type { Driver } from "../../core/driver.ts";
import { APPEND_ONLY_MESSAGE } from "../../history/history-ddl.ts";
import type { HistoryNames } from "../../history/history-names.ts";
import type { HistoryProbe, HistoryProtection } from "../../history/history-sql.ts";

/**
 * The catalog side of MySQL's history SQL (`mysqlHistory`): the names of the append-only objects
 * and what `information_schema` says about them. Every query names the database the history lives
 * in: `names.schema` when the names are qualified, else the connection's (`DATABASE()`).
 */

/** The triggers that keep the event log append-only, and the statement each rejects. */
export const TRIGGERS = [
  ["pormg_migration_events_no_update", "UPDATE"],
  ["pormg_migration_events_no_delete", "DELETE"],
] as const;

/**
 * The text the triggers signal: the first sentence of pormg's append-only message and the rejected
 * statement. MySQL caps `MESSAGE_TEXT` at 128 characters (MariaDB at 512), so the advice that
 * follows in {@link APPEND_ONLY_MESSAGE} does not fit.
 */
export const MYSQL_APPEND_ONLY_MESSAGE = APPEND_ONLY_MESSAGE.slice(0, APPEND_ONLY_MESSAGE.indexOf("."));

/** The statement a trigger runs: SQLSTATE 45000 (an unhandled user exception) with pormg's message. */
export const signal = (op: string) =>
  `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${MYSQL_APPEND_ONLY_MESSAGE} (${op} rejected)'`;

/**
 * The guard against TRUNCATE, which fires no trigger on MySQL: an empty table whose foreign key
 * references the event log, so InnoDB refuses `TRUNCATE` (and `DROP TABLE`) of the log while
 * `foreign_key_checks` is on. Introspection skips it with the other `pormg_migration*` tables.
 */
export const EVENTS_GUARD = "pormg_migration_events_guard";
export const GUARD_KEY = "pormg_migration_events_guard_fk";

/** The SQL of the database the objects live in: `names.schema` when they are qualified, else the connection's. */
const SCHEMA = "COALESCE(?, DATABASE())";

const truthy = (value: unknown) => value === true || Number(value) > 0;

/**
 * Reads the history's protections from `information_schema`: a trigger is in force only when it
 * exists on the event log, fires BEFORE the statement it is named for, and its body still signals
 * pormg's error — a no-op trigger under the same name does not count. (MySQL triggers cannot be
 * disabled; dropping one is the only way around it.)
 */
export async function readProtection(driver: Driver, names: HistoryNames): Promise<HistoryProtection> {
  const schema = names.schema ?? null;
  const tables = await driver.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${SCHEMA}
        AND TABLE_NAME IN ('pormg_migration_events', 'pormg_migrations', 'pormg_migration_meta')`,
    [schema],
  );
  const has = (name: string) => tables.some((t) => t.name === name);
  const events = has("pormg_migration_events");
  const triggers = events
    ? await driver.query<{ name: string; op: string; timing: string; body: string }>(
        `SELECT TRIGGER_NAME AS name, EVENT_MANIPULATION AS op, ACTION_TIMING AS timing, ACTION_STATEMENT AS body
           FROM information_schema.TRIGGERS
          WHERE TRIGGER_SCHEMA = ${SCHEMA} AND EVENT_OBJECT_TABLE = 'pormg_migration_events'`,
        [schema],
      )
    : [];
  const guarded = events
    ? await driver.query(
        `SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ${SCHEMA}
            AND CONSTRAINT_NAME = '${GUARD_KEY}' AND TABLE_NAME = '${EVENTS_GUARD}'
            AND REFERENCED_TABLE_NAME = 'pormg_migration_events'`,
        [schema],
      )
    : [];
  const problems = events
    ? TRIGGERS.flatMap(([name, op]) => {
        const t = triggers.find((r) => r.name === name);
        if (!t) return [`trigger ${name} is missing`];
        if (t.op !== op || t.timing !== "BEFORE" || !String(t.body).includes(signal(op)))
          return [`trigger ${name} no longer rejects changes (it was replaced)`];
        return [];
      })
    : [];
  if (events && guarded.length === 0)
    problems.push(`the guard ${EVENTS_GUARD} is missing (its foreign key is what refuses TRUNCATE of the log)`);
  return { events, projection: has("pormg_migrations"), meta: has("pormg_migration_meta"), triggerProblems: problems };
}

/** `initHistory`'s catalog probe, in one query of `information_schema`. */
export async function probeHistory(driver: Driver, names: HistoryNames): Promise<HistoryProbe> {
  const schema = names.schema ?? null;
  const [row] = await driver.query(
    `SELECT
       (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${SCHEMA} AND TABLE_NAME = 'pormg_migrations') AS projection,
       (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${SCHEMA} AND TABLE_NAME = 'pormg_migration_events') AS events,
       (SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${SCHEMA}
          AND EVENT_OBJECT_TABLE = 'pormg_migration_events' AND TRIGGER_NAME IN (?, ?)) AS triggers,
       (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ${SCHEMA}
          AND TABLE_NAME = 'pormg_migrations' AND COLUMN_NAME = 'format_version') AS format_version,
       (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${SCHEMA}) AS schema_exists,
       (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${SCHEMA} AND TABLE_NAME = 'pormg_migration_meta') AS meta`,
    [schema, schema, schema, ...TRIGGERS.map(([name]) => name), schema, schema, schema],
  );
  return {
    projection: truthy(row?.projection),
    events: truthy(row?.events),
    triggers: Number(row?.triggers ?? 0),
    formatVersion: truthy(row?.format_version),
    schemaExists: truthy(row?.schema_exists),
    meta: truthy(row?.meta),
  };
}

/** The history tables among `tables` in database `schema` (information_schema lists only those the user has a privilege on). */
export async function tablesIn(driver: Driver, schema: string, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const rows = await driver.query<{ name: string }>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME IN (${tables.map(() => "?").join(", ")})`,
    [schema, ...tables],
  );
  return rows.map((r) => r.name);
}

/** The database the history lives in: the connection's managed one, else its current one (`DATABASE()`). */
export async function historySchema(driver: Driver): Promise<string | null> {
  if (driver.schema !== undefined) return driver.schema;
  const [row] = await driver.query<{ name: string | null }>("SELECT DATABASE() AS name");
  return row?.name ?? null;
}

/** Whether database `schema` exists. */
export async function schemaExists(driver: Driver, schema: string): Promise<boolean> {
  const [row] = await driver.query<{ n: unknown }>(
    "SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
    [schema],
  );
  return truthy(row?.n);
}
