import type { LiveSchema, Table, UnmanagedObject } from "../schema/ir.ts";

/**
 * A RenderContext is what rendering needs to know about the live database besides the operations:
 * its unmanaged objects (a SQLite table rebuild drops and re-creates the views and triggers that
 * depend on its table, from their `sql`) and its tables (SQLite re-creates an index it cannot
 * rename from the live definition).
 */
export interface RenderContext {
  readonly unmanaged: readonly UnmanagedObject[];
  readonly tables: readonly Table[];
}

/** The RenderContext of an introspected database. */
export function renderContext(live: LiveSchema): RenderContext {
  return { unmanaged: live.unmanaged, tables: live.schema.tables };
}
