import type { ColumnType } from "../schema/ir.ts";
import type { LossyFinding, Operation } from "../schema/operation.ts";
import type { Quoting } from "./lossy-count.ts";
import type { PlanNames } from "./plan-names.ts";
import type { Renderer } from "./renderer.ts";

/** A TypeFinding is one lossy finding of a column's type change, before it is placed on its table and counted. */
export interface TypeFinding {
  readonly kind: LossyFinding["kind"];
  readonly reason: string;
  /** The condition (on the live column) of the rows it affects, when SQL can decide it. */
  readonly predicate?: string;
}

/**
 * LossyRules are the dialect's part of lossy classification, implemented in
 * `src/dialect/<name>/<name>-lossy.ts`: what a type change does to stored values, what a table
 * rebuild can fail on, and how a new primary key is counted.
 */
export interface LossyRules {
  /** The findings of retyping a column from `from` to `to`; `column` is the live column, quoted. */
  typeFindings(column: string, from: ColumnType, to: ColumnType): TypeFinding[];
  /** The findings of a table rebuild (named as the plan names its table); [] where the dialect never rebuilds. */
  rebuildFindings(
    op: Extract<Operation, { kind: "rebuildTable" }>,
    names: PlanNames,
    dialect: PlanDialect,
  ): LossyFinding[];
  /** The count query of the rows a new primary key over live `columns` of live `table` fails on. */
  primaryKeyCount(table: string, columns: readonly string[], quoting: Quoting): string;
  /** A column type as the dialect spells it in a CAST. */
  castType(type: ColumnType): string;
  /** The type the duplicate counts cast their sum to; absent: `bigint` (MySQL's CAST knows only `SIGNED`). */
  readonly countCast?: string;
  /**
   * The collation a column that names none gets, as COLLATE spells it: `default` when left out
   * (PostgreSQL's); MySQL has no such name, a column there takes its table's collation.
   */
  readonly defaultCollation?: string;
}

/** A PlanDialect is what the pure planning functions need of a dialect: its quoting, renderer and lossy rules. */
export interface PlanDialect {
  /** Quotes an identifier (the Dialect's own `quoteIdent`). */
  quoteIdent(name: string): string;
  readonly renderer: Renderer;
  readonly lossy: LossyRules;
}
