import type { ColumnType } from "../../schema/ir.ts";
import { canonicalNativeType } from "../../schema/native-type.ts";

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

export { isNumericType } from "../../schema/number-text.ts";

/** Spellings of one type that `pg_get_expr` and `format_type` may print, mapped to one name. */
const synonyms: Readonly<Record<string, string>> = {
  bpchar: "character",
  char: "character",
  varchar: "character varying",
  int: "integer",
  int4: "integer",
  int2: "smallint",
  int8: "bigint",
  float4: "real",
  float8: "double precision",
  bool: "boolean",
  decimal: "numeric",
  timestamp: "timestamp without time zone",
  timestamptz: "timestamp with time zone",
  time: "time without time zone",
  timetz: "time with time zone",
};

/**
 * A type's name without its modifiers, in one spelling, so a cast in a default can be compared with
 * the column's type: `character varying(20)` and `character varying` → `character varying`,
 * `timestamp(3) with time zone` and `timestamptz` → `timestamp with time zone`, `'x'::bpchar` on a
 * `character(3)` column → `character`; array brackets are kept.
 */
export function baseTypeName(sql: string): string {
  const text = sql
    .toLowerCase()
    .replaceAll('"', "")
    .replace(/\(\s*\d+\s*(?:,\s*-?\d+\s*)?\)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const array = /(\[\])+$/.exec(text)?.[0] ?? "";
  const base = text.slice(0, text.length - array.length).trim();
  return `${synonyms[base] ?? base}${array}`;
}

/**
 * The name `format_type` prints for a canonical type, without modifiers: `character varying` (with
 * or without a length), `numeric`, `time with time zone` (timetz), `timestamp without time zone` …
 */
export function formatTypeOf(type: ColumnType): string {
  switch (type.kind) {
    case "double":
      return "double precision";
    case "decimal":
      return "numeric";
    case "varchar":
      return "character varying";
    case "time":
      return type.withTimeZone ? "time with time zone" : "time without time zone";
    case "timestamp":
      return type.withTimeZone ? "timestamp with time zone" : "timestamp without time zone";
    case "json":
      return type.binary ? "jsonb" : "json";
    case "bytes":
      return "bytea";
    case "native":
      return type.sql;
    default:
      return type.kind;
  }
}

/** `text` and `character varying` hold the same values: a literal cast to either is the same text. */
const textFamily = new Set(["text", "character varying"]);

/**
 * Whether a cast PostgreSQL printed on a default's literal (`'x'::character varying`) keeps the
 * literal's value on a column of `type`: the column's own type, ignoring modifiers, or on a `text` or
 * `varchar` column either of the two (PostgreSQL leaves `'x'::text` on a column retyped from text to
 * varchar). Any other cast (`'0001-01-01'::timestamp` on a timestamptz column) changes what the
 * default means.
 */
export function isOwnTypeCast(cast: string, type: ColumnType): boolean {
  const name = baseTypeName(cast);
  const own = baseTypeName(formatTypeOf(type));
  return name === own || (textFamily.has(name) && textFamily.has(own));
}
