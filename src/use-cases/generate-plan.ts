import { readFileSync } from "node:fs";
import type { Config } from "../config/config.ts";
import { sha256Hex } from "../core/hash.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { modelRenameHints } from "../diff/rename-hints.ts";
import type { RenameResolver } from "../diff/resolve-renames.ts";
import { classifyChanges } from "../plan/lossy.ts";
import { planWithWarnings } from "../plan/plan-operations.ts";
import { renderOperations } from "../plan/render.ts";
import { renderContext } from "../plan/render-context.ts";
import { tablesRead } from "../plan/tables-read.ts";
import { temporaryDefaultNotes } from "../plan/temporary-default.ts";
import { newPlanDocument } from "../plan-file/new-plan.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import type { Schema } from "../schema/ir.ts";
import type { LossyFinding, Operation, PlanStep } from "../schema/operation.ts";
import { readState } from "./read-state.ts";
import { tableFingerprints } from "./table-fingerprints.ts";

/** What planning the models against the live database found. */
export interface GeneratedPlan {
  /** The plan, or undefined when there is nothing to do. */
  readonly doc: PlanDocument | undefined;
  readonly steps: readonly PlanStep[];
  readonly lossy: readonly LossyFinding[];
  readonly destructive: boolean;
  /** Rename and drop-everything warnings, and notes on temporary defaults. */
  readonly warnings: readonly string[];
}

/**
 * Plans the difference between the live database and the folder's models, read-only, as the plan
 * document `makemigrations` writes and `migrate --plan` applies: version minted from `now`, table
 * fingerprints of what it read. Renames come from `renames` (`--rename`), the models'
 * `renamedFrom`, and the resolver when one is given (otherwise never guessed: RENAME_AMBIGUOUS).
 * With `online` (the default), steps on live tables that hold rows take their online variants
 * where the dialect has them (docs/online.md).
 */
export async function generatePlan(
  config: Config,
  options: {
    readonly name?: string;
    readonly renames?: readonly string[];
    readonly resolver?: RenameResolver;
    readonly now?: Date;
    /** Online variants on tables that hold rows (docs/online.md); default `config: online`, else on. */
    readonly online?: boolean;
  } = {},
): Promise<GeneratedPlan> {
  const online = options.online ?? config.settings.online ?? true;
  const { models, live, liveSchema, populated } = await readState(config, {
    renames: options.renames ?? [],
    populated: online,
  });
  const hints = [...(options.renames ?? []), ...modelRenameHints(models.loaded, liveSchema)];
  const dialect = dialectNamed(config.dialect);
  const { operations, warnings: renameWarnings } = await planWithWarnings(liveSchema, models.schema, dialect, {
    hints,
    ...(options.resolver && { resolver: options.resolver }),
  });
  const everything = dropsEveryTable(liveSchema, operations);
  const warnings = everything ? [everything, ...renameWarnings] : renameWarnings;
  if (operations.length === 0) return { doc: undefined, steps: [], lossy: [], destructive: false, warnings };
  const context = renderContext(live);
  const steps = renderOperations(
    operations,
    dialect,
    populated ? { ...context, online: { populated: new Set(populated) } } : context,
  );
  const lossy = classifyChanges(operations, dialect);
  const doc = newPlanDocument({
    name: options.name,
    dialect: config.dialect,
    modelsHash: sha256Hex(readFileSync(models.file)),
    tables: tableFingerprints(live, liveSchema, models.schema, tablesRead(operations)),
    lossy,
    steps,
    now: options.now,
  });
  return {
    doc,
    steps,
    lossy,
    destructive: steps.some((s) => s.destructive),
    warnings: [...warnings, ...temporaryDefaultNotes(operations, dialect.renderer)],
  };
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
