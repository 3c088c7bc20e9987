/**
 * mysqlQuery against a real MariaDB / MySQL server: the pattern lookups find exactly what
 * PostgreSQL's LIKE / ILIKE would (wildcards and the escape character in the text are literal,
 * case and accents count in the case-sensitive ones) on text, latin1 and integer columns; LIMIT
 * and OFFSET; parameters (Dates as UTC, big integers); EXPLAIN FORMAT=JSON, read-only.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { mysqlQuery } from "../../../src/dialect/mysql/mysql-query.ts";
import { quoteIdent } from "../../../src/dialect/mysql/mysql-quote.ts";
import type { FieldKind } from "../../../src/model/types.ts";
import type { PatternLookup } from "../../../src/query/lookups.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

let db: MysqlTestDatabase;
let driver: Driver;

const words = [
  "abc",
  "ABC",
  "a%b",
  "a_b",
  "axb",
  "x!y",
  "x!%y",
  "back\\slash",
  "é",
  "e",
  "É",
  "100%",
  "_lead",
  "trail_",
  "!bang",
  "it's",
];

beforeAll(async () => {
  db = await freshMysqlDatabase("sql");
  driver = db.driver;
  await driver.execute(
    "CREATE TABLE w (id int PRIMARY KEY, v varchar(50), l varchar(50) CHARACTER SET latin1, n int, at datetime(3))",
  );
  for (const [k, word] of words.entries())
    await driver.query("INSERT INTO w (id, v, l, n) VALUES (?, ?, ?, ?)", [k, word, word, 1000 + k]);
});
afterAll(async () => {
  await db?.dispose();
});

/** The ids `lookup` of `text` finds in column `column` (of `kind`), compiled the way the query compiler does. */
async function found(column: string, kind: FieldKind, lookup: PatternLookup, text: string): Promise<number[]> {
  const parameters: unknown[] = [];
  const bind = (value: string) => {
    parameters.push(mysqlQuery.parameter(value));
    return mysqlQuery.placeholder(parameters.length);
  };
  const where = mysqlQuery.pattern(quoteIdent(column), kind, lookup, text, bind);
  const rows = await driver.query<{ id: number }>(`SELECT id FROM w WHERE ${where} ORDER BY id`, parameters);
  return rows.map((r) => r.id);
}

/** What PostgreSQL's LIKE / ILIKE finds: a literal substring match, exact or in lower case. */
function expected(values: readonly string[], lookup: PatternLookup, text: string): number[] {
  const fold = lookup.startsWith("i") ? (s: string) => s.toLowerCase() : (s: string) => s;
  const match = (v: string) =>
    lookup.endsWith("contains")
      ? fold(v).includes(fold(text))
      : lookup.endsWith("startswith")
        ? fold(v).startsWith(fold(text))
        : fold(v).endsWith(fold(text));
  return values.flatMap((v, k) => (match(v) ? [k] : []));
}

const lookups: PatternLookup[] = ["contains", "icontains", "startswith", "istartswith", "endswith", "iendswith"];
const needles = ["a", "A", "b", "%", "_", "!", "!%", "\\", "a%", "a_b", "é", "É", "e", "'", "x!", "ab"];

describe("mysqlQuery patterns on the server", () => {
  test("text columns (a case- and accent-insensitive collation): literal text, case and accents count", async () => {
    for (const lookup of lookups)
      for (const text of needles)
        expect([lookup, text, await found("v", "CharField", lookup, text)]).toEqual([
          lookup,
          text,
          expected(words, lookup, text),
        ]);
  });

  test("latin1 columns compare the same way", async () => {
    for (const lookup of lookups)
      for (const text of ["a", "A", "%", "_", "!", "\\", "é", "É"])
        expect([lookup, text, await found("l", "CharField", lookup, text)]).toEqual([
          lookup,
          text,
          expected(words, lookup, text),
        ]);
  });

  test("non-text columns are matched as their text", async () => {
    const numbers = words.map((_, k) => String(1000 + k));
    for (const [lookup, text] of [
      ["contains", "01"],
      ["startswith", "100"],
      ["endswith", "5"],
      ["icontains", "1_"],
    ] as const)
      expect(await found("n", "IntegerField", lookup, text)).toEqual(expected(numbers, lookup, text));
  });
});

describe("mysqlQuery LIMIT, OFFSET and parameters", () => {
  test("LIMIT and OFFSET, alone and together", async () => {
    const ids = async (limit: number | undefined, offset: number | undefined) =>
      (
        await driver.query<{ id: number }>(
          ["SELECT id FROM w ORDER BY id", ...mysqlQuery.limitOffset(limit, offset)].join("\n"),
        )
      ).map((r) => r.id);
    const all = words.map((_, k) => k);
    expect(await ids(undefined, undefined)).toEqual(all);
    expect(await ids(3, undefined)).toEqual([0, 1, 2]);
    expect(await ids(undefined, 13)).toEqual(all.slice(13));
    expect(await ids(2, 5)).toEqual([5, 6]);
    expect(await ids(0, 0)).toEqual([]);
  });

  test("a Date is bound as its UTC wall clock; big integers and booleans as they are", async () => {
    const at = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 123));
    await driver.query(`UPDATE w SET at = ${mysqlQuery.placeholder(1)} WHERE id = 0`, [mysqlQuery.parameter(at)]);
    expect(await driver.query("SELECT at FROM w WHERE id = 0")).toEqual([{ at: "2024-05-06 07:08:09.123" }]);
    const [row] = await driver.query("SELECT ? AS big, ? AS yes, ? AS no", [
      mysqlQuery.parameter(9007199254740993n),
      mysqlQuery.parameter(true),
      mysqlQuery.parameter(false),
    ]);
    expect(row).toEqual({ big: "9007199254740993", yes: 1, no: 0 });
  });
});

describe("mysqlQuery EXPLAIN", () => {
  test("EXPLAIN FORMAT=JSON gives the plan as lines, and the session writes again afterwards", async () => {
    const lines = await mysqlQuery.explain(driver, "SELECT id FROM w WHERE id = ? AND v LIKE ?", [3, "a%"]);
    expect(lines.length).toBeGreaterThan(1);
    const plan = JSON.parse(lines.join("\n"));
    expect(plan.query_block).toBeDefined();
    await driver.transaction((tx) => tx.execute("UPDATE w SET n = n WHERE id = 1"));
  });

  test("inside a transaction EXPLAIN is refused, never committing it", async () => {
    await expect(
      driver.transaction(async (tx) => {
        await tx.execute("UPDATE w SET n = -1 WHERE id = 2");
        return mysqlQuery.explain(tx, "SELECT 1", []);
      }),
    ).rejects.toMatchObject({ errno: 1568 });
    expect(await driver.query("SELECT n FROM w WHERE id = 2")).toEqual([{ n: 1002 }]);
  });
});
