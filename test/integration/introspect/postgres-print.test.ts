import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { printTables } from "../../../src/dialect/postgres/postgres-print.ts";
import type { Table } from "../../../src/schema/ir.ts";
import { countingDriver, createTestSchema, type TestSchema } from "./postgres-helpers.ts";

let t: TestSchema;

beforeAll(async () => {
  t = await createTestSchema();
  await t.run("SET TIME ZONE 'UTC'");
});

afterAll(async () => {
  await t?.dispose();
});

const scratch = (extra: Partial<Table> = {}): Table => ({
  name: "project",
  columns: [
    { name: "name", type: { kind: "varchar", length: 40 }, nullable: false },
    { name: "budget", type: { kind: "decimal", precision: 10, scale: 2 }, nullable: false },
    {
      name: "starts",
      type: { kind: "timestamp", withTimeZone: true },
      nullable: true,
      default: { kind: "literal", value: "2020-01-01" },
    },
    { name: "price", type: { kind: "decimal" }, nullable: true, default: { kind: "literal", value: "20.0" } },
  ],
  foreignKeys: [],
  uniques: [],
  checks: [{ name: "positive", expression: "budget >= 0" }],
  indexes: [
    { name: "by_lower_name", keys: [{ expression: "lower(name)" }], unique: false },
    { name: "funded", keys: [{ column: "name" }], unique: false, where: "budget > 0" },
  ],
  ...extra,
});

/** Temporary relations of this session (the scratch tables must never outlive a call). */
async function scratchLeft(): Promise<number> {
  const [row] = await t.driver.query<{ n: string | number }>(
    "SELECT count(*) AS n FROM pg_class WHERE relname LIKE 'pormg_scratch%'",
  );
  return Number(row?.n);
}

