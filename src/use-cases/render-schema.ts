import { dialectNamed } from "../dialect/dialect.ts";
import type { Schema, UnmanagedObject } from "../schema/ir.ts";

/**
 * Renders a schema as the DDL a fresh database needs, in dependency order (tables, indexes, then
 * foreign keys on PostgreSQL), one statement per paragraph.
 */
export function renderSchemaSql(schema: Schema): string {
  const statements = dialectNamed(schema.dialect).renderSchema(schema);
  if (statements.length === 0) return "";
  // Only a statement ending in `;` or whitespace can end in `;` and whitespace: the others are not
  // searched. Each ends in one `;`, written by the join (not by a copy of each statement).
  return `${statements.map((s) => (endsOpen(s) ? s.replace(/;\s*$/, "") : s)).join(";\n\n")};`;
}

function endsOpen(statement: string): boolean {
  const last = statement[statement.length - 1];
  return last !== undefined && (last === ";" || /\s/.test(last));
}

/** Lists unmanaged objects as SQL comments, one per line (empty when there are none). */
export function describeUnmanaged(unmanaged: readonly UnmanagedObject[]): string {
  if (unmanaged.length === 0) return "";
  const lines = unmanaged.map((o) => `--   ${o.kind} ${o.name}${o.table ? ` (on ${o.table})` : ""}`);
  return `-- Not managed by pormg (never created, altered or dropped):\n${lines.join("\n")}`;
}
