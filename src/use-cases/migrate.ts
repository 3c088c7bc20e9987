import { existsSync } from "node:fs";
import { checkExecuteOptions } from "../apply/execute-plan.ts";
import { lockWaitMs } from "../apply/lock-wait.ts";
import type { Config } from "../config/config.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { dialects } from "../dialect/dialect.ts";
import { isHeadHash } from "../history/anchor.ts";
import { fold, type HistoryState } from "../history/fold.ts";
import { assertNoPlaceholder } from "../plan-file/data-template.ts";
import { pendingPaths, readPending } from "../plan-file/pending.ts";
import { check } from "./check.ts";
import { planProgress, unfinishedFacts } from "./deferred-steps.ts";
import { executeOptionsOf } from "./execute-options.ts";
import { generatePlan } from "./generate-plan.ts";
import { assertHistoryIntact } from "./history-intact.ts";
import { destructiveError } from "./migrate-checks.ts";
import { assertLint } from "./migrate-lint.ts";
import type { AppliedPlan, MigrateOptions, MigrateResult, PlanRun, PlanToApply } from "./migrate-types.ts";
import { applyPlan } from "./migrator.ts";
import { planFacts } from "./plan-facts.ts";
import { modelsFile } from "./read-models.ts";
import { lackingPlans, readRelease } from "./release-plans.ts";
import { openRunConnections, type RunConnections } from "./run-connections.ts";

export type { AppliedPlan, MigrateOptions, MigrateOutcome, MigrateResult, PlanSource } from "./migrate-types.ts";

/** The name of a plan `migrate --plan` generates (its archive is `<version>_migrate-plan.sql`). */
export const GENERATED_PLAN_NAME = "migrate-plan";

/**
 * Brings the database to the release (docs/design.md §10 "Deploying"): applies, in version order, every
 * archived plan of this database's dialect (`migrations/applied_migrations/`, `readRelease`) that
 * its history lacks, then the pending plan — or, with `plan`, a plan generated against the live
 * database now — each one through `applyPlan` (its own checks, lock, `planned`/`applied` events and
 * transaction); then compares the models with the database (`check`): when they differ the
 * outcome is `drift` (exit 2) unless `allowDrift`.
 *
 * Before anything is applied it refuses (throwing a PormgError, nothing changed): bad options
 * (USAGE; `renames` without `plan` too); a history that does not verify or does not lead to
 * `expectHead` (HISTORY_TAMPERED); an archive file that
 * does not read (PLAN_MALFORMED) or whose steps were edited after they were applied
 * (ARCHIVE_EDITED, naming the file); a pending plan of another dialect or, with `plan`, any pending
 * plan (PLAN_REFUSED); `change_db: false` while something is pending (MIGRATE_DISABLED); a
 * destructive plan among them without `destructive` or a confirmation (DESTRUCTIVE_UNCONFIRMED).
 * An archived plan whose tables are not as it expects is PLAN_STALE naming the plan and the
 * tables. A refusal or failure part-way carries the plans applied before it in `details.applied`.
 *
 * This is the whole of one database's deploy, and the function `--targets` runs per target:
 * `(config, options) → MigrateResult` (`outcome`, `exitCode`, `applied`); see `migrateReport` for
 * a form that never throws a PormgError.
 */
export async function migrate(config: Config, options: MigrateOptions = {}): Promise<MigrateResult> {
  // Bad option values are usage errors, before anything is read or written.
  lockWaitMs(options.lockWaitSeconds);
  checkExecuteOptions(executeOptionsOf(config, options));
  if (options.expectHead !== undefined && !isHeadHash(options.expectHead))
    throw new PormgError(
      "USAGE",
      `--expect-head: "${options.expectHead}" is not a head hash (64 hex digits from \`pormg history head\`)`,
    );
  if ((options.renames ?? []).length > 0 && !options.plan)
    throw new PormgError(
      "USAGE",
      "--rename is a hint for --plan; without --plan, migrate applies plans as they were reviewed. Give --plan, or pass the hint to `pormg makemigrations --rename`.",
    );
  // One connection for the whole run's reads (and, on PostgreSQL, its work): see RunConnections.
  const shared = await openRunConnections(config);
  try {
    return await migrateOn(config, options, shared);
  } finally {
    await shared?.close();
  }
}

