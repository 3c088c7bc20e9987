import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import { createTestSchema, type TestSchema } from "./postgres-helpers.ts";

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
      a int, b text, c int,
      CONSTRAINT parent_pk PRIMARY KEY (b, a),
      CONSTRAINT parent_c_key UNIQUE (c)
    );
    CREATE TABLE child (
      id bigint PRIMARY KEY,
      pa int, pb text, pc int, self_id bigint,
      CONSTRAINT child_parent_fk FOREIGN KEY (pb, pa) REFERENCES parent (b, a) ON DELETE CASCADE ON UPDATE SET NULL,
      FOREIGN KEY (pc) REFERENCES parent (c) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
      FOREIGN KEY (self_id) REFERENCES child (id) ON DELETE SET DEFAULT DEFERRABLE INITIALLY IMMEDIATE
    );
    CREATE TABLE idx (
      id int, name text, score int, tags int[], created timestamptz, "Quoted Col" int,
      CONSTRAINT idx_score_check CHECK (score >= 0),
      CONSTRAINT named_check CHECK (score < 100 AND name <> '')
    );
    CREATE INDEX idx_multi ON idx (name, score);
    CREATE INDEX idx_partial ON idx (score) WHERE name IS NOT NULL;
    CREATE INDEX idx_expr ON idx (lower(name), score DESC);
    CREATE INDEX idx_desc ON idx (created DESC);
    CREATE INDEX idx_gin ON idx USING gin (tags);
    CREATE INDEX idx_hash ON idx USING hash (name);
    CREATE UNIQUE INDEX idx_unique_plain ON idx (id, "Quoted Col");
    CREATE UNIQUE INDEX idx_unique_partial ON idx (name) WHERE score > 0;
    CREATE UNIQUE INDEX idx_unique_expr ON idx (lower(name));
    CREATE UNIQUE INDEX idx_unique_desc ON idx (score DESC);
    CREATE INDEX idx_include ON idx (id) INCLUDE (name);
    CREATE INDEX idx_opclass ON idx (name text_pattern_ops);
    CREATE INDEX idx_nulls ON idx (score NULLS FIRST);
    CREATE INDEX idx_collate ON idx (name COLLATE "C");
    CREATE TABLE docs (tsv tsvector);
    CREATE INDEX docs_tsv_siglen ON docs USING gist (tsv tsvector_ops (siglen = 100));
    CREATE INDEX docs_tsv ON docs USING gist (tsv);
    CREATE TABLE excl (c circle, EXCLUDE USING gist (c WITH &&));
    CREATE TABLE dupes (v int);
    INSERT INTO dupes VALUES (1), (1);
  `);
  // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
  await t.run("CREATE UNIQUE INDEX CONCURRENTLY dupes_v_invalid ON dupes (v)").catch(() => {});
  live = await t.introspect();
});

afterAll(async () => {
  await t?.dispose();
});

describe("postgres introspection: keys", () => {
  test("composite primary key in key order, with its name", () => {
    expect(table("parent").primaryKey).toEqual({ name: "parent_pk", columns: ["b", "a"] });
  });
  test("composite foreign key pairs conkey with confkey and reads both actions", () => {
    expect(table("child").foreignKeys).toContainEqual({
      name: "child_parent_fk",
      columns: ["pb", "pa"],
      references: { table: "parent", columns: ["b", "a"] },
      onDelete: "CASCADE",
      onUpdate: "SET NULL",
      deferred: false,
    });
  });
  test("deferred means DEFERRABLE INITIALLY DEFERRED; initially immediate is deferrable, not deferred", () => {
    const fks = table("child").foreignKeys;
    expect(fks.find((f) => f.columns[0] === "pc")).toMatchObject({
      onDelete: "RESTRICT",
      onUpdate: "NO ACTION",
      deferred: true,
    });
    expect(fks.find((f) => f.columns[0] === "self_id")).toMatchObject({
      references: { table: "child", columns: ["id"] },
      onDelete: "SET DEFAULT",
      deferred: false,
      deferrable: true,
    });
    expect(fks.find((f) => f.columns[0] === "pb")?.deferrable).toBeUndefined();
    expect(fks).toHaveLength(3);
  });
  test("unique constraints and plain unique indexes are uniques", () => {
    expect(table("parent").uniques).toEqual([{ name: "parent_c_key", columns: ["c"] }]);
    expect(table("idx").uniques).toEqual([{ name: "idx_unique_plain", columns: ["id", "Quoted Col"] }]);
  });
  test("indexes backing primary keys and unique constraints are not listed again", () => {
    expect(table("parent").indexes).toEqual([]);
    expect(table("child").indexes).toEqual([]);
  });
});

describe("postgres introspection: indexes", () => {
  const index = (name: string) => table("idx").indexes.find((i) => i.name === name);
  test("composite", () => {
    expect(index("idx_multi")).toEqual({
      name: "idx_multi",
      keys: [{ column: "name" }, { column: "score" }],
      unique: false,
    });
  });
  test("partial", () => {
    expect(index("idx_partial")).toEqual({
      name: "idx_partial",
      keys: [{ column: "score" }],
      unique: false,
      where: "name IS NOT NULL",
    });
  });
  test("expression and DESC keys", () => {
    expect(index("idx_expr")?.keys).toEqual([{ expression: "lower(name)" }, { column: "score", descending: true }]);
    expect(index("idx_desc")?.keys).toEqual([{ column: "created", descending: true }]);
  });
  test("non-btree methods", () => {
    expect(index("idx_gin")).toEqual({ name: "idx_gin", keys: [{ column: "tags" }], unique: false, method: "gin" });
    expect(index("idx_hash")?.method).toBe("hash");
  });
  test("unique indexes with a predicate, an expression or DESC stay indexes", () => {
    expect(index("idx_unique_partial")).toEqual({
      name: "idx_unique_partial",
      keys: [{ column: "name" }],
      unique: true,
      where: "score > 0",
    });
    expect(index("idx_unique_expr")?.unique).toBe(true);
    expect(index("idx_unique_desc")?.keys).toEqual([{ column: "score", descending: true }]);
  });
  test("INCLUDE columns are part of the index (issue 9)", () => {
    expect(index("idx_include")).toEqual({
      name: "idx_include",
      keys: [{ column: "id" }],
      unique: false,
      include: ["name"],
    });
  });
  test("operator classes, NULLS orders and collations are part of the keys (issue 9)", () => {
    expect(index("idx_opclass")?.keys).toEqual([{ column: "name", opclass: "text_pattern_ops" }]);
    expect(index("idx_nulls")?.keys).toEqual([{ column: "score", nulls: "first" }]);
    expect(index("idx_collate")?.keys).toEqual([{ column: "name", collation: "C" }]);
    for (const name of ["idx_opclass", "idx_nulls", "idx_collate"])
      expect(live.unmanaged).not.toContainEqual({ kind: "index", name, table: "idx" });
  });
  test("an operator class with parameters is not carried: that index is unmanaged", () => {
    expect(table("docs").indexes).toEqual([
      { name: "docs_tsv", keys: [{ column: "tsv" }], unique: false, method: "gist" },
    ]);
    expect(live.unmanaged).toContainEqual({ kind: "index", name: "docs_tsv_siglen", table: "docs" });
  });
  test("invalid indexes are unmanaged", () => {
    expect(table("dupes").uniques).toEqual([]);
    expect(table("dupes").indexes).toEqual([]);
    expect(live.unmanaged).toContainEqual({ kind: "index", name: "dupes_v_invalid", table: "dupes" });
  });
  test("exclusion constraints are unmanaged and their index is not listed", () => {
    expect(table("excl").indexes).toEqual([]);
    expect(live.unmanaged).toContainEqual({ kind: "constraint", name: "excl_c_excl", table: "excl" });
  });
});

describe("postgres introspection: checks", () => {
  test("condition without CHECK (...), canonicalised", () => {
    expect(table("idx").checks).toEqual([
      { name: "idx_score_check", expression: "score >= 0" },
      { name: "named_check", expression: "score < 100 AND name <> ''::text" },
    ]);
  });
});
