import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { assertLeadsTo } from "../history/anchor.ts";
import type { HistoryState } from "../history/fold.ts";
import { badEvent, verifiedLog } from "../history/verify-history.ts";

/**
 * Refuses to add to a history whose event chain or projection was tampered with (exit 3); returns
 * the fold of the log it verified (one snapshot; the fold the verification made), so the caller
 * neither reads nor folds the log again.
 */
export async function assertHistoryIntact(db: Driver, expectHead?: string): Promise<HistoryState> {
  const { result, log, state } = await verifiedLog(db, dialectNamed(db.dialect));
  if (result.ok) {
    if (expectHead !== undefined) assertLeadsTo(log, expectHead);
    return state;
  }
  throw new PormgError(
    "HISTORY_TAMPERED",
    `The migration history does not verify (${badEvent(result.firstBad)}), so nothing was applied. ` +
      "Run `pormg history verify` for details; restore the history from a backup, or fix a projection-only difference with `pormg history rebuild`.",
    { firstBad: result.firstBad },
  );
}