/** `migrate` on the run's connections (`shared`; undefined while the database does not exist yet). */
async function migrateOn(
  config: Config,
  options: MigrateOptions,
  shared: RunConnections | undefined,
): Promise<MigrateResult> {
  // The history is verified (and the anchor checked) whatever is pending, before it decides which archived
  // plans the database lacks: a dropped or rewritten log must not make the release look unapplied.
  const history: HistoryState = shared ? await assertHistoryIntact(shared.reader, options.expectHead) : fold([]);
  const { todo, notes, released } = whatToApply(config, history, options);
  if (!config.settings.changeDb && (todo.length > 0 || options.plan)) throw disabledError(config, todo);
  for (const item of todo) await assertLint(config, item.plan.steps, item.path, options);
  const confirmed = await confirmDestructive(todo, options, history);
  if (confirmed === "declined") return { ...nothing(notes), outcome: "declined" };
  const applied: AppliedPlan[] = [];
  let last: PlanRun | undefined;
  let resumed = false;
  const run = async (item: PlanToApply, itemOptions: MigrateOptions) => {
    try {
      last = await applyPlan(config, item, itemOptions, { ...(shared && { shared, history }) });
    } catch (error) {
      throw withApplied(error, applied);
    }
    if (last.outcome === "applied" && last.resumed) resumed = true;
    if (last.outcome === "applied" && !last.resumed)
      applied.push({
        version: last.version,
        name: item.plan.name,
        source: item.source,
        statements: last.statements,
        durationMs: last.durationMs ?? 0,
        lockRetries: last.lockRetries ?? 0,
        ...(last.archived !== undefined && { archived: last.archived }),
      });
    return last;
  };
  for (const item of todo) {
    const r = await run(item, { ...options, destructive: confirmed });
    if (r.outcome === "declined") return { ...nothing(notes), ...r, outcome: "declined", applied };
  }
  if (options.plan) {
    const generated = await generatePlan(config, { name: GENERATED_PLAN_NAME, renames: options.renames ?? [] }).catch(
      (error: unknown) => {
        throw withApplied(error, applied);
      },
    );
    for (const warning of generated.warnings) {
      notes.push(warning);
      options.onNotice?.(warning);
    }
    if (generated.doc) {
      // Renames only from hints, destructive only with `destructive`: a generated plan is never asked about.
      const { confirm: _asked, ...unasked } = options;
      await assertLint(config, generated.doc.steps, "migrate --plan", options).catch((error: unknown) => {
        throw withApplied(error, applied);
      });
      await run({ plan: generated.doc, source: "generated", path: "migrate --plan" }, unasked);
    }
  }
  const outcome =
    applied.length > 0 || resumed
      ? ("applied" as const)
      : !config.settings.changeDb
        ? ("disabled" as const)
        : last !== undefined || released
          ? ("already_applied" as const)
          : ("nothing_pending" as const);
  const result: MigrateResult = {
    ...nothing(notes),
    ...(last && {
      version: last.version,
      checksum: last.checksum,
      statements: last.statements,
      destructive: last.destructive,
      ...(last.archived !== undefined && { archived: last.archived }),
      ...(last.backup !== undefined && { backup: last.backup }),
      ...(last.durationMs !== undefined && { durationMs: last.durationMs }),
      ...(last.resumed !== undefined && { resumed: last.resumed }),
      ...(last.lockRetries !== undefined && { lockRetries: last.lockRetries }),
    }),
    outcome,
    applied,
  };
  try {
    return await compareWithModels(config, result, options, shared);
  } catch (error) {
    throw withApplied(error, applied);
  }
}

/**
 * The plans of a run, in order — the archived plans of this dialect the history lacks, then the
 * pending plan — with the notes for people and whether the archive holds any plan of this dialect.
 * Refuses (nothing changed) an unreadable or edited archive, a pending plan of another dialect or
 * holding the `--empty` placeholder, and a pending plan beside `--plan`.
 */
