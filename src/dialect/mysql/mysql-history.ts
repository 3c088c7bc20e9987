import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { EVENT_TYPES } from "../../history/events.ts";
import type { HistoryNames } from "../../history/history-names.ts";
import type { HistorySql } from "../../history/history-sql.ts";
import {
  GUARD_KEY,
  historySchema,
  probeHistory,
  readProtection,
  schemaExists,
  signal,
  TRIGGERS,
  tablesIn,
} from "./mysql-history-catalog.ts";
import { HISTORY_INIT, mysqlLockNameSql } from "./mysql-lock-name.ts";
import { quoteIdent } from "./mysql-quote.ts";

const q = quoteIdent;

/** The event columns `insertEvent` writes, in its parameters' order. */
const EVENT_COLUMNS = ["version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash"];

/** The projection columns an upsert writes after `version` (and sets again on a duplicate version). */
const PROJECTION_SET = ["name", "checksum", "sql_content", "applied_at", "status", "is_destructive", "format_version"];

const columnList = (columns: readonly string[]) => columns.map(q).join(", ");

/** Every table is InnoDB (transactional, row locks) with exact, case-sensitive text comparison. */
const TABLE_OPTIONS = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

/**
 * The lock that serializes history bootstraps of the database the objects live in, as SQL: a text
 * literal written in hex, so no `sql_mode` (`NO_BACKSLASH_ESCAPES`, `ANSI_QUOTES`) changes it.
 */
function bootstrapLock(names: HistoryNames): string {
  const database = names.schema === undefined ? "DATABASE()" : `CONVERT(X'${hexOf(names.schema)}' USING utf8mb4)`;
  return mysqlLockNameSql(HISTORY_INIT, database);
}

/**
 * Takes the named lock that serializes history bootstraps of the database (`GET_LOCK`, waiting as
 * long as the session's `lock_wait_timeout`). A bootstrap's DDL commits implicitly on MySQL, which
 * ends every transaction lock, so the lock is the session's: `markEventLog`, the bootstrap's last
 * statement after its DDL, releases it (the appends of an adoption that follow queue on the log's
 * own lock, `lockEvents`). A bootstrap that stops before (it found the work done, or refused)
 * keeps it until its connection closes or bootstraps again; a connection that holds it already does
 * not take it a second time (named locks nest).
 */
async function lockBootstrap(tx: Driver, names: HistoryNames): Promise<void> {
  const lock = bootstrapLock(names);
  const [row] = await tx.query<{ ok: unknown; name: unknown }>(
    `SELECT ${lock} AS name,
            CASE WHEN IS_USED_LOCK(${lock}) = CONNECTION_ID() THEN 1
                 ELSE GET_LOCK(${lock}, @@SESSION.lock_wait_timeout) END AS ok`,
  );
  if (Number(row?.ok) !== 1)
    throw new PormgError(
      "LOCK_TIMEOUT",
      `Could not take the lock "${String(row?.name)}" that serializes pormg's history bootstraps within the session's ` +
        "lock_wait_timeout: another connection is creating or adopting the history of this database. Run the command again.",
      { lock: String(row?.name) },
    );
}

/**
 * Runs `read` in one REPEATABLE READ, read-only transaction, so the log and the projection are read
 * from one snapshot whatever isolation the session defaults to. Inside a transaction already (a
 * savepoint), the isolation cannot change and the caller's transaction is the snapshot.
 */
async function snapshot<T>(driver: Driver, read: (d: Driver) => Promise<T>): Promise<T> {
  await driver.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").catch((error: unknown) => {
    // ER_CANT_CHANGE_TX_CHARACTERISTICS: a transaction is in progress.
    if ((error as { errno?: unknown }).errno !== 1568) throw error;
  });
  return driver.transaction(read);
}

/**
 * MySQL's and MariaDB's history SQL. The tables are InnoDB, so an event and its projection row
 * commit together; the objects live in the connection's database (`DATABASE()`), or in
 * `names.schema` when the names are qualified. Times are UTC and never pass through the session
 * time zone: an event's `occurred_at` is the exact ISO text its hash covers (a DATETIME would read
 * back as different text), `applied_at` a `DATETIME(6)` written and read as text. The payload is
 * `LONGTEXT` (`utf8mb4_bin`), not `JSON`: MySQL's binary JSON rewrites the text, and `JSON_VALID`
 * (MariaDB's `JSON` check) refuses texts `JSON.stringify` writes, such as an escaped lone surrogate.
 *
 * Every name is quoted with backticks, so no `sql_mode` changes a statement; the generic history
 * code quotes its names with the dialect's `quoteIdent` (double quotes would need `ANSI_QUOTES`,
 * which would change what `"…"` means in users' migrations). TRUNCATE fires no trigger on MySQL: the foreign key of the guard table
 * `pormg_migration_events_guard` stops it instead (`EVENTS_GUARD`).
 */
