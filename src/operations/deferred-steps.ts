import { executeNonTransactional } from "../apply/execute-plan.ts";
import type { Driver } from "../driver/driver.ts";
import { isPormgError } from "../errors.ts";
import { recordEvent } from "../history/event-store.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { appliedWithChecksum, readHistory } from "./migrate-checks.ts";

/** The version that applied this checksum, from the history. */
export async function appliedVersion(db: Driver, checksum: string): Promise<string | undefined> {
  return appliedWithChecksum(await readHistory(db), checksum);
}

/** Indices of the plan's non-transactional steps that have no successful `step_applied` record yet. */
export async function unfinishedSteps(db: Driver, plan: PlanDocument, checksum: string): Promise<number[]> {
  const deferred = plan.steps.flatMap((step, i) => (step.transactional ? [] : [i]));
  if (deferred.length === 0) return [];
  const state = await readHistory(db);
  const version = appliedWithChecksum(state, checksum);
  const done = new Set(
    (version ? (state.versions.get(version)?.steps ?? []) : []).filter((s) => s.ok).map((s) => s.stepIndex),
  );
  return deferred.filter((i) => !done.has(i));
}

/**
 * Runs the steps that cannot run in a transaction (`CREATE INDEX CONCURRENTLY` …) after the plan
 * committed, one by one, recording a `step_applied` event for each — so a rerun of `migrate`
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
  for (const index of indices) {
    const step = plan.steps[index];
    if (!step) continue;
    const skip = new Set(plan.steps.map((_, i) => i).filter((i) => i !== index));
    const started = performance.now();
    const record = (ok: boolean, error?: string) =>
      recordEvent(db, {
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
      await executeNonTransactional(db, plan.steps, options, skip);
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
