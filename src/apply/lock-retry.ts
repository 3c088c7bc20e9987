import { DEFAULT_LOCK_RETRIES, MAX_LOCK_RETRIES } from "../config/timeouts.ts";
import { isPormgError, PormgError } from "../core/errors.ts";

/**
 * Retries after a lock timeout (docs/migrating.md "Lock timeouts and retries"): when one of a
 * plan's statements gives up waiting for a table lock (PostgreSQL `lock_timeout`, SQLSTATE 55P03),
 * the plan's transaction has rolled back, so nothing holds a lock and the sessions queued behind
 * pormg go on; after a jittered exponential backoff the whole transaction (or the one
 * non-transactional step) runs again, at most `retries` times, and then the last LOCK_TIMEOUT is
 * thrown with `details.lockRetries`. The loop is generic; which errors are a lock timeout is the
 * dialect's (`ExecutionPart.lockTimedOut`; a dialect without it never retries).
 */

/** The first backoff, in milliseconds; each further retry doubles it, up to {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 250;
/** The longest backoff between two attempts, in milliseconds. */
export const MAX_BACKOFF_MS = 8_000;

/** How long to wait before retry `retry` (1-based): 250 ms · 2^(retry−1), capped at 8 s, times a random 0.5–1.5. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(base * (0.5 + random()));
}

/** Checks a `lockRetries` option (USAGE, exit 64, when it is not a whole number from 0 to 100) and applies the default. */
export function lockRetries(value: number | undefined): number {
  if (value === undefined) return DEFAULT_LOCK_RETRIES;
  if (!Number.isInteger(value) || value < 0 || value > MAX_LOCK_RETRIES)
    throw new PormgError(
      "USAGE",
      `lockRetries: expected a whole number from 0 to ${MAX_LOCK_RETRIES}; got ${String(value)}`,
      { option: "lockRetries", value },
    );
  return value;
}

/** One retry, as the executor tells its caller (`ExecuteOptions.onLockRetry`) before waiting. */
export interface LockRetry {
  /** 1-based: the first retry is 1. */
  readonly retry: number;
  readonly of: number;
  /** How long it waits before the retry, in milliseconds. */
  readonly delayMs: number;
  /** The LOCK_TIMEOUT error of the attempt that gave up. */
  readonly error: unknown;
}

/** What {@link withLockRetries} needs: how many retries, whether an error is a lock timeout, and whom to tell. */
export interface RetryPolicy {
  readonly retries: number;
  readonly lockTimedOut: (error: unknown) => boolean;
  readonly onRetry?: (retry: LockRetry) => void;
  /** Waits `ms` milliseconds (tests may pass their own). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (given the number of retries so far) until it succeeds, or fails with something
 * other than a lock timeout, or the retries are spent. Returns its value and the retries it took;
 * the final error of a lock timeout carries `details.lockRetries` (how often it was retried).
 */
export async function withLockRetries<T>(
  policy: RetryPolicy,
  attempt: (retries: number) => Promise<T>,
): Promise<{ readonly value: T; readonly retries: number }> {
  for (let retries = 0; ; retries++) {
    try {
      return { value: await attempt(retries), retries };
    } catch (error) {
      if (!policy.lockTimedOut(error)) throw error;
      if (retries >= policy.retries) throw withRetries(error, retries);
      const delayMs = backoffMs(retries + 1);
      policy.onRetry?.({ retry: retries + 1, of: policy.retries, delayMs, error });
      await (policy.sleep ?? wait)(delayMs);
    }
  }
}

/** The lock timeout's error with how often it was retried (`details.lockRetries`) and, after retries, a sentence saying so. */
function withRetries(error: unknown, retries: number): unknown {
  if (!isPormgError(error)) return error;
  const said =
    retries === 0
      ? " It was not retried (--lock-retries 0)."
      : ` It was retried ${retries} time(s) with backoff; every attempt timed out (raise --lock-retries or --lock-timeout, or end the blocking sessions).`;
  return new PormgError(
    error.code,
    `${error.message}${said}`,
    { ...error.details, lockRetries: retries },
    { cause: error.cause ?? error },
  );
}
