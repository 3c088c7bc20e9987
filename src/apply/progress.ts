/**
 * Progress events: what the engine reports while long work runs (a lock wait, a backup, each
 * statement of a plan, a table rebuild), as plain data. The engine only calls a ProgressSink;
 * the front end decides whether and how to show them (`cmd/progress.ts` draws one line on a
 * terminal). Each event starts an activity that lasts until the next event; `idle` ends it.
 */
export type ProgressEvent =
  /** Waiting for the migration lock; `holder` describes who holds it (`null`: the dialect cannot tell). */
  | { readonly kind: "lock-wait"; readonly holder: string | null; readonly waitMs: number }
  /** Backing the database up before a risky plan. */
  | { readonly kind: "backup"; readonly database: string }
  /** Running statement `statement` (1-based) of `statements` in step `step` (1-based) of `steps`. */
  | {
      readonly kind: "statement";
      readonly step: number;
      readonly steps: number;
      readonly label: string;
      readonly statement: number;
      readonly statements: number;
      readonly sql: string;
    }
  /** Rebuilding a table (copying its rows into the new definition): `rows` it holds, `null` when not counted. */
  | {
      readonly kind: "rebuild";
      readonly table: string;
      readonly rows: number | null;
      readonly step: number;
      readonly steps: number;
    }
  /** Nothing long is running any more. */
  | { readonly kind: "idle" };

/** Where the engine reports progress. It must return at once and never throw. */
export type ProgressSink = (event: ProgressEvent) => void;

/** Runs `fn` as the activity `event` reports: `event` before it, `idle` after it, whether it resolves or throws. */
export async function reported<T>(
  sink: ProgressSink | undefined,
  event: ProgressEvent,
  fn: () => Promise<T>,
): Promise<T> {
  sink?.(event);
  try {
    return await fn();
  } finally {
    sink?.({ kind: "idle" });
  }
}
