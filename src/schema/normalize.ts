import type { Check, Column, ForeignKey, Index, Schema, Table, Unique } from "./ir.ts";
import { defaultName } from "./names.ts";

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The identity of a unique constraint: its columns in key order (names do not count). */
export function uniqueShape(u: Unique): string {
  return JSON.stringify(u.columns);
}

/** The identity of an index: unique flag, keys, method and predicate (names do not count). */
export function indexShape(i: Index): string {
  return JSON.stringify([i.unique, i.keys, i.method ?? "btree", i.where ?? null]);
}

/** The identity of a foreign key: columns, target and actions (names do not count). */
export function foreignKeyShape(f: ForeignKey): string {
  return JSON.stringify([f.columns, f.references.table, f.references.columns, f.onDelete, f.onUpdate, f.deferred]);
}

/** The identity of a check: its canonical expression (names do not count). */
export function checkShape(c: Check): string {
  return c.expression;
}

function sortBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => byText(key(a), key(b)));
}

/**
 * Puts a schema in canonical form so that equal schemas are deep-equal and print identically:
 * tables by name; columns as declared; foreign keys, uniques, indexes and checks by shape; and every
 * constraint or index name that equals its default (`defaultName`) left out. Pure: returns new
 * objects and never changes its input.
 */
export function normalizeSchema(schema: Schema): Schema {
  return {
    dialect: schema.dialect,
    tables: sortBy(schema.tables, (t) => t.name).map(normalizeTable),
  };
}

function withoutDefaultName<T extends { readonly name?: string }>(item: T, fallback: string): T {
  if (item.name !== fallback) return item;
  const { name: _, ...rest } = item;
  return rest as T;
}

/** JSON column defaults compare as JSON: `{"a": []}` and `{"a":[]}` are the same default. */
function normalizeColumn(column: Column): Column {
  const value = column.default?.kind === "literal" ? column.default.value : undefined;
  if (column.type.kind !== "json" || typeof value !== "string") return column;
  try {
    return { ...column, default: { kind: "literal", value: JSON.stringify(JSON.parse(value)) } };
  } catch {
    return column;
  }
}

function normalizeTable(table: Table): Table {
  const t = table.name;
  const primaryKey = table.primaryKey && withoutDefaultName(table.primaryKey, defaultName.primaryKey(t));
  return {
    name: t,
    columns: table.columns.map(normalizeColumn),
    ...(primaryKey && { primaryKey }),
    foreignKeys: sortBy(
      table.foreignKeys.map((f) => withoutDefaultName(f, defaultName.foreignKey(t, f.columns))),
      foreignKeyShape,
    ),
    uniques: sortBy(
      table.uniques.map((u) => withoutDefaultName(u, defaultName.unique(t, u.columns))),
      uniqueShape,
    ),
    indexes: sortBy(
      table.indexes.map((i) => withoutDefaultName(i, defaultName.index(t, i.keys))),
      indexShape,
    ),
    checks: sortBy(table.checks, checkShape),
  };
}
