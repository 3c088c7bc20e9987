import type { Column, ColumnType, ForeignKey, Index } from "../schema/ir.ts";
import type { LossyFinding } from "../schema/operation.ts";
import type { ColumnPlace } from "./lossy-columns.ts";
import { countAll, countDuplicates, countOrphans, countWhere } from "./lossy-count.ts";
import type { PlanDialect } from "./plan-dialect.ts";
import type { PlanNames } from "./plan-names.ts";
import { temporaryDefault } from "./temporary-default.ts";

/** Lossy findings of the constraint kinds, shared by plain operations and SQLite rebuilds. */

/** Where column `column` of plan table `table` is counted, if it exists live. */
export function placeOf(names: PlanNames, table: string, column: string): ColumnPlace {
  if (names.added(table, column) !== undefined) return { table, column };
  return { table, column, live: { table: names.liveTable(table), column: names.liveColumn(table, column) } };
}

/** The live names of `columns`, or undefined when one of them does not exist live yet. */
export function liveColumns(names: PlanNames, table: string, columns: readonly string[]): string[] | undefined {
  if (columns.some((c) => names.added(table, c) !== undefined)) return undefined;
  return columns.map((c) => names.liveColumn(table, c));
}

/**
 * A NOT NULL column with no default fails to be added to a table that has rows — unless it is
 * generated (computed) or gets PormG's temporary default (a date or date-time column,
 * `temporaryDefault`).
 */
export function addColumnFindings(
  table: string,
  column: Column,
  names: PlanNames,
  dialect: PlanDialect,
): LossyFinding[] {
  if (column.nullable || column.default !== undefined || column.identity !== undefined || column.generated) return [];
  if (temporaryDefault(column, dialect.renderer) !== undefined) return [];
  return [
    {
      table,
      column: column.name,
      kind: "rows",
      reason: "add_not_null: a NOT NULL column with no default cannot be added to a table that has rows",
      countSql: countAll(dialect, names.liveTable(table)),
    },
  ];
}

/**
 * A UNIQUE over `columns` (the plan's names) fails on rows sharing their values (with
 * `nullsNotDistinct`, NULLs count as equal values).
 */
export function uniqueFinding(
  table: string,
  columns: readonly string[],
  names: PlanNames,
  dialect: PlanDialect,
  nullsNotDistinct = false,
): LossyFinding {
  const live = liveColumns(names, table, columns);
  const nulls = nullsNotDistinct ? " nulls not distinct" : "";
  return {
    table,
    ...(columns.length === 1 && { column: columns[0] }),
    kind: "rows",
    reason: `add_unique${nulls} (${columns.join(", ")}): rows sharing the same values fail`,
    ...(live && {
      countSql: countDuplicates(
        dialect,
        names.liveTable(table),
        live.map((c) => dialect.quoteIdent(c)),
        undefined,
        nullsNotDistinct,
      ),
    }),
  };
}

/**
 * A collation change on `column` fails a unique key that includes it when rows that differed become
 * equal under the new collation (a nondeterministic one, such as a case-insensitive ICU collation):
 * the count groups the live rows by the key with the column under the new collation — converted to
 * its new type first when the same change retypes it (`retype`: `CAST("c" AS varchar(20)) COLLATE
 * "C"`; an integer column has no collation to apply).
 */
export function collationFinding(
  table: string,
  column: string,
  collation: string | undefined,
  key: readonly string[],
  names: PlanNames,
  dialect: PlanDialect,
  retype?: { readonly to: ColumnType },
): LossyFinding {
  const q = (name: string) => dialect.quoteIdent(name);
  const live = liveColumns(names, table, key);
  const collate = ` COLLATE ${q(collation ?? dialect.lossy.defaultCollation ?? "default")}`;
  const value = (c: string) => (retype ? `CAST(${q(c)} AS ${dialect.lossy.castType(retype.to)})` : q(c));
  const keys = live?.map((c, i) => (key[i] === column ? value(c) + collate : q(c)));
  return {
    table,
    column,
    kind: "rows",
    reason: `collation (${collation ?? "default"}) under unique (${key.join(", ")}): rows equal under the new collation fail`,
    ...(keys && { countSql: countDuplicates(dialect, names.liveTable(table), keys) }),
  };
}

