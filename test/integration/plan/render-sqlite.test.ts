import { afterEach, beforeEach, describe, expect, test } from "bun:test";
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

describe("sqlite: rendered in-place steps run and read back", () => {
  test("created tables (foreign keys inline, indexes in the step) read back as the target", async () => {
    const artist: Table = {
      name: "artist",
      columns: [
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
        {
          name: "name",
          type: { kind: "varchar", length: 120 },
          nullable: false,
          default: { kind: "literal", value: "?" },
        },
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [],
      uniques: [{ columns: ["name"] }],
      indexes: [],
      checks: [{ expression: "length(name) > 0" }],
    };
    const album: Table = {
      name: "album",
      columns: [
        { name: "id", type: { kind: "bigint" }, nullable: false },
        { name: "artist_id", type: { kind: "bigint" }, nullable: true },
      ],
      primaryKey: { columns: ["id"] },
      foreignKeys: [
        {
          columns: ["artist_id"],
          references: { table: "artist", columns: ["id"] },
          onDelete: "CASCADE",
          onUpdate: "NO ACTION",
          deferred: false,
        },
      ],
      uniques: [],
      indexes: [{ keys: [{ column: "artist_id" }], unique: false }],
      checks: [],
    };
    const ops: Operation[] = [
      { kind: "createTable", table: album },
      { kind: "createTable", table: artist },
    ];
    await applySqlite(db.driver, renderOperations(ops, sqliteDialect, { unmanaged: [], tables: [] }));
    const schema = await live();
    expect(tableOf(schema, "album")).toEqual(album);
    expect(tableOf(schema, "artist")).toEqual(artist);
  });

  test("rename table, add/rename/drop columns, unique and plain indexes, index rename", async () => {
    await db.driver.execute(`
      CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, junk TEXT);
      CREATE INDEX t_a_i ON t (a);
      INSERT INTO t (a, junk) VALUES ('x', 'j'), ('y', 'k');
    `);
    const schema = await live();
    const ops: Operation[] = [
      { kind: "renameTable", from: "t", to: "u" },
      { kind: "renameColumn", table: "u", from: "a", to: "b" },
      {
        kind: "addColumn",
        table: "u",
        column: { name: "n", type: { kind: "integer" }, nullable: false, default: { kind: "literal", value: 0 } },
      },
      { kind: "renameIndex", table: "u", from: "t_a_i", to: "u_b_i" },
      { kind: "addUnique", table: "u", unique: { columns: ["b", "n"] } },
      { kind: "createIndex", table: "u", index: { keys: [{ column: "n", descending: true }], unique: false } },
      { kind: "dropColumn", table: "u", column: { name: "junk", type: { kind: "text" }, nullable: true } },
    ];
    expect(await applySqlite(db.driver, renderOperations(ops, sqliteDialect, renderContext(schema)))).toEqual([]);
    const u = tableOf(await live(), "u");
    expect(u.columns.map((c) => c.name)).toEqual(["id", "b", "n"]);
    expect(u.uniques).toEqual([{ columns: ["b", "n"] }]);
    expect(u.indexes).toHaveLength(2);
    expect(u.indexes).toContainEqual({ keys: [{ column: "n", descending: true }], unique: false });
    expect(u.indexes).toContainEqual({ name: "u_b_i", keys: [{ column: "b" }], unique: false });
    expect(await count(db.driver, "SELECT count(*) AS n FROM u WHERE n = 0")).toBe(2);
  });
});
