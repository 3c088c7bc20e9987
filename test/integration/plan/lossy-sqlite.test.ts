import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { Column, LiveSchema, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { type TempSqlite, tableOf, tempSqlite } from "../introspect/sqlite-helpers.ts";
import { applySqlite, count } from "./apply.ts";

let db: TempSqlite;
let schema: LiveSchema;
let l: Table;

beforeAll(async () => {
  db = await tempSqlite();
  await db.driver.execute(`
    CREATE TABLE parent (id INTEGER PRIMARY KEY);
    INSERT INTO parent VALUES (1);
    CREATE TABLE l (id INTEGER PRIMARY KEY, nn TEXT, t TEXT, u TEXT, k INTEGER, p INTEGER, ck INTEGER, d INTEGER DEFAULT 7);
    INSERT INTO l VALUES
      (1, 'x',  '007', 'a',  1,    1,    1,    7),
      (2, NULL, '7',   'a',  1,    99,   -1,   7),
      (3, 'y',  'abc', 'b',  NULL, NULL, NULL, 7),
      (4, NULL, '1.5', NULL, 2,    1,    5,    7),
      (5, 'z',  NULL,  NULL, 3,    1,    0,    7);
  `);
  schema = await introspectSqlite(db.driver, { ignoreTables: [] });
  l = tableOf(schema, "l");
});
afterAll(async () => {
  await db?.dispose();
});

/** A rebuild of "l" into the table `edit` makes of it, copying every column present on both sides. */
function rebuild(edit: (t: Table) => Table): Operation {
  const to = edit(l);
  const present = new Set(l.columns.map((c) => c.name));
  return {
    kind: "rebuildTable",
    from: l,
    to,
    columns: to.columns.filter((c) => present.has(c.name)).map((c) => ({ to: c.name, from: c.name })),
  };
}
const mapColumn =
  (name: string, change: Partial<Column>) =>
  (t: Table): Table => ({
    ...t,
    columns: t.columns.map((c) => (c.name === name ? { ...c, ...change } : c)),
  });

/** Whether the rebuild runs on the live rows with a clean foreign_key_check (always rolled back). */
async function runs(op: Operation): Promise<boolean> {
  const rollback = new Error("rollback");
  try {
    await db.driver.transaction(async (tx) => {
      const problems = await applyInside(tx, op);
      if (problems.length > 0) throw new Error("foreign_key_check");
      throw rollback;
    });
  } catch (error) {
    return error === rollback;
  }
  return true;
}
async function applyInside(tx: typeof db.driver, op: Operation): Promise<unknown[]> {
  for (const step of renderOperations([op], sqliteDialect, renderContext(schema))) await tx.execute(step.sql);
  return tx.query("PRAGMA foreign_key_check");
}

const fk = {
  columns: ["p"],
  references: { table: "parent", columns: ["id"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: false,
} as const;

describe("sqlite lossy findings: counts match the rows, and rows findings match failures", () => {
  const cases: [string, () => Operation, Record<string, number>][] = [
    ["set_not_null", () => rebuild(mapColumn("nn", { nullable: false })), { set_not_null: 2 }],
    [
      "text_affinity",
      () => rebuild(mapColumn("t", { type: { kind: "decimal", precision: 10, scale: 2 } })),
      { text_affinity: 3 },
    ],
    ["add_unique", () => rebuild((t) => ({ ...t, uniques: [{ columns: ["u"] }] })), { add_unique: 2 }],
    ["add_primary_key", () => rebuild((t) => ({ ...t, primaryKey: { columns: ["k"] } })), { add_primary_key: 2 }],
    ["add_foreign_key", () => rebuild((t) => ({ ...t, foreignKeys: [fk] })), { add_foreign_key: 1 }],
    ["add_check", () => rebuild((t) => ({ ...t, checks: [{ expression: "ck > 0" }] })), { add_check: 2 }],
    [
      "add_not_null",
      () =>
        rebuild((t) => ({ ...t, columns: [...t.columns, { name: "fresh", type: { kind: "text" }, nullable: false }] })),
      { add_not_null: 5 },
    ],
  ];
  for (const [name, make, expected] of cases) {
    test(name, async () => {
      const op = make();
      const findings = classifyChanges([op], sqliteDialect);
      const counted: Record<string, number> = {};
      for (const f of findings) {
        expect(f.countSql).toBeDefined();
        counted[f.reason.split(/[ :]/)[0] as string] = await count(db.driver, f.countSql as string);
      }
      expect(counted).toEqual(expected);
      const failing = findings.some((f) => f.kind === "rows" && counted[f.reason.split(/[ :]/)[0] as string] !== 0);
      await db.driver.execute("PRAGMA foreign_keys = OFF");
      try {
        expect(await runs(op)).toBe(!failing);
      } finally {
        await db.driver.execute("PRAGMA foreign_keys = ON");
      }
    });
  }

  test("text_affinity counts exactly the values SQLite converts", async () => {
    const op = rebuild(mapColumn("t", { type: { kind: "decimal", precision: 10, scale: 2 } }));
    await db.driver.execute("PRAGMA foreign_keys = OFF");
    try {
      await db.driver.transaction(async (tx) => {
        await applyInside(tx, op);
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
    const op = rebuild((t) => ({
      ...t,
      columns: t.columns.map((c) => (c.name === "d" ? { name: "d", type: c.type, nullable: true } : c)),
    }));
    expect(classifyChanges([op], sqliteDialect).map((f) => f.kind + f.reason.split(":")[0])).toEqual([
      "silentdrop_default",
    ]);
  });

  test("applySqlite runs a clean rebuild end to end", async () => {
    const op = rebuild(mapColumn("ck", { type: { kind: "smallint" } }));
    expect(await applySqlite(db.driver, renderOperations([op], sqliteDialect, renderContext(schema)))).toEqual([]);
    expect(await count(db.driver, "SELECT count(*) AS n FROM l")).toBe(5);
  });
});
