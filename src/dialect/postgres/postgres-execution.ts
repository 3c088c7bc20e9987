import type { ExecutionPart, PlanSettings } from "../../apply/execution.ts";
import type { Config, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { isPormgError } from "../../core/errors.ts";
import { sqlState } from "../../driver/sqlstate.ts";
import type { PlanStep } from "../../schema/operation.ts";
import { splitStatements } from "../../sql/split-statements.ts";
import { isComment, isKeyword } from "../../sql/token-predicates.ts";
import { runWithInvalidIndexCleanup } from "./postgres-concurrent-index.ts";
import { quoteIdent } from "./postgres-ddl.ts";
import { connectPostgres } from "./postgres-driver.ts";
import { assertExtensionsAvailable, createExtensions } from "./postgres-extensions.ts";
import { postgresSql } from "./postgres-sql.ts";

/**
 * The PostgreSQL settings a plan runs under, as `set_config` name/value pairs: the timeouts given,
 * or none (`0`) — a plan's statements never inherit the bounded defaults of pormg's own statements —
 * and the `search_path` of its schema.
 */
function settingPairs(settings: PlanSettings): [string, string][] {
  const pairs: [string, string][] = [
    ["lock_timeout", settings.lockTimeoutMs === undefined ? "0" : `${settings.lockTimeoutMs}ms`],
    ["statement_timeout", settings.statementTimeoutMs === undefined ? "0" : `${settings.statementTimeoutMs}ms`],
  ];
  if (settings.schema !== undefined) pairs.push(["search_path", quoteIdent(settings.schema)]);
  return pairs;
}

/**
 * The in-transaction stand-in for a non-transactional PostgreSQL step: its `CREATE [UNIQUE] INDEX
 * CONCURRENTLY` / `DROP INDEX CONCURRENTLY` statements without `CONCURRENTLY` (same schema effect),
 * the statements that run in a transaction as they are kept, or null when any statement is
 * something else.
 */
export function withoutConcurrently(step: PlanStep): PlanStep | null {
  let sql = "";
  let from = 0;
  for (const statement of splitStatements(step.sql, postgresSql)) {
    const code = statement.tokens.filter((t) => !isComment(t));
    const at = code.findIndex((t) => isKeyword(t, "CONCURRENTLY"));
    const index = code[at - 1];
    const head = code[0];
    const create = isKeyword(head, "CREATE") && (at === 3 ? isKeyword(code[1], "UNIQUE") : at === 2);
    const drop = isKeyword(head, "DROP") && at === 2;
    const token = code[at];
    // A statement that can run in a transaction as it is (an online step's VALIDATE CONSTRAINT …) stays.
    if (at < 0 && head && postgresSql.transactional(code, head.text.toUpperCase())) continue;
    if (!token || !isKeyword(index, "INDEX") || !(create || drop)) return null;
    sql += step.sql.slice(from, token.start);
    from = token.end;
  }
  sql += step.sql.slice(from);
  return { ...step, sql, transactional: true };
}

/**
 * Whether a plan statement's error is PostgreSQL giving up a lock wait: SQLSTATE 55P03
 * (lock_not_available, from `lock_timeout` or `NOWAIT`), as the driver's LOCK_TIMEOUT or raw.
 * A `statement_timeout` (57014) is not: the statement ran, and running it again would not help.
 */
export function lockTimedOut(error: unknown): boolean {
  if (isPormgError(error, "LOCK_TIMEOUT")) return error.details.setting === "lock_timeout";
  return sqlState(error) === "55P03";
}

/** Thrown inside the sandbox's transaction to roll it back, whatever happened. */
class RollbackSentinel extends Error {}

/**
 * Verify's sandbox on PostgreSQL: a transaction on a fresh connection that is always rolled back
 * (DDL is transactional), so what the plan did — and what introspection saw — is never kept.
 */
async function sandbox<T>(target: Config | Target, fn: (db: Driver, kind: "transaction") => Promise<T>): Promise<T> {
  const driver = await connectPostgres(target);
  let result: { value: T } | undefined;
  try {
    await driver.transaction(async (tx) => {
      result = { value: await fn(tx, "transaction") };
      throw new RollbackSentinel();
    });
  } catch (error) {
    if (!(error instanceof RollbackSentinel)) throw error;
  } finally {
    await driver.close();
  }
  return (result as { value: T }).value;
}

/**
 * How PostgreSQL runs a plan: `SET LOCAL` of the plan's timeouts and `search_path` and
 * `CREATE EXTENSION` of the connection's `extensions:` at the start of its transaction; the same
 * settings for the session around each non-transactional step, put back after it; no guard (DDL is
 * transactional and foreign keys are checked as usual); an INVALID index a failed concurrent build
 * left is dropped before the build runs again (`runWithInvalidIndexCleanup`); `CONCURRENTLY`
 * dropped for `verify`.
 */
export const postgresExecution: ExecutionPart = {
  async beginTransaction(tx, settings) {
    for (const [name, value] of settingPairs(settings))
      await tx.query("SELECT pg_catalog.set_config($1, $2, true)", [name, value]);
    await createExtensions(tx, settings.extensions);
  },
  async withSession(db, settings, fn) {
    const saved: [string, string][] = [];
    try {
      for (const [name, value] of settingPairs(settings)) {
        const [row] = await db.query<{ previous: string }>(
          "SELECT pg_catalog.current_setting($1) AS previous, pg_catalog.set_config($1, $2, false) AS current",
          [name, value],
        );
        saved.push([name, row?.previous ?? ""]);
      }
      return await fn();
    } finally {
      for (const [name, previous] of saved)
        await db.query("SELECT pg_catalog.set_config($1, $2, false)", [name, previous]);
    }
  },
  around: (_db, fn) => fn(),
  guardStep: async () => undefined,
  runStatement: (db, statement) => runWithInvalidIndexCleanup(db, statement),
  resumeNote: "an invalid index a failed CREATE INDEX CONCURRENTLY left is dropped before the build runs again",
  lockTimedOut,
  assertExtensionsAvailable,
  standIn: withoutConcurrently,
  sandbox,
  backup: async () => undefined,
};
