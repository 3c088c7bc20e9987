import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { sha256Hex } from "../core/hash.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { assertLeadsTo, headOf, isHeadHash } from "../history/anchor.ts";
import { readEvents } from "../history/event-store.ts";
import type { HistoryEvent } from "../history/events.ts";
import { historyTablesPresent } from "../history/history-tables.ts";
import { type InitResult, initHistory } from "../history/init-history.ts";
import { rebuildProjection } from "../history/rebuild-projection.ts";
import { type MarkAppliedInput, markApplied, markFailed, type RepairInput, removeRecord } from "../history/repair.ts";
import { badEvent, verifiedLog } from "../history/verify-history.ts";
import { classifySql } from "../sql/classify.ts";
import { openConfigured } from "./open-database.ts";

/** Runs `fn` on a connection to the configured database (PostgreSQL: in the configured schema), then closes it. */
export async function withDatabase<T>(config: Config, fn: (db: Driver) => Promise<T>): Promise<T> {
  const db = await openConfigured(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** `pormg init`: bootstraps (or adopts) the history tables, and restores append-only triggers that are off; idempotent. */
export function initMigrations(config: Config, actor?: string): Promise<InitResult> {
  return withDatabase(config, (db) =>
    initHistory(db, dialectNamed(db.dialect), { restoreTriggers: true, ...(actor !== undefined && { actor }) }),
  );
}

/** The event log, oldest first (empty when the history does not exist yet). */
export function listEvents(config: Config): Promise<HistoryEvent[]> {
  return withDatabase(config, async (db) =>
    (await historyTablesPresent(db, dialectNamed(db.dialect))).pormg_migration_events
      ? readEvents(db, dialectNamed(db.dialect))
      : [],
  );
}

/**
 * Re-folds the log and checks the hash chain and the projection; throws HISTORY_TAMPERED (exit 3)
 * naming the first bad event. With `expect` (a head hash stored earlier, `history head`), also
 * refuses a log that does not lead to it (`assertLeadsTo`). Returns the result and the log's head.
 */
export function verifyMigrationHistory(config: Config, options: { readonly expect?: string } = {}) {
  if (options.expect !== undefined && !isHeadHash(options.expect))
    throw new PormgError(
      "USAGE",
      `--expect: "${options.expect}" is not a head hash (64 hex digits from \`pormg history head\`)`,
    );
  return withDatabase(config, async (db) => {
    const { result, log, head } = await verifiedLog(db, dialectNamed(db.dialect));
    if (!result.ok)
      throw new PormgError(
        "HISTORY_TAMPERED",
        `The migration history does not verify: ${badEvent(result.firstBad)}. ` +
          "Someone changed pormg_migration_events or pormg_migrations by hand. Restore them from a backup; a projection-only difference is fixed by `pormg history rebuild`.",
        { ...result, head },
      );
    if (options.expect !== undefined)
      try {
        assertLeadsTo(log, options.expect);
      } catch (error) {
        if (!isPormgError(error)) throw error;
        throw new PormgError(error.code, error.message, { ...result, head, ...error.details }, { cause: error });
      }
    return { ...result, head };
  });
}

/** The head of the event log (`pormg history head`): the last event's hash, id and version. */
export function historyHead(config: Config) {
  return withDatabase(config, async (db) => {
    const events = (await historyTablesPresent(db, dialectNamed(db.dialect))).pormg_migration_events
      ? await readEvents(db, dialectNamed(db.dialect))
      : [];
    const last = events.at(-1);
    return { head: headOf(events).hash, id: last?.id ?? null, version: last?.version ?? null, events: events.length };
  });
}

/** Rewrites `pormg_migrations` from the event log. */
export function rebuildMigrationProjection(config: Config) {
  return withDatabase(config, (db) => rebuildProjection(db, dialectNamed(db.dialect)));
}

/** Repair: records a version as applied without running it (checksum from the SQL, or given). */
export function markMigrationApplied(config: Config, input: MarkAppliedInput) {
  const sql = input.sqlContent;
  const destructive =
    sql !== undefined && classifySql(sql, dialectNamed(config.dialect).sql).statements.some((s) => s.destructive);
  const checksum = input.checksum ?? (sql !== undefined ? sha256Hex(sql) : undefined);
  if (!checksum)
    throw new PormgError(
      "USAGE",
      "mark-applied needs the migration's SQL (--sql-file, preferred: the checksum is then computed from it) or an explicit --checksum.",
    );
  return withDatabase(config, async (db) => {
    await initHistory(db, dialectNamed(db.dialect), input.actor === undefined ? {} : { actor: input.actor });
    return markApplied(db, dialectNamed(db.dialect), { ...input, checksum, isDestructive: destructive });
  });
}

/** Refuses a repair of a database that has no history at all (nothing is created by a refused repair). */
async function assertHistory(db: Driver, command: string, version: string): Promise<void> {
  const present = await historyTablesPresent(db, dialectNamed(db.dialect));
  if (!present.pormg_migration_events || !present.pormg_migrations)
    throw new PormgError(
      "PLAN_REFUSED",
      `${command}: no migration record has version '${version}': this database has no migration history yet, so nothing was changed.`,
      { version, knownVersions: [] },
    );
}

/** Repair: records a version as failed. */
export function markMigrationFailed(config: Config, input: RepairInput) {
  return withDatabase(config, async (db) => {
    await assertHistory(db, "mark-failed", input.version);
    return markFailed(db, dialectNamed(db.dialect), input);
  });
}

/** Repair: removes a version's record (the events stay). */
export function removeMigrationRecord(config: Config, input: RepairInput) {
  return withDatabase(config, async (db) => {
    await assertHistory(db, "remove", input.version);
    return removeRecord(db, dialectNamed(db.dialect), input);
  });
}
