/**
 * `lowerForSqlite`: rewrites diff operations into what SQLite can run. SQLite can CREATE, DROP and
 * RENAME a table, ADD, RENAME and DROP a column (with limits), and CREATE and DROP an index; every
 * other change to a table becomes one `rebuildTable` of that table.
 */

import { PormgError } from "../../core/errors.ts";
import { applyRenames, type RenameDecisions } from "../../diff/renames.ts";
import { operationTable } from "../../plan/order.ts";
import { type ExpressionNames, mentionsColumn } from "../../schema/expression-names.ts";
import type { Column, ForeignKey, Index, Schema, Table } from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import { indexShape } from "../../schema/normalize.ts";
import type { Operation } from "../../schema/operation.ts";
import { quoteIdent } from "./sqlite-ddl.ts";
import { sqliteSql } from "./sqlite-sql.ts";

/**
 * How SQLite reads names in expressions (`ExpressionNames`): its tokenizer, names compared
 * case-insensitively, its quoting. The lowering uses it for the renames and column uses it sees.
 */
export const sqliteNames: ExpressionNames = {
  capabilities: { identifierCase: "insensitive" },
  sql: sqliteSql,
  quoteIdent,
};

/**
 * Whether SQLite can `ALTER TABLE … ADD COLUMN` this column of `table` as it is: not an identity,
 * not in the primary key or a unique constraint, and nullable or with a literal (constant) default
 * (SQLite refuses `CURRENT_TIMESTAMP` and parenthesised expressions there); a generated column only
 * when VIRTUAL (SQLite cannot add a STORED one, NOT NULL or not). A new foreign key is an
 * `addForeignKey`: it rides on the ADD COLUMN when {@link canAddWithForeignKey}, else it rebuilds
 * the table.
 */
export function canAddColumn(table: Table, column: Column): boolean {
  if (column.identity || table.primaryKey?.columns.includes(column.name)) return false;
  if (table.uniques.some((u) => u.columns.includes(column.name))) return false;
  if (column.generated) return !column.generated.stored;
  if (column.default?.kind === "expression") return false;
  return column.nullable || column.default !== undefined;
}

/**
 * Whether SQLite can `ALTER TABLE … DROP COLUMN` this column of `table` (as the database holds it
 * then): not in the primary key, a foreign key, a unique constraint or any index still there (`kept`,
 * by column or inside an expression or predicate), named by no CHECK and no other column's generated
 * expression, and not the table's last plain column.
 */
export function canDropColumn(table: Table, column: string, kept: readonly Index[], dialect: ExpressionNames): boolean {
  const inIndex = (i: Index) =>
    i.keys.some((k) => ("column" in k ? k.column === column : mentionsColumn(k.expression, column, dialect))) ||
    (i.where !== undefined && mentionsColumn(i.where, column, dialect));
  return (
    !table.primaryKey?.columns.includes(column) &&
    !table.foreignKeys.some((f) => f.columns.includes(column)) &&
    !table.uniques.some((u) => u.columns.includes(column)) &&
    !kept.some(inIndex) &&
    !table.checks.some((c) => mentionsColumn(c.expression, column, dialect)) &&
    !table.columns.some(
      (c) => c.name !== column && c.generated && mentionsColumn(c.generated.expression, column, dialect),
    ) &&
    table.columns.some((c) => c.name !== column && !c.generated)
  );
}

/**
 * Whether SQLite can add `column` together with its new foreign key `fk` in one `ADD COLUMN …
 * REFERENCES`: a single-column key on a column SQLite can add as it is
 * ({@link canAddColumn}) that is nullable with no default (SQLite requires a NULL default there
 * while foreign keys are enforced), not unique and not in the primary key. Every row then holds
 * NULL, so no row can be an orphan.
 */
export function canAddWithForeignKey(table: Table, column: Column, fk: ForeignKey): boolean {
  return (
    fk.columns.length === 1 &&
    fk.columns[0] === column.name &&
    canAddColumn(table, column) &&
    column.nullable &&
    column.default === undefined
  );
}

