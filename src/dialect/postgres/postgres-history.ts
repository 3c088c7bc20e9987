import type { Driver } from "../../core/driver.ts";
import { APPEND_ONLY_MESSAGE, EVENT_TYPE_CHECK } from "../../history/history-ddl.ts";
import { HISTORY_OBJECTS, type HistoryNames } from "../../history/history-names.ts";
import type { HistoryProtection, HistorySql } from "../../history/history-sql.ts";

/** The function the PostgreSQL append-only triggers call (pormg's own: introspection never lists it). */
export const APPEND_ONLY_FUNCTION = HISTORY_OBJECTS.appendOnlyFunction;

const TRIGGERS = ["pormg_migration_events_no_update_delete", "pormg_migration_events_no_truncate"] as const;

/**
 * The transaction lock that serializes history bootstraps of one schema: PormG's name for the default
 * `public` (and for connections without a schema), `pormg::history-init::<schema>` for the others.
 */
function historyInitLockName(schema: string | undefined): string {
  return schema === undefined || schema === "public" ? "pormg::history-init" : `pormg::history-init::${schema}`;
}

const truthy = (value: unknown) => value === true || Number(value) > 0;

/**
 * Reads the history's protections: a trigger is in force only when it exists on the event log, is
 * enabled, its function is pormg's and its body still raises.
 */
async function readProtection(driver: Driver, names: HistoryNames): Promise<HistoryProtection> {
  const [row] = await driver.query(
    `SELECT pg_catalog.to_regclass($1) IS NOT NULL AS events, pg_catalog.to_regclass($2) IS NOT NULL AS projection,
            pg_catalog.to_regclass($3) IS NOT NULL AS meta`,
    [names.events, names.projection, names.meta],
  );
  const events = row?.events === true;
  const triggers = events
    ? await driver.query(
        `SELECT t.tgname AS name, t.tgenabled AS enabled, p.proname AS function, p.prosrc AS body
           FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
          WHERE t.tgrelid = pg_catalog.to_regclass($1) AND NOT t.tgisinternal`,
        [names.events],
      )
    : [];
  const problems = events
    ? TRIGGERS.flatMap((name) => {
        const t = triggers.find((r) => r.name === name);
        if (!t) return [`trigger ${name} is missing`];
        if (t.enabled === "D" || t.enabled === "R") return [`trigger ${name} is disabled`];
        if (t.function !== HISTORY_OBJECTS.appendOnlyFunction || !String(t.body).includes("RAISE EXCEPTION"))
          return [`trigger ${name} no longer rejects changes (its function was replaced)`];
        return [];
      })
    : [];
  return { events, projection: row?.projection === true, meta: row?.meta === true, triggerProblems: problems };
}

/**
 * PostgreSQL's history SQL. Types that are not SQL keywords, and functions such as `now()`, are
 * `pg_catalog`-qualified, so a user type or function of the same name cannot stand in; the objects
 * are named in the connection's managed schema when it has one (`historyNames`).
 */
