import { describe, expect, test } from "bun:test";
import { mysqlLossy } from "../../../../src/dialect/mysql/mysql-lossy.ts";
import { quoteIdent } from "../../../../src/dialect/mysql/mysql-quote.ts";
import type { ColumnType } from "../../../../src/schema/ir.ts";

const findings = (from: ColumnType, to: ColumnType) =>
  mysqlLossy.typeFindings("`c`", from, to).map((f) => [f.kind, f.reason.split(" ")[0], f.predicate]);

describe("MySQL lossy rules", () => {
  test("narrowing text: CHAR_LENGTH over the limit; widening is free", () => {
    expect(findings({ kind: "varchar", length: 80 }, { kind: "varchar", length: 40 })).toEqual([
      ["rows", "varchar_length", "CHAR_LENGTH(`c`) > 40"],
    ]);
    expect(findings({ kind: "text" }, { kind: "varchar", length: 40 })).toEqual([
      ["rows", "varchar_length", "CHAR_LENGTH(`c`) > 40"],
    ]);
    expect(findings({ kind: "varchar", length: 40 }, { kind: "varchar", length: 80 })).toEqual([]);
    expect(findings({ kind: "varchar", length: 40 }, { kind: "text" })).toEqual([]);
    expect(findings({ kind: "integer" }, { kind: "varchar", length: 5 })).toEqual([
      ["rows", "varchar_length", "CHAR_LENGTH(CAST(`c` AS CHAR)) > 5"],
    ]);
  });

  test("integers: out of range fails; a boolean is a tinyint", () => {
    expect(findings({ kind: "integer" }, { kind: "smallint" })).toEqual([
      ["rows", "integer_range", "`c` NOT BETWEEN -32768 AND 32767"],
    ]);
    expect(findings({ kind: "smallint" }, { kind: "integer" })).toEqual([]);
    expect(findings({ kind: "integer" }, { kind: "boolean" })).toEqual([
      ["rows", "integer_range", "`c` NOT BETWEEN -128 AND 127"],
    ]);
    expect(findings({ kind: "double" }, { kind: "integer" })).toEqual([
      ["rows", "integer_range", "ROUND(`c`) NOT BETWEEN -2147483648 AND 2147483647"],
      ["silent", "to_integer", "`c` <> ROUND(`c`)"],
    ]);
  });

  test("decimals: fewer digits before the point fail, a lower scale rounds silently", () => {
    expect(findings({ kind: "decimal", precision: 10, scale: 4 }, { kind: "decimal", precision: 8, scale: 2 })).toEqual(
      [
        ["rows", "decimal_precision", "ABS(ROUND(`c`, 2)) >= 1000000"],
        ["silent", "decimal_scale", "`c` <> ROUND(`c`, 2)"],
      ],
    );
    expect(findings({ kind: "decimal", precision: 8, scale: 2 }, { kind: "decimal", precision: 10, scale: 2 })).toEqual(
      [],
    );
  });

  test("text to a typed column: REGEXP without backslashes, JSON_VALID", () => {
    const [number] = findings({ kind: "varchar", length: 9 }, { kind: "integer" });
    expect(number?.[2]).toBe("`c` NOT REGEXP '^[[:space:]]*[-+]?[0-9]+[[:space:]]*$'");
    expect(number?.[2]).not.toContain("\\");
    expect(findings({ kind: "text" }, { kind: "json", binary: false })).toEqual([
      ["rows", "text_cast", "JSON_VALID(`c`) = 0"],
    ]);
  });

  test("dates and times lose precision or parts silently", () => {
    expect(
      findings({ kind: "timestamp", withTimeZone: false }, { kind: "timestamp", withTimeZone: false, precision: 0 }),
    ).toEqual([["silent", "time_precision", "`c` <> CAST(`c` AS DATETIME(0))"]]);
    // No precision is datetime(6): the same type, nothing lost.
    expect(
      findings({ kind: "timestamp", withTimeZone: false, precision: 6 }, { kind: "timestamp", withTimeZone: false }),
    ).toEqual([]);
    expect(findings({ kind: "timestamp", withTimeZone: false }, { kind: "date" })).toEqual([
      ["silent", "to_date", "CAST(`c` AS TIME(6)) <> '00:00:00'"],
    ]);
  });

  test("a new primary key counts NULLs and duplicates in MySQL SQL; CAST types MySQL takes", () => {
    expect(mysqlLossy.primaryKeyCount("t", ["a", "b"], { quoteIdent })).toBe(
      "SELECT (SELECT count(*) FROM `t` WHERE `a` IS NULL OR `b` IS NULL) + (SELECT CAST(COALESCE(SUM(d.k), 0) AS SIGNED) FROM (SELECT count(*) AS k FROM `t` WHERE `a` IS NOT NULL AND `b` IS NOT NULL GROUP BY `a`, `b` HAVING count(*) > 1) AS d) AS n",
    );
    expect(mysqlLossy.castType({ kind: "bigint" })).toBe("SIGNED");
    expect(mysqlLossy.castType({ kind: "varchar", length: 3 })).toBe("CHAR");
    expect(mysqlLossy.castType({ kind: "decimal", precision: 6, scale: 2 })).toBe("DECIMAL(6,2)");
  });
});