/** The addForeignKey operations that ride on the addColumn of their column, keyed by that addColumn. */
function inlineForeignKeys(
  ops: readonly Operation[],
  current: ReadonlyMap<string, Table>,
  target: ReadonlyMap<string, Table>,
): Map<Operation, Extract<Operation, { kind: "addForeignKey" }>> {
  const out = new Map<Operation, Extract<Operation, { kind: "addForeignKey" }>>();
  for (const op of ops) {
    if (op.kind !== "addForeignKey" || !current.has(op.table)) continue;
    const wanted = target.get(op.table);
    const add = ops.find(
      (o) => o.kind === "addColumn" && o.table === op.table && o.column.name === op.foreignKey.columns[0],
    );
    if (wanted && add?.kind === "addColumn" && !out.has(add) && canAddWithForeignKey(wanted, add.column, op.foreignKey))
      out.set(add, op);
  }
  return out;
}

const REBUILD_KINDS = new Set<Operation["kind"]>([
  "alterColumn",
  "setTableOptions",
  "setPrimaryKey",
  "addForeignKey",
  "dropForeignKey",
  // A change of a foreign key's timing (SQLite carries DEFERRABLE INITIALLY DEFERRED).
  "alterForeignKey",
  "addUnique",
  "dropUnique",
  "addCheck",
  "dropCheck",
]);

function decisionsOf(ops: readonly Operation[]): RenameDecisions {
  const tables: { from: string; to: string }[] = [];
  const columns: { table: string; from: string; to: string }[] = [];
  for (const op of ops)
    if (op.kind === "renameTable") tables.push({ from: op.from, to: op.to });
    else if (op.kind === "renameColumn") columns.push({ table: op.table, from: op.from, to: op.to });
  return { tables, columns };
}

/** The tables that must be rebuilt. */
function tablesToRebuild(
  ops: readonly Operation[],
  current: ReadonlyMap<string, Table>,
  target: ReadonlyMap<string, Table>,
  inlined: ReadonlySet<Operation>,
  dialect: ExpressionNames,
) {
  const rebuild = new Set<string>();
  const dropped = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [op.table.name] : [])));
  const droppedIndexes = new Map<string, Set<string>>();
  for (const op of ops) {
    const table = operationTable(op);
    if (op.kind === "dropIndex")
      droppedIndexes.set(table, (droppedIndexes.get(table) ?? new Set()).add(indexShape(op.index)));
    if (dropped.has(table) || !current.has(table)) continue;
    const wanted = target.get(table);
    if (REBUILD_KINDS.has(op.kind) && !inlined.has(op)) rebuild.add(table);
    else if (
      op.kind === "renameIndex" &&
      !wanted?.indexes.some((i) => (i.name ?? defaultName.index(table, i.keys)) === op.to)
    )
      rebuild.add(table);
    else if (op.kind === "addColumn" && wanted && !canAddColumn(wanted, op.column)) rebuild.add(table);
  }
  // Generated columns the plan drops go first (`diffColumns`), so they no longer read the others.
  const droppedGenerated = new Set(
    ops.flatMap((op) =>
      op.kind === "dropColumn" && op.column.generated ? [`${op.table}\u0000${op.column.name}`] : [],
    ),
  );
  for (const op of ops) {
    const live = op.kind === "dropColumn" ? current.get(op.table) : undefined;
    if (op.kind !== "dropColumn" || !live || rebuild.has(op.table)) continue;
    const gone = droppedIndexes.get(op.table) ?? new Set();
    const kept = live.indexes.filter((i) => !gone.has(indexShape(i)));
    const columns = live.columns.filter(
      (c) => c.name === op.column.name || !droppedGenerated.has(`${op.table}\u0000${c.name}`),
    );
    if (!canDropColumn({ ...live, columns }, op.column.name, kept, dialect)) rebuild.add(op.table);
  }
  return rebuild;
}

