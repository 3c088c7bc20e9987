import {
  DEFAULT_OWN_LOCK_TIMEOUT_SECONDS,
  DEFAULT_OWN_STATEMENT_TIMEOUT_SECONDS,
  type Timeouts,
} from "../../config/timeouts.ts";
import type { SessionVariables } from "./mysql-client.ts";

/**
 * pormg's bounded waits (src/config/timeouts.ts) as MySQL / MariaDB session variables:
 *
 * - a lock timeout becomes `lock_wait_timeout` (seconds; metadata locks, which every DDL
 *   statement takes) and `innodb_lock_wait_timeout` (seconds; row locks), both rounded up to a
 *   whole second, at least 1; "none" is the largest `lock_wait_timeout` there is (one year);
 * - a statement timeout becomes `max_statement_time` on MariaDB (seconds, fractions allowed, every
 *   statement) and `max_execution_time` on MySQL (milliseconds, which bounds only read-only
 *   `SELECT`s: MySQL has no bound on DDL); 0 is none on both.
 *
 * Which server it is comes from `VERSION()`, which holds "MariaDB" on MariaDB.
 */

/** The longest `lock_wait_timeout` MySQL and MariaDB take, in seconds (one year): "no lock timeout". */
export const NO_LOCK_TIMEOUT_SECONDS = 31_536_000;

/** Whether a `VERSION()` string is MariaDB's (`10.11.6-MariaDB-0+deb12u1`), not MySQL's (`8.0.36`). */
export function isMariadb(serverVersion: string): boolean {
  return /mariadb/i.test(serverVersion);
}

/** A wait in milliseconds (undefined: none) as session variables for the server `serverVersion`. */
export function timeoutVariables(
  serverVersion: string,
  lockTimeoutMs: number | undefined,
  statementTimeoutMs: number | undefined,
): SessionVariables {
  const lockSeconds =
    lockTimeoutMs === undefined
      ? NO_LOCK_TIMEOUT_SECONDS
      : Math.min(NO_LOCK_TIMEOUT_SECONDS, Math.max(1, Math.ceil(lockTimeoutMs / 1000)));
  const statement = isMariadb(serverVersion)
    ? { max_statement_time: statementTimeoutMs === undefined ? 0 : statementTimeoutMs / 1000 }
    : { max_execution_time: statementTimeoutMs === undefined ? 0 : Math.round(statementTimeoutMs) };
  return { lock_wait_timeout: lockSeconds, innodb_lock_wait_timeout: lockSeconds, ...statement };
}

/** The session variables of pormg's own statements: the given timeouts, else the bounded defaults. */
export function ownTimeoutVariables(serverVersion: string, timeouts: Timeouts = {}): SessionVariables {
  const ms = (seconds: number) => (seconds === 0 ? undefined : seconds * 1000);
  return timeoutVariables(
    serverVersion,
    ms(timeouts.lockTimeoutSeconds ?? DEFAULT_OWN_LOCK_TIMEOUT_SECONDS),
    ms(timeouts.statementTimeoutSeconds ?? DEFAULT_OWN_STATEMENT_TIMEOUT_SECONDS),
  );
}

/** The names of the timeout variables on the server `serverVersion`, for saving and restoring them. */
export function timeoutVariableNames(serverVersion: string): string[] {
  return Object.keys(timeoutVariables(serverVersion, undefined, undefined));
}
