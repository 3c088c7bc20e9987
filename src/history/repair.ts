import type { Driver } from "../core/driver.ts";
import { PormgError } from "../core/errors.ts";
import { sha256Hex } from "../core/hash.ts";
import { defaultActor } from "./actor.ts";
import { recordEvent } from "./event-store.ts";
import type { HistoryEvent } from "./events.ts";
import type { HistoryDialect } from "./history-sql.ts";
import { initHistory } from "./init-history.ts";

/** A RepairInput names the version a repair command acts on, why, and who does it. */
export interface RepairInput {
  readonly version: string;
  /** Why, as the user said it (`--reason`); recorded in the event. */
  readonly reason: string;
  /** Who; default {@link defaultActor}. */
  readonly actor?: string;
}

/** A MarkAppliedInput describes a version to record as applied without running it. */
export interface MarkAppliedInput extends RepairInput {
  readonly name: string;
  /** Lowercase hex SHA-256 of the plan's SQL; computed from `sqlContent` when absent. */
  readonly checksum?: string;
  /** The plan's SQL (preferred: the checksum is then computed from it and verifiable). */
  readonly sqlContent?: string;
  /** Whether `sqlContent` is destructive (the caller's guard decides); default `false`. */
  readonly isDestructive?: boolean;
}

/**
 * Records a version as applied without running it (PormG's `mark_applied`): one
 * `marked_applied` event and its projection row (`status` applied) in one transaction, after
 * `initHistory`. Needs `sqlContent` or `checksum`; when both are given they must agree.
 */
export async function markApplied(
  driver: Driver,
  dialect: HistoryDialect,
  input: MarkAppliedInput,
): Promise<HistoryEvent> {
  const checksum = checksumOf(input);
  const actor = input.actor ?? defaultActor();
  await initHistory(driver, dialect, { actor });
  return recordEvent(driver, dialect, {
    version: input.version,
    actor,
    type: "marked_applied",
    payload: {
      name: input.name,
      checksum,
      ...(input.sqlContent !== undefined && { sqlContent: input.sqlContent }),
      ...(input.isDestructive !== undefined && { isDestructive: input.isDestructive }),
      reason: input.reason,
    },
  });
}

/**
 * Records a version as failed (PormG's `mark_failed`): one `marked_failed` event, and the
 * projection row's status set to `failed`. An unknown version is refused with `PLAN_REFUSED`
 * (exit 3) naming the known versions; nothing is written then.
 */
export async function markFailed(driver: Driver, dialect: HistoryDialect, input: RepairInput): Promise<HistoryEvent> {
  const actor = input.actor ?? defaultActor();
  await initHistory(driver, dialect, { actor });
  return recordEvent(driver, dialect, {
    version: input.version,
    actor,
    type: "marked_failed",
    payload: { reason: input.reason },
  });
}

/**
 * Removes a version's migration record (PormG's `remove_migration_record`): one `removed` event,
 * and the projection row deleted; the version's events stay. An unknown version is refused with
 * `PLAN_REFUSED` (exit 3) naming the known versions.
 */
export async function removeRecord(driver: Driver, dialect: HistoryDialect, input: RepairInput): Promise<HistoryEvent> {
  const actor = input.actor ?? defaultActor();
  await initHistory(driver, dialect, { actor });
  return recordEvent(driver, dialect, {
    version: input.version,
    actor,
    type: "removed",
    payload: { reason: input.reason },
  });
}

function checksumOf(input: MarkAppliedInput): string {
  const given = input.checksum?.toLowerCase();
  if (given !== undefined && !/^[0-9a-f]{64}$/.test(given))
    throw new PormgError(
      "USAGE",
      `mark-applied: checksum "${input.checksum}" is not a SHA-256 hex digest (64 hexadecimal characters); pass --sql-file FILE to compute it from the plan's SQL`,
      { checksum: input.checksum },
    );
  if (input.sqlContent === undefined) {
    if (given !== undefined) return given;
    throw new PormgError(
      "USAGE",
      "mark-applied requires the migration's SQL (--sql-file FILE, preferred: the checksum is then computed from, and verifiable against, the real SQL) or an explicit --checksum HEX. Refusing to fabricate one.",
    );
  }
  const computed = sha256Hex(input.sqlContent);
  if (given !== undefined && given !== computed)
    throw new PormgError(
      "PLAN_REFUSED",
      `mark-applied: the checksum ${given} does not match the SQL given (its SHA-256 is ${computed}), so nothing was recorded. Pass only the SQL file, or the checksum that belongs to it.`,
      { checksum: given, computed },
    );
  return computed;
}
