/**
 * `inspectDatabase`: query inspection for a database folder, as `pormg inspect` runs it — load the
 * folder's models (unless given), inspect the query text for the configured dialect, and with
 * `explain` open the target and ask the database for the plan (read-only).
 */
import type { Config } from "../config/config.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { explainQuery } from "../query/explain.ts";
import {
  type DatabaseInspection,
  type InspectQueryTextOptions,
  inspectQueryText,
} from "../query/inspect-query-text.ts";
import type { InspectText } from "../query/inspect-text.ts";
import { openConfigured } from "./open-database.ts";
import { type ModelsState, readModels } from "./read-models.ts";

/** InspectDatabaseOptions shape the inspected statement and say whether to run EXPLAIN. */
export interface InspectDatabaseOptions extends InspectQueryTextOptions {
  /** Also run EXPLAIN on the database (read-only) and return the plan. */
  readonly explain?: boolean;
  /** Models already loaded (the dashboard keeps them); else the folder's models file is loaded. */
  readonly models?: ModelsState;
}

export type { DatabaseInspection } from "../query/inspect-query-text.ts";

/** Inspects the query `text` (or parsed text) against the models of `config`; see the module comment. */
export async function inspectDatabase(
  config: Config,
  text: InspectText | string,
  options: InspectDatabaseOptions = {},
): Promise<DatabaseInspection> {
  const models = options.models ?? (await readModels(config));
  const dialect = dialectNamed(config.dialect);
  const inspection = inspectQueryText(models.loaded, dialect, text, options);
  if (!options.explain) return inspection;
  const driver = await openConfigured(config);
  try {
    return { ...inspection, plan: await explainQuery(driver, inspection, dialect) };
  } finally {
    await driver.close();
  }
}
