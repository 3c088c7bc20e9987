import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { printMysqlTables } from "../../../src/dialect/mysql/mysql-print.ts";
import { waitForLocksAtMost } from "../../../src/dialect/mysql/mysql-read-health.ts";
import type { Table } from "../../../src/schema/ir.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

const model: Table = {
  name: "orders",
  columns: [
    { name: "id", type: { kind: "integer" }, nullable: false },
    {
      name: "total",
      type: { kind: "decimal", precision: 10, scale: 2 },
      nullable: false,
      default: { kind: "literal", value: 0 },
    },
    {
      name: "placed",
      type: { kind: "timestamp", withTimeZone: false },
      nullable: false,
      default: { kind: "expression", sql: "now()" },
    },
    { name: "token", type: { kind: "uuid" }, nullable: true, default: { kind: "expression", sql: "UUID()" } },
    { name: "twice", type: { kind: "integer" }, nullable: true, generated: { expression: "id*2", stored: true } },
    {
      name: "label",
      type: { kind: "varchar", length: 20 },
      nullable: true,
      default: { kind: "literal", value: "it's" },
    },
  ],
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [{ name: "c0", expression: "total >= 0 AND id > 0" }],
};

describe("printMysqlTables (MariaDB)", () => {
  let db: MysqlTestDatabase;
  beforeAll(async () => {
    db = await freshMysqlDatabase("print");
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("reads the models' expressions back as the server prints them, and leaves nothing behind", async () => {
    const [printed] = await printMysqlTables(db.driver, [model], { schema: "" });
    expect(printed?.name).toBe("orders");
    const col = (name: string) => printed?.columns.find((c) => c.name === name);
    expect(col("total")?.default).toEqual({ kind: "literal", value: 0 });
    // A datetime with no precision in the IR is datetime(6) (mysql-type-text.ts): the server prints the default at that precision.
    expect(col("placed")?.default).toEqual({ kind: "expression", sql: "CURRENT_TIMESTAMP(6)" });
    expect(col("token")?.default).toEqual({ kind: "expression", sql: "uuid()" });
    expect(col("twice")?.generated).toEqual({ expression: "`id` * 2", stored: true });
    expect(col("label")?.default).toEqual({ kind: "literal", value: "it's" });
    expect(printed?.checks).toEqual([{ name: "c0", expression: "`total` >= 0 and `id` > 0" }]);
    expect(await db.driver.query("SHOW TABLES")).toEqual([]);
  });

  test("a part the server refuses is missing alone; a table with no column it can create is undefined", async () => {
    const refused: Table = {
      ...model,
      checks: [...model.checks, { name: "bad", expression: "no_such_column > 0" }],
      indexes: [{ name: "ix_lower", keys: [{ expression: "lower(label)" }], unique: false }],
    };
    const empty: Table = {
      ...model,
      columns: [{ name: "span", type: { kind: "interval" }, nullable: true }],
      checks: [],
    };
    const [printed, none] = await printMysqlTables(db.driver, [refused, empty], { schema: "" });
    expect(printed?.checks.map((c) => c.name)).toEqual(["c0"]);
    expect(printed?.columns.find((c) => c.name === "twice")?.generated).toEqual({
      expression: "`id` * 2",
      stored: true,
    });
    expect(none).toBeUndefined();
    expect(await db.driver.query("SHOW TABLES")).toEqual([]);
  });

  test("with a cache scope a table printed whole is printed once", async () => {
    const first = await printMysqlTables(db.driver, [model], { schema: "", cacheScope: db.url });
    let statements = 0;
    const counted = {
      ...db.driver,
      execute: (sql: string) => {
        statements++;
        return db.driver.execute(sql);
      },
    };
    const second = await printMysqlTables(counted, [{ ...model, name: "other" }], { schema: "", cacheScope: db.url });
    expect(statements).toBe(0);
    expect(second[0]).toEqual({ ...(first[0] as Table), name: "other" });
  });
});

test("waitForLocksAtMost bounds the session's metadata lock waits, in whole seconds", async () => {
  const db = await freshMysqlDatabase("print");
  try {
    await waitForLocksAtMost(db.driver, 1500);
    expect(await db.driver.query("SELECT @@SESSION.lock_wait_timeout AS s")).toEqual([{ s: "2" }]);
    await waitForLocksAtMost(db.driver, 10);
    expect(await db.driver.query("SELECT @@SESSION.lock_wait_timeout AS s")).toEqual([{ s: "1" }]);
  } finally {
    await db.dispose();
  }
});
