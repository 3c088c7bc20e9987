import { typeNameField } from "../../model/type-map.ts";
import { quoteIdent } from "./sqlite-ddl.ts";
import { parseSqliteType } from "./sqlite-types.ts";

/** SQLite's own spellings of the types a field declares. */
const ALIASES: Readonly<Record<string, string>> = {
  int8: "BigIntegerField",
  float: "FloatField",
  double: "FloatField",
  bool: "BooleanField",
  datetime: "DateTimeField",
  blob: "BinaryField",
  clob: "TextField",
  char: "CharField",
  nvarchar: "CharField",
  character: "CharField",
  "integer unsigned": "PositiveIntegerField",
};

/**
 * The field that declares SQLite type `sql`. What introspection keeps native (a decimal of more
 * digits than SQLite keeps exactly, `VARCHAR(10, 2)` …) compares equal to a NativeField of it, so no
 * other field is better.
 */
export function sqliteKnownTypeField(sql: string): string | undefined {
  if (parseSqliteType(sql).kind === "native") return undefined;
  return typeNameField(sql, ALIASES);
}

/** Whether a type is an integer spelling other than `INTEGER` itself (`INT`, `BIGINT`, `INT8` …): on the sole key, no rowid alias. */
export function sqliteKeyTypeKeepsNative(type: string): boolean {
  const t = type.trim().toUpperCase();
  return t !== "INTEGER" && parseSqliteType(t).kind === "bigint";
}

/** A positive integer field's CHECK as pormg writes it on SQLite (kept verbatim): `"c" >= 0`. */
export function sqliteNonNegativeCheck(column: string): string {
  return `${quoteIdent(column)} >= 0`;
}

/** A BinaryField's byte-length CHECK as pormg writes it on SQLite: `length("c") <= n`. */
export function sqliteByteLengthCheck(column: string, max: number): string {
  return `length(${quoteIdent(column)}) <= ${max}`;
}
