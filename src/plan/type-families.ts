import { sameJson } from "../core/canonical-json.ts";
import type { ColumnType } from "../schema/ir.ts";

/**
 * Families of canonical column types, and the facts about them that rendering and lossy
 * classification share (integer ranges, SQLite affinities).
 */

type Kind = ColumnType["kind"];

const integerKinds: readonly Kind[] = ["smallint", "integer", "bigint"];
const numberKinds: readonly Kind[] = [...integerKinds, "real", "double", "decimal"];

/** Whether the type is smallint, integer or bigint. */
export function isInteger(type: ColumnType): boolean {
  return integerKinds.includes(type.kind);
}

/** Whether the type is a number: an integer, real, double or decimal. */
export function isNumber(type: ColumnType): boolean {
  return numberKinds.includes(type.kind);
}

/** Whether the type is text or varchar(n). */
export function isText(type: ColumnType): boolean {
  return type.kind === "text" || type.kind === "varchar";
}

/** Whether the type is date, time or timestamp (with or without time zone). */
export function isDateTime(type: ColumnType): boolean {
  return type.kind === "date" || type.kind === "time" || type.kind === "timestamp";
}

/** The rank of an integer kind (smallint 0, integer 1, bigint 2); -1 for other types. */
export function integerRank(type: ColumnType): number {
  return integerKinds.indexOf(type.kind);
}

/** The inclusive range of a PostgreSQL integer type, as SQL literals. */
export function integerRange(type: ColumnType): readonly [string, string] {
  switch (type.kind) {
    case "smallint":
      return ["-32768", "32767"];
    case "integer":
      return ["-2147483648", "2147483647"];
    default:
      return ["-9223372036854775808", "9223372036854775807"];
  }
}

/** Whether the two types are the same, parameters included. */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  return sameJson(a, b);
}

/** A SQLite column affinity (https://www.sqlite.org/datatype3.html#determination_of_column_affinity). */
export type SqliteAffinity = "INTEGER" | "TEXT" | "BLOB" | "REAL" | "NUMERIC";

/** The affinity SQLite gives a declared type, by the five rules of the SQLite documentation. */
export function sqliteAffinity(declared: string): SqliteAffinity {
  const upper = declared.toUpperCase();
  if (upper.includes("INT")) return "INTEGER";
  if (upper.includes("CHAR") || upper.includes("CLOB") || upper.includes("TEXT")) return "TEXT";
  if (upper.includes("BLOB") || upper.trim() === "") return "BLOB";
  if (upper.includes("REAL") || upper.includes("FLOA") || upper.includes("DOUB")) return "REAL";
  return "NUMERIC";
}
