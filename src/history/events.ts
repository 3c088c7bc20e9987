/**
 * The event types of pormg's history log, `pormg_migration_events`. Every migration version is a
 * stream of these events; each is named in the past tense because it records a fact. Payload
 * fields are camelCase JSON.
 */
export const EVENT_TYPES = [
  "planned",
  "applied",
  "failed",
  "marked_applied",
  "marked_failed",
  "removed",
  "imported",
  "step_applied",
] as const;

/** An EventType names what happened to a migration version. */
export type EventType = (typeof EVENT_TYPES)[number];

/** Whether `value` is one of the {@link EVENT_TYPES}. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}

/** A PlannedPayload is written when `migrate` starts a plan, committed before any plan statement runs. */
export interface PlannedPayload {
  /** The plan's name (the projection's `name`). */
  readonly name: string;
  /** Lowercase hex SHA-256 of `sqlContent`. */
  readonly checksum: string;
  /** The plan's SQL in order, LF line endings. */
  readonly sqlContent: string;
  /** Whether the destructive guard found destructive statements. */
  readonly isDestructive: boolean;
  /** How many statements the plan has. */
  readonly statements: number;
}

/** An AppliedPayload is written in the plan's transaction when it committed. */
export interface AppliedPayload {
  /** Milliseconds the plan's statements took. */
  readonly durationMs: number;
  /** How many statements ran. */
  readonly statements: number;
  /** How often the plan's transaction was rolled back and run again after a lock timeout (absent: never). */
  readonly lockRetries?: number;
}

/** A FailedPayload is written after the plan's transaction rolled back. */
export interface FailedPayload {
  /** The database's (or pormg's) error message. */
  readonly error: string;
  /** The statement that failed, when one did. */
  readonly failedStatement?: string;
  /** The plan step the statement belongs to, e.g. `table: drivers`. */
  readonly stepLabel?: string;
  /** Milliseconds until the failure. */
  readonly durationMs: number;
  /** When a lock timeout failed it: how often it had been retried before giving up (0 with `--lock-retries 0`). */
  readonly lockRetries?: number;
}

/** A MarkedAppliedPayload records `pormg mark-applied`: a version declared applied without running it. */
export interface MarkedAppliedPayload {
  readonly name: string;
  readonly checksum: string;
  /** The SQL the checksum was computed from, when given. */
  readonly sqlContent?: string;
  /** Whether that SQL is destructive; absent means `false`. */
  readonly isDestructive?: boolean;
  /** Why, as the user said it (`--reason`). */
  readonly reason: string;
}

/** A MarkedFailedPayload records `pormg mark-failed`. */
export interface MarkedFailedPayload {
  readonly reason: string;
}

/** A RemovedPayload records `pormg remove`: the projection row is deleted, the events stay. */
export interface RemovedPayload {
  readonly reason: string;
}

/**
 * An ImportedRow is one row of a PormG-made `pormg_migrations` table as it was when pormg adopted
 * it. `appliedAt` is the column's text exactly as the database gave it (see `projection.ts`).
 */
export interface ImportedRow {
  readonly id: number;
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly sqlContent: string;
  readonly appliedAt: string;
  readonly status: string;
  readonly isDestructive: boolean;
  readonly formatVersion: number;
}

/** An ImportedPayload records one adopted PormG row. */
export interface ImportedPayload {
  readonly row: ImportedRow;
}

/**
 * A StepAppliedPayload records one step that cannot run in a transaction (`CREATE INDEX
 * CONCURRENTLY` …), run after the plan's transaction committed: `migrate` resumes the steps
 * without an `ok` record when it runs again.
 */
export interface StepAppliedPayload {
  /** The step's 0-based index in the plan. */
  readonly stepIndex: number;
  readonly label: string;
  readonly ok: boolean;
  /** The database's error when it failed. */
  readonly error?: string;
  readonly durationMs: number;
  /** How often the step was run again after a lock timeout (absent: never). */
  readonly lockRetries?: number;
}

/** PayloadByType maps each event type to its payload. */
export interface PayloadByType {
  readonly planned: PlannedPayload;
  readonly applied: AppliedPayload;
  readonly failed: FailedPayload;
  readonly marked_applied: MarkedAppliedPayload;
  readonly marked_failed: MarkedFailedPayload;
  readonly removed: RemovedPayload;
  readonly imported: ImportedPayload;
  readonly step_applied: StepAppliedPayload;
}

/** An EventBody is a type with its payload, discriminated on `type`. */
export type EventBody = {
  readonly [K in EventType]: { readonly type: K; readonly payload: PayloadByType[K] };
}[EventType];

/** A NewEvent is what a caller appends: the version's stream, who did it, and what happened. */
export type NewEvent = EventBody & {
  /** The migration version (17 characters at most), the stream the event belongs to. */
  readonly version: string;
  /** Who wrote it, e.g. `ana@build-7:4242 pormg/0.1.0`. */
  readonly actor: string;
};

/** A HistoryEvent is a stored event: a NewEvent with its place in the log and its hash link. */
export type HistoryEvent = NewEvent & {
  /** Global order of the log (identity / autoincrement); gaps are possible. */
  readonly id: number;
  /** Order within the version's stream, from 1, contiguous. */
  readonly seq: number;
  /** When it happened, as a UTC ISO-8601 string with milliseconds (`…T…Z`). */
  readonly occurredAt: string;
  /** The hash of the event before it in the log, or {@link GENESIS_HASH} for the first. */
  readonly prevHash: string;
  /** Lowercase hex SHA-256 over `prevHash` and the event's fields (see `hash-chain.ts`). */
  readonly hash: string;
};