/** A unique index (expressions and a predicate allowed) fails on rows sharing the same key. */
export function uniqueIndexFinding(table: string, index: Index, names: PlanNames, dialect: PlanDialect): LossyFinding {
  const columns = index.keys.flatMap((k) => ("column" in k ? [k.column] : []));
  const live = liveColumns(names, table, columns);
  // Expressions and predicates name the plan's columns; they are counted only when no column was renamed.
  const plain = index.keys.every((k) => "column" in k) && index.where === undefined;
  const keys = index.keys.map((k) =>
    "column" in k ? dialect.quoteIdent(names.liveColumn(table, k.column)) : `(${k.expression})`,
  );
  const countable = live !== undefined && (plain || !names.columnsChanged(table));
  const nulls = index.nullsNotDistinct === true;
  return {
    table,
    kind: "rows",
    reason: `add_unique${nulls ? " nulls not distinct" : ""} (index ${index.name ?? keys.join(", ")}): rows sharing the same key fail`,
    ...(countable && { countSql: countDuplicates(dialect, names.liveTable(table), keys, index.where, nulls) }),
  };
}

/** A PRIMARY KEY over `columns` fails on rows sharing their values, and where the dialect says so on NULLs (`LossyRules.primaryKeyCount`). */
export function primaryKeyFinding(
  table: string,
  columns: readonly string[],
  names: PlanNames,
  dialect: PlanDialect,
): LossyFinding {
  const live = liveColumns(names, table, columns);
  const count = live && dialect.lossy.primaryKeyCount(names.liveTable(table), live, dialect);
  return {
    table,
    ...(columns.length === 1 && { column: columns[0] }),
    kind: "rows",
    reason: `add_primary_key (${columns.join(", ")}): rows with NULLs or sharing the same key fail`,
    ...(count && { countSql: count }),
  };
}

/**
 * A new foreign key (or validating a NOT VALID one, `validate`) fails on child rows whose key has no
 * parent row (orphans; under MATCH FULL also keys that are only partly NULL).
 */
export function foreignKeyFinding(
  table: string,
  fk: ForeignKey,
  names: PlanNames,
  dialect: PlanDialect,
  validate = false,
): LossyFinding {
  const live = liveColumns(names, table, fk.columns);
  const parent = fk.references.table;
  const parentColumns = names.created(parent) ? undefined : liveColumns(names, parent, fk.references.columns);
  const reference = parentColumns && { table: names.liveTable(parent), columns: parentColumns };
  return {
    table,
    ...(fk.columns.length === 1 && { column: fk.columns[0] }),
    kind: "rows",
    reason: `${validate ? "validate_foreign_key" : "add_foreign_key"} (${fk.columns.join(", ")} → ${parent}): rows without a matching "${parent}" row fail`,
    ...(live && { countSql: countOrphans(dialect, names.liveTable(table), live, reference, fk.match === "full") }),
  };
}

/**
 * Whether a new foreign key cannot fail on the rows already there because its key holds only NULLs
 * in every row: `allNull(c)` says whether column `c` is one the plan just added as nullable with no
 * default (nor identity, nor generated), so every existing row has NULL in it. Under MATCH SIMPLE
 * (the default) a key with any NULL is not checked; under MATCH FULL only a key that is all NULL is.
 */
export function foreignKeyCannotFail(fk: ForeignKey, allNull: (column: string) => boolean): boolean {
  return fk.match === "full" ? fk.columns.every(allNull) : fk.columns.some(allNull);
}

/** Whether `column`, as added by a plan (undefined: not added), holds NULL in every existing row. */
export function addedAllNull(column: Column | undefined): boolean {
  return (
    column?.nullable === true && column.default === undefined && column.identity === undefined && !column.generated
  );
}

/**
 * A new CHECK fails on rows where its condition is false. The condition names the plan's columns,
 * so it is counted only when the table's columns keep their live names (`countable` lets a rebuild
 * say so for renames inside it).
 */
export function checkFinding(
  table: string,
  expression: string,
  names: PlanNames,
  dialect: PlanDialect,
  countable = true,
  validate = false,
): LossyFinding {
  const count = countable && !names.columnsChanged(table);
  return {
    table,
    kind: "rows",
    reason: `${validate ? "validate_check" : "add_check"} (${expression}): rows where the condition is false fail`,
    ...(count && { countSql: countWhere(dialect, names.liveTable(table), `NOT (${expression})`) }),
  };
}