function whatToApply(
  config: Config,
  history: HistoryState,
  options: MigrateOptions,
): { todo: PlanToApply[]; notes: string[]; released: boolean } {
  const pending = readPending(config.folder, dialects());
  const pendingPath = pendingPaths(config.folder).pending;
  if (pending && options.plan)
    throw new PormgError(
      "PLAN_REFUSED",
      `--plan plans and applies in one step, but a pending plan exists (${pendingPath}), so nothing was applied. ` +
        "Apply it with `pormg migrate` (without --plan), or move it aside with `pormg discard`.",
      { path: pendingPath },
    );
  if (pending && pending.dialect !== config.dialect)
    throw new PormgError(
      "PLAN_REFUSED",
      `The pending plan was generated for ${pending.dialect}, but environment "${config.env}" is ${config.dialect}. ` +
        "Run `pormg makemigrations` against this database.",
    );
  if (pending) assertNoPlaceholder(pending.steps, pending.dialect, pendingPath);
  const release = readRelease(config.folder, config.dialect);
  const notes: string[] = [];
  if (release.plans.length === 0 && release.otherDialect.length > 0) {
    const dialects = [...new Set(release.otherDialect.map((a) => a.plan.dialect))].join(", ");
    notes.push(
      `The archive holds ${release.otherDialect.length} plan(s), all for ${dialects}; none applies to this ${config.dialect} database. ` +
        `Plans are per dialect: generate the ${config.dialect} plan with \`pormg makemigrations\` against a ${config.dialect} database.`,
    );
  }
  for (const note of notes) options.onNotice?.(note);
  const todo: PlanToApply[] = [
    ...lackingPlans(history, release.plans).map((a) => ({ plan: a.plan, source: "archive" as const, path: a.file })),
    ...(pending ? [{ plan: pending, source: "pending" as const, path: pendingPath }] : []),
  ];
  return { todo, notes, released: release.plans.length > 0 };
}

/** A result that applied nothing. */
function nothing(notes: readonly string[]): MigrateResult {
  return { outcome: "nothing_pending", exitCode: 0, applied: [], statements: 0, destructive: false, notes };
}

/**
 * The destructive guard over every plan of the run, before any of them is applied: true when none
 * is destructive, `destructive` was given, or the person confirmed the whole list; "declined" when
 * they declined; DESTRUCTIVE_UNCONFIRMED (exit 3) otherwise. A plan applied before whose steps of
 * their own did not all finish counts with those steps alone (what its resume runs).
 */
async function confirmDestructive(
  todo: readonly PlanToApply[],
  options: MigrateOptions,
  history: HistoryState,
): Promise<boolean | "declined"> {
  if (options.destructive) return true;
  const facts = todo.map((item) => {
    const all = planFacts(item.plan);
    const progress = planProgress(history, item.plan, all.checksum);
    return progress ? { ...all, ...unfinishedFacts(item.plan, progress) } : all;
  });
  const listed = [...new Set(facts.flatMap((f) => (f.destructive ? f.listed : [])))];
  const first = facts.find((f) => f.destructive);
  if (!first) return false;
  if (!options.confirm) {
    // Names the first destructive plan, as a refusal of that plan alone would (`details.migration`).
    const error = destructiveError(listed);
    const { version, checksum, statements } = first;
    throw new PormgError(error.code, error.message, { ...error.details, migration: { version, checksum, statements } });
  }
  return (await options.confirm(listed)) ? true : "declined";
}

/** MIGRATE_DISABLED (exit 3): `change_db: false` while plans are pending, naming them. */
function disabledError(config: Config, todo: readonly PlanToApply[]): PormgError {
  const what =
    todo.length > 0
      ? `${todo.length} plan(s) are pending (${todo.map((t) => t.plan.version).join(", ")})`
      : "--plan asks to plan and apply";
  return new PormgError(
    "MIGRATE_DISABLED",
    `Environment "${config.env}" does not allow schema changes (\`change_db: false\`), but ${what}, so nothing was applied. ` +
      `Set \`change_db: true\` under the environment's config: in ${config.file ?? "connection.yml"}, or migrate this database another way.`,
    { pending: todo.map((t) => ({ version: t.plan.version, name: t.plan.name, source: t.source })) },
  );
}

/** A refusal or failure part-way with the plans applied before it (`details.applied`). */
function withApplied(error: unknown, applied: readonly AppliedPlan[]): unknown {
  if (!isPormgError(error) || applied.length === 0) return error;
  return new PormgError(error.code, error.message, { ...error.details, applied: [...applied] }, { cause: error });
}

/**
 * Compares the models with the database after the run (`check`): differences make the outcome
 * `drift` and the exit code 2, unless `allowDrift` (then they are only reported). A folder without
 * a models file is not compared (a note says so).
 */
async function compareWithModels(
  config: Config,
  result: MigrateResult,
  options: MigrateOptions,
  shared: RunConnections | undefined,
): Promise<MigrateResult> {
  const { file, shown } = modelsFile(config);
  if (!existsSync(file)) {
    const note = `No models file (${shown}): the database was not compared with models.`;
    options.onNotice?.(note);
    return { ...result, notes: [...result.notes, note] };
  }
  const { differences } = await check(config, shared);
  if (differences.length === 0) return { ...result, differences };
  if (options.allowDrift) return { ...result, differences };
  return { ...result, outcome: "drift", exitCode: 2, differences };
}
