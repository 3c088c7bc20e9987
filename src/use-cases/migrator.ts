/**
 * The migrator: how `migrate` applies one plan, in one sequence — checks that write nothing
 * (`plan-checks.ts`: stale plan, extensions, the precheck's row counts, the destructive guard; under
 * the lock when it is free at the first try and nobody is asked anything, before it otherwise), then
 * under the migration lock (`withMigrationLock`, the dialect's `lock` part): history verified and
 * bootstrapped → already applied? (resume its unfinished non-transactional steps) → backup →
 * `planned` → the plan's transaction through the one executor (`executeTransaction`, `applied`
 * committed with it; `failed` recorded after a rollback, `failedRun`) → the non-transactional
 * steps (`executeNonTransactional`, each recorded by `stepEvents`) → archive (`finish`).
 * `migrate.ts` runs it for every plan of a release.
 */
import {
  type ExecuteOptions,
  executeNonTransactional,
  executeTransaction,
  type NonTransactionalResult,
  type TransactionReport,
} from "../apply/execute-plan.ts";
import { type MigrationLock, tryMigrationLock, withMigrationLock } from "../apply/lock.ts";
import { reported } from "../apply/progress.ts";
import type { Config } from "../config/config.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { type Dialect, dialectNamed } from "../dialect/dialect.ts";
import { defaultActor } from "../history/actor.ts";
import { appendEvent, recordEvent } from "../history/event-store.ts";
import { initHistory } from "../history/init-history.ts";
import { sqlContent } from "../plan-file/checksum.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import { failedRun } from "./apply-failure.ts";
import { archivePlan } from "./archive.ts";
import { planProgress, stepEvents } from "./deferred-steps.ts";
import { executeOptionsOf } from "./execute-options.ts";
import { assertHistoryIntact } from "./history-intact.ts";
import { readHistory } from "./migrate-checks.ts";
import type { MigrateOptions, PlanBase, PlanRun, PlanToApply, RunState } from "./migrate-types.ts";
import { appliedProgress, asksSomeone, checkPlan } from "./plan-checks.ts";
import { planFacts } from "./plan-facts.ts";
import { modelsFile } from "./read-models.ts";

/**
 * Applies one plan (docs/design.md §7) in execution order (`executionOrder`: `Data (pre):` steps, schema
 * steps, `Data (post):` steps): refuses a stale plan, a plan that would fail on existing rows
 * (counted after the pre steps for findings marked `handled: "pre"`), and an unconfirmed
 * destructive plan before writing anything (see `applyChecked` for when the lock is already held
 * by then); then, under the migration lock, verifies the history,
 * bootstraps it, skips a plan whose checksum is already applied, commits a `planned` event, runs
 * the plan in one transaction together with its `applied` event — or rolls back and records
 * `failed` — and archives it (a pending or generated plan; an archived one already is). A
 * refusal or failure is a PormgError carrying `details.migration` (version, checksum, statements).
 * Every plan `migrate` applies — archived, pending or generated — goes through here.
 */
export async function applyPlan(
  config: Config,
  item: PlanToApply,
  options: MigrateOptions,
  run: RunState = {},
): Promise<PlanRun> {
  const facts = planFacts(item.plan);
  const { listed, ...base } = facts;
  try {
    return await applyChecked(config, item, options, base, listed, run);
  } catch (error) {
    throw withMigration(error, base);
  }
}

/**
 * Adds the plan's version, checksum and statement count to a refusal or failure (`details.migration`),
 * so `migrate --json` reports which plan it refused.
 */
function withMigration(error: unknown, base: PlanBase): unknown {
  if (!isPormgError(error)) return error;
  const { version, checksum, statements } = base;
  return new PormgError(
    error.code,
    error.message,
    { ...error.details, migration: { version, checksum, statements } },
    { cause: error },
  );
}

/**
 * The checks, then the locked apply, of one plan (see {@link applyPlan}). When nobody is to be
 * asked anything and the migration lock is free at the first try, the checks run once, under it:
 * nobody waits on them for long, and nothing but a change by hand can come between them and the
 * apply. Otherwise they run before the lock — nobody waits on the lock for a prompt or for a plan
 * that will be refused — and staleness is checked again under it, after the wait.
 */
async function applyChecked(
  config: Config,
  item: PlanToApply,
  options: MigrateOptions,
  base: PlanBase,
  destructiveListed: readonly string[],
  run: RunState,
): Promise<PlanRun> {
  const dialect = dialectNamed(config.dialect);
  dialect.lock.assertLockable(config.target);
  const lockOptions = {
    ...(options.lockWaitSeconds !== undefined && { lockWaitSeconds: options.lockWaitSeconds }),
    ...(options.progress && { progress: options.progress }),
    ...(run.shared?.worker && { db: run.shared.worker }),
    ...(run.shared && { lockConnection: run.shared.takeLockConnection }),
  };
  const check = () => checkPlan(config, item, options, base, destructiveListed, run);
  const ended = (outcome: "already_applied" | "declined") =>
    outcome === "declined" ? { ...base, outcome } : finish(config, dialect, item, { ...base, outcome });
  if (!asksSomeone(base, options)) {
    const free = await tryMigrationLock(config, dialect, lockOptions, async (lock) => {
      const outcome = await check();
      return outcome ? ended(outcome) : applyLocked(config, dialect, item, options, base, lock, true);
    });
    if (free) return free.value;
  }
  const outcome = await check();
  if (outcome) return ended(outcome);
  return withMigrationLock(config, dialect, lockOptions, (lock) =>
    applyLocked(config, dialect, item, options, base, lock, false),
  );
}