export const mysqlHistory: HistorySql = {
  appendOnlyTriggers: TRIGGERS.map(([name]) => name),
  projectionDdl: (names) => `CREATE TABLE IF NOT EXISTS ${names.projection} (
  ${q("id")} INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ${q("version")} VARCHAR(17) NOT NULL UNIQUE,
  ${q("name")} VARCHAR(255) NOT NULL,
  ${q("checksum")} VARCHAR(64) NOT NULL,
  ${q("sql_content")} LONGTEXT NOT NULL DEFAULT (''),
  ${q("applied_at")} DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  ${q("status")} VARCHAR(20) NOT NULL DEFAULT 'applied',
  ${q("is_destructive")} BOOLEAN NOT NULL DEFAULT FALSE,
  ${q("format_version")} INT NOT NULL DEFAULT 1
) ${TABLE_OPTIONS}`,
  addFormatVersion: (names) =>
    `ALTER TABLE ${names.projection} ADD COLUMN ${q("format_version")} INT NOT NULL DEFAULT 1`,
  eventsDdl: (names) => `CREATE TABLE IF NOT EXISTS ${names.events} (
  ${q("id")} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ${q("version")} VARCHAR(17) NOT NULL,
  ${q("seq")} INT NOT NULL CHECK (${q("seq")} >= 1),
  ${q("type")} VARCHAR(20) NOT NULL CHECK (${q("type")} IN (${EVENT_TYPES.map((t) => `'${t}'`).join(", ")})),
  ${q("occurred_at")} VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ${q("actor")} TEXT NOT NULL,
  ${q("payload")} LONGTEXT NOT NULL,
  ${q("prev_hash")} CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ${q("hash")} CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  CONSTRAINT pormg_migration_events_version_seq_key UNIQUE (${q("version")}, ${q("seq")}),
  CONSTRAINT pormg_migration_events_prev_hash_key UNIQUE (${q("prev_hash")})
) ${TABLE_OPTIONS}`,
  // One statement per trigger (a trigger whose body is one statement needs no BEGIN … END), then the
  // guard, re-created so that a foreign key dropped from it comes back.
  appendOnlyDdl: (names) =>
    [
      ...TRIGGERS.map(
        ([name, op]) => `DROP TRIGGER IF EXISTS ${qualified(names, name)};
CREATE TRIGGER ${qualified(names, name)} BEFORE ${op} ON ${names.events} FOR EACH ROW ${signal(op)}`,
      ),
      `DROP TABLE IF EXISTS ${guardOf(names)};
CREATE TABLE ${guardOf(names)} (
  ${q("event_id")} BIGINT NOT NULL PRIMARY KEY,
  CONSTRAINT ${GUARD_KEY} FOREIGN KEY (${q("event_id")}) REFERENCES ${names.events} (${q("id")})
) ${TABLE_OPTIONS}`,
    ].join(";\n"),
  metaDdl: (names) =>
    `CREATE TABLE IF NOT EXISTS ${names.meta} (${q("key")} VARCHAR(64) NOT NULL PRIMARY KEY, ${q("value")} TEXT NOT NULL) ${TABLE_OPTIONS}`,
  // The bootstrap's DDL is done here: its lock (`lockBootstrap`) is released with the marker.
  markEventLog: (names) =>
    `INSERT INTO ${names.meta} (${q("key")}, ${q("value")}) VALUES ('event_log', ?) ON DUPLICATE KEY UPDATE ${q("key")} = ${q("key")};
DO RELEASE_LOCK(${bootstrapLock(names)})`,
  adoptionFixes: () => [],
  lockBootstrap,
  probe: probeHistory,
  readProtection,
  countAll: "COUNT(*)",
  // The marker row is the log's lock: appenders queue on it (it exists from the bootstrap on, even
  // before the first event, where locking the log's last row would only take a shared gap lock).
  lockEvents: async (tx, names) => {
    await tx.query(`SELECT ${q("key")} FROM ${names.meta} WHERE ${q("key")} = 'event_log' FOR UPDATE`);
  },
  snapshot,
  // Locking reads read the latest committed rows, not the transaction's snapshot, so an append never
  // chains to a last event that a concurrent append already followed.
  streamAndLast: (names, columns) =>
    `(SELECT ${columns} FROM ${names.events} WHERE ${q("version")} = ? FOR UPDATE)
     UNION ALL (SELECT ${columns} FROM ${names.events} ORDER BY ${q("id")} DESC LIMIT 1 FOR UPDATE)
     ORDER BY ${q("id")} ASC`,
  // No RETURNING on MySQL: the id is the connection's LAST_INSERT_ID(), read in the same text.
  insertEvent: (names) =>
    `INSERT INTO ${names.events} (${columnList(EVENT_COLUMNS)})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?); SELECT LAST_INSERT_ID() AS ${q("id")}`,
  appliedAtSelect: `DATE_FORMAT(${q("applied_at")}, '%Y-%m-%dT%H:%i:%s.%f')`,
  // A `DATETIME(6)` in UTC, read back with microseconds.
  appliedAtText: (wall) => `${wall}000`,
  // `applied_at` is cast from text (no zone suffix, so no session time zone applies to it).
  upsertProjection: (names) =>
    `INSERT INTO ${names.projection} (${columnList(["version", ...PROJECTION_SET])})
VALUES (?, ?, ?, ?, CAST(? AS DATETIME(6)), ?, ?, ?)
ON DUPLICATE KEY UPDATE ${PROJECTION_SET.map((c) => `${q(c)} = VALUES(${q(c)})`).join(", ")}`,
  deleteProjection: (names) => `DELETE FROM ${names.projection} WHERE ${q("version")} = ?`,
  tablesIn,
  historySchema,
  schemaExists,
};

/** The UTF-8 bytes of `text` in hex. */
function hexOf(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The guard table beside the event log (qualified as the log is). */
function guardOf(names: HistoryNames): string {
  return `${names.events}_guard`;
}

/** A trigger's name in the database of `names` (triggers live in a database, beside their table). */
function qualified(names: HistoryNames, name: string): string {
  return names.schema === undefined ? name : `${q(names.schema)}.${name}`;
}
