import { readFileSync } from "node:fs";
import type { Config } from "../config/config.ts";
import { modelRenameHints } from "../diff/rename-hints.ts";
import type { RenameResolver } from "../diff/resolve-renames.ts";
import { PormgError } from "../errors.ts";
import { classifyChanges } from "../plan/lossy.ts";
import type { LossyFinding, Operation, PlanStep } from "../plan/operation.ts";
import { planWithWarnings } from "../plan/plan-operations.ts";
import { renderOperations } from "../plan/render.ts";
import { renderContext } from "../plan/render-context.ts";
import { temporaryDefaultNotes } from "../plan/temporary-default.ts";
import { planChecksum, sha256Hex } from "../plan-file/checksum.ts";
import { readsLikeDataStep } from "../plan-file/execution-order.ts";
import { discardPending, pendingPaths, readPending, writePending } from "../plan-file/pending.ts";
import { PLAN_FORMAT_VERSION, type PlanDocument } from "../plan-file/plan-document.ts";
import { mintVersion } from "../plan-file/version.ts";
import type { Schema } from "../schema/ir.ts";
import { makeEmptyMigration } from "./makemigrations-empty.ts";
import { readState } from "./read-state.ts";
import { tableFingerprints } from "./table-fingerprints.ts";

/** MakemigrationsOptions: the plan's name, rename hints, the terminal resolver, and check mode. */
export interface MakemigrationsOptions {
  /** The migration's name in the plan header. Default is `migration`. */
  readonly name?: string;
  /** `--rename` hints: `old=new`, `table.old=table.new`, `old=` (not a rename). */
  readonly renames?: readonly string[];
  /** Asks PormG's rename questions at a terminal; without one, renames are never guessed (fail closed). */
  readonly resolver?: RenameResolver;
  /** Plan but write nothing (a CI gate). Default is `false`. */
  readonly check?: boolean;
  /**
   * Write a data-migration template instead of planning: one `Data (post):` step to fill in
   * (`makeEmptyMigration`). Default is `false`.
   */
  readonly empty?: boolean;
  /** The clock, for the plan's version. Default is now. */
  readonly now?: Date;
}

/** The outcome of `makemigrations`. */
export interface MakemigrationsResult {
  /** `written`; `pending` (with `check`: a plan would be written); `nothing_to_do`. */
  readonly outcome: "written" | "pending" | "nothing_to_do";
  readonly version?: string;
  readonly path?: string;
  readonly steps: number;
  readonly destructive: boolean;
  readonly lossy: readonly LossyFinding[];
  /** Where an obsolete pending plan was moved, when nothing is left to do. */
  readonly discarded?: string;
  readonly warnings: readonly string[];
  /** The planned steps (for people and `--json`). */
  readonly planSteps: readonly PlanStep[];
}

/**
 * Plans the difference between the live database and the folder's models and writes it as the
 * pending plan (design §5). Read-only against the database. With nothing to do, it writes nothing
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
  const { models, live, liveSchema } = await readState(config, { renames: options.renames ?? [] });
  const hints = [...(options.renames ?? []), ...modelRenameHints(models.loaded, liveSchema)];
  const { operations, warnings: renameWarnings } = await planWithWarnings(liveSchema, models.schema, {
    hints,
    ...(options.resolver && { resolver: options.resolver }),
  });
  const everything = dropsEveryTable(liveSchema, operations);
  const warnings = everything ? [everything, ...renameWarnings] : renameWarnings;
  const base = { warnings, lossy: [] as LossyFinding[], planSteps: [] as PlanStep[], steps: 0, destructive: false };
  if (operations.length === 0) {
    if (options.check) return { ...base, outcome: "nothing_to_do" };
    const pending = readPending(config.folder);
    const discarded = pending ? discardObsolete(config.folder, pending) : undefined;
    return { ...base, outcome: "nothing_to_do", ...(discarded && { discarded }) };
  }
  const steps = renderOperations(operations, config.dialect, renderContext(live));
  const lossy = classifyChanges(operations, config.dialect);
  const destructive = steps.some((s) => s.destructive);
  const notes = [...warnings, ...temporaryDefaultNotes(operations, config.dialect)];
  const summary = { warnings: notes, lossy, planSteps: steps, steps: steps.length, destructive };
  if (options.check) return { ...summary, outcome: "pending" };
  const doc: PlanDocument = {
    formatVersion: PLAN_FORMAT_VERSION,
    version: mintVersion(options.now ?? new Date()),
    name: options.name ?? "migration",
    dialect: config.dialect,
    modelsHash: sha256Hex(readFileSync(models.file)),
    tables: tableFingerprints(live, liveSchema, models.schema),
    lossy,
    generatedChecksum: planChecksum(steps),
    steps,
  };
  const path = writePending(config.folder, doc);
  return { ...summary, outcome: "written", version: doc.version, path };
}

/**
 * The loud warning for a plan that drops every table of the database — what an empty models file,
 * or one whose models are not exported, produces. The plan stays guarded (it is destructive).
 */
function dropsEveryTable(live: Schema, operations: readonly Operation[]): string | undefined {
  const dropped = operations.filter((op) => op.kind === "dropTable").length;
  if (live.tables.length === 0 || dropped < live.tables.length) return undefined;
  const names = live.tables.map((t) => t.name);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(", ")} … (${names.length} in all)` : names.join(", ");
  return (
    `THIS PLAN DROPS EVERY TABLE IN THE DATABASE (${shown}): the models declare none of them. ` +
    "If models.ts is empty, or its models are not exported (`export const Name = Models.Model(...)`), fix it and run " +
    "makemigrations again; migrate refuses the plan without --destructive."
  );
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
