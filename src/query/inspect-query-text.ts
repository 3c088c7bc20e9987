/**
 * Query inspection as `pormg inspect` and the dashboard run it: build the query from its text on
 * loaded models for a dialect and inspect it, without running anything. The database's plan is
 * `explainQuery`'s, on a connection the caller opened (`inspectDatabase`,
 * src/use-cases/inspect-database.ts, opens one for a folder's configuration).
 */

import type { ModelsSource } from "./bind-models.ts";
import type { QueryOperation } from "./compile.ts";
import { inspectQuery, type QueryInspection } from "./inspect-query.ts";
import { type InspectText, queryFromInspectText } from "./inspect-text.ts";
import type { QueryDialect } from "./query-hooks.ts";

/** InspectQueryTextOptions shape the inspected statement. */
export interface InspectQueryTextOptions {
  readonly operation?: QueryOperation;
  readonly values?: readonly string[];
  readonly orderBy?: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/** DatabaseInspection is a QueryInspection plus the database's plan when asked for. */
export interface DatabaseInspection extends QueryInspection {
  readonly plan?: readonly string[];
}

/** Inspects the query `text` (or parsed text) against `models` for `dialect`; nothing runs. */
export function inspectQueryText(
  models: ModelsSource,
  dialect: QueryDialect,
  text: InspectText | string,
  options: InspectQueryTextOptions = {},
): QueryInspection {
  let q = queryFromInspectText(text, models, dialect);
  if (options.values && options.values.length > 0) q = q.values(...options.values);
  if (options.orderBy && options.orderBy.length > 0) q = q.orderBy(...options.orderBy);
  if (options.limit !== undefined) q = q.limit(options.limit);
  if (options.offset !== undefined) q = q.offset(options.offset);
  return inspectQuery(q, options.operation ? { operation: options.operation } : {});
}
