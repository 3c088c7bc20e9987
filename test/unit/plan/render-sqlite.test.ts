import { describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { ForeignKey, Table } from "../../../src/schema/ir.ts";
import type { Operation, PlanStep } from "../../../src/schema/operation.ts";
import { col, noContext, table } from "./fixtures.ts";

const render = (...ops: Operation[]) => renderOperations(ops, sqliteDialect, noContext);
const one = (...ops: Operation[]): PlanStep => {
  const steps = render(...ops);
  expect(steps).toHaveLength(1);
  return steps[0] as PlanStep;
};

const fk: ForeignKey = {
  columns: ["artist_id"],
  references: { table: "artist", columns: ["id"] },
  onDelete: "CASCADE",
  onUpdate: "NO ACTION",
  deferred: false,
};

describe("sqlite rendering: what ALTER TABLE can do", () => {
  test("createTable declares foreign keys inline and creates its indexes in the same step", () => {
    const t: Table = table("album", [col("artist_id", { kind: "bigint" })], {
      foreignKeys: [fk],
      indexes: [{ keys: [{ column: "artist_id" }], unique: false }],
    });
    const steps = render(
      { kind: "createTable", table: t },
      { kind: "createIndex", table: "album", index: { keys: [{ column: "artist_id" }], unique: false } },
      { kind: "addForeignKey", table: "album", foreignKey: fk },
    );
    expect(steps).toEqual([
      {
        label: "album | Create table",
        sql:
          'CREATE TABLE "album" (\n  "id" INTEGER UNSIGNED NOT NULL,\n  "artist_id" INTEGER,\n  PRIMARY KEY ("id"),\n' +
          '  FOREIGN KEY ("artist_id") REFERENCES "artist" ("id") ON DELETE CASCADE ON UPDATE NO ACTION\n);\n' +
          'CREATE INDEX "album_artist_id_idx" ON "album" ("artist_id");',
        destructive: false,
        transactional: true,
      },
    ]);
  });

  test("indexes, a unique as a unique index, and an index rename from the live definition", () => {
    expect(
      one({
        kind: "createIndex",
        table: "t",
        index: { keys: [{ column: "a", descending: true }], unique: true, where: "a IS NOT NULL" },
      }).sql,
    ).toBe('CREATE UNIQUE INDEX "t_a_idx" ON "t" ("a" DESC) WHERE a IS NOT NULL;');
    expect(
      one({ kind: "dropIndex", table: "t", index: { name: "i", keys: [{ column: "a" }], unique: false } }).sql,
    ).toBe('DROP INDEX "i";');
    expect(one({ kind: "addUnique", table: "t", unique: { columns: ["a", "b"] } })).toMatchObject({
      label: "t | Create unique constraint: t_a_b_key",
      sql: 'CREATE UNIQUE INDEX "t_a_b_key" ON "t" ("a", "b");',
    });
    const live = table("t", [col("a")], { indexes: [{ name: "old_i", keys: [{ column: "a" }], unique: false }] });
    const steps = renderOperations(
      [
        { kind: "renameColumn", table: "t", from: "a", to: "b" },
        { kind: "renameIndex", table: "t", from: "old_i", to: "new_i" },
      ],
      sqliteDialect,
      { unmanaged: [], tables: [live] },
    );
    expect(steps[1]).toMatchObject({
      label: "t | Rename index: new_i",
      sql: 'DROP INDEX "old_i";\nCREATE INDEX "new_i" ON "t" ("b");',
      destructive: false,
    });
  });

  test("what SQLite cannot ALTER must arrive lowered to a rebuild", () => {
    const kinds: Operation[] = [
      { kind: "alterColumn", table: "t", from: col("a"), to: col("a", { kind: "integer" }), changes: ["type"] },
      { kind: "addForeignKey", table: "t", foreignKey: fk },
      { kind: "dropUnique", table: "t", unique: { columns: ["a"] } },
      { kind: "addCheck", table: "t", check: { expression: "a > 0" } },
      { kind: "addColumn", table: "t", column: col("a", { kind: "text" }, { nullable: false }) },
      {
        kind: "addColumn",
        table: "t",
        column: col("a", { kind: "text" }, { default: { kind: "expression", sql: "CURRENT_TIMESTAMP" } }),
      },
    ];
    for (const op of kinds) {
      let error: unknown;
      try {
        render(op);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PormgError);
      expect((error as PormgError).code).toBe("INTERNAL");
    }
  });
});
