/**
 * `inspectQuery`: the SQL a QuerySet compiles to, its bound parameters and how they are addressed,
 * without running anything (PormG's `inspect_query`).
 */
import type { DialectName } from "../core/dialect-name.ts";
import { PormgError } from "../core/errors.ts";
import { compileQuery, type ParameterBucket, type QueryOperation } from "./compile.ts";
import type { Bucketing } from "./query-hooks.ts";
import type { QuerySet } from "./query-set.ts";

/** The operations `inspectQuery` compiles. */
export const QUERY_OPERATIONS: readonly QueryOperation[] = ["select", "count", "exists"];

/** InspectOptions choose the statement to inspect. */
export interface InspectOptions {
  /** `select` (default): the rows; `count`: `SELECT COUNT(*)`; `exists`: one row or none. */
  readonly operation?: QueryOperation;
}

/** QueryInspection is what `inspectQuery` reports about one compiled statement. */
export interface QueryInspection {
  readonly sql: string;
  /** The values bound to the placeholders, in order. */
  readonly parameters: readonly unknown[];
  readonly dialect: DialectName;
  /** The export name of the queried model, and its table. */
  readonly model: string;
  readonly table: string;
  readonly operation: QueryOperation;
  /** `numbered` (`$1…`, PostgreSQL) or `positional` (`?`, SQLite). */
  readonly bucketing: Bucketing;
  readonly parameterCount: number;
  /**
   * Positional placeholders only (SQLite): the parameters grouped by the clause they come from, in
   * flatten order (select → join → where → order), non-empty buckets only. Positional placeholders
   * make this order the binding order; numbered ones do not depend on it, so they have none.
   */
  readonly buckets?: readonly ParameterBucket[];
}

/** Compiles `query` (nothing runs) and reports its SQL, parameters, dialect and bucketing. */
export function inspectQuery(query: QuerySet, options: InspectOptions = {}): QueryInspection {
  const operation = options.operation ?? "select";
  if (!QUERY_OPERATIONS.includes(operation))
    throw new PormgError(
      "USAGE",
      `Unknown operation "${String(operation)}". Valid operations: ${QUERY_OPERATIONS.join(", ")}.`,
      { operation },
    );
  const { sql, parameters, buckets } = compileQuery(query.state, operation);
  const dialect = query.dialect;
  const bucketing = query.state.catalog.dialect.capabilities.placeholders;
  return {
    sql,
    parameters,
    dialect,
    model: query.model,
    table: query.state.model.table,
    operation,
    bucketing,
    parameterCount: parameters.length,
    ...(bucketing === "positional" && { buckets }),
  };
}
