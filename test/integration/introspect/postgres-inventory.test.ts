import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "../../../src/dialect/connect.ts";
import { introspectPostgres } from "../../../src/dialect/postgres/postgres-introspect.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { createTestSchema, PG_URL, type TestSchema } from "./postgres-helpers.ts";

let t: TestSchema;
let other: string;
let live: LiveSchema;
let extensionInstalled = false;

beforeAll(async () => {
  t = await createTestSchema();
  other = `${t.name}_other`;
  await t.run(`
    CREATE TABLE items (id serial PRIMARY KEY, qty int);
    CREATE VIEW item_view AS SELECT id FROM items;
    CREATE MATERIALIZED VIEW item_totals AS SELECT count(*) AS n FROM items;
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b';
    CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';
    CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE TYPE pair AS (x int, y int);
    CREATE TYPE floatrange AS RANGE (subtype = float8);
    CREATE DOMAIN positive AS int CHECK (VALUE > 0);
    CREATE SEQUENCE standalone_seq;
    CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
    CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE django_session (k text);
    CREATE TABLE auth_user (id int);
    CREATE TABLE pormg_migrations (id int);
    CREATE TABLE pormg_migration_events (id int);
    CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;
    CREATE TRIGGER events_append_only BEFORE UPDATE ON pormg_migration_events FOR EACH ROW EXECUTE FUNCTION reject();
    CREATE TABLE legacy_stuff (id int);
    CREATE TABLE legacyish (id int);
    CREATE TABLE uses_types (m mood, p positive);
    CREATE SCHEMA "${other}";
    CREATE FOREIGN DATA WRAPPER "${t.name}_fdw";
    CREATE SERVER "${t.name}_srv" FOREIGN DATA WRAPPER "${t.name}_fdw";
    CREATE FOREIGN TABLE remote_things (id int) SERVER "${t.name}_srv";
  `);
  // Extensions are database-wide; install one into the test schema only if nobody else has it.
  extensionInstalled = await t.driver
    .execute(`CREATE EXTENSION seg SCHEMA "${t.name}"`)
    .then(() => true)
    .catch(() => false);
  live = await t.introspect(["legacy_"]);
});

afterAll(async () => {
  if (!t) return;
  if (extensionInstalled) await t.run("DROP EXTENSION IF EXISTS seg");
  await t.run(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
  await t.run(`DROP SCHEMA IF EXISTS "${t.name}" CASCADE; DROP SERVER IF EXISTS "${t.name}_srv" CASCADE;
    DROP FOREIGN DATA WRAPPER IF EXISTS "${t.name}_fdw" CASCADE`);
  await t.dispose();
});

describe("postgres introspection: ignore lists", () => {
  test("built-in prefixes, pormg's history tables and ignore_tables are skipped and reported", () => {
    expect(live.ignored).toEqual([
      "auth_user",
      "django_session",
      "legacy_stuff",
      "pormg_migration_events",
      "pormg_migrations",
    ]);
    expect(live.schema.tables.map((x) => x.name)).toEqual(["items", "legacyish", "uses_types"]);
  });
  test("triggers on ignored tables are not reported", () => {
    expect(live.unmanaged.some((u) => u.name === "events_append_only")).toBe(false);
  });
});

describe("postgres introspection: unmanaged inventory", () => {
  const expected = [
    { kind: "view", name: "item_view" },
    { kind: "materialized_view", name: "item_totals" },
    { kind: "trigger", name: "items_touch", table: "items" },
    { kind: "function", name: "touch()" },
    { kind: "function", name: "reject()" },
    { kind: "function", name: "add(a integer, b integer)" },
    { kind: "procedure", name: "noop()" },
    { kind: "type", name: "mood" },
    { kind: "type", name: "pair" },
    { kind: "type", name: "floatrange" },
    { kind: "domain", name: "positive" },
    { kind: "sequence", name: "standalone_seq" },
    { kind: "partition", name: "measurements" },
    { kind: "partition", name: "measurements_2024", table: "measurements" },
    { kind: "foreign_table", name: "remote_things" },
  ];
  for (const object of expected) {
    test(`${object.kind} ${object.name}`, () => {
      expect(live.unmanaged).toContainEqual(object as never);
    });
  }
  test("other schemas", () => {
    expect(live.unmanaged).toContainEqual({ kind: "schema", name: other });
    expect(live.unmanaged).toContainEqual({ kind: "schema", name: "public" });
    expect(live.unmanaged.some((u) => u.kind === "schema" && u.name === t.name)).toBe(false);
  });
  test("sequences owned by serial columns, table row types and partition internals are not reported", () => {
    const names = live.unmanaged.map((u) => u.name);
    expect(names).not.toContain("items_id_seq");
    expect(live.unmanaged.some((u) => u.kind === "type" && u.name === "items")).toBe(false);
    expect(
      live.unmanaged
        .filter((u) => u.kind === "type")
        .map((u) => u.name)
        .sort(),
    ).toEqual(["floatrange", "mood", "pair"]);
  });
  test("columns of enum and domain types are native", () => {
    const columns = live.schema.tables.find((x) => x.name === "uses_types")?.columns;
    expect(columns?.map((c) => c.type)).toEqual([
      { kind: "native", sql: "mood" },
      { kind: "native", sql: "positive" },
    ]);
  });
  test("an extension in the schema is reported, its members are not", () => {
    if (!extensionInstalled) return; // another session holds the extension; nothing to check here
    expect(live.unmanaged).toContainEqual({ kind: "extension", name: "seg" });
    expect(live.unmanaged.some((u) => u.kind === "type" && u.name === "seg")).toBe(false);
    expect(live.unmanaged.some((u) => u.kind === "function" && u.name.startsWith("seg_"))).toBe(false);
  });
  test("a schema from another connection sees the same inventory", async () => {
    // The search_path of the caller's connection must not matter.
    const driver = await connect({ dialect: "postgresql", url: PG_URL });
    try {
      const again = await introspectPostgres(driver, { schema: t.name, ignoreTables: ["legacy_"] });
      expect(again.schema).toEqual(live.schema);
      expect(again.unmanaged.filter((u) => u.kind !== "schema")).toEqual(
        live.unmanaged.filter((u) => u.kind !== "schema"),
      );
    } finally {
      await driver.close();
    }
  });
  test("inside the caller's transaction the search_path is put back", async () => {
    const driver = await connect({ dialect: "postgresql", url: PG_URL });
    try {
      await driver.transaction(async (tx) => {
        await tx.execute("SET LOCAL search_path TO public");
        const inside = await introspectPostgres(tx, { schema: t.name, ignoreTables: ["legacy_"] });
        expect(inside.schema).toEqual(live.schema);
        const [row] = await tx.query<{ path: string }>("SELECT current_setting('search_path') AS path");
        expect(row?.path).toBe("public");
      });
    } finally {
      await driver.close();
    }
  });
  test("a schema that does not exist reads as empty", async () => {
    const empty = await introspectPostgres(t.driver, { schema: `${t.name}_missing`, ignoreTables: [] });
    expect(empty.schema).toEqual({ dialect: "postgresql", tables: [] });
    expect(empty.ignored).toEqual([]);
  });
});
