import { describe, expect, test } from "bun:test";
import { canonicalTimeFunction, cleanMysqlDefault } from "../../../../src/dialect/mysql/mysql-defaults.ts";
import type { ColumnType } from "../../../../src/schema/ir.ts";

const varchar: ColumnType = { kind: "varchar", length: 20 };
const decimal: ColumnType = { kind: "decimal", precision: 10, scale: 2 };
const boolean: ColumnType = { kind: "boolean" };
const datetime: ColumnType = { kind: "timestamp", withTimeZone: false };
const timestamp: ColumnType = { kind: "native", sql: "timestamp" };
const unsigned: ColumnType = { kind: "native", sql: "int unsigned" };

describe("cleanMysqlDefault, MariaDB spelling (quoted literals, NULL as a word)", () => {
  const maria = (text: string | null, type: ColumnType = varchar) => cleanMysqlDefault(text, "", type, "mariadb");
  test("literals, NULL, numbers, booleans, expressions", () => {
    expect(maria(null)).toBeUndefined();
    expect(maria("NULL")).toBeUndefined();
    expect(maria("'NULL'")).toEqual({ kind: "literal", value: "NULL" });
    expect(maria("'it''s'")).toEqual({ kind: "literal", value: "it's" });
    expect(maria("'a\\\\b\\nc\\%'")).toEqual({ kind: "literal", value: "a\\b\nc\\%" });
    expect(maria("''")).toEqual({ kind: "literal", value: "" });
    expect(maria("20.50", decimal)).toEqual({ kind: "literal", value: 20.5 });
    expect(maria("0.00", decimal)).toEqual({ kind: "literal", value: 0 });
    expect(maria("-0.00", decimal)).toEqual({ kind: "literal", value: 0 });
    expect(maria("7", unsigned)).toEqual({ kind: "literal", value: 7 });
    expect(maria("1", boolean)).toEqual({ kind: "literal", value: true });
    expect(maria("current_timestamp()", datetime)).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP" });
    expect(maria("current_timestamp(6)", datetime)).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP(6)" });
    expect(maria("uuid()")).toEqual({ kind: "expression", sql: "uuid()" });
    expect(maria("(1 + 2)")).toEqual({ kind: "expression", sql: "1 + 2" });
  });
});

describe("cleanMysqlDefault, MySQL 8 spelling (bare literals, DEFAULT_GENERATED expressions)", () => {
  const mysql = (text: string | null, type: ColumnType = varchar, extra = "") =>
    cleanMysqlDefault(text, extra, type, "mysql");
  test("a bare text is the literal itself, NULL and 'NULL' are told apart by SQL NULL", () => {
    expect(mysql(null)).toBeUndefined();
    expect(mysql("NULL")).toEqual({ kind: "literal", value: "NULL" });
    expect(mysql("it's")).toEqual({ kind: "literal", value: "it's" });
    expect(mysql("")).toEqual({ kind: "literal", value: "" });
    expect(mysql("20.50", decimal)).toEqual({ kind: "literal", value: 20.5 });
    expect(mysql("12", varchar)).toEqual({ kind: "literal", value: "12" });
    expect(mysql("0", boolean)).toEqual({ kind: "literal", value: false });
  });
  test("expressions are marked DEFAULT_GENERATED; CURRENT_TIMESTAMP on a time column before 8.0.13 is not", () => {
    expect(mysql("CURRENT_TIMESTAMP", timestamp, "DEFAULT_GENERATED on update CURRENT_TIMESTAMP")).toEqual({
      kind: "expression",
      sql: "CURRENT_TIMESTAMP",
    });
    expect(mysql("CURRENT_TIMESTAMP(3)", datetime)).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP(3)" });
    expect(mysql("CURRENT_TIMESTAMP", varchar)).toEqual({ kind: "literal", value: "CURRENT_TIMESTAMP" });
    expect(mysql("(rand())", { kind: "double" }, "DEFAULT_GENERATED")).toEqual({ kind: "expression", sql: "rand()" });
    expect(mysql("uuid()", { kind: "uuid" }, "DEFAULT_GENERATED")).toEqual({ kind: "expression", sql: "uuid()" });
  });
});

test("canonicalTimeFunction spells the time functions as the other dialects do", () => {
  expect(canonicalTimeFunction("now()")).toBe("CURRENT_TIMESTAMP");
  expect(canonicalTimeFunction("current_timestamp(0)")).toBe("CURRENT_TIMESTAMP");
  expect(canonicalTimeFunction("curdate()")).toBe("CURRENT_DATE");
  expect(canonicalTimeFunction("CURRENT_TIME")).toBe("CURRENT_TIME");
  expect(canonicalTimeFunction("rand()")).toBeUndefined();
});
