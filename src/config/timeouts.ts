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

/** The longest timeout PostgreSQL takes, in seconds (its int milliseconds). */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

/** Timeouts chosen by flags or `config:`, in seconds (absent: not chosen). */
export interface Timeouts {
  readonly lockTimeoutSeconds?: number;
  readonly statementTimeoutSeconds?: number;
}

/** Why `seconds` is not a valid timeout, or `undefined` when it is: a number greater than 0, at most the maximum. */
export function timeoutProblem(seconds: number): string | undefined {
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS) return undefined;
  return `expected a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS}`;
}

/** The session settings of pormg's own statements, as PostgreSQL startup parameters (milliseconds). */
export function ownSessionSettings(timeouts: Timeouts = {}): Record<string, string> {
  const ms = (seconds: number) => String(Math.max(1, Math.round(seconds * 1000)));
  return {
    lock_timeout: ms(timeouts.lockTimeoutSeconds ?? DEFAULT_OWN_LOCK_TIMEOUT_SECONDS),
    statement_timeout: ms(timeouts.statementTimeoutSeconds ?? DEFAULT_OWN_STATEMENT_TIMEOUT_SECONDS),
  };
}
