import type { StepHooks, StepRun } from "../apply/execute-plan.ts";
import { runsOnItsOwn } from "../apply/own-unit.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { recordEvent } from "../history/event-store.ts";
import type { HistoryState } from "../history/fold.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import type { PlanStep } from "../schema/operation.ts";
import { appliedWithChecksum } from "./migrate-checks.ts";
import { planFacts } from "./plan-facts.ts";

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
  // Only a step that runs on its own can be unfinished (the common plan on PostgreSQL or SQLite has none).
  const capabilities = dialectNamed(plan.dialect).capabilities;
  if (plan.steps.every((s) => !runsOnItsOwn(s, capabilities))) return { version, unfinished: [] };
  const done = new Set((state.versions.get(version)?.steps ?? []).filter((s) => s.ok).map((s) => s.stepIndex));
  const unfinished = executionOrder(plan.steps).flatMap((step, i) =>
    !runsOnItsOwn(step, capabilities) || done.has(i) ? [] : [i],
  );
  return { version, unfinished };
}

/**
 * What the destructive guard asks about a plan applied before whose steps of their own did not all
 * finish: only its unfinished steps (what a resume runs), with the plan's silent lossy changes —
 * a drop that already ran is not asked about again. Without transactional DDL (MySQL) a failed
 * step leaves the plan's drops before it applied, and its rerun would otherwise ask (or, with
 * nobody to ask, refuse) again. Pure.
 */
export function unfinishedFacts(
  plan: PlanDocument,
  progress: PlanProgress,
): { readonly destructive: boolean; readonly listed: readonly string[] } {
  const order = executionOrder(plan.steps);
  const steps = progress.unfinished.flatMap((i) => (order[i] ? [order[i]] : []));
  const { destructive, listed } = planFacts({ ...plan, steps });
  return { destructive, listed };
}

/**
 * The executor's hooks that record the steps that cannot run in a transaction (`CREATE INDEX
 * CONCURRENTLY` …), run after the plan committed: a `step_applied` event for each (`stepIndex`
 * counts the plan's steps in execution order), `ok: false` with the database's error for a failed
 * one — so a rerun of `migrate` resumes where a failure or a crash stopped.
 */
export function stepEvents(db: Driver, version: string, actor: string): StepHooks {
  const record = (index: number, step: PlanStep, run: StepRun, error?: string) =>
    recordEvent(db, dialectNamed(db.dialect), {
      type: "step_applied",
      version,
      actor,
      payload: {
        stepIndex: index,
        label: step.label,
        ok: error === undefined,
        durationMs: Math.round(run.durationMs),
        ...(run.lockRetries !== undefined && { lockRetries: run.lockRetries }),
        ...(error !== undefined && { error }),
      },
    });
  return {
    applied: async (index, step, run) => {
      await record(index, step, run);
    },
    failed: async (index, step, error, run) => {
      const reason =
        isPormgError(error) && typeof error.details.error === "string"
          ? error.details.error
          : String((error as Error).message);
      await record(index, step, run, reason);
    },
  };
}
