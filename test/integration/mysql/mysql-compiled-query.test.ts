/**
 * The query compiler with MySQL's hooks and quoting (the parts of a QueryDialect this branch
 * has), run on MariaDB / MySQL: joins, pattern lookups, ordering, LIMIT/OFFSET, count (also of a
 * limited query, whose derived table needs a backquoted alias) and exists, and EXPLAIN.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { mysqlQuery } from "../../../src/dialect/mysql/mysql-query.ts";
import { quoteIdent } from "../../../src/dialect/mysql/mysql-quote.ts";
import { query } from "../../../src/query/bind-models.ts";
import { explainQuery } from "../../../src/query/explain.ts";
import { inspectQuery } from "../../../src/query/inspect-query.ts";
import type { QueryDialect } from "../../../src/query/query-hooks.ts";
import type { QuerySet } from "../../../src/query/query-set.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";
import { F1 } from "../../unit/query/f1-models.ts";

const mysql: QueryDialect = {
  name: "mysql",
  capabilities: { placeholders: "positional" },
  quoteIdent,
  query: mysqlQuery,
};

let db: MysqlTestDatabase;
let driver: Driver;

beforeAll(async () => {
  db = await freshMysqlDatabase("sql");
  driver = db.driver;
  for (const sql of [
    "CREATE TABLE circuit (circuitId int PRIMARY KEY, name varchar(255), country varchar(60))",
    "CREATE TABLE driver (driverId int PRIMARY KEY, code varchar(3), surname varchar(100), born date, active tinyint(1))",
    "CREATE TABLE teams (constructorId int PRIMARY KEY, name varchar(255))",
    "CREATE TABLE race (raceId int PRIMARY KEY, circuitId int, year int)",
    "CREATE TABLE result (resultId int PRIMARY KEY, raceId int, driverId int, constructorId int NULL, position smallint, points decimal(5,2))",
    "INSERT INTO circuit VALUES (1, 'Monza', 'Italy'), (2, 'Silverstone', 'UK')",
    "INSERT INTO driver VALUES (1, 'HAM', 'Hamilton', '1985-01-07', 1), (2, 'LEC', 'Leclerc', '1997-10-16', 1), (3, 'X', '50%_off\\\\', NULL, 0)",
    "INSERT INTO teams VALUES (1, 'Ferrari'), (2, 'Mercedes')",
    "INSERT INTO race VALUES (1, 1, 2023), (2, 1, 2024), (3, 2, 2024)",
    "INSERT INTO result VALUES (1, 1, 1, 2, 1, 25), (2, 1, 2, 1, 2, 18), (3, 2, 1, 1, 1, 25), (4, 2, 2, 1, 3, 15), (5, 3, 3, NULL, 10, 1)",
  ])
    await driver.execute(sql);
});
afterAll(async () => {
  await db?.dispose();
});

const results = () => query("Result", F1, mysql);
const drivers = () => query("Driver", F1, mysql);
async function run(q: QuerySet, operation: "select" | "count" | "exists" = "select") {
  const inspection = inspectQuery(q, { operation });
  return driver.query(inspection.sql, inspection.parameters);
}

describe("compiled queries on the server", () => {
  test("joins through foreign keys, a case-insensitive pattern, exclude, ordering, limit and offset", async () => {
    const q = results()
      .filter({ race__circuit__country: "Italy", "driver__surname__@icontains": "HAM" })
      .exclude({ team__name: "Ferrari" })
      .orderBy("-race__year", "position");
    expect((await run(q)).map((r) => r.resultId)).toEqual([1]);
    const all = results().filter({ race__circuit__country: "Italy" }).orderBy("-race__year", "position");
    expect((await run(all)).map((r) => r.resultId)).toEqual([3, 4, 1, 2]);
    expect((await run(all.limit(2).offset(1))).map((r) => r.resultId)).toEqual([4, 1]);
    expect((await run(all.offset(3))).map((r) => r.resultId)).toEqual([2]);
  });

  test("case-sensitive patterns, and wildcards and backslashes in the text, match literally", async () => {
    const surnames = async (filter: Record<string, string>) =>
      (await run(drivers().filter(filter).orderBy("driverId"))).map((r) => r.surname);
    expect(await surnames({ "surname__@contains": "ham" })).toEqual([]);
    expect(await surnames({ "surname__@contains": "Ham" })).toEqual(["Hamilton"]);
    expect(await surnames({ "surname__@istartswith": "le" })).toEqual(["Leclerc"]);
    expect(await surnames({ "surname__@contains": "%_" })).toEqual(["50%_off\\"]);
    expect(await surnames({ "surname__@endswith": "off\\" })).toEqual(["50%_off\\"]);
    expect(await surnames({ "surname__@contains": "_" })).toEqual(["50%_off\\"]);
  });

  test("count, of a limited query too, and exists", async () => {
    const italy = results().filter({ race__circuit__country: "Italy" });
    // COUNT(*) is a BIGINT, which the client returns as text (`bigNumberStrings`).
    expect(await run(italy, "count")).toEqual([{ count: "4" }]);
    expect(await run(italy.limit(3).offset(2), "count")).toEqual([{ count: "2" }]);
    expect(await run(italy, "exists")).toEqual([{ exists: 1 }]);
    expect(await run(results().filter({ race__circuit__country: "France" }), "exists")).toEqual([]);
  });

  test("EXPLAIN of a compiled query", async () => {
    const q = results().filter({ race__year: 2024, "driver__surname__@icontains": "lec" });
    const lines = await explainQuery(driver, { ...inspectQuery(q), dialect: driver.dialect }, mysql);
    expect(JSON.parse(lines.join("\n")).query_block).toBeDefined();
  });
});
