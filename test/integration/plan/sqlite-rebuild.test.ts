import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { type TempSqlite, tableOf, tempSqlite } from "../introspect/sqlite-helpers.ts";
import { applySqlite, count } from "./apply.ts";

let db: TempSqlite;
beforeEach(async () => {
  db = await tempSqlite();
});
afterEach(async () => {
  await db?.dispose();
});

const live = (): Promise<LiveSchema> => introspectSqlite(db.driver, { ignoreTables: [] });

/** A rebuild of `from` into `to`, copying every column present on both sides. */
function rebuildOf(from: Table, to: Table): Operation {
  const present = new Set(from.columns.map((c) => c.name));
  const columns = to.columns.filter((c) => present.has(c.name)).map((c) => ({ to: c.name, from: c.name }));
  return { kind: "rebuildTable", from, to, columns };
}

const familySql = `
  CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
  CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INTEGER REFERENCES child (id) ON DELETE CASCADE);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
  INSERT INTO parent SELECT i, 'p' || i FROM n;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
  INSERT INTO child SELECT i, 1 + i % 300 FROM n;
  INSERT INTO grandchild SELECT id, id FROM child;
`;

async function rebuildParentSteps() {
  const schema = await live();
  const parent = tableOf(schema, "parent");
  const to: Table = {
    ...parent,
    columns: [
      ...parent.columns.map((c) =>
        c.name === "name" ? { ...c, type: { kind: "varchar", length: 80 } as const, nullable: false } : c,
      ),
      { name: "note", type: { kind: "text" }, nullable: true, default: { kind: "literal", value: "-" } },
    ],
  };
  return renderOperations([rebuildOf(parent, to)], sqliteDialect, renderContext(schema));
}

describe("sqlite rebuild: data safety", () => {
  test("rebuilding a parent with ON DELETE CASCADE children keeps every child row; foreign_key_check is clean", async () => {
    await db.driver.execute(familySql);
    const steps = await rebuildParentSteps();
    expect(steps).toHaveLength(1);
    // It keeps every column and value (a longer type, NOT NULL, a new column): not destructive.
    expect(steps[0]).toMatchObject({ destructive: false, rebuild: { table: "parent" } });
    expect(await applySqlite(db.driver, steps)).toEqual([]);
    expect(await count(db.driver, "SELECT count(*) AS n FROM parent")).toBe(300);
    expect(await count(db.driver, "SELECT count(*) AS n FROM child")).toBe(1500);
    expect(await count(db.driver, "SELECT count(*) AS n FROM grandchild")).toBe(1500);
    const parent = tableOf(await live(), "parent");
    expect(parent.columns.map((c) => [c.name, c.type.kind, c.nullable])).toEqual([
      ["id", "bigint", false],
      ["name", "varchar", false],
      ["note", "text", true],
    ]);
    // The children's foreign keys still point at the rebuilt parent, and still cascade.
    await db.driver.execute("DELETE FROM parent WHERE id = 1");
    expect(await count(db.driver, "SELECT count(*) AS n FROM child")).toBe(1495);
    expect(await count(db.driver, "SELECT count(*) AS n FROM grandchild")).toBe(1495);
  });

  test("control: the same step with foreign keys left ON inside the transaction cascades the children away", async () => {
    await db.driver.execute(familySql);
    const steps = await rebuildParentSteps();
    await db.driver.transaction(async (tx) => {
      for (const step of steps) await tx.execute(step.sql);
    });
    expect(await count(db.driver, "SELECT count(*) AS n FROM parent")).toBe(300);
    expect(await count(db.driver, "SELECT count(*) AS n FROM child")).toBe(0);
  });

  test("an AUTOINCREMENT table keeps its high-water mark: deleted ids are not reused", async () => {
    await db.driver.execute(`
      CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
      INSERT INTO seq (v) VALUES ('a'), ('b'), ('c');
      DELETE FROM seq WHERE id = 3;
    `);
    const schema = await live();
    const seq = tableOf(schema, "seq");
    const to: Table = { ...seq, columns: seq.columns.map((c) => (c.name === "v" ? { ...c, nullable: false } : c)) };
    expect(
      await applySqlite(db.driver, renderOperations([rebuildOf(seq, to)], sqliteDialect, renderContext(schema))),
    ).toEqual([]);
    await db.driver.execute("INSERT INTO seq (v) VALUES ('d')");
    expect(await db.driver.query("SELECT id FROM seq WHERE v = 'd'")).toEqual([{ id: 4 }]);
    expect(tableOf(await live(), "seq")).toEqual(to);
  });
});

