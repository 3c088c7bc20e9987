/**
 * The query compiler's port: what differs between dialects in the SQL it writes (placeholders, how
 * parameters are bound, text pattern matching, LIMIT/OFFSET) and in asking the database for a
 * query's plan. Everything else is shared. Each dialect implements it (`src/dialect/<d>/<d>-query.ts`).
 */
import type { DialectCapabilities } from "../core/capabilities.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { Driver } from "../core/driver.ts";
import type { FieldKind } from "../model/types.ts";
import type { PatternLookup, Scalar } from "./lookups.ts";

/** Bucketing says how placeholders address parameters: `$1…` by number, or `?` by position (the dialect's `placeholders` capability). */
export type Bucketing = DialectCapabilities["placeholders"];

/** QueryHooks are the dialect-specific parts of query compilation and EXPLAIN. */
export interface QueryHooks {
  /** The placeholder of the parameter at 1-based `index`. */
  placeholder(index: number): string;
  /** The value bound for `value` (SQLite has no booleans or dates: 1/0 and ISO text). */
  parameter(value: Scalar): unknown;
  /** A pattern match of `column` (a quoted reference to a field of `kind`); `bind` binds the pattern and returns its placeholder. */
  pattern(
    column: string,
    kind: FieldKind,
    lookup: PatternLookup,
    text: string,
    bind: (value: string) => string,
  ): string;
  /** The LIMIT/OFFSET lines. */
  limitOffset(limit: number | undefined, offset: number | undefined): string[];
  /** How the plan is asked for, as people read it (`EXPLAIN (FORMAT TEXT)`). */
  readonly explainMethod: string;
  /** The database's plan of `sql` with `parameters` bound, read-only (the query itself never runs), as lines. */
  explain(driver: Driver, sql: string, parameters: readonly unknown[]): Promise<string[]>;
}

/**
 * A QueryDialect is what queries need of a Dialect: its name (reported by inspections), how its
 * placeholders address parameters, its identifier quoting, and its query hooks. A Dialect is one.
 */
export interface QueryDialect {
  readonly name: DialectName;
  readonly capabilities: { readonly placeholders: Bucketing };
  quoteIdent(name: string): string;
  readonly query: QueryHooks;
}
