import { connectReadonly } from "../apply/open-readonly.ts";
import { type VerifyReport, verifyPlan } from "../apply/verify-plan.ts";
import type { Config } from "../config/config.ts";
import { targetExists } from "../driver/connect.ts";
import type { Driver } from "../driver/driver.ts";
import type { LossyFinding } from "../plan/operation.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { pendingPaths, readPending } from "../plan-file/pending.ts";
import { stepStatements } from "../plan-file/step-statements.ts";
import { readModels } from "./read-models.ts";

/** A DryRunStatement is one numbered statement of the pending plan. */
export interface DryRunStatement {
  /** 1-based, in execution order. */
  readonly index: number;
  readonly label: string;
  readonly sql: string;
  readonly destructive: boolean;
  /** Why the statement is destructive, when the tokenizer can say. */
  readonly reason?: string;
  readonly transactional: boolean;
}

/** A lossy finding with the number of rows it affects now (null when it cannot be counted). */
export type CountedFinding = LossyFinding & { readonly rows: number | null };

/** DryRunResult is what `dry-run` shows: every statement, lossy findings with counts, checksum, and the verify report. */
export interface DryRunResult {
  readonly outcome: "planned" | "nothing_pending";
  readonly version?: string;
  readonly name?: string;
  readonly path: string;
  readonly checksum?: string;
  readonly destructive: boolean;
  readonly statements: readonly DryRunStatement[];
  readonly lossy: readonly CountedFinding[];
  readonly verify: VerifyReport | null;
}

/**
 * Shows the pending plan without changing anything (reference §8.4): every statement numbered,
 * destructive ones flagged (generated steps by their operation, hand-written ones by the SQL
 * tokenizer), lossy findings with row counts from read-only queries, the checksum. With `verify`,
 * also runs the plan for real inside a transaction that is rolled back (PostgreSQL) or on a
 * temporary copy of the file (SQLite), and reports the first failing statement and whether the
 * result matches the models.
 */
export async function dryRun(config: Config, options: { verify?: boolean } = {}): Promise<DryRunResult> {
  const path = pendingPaths(config.folder).pending;
  const plan = readPending(config.folder);
  if (!plan) return { outcome: "nothing_pending", path, destructive: false, statements: [], lossy: [], verify: null };
  const statements: DryRunStatement[] = [];
  for (const step of plan.steps) {
    const classified = stepStatements(step, plan.dialect);
    // A generated step can be destructive without a DROP (a change that silently alters values):
    // then every statement of the step carries the flag.
    const wholeStep = step.destructive && !classified.some((c) => c.destructive);
    for (const statement of classified) {
      const reason = statement.reason ?? (wholeStep ? "changes stored values (see the lossy findings)" : undefined);
      statements.push({
        index: statements.length + 1,
        label: step.label,
        sql: `${statement.sql};`,
        destructive: statement.destructive || wholeStep,
        ...(reason && { reason }),
        transactional: statement.transactional && step.transactional,
      });
    }
  }
  const lossy = await countFindings(config, plan.lossy);
  let verify: VerifyReport | null = null;
  if (options.verify) {
    const models = await readModels(config);
    verify = await verifyPlan(config, plan.steps, models.schema, {
      schema: config.schema,
      ignoreTables: config.ignoreTables,
      unmanagedTables: models.unmanagedTables,
    });
  }
  return {
    outcome: "planned",
    version: plan.version,
    name: plan.name,
    path,
    checksum: planChecksum(plan.steps),
    destructive: plan.steps.some((s) => s.destructive) || statements.some((s) => s.destructive),
    statements,
    lossy,
    verify,
  };
}

/** Counts the rows each finding affects, with its read-only query; nothing is counted on a database that does not exist yet. */
export async function countFindings(config: Config, findings: readonly LossyFinding[]): Promise<CountedFinding[]> {
  if (findings.length === 0) return [];
  if (!targetExists(config.target)) return findings.map((f) => ({ ...f, rows: f.countSql ? 0 : null }));
  const driver: Driver = await connectReadonly(config);
  try {
    const out: CountedFinding[] = [];
    for (const finding of findings) {
      if (!finding.countSql) {
        out.push({ ...finding, rows: null });
        continue;
      }
      try {
        const [row] = await driver.query<{ n: number | string | bigint }>(finding.countSql);
        out.push({ ...finding, rows: Number(row?.n ?? 0) });
      } catch {
        // The table or column does not exist yet (created earlier in the plan): nothing to count.
        out.push({ ...finding, rows: 0 });
      }
    }
    return out;
  } finally {
    await driver.close();
  }
}
