import type { Driver } from "../../../src/core/driver.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { Column, LiveSchema, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { fk, type LossyData, tableL } from "./lossy-data.ts";

/** A rebuild of "l" into the table `edit` makes of it, copying every column present on both sides. */
export function rebuild(live: LiveSchema, edit: (t: Table) => Table): Operation {
  const l = tableL(live);
  const to = edit(l);
  const present = new Set(l.columns.map((c) => c.name));
  return {
    kind: "rebuildTable",
    from: l,
    to,
    columns: to.columns.filter((c) => present.has(c.name)).map((c) => ({ to: c.name, from: c.name })),
  };
}

/** An edit of a table that changes its column `name` by `change`. */
export const mapColumn =
  (name: string, change: Partial<Column>) =>
  (t: Table): Table => ({
    ...t,
    columns: t.columns.map((c) => (c.name === name ? { ...c, ...change } : c)),
  });

/** Runs the rendered rebuild inside `tx` and returns PRAGMA foreign_key_check's rows. */
export async function applyInside(tx: Driver, live: LiveSchema, op: Operation): Promise<unknown[]> {
  for (const step of renderOperations([op], sqliteDialect, renderContext(live))) await tx.execute(step.sql);
  return tx.query("PRAGMA foreign_key_check");
}

/** SQLite: every change is a rebuild of `l`; a rebuild runs with foreign keys off, then checks them. */
export const sqliteLossy: LossyData = {
  dialect: sqliteDialect,
  setup: `
  CREATE TABLE parent (id INTEGER PRIMARY KEY);
  INSERT INTO parent VALUES (1);
  CREATE TABLE l (id INTEGER PRIMARY KEY, nn TEXT, t TEXT, u TEXT, k INTEGER, p INTEGER, ck INTEGER, d INTEGER DEFAULT 7);
  INSERT INTO l VALUES
    (1, 'x',  '007', 'a',  1,    1,    1,    7),
    (2, NULL, '7',   'a',  1,    99,   -1,   7),
    (3, 'y',  'abc', 'b',  NULL, NULL, NULL, 7),
    (4, NULL, '1.5', NULL, 2,    1,    5,    7),
    (5, 'z',  NULL,  NULL, 3,    1,    0,    7);
`,
  cases: [
    ["set_not_null", (live) => rebuild(live, mapColumn("nn", { nullable: false })), { set_not_null: 2 }],
    [
      "text_affinity",
      (live) => rebuild(live, mapColumn("t", { type: { kind: "decimal", precision: 10, scale: 2 } })),
      { text_affinity: 3 },
    ],
    ["add_unique", (live) => rebuild(live, (t) => ({ ...t, uniques: [{ columns: ["u"] }] })), { add_unique: 2 }],
    [
      "add_primary_key",
      (live) => rebuild(live, (t) => ({ ...t, primaryKey: { columns: ["k"] } })),
      { add_primary_key: 2 },
    ],
    ["add_foreign_key", (live) => rebuild(live, (t) => ({ ...t, foreignKeys: [fk] })), { add_foreign_key: 1 }],
    ["add_check", (live) => rebuild(live, (t) => ({ ...t, checks: [{ expression: "ck > 0" }] })), { add_check: 2 }],
    [
      "add_not_null",
      (live) =>
        rebuild(live, (t) => ({
          ...t,
          columns: [...t.columns, { name: "fresh", type: { kind: "text" }, nullable: false }],
        })),
      { add_not_null: 5 },
    ],
  ],
  /** Whether the rebuild runs on the live rows with a clean foreign_key_check (always rolled back). */
  async runs(driver: Driver, live: LiveSchema, op: Operation): Promise<boolean> {
    const rollback = new Error("rollback");
    await driver.execute("PRAGMA foreign_keys = OFF");
    try {
      await driver.transaction(async (tx) => {
        const problems = await applyInside(tx, live, op);
        if (problems.length > 0) throw new Error("foreign_key_check");
        throw rollback;
      });
    } catch (error) {
      return error === rollback;
    } finally {
      await driver.execute("PRAGMA foreign_keys = ON");
    }
    return true;
  },
};
