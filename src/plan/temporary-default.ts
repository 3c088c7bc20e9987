import type { Column } from "../schema/ir.ts";
import type { Operation } from "../schema/operation.ts";

/** What a dialect's temporary default needs: its SQL for the current local date-time (no time zone). */
export interface TemporaryDefaultSql {
  /** PostgreSQL `LOCALTIMESTAMP` (the session's local time); SQLite `CURRENT_TIMESTAMP` (UTC text). */
  readonly localTimestamp: string;
}

/**
 * PormG's temporary default: a new NOT NULL date or date-time column with no
 * default (no identity, not generated) cannot be added to a table that has rows, so pormg fills
 * the existing rows with the time the migration runs and keeps no default afterwards. Returns the SQL of that
 * value for `column` — PostgreSQL `CURRENT_DATE`, `CURRENT_TIMESTAMP` (timestamptz) or
 * `LOCALTIMESTAMP` (timestamp without time zone: the session's local time); SQLite `CURRENT_DATE`
 * or `CURRENT_TIMESTAMP` (UTC text) — or undefined when the column needs none. `time` columns get
 * none (a time of day "now" is no sensible value for old rows). A date-time without time zone gets
 * the dialect's `localTimestamp`. Pure.
 */
export function temporaryDefault(column: Column, sql: TemporaryDefaultSql): string | undefined {
  if (column.nullable || column.default !== undefined || column.identity !== undefined) return undefined;
  if (column.generated !== undefined) return undefined; // computed from its row, never filled
  if (column.type.kind === "date") return "CURRENT_DATE";
  if (column.type.kind !== "timestamp") return undefined;
  return column.type.withTimeZone ? "CURRENT_TIMESTAMP" : sql.localTimestamp;
}

/**
 * One line per column of `ops` that gets PormG's temporary default, for people to read: which
 * column, what value existing rows get, and how to choose another one.
 */
export function temporaryDefaultNotes(ops: readonly Operation[], sql: TemporaryDefaultSql): string[] {
  const note = (table: string, column: Column, value: string) =>
    `"${table}"."${column.name}" is a new NOT NULL ${column.type.kind === "date" ? "date" : "date-time"} column with no default: ` +
    `rows already in "${table}" get ${value} (the time the migration runs; PormG's temporary default, dropped right after). ` +
    "Give the field a `default` in the models to choose another value.";
  return ops.flatMap((op) => {
    if (op.kind === "addColumn") {
      const value = temporaryDefault(op.column, sql);
      return value === undefined ? [] : [note(op.table, op.column, value)];
    }
    if (op.kind !== "rebuildTable") return [];
    const mapped = new Set(op.columns.map((c) => c.to));
    return op.to.columns.flatMap((c) => {
      const value = mapped.has(c.name) ? undefined : temporaryDefault(c, sql);
      return value === undefined ? [] : [note(op.to.name, c, value)];
    });
  });
}
