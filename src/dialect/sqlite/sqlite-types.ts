import type { ColumnType } from "../../schema/ir.ts";
import { canonicalNativeType, SQLITE_DECIMAL_DIGITS } from "../../schema/native-type.ts";

/**
 * Maps a SQLite column's declared type text (as `pragma_table_xinfo` reports it) onto a canonical
 * ColumnType, following the SQLite rules documented on `ColumnType` in src/schema/ir.ts:
 * INTEGER/INT/BIGINT/INT8 → bigint, SMALLINT → smallint, INTEGER UNSIGNED → integer,
 * REAL/FLOAT/DOUBLE [PRECISION] → double, DECIMAL/NUMERIC[(p[,s])] → decimal, BOOLEAN/BOOL → boolean,
 * [N]VARCHAR(n)/[N]CHAR(n)/CHARACTER(n)/TEXT(n)/CLOB(n) → varchar(n), the same without a length → text,
 * DATE, TIME, DATETIME/TIMESTAMP/TIMESTAMPTZ → timestamp (without time zone), INTERVAL, UUID,
 * JSON/JSONB → json (not binary), BLOB → bytes. Anything else is `native`, normalized as the
 * models normalize a NativeField's type (`canonicalNativeType`: lowercased outside double quotes,
 * whitespace collapsed; an empty declared type is `native ""`), and so is a DECIMAL/NUMERIC of
 * more than 15 digits, which no DecimalField declares on SQLite. Matching ignores case and spaces around parentheses and commas.
 */
export function parseSqliteType(declared: string): ColumnType {
  // A schema repeats a few declared types over many columns: each is parsed once (a copy is
  // returned, so no two columns share a type object).
  let parsed = parsedTypes.get(declared);
  if (parsed === undefined) {
    if (parsedTypes.size >= 4096) parsedTypes.clear();
    parsed = parseDeclaredType(declared);
    parsedTypes.set(declared, parsed);
  }
  return { ...parsed };
}

const parsedTypes = new Map<string, ColumnType>();

function parseDeclaredType(declared: string): ColumnType {
  const text = declared
    .trim()
    .replace(/\s+/g, " ")
    .replace(/\s*([(),])\s*/g, "$1")
    .toLowerCase();
  const match = /^([a-z][a-z0-9 ]*?)(?:\((\d+)(?:,(\d+))?\))?$/.exec(text);
  const base = match?.[1];
  if (!match || base === undefined) return native(declared);
  const [, , first, second] = match;
  const n1 = first === undefined ? undefined : Number(first);
  const n2 = second === undefined ? undefined : Number(second);
  const noArgs = n1 === undefined;
  if (base === "decimal" || base === "numeric") {
    if (n1 !== undefined && n1 > SQLITE_DECIMAL_DIGITS) return native(declared);
    return { kind: "decimal", ...(n1 !== undefined && { precision: n1 }), ...(n2 !== undefined && { scale: n2 }) };
  }
  if (textBases.has(base) && n2 === undefined)
    return n1 === undefined ? { kind: "text" } : { kind: "varchar", length: n1 };
  if (!noArgs) return native(declared);
  return simpleTypes[base] ?? native(declared);
}

function native(declared: string): ColumnType {
  return { kind: "native", sql: canonicalNativeType(declared) };
}

const textBases = new Set([
  "varchar",
  "nvarchar",
  "char",
  "nchar",
  "character",
  "character varying",
  "varying character",
  "native character",
  "text",
  "clob",
]);

const simpleTypes: Readonly<Record<string, ColumnType>> = {
  integer: { kind: "bigint" },
  int: { kind: "bigint" },
  bigint: { kind: "bigint" },
  int8: { kind: "bigint" },
  smallint: { kind: "smallint" },
  "integer unsigned": { kind: "integer" },
  real: { kind: "double" },
  float: { kind: "double" },
  double: { kind: "double" },
  "double precision": { kind: "double" },
  boolean: { kind: "boolean" },
  bool: { kind: "boolean" },
  date: { kind: "date" },
  time: { kind: "time" },
  datetime: { kind: "timestamp", withTimeZone: false },
  timestamp: { kind: "timestamp", withTimeZone: false },
  timestamptz: { kind: "timestamp", withTimeZone: false },
  interval: { kind: "interval" },
  uuid: { kind: "uuid" },
  json: { kind: "json", binary: false },
  jsonb: { kind: "json", binary: false },
  blob: { kind: "bytes" },
};
