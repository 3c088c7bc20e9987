import type { LossyFinding, Operation } from "../schema/operation.ts";
import { columnFindings } from "./lossy-columns.ts";
import {
  addColumnFindings,
  addedAllNull,
  checkFinding,
  collationFinding,
  foreignKeyCannotFail,
  foreignKeyFinding,
  placeOf,
  primaryKeyFinding,
  uniqueFinding,
  uniqueIndexFinding,
} from "./lossy-findings.ts";
import type { PlanDialect } from "./plan-dialect.ts";
import { type PlanNames, planNames } from "./plan-names.ts";

/**
 * Classifies the changes of a plan that can fail on existing rows (`rows`) or silently change
 * stored values (`silent`) Each finding names the table and column as the plan
 * does; its `countSql`, when the count is computable, is a read-only query on the LIVE database
 * (names before the plan's renames) returning one row `{ n }`. Tables the plan creates are empty
 * and produce no findings. Pure.
 */
export function classifyChanges(ops: readonly Operation[], dialect: PlanDialect): LossyFinding[] {
  const names = planNames(ops);
  const seen = new Set<string>();
  return ops
    .flatMap((op) => classifyOperation(op, dialect, names))
    .filter((f) => {
      const key = JSON.stringify([f.table, f.column ?? null, f.reason]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The lossy findings of one operation (see {@link classifyChanges}). */
export function classifyOperation(op: Operation, dialect: PlanDialect, names: PlanNames): LossyFinding[] {
  if ("table" in op && typeof op.table === "string" && names.created(op.table)) return [];
  switch (op.kind) {
    case "addColumn":
      return addColumnFindings(op.table, op.column, names, dialect);
    case "alterColumn":
      return [
        ...columnFindings(dialect, placeOf(names, op.table, op.to.name), op.from, op.to, op.changes),
        ...collationFindings(op, names, dialect),
      ];
    case "addUnique":
      return [uniqueFinding(op.table, op.unique.columns, names, dialect, op.unique.nullsNotDistinct === true)];
    case "createIndex":
      return op.index.unique ? [uniqueIndexFinding(op.table, op.index, names, dialect)] : [];
    case "setPrimaryKey":
      return op.to ? [primaryKeyFinding(op.table, op.to.columns, names, dialect)] : [];
    case "addForeignKey":
      // NOT VALID: the rows already there are not checked; a key in columns the plan just added
      // without a default holds only NULLs, which no foreign key checks.
      if (op.foreignKey.notValid) return [];
      if (foreignKeyCannotFail(op.foreignKey, (c) => addedAllNull(names.added(op.table, c)))) return [];
      return [foreignKeyFinding(op.table, op.foreignKey, names, dialect)];
    case "addCheck":
      return op.check.notValid ? [] : [checkFinding(op.table, op.check.expression, names, dialect)];
    case "validateConstraint":
      return op.constraint.kind === "foreignKey"
        ? [foreignKeyFinding(op.table, op.constraint.foreignKey, names, dialect, true)]
        : [checkFinding(op.table, op.constraint.check.expression, names, dialect, true, true)];
    case "rebuildTable":
      return dialect.lossy.rebuildFindings(op, names, dialect);
    default:
      return [];
  }
}

/**
 * The collation findings of a column change (`collationFinding`), one per key that includes the
 * column. A change that also retypes the column to a type with its default collation merges no rows
 * (a default collation is deterministic) and has none; the type change's own findings stand.
 */
function collationFindings(
  op: Extract<Operation, { kind: "alterColumn" }>,
  names: PlanNames,
  dialect: PlanDialect,
): LossyFinding[] {
  const retyped = op.changes.includes("type");
  if (retyped && op.to.collation === undefined) return [];
  return (op.uniqueKeys ?? []).map((key) =>
    collationFinding(
      op.table,
      op.to.name,
      op.to.collation,
      key,
      names,
      dialect,
      retyped ? { to: op.to.type } : undefined,
    ),
  );
}
