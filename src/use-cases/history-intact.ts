import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { assertLeadsTo } from "../history/anchor.ts";
import type { HistoryEvent } from "../history/events.ts";
import { badEvent, verifiedLog } from "../history/verify-history.ts";

/**
 * Refuses to add to a history whose event chain or projection was tampered with (exit 3); returns
 * the log it verified (one snapshot), so the caller folds it instead of reading the log again.
 */
export async function assertHistoryIntact(db: Driver, expectHead?: string): Promise<readonly HistoryEvent[]> {
  const { result, log } = await verifiedLog(db, dialectNamed(db.dialect));
  if (result.ok) {
    if (expectHead !== undefined) assertLeadsTo(log, expectHead);
    return log;
  }
  throw new PormgError(
    "HISTORY_TAMPERED",
    `The migration history does not verify (${badEvent(result.firstBad)}), so nothing was applied. ` +
      "Run `pormg history verify` for details; restore the history from a backup, or fix a projection-only difference with `pormg history rebuild`.",
    { firstBad: result.firstBad },
  );
}
