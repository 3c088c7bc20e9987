import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { quoteIdent } from "../dialect/postgres/postgres-ddl.ts";
import { defaultActor } from "./actor.ts";
import { appendEvent, readEvents } from "./event-store.ts";
import { fold, projectedRows } from "./fold.ts";
import {
  APPEND_ONLY_TRIGGERS,
  addFormatVersion,
  appendOnlyDdl,
  eventsDdl,
  markEventLog,
  metaDdl,
  projectionDdl,
} from "./history-ddl.ts";
import { readHistoryIntegrity } from "./history-integrity.ts";
import { historyNames } from "./history-names.ts";
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

interface Probe {
  readonly projection: boolean;
  readonly events: boolean;
  readonly triggers: number;
  readonly formatVersion: boolean;
  /** The managed schema exists (always true on SQLite and for connections without a schema). */
  readonly schemaExists: boolean;
  /** The marker table `pormg_migration_meta` exists. */
  readonly meta: boolean;
}

/**
 * Bootstraps the history idempotently (PormG's `init_migrations`): creates `pormg_migrations`
 * (frozen v1) and `pormg_migration_events` with its append-only triggers, adding what is missing.
 * A PormG-made `pormg_migrations` without a log is ADOPTED: its `format_version` column is added
 * if missing, legacy SQLite `applied_at` text is canonicalized (reference §8.2), and every row
 * becomes an `imported` event in version order; the rows stay as they were. When everything is in
 * place this is one catalog query; otherwise all changes happen in one transaction.
 */
export async function initHistory(driver: Driver, options: InitOptions = {}): Promise<InitResult> {
  const first = await probe(driver);
  // The fast path counts triggers by name; `restoreTriggers` (pormg init) also checks what they do.
  if (complete(driver, first) && options.restoreTriggers !== true) return nothingChanged();
  if (!first.schemaExists) throw missingSchema(historyNames(driver).schema ?? "");
  return driver.transaction(async (tx) => {
    const names = historyNames(tx);
    if (tx.dialect === "postgresql")
      await tx.query("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext($1))", [
        historyInitLockName(names.schema),
      ]);
    const found = await probe(tx);
    const integrity = await readHistoryIntegrity(tx);
    if (complete(tx, found) && integrity.triggerProblems.length === 0) return nothingChanged();
    const adopting = found.projection && !found.events;
    if (adopting && integrity.eventLogSince !== null)
      throw droppedLog(integrity.eventLogSince, integrity.projectionRows);
    if (found.events && integrity.triggerProblems.length > 0 && options.restoreTriggers !== true)
      throw protectionOff(integrity.triggerProblems);
    const addedFormatVersion = found.projection && !found.formatVersion;
    if (addedFormatVersion) await tx.execute(addFormatVersion(tx.dialect, names));
    if (adopting && tx.dialect === "sqlite")
      await tx.execute(
        `UPDATE pormg_migrations SET "applied_at" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "applied_at")
         WHERE CAST("applied_at" AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'`,
      );
    await tx.execute(projectionDdl(tx.dialect, names));
    await tx.execute(eventsDdl(tx.dialect, names));
    const restoredTriggers = !found.events || integrity.triggerProblems.length > 0;
    if (restoredTriggers) await tx.execute(appendOnlyDdl(tx.dialect, names));
    await tx.execute(metaDdl(tx.dialect, names));
    await tx.query(markEventLog(tx.dialect, names), [new Date().toISOString()]);
    let adopted = 0;
    if (adopting) {
      const actor = options.actor ?? defaultActor();
      for (const row of await readProjection(tx)) {
        await appendEvent(tx, { version: row.version, actor, type: "imported", payload: { row } });
        adopted++;
      }
    }
    let rebuiltRows = 0;
    if (found.events && !found.projection) {
      const rows = projectedRows(fold(await readEvents(tx)));
      for (const row of rows) await writeProjectionRow(tx, row.version, row);
      rebuiltRows = rows.length;
    }
    return {
      createdEvents: !found.events,
      createdProjection: !found.projection,
      adopted,
      addedFormatVersion,
      restoredTriggers: found.events && restoredTriggers,
      rebuiltRows,
    };
  });
}

/**
 * The transaction lock that serializes history bootstraps of one schema: PormG's name for the default
 * `public` (and for connections without a schema), `pormg::history-init::<schema>` for the others.
 */
function historyInitLockName(schema: string | undefined): string {
  return schema === undefined || schema === "public" ? "pormg::history-init" : `pormg::history-init::${schema}`;
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

function complete(driver: Driver, p: Probe): boolean {
  return (
    p.projection && p.events && p.meta && p.formatVersion && p.triggers === APPEND_ONLY_TRIGGERS[driver.dialect].length
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

async function probe(driver: Driver): Promise<Probe> {
  const triggers = APPEND_ONLY_TRIGGERS[driver.dialect];
  const names = historyNames(driver);
  const [row] =
    driver.dialect === "postgresql"
      ? await driver.query(
          `SELECT pg_catalog.to_regclass($2) IS NOT NULL AS projection,
             pg_catalog.to_regclass($3) IS NOT NULL AS events,
             (SELECT pg_catalog.count(*)::int FROM pg_catalog.pg_trigger WHERE tgrelid = pg_catalog.to_regclass($3)
                AND tgname = ANY($1) AND tgenabled <> 'D') AS triggers,
             EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = pg_catalog.to_regclass($2)
                AND attname = 'format_version' AND NOT attisdropped) AS format_version,
             ($4::pg_catalog.text IS NULL OR EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $4))
               AS schema_exists,
             pg_catalog.to_regclass($5) IS NOT NULL AS meta`,
          [[...triggers], names.projection, names.events, names.schema ?? null, names.meta],
        )
      : await driver.query(
          `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migrations') AS projection,
             (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migration_events') AS events,
             (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pormg_migration_events'
                AND name IN (${triggers.map(() => "?").join(", ")})) AS triggers,
             (SELECT count(*) FROM pragma_table_info('pormg_migrations') WHERE name = 'format_version') AS format_version,
             (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migration_meta') AS meta`,
          [...triggers],
        );
  return {
    projection: truthy(row?.projection),
    events: truthy(row?.events),
    triggers: Number(row?.triggers ?? 0),
    formatVersion: truthy(row?.format_version),
    schemaExists: driver.dialect === "sqlite" || truthy(row?.schema_exists),
    meta: truthy(row?.meta),
  };
}

/** The refusal when the schema a connection manages does not exist (nothing was created). */
function missingSchema(schema: string): PormgError {
  return new PormgError(
    "CONFIG_INVALID",
    `The schema "${schema}" (schema: in connection.yml) does not exist in this database, so pormg has nowhere to keep ` +
      `its history or create tables; nothing was changed. Create it (CREATE SCHEMA ${quoteIdent(schema)};), or fix schema:.`,
    { schema },
  );
}

function truthy(value: unknown): boolean {
  return value === true || Number(value) > 0;
}
