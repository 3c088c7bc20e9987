import { PormgError } from "../core/errors.ts";

/** The default `--lock-wait`: how many seconds a migration waits for the lock (docs/design.md §7). */
export const DEFAULT_LOCK_WAIT_SECONDS = 30;

/** The longest wait pormg accepts, in seconds (PostgreSQL's int milliseconds, as in PormG). */
export const MAX_LOCK_WAIT_SECONDS = 2_147_483;

/** The first pause between two tries to take a busy lock, in milliseconds. */
export const FIRST_RETRY_MS = 50;

/** The longest pause between two tries, in milliseconds. */
export const MAX_RETRY_MS = 1_000;

/**
 * Checks a `lockWaitSeconds` option and returns it in milliseconds: a finite number of seconds,
 * 0 (one try, no waiting) up to {@link MAX_LOCK_WAIT_SECONDS}. Anything else is a USAGE error
 * (exit 64). `undefined` means the default, 30 s.
 */
export function lockWaitMs(seconds: number | undefined): number {
  if (seconds === undefined) return DEFAULT_LOCK_WAIT_SECONDS * 1000;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_LOCK_WAIT_SECONDS) {
    throw new PormgError(
      "USAGE",
      `--lock-wait: expected a number of seconds from 0 (one try, no waiting) to ${MAX_LOCK_WAIT_SECONDS}; got ${String(seconds)}`,
      { option: "lockWaitSeconds", value: seconds },
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * The pause before try number `attempt` + 1 (0-based): exponential from {@link FIRST_RETRY_MS},
 * doubled each time up to {@link MAX_RETRY_MS}, with "equal jitter" (half fixed, half random) so
 * many waiters started together do not retry in lock step. `random` returns a number in [0, 1). Pure.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The outcome of {@link pollUntil}: whether `attempt` succeeded, how many tries it took and how long. */
export interface PollResult {
  readonly acquired: boolean;
  readonly attempts: number;
  readonly waitedMs: number;
}

/**
 * Calls `attempt` until it returns true or `waitMs` has passed, sleeping {@link retryDelayMs}
 * between tries (never past the deadline). With `waitMs` 0 it tries exactly once. The waiter
 * never blocks inside the database: each try is one short statement, so it holds no snapshot that
 * `CREATE INDEX CONCURRENTLY` would have to wait for.
 */
export async function pollUntil(
  attempt: () => Promise<boolean>,
  waitMs: number,
  onRetry?: (attempts: number, waitedMs: number) => void,
): Promise<PollResult> {
  const started = Date.now();
  for (let attempts = 1; ; attempts++) {
    if (await attempt()) return { acquired: true, attempts, waitedMs: Date.now() - started };
    const elapsed = Date.now() - started;
    if (elapsed >= waitMs) return { acquired: false, attempts, waitedMs: elapsed };
    onRetry?.(attempts, elapsed);
    const pause = Math.min(retryDelayMs(attempts - 1), waitMs - elapsed);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, pause)));
  }
}

/** Formats a wait for messages: `30 s`, `0.5 s`, or `0 s (one try)`. Pure. */
export function formatWait(waitMs: number): string {
  if (waitMs === 0) return "0 s (one try)";
  const seconds = waitMs / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
