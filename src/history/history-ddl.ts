import type { Dialect } from "../driver/driver.ts";
import { EVENT_TYPES } from "./events.ts";

/** The names of the triggers that keep `pormg_migration_events` append-only, per dialect. */
export const APPEND_ONLY_TRIGGERS: Readonly<Record<Dialect, readonly string[]>> = {
  postgresql: ["pormg_migration_events_no_update_delete", "pormg_migration_events_no_truncate"],
  sqlite: ["pormg_migration_events_no_update", "pormg_migration_events_no_delete"],
};

/** The message a rejected UPDATE, DELETE or TRUNCATE on the event log raises. */
export const APPEND_ONLY_MESSAGE =
  "pormg_migration_events is append-only: events are never changed or deleted. Record a correction with " +
  "pormg mark-applied, pormg mark-failed or pormg remove, or rewrite the projection pormg_migrations with pormg history rebuild";

const typeCheck = `CHECK ("type" IN (${EVENT_TYPES.map((t) => `'${t}'`).join(", ")}))`;

/** PormG's frozen v1 `pormg_migrations` table (reference §8.1), per dialect. */
export const PROJECTION_DDL: Readonly<Record<Dialect, string>> = {
  postgresql: `CREATE TABLE IF NOT EXISTS pormg_migrations (
  "id" SERIAL PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL UNIQUE,
  "name" VARCHAR(255) NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "sql_content" TEXT NOT NULL DEFAULT '',
  "applied_at" TIMESTAMP NOT NULL DEFAULT NOW(),
  "status" VARCHAR(20) NOT NULL DEFAULT 'applied',
  "is_destructive" BOOLEAN NOT NULL DEFAULT FALSE,
  "format_version" INTEGER NOT NULL DEFAULT 1
)`,
  sqlite: `CREATE TABLE IF NOT EXISTS pormg_migrations (
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
};

/** PormG's `ALTER TABLE` adding `format_version` to an older `pormg_migrations` (reference §8.2). */
export const ADD_FORMAT_VERSION: Readonly<Record<Dialect, string>> = {
  postgresql: `ALTER TABLE pormg_migrations ADD COLUMN IF NOT EXISTS "format_version" INTEGER NOT NULL DEFAULT 1`,
  sqlite: `ALTER TABLE pormg_migrations ADD COLUMN "format_version" INTEGER NOT NULL DEFAULT 1`,
};

/**
 * The event log table, per dialect. `UNIQUE (version, seq)` is the expected-version check of a
 * stream; `UNIQUE (prev_hash)` makes a fork of the chain impossible (two events cannot follow the same one).
 */
export const EVENTS_DDL: Readonly<Record<Dialect, string>> = {
  postgresql: `CREATE TABLE IF NOT EXISTS pormg_migration_events (
  "id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "version" VARCHAR(17) NOT NULL,
  "seq" INTEGER NOT NULL CHECK ("seq" >= 1),
  "type" VARCHAR(20) NOT NULL ${typeCheck},
  "occurred_at" TIMESTAMPTZ NOT NULL,
  "actor" TEXT NOT NULL,
  "payload" JSONB NOT NULL,
  "prev_hash" CHAR(64) NOT NULL,
  "hash" CHAR(64) NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE ("version", "seq"),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE ("prev_hash")
)`,
  sqlite: `CREATE TABLE IF NOT EXISTS pormg_migration_events (
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
)`,
};

/**
 * The triggers that reject UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the event log,
 * per dialect. Running the script again replaces them (and re-enables a disabled one).
 */
export const APPEND_ONLY_DDL: Readonly<Record<Dialect, string>> = {
  postgresql: `CREATE OR REPLACE FUNCTION pormg_migration_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $pormg$
BEGIN
  RAISE EXCEPTION '% (% rejected)', '${APPEND_ONLY_MESSAGE}', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$pormg$;
DROP TRIGGER IF EXISTS pormg_migration_events_no_update_delete ON pormg_migration_events;
CREATE TRIGGER pormg_migration_events_no_update_delete BEFORE UPDATE OR DELETE ON pormg_migration_events
  FOR EACH ROW EXECUTE FUNCTION pormg_migration_events_append_only();
DROP TRIGGER IF EXISTS pormg_migration_events_no_truncate ON pormg_migration_events;
CREATE TRIGGER pormg_migration_events_no_truncate BEFORE TRUNCATE ON pormg_migration_events
  FOR EACH STATEMENT EXECUTE FUNCTION pormg_migration_events_append_only()`,
  sqlite: `DROP TRIGGER IF EXISTS pormg_migration_events_no_update;
CREATE TRIGGER pormg_migration_events_no_update BEFORE UPDATE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (UPDATE rejected)'); END;
DROP TRIGGER IF EXISTS pormg_migration_events_no_delete;
CREATE TRIGGER pormg_migration_events_no_delete BEFORE DELETE ON pormg_migration_events
BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE} (DELETE rejected)'); END`,
};
