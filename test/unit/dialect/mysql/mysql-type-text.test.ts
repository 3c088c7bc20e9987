import { describe, expect, test } from "bun:test";
import { parseMysqlType, renderMysqlType } from "../../../../src/dialect/mysql/mysql-type-text.ts";
import type { ColumnType } from "../../../../src/schema/ir.ts";

/** Every row of the contract's table: COLUMN_TYPE text (as MySQL 8 or MariaDB prints it) → ColumnType. */
const parsed: [string, ColumnType][] = [
  ["smallint", { kind: "smallint" }],
  ["smallint(6)", { kind: "smallint" }],
  ["int", { kind: "integer" }],
  ["int(11)", { kind: "integer" }],
  ["integer", { kind: "integer" }],
  ["bigint", { kind: "bigint" }],
  ["bigint(20)", { kind: "bigint" }],
  ["tinyint(1)", { kind: "boolean" }],
  ["float", { kind: "real" }],
  ["double", { kind: "double" }],
  ["double precision", { kind: "double" }],
  ["real", { kind: "double" }],
  ["decimal(10,2)", { kind: "decimal", precision: 10, scale: 2 }],
  ["decimal(10,0)", { kind: "decimal", precision: 10, scale: 0 }],
  ["decimal(65,30)", { kind: "decimal", precision: 65, scale: 30 }],
  ["numeric(5,1)", { kind: "decimal", precision: 5, scale: 1 }],
  ["decimal(7)", { kind: "decimal", precision: 7, scale: 0 }],
  ["decimal", { kind: "decimal", precision: 10, scale: 0 }],
  ["varchar(250)", { kind: "varchar", length: 250 }],
  ["varchar(16383)", { kind: "varchar", length: 16383 }],
  ["longtext", { kind: "text" }],
  ["date", { kind: "date" }],
  ["time(6)", { kind: "time" }],
  ["time", { kind: "time", precision: 0 }],
  ["time(3)", { kind: "time", precision: 3 }],
  ["datetime(6)", { kind: "timestamp", withTimeZone: false }],
  ["datetime", { kind: "timestamp", withTimeZone: false, precision: 0 }],
  ["datetime(3)", { kind: "timestamp", withTimeZone: false, precision: 3 }],
  ["char(36)", { kind: "uuid" }],
  ["json", { kind: "json", binary: false }],
  ["longblob", { kind: "bytes" }],
];

/** What stays native (display widths of integers dropped, everything else verbatim, lowercased). */
const natives: [string, string][] = [
  ["int unsigned", "int unsigned"],
  ["int(10) unsigned", "int unsigned"],
  ["bigint(20) unsigned", "bigint unsigned"],
  ["smallint(5) unsigned zerofill", "smallint unsigned zerofill"],
  ["int(11) zerofill", "int zerofill"],
  ["tinyint", "tinyint"],
  ["tinyint(4)", "tinyint"],
  ["tinyint(3) unsigned", "tinyint unsigned"],
  ["mediumint(9)", "mediumint"],
  ["tinyint(1) unsigned", "tinyint unsigned"],
  ["text", "text"],
  ["tinytext", "tinytext"],
  ["mediumtext", "mediumtext"],
  ["blob", "blob"],
  ["varbinary(16)", "varbinary(16)"],
  ["binary(16)", "binary(16)"],
  ["char(10)", "char(10)"],
  ["timestamp", "timestamp"],
  ["timestamp(6)", "timestamp(6)"],
  ["year", "year"],
  ["bit(1)", "bit(1)"],
  ["double(10,2)", "double(10,2)"],
  ["float(7,4)", "float(7,4)"],
  ["uuid", "uuid"],
  ["inet6", "inet6"],
  ["geometry", "geometry"],
  ["enum('a','b')", "enum('a','b')"],
  ["set('x','y')", "set('x','y')"],
  ["time(x)", "time(x)"],
  ["varchar(n)", "varchar(n)"],
];

