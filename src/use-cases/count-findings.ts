import { type ExecuteOptions, executeInTransaction } from "../apply/execute-plan.ts";
import { connectReadonly } from "../apply/open-readonly.ts";
import { inRolledBackTransaction } from "../apply/rolled-back.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { executionOrder, stepPhase } from "../plan-file/execution-order.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";

/**
 * A lossy finding with the number of rows it affects now (null when it cannot be counted). For a
 * finding marked `handled: "pre"`, `rows` is counted after the plan's `Data (pre):` steps ran, and
 * `rowsBefore` before them.
 */
export type CountedFinding = LossyFinding & { readonly rows: number | null; readonly rowsBefore?: number | null };

/** Runs each finding's count query on `db`; a query that fails (its table or column does not exist yet) counts 0. */
async function countOn(db: Driver, findings: readonly LossyFinding[], savepoints: boolean): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (const finding of findings) {
    if (!finding.countSql) {
      out.push(null);
      continue;
    }
    const sql = finding.countSql;
    const count = async (d: Driver) => Number((await d.query<{ n: unknown }>(sql))[0]?.n ?? 0);
    try {
      // Inside a transaction each count gets its own savepoint: a failed query must not spoil the
      // transaction (PostgreSQL aborts it).
      out.push(savepoints ? await db.transaction(count) : await count(db));
    } catch {
      out.push(0);
    }
  }
  return out;
}

/**
 * Counts the rows each of the plan's lossy findings affects, with its read-only query. Findings
 * marked `handled: "pre"` are counted twice: on the database as it is, and after the plan's
 * `Data (pre):` steps (`steps`, in any order), run in a transaction that is always rolled back
 * (reference §7.3) — so a plan whose pre step fixes the rows passes the precheck, and one whose pre
 * step does not is refused with what is left. A failing pre step throws STATEMENT_FAILED (nothing
 * is kept). The pre steps run under `options` (the timeouts `migrate` was given), on PostgreSQL
 * in the configured schema after the configured `extensions:` are created. Nothing is
 * counted on a database that does not exist yet (every count is 0).
 */
export async function countFindings(
  config: Config,
  findings: readonly LossyFinding[],
  steps: readonly PlanStep[] = [],
  options: ExecuteOptions = {},
): Promise<CountedFinding[]> {
  if (findings.length === 0) return [];
  if (!targetExists(config.target)) return findings.map((f) => ({ ...f, rows: f.countSql ? 0 : null }));
  const driver = await connectReadonly(config);
  let now: (number | null)[];
  try {
    now = await countOn(driver, findings, false);
  } finally {
    await driver.close();
  }
  const handled = findings.flatMap((f, i) => (f.handled === "pre" ? [i] : []));
  const pre = executionOrder(steps).filter((s) => stepPhase(s.label) === "pre");
  if (handled.length === 0 || pre.length === 0) return findings.map((f, i) => ({ ...f, rows: now[i] ?? null }));
  const after = await inRolledBackTransaction(config, async (tx) => {
    await executeInTransaction(tx, pre, {
      ...options,
      // As migrate runs them: in the managed schema, after the connection's extensions: are created.
      ...(dialectNamed(config.dialect).capabilities.schemas && {
        schema: config.schema,
        extensions: config.extensions,
      }),
    });
    return countOn(
      tx,
      handled.map((i) => findings[i] as LossyFinding),
      true,
    );
  });
  return findings.map((f, i) => {
    const k = handled.indexOf(i);
    return k < 0 ? { ...f, rows: now[i] ?? null } : { ...f, rows: after[k] ?? null, rowsBefore: now[i] ?? null };
  });
}
