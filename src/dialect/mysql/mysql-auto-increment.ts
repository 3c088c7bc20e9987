import { PormgError } from "../../core/errors.ts";
import type { Column, Schema, Table } from "../../schema/ir.ts";
import type { Operation, OperationKind } from "../../schema/operation.ts";

/**
 * MySQL's rule for AUTO_INCREMENT, and how a plan keeps it: an AUTO_INCREMENT column must lead an
 * index at every moment ("there can be only one auto column and it must be defined as a key"), so
 * a plan never leaves one without its key, even between two steps:
 *
 * - a primary key change is one statement, `DROP PRIMARY KEY, ADD PRIMARY KEY (…)`, where the
 *   change is (the add half, rank 7; lowering folds the drop half into it): the table always has
 *   its key, and a failure leaves the old one;
 * - a new AUTO_INCREMENT column is added without AUTO_INCREMENT (NOT NULL: existing rows hold 0),
 *   and the statement that adds its key — the primary key or a unique it leads — restates it with
 *   AUTO_INCREMENT (`MODIFY COLUMN …`), which numbers the existing rows 1, 2, 3 …;
 * - a column becoming AUTO_INCREMENT is altered after the keys are added (rank 9.5);
 * - a column losing AUTO_INCREMENT is altered before the keys are dropped (rank 2.5);
 * - a column becoming nullable is altered after the primary key changes (rank 7.5): MySQL refuses
 *   a nullable primary key column.
 *
 * A new or newly AUTO_INCREMENT column that no key of the target leads is refused.
 */

/** Whether `columns` start with `column`. */
const leads = (columns: readonly string[], column: string) => columns[0] === column;

/** Whether `column` leads the primary key or a unique of `table` (the keys that can give a new column AUTO_INCREMENT). */
function leadsAKey(table: Table, column: string): boolean {
  return (
    (table.primaryKey !== undefined && leads(table.primaryKey.columns, column)) ||
    table.uniques.some((u) => leads(u.columns, column))
  );
}

/** Whether `column` leads any index of `table`: its primary key, a unique or an index. */
function leadsAnIndex(table: Table, column: string): boolean {
  return (
    leadsAKey(table, column) ||
    table.indexes.some((i) => "column" in (i.keys[0] ?? {}) && (i.keys[0] as { column: string }).column === column)
  );
}

function refuseKeyless(table: string, column: string): PormgError {
  return new PormgError(
    "PLAN_REFUSED",
    `column "${column}" of "${table}" is an identity (AUTO_INCREMENT), and MySQL needs it to lead a key: ` +
      "make it the first column of the primary key or of a unique.",
    { table, column },
  );
}

/**
 * MySQL's lowering: a primary key change (`from` and `to`) becomes its add half alone, which the
 * renderer writes as one `DROP PRIMARY KEY, ADD PRIMARY KEY` statement (the live table has a key);
 * a new identity column or a column becoming one is refused unless the target has a key it leads.
 */
export function lowerForMysql(ops: readonly Operation[], _live: Schema, target: Schema): Operation[] {
  const tables = new Map(target.tables.map((t) => [t.name, t]));
  return ops.map((op): Operation => {
    if (op.kind === "addColumn" && op.column.identity) {
      const table = tables.get(op.table);
      if (table && !leadsAKey(table, op.column.name)) throw refuseKeyless(op.table, op.column.name);
    }
    if (op.kind === "alterColumn" && op.to.identity && !op.from.identity) {
      const table = tables.get(op.table);
      if (table && !leadsAnIndex(table, op.to.name)) throw refuseKeyless(op.table, op.to.name);
    }
    if (op.kind === "setPrimaryKey" && op.from && op.to) return { kind: "setPrimaryKey", table: op.table, to: op.to };
    return op;
  });
}

/**
 * The ranks of MySQL's column changes around the keys (see above), and of generated columns: one
 * reads other columns, and MySQL refuses AUTO_INCREMENT on a column a generated column reads, so
 * (as on PostgreSQL) a generated column is dropped, or made plain, before the column changes and
 * added after them. Undefined: the generic rank.
 */
export function rankForMysql(op: Operation, ranks: Readonly<Record<OperationKind, number>>): number | undefined {
  if (op.kind === "dropColumn" && op.column.generated) return ranks.dropIndex + 0.5;
  if (op.kind === "addColumn" && op.column.generated) return ranks.alterColumn + 0.5;
  if (op.kind !== "alterColumn") return undefined;
  if (op.from.generated && !op.to.generated) return ranks.alterColumn - 0.5;
  const column = (c: Column) => c.identity !== undefined;
  if (column(op.to) && !column(op.from)) return ranks.addUnique + 0.5;
  if (op.changes.includes("nullable") && op.to.nullable && !op.from.nullable) return ranks.setPrimaryKey + 0.5;
  if (column(op.from) && !column(op.to)) return ranks.dropForeignKey + 0.5;
  return undefined;
}
