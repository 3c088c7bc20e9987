import { foreignKeyShape } from "../../schema/normalize.ts";
import type { Operation } from "../../schema/operation.ts";

/**
 * MySQL refuses to change a column a foreign key references, or holds, while that key exists
 * (ER_FK_COLUMN_CANNOT_CHANGE: InnoDB wants both sides of a key to keep one type), and the plan
 * drops tables last. So a table the plan drops whose foreign key reads or references a column the
 * plan retypes first loses that key: a `dropForeignKey` (ranked with the other key drops, before
 * the column changes) ahead of its DROP TABLE. PostgreSQL lets a bigint key reference an integer
 * column, so the generic order is enough there; a key the plan keeps is re-created around the
 * retype by the diff (src/diff/blocked-constraints.ts). Pure.
 */
export function dropKeysOfDroppedTables(ops: readonly Operation[]): Operation[] {
  const retyped = new Set(
    ops.flatMap((op) =>
      op.kind === "alterColumn" && op.changes.includes("type") ? [`${op.table}\u0000${op.from.name}`] : [],
    ),
  );
  if (retyped.size === 0) return [...ops];
  // A key the diff already drops (it blocks another change: src/diff/blocked-constraints.ts) is not dropped twice.
  const dropped = new Set(
    ops.flatMap((op) => (op.kind === "dropForeignKey" ? [`${op.table}\u0000${foreignKeyShape(op.foreignKey)}`] : [])),
  );
  const out: Operation[] = [];
  for (const op of ops) {
    if (op.kind === "dropTable")
      for (const foreignKey of op.table.foreignKeys) {
        const reads = foreignKey.references.columns.some((c) =>
          retyped.has(`${foreignKey.references.table}\u0000${c}`),
        );
        if (reads && !dropped.has(`${op.table.name}\u0000${foreignKeyShape(foreignKey)}`))
          out.push({ kind: "dropForeignKey", table: op.table.name, foreignKey });
      }
    out.push(op);
  }
  return out;
}
