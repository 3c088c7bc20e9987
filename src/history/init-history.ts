import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { defaultActor } from "./actor.ts";
import { appendEvent, readEvents } from "./event-store.ts";
import { fold, projectedRows } from "./fold.ts";
import { readHistoryIntegrity, unfinishedBootstrap } from "./history-integrity.ts";
import { historyNames } from "./history-names.ts";
import type { HistoryDialect, HistoryProbe } from "./history-sql.ts";
import { readProjection, writeProjectionRow } from "./projection.ts";

/** InitOptions tune `initHistory`. */
export interface InitOptions {
  /** Who adopts PormG rows (the `imported` events' actor). Default {@link defaultActor}. */
  readonly actor?: string;
  /**
   * Re-create append-only triggers that are missing, disabled or replaced (what `pormg init` does,
   * and says so). Default `false`: such a log is refused with `HISTORY_TAMPERED`, since events may
   * have been changed while its protection was off, and quietly restoring it would hide that.
   */
  readonly restoreTriggers?: boolean;
}

/** An InitResult says what `initHistory` changed; all `false`/`0` when everything was in place. */
export interface InitResult {
  /** The event log was created now. */
  readonly createdEvents: boolean;
  /** The projection `pormg_migrations` was created now. */
  readonly createdProjection: boolean;
  /** How many rows of a PormG-made `pormg_migrations` became `imported` events. */
  readonly adopted: number;
  /** PormG's `format_version` column was added to an older `pormg_migrations`. */
  readonly addedFormatVersion: boolean;
  /** The append-only triggers were missing or disabled and were (re)created. */
  readonly restoredTriggers: boolean;
  /** The projection was created empty next to a non-empty log and filled from it. */
  readonly rebuiltRows: number;
}

/**
 * Bootstraps the history idempotently (PormG's `init_migrations`): creates `pormg_migrations`
 * (frozen v1) and `pormg_migration_events` with its append-only triggers, adding what is missing.
 * A PormG-made `pormg_migrations` without a log is ADOPTED: its `format_version` column is added
 * if missing, legacy SQLite `applied_at` text is canonicalized, and every row
 * becomes an `imported` event in version order; the rows stay as they were. When everything is in
 * place this is one catalog query; otherwise all changes happen in one transaction.
 */
export async function initHistory(
  driver: Driver,
  dialect: HistoryDialect,
  options: InitOptions = {},
): Promise<InitResult> {
  const sql = dialect.history;
  const first = await sql.probe(driver, historyNames(driver, dialect));
  // The fast path counts triggers by name; `restoreTriggers` (pormg init) also checks what they do.
  if (complete(dialect, first) && options.restoreTriggers !== true) return nothingChanged();
  if (!first.schemaExists) throw missingSchema(dialect, historyNames(driver, dialect).schema ?? "");
  return driver.transaction(async (tx) => {
    const names = historyNames(tx, dialect);
    await sql.lockBootstrap(tx, names);
    const found = await sql.probe(tx, names);
    const integrity = await readHistoryIntegrity(tx, dialect);
    if (complete(dialect, found) && integrity.triggerProblems.length === 0) return nothingChanged();
    const adopting = found.projection && !found.events;
    if (adopting && integrity.eventLogSince !== null)
      throw droppedLog(integrity.eventLogSince, integrity.projectionRows);
    // An interrupted bootstrap (MySQL: its DDL committed statement by statement) is finished, not refused.
    const unfinished = found.events && unfinishedBootstrap(dialect, integrity, (await readEvents(tx, dialect)).length);
    if (found.events && integrity.triggerProblems.length > 0 && options.restoreTriggers !== true && !unfinished)
      throw protectionOff(integrity.triggerProblems);
    const addedFormatVersion = found.projection && !found.formatVersion;
    if (addedFormatVersion) await tx.execute(sql.addFormatVersion(names));
    if (adopting) for (const fix of sql.adoptionFixes(names)) await tx.execute(fix);
    await tx.execute(sql.projectionDdl(names));
    await tx.execute(sql.eventsDdl(names));
    const restoredTriggers = !found.events || integrity.triggerProblems.length > 0;
    if (restoredTriggers) await tx.execute(sql.appendOnlyDdl(names));
    await tx.execute(sql.metaDdl(names));
    await tx.query(sql.markEventLog(names), [new Date().toISOString()]);
    let adopted = 0;
    if (adopting) {
      const actor = options.actor ?? defaultActor();
      for (const row of await readProjection(tx, dialect)) {
        await appendEvent(tx, dialect, { version: row.version, actor, type: "imported", payload: { row } });
        adopted++;
      }
    }
    let rebuiltRows = 0;
    if (found.events && !found.projection) {
      const rows = projectedRows(fold(await readEvents(tx, dialect)));
      for (const row of rows) await writeProjectionRow(tx, dialect, row.version, row);
      rebuiltRows = rows.length;
    }
    return {
      createdEvents: !found.events,
      createdProjection: !found.projection,
      adopted,
      addedFormatVersion,
      restoredTriggers: found.events && restoredTriggers && !unfinished,
      rebuiltRows,
    };
  });
}

function nothingChanged(): InitResult {
  return {
    createdEvents: false,
    createdProjection: false,
    adopted: 0,
    addedFormatVersion: false,
    restoredTriggers: false,
    rebuiltRows: 0,
  };
}

function complete(dialect: HistoryDialect, p: HistoryProbe): boolean {
  return (
    p.projection && p.events && p.meta && p.formatVersion && p.triggers === dialect.history.appendOnlyTriggers.length
  );
}

/** The refusal to adopt `pormg_migrations` as a PormG history where pormg's own event log was dropped. */
function droppedLog(since: string, rows: number): PormgError {
  return new PormgError(
    "HISTORY_TAMPERED",
    `pormg_migration_events is missing, but pormg has kept an event log in this database since ${since}: it was dropped. ` +
      `pormg will not import the ${rows} row(s) of pormg_migrations as a PormG history (that would erase the evidence); ` +
      "nothing was changed. Restore the event log from a backup.",
    { eventLogSince: since, projectionRows: rows },
  );
}

/** The refusal to work on an event log whose append-only triggers are not in force. */
function protectionOff(problems: readonly string[]): PormgError {
  return new PormgError(
    "HISTORY_TAMPERED",
    `The append-only protection of pormg_migration_events is off (${problems.join("; ")}), so events could have been ` +
      "changed meanwhile; nothing was changed. Check the log with `pormg history verify`, then restore the triggers " +
      "with `pormg init`.",
    { problems },
  );
}

/** The refusal when the schema a connection manages does not exist (nothing was created). */
function missingSchema(dialect: HistoryDialect, schema: string): PormgError {
  return new PormgError(
    "CONFIG_INVALID",
    `The schema "${schema}" (schema: in connection.yml) does not exist in this database, so pormg has nowhere to keep ` +
      `its history or create tables; nothing was changed. Create it (CREATE SCHEMA ${dialect.quoteIdent(schema)};), or fix schema:.`,
    { schema },
  );
}
