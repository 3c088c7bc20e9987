import type { Column, Table } from "../../../src/schema/ir.ts";

/** A column with the given name and type kind (varchar gets length 40), nullable unless told. */
export function col(name: string, type: Column["type"] = { kind: "text" }, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, ...extra };
}

/** A table with an integer `id` primary key and the given extra columns. */
export function table(name: string, columns: readonly Column[], extra: Partial<Table> = {}): Table {
  return {
    name,
    columns: [{ name: "id", type: { kind: "integer" }, nullable: false }, ...columns],
    primaryKey: { columns: ["id"] },
    foreignKeys: [],
    uniques: [],
    indexes: [],
    checks: [],
    ...extra,
  };
}

/** An empty render context. */
export const noContext = { unmanaged: [], tables: [] } as const;
