/**
 * The checks `migrate` makes of one plan that write nothing (see `applyChecked` in migrator.ts for
 * when they run under the lock and when before it): already applied? stale? the connection's
 * extensions available, the precheck's row counts, the destructive guard (with its prompt).
 */
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import type { HistoryState } from "../history/fold.ts";
import { countFindings } from "./count-findings.ts";
import { type PlanProgress, planProgress, unfinishedFacts } from "./deferred-steps.ts";
import { executeOptionsOf } from "./execute-options.ts";
import { assertNotStale, assertPrecheck, destructiveError, readHistory } from "./migrate-checks.ts";
import type { MigrateOptions, PlanBase, PlanToApply, RunState } from "./migrate-types.ts";
import { withReader } from "./run-connections.ts";

/** Whether the destructive guard will ask someone about this plan (then the checks never run under the lock). */
export function asksSomeone(base: PlanBase, options: MigrateOptions): boolean {
  return base.destructive && !options.destructive && options.confirm !== undefined;
}

/**
 * Runs the checks in order and says how the plan ends without being applied — `already_applied`
 * (every step done before), `declined` (the person said no) — or undefined: apply it. A refusal
 * throws (PLAN_STALE, PRECHECK_FAILED, DESTRUCTIVE_UNCONFIRMED, a missing extension …).
 */
export async function checkPlan(
  config: Config,
  item: PlanToApply,
  options: MigrateOptions,
  base: PlanBase,
  destructiveListed: readonly string[],
  { shared, history }: RunState,
): Promise<"already_applied" | "declined" | undefined> {
  const dialect = dialectNamed(config.dialect);
  let destructive = base.destructive;
  let listed = destructiveListed;
  if (targetExists(config.target)) {
    const progress = await withReader(config, shared, async (db) => {
      const found = await appliedProgress(db, config, item, base.checksum, history);
      if (found && found.unfinished.length === 0) return found;
      await dialect.execution.assertExtensionsAvailable(db, config.extensions);
      return found;
    });
    if (progress && progress.unfinished.length === 0) return "already_applied";
    // A resume runs only the unfinished steps: the guard asks about those alone.
    if (progress) ({ destructive, listed } = unfinishedFacts(item.plan, progress));
  }
  const plan = item.plan;
  const counted = await countFindings(
    config,
    plan.lossy,
    plan.steps,
    executeOptionsOf(config, options),
    "refuse",
    shared,
  );
  assertPrecheck(counted, item.path);
  if (destructive && !options.destructive) {
    if (!options.confirm) throw destructiveError(listed);
    if (!(await options.confirm(listed))) return "declined";
  }
  return undefined;
}

/**
 * The progress of a plan with this checksum that was already applied; otherwise (undefined) it
 * refuses a stale plan. A plan that another run applied between the two reads also looks stale
 * (its tables changed), so a stale plan is checked against the history once more before it is refused.
 */
export async function appliedProgress(
  db: Driver,
  config: Config,
  item: PlanToApply,
  checksum: string,
  history?: HistoryState,
): Promise<PlanProgress | undefined> {
  const plan = item.plan;
  const progress = planProgress(history ?? (await readHistory(db)), plan, checksum);
  if (progress) return progress;
  try {
    await assertNotStale(db, config, plan, item.source === "archive" ? item.path : undefined);
    return undefined;
  } catch (error) {
    const again = isPormgError(error, "PLAN_STALE") ? planProgress(await readHistory(db), plan, checksum) : undefined;
    if (again) return again;
    throw error;
  }
}
