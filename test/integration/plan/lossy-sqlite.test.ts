import { afterAll, beforeAll, expect, test } from "bun:test";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { type TempSqlite, tempSqlite } from "../introspect/sqlite-helpers.ts";
import { applySqlite, count } from "./apply.ts";
import { applyInside, mapColumn, rebuild, sqliteLossy } from "./lossy-sqlite-data.ts";

// The lossy findings every dialect has are in lossy-findings.test.ts; these are SQLite's own.
let db: TempSqlite;
let schema: LiveSchema;

beforeAll(async () => {
  db = await tempSqlite();
  await db.driver.execute(sqliteLossy.setup);
  schema = await introspectSqlite(db.driver, { ignoreTables: [] });
});
afterAll(async () => {
  await db?.dispose();
});

test("text_affinity counts exactly the values SQLite converts", async () => {
  const op = rebuild(schema, mapColumn("t", { type: { kind: "decimal", precision: 10, scale: 2 } }));
  await db.driver.execute("PRAGMA foreign_keys = OFF");
  try {
    await db.driver.transaction(async (tx) => {
      await applyInside(tx, schema, op);
      const rows = await tx.query<{ id: number; kind: string }>("SELECT id, typeof(t) AS kind FROM l ORDER BY id");
      expect(rows.filter((r) => r.kind !== "text" && r.kind !== "null").map((r) => r.id)).toEqual([1, 2, 4]);
      throw new Error("rollback");
    });
  } catch (e) {
    if ((e as Error).message !== "rollback") throw e;
  } finally {
    await db.driver.execute("PRAGMA foreign_keys = ON");
  }
});

test("a dropped default is silent and makes the rebuild no less destructive", () => {
  const op = rebuild(schema, (t) => ({
    ...t,
    columns: t.columns.map((c) => (c.name === "d" ? { name: "d", type: c.type, nullable: true } : c)),
  }));
  expect(classifyChanges([op], sqliteDialect).map((f) => f.kind + f.reason.split(":")[0])).toEqual([
    "silentdrop_default",
  ]);
});

test("applySqlite runs a clean rebuild end to end", async () => {
  const op = rebuild(schema, mapColumn("ck", { type: { kind: "smallint" } }));
  expect(await applySqlite(db.driver, renderOperations([op], sqliteDialect, renderContext(schema)))).toEqual([]);
  expect(await count(db.driver, "SELECT count(*) AS n FROM l")).toBe(5);
});
