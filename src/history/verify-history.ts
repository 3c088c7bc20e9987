import type { Driver } from "../core/driver.ts";
import { headOf } from "./anchor.ts";
import { type BadEvent, checkChain } from "./chain-check.ts";
import { readEvents } from "./event-store.ts";
import type { HistoryEvent } from "./events.ts";
import { fold, type HistoryState, projectedRows } from "./fold.ts";
import { readHistoryIntegrity, unfinishedBootstrap } from "./history-integrity.ts";
import type { HistoryDialect } from "./history-sql.ts";
import { compareProjection, type ProjectionRow, readProjection } from "./projection.ts";
import { sameEvents, sameRows } from "./same-log.ts";

/** A VerifyResult is the outcome of `verifyHistory` (the `pormg history verify --json` fields). */
export interface VerifyResult {
  /** No problem found. */
  readonly ok: boolean;
  /** How many events the log holds. */
  readonly events: number;
  /** The first problem, or `null`. */
  readonly firstBad: BadEvent | null;
  /**
   * Set when there is no event log but `pormg_migrations` holds rows and pormg never kept a log
   * here: a PormG history not adopted yet (`pormg init` adopts it). Absent otherwise.
   */
  readonly unadoptedRows?: number;
}

/**
 * Verifies the history: re-reads the whole log, checks every hash, every `prev_hash` link and the
 * seq of every stream, folds it, and checks that `pormg_migrations` holds exactly the rows the fold
 * implies (ids aside) — and checks what protects the log (`readHistoryIntegrity`): an event log
 * that is missing where pormg kept one (its marker says so), an emptied log beside projection
 * rows, and append-only triggers that are missing, disabled or replaced are all problems. A
 * database with no history at all verifies as `ok` with 0 events; one with only a PormG
 * `pormg_migrations` verifies with `unadoptedRows`. Both tables are read in one snapshot
 * (`HistorySql.snapshot`: on PostgreSQL a REPEATABLE READ transaction, on SQLite a deferred read
 * transaction), so a concurrent append
 * cannot cause a false alarm.
 */
export async function verifyHistory(driver: Driver, dialect: HistoryDialect): Promise<VerifyResult> {
  return (await verifiedLog(driver, dialect)).result;
}

/**
 * {@link verifyHistory}, plus the log it verified, its fold (the one the projection check made, so
 * a caller does not fold the log again) and its head hash (`headOf`), for anchors: a caller checks
 * `assertLeadsTo(log, expected)` once `result.ok`.
 */
export async function verifiedLog(
  driver: Driver,
  dialect: HistoryDialect,
): Promise<{ result: VerifyResult; log: readonly HistoryEvent[]; state: HistoryState; head: string }> {
  // The catalog is read first, on its own: PostgreSQL answers some catalog lookups from its latest
  // state, not a transaction's snapshot, so inside one a concurrent bootstrap could show the log
  // without its triggers. The bootstrap creates the tables and triggers in one transaction, so this
  // read sees all of them or none — except without transactional DDL (`unfinishedBootstrap`).
  const integrity = await readHistoryIntegrity(driver, dialect);
  const empty = { log: [], state: fold([]), head: headOf([]).hash };
  if (!integrity.events) {
    if (integrity.eventLogSince !== null) {
      const reason =
        `the event log pormg_migration_events is missing, but pormg has kept one in this database since ` +
        `${integrity.eventLogSince}: it was dropped, and the ${integrity.projectionRows} row(s) of pormg_migrations have no events behind them`;
      return { result: { ok: false, events: 0, firstBad: { id: null, reason } }, ...empty };
    }
    const unadopted = integrity.projectionRows > 0 ? { unadoptedRows: integrity.projectionRows } : {};
    return { result: { ok: true, events: 0, firstBad: null, ...unadopted }, ...empty };
  }
  // The log and the projection are read in one snapshot: a concurrent append between the two
  // reads would otherwise read as tampering (a projection row the log does not have).
  const [events, projection] = await dialect.history.snapshot(driver, async (d) => [
    await readEvents(d, dialect),
    integrity.projection ? await readProjection(d, dialect) : [],
  ]);
  const checked = checkLogOnce(dialect, events, projection);
  const protection = unfinishedBootstrap(dialect, integrity, events.length) ? [] : integrity.triggerProblems;
  const firstBad = checked.firstBad ?? protectionProblem(protection);
  return {
    result: { ok: firstBad === null, events: events.length, firstBad },
    log: events,
    state: checked.state ?? fold(events),
    head: headOf(events).hash,
  };
}

