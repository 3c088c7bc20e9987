import { EVENT_TYPES } from "./events.ts";

/**
 * The texts every dialect's history DDL shares (`HistorySql`, `src/dialect/<name>/<name>-history.ts`
 * spells the rest).
 */

/** The message a rejected UPDATE, DELETE or TRUNCATE on the event log raises. */
export const APPEND_ONLY_MESSAGE =
  "pormg_migration_events is append-only: events are never changed or deleted. Record a correction with " +
  "pormg mark-applied, pormg mark-failed or pormg remove, or rewrite the projection pormg_migrations with pormg history rebuild";

/** The CHECK on the event log's `type` column: one of the event types. */
export const EVENT_TYPE_CHECK = `CHECK ("type" IN (${EVENT_TYPES.map((t) => `'${t}'`).join(", ")}))`;
