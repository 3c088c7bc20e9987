import type { Driver } from "../driver/driver.ts";
import { headOf } from "./anchor.ts";
import { type BadEvent, checkChain } from "./chain-check.ts";
import { readEvents } from "./event-store.ts";
import type { HistoryEvent } from "./events.ts";
import { fold, projectedRows } from "./fold.ts";
import { historyTablesPresent } from "./history-tables.ts";
import { compareProjection, type ProjectionRow, readProjection } from "./projection.ts";

/** A VerifyResult is the outcome of `verifyHistory` (the `pormg history verify --json` fields). */
export interface VerifyResult {
  /** No problem found. */
  readonly ok: boolean;
  /** How many events the log holds. */
  readonly events: number;
  /** The first problem, or `null`. */
  readonly firstBad: BadEvent | null;
}

/**
 * Verifies the history: re-reads the whole log, checks every hash, every `prev_hash` link and the
 * seq of every stream, folds it, and checks that `pormg_migrations` holds exactly the rows the fold
 * implies (ids aside). A database without a log verifies as `ok` with 0 events. On PostgreSQL both
 * tables are read in one REPEATABLE READ transaction, so a concurrent append cannot cause a false alarm.
 */
export async function verifyHistory(driver: Driver): Promise<VerifyResult> {
  return (await verifiedLog(driver)).result;
}

/**
 * {@link verifyHistory}, plus the log it verified and its head hash (`headOf`), for anchors: a
 * caller checks `assertLeadsTo(log, expected)` once `result.ok`.
 */
export async function verifiedLog(
  driver: Driver,
): Promise<{ result: VerifyResult; log: readonly HistoryEvent[]; head: string }> {
  const present = await historyTablesPresent(driver);
  if (!present.pormg_migration_events)
    return { result: { ok: true, events: 0, firstBad: null }, log: [], head: headOf([]).hash };
  const read = async (d: Driver): Promise<[HistoryEvent[], ProjectionRow[]]> => [
    await readEvents(d),
    present.pormg_migrations ? await readProjection(d) : [],
  ];
  const [events, projection] =
    driver.dialect === "postgresql"
      ? await driver.transaction(async (tx) => {
          await tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          return read(tx);
        })
      : await read(driver);
  const firstBad = findFirstBad(driver.dialect, events, projection);
  return { result: { ok: firstBad === null, events: events.length, firstBad }, log: events, head: headOf(events).hash };
}

/** The first problem of a log and its projection (pure): chain problems first, then the projection. */
export function findFirstBad(
  dialect: Driver["dialect"],
  events: readonly HistoryEvent[],
  projection: readonly ProjectionRow[],
): BadEvent | null {
  const chain = checkChain(events);
  if (chain !== null) return chain;
  const state = fold(events);
  const difference = compareProjection(dialect, projectedRows(state), projection);
  if (difference === null) return null;
  return {
    id: state.versions.get(difference.version)?.lastEventId ?? null,
    reason: `projection row differs: ${difference.detail}`,
  };
}