export const postgresHistory: HistorySql = {
  appendOnlyTriggers: TRIGGERS,
  projectionDdl: (names) => `CREATE TABLE IF NOT EXISTS ${names.projection} (
  "id" SERIAL PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL UNIQUE,
  "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "sql_content" pg_catalog.text NOT NULL DEFAULT '',
  "applied_at" TIMESTAMP NOT NULL DEFAULT pg_catalog.now(),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT FALSE,
  "format_version" INTEGER NOT NULL DEFAULT 1
)`,
  addFormatVersion: (names) =>
    `ALTER TABLE ${names.projection} ADD COLUMN IF NOT EXISTS "format_version" INTEGER NOT NULL DEFAULT 1`,
  eventsDdl: (names) => `CREATE TABLE IF NOT EXISTS ${names.events} (
  "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL,
  "seq" INTEGER NOT NULL CHECK ("seq" >= 1),
  "type" VARCHAR(20) NOT NULL ${EVENT_TYPE_CHECK},
  "occurred_at" pg_catalog.timestamptz NOT NULL,
  "actor" pg_catalog.text NOT NULL,
  "payload" pg_catalog.jsonb NOT NULL,
  "prev_hash" CHAR(64) NOT NULL,
  "hash" CHAR(64) NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE ("version", "seq"),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE ("prev_hash")
)`,
  // The function is created beside the tables (in `names.schema` when qualified).
  appendOnlyDdl: (
    names,
  ) => `CREATE OR REPLACE FUNCTION ${names.appendOnlyFunction}() RETURNS trigger LANGUAGE plpgsql AS $pormg$
BEGIN
  RAISE EXCEPTION '% (% rejected)', '${APPEND_ONLY_MESSAGE}', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$pormg$;
DROP TRIGGER IF EXISTS pormg_migration_events_no_update_delete ON ${names.events};
CREATE TRIGGER pormg_migration_events_no_update_delete BEFORE UPDATE OR DELETE ON ${names.events}
  FOR EACH ROW EXECUTE FUNCTION ${names.appendOnlyFunction}();
DROP TRIGGER IF EXISTS pormg_migration_events_no_truncate ON ${names.events};
CREATE TRIGGER pormg_migration_events_no_truncate BEFORE TRUNCATE ON ${names.events}
  FOR EACH STATEMENT EXECUTE FUNCTION ${names.appendOnlyFunction}()`,
  metaDdl: (names) =>
    `CREATE TABLE IF NOT EXISTS ${names.meta} ("key" VARCHAR(64) PRIMARY KEY, "value" pg_catalog.text NOT NULL)`,
  markEventLog: (names) =>
    `INSERT INTO ${names.meta} ("key", "value") VALUES ('event_log', $1) ON CONFLICT ("key") DO NOTHING`,
  adoptionFixes: () => [],
  lockBootstrap: async (tx, names) => {
    await tx.query("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext($1))", [
      historyInitLockName(names.schema),
    ]);
  },
  probe: async (driver, names) => {
    const [row] = await driver.query(
      `SELECT pg_catalog.to_regclass($2) IS NOT NULL AS projection,
         pg_catalog.to_regclass($3) IS NOT NULL AS events,
         (SELECT pg_catalog.count(*)::int FROM pg_catalog.pg_trigger WHERE tgrelid = pg_catalog.to_regclass($3)
            AND tgname = ANY($1) AND tgenabled <> 'D') AS triggers,
         EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = pg_catalog.to_regclass($2)
            AND attname = 'format_version' AND NOT attisdropped) AS format_version,
         ($4::pg_catalog.text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $4))
           AS schema_exists,
         pg_catalog.to_regclass($5) IS NOT NULL AS meta`,
      [[...TRIGGERS], names.projection, names.events, names.schema ?? null, names.meta],
    );
    return {
      projection: truthy(row?.projection),
      events: truthy(row?.events),
      triggers: Number(row?.triggers ?? 0),
      formatVersion: truthy(row?.format_version),
      schemaExists: truthy(row?.schema_exists),
      meta: truthy(row?.meta),
    };
  },
  readProtection,
  countAll: "pg_catalog.count(*)",
  // Concurrent appenders queue, so they never fork the hash chain.
  lockEvents: async (tx, names) => {
    await tx.execute(`LOCK TABLE ${names.events} IN SHARE ROW EXCLUSIVE MODE`);
  },
  snapshot: (driver, read) =>
    driver.transaction(async (tx) => {
      await tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      return read(tx);
    }),
  streamAndLast: (names, columns) =>
    `SELECT * FROM (SELECT ${columns} FROM ${names.events} WHERE "version" = $1) AS stream
     UNION ALL SELECT * FROM (SELECT ${columns} FROM ${names.events} ORDER BY "id" DESC LIMIT 1) AS last
     ORDER BY "id" ASC`,
  insertEvent: (
    names,
  ) => `INSERT INTO ${names.events} ("version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash")
         VALUES ($1, $2, $3, $4::pg_catalog.text::pg_catalog.timestamptz, $5, $6::pg_catalog.text::pg_catalog.jsonb, $7, $8)
         RETURNING "id"`,
  appliedAtSelect: `pg_catalog.to_char("applied_at", 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  // A `TIMESTAMP` in UTC, read back with microseconds.
  appliedAtText: (wall) => `${wall}000`,
  // Parameters are cast from text: the client would parse a `timestamp` parameter through a
  // JavaScript Date (local time zone, milliseconds only) and change adopted rows.
  upsertProjection: (
    names,
  ) => `INSERT INTO ${names.projection} ("version", "name", "checksum", "sql_content", "applied_at", "status", "is_destructive", "format_version")
VALUES ($1, $2, $3, $4, $5::pg_catalog.text::timestamp, $6, $7, $8)
ON CONFLICT ("version") DO UPDATE SET "name" = EXCLUDED."name", "checksum" = EXCLUDED."checksum",
  "sql_content" = EXCLUDED."sql_content", "applied_at" = EXCLUDED."applied_at", "status" = EXCLUDED."status",
  "is_destructive" = EXCLUDED."is_destructive", "format_version" = EXCLUDED."format_version"`,
  deleteProjection: (names) => `DELETE FROM ${names.projection} WHERE "version" = $1`,
  // pg_class, not information_schema.tables (which hides tables the role may not read).
  tablesIn: async (driver, schema, tables) =>
    (
      await driver.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p')`,
        [schema, [...tables]],
      )
    ).map((r) => r.name),
  historySchema: async (driver) => {
    if (driver.schema !== undefined) return driver.schema;
    const [row] = await driver.query<{ schema: string | null }>("SELECT pg_catalog.current_schema() AS schema");
    return row?.schema ?? null;
  },
  schemaExists: async (driver, schema) => {
    const [row] = await driver.query<{ found: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS found",
      [schema],
    );
    return row?.found === true;
  },
};
