import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import type { NamedNotNull } from "../../schema/ir.ts";
import { quoteIdent } from "./postgres-ddl.ts";

/**
 * The NOT NULL constraints that follow a table or column rename on PostgreSQL 18+. From 18 every
 * NOT NULL is a `pg_constraint` row with a name, `<table>_<column>_not_null` when PostgreSQL picks
 * it, and `ALTER TABLE … RENAME [COLUMN]` keeps that name; pormg renames it with them
 * (`ALTER TABLE … RENAME CONSTRAINT …`), as it renames the default-named keys, indexes and serial
 * sequences, so the renamed table is what a fresh `CREATE TABLE` under the new names makes. A NOT
 * NULL with any other name keeps it. Before 18 introspection reads no names, and nothing follows.
 */

/** The NOT NULL constraint name PostgreSQL 18 picks for `table`.`column`, truncated to 63 bytes. */
export function defaultNotNullName(table: string, column: string): string {
  const name = `${table}_${column}_not_null`;
  const bytes = new TextEncoder().encode(name);
  return bytes.length <= 63 ? name : new TextDecoder().decode(bytes.slice(0, 63)).replace(/\uFFFD+$/, "");
}

function hasDefaultName(n: NamedNotNull): boolean {
  return n.name === defaultNotNullName(n.table, n.column);
}

function rename(table: string, from: string, to: string): string {
  return `ALTER TABLE ${quoteIdent(table)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)};`;
}

/** The statements a `renameTable` from `from` to `to` adds (the columns' final names), run after the rename. */
export function notNullsFollowTable(from: string, to: string, names: PlanNames, context: RenderContext): string[] {
  return (context.notNulls ?? [])
    .filter((n) => n.table === from && hasDefaultName(n))
    .flatMap((n) => {
      const renamed = defaultNotNullName(to, names.planColumn(to, n.column));
      return renamed === n.name ? [] : [rename(to, n.name, renamed)];
    });
}

/**
 * The statements a `renameColumn` of `table` (its final name) to `to` adds: only when the table
 * keeps its name (a renamed table's step already gave the constraint its final name) and this is
 * the column's last rename.
 */
export function notNullsFollowColumn(table: string, to: string, names: PlanNames, context: RenderContext): string[] {
  if (names.liveTable(table) !== table) return [];
  const live = names.liveColumn(table, to);
  if (live === to || names.planColumn(table, live) !== to) return [];
  return (context.notNulls ?? [])
    .filter((n) => n.table === table && n.column === live && hasDefaultName(n))
    .map((n) => rename(table, n.name, defaultNotNullName(table, to)));
}
