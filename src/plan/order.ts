/**
 * `orderOperations`: puts operations in a deterministic, safe execution order.
 */
import type { Operation, OperationKind } from "../schema/operation.ts";
import type { Renderer } from "./renderer.ts";

/**
 * The execution rank of each kind, lowest first:
 *  0. renameTable, 1. renameColumn — first, so every later operation names tables and columns by
 *     their new names (the Operation contract); 1.5. the default names that follow them
 *     (renameConstraint, and renameIndex marked `followsRename`), so later steps find them renamed;
 *  2. dropForeignKey — foreign keys that go away or are repointed, before anything they could block
 *     (the primary key or unique they depend on, a type change of either side);
 *  3. dropCheck, dropUnique, dropIndex, and the drop half of setPrimaryKey — before columns change
 *     type, nullability or go away (PostgreSQL refuses `DROP NOT NULL` on a primary-key column);
 *     setStorage (in place, on objects that stay, so they still have their live names);
 *  4. createTable; 5. addColumn; 6. alterColumn, setTableOptions (SQLite); 7. the add half of
 *     setPrimaryKey — after the columns it covers exist and have their new types;
 *  8. rebuildTable (SQLite) — after the table's column renames and adds;
 *  9. addUnique, createIndex, renameIndex, addCheck;
 * 10. addForeignKey — after every table, key and unique exists, so reference cycles work; alterForeignKey
 *     and validateConstraint (after the column changes the rows are checked against);
 * 11. dropColumn; 12. dropTable — last. On SQLite a table drop comes just before the rebuilds
 *     instead: a dropped table's foreign key to a rebuilt table whose key changes would make the
 *     rebuild's `foreign_key_check` fail ("foreign key mismatch"), and with foreign keys off
 *     nothing else depends on the order of drops.
 */
const RANK: Readonly<Record<OperationKind, number>> = {
  renameTable: 0,
  renameColumn: 1,
  renameConstraint: 1.5,
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
 * The rank of one operation: {@link RANK}, except that dropping a primary key ranks with the other
 * key drops, and that the dialect's renderer may rank an operation its own way (`Renderer.rank`:
 * on SQLite a table drop ranks just before the rebuilds, on PostgreSQL a generated column is
 * dropped, or made plain, before the column alters and added after them).
 */
function rankOf(op: Operation, dialect: Pick<Renderer, "rank"> | undefined): number {
  if (op.kind === "setPrimaryKey" && op.to === undefined) return RANK.dropUnique;
  if (op.kind === "renameIndex" && op.followsRename) return RANK.renameConstraint;
  return dialect?.rank(op, RANK) ?? RANK[op.kind];
}

/**
 * Splits a primary-key change (`from` and `to` both set) into its drop and its add, so each can
 * take its own place in the order; other operations pass through.
 */
export function splitPrimaryKeyChanges(ops: readonly Operation[]): Operation[] {
  return ops.flatMap((op): Operation[] => {
    if (op.kind !== "setPrimaryKey" || !op.from || !op.to) return [op];
    return [
      { kind: "setPrimaryKey", table: op.table, from: op.from },
      { kind: "setPrimaryKey", table: op.table, to: op.to },
    ];
  });
}

/**
 * Orders `ops` by {@link RANK}, then by table name; operations of the same rank on the same table
 * keep their given order (the diff emits columns in column order and constraints in shape order),
 * so the result is deterministic. A primary-key change is split first ({@link splitPrimaryKeyChanges}):
 * the old key goes with the other constraint drops, before any column change it could block, and
 * the new key comes after the column changes. The order is the same on every dialect except where
 * its renderer ranks an operation its own way (`Renderer.rank`; without a renderer, none does).
 */
export function orderOperations(ops: readonly Operation[], dialect?: Pick<Renderer, "rank">): Operation[] {
  return splitPrimaryKeyChanges(ops)
    .map((op, i) => ({ op, i, rank: rankOf(op, dialect), table: operationTable(op) }))
    .sort((a, b) => a.rank - b.rank || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0) || a.i - b.i)
    .map((x) => x.op);
}
