import type { ColumnType } from "../schema/ir.ts";

const simple: Readonly<Record<string, ColumnType>> = {
  smallint: { kind: "smallint" },
  integer: { kind: "integer" },
  bigint: { kind: "bigint" },
  real: { kind: "real" },
  "double precision": { kind: "double" },
  numeric: { kind: "decimal" },
  boolean: { kind: "boolean" },
  "character varying": { kind: "text" },
  text: { kind: "text" },
  date: { kind: "date" },
  "time without time zone": { kind: "time" },
  "timestamp without time zone": { kind: "timestamp", withTimeZone: false },
  "timestamp with time zone": { kind: "timestamp", withTimeZone: true },
  interval: { kind: "interval" },
  uuid: { kind: "uuid" },
  json: { kind: "json", binary: false },
  jsonb: { kind: "json", binary: true },
  bytea: { kind: "bytes" },
  inet: { kind: "inet" },
  cidr: { kind: "cidr" },
};

/**
 * Maps a PostgreSQL `format_type(atttypid, atttypmod)` text to its canonical ColumnType, as
 * documented in src/schema/ir.ts. Types with modifiers the IR cannot hold (`timestamp(3)`,
 * `time(0) with time zone`, `character(5)`, arrays, enums, extension types …) become `native`
 * with the text lowercased and whitespace collapsed, so they compare and render verbatim.
 */
export function parsePostgresType(formatType: string): ColumnType {
  const text = formatType.trim().replace(/\s+/g, " ");
  const lower = text.toLowerCase();
  const known = simple[lower];
  if (known) return known;
  const varchar = /^character varying\((\d+)\)$/.exec(lower);
  if (varchar) return { kind: "varchar", length: Number(varchar[1]) };
  const numeric = /^numeric\((\d+)(?:,(-?\d+))?\)$/.exec(lower);
  if (numeric) {
    return numeric[2] === undefined
      ? { kind: "decimal", precision: Number(numeric[1]) }
      : { kind: "decimal", precision: Number(numeric[1]), scale: Number(numeric[2]) };
  }
  return { kind: "native", sql: lower };
}

/** Whether a canonical type holds numbers, so a quoted numeric default literal becomes a number. */
export function isNumericType(type: ColumnType): boolean {
  return ["smallint", "integer", "bigint", "real", "double", "decimal"].includes(type.kind);
}
