import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { checkChain } from "./chain-check.ts";
import { readEvents } from "./event-store.ts";
import { fold, projectedRows } from "./fold.ts";
import { historyNames } from "./history-names.ts";
import type { HistoryDialect } from "./history-sql.ts";
import { projectionDifferences, readProjection, writeProjectionRow } from "./projection.ts";

/** A RebuildResult says what `rebuildProjection` rewrote. */
export interface RebuildResult {
  /** How many rows the projection holds now. */
  readonly rows: number;
  /** The versions whose row was inserted, changed or deleted, in version order. */
  readonly changed: readonly string[];
}

/**
 * Rewrites `pormg_migrations` from the event log in one transaction: rows the log does not imply
 * are deleted, missing or differing rows are written (rows already right keep their ids). The log
 * is locked against appends meanwhile (`HistorySql.lockEvents`; SQLite's write transaction does it). A log
 * whose chain does not verify is refused with `HISTORY_TAMPERED` (exit 3): the projection is never
 * rebuilt from tampered events.
 */
export async function rebuildProjection(driver: Driver, dialect: HistoryDialect): Promise<RebuildResult> {
  return driver.transaction(async (tx) => {
    await dialect.history.lockEvents(tx, historyNames(tx, dialect));
    const events = await readEvents(tx, dialect);
    const bad = checkChain(events);
    if (bad !== null)
      throw new PormgError(
        "HISTORY_TAMPERED",
        `the history log does not verify at event ${bad.id} (${bad.reason}), so pormg_migrations was not rebuilt from it. Inspect the log with pormg history list and restore it from a backup.`,
        { firstBad: bad },
      );
    const expected = projectedRows(fold(events));
    const byVersion = new Map(expected.map((r) => [r.version, r]));
    const differences = projectionDifferences(dialect, expected, await readProjection(tx, dialect));
    for (const { version } of differences)
      await writeProjectionRow(tx, dialect, version, byVersion.get(version) ?? null);
    return { rows: expected.length, changed: differences.map((d) => d.version) };
  });
}
