import type { Driver } from "../driver/driver.ts";
import { defaultActor } from "./actor.ts";
import { appendEvent, readEvents } from "./event-store.ts";
import { fold, projectedRows } from "./fold.ts";
import {
  ADD_FORMAT_VERSION,
  APPEND_ONLY_DDL,
  APPEND_ONLY_TRIGGERS,
  EVENTS_DDL,
  PROJECTION_DDL,
} from "./history-ddl.ts";
import { readProjection, writeProjectionRow } from "./projection.ts";

/** InitOptions tune `initHistory`. */
export interface InitOptions {
  /** Who adopts PormG rows (the `imported` events' actor). Default {@link defaultActor}. */
  readonly actor?: string;
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
  if (complete(driver, await probe(driver))) return nothingChanged();
  return driver.transaction(async (tx) => {
    if (tx.dialect === "postgresql") await tx.query("SELECT pg_advisory_xact_lock(hashtext('pormg::history-init'))");
    const found = await probe(tx);
    if (complete(tx, found)) return nothingChanged();
    const adopting = found.projection && !found.events;
    const addedFormatVersion = found.projection && !found.formatVersion;
    if (addedFormatVersion) await tx.execute(ADD_FORMAT_VERSION[tx.dialect]);
    if (adopting && tx.dialect === "sqlite")
      await tx.execute(
        `UPDATE pormg_migrations SET "applied_at" = strftime('%Y-%m-%dT%H:%M:%f+00:00', "applied_at")
         WHERE CAST("applied_at" AS TEXT) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]'`,
      );
    await tx.execute(PROJECTION_DDL[tx.dialect]);
    await tx.execute(EVENTS_DDL[tx.dialect]);
    const restoredTriggers = found.triggers < APPEND_ONLY_TRIGGERS[tx.dialect].length;
    if (restoredTriggers) await tx.execute(APPEND_ONLY_DDL[tx.dialect]);
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
  return p.projection && p.events && p.formatVersion && p.triggers === APPEND_ONLY_TRIGGERS[driver.dialect].length;
}

async function probe(driver: Driver): Promise<Probe> {
  const triggers = APPEND_ONLY_TRIGGERS[driver.dialect];
  const [row] =
    driver.dialect === "postgresql"
      ? await driver.query(
          `SELECT to_regclass('pormg_migrations') IS NOT NULL AS projection,
             to_regclass('pormg_migration_events') IS NOT NULL AS events,
             (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = to_regclass('pormg_migration_events')
                AND tgname = ANY($1) AND tgenabled <> 'D') AS triggers,
             EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('pormg_migrations')
                AND attname = 'format_version' AND NOT attisdropped) AS format_version`,
          [[...triggers]],
        )
      : await driver.query(
          `SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migrations') AS projection,
             (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pormg_migration_events') AS events,
             (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'pormg_migration_events'
                AND name IN (${triggers.map(() => "?").join(", ")})) AS triggers,
             (SELECT count(*) FROM pragma_table_info('pormg_migrations') WHERE name = 'format_version') AS format_version`,
          [...triggers],
        );
  return {
    projection: truthy(row?.projection),
    events: truthy(row?.events),
    triggers: Number(row?.triggers ?? 0),
    formatVersion: truthy(row?.format_version),
  };
}

function truthy(value: unknown): boolean {
  return value === true || Number(value) > 0;
}
