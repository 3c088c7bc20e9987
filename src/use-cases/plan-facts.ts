import { dialectNamed } from "../dialect/dialect.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { planStatements } from "../plan-file/step-statements.ts";

/** What `migrate` knows about a plan before applying it (pure: from the plan alone). */
export interface PlanFacts {
  readonly version: string;
  readonly checksum: string;
  readonly statements: number;
  readonly destructive: boolean;
  /** What the destructive guard lists: each destructive statement's reason, each silent lossy change. */
  readonly listed: readonly string[];
}

/** The {@link PlanFacts} of a plan: its checksum, statements in execution order, and what makes it destructive. Pure. */
export function planFacts(plan: PlanDocument): PlanFacts {
  const byStep = planStatements(plan.steps, dialectNamed(plan.dialect));
  const statements = executionOrder(plan.steps).flatMap((s) => byStep.get(s) ?? []);
  const destructiveStatements = statements
    .filter((s) => s.destructive)
    .flatMap((s) => s.reasons ?? [s.reason ?? s.sql]);
  const silent = plan.lossy
    .filter((f) => f.kind === "silent")
    .map((f) => `${f.table}${f.column ? `.${f.column}` : ""}: ${f.reason}`);
  const destructive = destructiveStatements.length > 0 || silent.length > 0 || plan.steps.some((s) => s.destructive);
  return {
    version: plan.version,
    checksum: planChecksum(plan.steps),
    statements: statements.length,
    destructive,
    listed: [...new Set([...destructiveStatements, ...silent])],
  };
}
