import type { DialectName } from "../core/dialect-name.ts";
import { EVENT_TYPES } from "./events.ts";
import { HISTORY_OBJECTS, type HistoryNames } from "./history-names.ts";

/** The function the PostgreSQL append-only triggers call (pormg's own: introspection never lists it). */
export const APPEND_ONLY_FUNCTION = HISTORY_OBJECTS.appendOnlyFunction;

const unqualified: HistoryNames = { schema: undefined, ...HISTORY_OBJECTS };

/** The names of the triggers that keep `pormg_migration_events` append-only, per dialect. */
export const APPEND_ONLY_TRIGGERS: Readonly<Record<DialectName, readonly string[]>> = {
  postgresql: ["pormg_migration_events_no_update_delete", "pormg_migration_events_no_truncate"],
  sqlite: ["pormg_migration_events_no_update", "pormg_migration_events_no_delete"],
};

/** The message a rejected UPDATE, DELETE or TRUNCATE on the event log raises. */
export const APPEND_ONLY_MESSAGE =
  "pormg_migration_events is append-only: events are never changed or deleted. Record a correction with " +
  "pormg mark-applied, pormg mark-failed or pormg remove, or rewrite the projection pormg_migrations with pormg history rebuild";

const typeCheck = `CHECK ("type" IN (${EVENT_TYPES.map((t) => `'${t}'`).join(", ")}))`;

/**
 * PormG's frozen v1 `pormg_migrations` table (reference §8.1), per dialect, named as `names` say
 * (default unqualified). PostgreSQL types that are not SQL keywords, and `now()`, are
 * `pg_catalog`-qualified, so a user type or function of the same name cannot stand in.
 */
export function projectionDdl(dialect: DialectName, names: HistoryNames = unqualified): string {
  return dialect === "postgresql"
    ? `CREATE TABLE IF NOT EXISTS ${names.projection} (
  "id" SERIAL PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL UNIQUE,
  "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "sql_content" pg_catalog.text NOT NULL DEFAULT '',
  "applied_at" TIMESTAMP NOT NULL DEFAULT pg_catalog.now(),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT FALSE,
  "format_version" INTEGER NOT NULL DEFAULT 1
)`
    : `CREATE TABLE IF NOT EXISTS pormg_migrations (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "version" VARCHAR(17) NOT NULL UNIQUE,
  "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "sql_content" TEXT NOT NULL DEFAULT '',
  "applied_at" DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT 0,
  "format_version" INTEGER NOT NULL DEFAULT 1
)`;
}

/** PormG's `ALTER TABLE` adding `format_version` to an older `pormg_migrations` (reference §8.2). */
export function addFormatVersion(dialect: DialectName, names: HistoryNames = unqualified): string {
  return dialect === "postgresql"
    ? `ALTER TABLE ${names.projection} ADD COLUMN IF NOT EXISTS "format_version" INTEGER NOT NULL DEFAULT 1`
    : `ALTER TABLE pormg_migrations ADD COLUMN "format_version" INTEGER NOT NULL DEFAULT 1`;
}

/**
 * The event log table, per dialect, named as `names` say (default unqualified). `UNIQUE (version, seq)` is the expected-version check of a
 * stream; `UNIQUE (prev_hash)` makes a fork of the chain impossible (two events cannot follow the same one).
 */
export function eventsDdl(dialect: DialectName, names: HistoryNames = unqualified): string {
  return dialect === "postgresql"
    ? `CREATE TABLE IF NOT EXISTS ${names.events} (
  "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL,
  "seq" INTEGER NOT NULL CHECK ("seq" >= 1),
  "type" VARCHAR(20) NOT NULL ${typeCheck},
  "occurred_at" pg_catalog.timestamptz NOT NULL,
  "actor" pg_catalog.text NOT NULL,
  "payload" pg_catalog.jsonb NOT NULL,
  "prev_hash" CHAR(64) NOT NULL,
  "hash" CHAR(64) NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE ("version", "seq"),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE ("prev_hash")
)`
    : `CREATE TABLE IF NOT EXISTS pormg_migration_events (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT,
  "version" VARCHAR(17) NOT NULL,
  "seq" INTEGER NOT NULL CHECK ("seq" >= 1),
  "type" VARCHAR(20) NOT NULL ${typeCheck},
  "occurred_at" TEXT NOT NULL,
  "actor" TEXT NOT NULL,
  "payload" TEXT NOT NULL,
  "prev_hash" CHAR(64) NOT NULL,
  "hash" CHAR(64) NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE ("version", "seq"),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE ("prev_hash")
)`;
}

/**
 * The triggers that reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the event log,
 * per dialect. Running the script again replaces them (and re-enables a disabled one). On PostgreSQL
 * the function is created beside the tables (in `names.schema` when qualified).
 */
export function appendOnlyDdl(dialect: DialectName, names: HistoryNames = unqualified): string {
  if (dialect === "postgresql")
    return `CREATE OR REPLACE FUNCTION ${names.appendOnlyFunction}() RETURNS trigger LANGUAGE plpgsql AS $pormg$
BEGIN
  RAISE EXCEPTION '% (% rejected)', '${APPEND_ONLY_MESSAGE}', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$pormg$;
DROP TRIGGER IF EXISTS pormg_migration_events_no_update_delete ON ${names.events};
CREATE TRIGGER pormg_migration_events_no_update_delete BEFORE UPDATE OR DELETE ON ${names.events}
  FOR EACH ROW EXECUTE FUNCTION ${names.appendOnlyFunction}();
DROP TRIGGER IF EXISTS pormg_migration_events_no_truncate ON ${names.events};
CREATE TRIGGER pormg_migration_events_no_truncate BEFORE TRUNCATE ON ${names.events}
  FOR EACH STATEMENT EXECUTE FUNCTION ${names.appendOnlyFunction}()`;
  return `DROP TRIGGER IF EXISTS pormg_migration_events_no_update;
CREATE TRIGGER pormg_migration_events_no_update BEFORE UPDATE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (UPDATE rejected)'); END;
DROP TRIGGER IF EXISTS pormg_migration_events_no_delete;
CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (DELETE rejected)'); END`;
}

/**
 * The marker table: one row per fact pormg must not forget even when the event log itself is
 * dropped — `event_log` records when pormg first created (or adopted into) an event log, so a
 * `pormg_migrations` left without its log is recognised as a dropped log, not as a PormG history
 * to adopt (which would erase the evidence).
 */
export function metaDdl(dialect: DialectName, names: HistoryNames = unqualified): string {
  return dialect === "postgresql"
    ? `CREATE TABLE IF NOT EXISTS ${names.meta} ("key" VARCHAR(64) PRIMARY KEY, "value" pg_catalog.text NOT NULL)`
    : `CREATE TABLE IF NOT EXISTS pormg_migration_meta ("key" VARCHAR(64) PRIMARY KEY, "value" TEXT NOT NULL)`;
}

/** Records that an event log exists (first time only), with the time as its value (`$1` / `?`). */
export function markEventLog(dialect: DialectName, names: HistoryNames = unqualified): string {
  return dialect === "postgresql"
    ? `INSERT INTO ${names.meta} ("key", "value") VALUES ('event_log', $1) ON CONFLICT ("key") DO NOTHING`
    : `INSERT OR IGNORE INTO pormg_migration_meta ("key", "value") VALUES ('event_log', ?)`;
}
