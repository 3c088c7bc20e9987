import { assertNever } from "../core/errors.ts";
import type { HistoryEvent, ImportedRow, PlannedPayload, StepAppliedPayload } from "./events.ts";
import { GENESIS_HASH } from "./hash-chain.ts";

/**
 * A ProjectedRow is what `pormg_migrations` must hold for one version according to the log.
 * `appliedAt` is the UTC ISO time of the event that wrote it, or, for an adopted PormG row, the
 * column's original text (`imported` is then true); `projection.ts` turns it into column text.
 */
export interface ProjectedRow {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly sqlContent: string;
  readonly appliedAt: string;
  readonly imported: boolean;
  readonly status: string;
  readonly isDestructive: boolean;
  readonly formatVersion: number;
}

/** A FailureRecord is one failed run (or an adopted failed PormG row) of a version. */
export interface FailureRecord {
  readonly eventId: number;
  readonly occurredAt: string;
  readonly name: string;
  readonly checksum: string;
  readonly error: string;
  readonly failedStatement?: string;
  readonly stepLabel?: string;
}

/** A VersionState is the fold of one version's stream. */
export interface VersionState {
  readonly version: string;
  /** The seq of the stream's last event (its expected version for the next append). */
  readonly seq: number;
  readonly lastEventId: number;
  readonly lastEventType: HistoryEvent["type"];
  /** The latest outcome: `applied`/`failed` from the projection row, `removed`, or `null` (only planned so far). */
  readonly status: "applied" | "failed" | "removed" | null;
  /** The projection row the log implies, or `null` (never concluded, or removed). */
  readonly row: ProjectedRow | null;
  /** The `planned` event with no outcome after it, if any: the run was interrupted (or is still running). */
  readonly openAttempt: (PlannedPayload & { readonly eventId: number; readonly occurredAt: string }) | null;
  /** Whether the stream ends in an open `planned` event. */
  readonly interrupted: boolean;
  /** The checksum of the last applied (or marked applied) outcome, `null` if none. */
  readonly lastAppliedChecksum: string | null;
  /** The id of the event that last made the version applied. */
  readonly lastAppliedEventId: number | null;
  /** Every failure of this version, oldest first. */
  readonly failures: readonly FailureRecord[];
  /** Whether the version is failed but a later version was applied after it (or one with its checksum). */
  readonly superseded: boolean;
  /** The latest record of each non-transactional step of the current run, by step index. */
  readonly steps: readonly StepAppliedPayload[];
}

/** A HistoryState is the fold of the whole log: one VersionState per version, in version order. */
export interface HistoryState {
  readonly versions: ReadonlyMap<string, VersionState>;
  /** How many events were folded. */
  readonly events: number;
  /** The last event's id, `null` for an empty log. */
  readonly lastId: number | null;
  /** The last event's hash ({@link GENESIS_HASH} for an empty log): the next event's `prev_hash`. */
  readonly lastHash: string;
}

/** The empty history: no versions, no events. */
export function initialHistoryState(): HistoryState {
  return { versions: new Map(), events: 0, lastId: null, lastHash: GENESIS_HASH };
}

