/**
 * The automatic join tables of ManyToManyFields without `through`: table `<table>_<field>` (or the
 * field's `dbTable`), one NOT NULL column per end named `<table>_<key column>` (`from_…` / `to_…`
 * for a self reference), a foreign key per end with ON DELETE CASCADE, and a unique over both.
 */

import type { ColumnType, Table } from "../schema/ir.ts";
import type { ModelDialect } from "./model-rules.ts";
import { columnOf, type ModelEntry, type ModelSet, primaryKeyFields, resolveRef } from "./resolve.ts";
import type { Field } from "./types.ts";

/** A JoinTable is one automatic join table: its owner model, field and physical name. */
export interface JoinTable {
  readonly owner: ModelEntry;
  readonly fieldName: string;
  readonly field: Field;
  readonly target: ModelEntry | undefined;
  readonly table: string;
}

/**
 * Every automatic join table the models declare (ManyToManyFields without `through`). Validation
 * and the schema both ask for a loaded file's set: the answer is kept for a set whose models are
 * all frozen (every `Models.Model`), which cannot change.
 */
export function joinTableDeclarations(set: ModelSet): JoinTable[] {
  const cached = declarations.get(set);
  if (cached !== undefined) return [...cached];
  const out = readDeclarations(set);
  if (set.entries.every((e) => Object.isFrozen(e.model) && Object.isFrozen(e.model.fields))) declarations.set(set, out);
  return [...out];
}

const declarations = new WeakMap<ModelSet, readonly JoinTable[]>();

function readDeclarations(set: ModelSet): JoinTable[] {
  const out: JoinTable[] = [];
  for (const owner of set.entries)
    for (const fieldName of Object.keys(owner.model.fields)) {
      const field = owner.model.fields[fieldName] as Field;
      if (field.kind !== "ManyToManyField" || field.options.through !== undefined) continue;
      const dbTable = field.options.dbTable;
      const table = typeof dbTable === "string" ? dbTable : `${owner.table}_${fieldName}`;
      out.push({ owner, fieldName, field, target: resolveRef(field.to, owner, set), table });
    }
  return out;
}

/** The Tables of the managed automatic join tables (managed unless both ends are unmanaged). */
export function joinTables(
  set: ModelSet,
  dialect: ModelDialect,
  typeOf: (entry: ModelEntry, field: Field) => ColumnType,
): Table[] {
  return joinTableDeclarations(set).flatMap(({ owner, target, table }) => {
    if (!target || (!owner.managed && !target.managed)) return [];
    const end = (entry: ModelEntry, prefix: string) => {
      const pkName = primaryKeyFields(entry.model)[0] as string;
      const pkField = entry.model.fields[pkName] as Field;
      const pkColumn = columnOf(pkName, pkField);
      return { entry, pkColumn, column: `${prefix}${entry.table}_${pkColumn}`, type: typeOf(entry, pkField) };
    };
    const self = owner === target;
    const ends = [end(owner, self ? "from_" : ""), end(target, self ? "to_" : "")];
    return [
      {
        name: table,
        columns: ends.map((e) => ({ name: e.column, type: e.type, nullable: false })),
        foreignKeys: ends.map((e) => ({
          columns: [e.column],
          references: { table: e.entry.table, columns: [e.pkColumn] },
          onDelete: "CASCADE" as const,
          onUpdate: "NO ACTION" as const,
          deferred: dialect.models.deferredJoinKeys,
        })),
        uniques: [{ columns: ends.map((e) => e.column) }],
        indexes: [],
        checks: [],
      },
    ];
  });
}
