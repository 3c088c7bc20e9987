/**
 * The unmanaged inventory of a MySQL / MariaDB database: what pormg sees there but never creates,
 * alters or drops — views, MariaDB sequences, triggers (with their table), stored functions and
 * procedures, and events — as PostgreSQL and SQLite report theirs. No `dependents` are read:
 * MariaDB has no `VIEW_TABLE_USAGE` (MySQL has it from 8.0.13), so which columns a view reads is not
 * in the catalog of both.
 */
import type { UnmanagedObject } from "../../schema/ir.ts";
import type { MysqlInventoryRow, MysqlTableRow } from "./mysql-catalog.ts";

/** The unmanaged object a row of the tables query that is not a table stands for, if any. */
export function relationObject(row: MysqlTableRow): UnmanagedObject | undefined {
  switch (row.type) {
    case "VIEW":
      return { kind: "view", name: row.name };
    case "SEQUENCE":
      return { kind: "sequence", name: row.name };
    default:
      return undefined;
  }
}

/**
 * The inventory rows (triggers, routines, events) as unmanaged objects, leaving out the triggers of
 * tables that `skipped` says are not pormg's to report (ignored tables: pormg's history triggers
 * among them).
 */
export function inventoryObjects(
  rows: readonly MysqlInventoryRow[],
  skipped: (table: string) => boolean,
): UnmanagedObject[] {
  const objects: UnmanagedObject[] = [];
  for (const row of rows) {
    if (row.table !== null) {
      if (!skipped(row.table)) objects.push({ kind: row.kind, name: row.name, table: row.table });
    } else objects.push({ kind: row.kind, name: row.name });
  }
  return objects;
}
