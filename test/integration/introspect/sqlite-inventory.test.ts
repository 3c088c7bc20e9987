import { describe, expect, test } from "bun:test";
import { readSqliteCatalog } from "../../../src/dialect/sqlite/sqlite-catalog.ts";
import { buildSqliteLiveSchema, introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import { introspectDdl, tempSqlite } from "./sqlite-helpers.ts";

async function hasFts5(): Promise<boolean> {
  const db = await tempSqlite();
  try {
    await db.driver.execute("CREATE VIRTUAL TABLE probe USING fts5(x)");
    return true;
  } catch {
    return false;
  } finally {
    await db.dispose();
  }
}

const fts5 = await hasFts5();
if (!fts5) console.log("skipping the fts5 virtual-table case: this SQLite build has no fts5 module");

describe("sqlite introspection: unmanaged inventory", () => {
  test("views and triggers (with their table) are unmanaged; sqlite_ internals appear nowhere", async () => {
    const live = await introspectDdl(`
      CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, updated TEXT);
      INSERT INTO items (name) VALUES ('a');
      ANALYZE;
      CREATE VIEW item_names AS SELECT name FROM items;
      CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN
        UPDATE items SET updated = datetime('now') WHERE id = NEW.id;
      END;
    `);
    expect(live.schema.tables.map((t) => t.name)).toEqual(["items"]);
    expect(live.unmanaged).toEqual([
      {
        kind: "trigger",
        name: "items_touch",
        table: "items",
        sql: "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN\n        UPDATE items SET updated = datetime('now') WHERE id = NEW.id;\n      END",
      },
      { kind: "view", name: "item_names", sql: "CREATE VIEW item_names AS SELECT name FROM items" },
    ]);
    expect(live.ignored).toEqual([]);
  });

  test.skipIf(!fts5)("fts5 virtual tables and their shadow tables are unmanaged virtual tables", async () => {
    const live = await introspectDdl(`
      CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT);
      CREATE TABLE docs_fts_notes (id INTEGER PRIMARY KEY);
      CREATE VIRTUAL TABLE docs_fts USING fts5(body, content='docs', content_rowid='id');
    `);
    expect(live.schema.tables.map((t) => t.name)).toEqual(["docs", "docs_fts_notes"]);
    const virtual = live.unmanaged.filter((o) => o.kind === "virtual_table");
    expect(virtual).toContainEqual({ kind: "virtual_table", name: "docs_fts" });
    expect(virtual).toContainEqual({ kind: "virtual_table", name: "docs_fts_data", table: "docs_fts" });
    expect(virtual).toContainEqual({ kind: "virtual_table", name: "docs_fts_idx", table: "docs_fts" });
    expect(virtual.every((o) => o.name === "docs_fts" || o.table === "docs_fts")).toBe(true);
  });

  test.skipIf(!fts5)("before SQLite 3.37 (no pragma_table_list) shadow tables are found by name prefix", async () => {
    const db = await tempSqlite();
    try {
      await db.driver.execute(`
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        CREATE VIRTUAL TABLE notes_fts USING fts5(body);
      `);
      const catalog = await readSqliteCatalog(db.driver);
      expect(catalog.tableKinds?.get("notes_fts_data")).toBe("shadow");
      const modern = buildSqliteLiveSchema(catalog, { ignoreTables: [] });
      const legacy = buildSqliteLiveSchema({ ...catalog, tableKinds: undefined }, { ignoreTables: [] });
      expect(legacy).toEqual(modern);
      expect(legacy.schema.tables.map((t) => t.name)).toEqual(["notes"]);
    } finally {
      await db.dispose();
    }
  });

  test("a virtual table whose module is built in (rtree or fts4) is unmanaged too", async () => {
    const db = await tempSqlite();
    try {
      let made = "";
      for (const ddl of ["CREATE VIRTUAL TABLE v USING rtree(id, x0, x1)", "CREATE VIRTUAL TABLE v USING fts4(x)"]) {
        try {
          await db.driver.execute(ddl);
          made = ddl;
          break;
        } catch {}
      }
      if (made === "") {
        console.log("skipping: neither rtree nor fts4 is compiled into this SQLite");
        return;
      }
      const live = await introspectSqlite(db.driver, { ignoreTables: [] });
      expect(live.schema.tables).toEqual([]);
      expect(live.unmanaged.find((o) => o.name === "v")).toEqual({ kind: "virtual_table", name: "v" });
      expect(live.unmanaged.filter((o) => o.name !== "v").every((o) => o.table === "v")).toBe(true);
    } finally {
      await db.dispose();
    }
  });
});

describe("sqlite introspection: ignore lists", () => {
  test("pormg's history tables and ignore_tables prefixes are skipped and reported", async () => {
    const live = await introspectDdl(
      `
      CREATE TABLE pormg_migrations (id INTEGER PRIMARY KEY);
      CREATE TABLE pormg_migration_events (id INTEGER PRIMARY KEY);
      CREATE TABLE legacy_users (id INTEGER PRIMARY KEY);
      CREATE TABLE legacy_log (id INTEGER PRIMARY KEY);
      CREATE TABLE Legacy_kept (id INTEGER PRIMARY KEY);
      CREATE TABLE kept (id INTEGER PRIMARY KEY AUTOINCREMENT);
      CREATE TRIGGER legacy_trigger AFTER INSERT ON legacy_log BEGIN SELECT 1; END;
      CREATE VIEW legacy_view AS SELECT 1;
      INSERT INTO kept DEFAULT VALUES;
    `,
      ["legacy_"],
    );
    expect(live.schema.tables.map((t) => t.name)).toEqual(["Legacy_kept", "kept"]);
    expect(live.ignored).toEqual(["legacy_log", "legacy_users", "pormg_migration_events", "pormg_migrations"]);
    expect(live.unmanaged).toEqual([]);
  });
});
