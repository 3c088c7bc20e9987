import type { Driver } from "../../core/driver.ts";
import { APPEND_ONLY_MESSAGE, EVENT_TYPE_CHECK } from "../../history/history-ddl.ts";
import type { HistoryNames } from "../../history/history-names.ts";
import type { HistoryProtection, HistorySql } from "../../history/history-sql.ts";

const TRIGGERS = ["pormg_migration_events_no_update", "pormg_migration_events_no_delete"] as const;

const truthy = (value: unknown) => value === true || Number(value) > 0;

/** Reads the history's protections: a trigger is in force only when its stored SQL still aborts. */
async function readProtection(driver: Driver): Promise<HistoryProtection> {
  const objects = await driver.query(
    `SELECT type, name, tbl_name AS "table", sql FROM sqlite_master
      WHERE name IN ('pormg_migration_events', 'pormg_migrations', 'pormg_migration_meta') OR tbl_name = 'pormg_migration_events'`,
  );
  const has = (name: string) => objects.some((o) => o.type === "table" && o.name === name);
  const events = has("pormg_migration_events");
  const problems = events
    ? TRIGGERS.flatMap((name) => {
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
    meta: has("pormg_migration_meta"),
    triggerProblems: problems,
  };
}

/**
 * SQLite's history SQL: the objects live in the main database, unqualified; `BEGIN IMMEDIATE`
 * already serializes writers, so nothing is locked beside it.
 */
export const sqliteHistory: HistorySql = {
  appendOnlyTriggers: TRIGGERS,
  projectionDdl: () => `CREATE TABLE IF NOT EXISTS pormg_migrations (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "version" VARCHAR(17) NOT NULL UNIQUE,
  "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "sql_content" TEXT NOT NULL DEFAULT '',
  "applied_at" DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT 0,
  "format_version" INTEGER NOT NULL DEFAULT 1
)`,
  addFormatVersion: () => `ALTER TABLE pormg_migrations ADD COLUMN "format_version" INTEGER NOT NULL DEFAULT 1`,
  eventsDdl: () => `CREATE TABLE IF NOT EXISTS pormg_migration_events (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "version" VARCHAR(17) NOT NULL,
  "seq" INTEGER NOT NULL CHECK ("seq" >= 1),
  "type" VARCHAR(20) NOT NULL ${EVENT_TYPE_CHECK},
  "occurred_at" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "payload" TEXT NOT NULL,
  "prev_hash" CHAR(64) NOT NULL,
  "hash" CHAR(64) NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE ("version", "seq"),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE ("prev_hash")
)`,
  appendOnlyDdl: () => `DROP TRIGGER IF EXISTS pormg_migration_events_no_update;
CREATE TRIGGER pormg_migration_events_no_update BEFORE UPDATE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (UPDATE rejected)'); END;
DROP TRIGGER IF EXISTS pormg_migration_events_no_delete;
CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (DELETE rejected)'); END`,
  metaDdl: () =>
    `CREATE TABLE IF NOT EXISTS pormg_migration_meta ("key" VARCHAR(64) PRIMARY KEY, "value" TEXT NOT NULL)`,
  markEventLog: () => `INSERT OR IGNORE INTO pormg_migration_meta ("key", "value") VALUES ('event_log', ?)`,
  // PormG's legacy `applied_at` text (`YYYY-MM-DD HH:MM:SS`) becomes its canonical form.
  adoptionFixes: () => [
    `UPDATE pormg_migrations SET "applied_at" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "applied_at")
         WHERE CAST("applied_at" AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'`,
  ],
  lockBootstrap: async () => {},
  probe: async (driver) => {
    const [row] = await driver.query(
      `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migrations') AS projection,
         (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migration_events') AS events,
         (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pormg_migration_events'
            AND name IN (${TRIGGERS.map(() => "?").join(", ")})) AS triggers,
         (SELECT count(*) FROM pragma_table_info('pormg_migrations') WHERE name = 'format_version') AS format_version,
         (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migration_meta') AS meta`,
      [...TRIGGERS],
    );
    return {
      projection: truthy(row?.projection),
      events: truthy(row?.events),
      triggers: Number(row?.triggers ?? 0),
      formatVersion: truthy(row?.format_version),
      schemaExists: true,
      meta: truthy(row?.meta),
    };
  },
  readProtection,
  countAll: "count(*)",
  lockEvents: async () => {},
  snapshot: readSnapshot,
  streamAndLast: (names: HistoryNames, columns) =>
    `SELECT * FROM (SELECT ${columns} FROM ${names.events} WHERE "version" = ?) AS stream
     UNION ALL SELECT * FROM (SELECT ${columns} FROM ${names.events} ORDER BY "id" DESC LIMIT 1) AS last
     ORDER BY "id" ASC`,
  insertEvent:
    () => `INSERT INTO pormg_migration_events ("version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
  appliedAtSelect: `CAST("applied_at" AS TEXT)`,
  // PormG's `YYYY-MM-DDTHH:MM:SS.mmm+00:00`.
  appliedAtText: (wall) => `${wall}+00:00`,
  upsertProjection: (
    names,
  ) => `INSERT INTO ${names.projection} ("version", "name", "checksum", "sql_content", "applied_at", "status", "is_destructive", "format_version")
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT ("version") DO UPDATE SET "name" = excluded."name", "checksum" = excluded."checksum",
  "sql_content" = excluded."sql_content", "applied_at" = excluded."applied_at", "status" = excluded."status",
  "is_destructive" = excluded."is_destructive", "format_version" = excluded."format_version"`,
  deleteProjection: (names) => `DELETE FROM ${names.projection} WHERE "version" = ?`,
  tablesIn: async (driver, _schema, tables) =>
    (
      await driver.query<{ name: string }>(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${tables.map(() => "?").join(", ")})`,
        [...tables],
      )
    ).map((r) => r.name),
  historySchema: async () => "main",
  schemaExists: async () => true,
};

/**
 * Runs `read` in one deferred read transaction, so its statements see one state of the file: without
 * it every SELECT is its own transaction, and a writer committing between two of them (another
 * server's migrate appending events and projection rows) makes the log and the projection disagree.
 * `BEGIN DEFERRED` takes no write lock: it works on a read-only connection and never waits for a
 * writer.
 */
async function readSnapshot<T>(driver: Driver, read: (d: Driver) => Promise<T>): Promise<T> {
  await driver.execute("BEGIN DEFERRED");
  let result: T;
  try {
    result = await read(driver);
  } catch (error) {
    await driver.execute("ROLLBACK").catch(() => {});
    throw error;
  }
  await driver.execute("COMMIT");
  return result;
}