describe("parseMysqlType: COLUMN_TYPE text to ColumnType", () => {
  test.each(parsed)("%s", (text, type) => {
    expect(parseMysqlType(text)).toEqual(type);
  });

  test.each(natives)("%s stays native (%s)", (text, sql) => {
    expect(parseMysqlType(text)).toEqual({ kind: "native", sql });
  });

  test("case and spacing do not matter", () => {
    expect(parseMysqlType("  BIGINT(20) ")).toEqual({ kind: "bigint" });
    expect(parseMysqlType("DECIMAL( 10 , 2 )")).toEqual({ kind: "decimal", precision: 10, scale: 2 });
    expect(parseMysqlType("Double  Precision")).toEqual({ kind: "double" });
    expect(parseMysqlType("DATETIME(6)")).toEqual({ kind: "timestamp", withTimeZone: false });
    expect(parseMysqlType("INT(10) UNSIGNED")).toEqual({ kind: "native", sql: "int unsigned" });
  });

  test("the values of an enum or set keep their case and spaces", () => {
    expect(parseMysqlType("ENUM('Open','In  Progress','it''s')")).toEqual({
      kind: "native",
      sql: "enum('Open','In  Progress','it''s')",
    });
    expect(parseMysqlType("set('A', 'b')")).toEqual({ kind: "native", sql: "set('A','b')" });
  });
});

/** Each ColumnType MySQL holds and the type it is declared with. */
const rendered: [ColumnType, string][] = [
  [{ kind: "smallint" }, "smallint"],
  [{ kind: "integer" }, "int"],
  [{ kind: "bigint" }, "bigint"],
  [{ kind: "boolean" }, "tinyint(1)"],
  [{ kind: "real" }, "float"],
  [{ kind: "double" }, "double"],
  [{ kind: "decimal", precision: 10, scale: 2 }, "decimal(10,2)"],
  [{ kind: "decimal", precision: 12 }, "decimal(12,0)"],
  [{ kind: "decimal" }, "decimal(10,0)"],
  [{ kind: "varchar", length: 40 }, "varchar(40)"],
  [{ kind: "varchar" }, "varchar(255)"],
  [{ kind: "text" }, "longtext"],
  [{ kind: "date" }, "date"],
  [{ kind: "time" }, "time(6)"],
  [{ kind: "time", precision: 0 }, "time"],
  [{ kind: "time", precision: 3 }, "time(3)"],
  [{ kind: "time", precision: 6 }, "time(6)"],
  [{ kind: "timestamp", withTimeZone: false }, "datetime(6)"],
  [{ kind: "timestamp", withTimeZone: false, precision: 0 }, "datetime"],
  [{ kind: "timestamp", withTimeZone: false, precision: 2 }, "datetime(2)"],
  [{ kind: "uuid" }, "char(36)"],
  [{ kind: "json", binary: false }, "json"],
  [{ kind: "json", binary: true }, "json"],
  [{ kind: "bytes" }, "longblob"],
  [{ kind: "native", sql: "int unsigned" }, "int unsigned"],
  [{ kind: "native", sql: "enum('a','b')" }, "enum('a','b')"],
];

describe("renderMysqlType: ColumnType to the declared type", () => {
  test.each(rendered)("%j → %s", (type, text) => {
    expect(renderMysqlType(type)).toBe(text);
  });

  test("what MySQL has no type for throws (the models refuse it first)", () => {
    expect(() => renderMysqlType({ kind: "interval" })).toThrow("MySQL has no interval type");
    expect(() => renderMysqlType({ kind: "inet" })).toThrow("MySQL has no inet type");
    expect(() => renderMysqlType({ kind: "cidr" })).toThrow("MySQL has no cidr type");
    expect(() => renderMysqlType({ kind: "time", withTimeZone: true })).toThrow("time with time zone");
    expect(() => renderMysqlType({ kind: "timestamp", withTimeZone: true })).toThrow("timestamp with time zone");
  });

  test("a rendered type parses back to itself, but for what has one MySQL form", () => {
    const oneForm = new Set(["decimal(12,0)", "decimal(10,0)", "varchar(255)", "time(6)", "datetime(6)", "json"]);
    for (const [type, text] of rendered) {
      if (oneForm.has(text)) continue;
      expect(parseMysqlType(text)).toEqual(type);
    }
    expect(parseMysqlType(renderMysqlType({ kind: "time", precision: 6 }))).toEqual({ kind: "time" });
    expect(parseMysqlType(renderMysqlType({ kind: "json", binary: true }))).toEqual({ kind: "json", binary: false });
  });
});
