import { dialectNamed } from "../dialect/dialect.ts";
import type { Schema, UnmanagedObject } from "../schema/ir.ts";

/**
 * Renders a schema as the DDL a fresh database needs, in dependency order (tables, indexes, then
 * foreign keys on PostgreSQL), one statement per paragraph.
 */
export function renderSchemaSql(schema: Schema): string {
  const statements = dialectNamed(schema.dialect).renderSchema(schema);
  return statements.map((s) => `${s.replace(/;\s*$/, "")};`).join("\n\n");
}

/** Lists unmanaged objects as SQL comments, one per line (empty when there are none). */
export function describeUnmanaged(unmanaged: readonly UnmanagedObject[]): string {
  if (unmanaged.length === 0) return "";
  const lines = unmanaged.map((o) => `--   ${o.kind} ${o.name}${o.table ? ` (on ${o.table})` : ""}`);
  return `-- Not managed by pormg (never created, altered or dropped):\n${lines.join("\n")}`;
}
