import { describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { rebuildDependents, renameTableIn } from "../../../src/dialect/sqlite/sqlite-dependents.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { RenderContext } from "../../../src/plan/render-context.ts";
import type { Table, UnmanagedObject } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { col, table } from "./fixtures.ts";

const from: Table = table("items", [col("name"), col("price", { kind: "text" }), col("old")]);
const to: Table = {
  ...table("items", [
    col("name", { kind: "text" }, { nullable: false }),
    col("price", { kind: "decimal", precision: 10, scale: 2 }),
  ]),
  indexes: [{ keys: [{ column: "name" }], unique: false }],
};
const rebuild: Operation = {
  kind: "rebuildTable",
  from,
  to,
  columns: [
    { to: "id", from: "id" },
    { to: "name", from: "name" },
    { to: "price", from: "price" },
  ],
};

const view = (name: string, sql: string): UnmanagedObject => ({ kind: "view", name, sql });
const trigger = (name: string, on: string, sql: string): UnmanagedObject => ({ kind: "trigger", name, table: on, sql });

function refusal(ops: Operation[], context: RenderContext): PormgError {
  try {
    renderOperations(ops, sqliteDialect, context);
  } catch (e) {
    if (e instanceof PormgError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("sqlite table rebuild", () => {
  test("one step: create new, copy, drop, rename, indexes; destructive because it drops a column and retypes silently", () => {
    const [step] = renderOperations([rebuild], sqliteDialect, { unmanaged: [], tables: [] });
    expect(step).toEqual({
      label:
        "items | Alter table: items (make name NOT NULL; retype price text → decimal(10, 2); drop old; create index items_name_idx)",
      sql: [
        'CREATE TABLE "items__pormg_new" (\n  "id" INTEGER UNSIGNED NOT NULL,\n  "name" TEXT NOT NULL,\n  "price" DECIMAL(10,2),\n  PRIMARY KEY ("id")\n);',
        'INSERT INTO "items__pormg_new" ("id", "name", "price") SELECT "id", "name", "price" FROM "items";',
        'DROP TABLE "items";',
        'ALTER TABLE "items__pormg_new" RENAME TO "items";',
        'CREATE INDEX "items_name_idx" ON "items" ("name");',
      ].join("\n"),
      destructive: true,
      reasons: [
        "drop items.old",
        "items.price: text_affinity (TEXT → DECIMAL(10,2)): text that looks like a number is stored as a number ('007' becomes 7)",
      ],
      transactional: true,
      rebuild: { table: "items" },
    });
    expect(step?.sql).not.toContain("PRAGMA");
  });

  test("a rebuild that keeps every column and value is not destructive; its label names each change", () => {
    const before: Table = {
      ...table("post", [col("name", { kind: "varchar", length: 120 }), col("note")]),
      indexes: [{ name: "post_note_idx", keys: [{ column: "note" }], unique: false }],
    };
    const after: Table = {
      ...table("post", [col("name", { kind: "varchar", length: 200 }, { nullable: false }), col("note")]),
      checks: [{ expression: "length(name) > 0" }],
    };
    const op: Operation = {
      kind: "rebuildTable",
      from: before,
      to: after,
      columns: ["id", "name", "note"].map((c) => ({ to: c, from: c })),
    };
    const [step] = renderOperations([op], sqliteDialect, { unmanaged: [], tables: [] });
    expect(step).toMatchObject({
      label:
        "post | Alter table: post (widen name varchar(120) → varchar(200); make name NOT NULL; add check (length(name) > 0); remove index post_note_idx)",
      destructive: false,
      rebuild: { table: "post" },
    });
    expect(step?.reasons).toBeUndefined();
  });

  test("dependent views and triggers are dropped before the swap and re-created after", () => {
    const unmanaged = [
      trigger("items_touch", "items", "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN SELECT 1; END"),
      trigger("log_items", "log", "CREATE TRIGGER log_items AFTER INSERT ON log BEGIN DELETE FROM items WHERE 0; END"),
      trigger("unrelated", "log", "CREATE TRIGGER unrelated AFTER INSERT ON log BEGIN SELECT 2; END"),
      view("expensive", "CREATE VIEW expensive AS SELECT name FROM cheap"),
      view("cheap", "CREATE VIEW cheap AS SELECT name, price FROM items"),
      view("other", "CREATE VIEW other AS SELECT 1 AS x FROM log"),
    ];
    const [step] = renderOperations([rebuild], sqliteDialect, { unmanaged, tables: [] });
    const lines = step?.sql.split("\n") ?? [];
    expect(lines.slice(0, 3)).toEqual(['DROP TRIGGER "log_items";', 'DROP VIEW "expensive";', 'DROP VIEW "cheap";']);
    expect(lines.slice(-4)).toEqual([
      "CREATE VIEW cheap AS SELECT name, price FROM items;",
      "CREATE VIEW expensive AS SELECT name FROM cheap;",
      "CREATE TRIGGER items_touch AFTER UPDATE ON items BEGIN SELECT 1; END;",
      "CREATE TRIGGER log_items AFTER INSERT ON log BEGIN DELETE FROM items WHERE 0; END;",
    ]);
    expect(step?.sql).not.toContain("unrelated");
    expect(step?.sql).not.toContain("other");
  });

  test("a table renamed earlier in the plan is renamed inside the re-created SQL", () => {
    const ops: Operation[] = [{ kind: "renameTable", from: "goods", to: "items" }, rebuild];
    const unmanaged = [view("v", 'CREATE VIEW v AS SELECT goods.name FROM "goods"')];
    const steps = renderOperations(ops, sqliteDialect, { unmanaged, tables: [] });
    expect(steps[1]?.sql.split("\n").at(-1)).toBe('CREATE VIEW v AS SELECT "items".name FROM "items";');
  });

  test("a view or trigger reading a dropped or renamed column is refused, with the objects named", () => {
    const unmanaged = [
      view("with_old", "CREATE VIEW with_old AS SELECT old FROM items"),
      trigger("t_old", "items", "CREATE TRIGGER t_old AFTER UPDATE OF old ON items BEGIN SELECT 1; END"),
      view("fine", "CREATE VIEW fine AS SELECT name FROM items"),
    ];
    const error = refusal([rebuild], { unmanaged, tables: [] });
    expect(error.code).toBe("PLAN_REFUSED");
    expect(error.message).toContain('view "with_old" reads "old"');
    expect(error.message).toContain('trigger "t_old" reads "old"');
    expect(error.message).not.toContain('"fine"');
    expect(error.details).toMatchObject({ table: "items" });

    const renamed: Operation[] = [{ kind: "renameColumn", table: "items", from: "title", to: "name" }, rebuild];
    const byRename = refusal(renamed, {
      unmanaged: [view("v", "CREATE VIEW v AS SELECT title FROM items")],
      tables: [],
    });
    expect(byRename.message).toContain('"title" (renamed to "name")');
  });

  test("dropping a table a view or a trigger elsewhere still uses is refused, naming them", () => {
    const drop: Operation = { kind: "dropTable", table: table("audit", [col("old")]) };
    const unmanaged = [
      trigger("log", "items", "CREATE TRIGGER log AFTER UPDATE ON items BEGIN INSERT INTO audit (old) VALUES (1); END"),
      trigger("own", "audit", "CREATE TRIGGER own AFTER INSERT ON audit BEGIN SELECT 1; END"),
      view("recent", "CREATE VIEW recent AS SELECT * FROM Audit"),
      view("fine", "CREATE VIEW fine AS SELECT * FROM items"),
    ];
    const error = refusal([drop], { unmanaged, tables: [] });
    expect(error.code).toBe("PLAN_REFUSED");
    expect(error.message).toContain(
      'Dropping table "audit" would leave view "recent", trigger "log" (on "items") broken',
    );
    expect(error.details).toMatchObject({
      table: "audit",
      objects: [{ kind: "view" }, { kind: "trigger", name: "log" }],
    });
    // Its own triggers go with it, and so do those on tables the plan drops too.
    const items = table("items", []);
    const both: Operation[] = [drop, { kind: "dropTable", table: items }];
    const steps = renderOperations(both, sqliteDialect, { unmanaged: unmanaged.slice(0, 2), tables: [items] });
    expect(steps.map((s) => s.label)).toEqual(["audit | Drop table", "items | Drop table"]);
  });

  test("a rebuild of a table holding clauses the IR does not carry is refused, naming them", () => {
    const lost: UnmanagedObject = { kind: "constraint", name: 'column "name" ON CONFLICT REPLACE', table: "ITEMS" };
    const error = refusal([rebuild], { unmanaged: [lost], tables: [] });
    expect(error.code).toBe("PLAN_REFUSED");
    expect(error.message).toContain('would lose what pormg cannot re-create: column "name" ON CONFLICT REPLACE');
  });

  test("a plain DROP COLUMN that a view or trigger reads is refused, with the objects named", () => {
    const drop: Operation = { kind: "dropColumn", table: "items", column: col("old") };
    const unmanaged = [
      view("with_old", "CREATE VIEW with_old AS SELECT old FROM items"),
      trigger("t_old", "items", "CREATE TRIGGER t_old AFTER INSERT ON items BEGIN SELECT new.old; END"),
      view("star", "CREATE VIEW star AS SELECT * FROM items"),
      view("elsewhere", "CREATE VIEW elsewhere AS SELECT old FROM other"),
    ];
    const error = refusal([drop], { unmanaged, tables: [] });
    expect(error.code).toBe("PLAN_REFUSED");
    expect(error.message).toContain('view "with_old", trigger "t_old"');
    expect(error.message).not.toContain("star");
    expect(error.message).not.toContain("elsewhere");
    expect(error.details).toEqual({
      table: "items",
      column: "old",
      objects: [
        { kind: "view", name: "with_old" },
        { kind: "trigger", name: "t_old" },
      ],
    });
    // Views that only read the table with `*`, or other tables, do not stop the drop.
    const [step] = renderOperations([drop], sqliteDialect, { unmanaged: unmanaged.slice(2), tables: [] });
    expect(step?.sql).toBe('ALTER TABLE "items" DROP COLUMN "old";');
  });

  test("an AUTOINCREMENT table carries its sqlite_sequence high-water mark; an empty mapping still copies rows", () => {
    const auto: Table = {
      ...table("a", [col("v")]),
      columns: [{ name: "id", type: { kind: "integer" }, nullable: false, identity: { always: false } }, col("v")],
    };
    const [step] = renderOperations(
      [{ kind: "rebuildTable", from: auto, to: auto, columns: [{ to: "id", from: "id" }] }],
      sqliteDialect,
      {
        unmanaged: [],
        tables: [],
      },
    );
    expect(step?.sql).toContain(
      `UPDATE sqlite_sequence SET seq = (SELECT max(s.seq) FROM sqlite_sequence s WHERE s.name = 'a') WHERE name = 'a__pormg_new'`,
    );
    const [empty] = renderOperations([{ kind: "rebuildTable", from, to, columns: [] }], sqliteDialect, {
      unmanaged: [],
      tables: [],
    });
    expect(empty?.sql).toContain('INSERT INTO "items__pormg_new" ("rowid") SELECT "rowid" FROM "items";');
  });

  test("a mapping naming missing columns is a planner bug", () => {
    const bad: Operation = { ...rebuild, columns: [{ to: "nope", from: "id" }] } as Operation;
    expect(() => renderOperations([bad], sqliteDialect, { unmanaged: [], tables: [] })).toThrow(/do not exist/);
  });
});

describe("sqlite dependents", () => {
  test("names are matched case-insensitively and through quoted identifiers", () => {
    const deps = rebuildDependents("Items", [
      view("v", 'CREATE VIEW v AS SELECT * FROM "ITEMS"'),
      view("w", "CREATE VIEW w AS SELECT 'items'"),
    ]);
    expect(deps.views.map((v) => v.name)).toEqual(["v"]);
  });
  test("renameTableIn leaves strings and other names alone", () => {
    expect(renameTableIn("SELECT 'a', a.x, ab FROM a", "a", "b")).toBe(`SELECT 'a', "b".x, ab FROM "b"`);
  });
});
