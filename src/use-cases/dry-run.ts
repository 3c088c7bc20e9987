import type { ProgressSink } from "../apply/progress.ts";
import { type VerifyReport, verifyPlan } from "../apply/verify-plan.ts";
import type { Config } from "../config/config.ts";
import { dialectNamed, dialects } from "../dialect/dialect.ts";
import type { LintFinding } from "../plan/lint-rules.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { placeholderSteps } from "../plan-file/data-template.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import { pendingPaths, readPending } from "../plan-file/pending.ts";
import { planStatements } from "../plan-file/step-statements.ts";
import type { LockMode, TableLock } from "../sql/lock-modes.ts";
import { type CountedFinding, countFindings } from "./count-findings.ts";
import { lintPlan, type PlanLint } from "./lint-plan.ts";
import { type PlanSummary, planSummary } from "./plan-summary.ts";
import { readModels } from "./read-models.ts";
import { lackingInDatabase } from "./release-plans.ts";

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
  /** The strongest table lock it takes (PostgreSQL), null when none or not linted (SQLite). */
  readonly lock: LockMode | null;
  /** The locks per table. */
  readonly locks: readonly TableLock[];
  /** The linter's findings on it (docs/lint.md). */
  readonly findings: readonly LintFinding[];
}

/** The linter's summary in a dry-run: counts, the row threshold, and the sessions that would hold the plan up now. */
export type DryRunLint = Omit<PlanLint, "statements">;

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
  /** The tables the plan creates, alters, rebuilds and drops, and its rows at risk (absent when nothing is pending). */
  readonly summary?: PlanSummary;
  /** What people should know before migrating (an untouched `makemigrations --empty` template). */
  readonly warnings: readonly string[];
  /** The linter's counts and the current blockers (absent when nothing is pending). */
  readonly lint?: DryRunLint;
}

/**
 * Shows the pending plan without changing anything: every statement numbered,
 * destructive ones flagged (generated steps by their operation, hand-written ones by the SQL
 * tokenizer), lossy findings with row counts from read-only queries, the checksum. With `verify`,
 * also runs the plan for real inside a transaction that is rolled back (PostgreSQL) or on a
 * temporary copy of the file (SQLite), and reports the first failing statement and whether the
 * result matches the models.
 */
export async function dryRun(
  config: Config,
  options: { verify?: boolean; progress?: ProgressSink; rowThreshold?: number } = {},
): Promise<DryRunResult> {
  const path = pendingPaths(config.folder).pending;
  const plan = readPending(config.folder, dialects());
  const unapplied = await lackingInDatabase(config);
  const release = unapplied.length
    ? [
        `${unapplied.length} archived plan(s) this database lacks (${unapplied.map((a) => a.plan.version).join(", ")}) run before the pending plan in \`pormg migrate\`; dry-run shows${options.verify ? " and verifies" : ""} only the pending plan (see \`pormg status\`).`,
      ]
    : [];
  if (!plan)
    return {
      outcome: "nothing_pending",
      path,
      destructive: false,
      statements: [],
      lossy: [],
      verify: null,
      warnings: release,
    };
  const steps = executionOrder(plan.steps);
  const statements: DryRunStatement[] = [];
  const byStep = planStatements(plan.steps, dialectNamed(plan.dialect));
  const { statements: linted, ...lint } = await lintPlan(config, plan.steps, {
    blockers: true,
    ...(options.rowThreshold !== undefined && { rowThreshold: options.rowThreshold }),
  });
  for (const step of steps) {
    const classified = byStep.get(step) ?? [];
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
        lock: linted[statements.length]?.lock ?? null,
        locks: linted[statements.length]?.locks ?? [],
        findings: linted[statements.length]?.findings ?? [],
      });
    }
  }
  // A count that fails is shown as not countable: dry-run reports, migrate refuses.
  const lossy = await countFindings(config, plan.lossy, plan.steps, {}, "report");
  let verify: VerifyReport | null = null;
  if (options.verify) {
    const models = await readModels(config);
    verify = await verifyPlan(config, steps, models.schema, {
      dialect: dialectNamed(config.dialect),
      schema: config.schema,
      ignoreTables: config.ignoreTables,
      unmanagedTables: models.unmanagedTables,
      extensions: config.extensions,
      ...(options.progress && { progress: options.progress }),
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
    summary: planSummary(steps, lossy),
    lint,
    warnings: [
      ...release,
      ...placeholderSteps(plan.steps, plan.dialect).map(
        (label) =>
          `Step ${JSON.stringify(label)} still holds the placeholder of the \`makemigrations --empty\` template; migrate refuses the plan until it is replaced with the data change.`,
      ),
    ],
  };
}
