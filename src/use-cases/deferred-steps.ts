import { executeNonTransactional } from "../apply/execute-plan.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { recordEvent } from "../history/event-store.ts";
import type { HistoryState } from "../history/fold.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { appliedWithChecksum } from "./migrate-checks.ts";

/** Where an applied plan stands: the version that applied its checksum, and its unfinished deferred steps. */
export interface PlanProgress {
  readonly version: string;
  /**
   * Indices of the plan's non-transactional steps with no successful `step_applied` record yet.
   * Step indices count the steps in execution order (`executionOrder`), as `step_applied` records them.
   */
  readonly unfinished: readonly number[];
}

/** The progress of the plan with this checksum in a folded history; undefined when it was never applied. Pure. */
export function planProgress(state: HistoryState, plan: PlanDocument, checksum: string): PlanProgress | undefined {
  const version = appliedWithChecksum(state, checksum);
  if (!version) return undefined;
  const done = new Set((state.versions.get(version)?.steps ?? []).filter((s) => s.ok).map((s) => s.stepIndex));
  const unfinished = executionOrder(plan.steps).flatMap((step, i) => (step.transactional || done.has(i) ? [] : [i]));
  return { version, unfinished };
}

/**
 * Runs the steps that cannot run in a transaction (`CREATE INDEX CONCURRENTLY` …) after the plan
 * committed, one by one (`indices` count the plan's steps in execution order), recording a `step_applied` event for each — so a rerun of `migrate`
 * resumes where a failure or a crash stopped. A failure is recorded and rethrown (exit 1).
 */
export async function runDeferredSteps(
  db: Driver,
  plan: PlanDocument,
  version: string,
  actor: string,
  options: Parameters<typeof executeNonTransactional>[2],
  indices: readonly number[],
): Promise<void> {
  const steps = executionOrder(plan.steps);
  for (const index of indices) {
    const step = steps[index];
    if (!step) continue;
    const skip = new Set(steps.map((_, i) => i).filter((i) => i !== index));
    const started = performance.now();
    const record = (ok: boolean, error?: string) =>
      recordEvent(db, dialectNamed(db.dialect), {
        type: "step_applied",
        version,
        actor,
        payload: {
          stepIndex: index,
          label: step.label,
          ok,
          durationMs: Math.round(performance.now() - started),
          ...(error !== undefined && { error }),
        },
      });
    try {
      await executeNonTransactional(db, steps, options, skip);
    } catch (error) {
      const reason =
        isPormgError(error) && typeof error.details.error === "string"
          ? error.details.error
          : String((error as Error).message);
      await record(false, reason);
      throw error;
    }
    await record(true);
  }
}
