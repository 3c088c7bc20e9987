import type { DialectCapabilities } from "../core/capabilities.ts";
import type { PlanStep } from "../schema/operation.ts";

/**
 * Whether a plan step runs as a unit of its own after the plan's transaction committed, in plan
 * order, recorded by a `step_applied` event: a step that cannot run in a transaction (`CREATE INDEX
 * CONCURRENTLY` …), and every step on a dialect whose DDL is not transactional (MySQL commits each
 * DDL statement). There the plan's transaction holds only pormg's history, and a data step (DML,
 * `transactional`) still runs in a transaction of its own, so it applies whole or not at all — and
 * a Data (post) step runs after the schema steps before it, as the plan says.
 */
export function runsOnItsOwn(
  step: Pick<PlanStep, "transactional">,
  capabilities: Pick<DialectCapabilities, "transactionalDdl">,
): boolean {
  return !step.transactional || !capabilities.transactionalDdl;
}
