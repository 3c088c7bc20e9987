import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import type { OwnedSequence } from "../../schema/ir.ts";
import { quoteIdent } from "./postgres-ddl.ts";
import { defaultSequenceName } from "./postgres-sequences.ts";

/**
 * The serial sequences that follow a table or column rename on PostgreSQL. A serial column's
 * sequence is named `<table>_<column>_seq` when PostgreSQL creates it, and keeps that name when the
 * table or column is renamed; pormg renames it with them (`ALTER SEQUENCE … RENAME TO …`), as it
 * renames the default-named keys and indexes (src/diff/default-name-renames.ts), so the renamed table
 * is what a fresh `CREATE TABLE` under the new name makes. A sequence with any other name (shared,
 * hand-named, in another schema) keeps it. The column's `nextval` default reads the sequence by OID
 * and follows by itself.
 */

/** A sequence name as `regclass` prints it: bare when it needs no quotes (a `…_seq` name is never a keyword). */
function ddlName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name);
}

/** Whether owned sequence `s` still has the default name for its live table and column. */
function hasDefaultName(s: OwnedSequence): boolean {
  return s.sql === ddlName(defaultSequenceName(s.table, s.column));
}

/** The `ALTER SEQUENCE … RENAME TO …` statements a `renameTable` from `from` to `to` adds (the columns' final names). */
export function followTableRename(from: string, to: string, names: PlanNames, context: RenderContext): string[] {
  return (context.ownedSequences ?? [])
    .filter((s) => s.table === from && hasDefaultName(s))
    .flatMap((s) => {
      const renamed = defaultSequenceName(to, names.planColumn(to, s.column));
      return renamed === defaultSequenceName(s.table, s.column)
        ? []
        : [`ALTER SEQUENCE ${s.sql} RENAME TO ${quoteIdent(renamed)};`];
    });
}

/**
 * The statements a `renameColumn` of `table` (its final name) to `to` adds: only when the table
 * itself keeps its name (a renamed table's step already gave the sequence its final name) and this
 * is the column's last rename.
 */
export function followColumnRename(table: string, to: string, names: PlanNames, context: RenderContext): string[] {
  if (names.liveTable(table) !== table) return [];
  const live = names.liveColumn(table, to);
  if (live === to || names.planColumn(table, live) !== to) return [];
  return (context.ownedSequences ?? [])
    .filter((s) => s.table === table && s.column === live && hasDefaultName(s))
    .map((s) => `ALTER SEQUENCE ${s.sql} RENAME TO ${quoteIdent(defaultSequenceName(table, to))};`);
}

/**
 * The sequence column `column` of `table` (plan names) owns, as DDL names it once the plan's
 * renames ran (`followTableRename`, `followColumnRename`), or undefined when it owns none.
 */
export function ownedSequenceName(
  table: string,
  column: string,
  names: PlanNames,
  context: RenderContext,
): string | undefined {
  const liveTable = names.liveTable(table);
  const liveColumn = names.liveColumn(table, column);
  const owned = context.ownedSequences?.find((s) => s.table === liveTable && s.column === liveColumn);
  if (owned === undefined || !hasDefaultName(owned)) return owned?.sql;
  return ddlName(defaultSequenceName(table, column));
}