/** `renameIndex` on SQLite: DROP INDEX then CREATE INDEX of the same shape under the new name. */
function lowerRenameIndex(
  op: Extract<Operation, { kind: "renameIndex" }>,
  current?: Table,
  wanted?: Table,
): Operation[] {
  const index = current?.indexes.find((i) => (i.name ?? defaultName.index(op.table, i.keys)) === op.from);
  const renamed = wanted?.indexes.find((i) => (i.name ?? defaultName.index(op.table, i.keys)) === op.to);
  if (!index || !renamed)
    throw new PormgError("INTERNAL", `Cannot rename index "${op.from}" to "${op.to}": no such index on "${op.table}".`);
  return [
    { kind: "dropIndex", table: op.table, index },
    { kind: "createIndex", table: op.table, index: renamed },
  ];
}

/**
 * Lowers diff operations for SQLite, given the schemas they were diffed from. Operations on a table
 * that SQLite cannot ALTER (alterColumn, setPrimaryKey, foreign key, unique and check changes, a
 * column add or drop it refuses — see {@link canAddColumn}, {@link canDropColumn}) become ONE
 * `rebuildTable` per table: `from` is the live table under its post-rename name with the columns
 * it holds once the table's renames and native adds ran, `to` the target table, `columns` the copy
 * mapping for every column on both sides. The table's renames and native adds stay (they run
 * first); its other operations, index ones included, are absorbed (the rebuild creates the target's
 * indexes). `renameIndex` becomes dropIndex + createIndex; foreign-key drops on dropped tables go;
 * a new foreign key on a new nullable column of a table that is not rebuilt rides on its
 * `addColumn` ({@link canAddWithForeignKey}: `ADD COLUMN … REFERENCES`, no rebuild).
 */
export function lowerForSqlite(
  ops: readonly Operation[],
  live: Schema,
  target: Schema,
  dialect: ExpressionNames,
): Operation[] {
  const current = new Map(applyRenames(live, decisionsOf(ops), dialect).tables.map((t) => [t.name, t]));
  const wanted = new Map(target.tables.map((t) => [t.name, t]));
  const dropped = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [op.table.name] : [])));
  const inline = inlineForeignKeys(ops, current, wanted);
  const rebuild = tablesToRebuild(ops, current, wanted, new Set(inline.values()), dialect);
  const out: Operation[] = [];
  const added = new Map<string, Column[]>();
  for (const op of ops) {
    const table = operationTable(op);
    if (rebuild.has(table)) {
      if (op.kind === "renameTable" || op.kind === "renameColumn") out.push(op);
      const goal = wanted.get(table);
      if (op.kind === "addColumn" && goal && canAddColumn(goal, op.column)) {
        out.push(op);
        added.set(table, [...(added.get(table) ?? []), op.column]);
      }
    } else if (op.kind === "renameIndex") out.push(...lowerRenameIndex(op, current.get(table), wanted.get(table)));
    else if (op.kind === "dropForeignKey" && dropped.has(table)) continue;
    else if (op.kind === "addForeignKey" && [...inline.values()].includes(op)) continue;
    else if (op.kind === "addColumn" && inline.has(op))
      out.push({ ...op, foreignKey: (inline.get(op) as Extract<Operation, { kind: "addForeignKey" }>).foreignKey });
    else out.push(op);
  }
  for (const name of [...rebuild].sort()) {
    const before = current.get(name);
    const after = wanted.get(name);
    if (!before || !after) continue;
    const from: Table = { ...before, columns: [...before.columns, ...(added.get(name) ?? [])] };
    const present = new Set(from.columns.map((c) => c.name));
    const columns = after.columns.filter((c) => present.has(c.name)).map((c) => ({ to: c.name, from: c.name }));
    out.push({ kind: "rebuildTable", from, to: after, columns });
  }
  return out;
}
