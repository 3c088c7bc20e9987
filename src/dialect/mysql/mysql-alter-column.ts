import { PormgError } from "../../core/errors.ts";
import { recreatesColumn } from "../../diff/diff-columns.ts";
import type { Column } from "../../schema/ir.ts";
import type { ColumnChange } from "../../schema/operation.ts";
import { renderColumnDefinition } from "./mysql-ddl.ts";
import { quoteIdent } from "./mysql-quote.ts";

/**
 * The column `MODIFY COLUMN` must restate: the live column `from` (under its name at the time the
 * step runs, `to.name`) with each aspect listed in `changes` taken from the target `to`. MODIFY
 * replaces the whole definition, so an aspect it leaves out is lost without a word — a collation
 * falls back to the table's, AUTO_INCREMENT and the default go — and every aspect that does not
 * change is therefore written again as the live column has it.
 */
export function modifiedColumn(from: Column, to: Column, changes: readonly ColumnChange[]): Column {
  const pick = <K extends "default" | "identity" | "collation" | "generated">(change: ColumnChange, key: K) => {
    const value = (changes.includes(change) ? to : from)[key];
    return value === undefined ? {} : ({ [key]: value } as Pick<Column, K>);
  };
  return {
    name: to.name,
    type: changes.includes("type") ? to.type : from.type,
    nullable: changes.includes("nullable") ? to.nullable : from.nullable,
    ...pick("default", "default"),
    ...pick("identity", "identity"),
    ...pick("collation", "collation"),
    ...pick("generated", "generated"),
  };
}

/**
 * The one ALTER TABLE statement of a MySQL column change: `MODIFY COLUMN` with the whole definition
 * ({@link modifiedColumn}) for a type, nullability, default, AUTO_INCREMENT, collation change, or a
 * STORED generated column becoming plain (it keeps its values); `DROP COLUMN …, ADD COLUMN …` (one
 * statement) for a column that becomes generated or whose expression changes (`recreatesColumn`),
 * which MySQL recomputes. A new AUTO_INCREMENT continues after the column's largest value by itself.
 * `table` and `to.name` are the names at the time the step runs. Throws `PLAN_REFUSED` for a VIRTUAL
 * column becoming plain, which MariaDB cannot do in place.
 */
export function alterColumnStatement(
  table: string,
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
): string {
  const t = quoteIdent(table);
  if (recreatesColumn(from, to))
    return `ALTER TABLE ${t} DROP COLUMN ${quoteIdent(to.name)}, ADD COLUMN ${renderColumnDefinition(to)};`;
  if (from.generated && !to.generated && !from.generated.stored) {
    throw new PormgError(
      "PLAN_REFUSED",
      `column "${to.name}" of "${table}" is a VIRTUAL generated column, and MariaDB cannot turn a VIRTUAL column into a plain one in place. ` +
        "Make it STORED first (generated: { …, stored: true }, one migrate), then plain; or drop and re-add it.",
      { table, column: to.name },
    );
  }
  return `ALTER TABLE ${t} MODIFY COLUMN ${renderColumnDefinition(modifiedColumn(from, to, changes))};`;
}