/** Applies one event to the state of its version's stream (`undefined` before the first event). */
export function evolveVersion(current: VersionState | undefined, event: HistoryEvent): VersionState {
  const base: VersionState = current ?? {
    version: event.version,
    seq: 0,
    lastEventId: event.id,
    lastEventType: event.type,
    status: null,
    row: null,
    openAttempt: null,
    interrupted: false,
    lastAppliedChecksum: null,
    lastAppliedEventId: null,
    failures: [],
    superseded: false,
    steps: [],
  };
  const next: VersionState = {
    version: base.version,
    seq: event.seq,
    lastEventId: event.id,
    lastEventType: event.type,
    status: base.status,
    row: base.row,
    openAttempt: base.openAttempt,
    interrupted: base.interrupted,
    lastAppliedChecksum: base.lastAppliedChecksum,
    lastAppliedEventId: base.lastAppliedEventId,
    failures: base.failures,
    superseded: base.superseded,
    steps: base.steps,
  };
  const known = base.openAttempt ?? base.row;
  const rowOf = (status: string, from: Pick<ProjectedRow, "name" | "checksum" | "sqlContent" | "isDestructive">) =>
    ({
      version: event.version,
      name: from.name,
      checksum: from.checksum,
      sqlContent: from.sqlContent,
      appliedAt: event.occurredAt,
      imported: false,
      status,
      isDestructive: from.isDestructive,
      formatVersion: 1,
    }) satisfies ProjectedRow;
  const blank = { name: "", checksum: "", sqlContent: "", isDestructive: false };
  switch (event.type) {
    // The two events of every plan build their state field by field (in VersionState's order), not by spreads.
    case "planned":
      return {
        version: next.version,
        seq: next.seq,
        lastEventId: next.lastEventId,
        lastEventType: next.lastEventType,
        status: next.status,
        row: next.row,
        openAttempt: { ...event.payload, eventId: event.id, occurredAt: event.occurredAt },
        interrupted: true,
        lastAppliedChecksum: next.lastAppliedChecksum,
        lastAppliedEventId: next.lastAppliedEventId,
        failures: next.failures,
        superseded: next.superseded,
        steps: [],
      };
    case "applied": {
      const row = rowOf("applied", known ?? blank);
      return {
        version: next.version,
        seq: next.seq,
        lastEventId: next.lastEventId,
        lastEventType: next.lastEventType,
        status: "applied",
        row,
        openAttempt: null,
        interrupted: false,
        lastAppliedChecksum: row.checksum,
        lastAppliedEventId: event.id,
        failures: next.failures,
        superseded: next.superseded,
        steps: next.steps,
      };
    }
    case "failed": {
      const row = rowOf("failed", known ?? blank);
      const failure: FailureRecord = {
        eventId: event.id,
        occurredAt: event.occurredAt,
        name: row.name,
        checksum: row.checksum,
        error: event.payload.error,
        ...(event.payload.failedStatement !== undefined && { failedStatement: event.payload.failedStatement }),
        ...(event.payload.stepLabel !== undefined && { stepLabel: event.payload.stepLabel }),
      };
      return { ...next, ...concluded(), status: "failed", row, failures: [...base.failures, failure] };
    }
    case "marked_applied": {
      const p = event.payload;
      const row = rowOf("applied", {
        name: p.name,
        checksum: p.checksum,
        sqlContent: p.sqlContent ?? "",
        isDestructive: p.isDestructive ?? false,
      });
      return {
        ...next,
        ...concluded(),
        status: "applied",
        row,
        lastAppliedChecksum: row.checksum,
        lastAppliedEventId: event.id,
      };
    }
    case "marked_failed": {
      if (base.row === null) return next;
      const failure: FailureRecord = {
        eventId: event.id,
        occurredAt: event.occurredAt,
        name: base.row.name,
        checksum: base.row.checksum,
        error: `marked failed: ${event.payload.reason}`,
      };
      return {
        ...next,
        status: "failed",
        row: { ...base.row, status: "failed" },
        failures: [...base.failures, failure],
      };
    }
    case "removed":
      return { ...next, ...concluded(), status: "removed", row: null };
    case "imported":
      return imported(next, event.id, event.occurredAt, event.payload.row);
    case "step_applied": {
      const others = base.steps.filter((s) => s.stepIndex !== event.payload.stepIndex);
      return { ...next, steps: [...others, event.payload].sort((a, b) => a.stepIndex - b.stepIndex) };
    }
    default:
      return assertNever(event);
  }
}

function concluded(): Pick<VersionState, "openAttempt" | "interrupted"> {
  return { openAttempt: null, interrupted: false };
}

function imported(next: VersionState, eventId: number, occurredAt: string, r: ImportedRow): VersionState {
  const row: ProjectedRow = {
    version: r.version,
    name: r.name,
    checksum: r.checksum,
    sqlContent: r.sqlContent,
    appliedAt: r.appliedAt,
    imported: true,
    status: r.status,
    isDestructive: r.isDestructive,
    formatVersion: r.formatVersion,
  };
  if (r.status === "applied")
    return { ...next, status: "applied", row, lastAppliedChecksum: r.checksum, lastAppliedEventId: eventId };
  const failure: FailureRecord = { eventId, occurredAt, name: r.name, checksum: r.checksum, error: "" };
  return { ...next, status: "failed", row, failures: [...next.failures, failure] };
}

/**
 * Folds a log (in id order) into a HistoryState. A failed version is `superseded` when another
 * version became applied after its last failure and either sorts after it or has its checksum
 * (PormG's rule: "a later applied row with the same checksum").
 */
export function fold(events: readonly HistoryEvent[]): HistoryState {
  const versions = new Map<string, VersionState>();
  for (const event of events) versions.set(event.version, evolveVersion(versions.get(event.version), event));
  const applied = [...versions.values()].filter((v) => v.status === "applied");
  for (const [key, v] of versions) {
    if (v.status !== "failed") continue;
    const failedAt = v.failures.at(-1)?.eventId ?? v.lastEventId;
    const superseded = applied.some(
      (w) =>
        (w.lastAppliedEventId ?? 0) > failedAt &&
        (w.version > v.version || (v.row !== null && w.lastAppliedChecksum === v.row.checksum)),
    );
    if (superseded) versions.set(key, { ...v, superseded });
  }
  // Versions usually appear in the log in version order: then the map already is in that order.
  const entries = [...versions];
  let ordered = true;
  for (let i = 1; i < entries.length && ordered; i++)
    ordered = ((entries[i - 1] as [string, VersionState])[0] as string) < (entries[i] as [string, VersionState])[0];
  if (!ordered) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sorted = new Map(entries);
  const last = events.at(-1);
  return { versions: sorted, events: events.length, lastId: last?.id ?? null, lastHash: last?.hash ?? GENESIS_HASH };
}

/** The projection rows the log implies, in version order (PormG's read order). */
export function projectedRows(state: HistoryState): ProjectedRow[] {
  return [...state.versions.values()].flatMap((v) => (v.row === null ? [] : [v.row]));
}
