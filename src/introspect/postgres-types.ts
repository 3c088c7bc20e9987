import type { ColumnType } from "../schema/ir.ts";
import { canonicalNativeType } from "../schema/native-type.ts";

const simple: Readonly<Record<string, ColumnType>> = {
  smallint: { kind: "smallint" },
  integer: { kind: "integer" },
  bigint: { kind: "bigint" },
  real: { kind: "real" },
  "double precision": { kind: "double" },
  numeric: { kind: "decimal" },
  boolean: { kind: "boolean" },
  "character varying": { kind: "varchar" },
  text: { kind: "text" },
  date: { kind: "date" },
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
 * documented in src/schema/ir.ts: precision of `time(p)` / `timestamp(p)` (with or without time
 * zone) and length-less `character varying` are kept as written. Types the IR has no kind for
 * (`character(5)`, arrays, interval fields, enums, domains, extension types …) become `native` in
 * `canonicalNativeType` form (quoted names keep their case), so they compare and render verbatim.
 */
export function parsePostgresType(formatType: string): ColumnType {
  const text = canonicalNativeType(formatType);
  const known = simple[text];
  if (known) return known;
  const varchar = /^character varying\((\d+)\)$/.exec(text);
  if (varchar) return { kind: "varchar", length: Number(varchar[1]) };
  const numeric = /^numeric\((\d+)(?:,(-?\d+))?\)$/.exec(text);
  if (numeric) {
    return numeric[2] === undefined
      ? { kind: "decimal", precision: Number(numeric[1]) }
      : { kind: "decimal", precision: Number(numeric[1]), scale: Number(numeric[2]) };
  }
  const temporal = /^(time|timestamp)(?:\((\d+)\))? (with|without) time zone$/.exec(text);
  if (temporal) {
    const precision = temporal[2] === undefined ? {} : { precision: Number(temporal[2]) };
    const withTimeZone = temporal[3] === "with";
    if (temporal[1] === "timestamp") return { kind: "timestamp", withTimeZone, ...precision };
    return { kind: "time", ...(withTimeZone && { withTimeZone: true as const }), ...precision };
  }
  return { kind: "native", sql: text };
}

/** Whether a canonical type holds numbers, so a quoted numeric default literal becomes a number. */
export function isNumericType(type: ColumnType): boolean {
  return ["smallint", "integer", "bigint", "real", "double", "decimal"].includes(type.kind);
}
