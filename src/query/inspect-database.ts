/**
 * Query inspection for a database folder, as `pormg inspect` and the dashboard run it: load the
 * folder's models for its dialect, build the query from its text, inspect it, and optionally ask
 * the database for its plan (read-only).
 */

import { openTarget } from "../apply/open-target.ts";
import type { Config } from "../config/config.ts";
import { type ModelsState, readModels } from "../use-cases/read-models.ts";
import type { QueryOperation } from "./compile.ts";
import { explainQuery } from "./explain.ts";
import { inspectQuery, type QueryInspection } from "./inspect-query.ts";
import { type InspectText, queryFromInspectText } from "./inspect-text.ts";

/** InspectDatabaseOptions shape the inspected statement and say whether to run EXPLAIN. */
export interface InspectDatabaseOptions {
  readonly operation?: QueryOperation;
  readonly values?: readonly string[];
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
  /** Also run EXPLAIN on the database (read-only) and return the plan. */
  readonly explain?: boolean;
  /** Models already loaded (the dashboard keeps them); else the folder's models file is loaded. */
  readonly models?: ModelsState;
}

/** DatabaseInspection is a QueryInspection plus the database's plan when asked for. */
export interface DatabaseInspection extends QueryInspection {
  readonly plan?: readonly string[];
}

/** Inspects the query `text` (or parsed text) against the models of `config`; see the module comment. */
export async function inspectDatabase(
  config: Config,
  text: InspectText | string,
  options: InspectDatabaseOptions = {},
): Promise<DatabaseInspection> {
  const models = options.models ?? (await readModels(config));
  let q = queryFromInspectText(text, models.loaded, config.dialect);
  if (options.values && options.values.length > 0) q = q.values(...options.values);
  if (options.orderBy && options.orderBy.length > 0) q = q.orderBy(...options.orderBy);
  if (options.limit !== undefined) q = q.limit(options.limit);
  if (options.offset !== undefined) q = q.offset(options.offset);
  const inspection = inspectQuery(q, options.operation ? { operation: options.operation } : {});
  if (!options.explain) return inspection;
  const driver = await openTarget(config);
  try {
    return { ...inspection, plan: await explainQuery(driver, inspection) };
  } finally {
    await driver.close();
  }
}
