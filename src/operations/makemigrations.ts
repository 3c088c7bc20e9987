import { readFileSync } from "node:fs";
import type { Config } from "../config/config.ts";
import { modelRenameHints } from "../diff/rename-hints.ts";
import type { RenameResolver } from "../diff/resolve-renames.ts";
import { PormgError } from "../errors.ts";
import { classifyChanges } from "../plan/lossy.ts";
import type { LossyFinding, PlanStep } from "../plan/operation.ts";
import { planWithWarnings } from "../plan/plan-operations.ts";
import { renderOperations } from "../plan/render.ts";
import { renderContext } from "../plan/render-context.ts";
import { planChecksum, sha256Hex } from "../plan-file/checksum.ts";
import { discardPending, pendingPaths, readPending, writePending } from "../plan-file/pending.ts";
import { ABSENT_TABLE, PLAN_FORMAT_VERSION, type PlanDocument } from "../plan-file/plan-document.ts";
import { mintVersion } from "../plan-file/version.ts";
import { alignNames } from "../schema/align-names.ts";
import { fingerprintTable } from "../schema/fingerprint.ts";
import type { Schema } from "../schema/ir.ts";
import { readLive, withoutTables } from "./check.ts";
import { readModels } from "./read-models.ts";

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
 * resolver, an unhinted drop + add of identical definitions fails with `RENAME_AMBIGUOUS`.
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
  const models = await readModels(config);
  const live = await readLive(config);
  const liveSchema = withoutTables(live.schema, models.unmanagedTables);
  const hints = [...(options.renames ?? []), ...modelRenameHints(models.loaded, liveSchema)];
  const { operations, warnings } = await planWithWarnings(liveSchema, models.schema, {
    hints,
    ...(options.resolver && { resolver: options.resolver }),
  });
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
  const summary = { warnings, lossy, planSteps: steps, steps: steps.length, destructive };
  if (options.check) return { ...summary, outcome: "pending" };
  const doc: PlanDocument = {
    formatVersion: PLAN_FORMAT_VERSION,
    version: mintVersion(options.now ?? new Date()),
    name: options.name ?? "migration",
    dialect: config.dialect,
    modelsHash: sha256Hex(readFileSync(models.file)),
    tables: tableFingerprints(liveSchema, models.schema),
    lossy,
    generatedChecksum: planChecksum(steps),
    steps,
  };
  const path = writePending(config.folder, doc);
  return { ...summary, outcome: "written", version: doc.version, path };
}

/**
 * Every table the plan read: live tables with their fingerprint, tables it creates as absent (on
 * SQLite a model table that matches a live one but for case is that live table, `alignNames`).
 */
export function tableFingerprints(live: Schema, declared: Schema): { name: string; fingerprint: string }[] {
  const target = alignNames(declared, live);
  const liveNames = new Set(live.tables.map((t) => t.name));
  return [
    ...live.tables.map((t) => ({ name: t.name, fingerprint: fingerprintTable(t) })),
    ...target.tables.filter((t) => !liveNames.has(t.name)).map((t) => ({ name: t.name, fingerprint: ABSENT_TABLE })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function discardObsolete(folder: string, pending: PlanDocument): string | undefined {
  if (planChecksum(pending.steps) !== pending.generatedChecksum)
    throw new PormgError(
      "PLAN_REFUSED",
      `No schema changes are left, but ${pendingPaths(folder).pending} holds hand-written or hand-edited steps; ` +
        "makemigrations will not discard them. Apply it with `pormg migrate`, or move it aside with `pormg discard`.",
      { path: pendingPaths(folder).pending },
    );
  return discardPending(folder);
}
