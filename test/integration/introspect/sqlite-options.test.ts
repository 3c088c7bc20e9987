import { describe, expect, test } from "bun:test";
import { renderCreateTable } from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import type { Table } from "../../../src/schema/ir.ts";
import { introspectDdl, tableOf, tempSqlite } from "./sqlite-helpers.ts";

describe("sqlite introspection: options and clauses a rebuild must keep", () => {
  test("STRICT, WITHOUT ROWID, COLLATE and deferred foreign keys are read, and rendered back the same", async () => {
    const ddl = `
      CREATE TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TABLE tag (id INTEGER PRIMARY KEY, label TEXT COLLATE nocase NOT NULL, code TEXT COLLATE BINARY,
        parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED) STRICT;
      CREATE TABLE kv (k TEXT PRIMARY KEY COLLATE RTRIM, v BLOB) WITHOUT ROWID, STRICT;
    `;
    const live = await introspectDdl(ddl);
    const tag = tableOf(live, "tag");
    expect(tag.options).toEqual({ strict: true });
    expect(tag.columns.map((c) => [c.name, c.collation])).toEqual([
      ["id", undefined],
      ["label", "NOCASE"],
      ["code", undefined],
      ["parent", undefined],
    ]);
    expect(tag.foreignKeys[0]).toMatchObject({ columns: ["parent"], deferred: true });
    const kv = tableOf(live, "kv");
    expect(kv.options).toEqual({ strict: true, withoutRowid: true });
    expect(kv.columns[0]).toMatchObject({ name: "k", collation: "RTRIM", nullable: false });
    expect(live.unmanaged.filter((o) => o.kind === "constraint")).toEqual([]);

    // What pormg renders from the IR reads back as the same IR.
    const db = await tempSqlite();
    try {
      await db.driver.execute([tableOf(live, "parent"), tag, kv].map((t) => `${renderCreateTable(t)};`).join("\n"));
      const again = await introspectSqlite(db.driver, { ignoreTables: [] });
      expect(again.schema).toEqual(live.schema);
    } finally {
      await db.dispose();
    }
  });

  test("clauses the IR does not carry are listed as the table's unmanaged constraints (a generated column is carried)", async () => {
    const live = await introspectDdl(`
      CREATE TABLE line (id INTEGER PRIMARY KEY, qty INT, total INT GENERATED ALWAYS AS (qty * 2) STORED,
        note TEXT NOT NULL ON CONFLICT REPLACE DEFAULT '-', UNIQUE (note COLLATE NOCASE DESC));
      CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT);
    `);
    expect(live.unmanaged.filter((o) => o.kind === "constraint")).toEqual([
      { kind: "constraint", name: "UNIQUE (note COLLATE NOCASE DESC)", table: "line" },
      { kind: "constraint", name: 'column "note" ON CONFLICT REPLACE', table: "line" },
    ]);
    const total = live.schema.tables.find((t) => t.name === "line")?.columns.find((c) => c.name === "total");
    expect(total?.generated).toEqual({ expression: "qty * 2", stored: true });
  });

  test("collations inside a table-level UNIQUE or PRIMARY KEY are the key's collations, relative to the column's own", async () => {
    const live = await introspectDdl(`
      CREATE TABLE tag (name text NOT NULL, scope text COLLATE NOCASE NOT NULL, UNIQUE (name COLLATE NOCASE, scope));
      CREATE TABLE code (k text COLLATE NOCASE, v text, PRIMARY KEY (k COLLATE BINARY, v COLLATE rtrim)) WITHOUT ROWID;
      CREATE TABLE own (k text COLLATE NOCASE PRIMARY KEY, u text COLLATE NOCASE, UNIQUE (u COLLATE nocase));
    `);
    const table = (name: string) => live.schema.tables.find((t) => t.name === name);
    expect(table("tag")?.uniques).toEqual([{ columns: ["name", "scope"], collations: ["NOCASE", null] }]);
    expect(table("code")?.primaryKey).toEqual({ columns: ["k", "v"], collations: ["BINARY", "RTRIM"] });
    // A key using each column's own collation carries none.
    expect(table("own")?.primaryKey).toEqual({ columns: ["k"] });
    expect(table("own")?.uniques).toEqual([{ columns: ["u"] }]);
    expect(live.unmanaged.filter((o) => o.kind === "constraint")).toEqual([]);
    // And they are rendered back the same.
    const tag = renderCreateTable(table("tag") as Table);
    expect(tag).toContain('UNIQUE ("name" COLLATE NOCASE, "scope")');
    expect(renderCreateTable(table("code") as Table)).toContain('PRIMARY KEY ("k" COLLATE BINARY, "v" COLLATE RTRIM)');
  });
});
