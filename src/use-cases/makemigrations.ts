import type { Config } from "../config/config.ts";
import { PormgError } from "../core/errors.ts";
import { dialects } from "../dialect/dialect.ts";
import { planChecksum } from "../plan-file/checksum.ts";
import { readsLikeDataStep } from "../plan-file/execution-order.ts";
import { discardPending, pendingPaths, readPending, writePending } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { generatePlan } from "./generate-plan.ts";
import { lintPlan } from "./lint-plan.ts";
import { makeEmptyMigration } from "./makemigrations-empty.ts";
import type { MakemigrationsOptions, MakemigrationsResult } from "./makemigrations-types.ts";
import { lackingInDatabase } from "./release-plans.ts";

export type { MakemigrationsOptions, MakemigrationsResult } from "./makemigrations-types.ts";

/**
 * Plans the difference between the live database and the folder's models and writes it as the
 * pending plan (docs/design.md §5). Read-only against the database. With nothing to do, it writes nothing
 * and moves an obsolete pending plan aside (never one holding hand-written steps); it never
 * overwrites a pending plan that holds hand-written steps. Renames are never guessed: without a
 * resolver, an unhinted drop + add of identical definitions fails with `RENAME_AMBIGUOUS`. With
 * `empty` it writes a data-migration template instead (`makeEmptyMigration`).
 */
export async function makemigrations(
  config: Config,
  options: MakemigrationsOptions = {},
): Promise<MakemigrationsResult> {
  if (!config.settings.changeDb && !options.check)
    throw new PormgError(
      "PLAN_REFUSED",
      `Schema changes are disabled (\`change_db: false\`) for environment "${config.env}". Set \`change_db: true\` ` +
        `under the environment's config: in ${config.file ?? "connection.yml"} to allow migrations.`,
      { env: config.env },
    );
  if (options.empty) return makeEmptyMigration(config, options);
  const generated = await generatePlan(config, {
    ...(options.name !== undefined && { name: options.name }),
    renames: options.renames ?? [],
    ...(options.resolver && { resolver: options.resolver }),
    ...(options.now && { now: options.now }),
    ...(options.online !== undefined && { online: options.online }),
  });
  const { doc, lossy, destructive } = generated;
  const unapplied = doc ? await lackingInDatabase(config) : [];
  const warnings = unapplied.length
    ? [
        `${unapplied.length} archived plan(s) (${unapplied.map((a) => a.plan.version).join(", ")}) are not applied to this database, so this plan repeats their changes and \`pormg migrate\` (which applies them first) will refuse it as stale. Run \`pormg migrate\` first, then \`pormg makemigrations\` again.`,
        ...generated.warnings,
      ]
    : generated.warnings;
  if (!doc) {
    const base = { warnings: generated.warnings, lossy: [], planSteps: [], steps: 0, destructive: false };
    if (options.check) return { ...base, outcome: "nothing_to_do" };
    const pending = readPending(config.folder, dialects());
    const discarded = pending ? discardObsolete(config.folder, pending) : undefined;
    return { ...base, outcome: "nothing_to_do", ...(discarded && { discarded }) };
  }
  const lint = await lintPlan(config, doc.steps);
  const summary = {
    warnings,
    lossy,
    planSteps: doc.steps,
    steps: doc.steps.length,
    destructive,
    ...(lint.supported && { lint }),
  };
  if (options.check) return { ...summary, outcome: "pending" };
  const path = writePending(config.folder, doc, dialects());
  return { ...summary, outcome: "written", version: doc.version, path };
}

/**
 * Moves an obsolete pending plan aside — unless it holds work makemigrations cannot regenerate:
 * hand-written or hand-edited steps, or data steps (an untouched `--empty` template included).
 */
function discardObsolete(folder: string, pending: PlanDocument): string | undefined {
  const dataSteps = pending.steps.filter((s) => readsLikeDataStep(s.label));
  if (planChecksum(pending.steps) !== pending.generatedChecksum || dataSteps.length > 0)
    throw new PormgError(
      "PLAN_REFUSED",
      `No schema changes are left, but ${pendingPaths(folder).pending} holds hand-written, hand-edited or data steps; ` +
        "makemigrations will not discard them. Apply it with `pormg migrate`, or move it aside with `pormg discard`.",
      { path: pendingPaths(folder).pending, dataSteps: dataSteps.map((s) => s.label) },
    );
  return discardPending(folder);
}
