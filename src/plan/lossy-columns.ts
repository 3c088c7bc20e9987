import type { Column } from "../schema/ir.ts";
import type { ColumnChange, LossyFinding } from "../schema/operation.ts";
import { sameType } from "../schema/type-families.ts";
import { countWhere } from "./lossy-count.ts";
import type { PlanDialect, TypeFinding } from "./plan-dialect.ts";

/** Where a column change happens: the plan's names for the finding, the live ones for its count. */
export interface ColumnPlace {
  readonly table: string;
  readonly column: string;
  /** The live table and column to count on; undefined when the column does not exist live yet. */
  readonly live?: { readonly table: string; readonly column: string };
}

/**
 * The lossy findings of one column change: `rows` for what fails on existing rows
 * (NOT NULL over NULLs; on PostgreSQL also text that does not parse, too-long text, numbers out of
 * the new range), `silent` for what changes stored values without failing (PostgreSQL: decimal
 * scale lowered, fractions rounded to integers, time zone or time of day dropped, numbers to
 * boolean, fractional seconds rounded; SQLite: text to a numeric affinity; both: a dropped default, a
 * plain column becoming generated — its values replaced by computed ones). A generated column whose
 * expression or type changes is recomputed: derived data, no finding. SQLite enforces neither
 * lengths nor ranges, so narrowing is no finding there.
 */
export function columnFindings(
  dialect: PlanDialect,
  place: ColumnPlace,
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
): LossyFinding[] {
  const live = place.live;
  const c = dialect.quoteIdent(live?.column ?? place.column);
  const found: TypeFinding[] = [];
  if (changes.includes("nullable") && from.nullable && !to.nullable) {
    found.push({ kind: "rows", reason: "set_not_null: rows where it is NULL fail", predicate: `${c} IS NULL` });
  }
  if (to.generated && !from.generated) {
    found.push({
      kind: "silent",
      reason: "to_generated: the values stored in the column are replaced by the generated expression's",
      predicate: `${c} IS NOT NULL`,
    });
  }
  // A generated target is computed afresh, not cast from the old values.
  if (changes.includes("type") && !sameType(from.type, to.type) && !to.generated) {
    found.push(...dialect.lossy.typeFindings(c, from.type, to.type));
  }
  const dropsDefault = from.default !== undefined && to.default === undefined && !to.identity && !to.generated;
  if (changes.includes("default") && dropsDefault) {
    found.push({ kind: "silent", reason: "drop_default: new rows no longer get the database default" });
  }
  return found.map((f) => ({
    table: place.table,
    column: place.column,
    kind: f.kind,
    reason: f.reason,
    ...(f.predicate !== undefined && live !== undefined && { countSql: countWhere(dialect, live.table, f.predicate) }),
  }));
}
