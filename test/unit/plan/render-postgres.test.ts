import { describe, expect, test } from "bun:test";
import { PormgError } from "../../../src/core/errors.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { ForeignKey } from "../../../src/schema/ir.ts";
import type { Operation, PlanStep } from "../../../src/schema/operation.ts";
import { col, noContext, table } from "./fixtures.ts";

const render = (...ops: Operation[]) => renderOperations(ops, postgresDialect, noContext);
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
  deferred: true,
};

describe("postgres rendering: tables and columns", () => {
  test("createTable: CREATE TABLE then its indexes, in one step", () => {
    const t = table("album", [col("title", { kind: "varchar", length: 160 }, { nullable: false })], {
      indexes: [{ keys: [{ column: "title" }], unique: false }],
    });
    expect(one({ kind: "createTable", table: t })).toEqual({
      label: "album | Create table",
      sql:
        'CREATE TABLE "album" (\n  "id" integer NOT NULL,\n  "title" varchar(160) NOT NULL,\n  CONSTRAINT "album_pkey" PRIMARY KEY ("id")\n);\n' +
        'CREATE INDEX "album_title_idx" ON "album" ("title");',
      destructive: false,
      transactional: true,
    });
  });
});

describe("postgres rendering: keys, indexes and checks", () => {
  test("setPrimaryKey drops the live key and adds the new one; a key holds no data, so neither is destructive (docs/design.md §10)", () => {
    const step = one({ kind: "setPrimaryKey", table: "t", from: { columns: ["id"] }, to: { columns: ["a", "b"] } });
    expect(step).toMatchObject({
      label: "t | Set primary key: a, b",
      sql: 'ALTER TABLE "t" DROP CONSTRAINT "t_pkey";\nALTER TABLE "t" ADD CONSTRAINT "t_pkey" PRIMARY KEY ("a", "b");',
      destructive: false,
    });
    expect(one({ kind: "setPrimaryKey", table: "t", to: { columns: ["id"] } }).destructive).toBe(false);
    expect(one({ kind: "setPrimaryKey", table: "t", from: { name: "pk", columns: ["id"] } })).toMatchObject({
      label: "t | Remove primary key",
      sql: 'ALTER TABLE "t" DROP CONSTRAINT "pk";',
      destructive: false,
    });
  });

  test("foreign keys are separate ADD CONSTRAINT steps, DEFERRABLE when deferred", () => {
    expect(one({ kind: "addForeignKey", table: "album", foreignKey: fk })).toMatchObject({
      label: "album | New foreign key: artist_id",
      sql:
        'ALTER TABLE "album" ADD CONSTRAINT "album_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artist" ("id") ' +
        "ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED;",
      destructive: false,
    });
    expect(one({ kind: "dropForeignKey", table: "album", foreignKey: fk })).toMatchObject({
      label: "album | Remove foreign key: artist_id",
      sql: 'ALTER TABLE "album" DROP CONSTRAINT "album_artist_id_fkey";',
      destructive: false,
    });
  });

  test("uniques: ADD CONSTRAINT; drop covers a constraint or a plain unique index", () => {
    expect(one({ kind: "addUnique", table: "t", unique: { columns: ["a", "b"] } })).toMatchObject({
      label: "t | Create unique constraint: t_a_b_key",
      sql: 'ALTER TABLE "t" ADD CONSTRAINT "t_a_b_key" UNIQUE ("a", "b");',
    });
    expect(one({ kind: "dropUnique", table: "t", unique: { name: "u1", columns: ["a"] } })).toMatchObject({
      label: "t | Remove unique constraint: u1",
      sql: 'ALTER TABLE "t" DROP CONSTRAINT IF EXISTS "u1";\nDROP INDEX IF EXISTS "u1";',
      destructive: false,
    });
  });

  test("indexes: create (method, DESC, predicate), drop, rename", () => {
    const index = {
      keys: [{ column: "a" }, { expression: "lower(b)", descending: true }],
      unique: true,
      method: "btree",
      where: "a > 0",
    };
    expect(one({ kind: "createIndex", table: "t", index })).toMatchObject({
      label: "t | Create index: t_a_expr_idx",
      sql: 'CREATE UNIQUE INDEX "t_a_expr_idx" ON "t" ("a", (lower(b)) DESC) WHERE a > 0;',
    });
    expect(
      one({ kind: "createIndex", table: "t", index: { keys: [{ column: "g" }], unique: false, method: "gin" } }).sql,
    ).toBe('CREATE INDEX "t_g_idx" ON "t" USING gin ("g");');
    expect(one({ kind: "dropIndex", table: "t", index: { keys: [{ column: "a" }], unique: false } })).toMatchObject({
      label: "t | Remove index: t_a_idx",
      sql: 'DROP INDEX "t_a_idx";',
      destructive: false,
    });
    expect(one({ kind: "renameIndex", table: "t", from: "i1", to: "i2" })).toMatchObject({
      label: "t | Rename index: i2",
      sql: 'ALTER INDEX "i1" RENAME TO "i2";',
      destructive: false,
    });
  });

  test("checks: add (named or not), drop by name", () => {
    expect(one({ kind: "addCheck", table: "t", check: { name: "pos", expression: "a > 0" } })).toMatchObject({
      label: "t | Create check constraint: pos",
      sql: 'ALTER TABLE "t" ADD CONSTRAINT "pos" CHECK (a > 0);',
    });
    expect(one({ kind: "addCheck", table: "t", check: { expression: "a > 0" } }).sql).toBe(
      'ALTER TABLE "t" ADD CHECK (a > 0);',
    );
    expect(one({ kind: "dropCheck", table: "t", check: { name: "pos", expression: "a > 0" } })).toMatchObject({
      label: "t | Remove check constraint: pos",
      sql: 'ALTER TABLE "t" DROP CONSTRAINT "pos";',
      destructive: false,
    });
  });

  test("drops after a table or column rename use the live (pre-rename) default names", () => {
    const steps = render(
      { kind: "renameTable", from: "a", to: "b" },
      { kind: "renameColumn", table: "b", from: "x", to: "y" },
      { kind: "dropForeignKey", table: "b", foreignKey: { ...fk, columns: ["y"] } },
      { kind: "dropUnique", table: "b", unique: { columns: ["y"] } },
      { kind: "dropIndex", table: "b", index: { keys: [{ column: "y" }], unique: false } },
      { kind: "setPrimaryKey", table: "b", from: { columns: ["id"] }, to: { columns: ["y"] } },
    );
    expect(steps.map((s) => s.sql)).toEqual([
      'ALTER TABLE "a" RENAME TO "b";',
      'ALTER TABLE "b" RENAME COLUMN "x" TO "y";',
      'ALTER TABLE "b" DROP CONSTRAINT "a_x_fkey";',
      'ALTER TABLE "b" DROP CONSTRAINT IF EXISTS "a_x_key";\nDROP INDEX IF EXISTS "a_x_key";',
      'DROP INDEX "a_x_idx";',
      'ALTER TABLE "b" DROP CONSTRAINT "a_pkey";\nALTER TABLE "b" ADD CONSTRAINT "b_pkey" PRIMARY KEY ("y");',
    ]);
  });

  test("a rebuild never reaches PostgreSQL", () => {
    const t = table("t", []);
    expect(() => render({ kind: "rebuildTable", from: t, to: t, columns: [] })).toThrow(PormgError);
  });
});