/** The last log `checkLogOnce` checked, with its projection and the result. */
let lastChecked:
  | {
      readonly history: HistoryDialect["history"];
      readonly events: readonly HistoryEvent[];
      readonly projection: readonly ProjectionRow[];
      readonly checked: ReturnType<typeof checkLog>;
    }
  | undefined;

/**
 * `checkLog`, remembering the last log it checked in this process: when the same log and
 * projection are read again (`migrate` verifies before it takes the migration lock and again
 * under it), their chain and projection checks give the result they gave then, so it is reused
 * instead of re-hashing every event (`sameEvents`, `sameRows`: field for field). What protects
 * the log (the triggers) is read and checked afresh on every call.
 */
function checkLogOnce(
  dialect: HistoryDialect,
  events: readonly HistoryEvent[],
  projection: readonly ProjectionRow[],
): ReturnType<typeof checkLog> {
  const last = lastChecked;
  if (
    last !== undefined &&
    last.history === dialect.history &&
    sameEvents(last.events, events) &&
    sameRows(last.projection, projection)
  )
    return last.checked;
  const checked = checkLog(dialect, events, projection);
  lastChecked = { history: dialect.history, events, projection, checked };
  return checked;
}

/** The problem of append-only triggers that are not in force, or `null`. */
function protectionProblem(problems: readonly string[]): BadEvent | null {
  if (problems.length === 0) return null;
  return {
    id: null,
    reason:
      `the append-only protection of the event log is off (${problems.join("; ")}): events could have been changed ` +
      "while it was off (the hash chain still verifies what the log holds now). Check the log, then restore the " +
      "triggers with `pormg init`",
  };
}

/** The first problem of a log and its projection (pure): chain problems first, then the projection. */
export function findFirstBad(
  dialect: Pick<HistoryDialect, "history">,
  events: readonly HistoryEvent[],
  projection: readonly ProjectionRow[],
): BadEvent | null {
  return checkLog(dialect, events, projection).firstBad;
}

/** {@link findFirstBad}, with the log's fold when the checks got that far (`undefined` otherwise). */
function checkLog(
  dialect: Pick<HistoryDialect, "history">,
  events: readonly HistoryEvent[],
  projection: readonly ProjectionRow[],
): { firstBad: BadEvent | null; state?: HistoryState } {
  const chain = checkChain(events);
  if (chain !== null) return { firstBad: chain };
  if (events.length === 0 && projection.length > 0)
    return {
      firstBad: {
        id: null,
        reason: `pormg_migrations holds ${projection.length} row(s) but the event log is empty: it was emptied`,
      },
    };
  const state = fold(events);
  const difference = compareProjection(dialect, projectedRows(state), projection);
  if (difference === null) return { firstBad: null, state };
  return {
    firstBad: {
      id: state.versions.get(difference.version)?.lastEventId ?? null,
      reason: `projection row differs: ${difference.detail}`,
    },
    state,
  };
}

/** Describes a problem for messages: `event 12: hash mismatch …`, or the reason alone when it is about no one event. */
export function badEvent(bad: BadEvent | null): string {
  if (bad === null) return "no problem";
  return bad.id === null ? bad.reason : `event ${bad.id}: ${bad.reason}`;
}
