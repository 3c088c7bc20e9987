/**
 * The PostgreSQL timeouts every statement pormg sends runs under (docs/design.md §10 "Bounded waits").
 * pormg's own statements — introspection, prechecks, history reads and writes — run with the
 * session defaults below unless `--lock-timeout` / `--statement-timeout` or the environment's
 * `config: lock_timeout` / `statement_timeout` say otherwise; a plan's own statements run with
 * exactly those settings (no timeout when none is given).
 */

/** How long one of pormg's own statements waits for a table lock by default, in seconds. */
export const DEFAULT_OWN_LOCK_TIMEOUT_SECONDS = 5;

/** How long one of pormg's own statements may run by default, in seconds. */
export const DEFAULT_OWN_STATEMENT_TIMEOUT_SECONDS = 300;

/**
 * How long one of a plan's statements waits for a table lock by default, in seconds
 * (docs/migrating.md "Lock timeouts and retries"); `--lock-timeout 0` / `config: lock_timeout: 0` turns it off.
 */
export const DEFAULT_PLAN_LOCK_TIMEOUT_SECONDS = 3;

/** How many times a plan's transaction (or a non-transactional step) is retried after a lock timeout by default. */
export const DEFAULT_LOCK_RETRIES = 5;

/** The most lock retries `--lock-retries` / `config: lock_retries` accept. */
export const MAX_LOCK_RETRIES = 100;

/** The longest timeout PostgreSQL takes, in seconds (its int milliseconds). */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

/** Timeouts chosen by flags or `config:`, in seconds (absent: not chosen; a lock timeout of 0: none). */
export interface Timeouts {
  readonly lockTimeoutSeconds?: number;
  /** Retries of a plan after a lock timeout (`--lock-retries`, `config: lock_retries`). */
  readonly lockRetries?: number;
  readonly statementTimeoutSeconds?: number;
}

/** Why `seconds` is not a valid timeout, or `undefined` when it is: a number greater than 0, at most the maximum. */
export function timeoutProblem(seconds: number): string | undefined {
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS) return undefined;
  return `expected a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS}`;
}

/** The session settings of pormg's own statements, as PostgreSQL startup parameters (milliseconds). */
export function ownSessionSettings(timeouts: Timeouts = {}): Record<string, string> {
  const ms = (seconds: number) => (seconds === 0 ? "0" : String(Math.max(1, Math.round(seconds * 1000))));
  return {
    lock_timeout: ms(timeouts.lockTimeoutSeconds ?? DEFAULT_OWN_LOCK_TIMEOUT_SECONDS),
    statement_timeout: ms(timeouts.statementTimeoutSeconds ?? DEFAULT_OWN_STATEMENT_TIMEOUT_SECONDS),
  };
}
