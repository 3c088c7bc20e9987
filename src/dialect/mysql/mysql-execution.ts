import type { ExecutionPart } from "../../apply/execution.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { ER, mysqlErrno } from "./mysql-errno.ts";
import { quoteIdent } from "./mysql-quote.ts";
import { mysqlSandbox } from "./mysql-sandbox.ts";
import { timeoutVariables } from "./mysql-timeouts.ts";

/** Refuses extensions: MySQL has none. */
function refuseExtensions(extensions: readonly string[]): void {
  if (extensions.length === 0) return;
  throw new PormgError(
    "CONFIG_INVALID",
    `extensions: MySQL has no extensions, but the environment asks for ${extensions.join(", ")}; remove "extensions:" from connection.yml`,
    { extensions: [...extensions] },
  );
}

/**
 * Whether a failed statement's error is the server giving up a lock wait: error 1205
 * (ER_LOCK_WAIT_TIMEOUT), which both `lock_wait_timeout` (metadata locks, DDL's) and
 * `innodb_lock_wait_timeout` (row locks) raise; the statement changed nothing, so it is retried.
 * A statement timeout (MariaDB 1969, MySQL 3024) is not.
 */
export function lockTimedOut(error: unknown): boolean {
  return mysqlErrno(error) === ER.LOCK_WAIT_TIMEOUT;
}

/**
 * How MySQL runs a plan. MySQL has no transactional DDL: every DDL statement commits on its own
 * (an implicit COMMIT before and after it), so the renderer marks every step non-transactional.
 * The plan's transaction then holds only pormg's history events (the `applied` event), run under
 * pormg's own bounded session settings; `beginTransaction` only refuses extensions, because MySQL
 * has no `SET LOCAL` and a `SET SESSION` there would outlive the transaction. Each step then runs
 * on its own after the commit (the deferred-step path: `step_applied` per step, a failed step
 * resumed by the next `migrate`), inside `withSession`: the plan's lock timeout as
 * `lock_wait_timeout` / `innodb_lock_wait_timeout`, its statement timeout as `max_statement_time`
 * (MariaDB) or `max_execution_time` (MySQL, SELECTs only) — see `mysql-timeouts.ts` — put back
 * afterwards. No guard, no per-step checks, no stand-ins; a lock wait that gave up (1205) is
 * retried. `verify` runs on a scratch copy of the schema (`mysql-sandbox.ts`).
 */
export const mysqlExecution: ExecutionPart = {
  async beginTransaction(_tx, settings) {
    refuseExtensions(settings.extensions);
  },
  async withSession(db, settings, fn) {
    const wanted = timeoutVariables(db.serverVersion, settings.lockTimeoutMs, settings.statementTimeoutMs);
    const names = Object.keys(wanted);
    const [saved] = await db.query(`SELECT ${names.map((n) => `@@SESSION.${n} AS ${quoteIdent(n)}`).join(", ")}`);
    await setSession(db, wanted);
    try {
      return await fn();
    } finally {
      if (saved) await setSession(db, saved as Record<string, string | number>);
    }
  },
  around: (_db, fn) => fn(),
  guardStep: async () => undefined,
  async runStatement(db, statement) {
    await db.execute(statement.sql);
  },
  lockTimedOut,
  async assertExtensionsAvailable(_db, extensions) {
    refuseExtensions(extensions);
  },
  standIn: () => null,
  sandbox: mysqlSandbox,
  /**
   * No backup: a consistent copy of a MySQL database is a server-side job (`mysqldump
   * --single-transaction`, `mariadb-backup`, a snapshot) that pormg cannot do through one client
   * connection without reading every row; take one before risky plans.
   */
  backup: async () => undefined,
};

/**
 * Sets session variables on `db`. A number read back comes as text (BIGINT and DECIMAL are
 * strings here), and the server refuses text for a numeric variable, so numeric text is sent as a number.
 */
async function setSession(db: Driver, variables: Readonly<Record<string, unknown>>): Promise<void> {
  const entries = Object.entries(variables);
  if (entries.length === 0) return;
  const value = (v: unknown) => (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  await db.query(
    `SET ${entries.map(([name]) => `@@SESSION.${name} = ?`).join(", ")}`,
    entries.map(([, v]) => value(v)),
  );
}
