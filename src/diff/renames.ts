/**
 * Rename decisions and their effect on the live schema: the live tables seen under their new
 * names, with their columns renamed and foreign keys retargeted, so the diff that follows compares
 * like with like and a pure rename produces no other operation.
 */

import { type ExpressionNames, renameInExpression } from "../schema/expression-names.ts";
import type { ForeignKey, Index, IndexKey, Schema, Table } from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";

/** A TableRename is a decided rename of live table `from` to model table `to`. */
export interface TableRename {
  readonly from: string;
  readonly to: string;
}

/** A ColumnRename is a decided rename of column `from` to `to` in `table` (the table's NEW name). */
export interface ColumnRename {
  readonly table: string;
  readonly from: string;
  readonly to: string;
}

/** RenameDecisions are the renames a plan performs; everything else unmatched is dropped or created. */
export interface RenameDecisions {
  readonly tables: readonly TableRename[];
  readonly columns: readonly ColumnRename[];
}

/** No renames at all. */
export const NO_RENAMES: RenameDecisions = { tables: [], columns: [] };

/** Gives every index and constraint of a table its physical name (the default when the IR leaves it out). */
function withPhysicalNames(table: Table): Table {
  const t = table.name;
  return {
    ...table,
    ...(table.primaryKey && {
      primaryKey: { ...table.primaryKey, name: table.primaryKey.name ?? defaultName.primaryKey(t) },
    }),
    foreignKeys: table.foreignKeys.map((f) => ({ ...f, name: f.name ?? defaultName.foreignKey(t, f.columns) })),
    uniques: table.uniques.map((u) => ({ ...u, name: u.name ?? defaultName.unique(t, u.columns) })),
    indexes: table.indexes.map((i) => ({ ...i, name: i.name ?? defaultName.index(t, i.keys) })),
  };
}

function renameColumnInTable(table: Table, from: string, to: string, dialect: ExpressionNames): Table {
  const col = (c: string) => (c === from ? to : c);
  const expr = (sql: string) => renameInExpression(sql, from, to, dialect);
  const key = (k: IndexKey): IndexKey =>
    "column" in k ? { ...k, column: col(k.column) } : { ...k, expression: expr(k.expression) };
  const index = (i: Index): Index => ({
    ...i,
    keys: i.keys.map(key),
    ...(i.where !== undefined && { where: expr(i.where) }),
    ...(i.include !== undefined && { include: i.include.map(col) }),
  });
  return {
    ...table,
    columns: table.columns.map((c) => {
      const renamed = c.name === from ? { ...c, name: to } : c;
      return renamed.generated
        ? { ...renamed, generated: { ...renamed.generated, expression: expr(renamed.generated.expression) } }
        : renamed;
    }),
    ...(table.primaryKey && { primaryKey: { ...table.primaryKey, columns: table.primaryKey.columns.map(col) } }),
    foreignKeys: table.foreignKeys.map((f) => ({
      ...f,
      columns: f.columns.map(col),
      // A set, kept sorted as normalizeSchema keeps it.
      ...(f.onDeleteColumns && { onDeleteColumns: f.onDeleteColumns.map(col).sort() }),
    })),
    uniques: table.uniques.map((u) => ({
      ...u,
      columns: u.columns.map(col),
      ...(u.include !== undefined && { include: u.include.map(col) }),
    })),
    indexes: table.indexes.map(index),
    checks: table.checks.map((c) => ({ ...c, expression: expr(c.expression) })),
  };
}

/** Points foreign keys that reference `table`'s column `from` at `to` instead. */
function retargetColumn(fk: ForeignKey, table: string, from: string, to: string): ForeignKey {
  if (fk.references.table !== table || !fk.references.columns.includes(from)) return fk;
  return { ...fk, references: { ...fk.references, columns: fk.references.columns.map((c) => (c === from ? to : c)) } };
}

/**
 * The live schema as it is once `renames` ran, which is what the database holds at that point of
 * the plan: renamed tables and columns under their new names, foreign keys (of every table) pointing
 * through the renames, column references in CHECKs, index and generated-column expressions
 * rewritten (as the database rewrites them), and the indexes
 * and constraints of every renamed table or table with renamed columns given their physical names
 * (a rename keeps the old names). `dialect` reads the expressions (live's dialect). Pure.
 */
export function applyRenames(live: Schema, renames: RenameDecisions, dialect: ExpressionNames): Schema {
  const tableTo = new Map(renames.tables.map((r) => [r.from, r.to]));
  const touched = new Set([...renames.tables.map((r) => r.to), ...renames.columns.map((r) => r.table)]);
  const none = renames.tables.length === 0 && renames.columns.length === 0;
  let tables = live.tables.map((table) => {
    // Without renames every table stays as it is (the same object: later passes may reuse their work on it).
    if (none) return table;
    const name = tableTo.get(table.name) ?? table.name;
    const named = touched.has(name) ? withPhysicalNames(table) : table;
    return {
      ...named,
      name,
      foreignKeys: named.foreignKeys.map((f) => {
        const target = tableTo.get(f.references.table);
        return target === undefined ? f : { ...f, references: { ...f.references, table: target } };
      }),
    };
  });
  for (const r of renames.columns) {
    tables = tables.map((t) => {
      const renamed = t.name === r.table ? renameColumnInTable(t, r.from, r.to, dialect) : t;
      return { ...renamed, foreignKeys: renamed.foreignKeys.map((f) => retargetColumn(f, r.table, r.from, r.to)) };
    });
  }
  tables.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { dialect: live.dialect, tables };
}
