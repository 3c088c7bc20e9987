import type { Driver, Row } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import type { EventType, HistoryEvent, NewEvent } from "./events.ts";
import { evolveVersion, fold, type VersionState } from "./fold.ts";
import { eventHash, GENESIS_HASH } from "./hash-chain.ts";
import { historyNames } from "./history-names.ts";
import type { HistoryDialect } from "./history-sql.ts";
import { writeProjectionRow } from "./projection.ts";
import { checkTransition } from "./transitions.ts";

/** AppendOptions tune one append. */
export interface AppendOptions {
  /**
   * The seq of the stream's last event the caller based its decision on (`0`: the stream must be
   * empty). When the stream moved on meanwhile, nothing is written and `PLAN_REFUSED` is thrown.
   * Default: no check.
   */
  readonly expectedSeq?: number;
  /** The clock; default `new Date()`. Tests pass a fixed one. */
  readonly now?: () => Date;
}

const COLUMNS = ["id", "version", "seq", "type", "occurred_at", "actor", "payload", "prev_hash", "hash"] as const;

/** The event log's columns, quoted as the dialect quotes names (MySQL's backticks, whatever its `sql_mode`). */
function columnsOf(dialect: HistoryDialect): string {
  return COLUMNS.map((c) => dialect.quoteIdent(c)).join(", ");
}

/** Reads the whole event log in id (global) order. */
export async function readEvents(driver: Driver, dialect: HistoryDialect): Promise<HistoryEvent[]> {
  const rows = await driver.query(
    `SELECT ${columnsOf(dialect)} FROM ${historyNames(driver, dialect).events} ORDER BY ${dialect.quoteIdent("id")} ASC`,
  );
  return rows.map(toEvent);
}

/**
 * Appends one event to its version's stream and updates the projection `pormg_migrations`, both
 * inside `tx`, which must be a transaction (the caller's: e.g. the plan's own, so `applied` commits
 * with the plan). The log is locked against other appenders first (`HistorySql.lockEvents`: on
 * PostgreSQL `SHARE ROW EXCLUSIVE`, so concurrent appenders queue and never fork the hash chain;
 * SQLite's `BEGIN IMMEDIATE` already serializes writers). Returns the stored event. Four statements
 * on PostgreSQL, three on SQLite (two for `planned`).
 */
export async function appendEvent(
  tx: Driver,
  dialect: HistoryDialect,
  event: NewEvent,
  options: AppendOptions = {},
): Promise<HistoryEvent> {
  checkVersion(event.version);
  const names = historyNames(tx, dialect);
  await dialect.history.lockEvents(tx, names);
  // The stream's events and the log's last event (for prev_hash), both through an index.
  const rows = await tx.query(dialect.history.streamAndLast(names, columnsOf(dialect)), [event.version]);
  const tail = rows.map(toEvent);
  let stream: VersionState | undefined;
  let previousId: number | undefined;
  for (const e of tail) {
    if (e.version === event.version && e.id !== previousId) stream = evolveVersion(stream, e);
    previousId = e.id;
  }
  const seq = (stream?.seq ?? 0) + 1;
  if (options.expectedSeq !== undefined && options.expectedSeq !== seq - 1)
    throw new PormgError(
      "PLAN_REFUSED",
      `the history of version ${event.version} changed while pormg worked on it: expected its last event at seq ${options.expectedSeq}, found seq ${seq - 1}${stream ? ` (${stream.lastEventType})` : ""}. Nothing was recorded; run the command again.`,
      { version: event.version, expectedSeq: options.expectedSeq, actualSeq: seq - 1 },
    );
  const refusal = checkTransition(stream, event);
  if (refusal !== null) {
    if (refusal.unknownVersion) throw await unknownVersionError(tx, dialect, event.type, event.version, refusal.reason);
    throw new PormgError("INTERNAL", `cannot record "${event.type}" for version ${event.version}: ${refusal.reason}`, {
      version: event.version,
      type: event.type,
    });
  }
  const prevHash = tail.at(-1)?.hash ?? GENESIS_HASH;
  const occurredAt = (options.now?.() ?? new Date()).toISOString();
  const hash = eventHash(prevHash, { ...event, seq, occurredAt });
  const [inserted] = await tx.query(dialect.history.insertEvent(names), [
    event.version,
    seq,
    event.type,
    occurredAt,
    event.actor,
    JSON.stringify(event.payload),
    prevHash,
    hash,
  ]);
  const stored = { ...event, id: Number(inserted?.id), seq, occurredAt, prevHash, hash } as HistoryEvent;
  if (event.type !== "planned") await writeProjectionRow(tx, dialect, event.version, evolveVersion(stream, stored).row);
  return stored;
}

/** Appends one event in its own transaction (a savepoint when `driver` is already in one). */
export function recordEvent(
  driver: Driver,
  dialect: HistoryDialect,
  event: NewEvent,
  options: AppendOptions = {},
): Promise<HistoryEvent> {
  return driver.transaction((tx) => appendEvent(tx, dialect, event, options));
}

/** Converts a row of `pormg_migration_events` to a HistoryEvent (payload parsed, time as UTC ISO text). */
export function toEvent(row: Row): HistoryEvent {
  return {
    id: Number(row.id),
    version: String(row.version),
    seq: Number(row.seq),
    type: String(row.type) as EventType,
    occurredAt: row.occurred_at instanceof Date ? row.occurred_at.toISOString() : String(row.occurred_at),
    actor: String(row.actor),
    payload: parsePayload(row.payload),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  } as HistoryEvent;
}

function parsePayload(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    // A payload edited into invalid JSON stays text, so verification reports a hash mismatch.
    return value;
  }
}

function checkVersion(version: string): void {
  if (version.length === 0 || version.length > 17)
    throw new PormgError(
      "USAGE",
      `migration version "${version}" is not valid: a version has 1 to 17 characters (pormg mints YYYYMMDDHHmmssSSS)`,
      { version },
    );
}

const COMMAND: Readonly<Partial<Record<EventType, string>>> = { marked_failed: "mark-failed", removed: "remove" };

async function unknownVersionError(
  tx: Driver,
  dialect: HistoryDialect,
  type: EventType,
  version: string,
  reason: string,
): Promise<PormgError> {
  const known = [...fold(await readEvents(tx, dialect)).versions.values()]
    .filter((v) => v.row !== null)
    .map((v) => v.version);
  const list = known.length === 0 ? "none (the history has no migration records yet)" : known.join(", ");
  return new PormgError(
    "PLAN_REFUSED",
    `${COMMAND[type] ?? type}: ${reason} ('${version}'), so nothing was changed. Known versions: ${list}. pormg status lists them.`,
    { version, knownVersions: known },
  );
}
