import type { Check, ForeignKey, Index, Schema, Table, Unique } from "./ir.ts";

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
 * Puts a schema in canonical order so that equal schemas are deep-equal and print identically:
 * tables by name; columns as declared; primary key as is; foreign keys, uniques, indexes and checks
 * by shape. Pure: returns new objects and never changes its input.
 */
export function normalizeSchema(schema: Schema): Schema {
  return {
    dialect: schema.dialect,
    tables: sortBy(schema.tables, (t) => t.name).map(normalizeTable),
  };
}

function normalizeTable(table: Table): Table {
  return {
    ...table,
    foreignKeys: sortBy(table.foreignKeys, foreignKeyShape),
    uniques: sortBy(table.uniques, uniqueShape),
    indexes: sortBy(table.indexes, indexShape),
    checks: sortBy(table.checks, checkShape),
  };
}