describe("printTables: PostgreSQL prints the expressions", () => {
  test("checks, index expressions, predicates and defaults come back as the server spells them", async () => {
    const [printed] = await printTables(t.driver, [scratch()], { schema: t.name });
    expect(printed?.checks).toEqual([{ name: "positive", expression: "budget >= 0::numeric" }]);
    expect(printed?.indexes).toEqual([
      { name: "by_lower_name", keys: [{ expression: "lower(name::text)" }], unique: false },
      { name: "funded", keys: [{ column: "name" }], unique: false, where: "budget > 0::numeric" },
    ]);
    expect(printed?.columns.find((c) => c.name === "starts")?.default).toEqual({
      kind: "literal",
      value: "2020-01-01 00:00:00+00",
    });
    expect(printed?.columns.find((c) => c.name === "price")?.default).toEqual({ kind: "literal", value: "20.0" });
    expect(await scratchLeft()).toBe(0);
  });

  test("inside the caller's transaction it is a savepoint: the caller's work and search_path are kept", async () => {
    await t.driver.transaction(async (tx) => {
      const [before] = await tx.query<{ path: string }>("SELECT current_setting('search_path') AS path");
      await tx.execute("CREATE TABLE kept (x int)");
      const [printed] = await printTables(tx, [scratch()], { schema: t.name });
      expect(printed?.checks[0]?.expression).toBe("budget >= 0::numeric");
      const [after] = await tx.query<{ path: string }>("SELECT current_setting('search_path') AS path");
      expect(after?.path).toBe(before?.path as string);
      expect(await tx.query("SELECT * FROM kept")).toEqual([]);
      await tx.execute("DROP TABLE kept");
    });
    expect(await scratchLeft()).toBe(0);
  });

  test("a part PostgreSQL refuses is missing, the rest is printed; nothing throws", async () => {
    const table = scratch({
      columns: [...scratch().columns, { name: "mood", type: { kind: "native", sql: "no_such_type" }, nullable: true }],
      checks: [
        { name: "positive", expression: "budget >= 0" },
        { name: "unknown_function", expression: "no_such_function(name)" },
        { name: "on_the_missing_column", expression: "mood IS NOT NULL" },
      ],
    });
    const [printed] = await printTables(t.driver, [table], { schema: t.name });
    expect(printed?.columns.map((c) => c.name)).toEqual(["name", "budget", "starts", "price"]);
    expect(printed?.checks).toEqual([{ name: "positive", expression: "budget >= 0::numeric" }]);
    expect(printed?.indexes.map((i) => i.name)).toEqual(["by_lower_name", "funded"]);
    expect(await scratchLeft()).toBe(0);
  });

  test("generated columns print as the server spells them, also when the table must be built part by part", async () => {
    const generated = (extra: Partial<Table> = {}): Table => ({
      name: "g",
      columns: [
        { name: "a", type: { kind: "integer" }, nullable: true },
        { name: "b", type: { kind: "integer" }, nullable: true, generated: { expression: "a*2", stored: true } },
      ],
      foreignKeys: [],
      uniques: [],
      checks: [],
      indexes: [],
      ...extra,
    });
    const [whole, parts] = await printTables(
      t.driver,
      [generated(), generated({ checks: [{ name: "bad", expression: "no_such_function(a)" }] })],
      { schema: t.name },
    );
    expect(whole?.columns[1]?.generated).toEqual({ expression: "a * 2", stored: true });
    expect(parts?.columns[1]?.generated).toEqual({ expression: "a * 2", stored: true });
    expect(await scratchLeft()).toBe(0);
  });

  test("extensions: are created first (and rolled back), so columns of extension types print", async () => {
    const installed = async () =>
      Number(
        (await t.driver.query<{ n: unknown }>("SELECT count(*) AS n FROM pg_extension WHERE extname = 'citext'"))[0]?.n,
      );
    if ((await installed()) > 0) throw new Error("citext is installed in this database; use a fresh one");
    const table: Table = {
      name: "person",
      columns: [{ name: "email", type: { kind: "native", sql: "citext" }, nullable: true }],
      foreignKeys: [],
      uniques: [],
      checks: [{ name: "filled", expression: "email <> ''" }],
      indexes: [],
    };
    const [without] = await printTables(t.driver, [table], { schema: t.name });
    expect(without?.checks).toEqual([]);
    const [printed] = await printTables(t.driver, [table], { schema: t.name, extensions: ["citext"] });
    expect(printed?.checks).toEqual([{ name: "filled", expression: "email <> ''::citext" }]);
    expect(await installed()).toBe(0);
    // One that cannot be created only leaves its types out.
    const [missing] = await printTables(t.driver, [table], { schema: t.name, extensions: ["no_such_extension_x"] });
    expect(missing?.checks).toEqual([]);
  });

  test("one batch: the same few statements for 1 table and for 40", async () => {
    const count = async (n: number) => {
      const counter = { count: 0 };
      const tables = Array.from({ length: n }, (_, i) => scratch({ name: `p${i}` }));
      const printed = await printTables(countingDriver(t.driver, counter), tables, { schema: t.name });
      expect(printed.every((p) => p?.checks[0]?.expression === "budget >= 0::numeric")).toBe(true);
      return counter.count;
    };
    const one = await count(1);
    expect(await count(40)).toBe(one);
    expect(one).toBeLessThanOrEqual(6);
  });

  test("the cache: a scope prints once; another scope, or an incomplete print, prints again", async () => {
    const scope = `test ${t.name} ${Math.random()}`;
    const run = async (table: Table, cacheScope: string) => {
      const counter = { count: 0 };
      const [printed] = await printTables(countingDriver(t.driver, counter), [table], { schema: t.name, cacheScope });
      return { printed, statements: counter.count };
    };
    const first = await run(scratch(), scope);
    expect(first.statements).toBeGreaterThan(0);
    const second = await run(scratch(), scope);
    expect(second).toEqual({ printed: first.printed, statements: 0 });
    expect((await run(scratch(), `${scope} other`)).statements).toBeGreaterThan(0);
    const failing = scratch({ checks: [{ name: "bad", expression: "no_such_function(name)" }] });
    expect((await run(failing, scope)).statements).toBeGreaterThan(0);
    expect((await run(failing, scope)).statements).toBeGreaterThan(0);
  });
});