/**
 * The locked half of the migrator: history verified and bootstrapped; the plan skipped when its
 * checksum is applied (or its unfinished non-transactional steps resumed), refused when stale
 * (unless `checked`: the checks ran under this same hold of the lock); a backup where the
 * dialect keeps one; `planned` committed; the plan's transaction run with its `applied` event
 * (`failed` recorded after a rollback); the non-transactional steps, each recorded; the archive.
 */
async function applyLocked(
  config: Config,
  dialect: Dialect,
  item: PlanToApply,
  options: MigrateOptions,
  base: PlanBase,
  lock: MigrationLock,
  checked: boolean,
): Promise<PlanRun> {
  const plan = item.plan;
  const { checksum, destructive: isDestructive } = base;
  const db = lock.db;
  const actor = options.actor ?? defaultActor();
  const report = options.progress;
  const executeOptions: ExecuteOptions = {
    ...executeOptionsOf(config, options),
    ...(report && { progress: report }),
    onLockRetry: ({ retry, of, delayMs, error }) =>
      options.onNotice?.(
        `${firstLine(error)} — rolled back; lock retry ${retry} of ${of} in ${delayMs} ms (--lock-retries, --lock-timeout).`,
      ),
  };
  const steps = executionOrder(plan.steps);
  // Verified before the bootstrap, so a dropped log, triggers that are off or a log that does not
  // lead to the anchor are refused before anything is created or restored.
  const verified = await assertHistoryIntact(db, options.expectHead);
  const init = await initHistory(db, dialectNamed(db.dialect), { actor });
  // Again under the lock: another run may have applied the plan, or someone changed a table, meanwhile.
  // The log verified under the lock is the history unless the bootstrap adopted PormG rows into it.
  const history = init.adopted === 0 ? verified : await readHistory(db);
  // Checked under this same hold of the lock (`checked`): only "already applied?" is asked again.
  const progress = checked
    ? planProgress(history, plan, checksum)
    : await appliedProgress(db, config, item, checksum, history);
  if (progress) {
    // Applied before; resume the steps that run outside the transaction if some did not finish.
    const { version, unfinished } = progress;
    if (unfinished.length === 0) return finish(config, dialect, item, { ...base, outcome: "already_applied" });
    const resumed = await executeNonTransactional(
      db,
      dialect,
      steps,
      executeOptions,
      stepEvents(db, version, actor),
      unfinished,
    );
    const lockRetries = retriesOf(resumed.results);
    return finish(config, dialect, item, { ...base, outcome: "applied", resumed: unfinished.length, lockRetries });
  }
  const risky = isDestructive || plan.steps.some((s) => s.rebuild !== undefined);
  const backup =
    options.backup !== false && risky
      ? await reported(report, { kind: "backup", database: config.display }, () =>
          dialect.execution.backup(db, config.target, plan.version),
        )
      : undefined;
  if (backup) options.onNotice?.(`Backed up the database to ${backup}`);
  const planned = await recordEvent(db, dialectNamed(db.dialect), {
    type: "planned",
    version: plan.version,
    actor,
    payload: {
      name: plan.name,
      checksum,
      sqlContent: sqlContent(plan.steps),
      isDestructive,
      statements: base.statements,
    },
  });
  const started = performance.now();
  let inside: TransactionReport;
  try {
    inside = await executeTransaction(db, dialect, steps, executeOptions, {
      // The applied event commits with the plan, and only while the lock is still ours.
      beforeCommit: async (tx, report) => {
        const durationMs = Math.round(performance.now() - started);
        const applied = {
          durationMs,
          statements: report.statements,
          ...(report.lockRetries !== undefined && { lockRetries: report.lockRetries }),
        };
        await appendEvent(
          tx,
          dialectNamed(tx.dialect),
          { type: "applied", version: plan.version, actor, payload: applied },
          { expectedSeq: planned.seq },
        );
        await lock.assertHeld();
      },
    });
  } catch (error) {
    throw await failedRun(config, dialect, db, { version: plan.version, actor, started }, error, options.onNotice);
  }
  const outside = await executeNonTransactional(
    db,
    dialect,
    steps,
    executeOptions,
    stepEvents(db, plan.version, actor),
  );
  const durationMs = Math.round(performance.now() - started);
  const lockRetries = (inside.lockRetries ?? 0) + retriesOf(outside.results);
  return finish(config, dialect, item, {
    ...base,
    outcome: "applied",
    durationMs,
    lockRetries,
    ...(backup && { backup }),
  });
}

/** The first line of an error's message. */
const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0];

/** How often the non-transactional steps of a run were retried after a lock timeout, in all. */
function retriesOf(results: readonly NonTransactionalResult[]): number {
  return results.reduce((sum, r) => sum + (r.lockRetries ?? 0), 0);
}

/**
 * Archives a pending or generated plan (best effort, as PormG: the database is already migrated)
 * and returns the result; an archived plan stays where it is.
 */
function finish(config: Config, dialect: Dialect, item: PlanToApply, result: PlanRun): PlanRun {
  if (item.source === "archive") return { ...result, archived: item.path };
  // A generated plan another run applied first (same checksum, its own version) is that run's to archive.
  if (item.source === "generated" && result.outcome !== "applied") return result;
  try {
    const database = dialect.session.file(config.target) ?? undefined;
    const source = { kind: item.source === "pending" ? ("pending" as const) : ("generated" as const) };
    const models = modelsFile(config).file;
    return { ...result, archived: archivePlan(config.folder, item.plan, models, result.checksum, source, database) };
  } catch {
    return { ...result, archived: item.path };
  }
}
