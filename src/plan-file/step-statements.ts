import type { PlanStep } from "../schema/operation.ts";
import { type ClassifiedStatement, classifySql } from "../sql/classify.ts";
import { rebuildRestoringDrops } from "../sql/rebuild-shape.ts";
import { type PlanFileDialect, rebuildsTables } from "./plan-file-dialect.ts";

/** A StepStatement is a classified statement; a rebuild's swap also lists the planner's reasons one by one. */
export type StepStatement = ClassifiedStatement & { readonly reasons?: readonly string[] };

/** What `stepStatements` needs of a step: its SQL and the planner's flags. */
export type StepVerdict = Pick<PlanStep, "sql" | "destructive" | "rebuild" | "reasons">;

/** What `planStatements` needs of each step: its label (for the execution order) and what `stepStatements` needs. */
export type PlanStepVerdict = StepVerdict & Pick<PlanStep, "label" | "transactional" | "recreate">;

/**
 * Whether a SQLite rebuild step carries the planner's verdict: not destructive, or destructive
 * with its reasons. Plans written by earlier pormg versions flagged every rebuild destructive
 * without reasons; such a step (or one whose flags were edited that way) keeps the tokenizer's
 * verdict, so its DROP TABLE stays destructive, as it was when the plan was written.
 */
export function hasRebuildVerdict(step: StepVerdict): boolean {
  return step.rebuild !== undefined && (!step.destructive || (step.reasons?.length ?? 0) > 0);
}

/**
 * The statements of one plan step, classified as `migrate`, `dry-run` and the plan reader see
 * them: hand-written and ordinary generated steps by the SQL tokenizer (`classifySql`). A
 * rebuild step (of a dialect that rebuilds tables, `rebuildsTables`: SQLite) with the planner's verdict (`hasRebuildVerdict`) is not re-flagged for the drops
 * that make a rebuild (the swap's `DROP TABLE`, the views and triggers it re-creates, see
 * `rebuildRestoringDrops`): its swap carries the verdict instead — destructive with the planner's
 * reasons (`drop post.subtitle`), or not destructive. Any other destructive statement in it still
 * counts. At apply, the executor checks that a rebuild not marked destructive kept every column
 * and row (src/apply/sqlite-guard.ts), so an edited step cannot drop data under a lossless verdict.
 */
export function stepStatements(
  step: StepVerdict,
  dialect: PlanFileDialect,
  statements: readonly ClassifiedStatement[] = classifySql(step.sql, dialect.sql).statements,
): readonly StepStatement[] {
  if (!rebuildsTables(dialect) || step.rebuild === undefined || !hasRebuildVerdict(step)) return statements;
  const restoring = rebuildRestoringDrops(step.sql, step.rebuild.table, dialect.sql);
  const reasons = step.reasons ?? [];
  return statements.map((statement, k) => {
    const drop = restoring.get(k);
    if (drop === undefined) return statement;
    const { reason: _, ...rest } = statement;
    if (drop === "swap" && step.destructive) return { ...rest, destructive: true, reason: reasons.join("; "), reasons };
    return { ...rest, destructive: false };
  });
}

/**
 * The statements of every step of a plan, classified by `stepStatements`. A constraint drop is not
 * destructive in itself (docs/design.md §10), so the drop half of a constraint re-creation (a step flagged
 * `recreate`) needs no rule of its own: it is destructive only if it also drops data. Pure.
 */
export function planStatements<T extends PlanStepVerdict>(
  steps: readonly T[],
  dialect: PlanFileDialect,
  classified?: ReadonlyMap<T, readonly ClassifiedStatement[]>,
): Map<T, readonly StepStatement[]> {
  return new Map(steps.map((step) => [step, stepStatements(step, dialect, classified?.get(step))] as const));
}
