import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { createTestSchema, type TestSchema } from "./postgres-helpers.ts";

let t: TestSchema;
let other: string;
let live: LiveSchema;

beforeAll(async () => {
  t = await createTestSchema();
  other = `${t.name}_other`;
  await t.run(`
    CREATE SCHEMA "${other}";
    CREATE TABLE item (id int PRIMARY KEY, name text, price int, note text);
    CREATE VIEW item_names AS SELECT name FROM item;
    CREATE VIEW item_names_upper AS SELECT upper(name) AS n FROM item_names;
    CREATE VIEW item_count AS SELECT count(*) AS n FROM item;
    CREATE MATERIALIZED VIEW "${other}".prices AS SELECT id, price FROM "${t.name}".item;

    CREATE TABLE animal (id int PRIMARY KEY, name text NOT NULL, CONSTRAINT named CHECK (name <> ''));
    CREATE TABLE pet (owner text) INHERITS (animal);
    CREATE TABLE dog (good boolean, name text) INHERITS (pet);
    CREATE TABLE "${other}".wild (habitat text) INHERITS ("${t.name}".animal);
    CREATE TABLE "${other}".base (tag text);
    CREATE TABLE tagged (x int) INHERITS ("${other}".base);

    CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
    CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE VIEW recent AS SELECT v FROM measurements;

    CREATE TABLE legacy_parent (id int);
    CREATE TABLE legacy_child (y int) INHERITS (legacy_parent);
  `);
  live = await t.introspect(["legacy_parent"]);
});

afterAll(async () => {
  if (!t) return;
  await t.run(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
  await t.dispose();
});

describe("postgres introspection: what depends on the tables", () => {
  test("views and materialized views (any schema) with the columns they read; whole-table readers read none", () => {
    expect(live.dependents?.readers).toEqual([
      { kind: "view", view: { name: "item_count" }, table: "item", columns: [] },
      { kind: "view", view: { name: "item_names" }, table: "item", columns: ["name"] },
      { kind: "materialized_view", view: { name: "prices", schema: other }, table: "item", columns: ["id", "price"] },
    ]);
  });

  test("a view of a view, and views of partitioned tables, are not readers of a managed table", () => {
    const names = live.dependents?.readers.map((r) => r.view.name);
    expect(names).not.toContain("item_names_upper");
    expect(names).not.toContain("recent");
  });

  test("inheritance links with the inherited columns and checks; partitions are not inheritance", () => {
    expect(live.dependents?.inheritance).toEqual([
      { parent: { name: "pet" }, child: { name: "dog" }, columns: ["id", "name", "owner"], checks: ["named"] },
      { parent: { name: "legacy_parent" }, child: { name: "legacy_child" }, columns: ["id"], checks: [] },
      { parent: { name: "animal" }, child: { name: "pet" }, columns: ["id", "name"], checks: ["named"] },
      { parent: { name: "base", schema: other }, child: { name: "tagged" }, columns: ["tag"], checks: [] },
      {
        parent: { name: "animal" },
        child: { name: "wild", schema: other },
        columns: ["id", "name"],
        checks: ["named"],
      },
    ]);
  });

  test("it is one more catalog query (nine in all, with the sequences query)", () => {
    expect((live as LiveSchema & { statements: number }).statements).toBe(9);
  });
});
