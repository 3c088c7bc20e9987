import { type ExecuteOptions, executeInTransaction } from "../apply/execute-plan.ts";
import { inRolledBackTransaction } from "../apply/rolled-back.ts";
import { excerpt } from "../apply/statement-error.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { executionOrder, stepPhase } from "../plan-file/execution-order.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";
import { type RunConnections, withReader } from "./run-connections.ts";

/**
 * A lossy finding with the number of rows it affects now (null when it cannot be counted). For a
 * finding marked `handled: "pre"`, `rows` is counted after the plan's `Data (pre):` steps ran, and
 * `rowsBefore` before them.
 */
export type CountedFinding = LossyFinding & { readonly rows: number | null; readonly rowsBefore?: number | null };

/**
 * What a count query that fails means: `refuse` (migrate) — the precheck cannot tell whether the
 * plan would fail on existing rows, so it refuses (PRECHECK_FAILED, exit 3, naming the finding, the
 * query and the database's error); `report` (dry-run) — the finding is shown as not countable
 * (`rows: null`). Never 0: a count that did not run is not "no rows".
 */
export type FailedCount = "refuse" | "report";

/** PRECHECK_FAILED for a finding whose count query failed with `error`. */
function uncountedError(finding: LossyFinding, sql: string, error: unknown): PormgError {
  const e = error as { message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === "string" ? e.message : String(error);
  const code = typeof e?.code === "string" && e.code !== "" ? e.code : undefined;
  const what = `${finding.table}${finding.column ? `.${finding.column}` : ""}`;
  return new PormgError(
    "PRECHECK_FAILED",
    `The precheck could not count the rows of ${what} (${finding.reason}): ${message}${code ? ` [${code}]` : ""}\n` +
      `  → ${excerpt(sql)}\n` +
      "So it cannot tell whether the plan would fail on existing rows, and nothing was changed. Fix the finding's " +
      "countSql in the plan's header (or the database it reads), then run migrate again.",
    { finding, sql, error: message, ...(code !== undefined && { code }) },
    { cause: error },
  );
}

/**
 * Runs each finding's count query on `db`, each in its own savepoint when `db` is inside a
 * transaction (a failed query aborts a PostgreSQL transaction). A query that fails refuses or
 * reports the finding as not countable (`failed`); an error pormg already explained (a timeout, a
 * missing privilege, a lost connection) is thrown as it is.
 */
async function countOn(
  db: Driver,
  findings: readonly LossyFinding[],
  inTransaction: boolean,
  failed: FailedCount,
): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (const finding of findings) {
    if (!finding.countSql) {
      out.push(null);
      continue;
    }
    const sql = finding.countSql;
    const count = async (d: Driver) => Number((await d.query<{ n: unknown }>(sql))[0]?.n ?? 0);
    try {
      out.push(inTransaction ? await db.transaction(count) : await count(db));
    } catch (error) {
      if (isPormgError(error)) throw error;
      if (failed === "refuse") throw uncountedError(finding, sql, error);
      out.push(null);
    }
  }
  return out;
}

/**
 * Counts the rows each of the plan's lossy findings affects, with its read-only query. Findings
 * marked `handled: "pre"` are counted twice: on the database as it is, and after the plan's
 * `Data (pre):` steps (`steps`, in any order), run in a transaction that is always rolled back
 * — so a plan whose pre step fixes the rows passes the precheck, and one whose pre
 * step does not is refused with what is left. A failing pre step throws STATEMENT_FAILED (nothing
 * is kept). The pre steps run under `options` (the timeouts `migrate` was given), on PostgreSQL
 * in the configured schema after the configured `extensions:` are created. Nothing is
 * counted on a database that does not exist yet (every count is 0). A count query that fails is
 * never taken for 0 rows: see {@link FailedCount}.
 */
export async function countFindings(
  config: Config,
  findings: readonly LossyFinding[],
  steps: readonly PlanStep[] = [],
  options: ExecuteOptions = {},
  failed: FailedCount = "refuse",
  shared?: RunConnections,
): Promise<CountedFinding[]> {
  if (findings.length === 0) return [];
  if (!targetExists(config.target)) return findings.map((f) => ({ ...f, rows: f.countSql ? 0 : null }));
  const dialect = dialectNamed(config.dialect);
  const now = await withReader(config, shared, (db) => countOn(db, findings, false, failed));
  const handled = findings.flatMap((f, i) => (f.handled === "pre" ? [i] : []));
  const pre = executionOrder(steps).filter((s) => stepPhase(s.label) === "pre");
  if (handled.length === 0 || pre.length === 0) return findings.map((f, i) => ({ ...f, rows: now[i] ?? null }));
  const after = await inRolledBackTransaction(config, dialect, async (tx) => {
    // Data (pre) steps are DML: they run in this rolled-back transaction on every dialect, even one
    // whose migrate runs each step on its own (no transactional DDL, `runsOnItsOwn`).
    const inTransaction = { ...dialect, capabilities: { ...dialect.capabilities, transactionalDdl: true } };
    await executeInTransaction(tx, inTransaction, pre, {
      ...options,
      // As migrate runs them: in the managed schema, after the connection's extensions: are created.
      schema: config.schema,
      extensions: config.extensions,
    });
    return countOn(
      tx,
      handled.map((i) => findings[i] as LossyFinding),
      true,
      failed,
    );
  });
  return findings.map((f, i) => {
    const k = handled.indexOf(i);
    return k < 0 ? { ...f, rows: now[i] ?? null } : { ...f, rows: after[k] ?? null, rowsBefore: now[i] ?? null };
  });
}