describe("sqlite rebuild: indexes, triggers and views", () => {
  const objectsSql = `
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price TEXT, old TEXT);
    CREATE INDEX items_name ON items (name);
    CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT);
    CREATE TRIGGER items_log AFTER INSERT ON items BEGIN INSERT INTO log (what) VALUES ('added ' || NEW.name); END;
    CREATE TRIGGER log_cleanup AFTER DELETE ON log BEGIN UPDATE items SET name = name WHERE 0; END;
    CREATE VIEW cheap AS SELECT name, price FROM items WHERE CAST(price AS REAL) < 10;
    CREATE VIEW cheap_names AS SELECT name FROM cheap;
    INSERT INTO items (name, price, old) VALUES ('pen', '2.5', 'x'), ('book', '12', 'y');
  `;

  test("the index, both triggers and both views survive and work", async () => {
    await db.driver.execute(objectsSql);
    const schema = await live();
    const items = tableOf(schema, "items");
    const to: Table = {
      ...items,
      columns: items.columns
        .filter((c) => c.name !== "old")
        .map((c) => (c.name === "price" ? { ...c, type: { kind: "decimal", precision: 10, scale: 2 } as const } : c)),
    };
    // "old" is dropped, but nothing reads it: the rebuild is allowed.
    const steps = renderOperations([rebuildOf(items, to)], sqliteDialect, renderContext(schema));
    expect(await applySqlite(db.driver, steps)).toEqual([]);
    const after = await live();
    expect(tableOf(after, "items")).toEqual(to);
    expect(after.unmanaged.map((o) => `${o.kind} ${o.name}`)).toEqual([
      "trigger items_log",
      "trigger log_cleanup",
      "view cheap",
      "view cheap_names",
    ]);
    await db.driver.execute("INSERT INTO items (name, price) VALUES ('cup', 3)");
    expect(await db.driver.query("SELECT what FROM log ORDER BY id")).toEqual([
      { what: "added pen" },
      { what: "added book" },
      { what: "added cup" },
    ]);
    expect(await db.driver.query("SELECT name FROM cheap_names ORDER BY name")).toEqual([
      { name: "cup" },
      { name: "pen" },
    ]);
    await db.driver.execute("DELETE FROM log WHERE id = 1");
    const plan = await db.driver.query<{ detail: string }>("EXPLAIN QUERY PLAN SELECT * FROM items WHERE name = 'pen'");
    expect(plan.map((r) => r.detail).join(" ")).toContain("items_name");
  });

  test("a table renamed earlier in the plan: its views are re-created under the new name", async () => {
    await db.driver.execute(objectsSql);
    const schema = await live();
    const items = { ...tableOf(schema, "items"), name: "goods" };
    const to: Table = {
      ...items,
      columns: items.columns.map((c) => (c.name === "name" ? { ...c, nullable: false } : c)),
    };
    const ops: Operation[] = [{ kind: "renameTable", from: "items", to: "goods" }, rebuildOf(items, to)];
    expect(await applySqlite(db.driver, renderOperations(ops, sqliteDialect, renderContext(schema)))).toEqual([]);
    expect(await db.driver.query("SELECT name FROM cheap_names")).toEqual([{ name: "pen" }]);
    await db.driver.execute("INSERT INTO goods (name, price) VALUES ('ink', '1')");
    expect(await count(db.driver, "SELECT count(*) AS n FROM log")).toBe(3);
  });

  test("a rebuild that would leave a view stale is refused before anything runs", async () => {
    await db.driver.execute(objectsSql);
    await db.driver.execute("CREATE VIEW olds AS SELECT old FROM items");
    const schema = await live();
    const items = tableOf(schema, "items");
    const to: Table = { ...items, columns: items.columns.filter((c) => c.name !== "old") };
    let error: unknown;
    try {
      renderOperations([rebuildOf(items, to)], sqliteDialect, renderContext(schema));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PormgError);
    expect((error as PormgError).code).toBe("PLAN_REFUSED");
    expect((error as PormgError).message).toContain('view "olds" reads "old"');
    expect(tableOf(await live(), "items").columns.map((c) => c.name)).toContain("old");
  });
});
