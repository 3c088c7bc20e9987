/**
 * `orderOperations`: puts operations in a deterministic, safe execution order.
 */
import type { Operation, OperationKind } from "./operation.ts";

/**
 * The execution rank of each kind, lowest first:
 *  0. renameTable, 1. renameColumn — first, so every later operation names tables and columns by
 *     their new names (the Operation contract);
 *  2. dropForeignKey — foreign keys that go away or are repointed, before anything they could block;
 *  3. dropCheck, dropUnique, dropIndex — before columns change type or go away; setStorage (in place,
 *     on objects that stay, so they still have their live names);
 *  4. createTable; 5. addColumn; 6. alterColumn, setTableOptions (SQLite); 7. setPrimaryKey;
 *  8. rebuildTable (SQLite) — after the table's column renames and adds;
 *  9. addUnique, createIndex, renameIndex, addCheck;
 * 10. addForeignKey — after every table, key and unique exists, so reference cycles work; alterForeignKey
 *     and validateConstraint (after the column changes the rows are checked against);
 * 11. dropColumn; 12. dropTable — last.
 */
const RANK: Readonly<Record<OperationKind, number>> = {
  renameTable: 0,
  renameColumn: 1,
  dropForeignKey: 2,
  dropCheck: 3,
  dropUnique: 3,
  dropIndex: 3,
  setStorage: 3,
  createTable: 4,
  addColumn: 5,
  alterColumn: 6,
  setTableOptions: 6,
  setPrimaryKey: 7,
  rebuildTable: 8,
  addUnique: 9,
  createIndex: 9,
  renameIndex: 9,
  addCheck: 9,
  addForeignKey: 10,
  alterForeignKey: 10,
  validateConstraint: 10,
  dropColumn: 11,
  dropTable: 12,
};

/** The table an operation acts on (its new name). */
export function operationTable(op: Operation): string {
  switch (op.kind) {
    case "createTable":
    case "dropTable":
      return op.table.name;
    case "renameTable":
      return op.to;
    case "rebuildTable":
      return op.to.name;
    default:
      return op.table;
  }
}

/**
 * Orders `ops` by {@link RANK}, then by table name; operations of the same rank on the same table
 * keep their given order (the diff emits columns in column order and constraints in shape order),
 * so the result is deterministic. `dialect` is accepted for symmetry with the other planner steps;
 * the order is the same on both (SQLite runs with foreign keys off).
 */
export function orderOperations(ops: readonly Operation[], _dialect?: "postgresql" | "sqlite"): Operation[] {
  return ops
    .map((op, i) => ({ op, i, rank: RANK[op.kind], table: operationTable(op) }))
    .sort((a, b) => a.rank - b.rank || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) || a.i - b.i)
    .map((x) => x.op);
}
