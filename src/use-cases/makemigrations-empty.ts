import { existsSync, readFileSync } from "node:fs";
import type { Config } from "../config/config.ts";
import { PormgError } from "../core/errors.ts";
import { sha256Hex } from "../core/hash.ts";
import { dialectNamed, dialects } from "../dialect/dialect.ts";
import { schemaDifferences } from "../diff/differences.ts";
import { dataTemplateStep } from "../plan-file/data-template.ts";
import { newPlanDocument } from "../plan-file/new-plan.ts";
import { pendingPaths, writePending } from "../plan-file/pending.ts";
import type { MakemigrationsOptions, MakemigrationsResult } from "./makemigrations-types.ts";
import { readState } from "./read-state.ts";
import { tableFingerprints } from "./table-fingerprints.ts";

/**
 * `makemigrations --empty`: writes a data-only plan (a data migration) holding one `Data (post):`
 * step to fill in (`dataTemplateStep`), with every header line a generated plan has — the tables
 * of the database fingerprinted as they are, so `migrate` refuses the plan if the schema changes
 * under it. It plans no schema change: when the models differ from the database it says so in a
 * warning (run `makemigrations` for those). It never replaces a pending plan (PLAN_REFUSED), and
 * `migrate` refuses the template until its placeholder statement is replaced.
 */
export async function makeEmptyMigration(
  config: Config,
  options: MakemigrationsOptions = {},
): Promise<MakemigrationsResult> {
  if (options.check || (options.renames?.length ?? 0) > 0)
    throw new PormgError("USAGE", "--empty writes a data-migration template; it takes neither --check nor --rename.");
  const { pending } = pendingPaths(config.folder);
  if (existsSync(pending))
    throw new PormgError(
      "PLAN_REFUSED",
      `A pending plan exists (${pending}), so makemigrations --empty did not replace it. Add your data change to it as a ` +
        "`-- step: Data (post): <what it does>` block (or `Data (pre):` to run before the schema steps), or apply it " +
        "with `pormg migrate` (or move it aside with `pormg discard`) first.",
      { path: pending },
    );
  // Compared as `check` compares them (expressions as the database prints them).
  const { models, live: liveSchema, liveSchema: live } = await readState(config);
  const differences = schemaDifferences(models.schema, live, dialectNamed(live.dialect));
  const warnings =
    differences.length > 0
      ? [
          `The models differ from the database (${differences.length} difference(s)); this data-only plan changes no schema. ` +
            "Apply it first, then run `pormg makemigrations` for the models, or discard it and plan the schema change first.",
        ]
      : [];
  const steps = [dataTemplateStep(options.name ?? "migration")];
  const doc = newPlanDocument({
    name: options.name,
    dialect: config.dialect,
    modelsHash: sha256Hex(readFileSync(models.file)),
    tables: tableFingerprints(liveSchema, live, live),
    lossy: [],
    steps,
    now: options.now,
  });
  const path = writePending(config.folder, doc, dialects());
  return {
    outcome: "written",
    version: doc.version,
    path,
    steps: 1,
    destructive: false,
    lossy: [],
    warnings,
    planSteps: steps,
  };
}
