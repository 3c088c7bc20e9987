import { describe, expect, test } from "bun:test";
import { escapeMysqlLike, mysqlQuery } from "../../../../src/dialect/mysql/mysql-query.ts";

describe("mysqlQuery", () => {
  test("? placeholders; LIMIT before any OFFSET", () => {
    expect([mysqlQuery.placeholder(1), mysqlQuery.placeholder(7)]).toEqual(["?", "?"]);
    expect(mysqlQuery.limitOffset(undefined, undefined)).toEqual([]);
    expect(mysqlQuery.limitOffset(5, undefined)).toEqual(["LIMIT 5"]);
    expect(mysqlQuery.limitOffset(undefined, 5)).toEqual(["LIMIT 18446744073709551615", "OFFSET 5"]);
    expect(mysqlQuery.limitOffset(2, 3)).toEqual(["LIMIT 2", "OFFSET 3"]);
  });

  test("patterns escape with ! (one character in every sql_mode) and compare under utf8mb4_bin", () => {
    expect(escapeMysqlLike("50%_off!\\")).toBe("50!%!_off!!\\");
    const bound: string[] = [];
    const bind = (v: string) => {
      bound.push(v);
      return "?";
    };
    expect(mysqlQuery.pattern("`t`.`name`", "CharField", "contains", "a%", bind)).toBe(
      "`t`.`name` LIKE ? COLLATE utf8mb4_bin ESCAPE '!'",
    );
    expect(mysqlQuery.pattern("`t`.`id`", "IntegerField", "istartswith", "1_", bind)).toBe(
      "LOWER(CAST(`t`.`id` AS CHAR)) LIKE LOWER(?) COLLATE utf8mb4_bin ESCAPE '!'",
    );
    expect(bound).toEqual(["%a!%%", "1!_%"]);
  });

  test("Dates are bound as UTC DATETIME text, other values as they are", () => {
    expect(mysqlQuery.parameter(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe("2024-01-02 03:04:05.006");
    expect([mysqlQuery.parameter(1n), mysqlQuery.parameter(true), mysqlQuery.parameter(null)]).toEqual([
      1n,
      true,
      null,
    ]);
    expect(mysqlQuery.explainMethod).toBe("EXPLAIN FORMAT=JSON");
  });
});
