import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderPostgresSchema } from "../../../src/dialect/postgres/postgres-ddl.ts";
import type { LiveSchema, Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { createTestSchema, type TestSchema } from "./postgres-helpers.ts";

/**
 * The clauses PostgreSQL keeps beside a constraint, an index or a column (issue 9.1.13): each is read
 * into the IR, so `check` and the planner see it, and each renders back to the same catalog state.
 */

let t: TestSchema;
let live: LiveSchema;

function table(name: string): Table {
  const found = live.schema.tables.find((x) => x.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

beforeAll(async () => {
  t = await createTestSchema();
  await t.run(`
    CREATE TABLE parent (
      x int, y int,
      CONSTRAINT parent_pkey PRIMARY KEY (x, y) WITH (fillfactor = 070)
    );
    CREATE TABLE keyed (
      id int,
      CONSTRAINT keyed_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED
    );
    CREATE TABLE child (
      a int, b int, c text COLLATE "C", d varchar(10) COLLATE "POSIX", e text COLLATE "default", f text,
      CONSTRAINT child_u_immediate UNIQUE (a) DEFERRABLE,
      CONSTRAINT child_u_deferred UNIQUE (b) DEFERRABLE INITIALLY DEFERRED,
      CONSTRAINT child_u_nulls UNIQUE NULLS NOT DISTINCT (c, d) WITH (deduplicate_items = false),
      CONSTRAINT child_a_check CHECK (a > 0) NO INHERIT,
      CONSTRAINT child_b_check CHECK (b > 0)
    ) WITH (fillfactor = 80, autovacuum_enabled = OFF, toast.autovacuum_enabled = 0);
    ALTER TABLE child ADD CONSTRAINT child_full FOREIGN KEY (a, b) REFERENCES parent (x, y) MATCH FULL;
    ALTER TABLE child ADD CONSTRAINT child_setnull FOREIGN KEY (a, b) REFERENCES parent (x, y) ON DELETE SET NULL (b);
    ALTER TABLE child ADD CONSTRAINT child_all FOREIGN KEY (a, b) REFERENCES parent (x, y) ON DELETE SET NULL (b, a);
    ALTER TABLE child ADD CONSTRAINT child_unchecked FOREIGN KEY (a, b) REFERENCES parent (x, y)
      DEFERRABLE INITIALLY IMMEDIATE NOT VALID;
    ALTER TABLE child ADD CONSTRAINT child_f_check CHECK (f <> '') NOT VALID;
    CREATE INDEX child_f_idx ON child (f) WITH (fillfactor = 50, deduplicate_items = off);
    CREATE UNIQUE INDEX child_f_key ON child (f) NULLS NOT DISTINCT;
    CREATE UNIQUE INDEX child_lower_f ON child (lower(f)) NULLS NOT DISTINCT WITH (fillfactor = 60);
    CREATE TABLE coll (c text COLLATE "C");
    CREATE INDEX coll_implicit ON coll (lower(c));
    CREATE INDEX coll_explicit ON coll (lower(c) COLLATE "POSIX");
    CREATE TABLE covering (
      a int, b int, c int,
      CONSTRAINT covering_pkey PRIMARY KEY (a) INCLUDE (b),
      CONSTRAINT covering_c_key UNIQUE (c) INCLUDE (b)
    );
  `);
  live = await t.introspect();
});

afterAll(async () => {
  await t?.dispose();
});

describe("postgres introspection: constraint clauses", () => {
  test("a primary key's timing and its index's storage parameters", () => {
    expect(table("parent").primaryKey).toEqual({
      name: "parent_pkey",
      columns: ["x", "y"],
      storage: { fillfactor: "70" },
    });
    expect(table("keyed").primaryKey).toEqual({ name: "keyed_pkey", columns: ["id"], deferrable: "deferred" });
  });
  test("uniques: DEFERRABLE [INITIALLY IMMEDIATE|DEFERRED], NULLS NOT DISTINCT and storage parameters", () => {
    expect(table("child").uniques).toEqual([
      { name: "child_u_deferred", columns: ["b"], deferrable: "deferred" },
      { name: "child_u_immediate", columns: ["a"], deferrable: "immediate" },
      { name: "child_u_nulls", columns: ["c", "d"], nullsNotDistinct: true, storage: { deduplicate_items: "off" } },
      { name: "child_f_key", columns: ["f"], nullsNotDistinct: true },
    ]);
  });
  test("foreign keys: MATCH FULL, ON DELETE SET NULL (cols), DEFERRABLE INITIALLY IMMEDIATE, NOT VALID", () => {
    const fk = (name: string) => table("child").foreignKeys.find((f) => f.name === name);
    const base = {
      columns: ["a", "b"],
      references: { table: "parent", columns: ["x", "y"] },
      onUpdate: "NO ACTION",
      deferred: false,
    } as const;
    expect(fk("child_full")).toEqual({ name: "child_full", ...base, onDelete: "NO ACTION", match: "full" });
    expect(fk("child_setnull")).toEqual({
      name: "child_setnull",
      ...base,
      onDelete: "SET NULL",
      onDeleteColumns: ["b"],
    });
    expect(fk("child_unchecked")).toEqual({
      name: "child_unchecked",
      ...base,
      onDelete: "NO ACTION",
      deferrable: true,
      notValid: true,
    });
    // A column list naming every column means what no list means: normalized away.
    const [normal] = normalizeSchema(live.schema, dialectNamed(live.schema.dialect)).tables.filter(
      (x) => x.name === "child",
    );
    expect(normal?.foreignKeys.find((f) => f.name === "child_all")).toEqual({
      name: "child_all",
      ...base,
      onDelete: "SET NULL",
    });
  });
  test("checks: NO INHERIT and NOT VALID", () => {
    expect(table("child").checks).toEqual([
      { name: "child_a_check", expression: "a > 0", noInherit: true },
      { name: "child_b_check", expression: "b > 0" },
      { name: "child_f_check", expression: "f <> ''::text", notValid: true },
    ]);
  });
  test("a unique's INCLUDE columns are part of it; a key with INCLUDE columns is an unmanaged constraint", () => {
    expect(table("covering").primaryKey).toBeUndefined();
    expect(live.unmanaged).toContainEqual({ kind: "constraint", name: "covering_pkey", table: "covering" });
    expect(table("covering").uniques).toEqual([{ name: "covering_c_key", columns: ["c"], include: ["b"] }]);
    expect(live.unmanaged).not.toContainEqual({ kind: "constraint", name: "covering_c_key", table: "covering" });
  });
});

describe("postgres introspection: index and table clauses", () => {
  test("index storage parameters, canonical whatever their spelling", () => {
    expect(table("child").indexes).toContainEqual({
      name: "child_f_idx",
      keys: [{ column: "f" }],
      unique: false,
      storage: { deduplicate_items: "off", fillfactor: "50" },
    });
  });
  test("a NULLS NOT DISTINCT unique index with an expression is a managed index", () => {
    expect(table("child").indexes).toContainEqual({
      name: "child_lower_f",
      keys: [{ expression: "lower(f)" }],
      unique: true,
      nullsNotDistinct: true,
      storage: { fillfactor: "60" },
    });
    expect(live.unmanaged.filter((u) => u.kind === "index" && u.table === "child")).toEqual([]);
  });
  test("an expression key takes its column's collation; only an explicit other COLLATE is the key's collation", () => {
    expect(table("coll").indexes).toEqual([
      { name: "coll_explicit", keys: [{ expression: "lower(c)", collation: "POSIX" }], unique: false },
      { name: "coll_implicit", keys: [{ expression: "lower(c)" }], unique: false },
    ]);
    expect(live.unmanaged.filter((u) => u.kind === "index" && u.table === "coll")).toEqual([]);
  });
  test("table storage parameters, the TOAST table's prefixed with toast.", () => {
    expect(table("child").storage).toEqual({
      autovacuum_enabled: "off",
      fillfactor: "80",
      "toast.autovacuum_enabled": "off",
    });
    expect(table("parent").storage).toBeUndefined();
  });
  test("column collations other than the type's default, by name", () => {
    const collation = Object.fromEntries(table("child").columns.map((c) => [c.name, c.collation ?? null]));
    expect(collation).toEqual({ a: null, b: null, c: "C", d: "POSIX", e: null, f: null });
  });
});

describe("postgres: every clause renders and reads back", () => {
  const open: TestSchema[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((x) => x.dispose()));
  });

  test("CREATE TABLE / INDEX / ADD CONSTRAINT with the clauses read back as the same IR", async () => {
    const schema: Schema = normalizeSchema(
      {
        dialect: "postgresql",
        tables: [
          {
            name: "parent",
            columns: [
              { name: "x", type: { kind: "integer" }, nullable: false },
              { name: "y", type: { kind: "integer" }, nullable: false },
              // A TOAST table (and so toast.* parameters) exists only for a table with such a column.
              { name: "note", type: { kind: "text" }, nullable: true },
            ],
            primaryKey: { columns: ["x", "y"], storage: { fillfactor: "70" } },
            foreignKeys: [],
            uniques: [],
            indexes: [],
            checks: [],
            storage: { fillfactor: "90", "toast.autovacuum_enabled": "off" },
          },
          {
            name: "child",
            columns: [
              { name: "id", type: { kind: "integer" }, nullable: false },
              { name: "a", type: { kind: "integer" }, nullable: true },
              { name: "b", type: { kind: "integer" }, nullable: true },
              { name: "name", type: { kind: "varchar", length: 40 }, nullable: true, collation: "C" },
              {
                name: "code",
                type: { kind: "text" },
                nullable: false,
                collation: "POSIX",
                default: { kind: "literal", value: "x" },
              },
            ],
            primaryKey: { columns: ["id"], deferrable: "immediate" },
            foreignKeys: [
              {
                columns: ["a", "b"],
                references: { table: "parent", columns: ["x", "y"] },
                onDelete: "SET NULL",
                onUpdate: "NO ACTION",
                deferred: false,
                deferrable: true,
                match: "full",
                onDeleteColumns: ["b"],
              },
              {
                name: "child_unchecked",
                columns: ["a", "b"],
                references: { table: "parent", columns: ["x", "y"] },
                onDelete: "NO ACTION",
                onUpdate: "NO ACTION",
                deferred: true,
                notValid: true,
              },
            ],
            uniques: [
              { columns: ["a"], deferrable: "deferred", storage: { fillfactor: "80" } },
              { columns: ["name", "b"], nullsNotDistinct: true },
            ],
            indexes: [
              { keys: [{ column: "code" }], unique: false, storage: { deduplicate_items: "off" } },
              // An expression over a column with a collation takes that collation: still a managed index.
              { name: "child_lower", keys: [{ expression: "lower(code)" }], unique: true, nullsNotDistinct: true },
            ],
            checks: [{ name: "child_a_check", expression: "a > 0", noInherit: true }],
            storage: { autovacuum_enabled: "off" },
          },
        ],
      },
      dialectNamed("postgresql"),
    );
    const target = await createTestSchema();
    open.push(target);
    await target.run(renderPostgresSchema(schema).join("\n"));
    const back = await target.introspect();
    expect(normalizeSchema(back.schema, dialectNamed(back.schema.dialect))).toEqual(schema);
    expect(back.unmanaged.filter((u) => u.kind === "index" || u.kind === "constraint")).toEqual([]);
  });
});
