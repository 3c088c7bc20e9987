import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import {
  dependencyOrder,
  renderCreateIndex,
  renderCreateTable,
  renderDefault,
  renderSqliteSchema,
} from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import type { Table } from "../../../src/schema/ir.ts";

const base = { foreignKeys: [], uniques: [], indexes: [], checks: [] };

describe("sqlite DDL rendering", () => {
  test("defaults", () => {
    expect(renderDefault({ kind: "literal", value: "it's" })).toBe("'it''s'");
    expect(renderDefault({ kind: "literal", value: -2.5 })).toBe("-2.5");
    expect(renderDefault({ kind: "literal", value: false })).toBe("FALSE");
    expect(renderDefault({ kind: "expression", sql: "CURRENT_TIMESTAMP" })).toBe("CURRENT_TIMESTAMP");
    expect(renderDefault({ kind: "expression", sql: "datetime('now')" })).toBe("(datetime('now'))");
    expect(() => renderDefault({ kind: "literal", value: Number.NaN })).toThrow();
  });

  test("CREATE TABLE: identity inline, every other constraint as a table clause", () => {
    const table: Table = {
      ...base,
      name: "order",
      columns: [
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
        { name: "code", type: { kind: "text" }, nullable: false, default: { kind: "literal", value: "x" } },
        { name: "parent", type: { kind: "bigint" }, nullable: true },
      ],
      primaryKey: { name: "order pk", columns: ["id"] },
      uniques: [{ columns: ["code"] }, { name: "u2", columns: ["code", "parent"] }],
      checks: [{ name: "c1", expression: "length(code) > 0" }],
      foreignKeys: [
        {
          columns: ["parent"],
          references: { table: "order", columns: ["id"] },
          onDelete: "SET NULL",
          onUpdate: "CASCADE",
          deferred: false,
        },
      ],
    };
    expect(renderCreateTable(table)).toBe(`CREATE TABLE "order" (
  "id" INTEGER NOT NULL CONSTRAINT "order pk" PRIMARY KEY AUTOINCREMENT,
  "code" TEXT NOT NULL DEFAULT 'x',
  "parent" INTEGER,
  UNIQUE ("code"),
  CONSTRAINT "u2" UNIQUE ("code", "parent"),
  CONSTRAINT "c1" CHECK (length(code) > 0),
  FOREIGN KEY ("parent") REFERENCES "order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
)`);
    expect(renderCreateTable(table, "order_new").startsWith('CREATE TABLE "order_new" (')).toBe(true);
  });

  test("composite primary key is a table constraint", () => {
    const table: Table = {
      ...base,
      name: "pt",
      columns: [
        { name: "a", type: { kind: "bigint" }, nullable: false },
        { name: "b", type: { kind: "bigint" }, nullable: false },
      ],
      primaryKey: { columns: ["a", "b"] },
    };
    expect(renderCreateTable(table)).toContain('  PRIMARY KEY ("a", "b")\n)');
  });

  test("an identity that is not the sole key column is refused", () => {
    const table: Table = {
      ...base,
      name: "bad",
      columns: [
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
        { name: "b", type: { kind: "bigint" }, nullable: false },
      ],
      primaryKey: { columns: ["id", "b"] },
    };
    try {
      renderCreateTable(table);
      throw new Error("expected a refusal");
    } catch (error) {
      expect(isPormgError(error, "MODEL_INVALID")).toBe(true);
      expect((error as Error).message).toContain('table "bad": column "id"');
    }
  });

  test("CREATE INDEX with default name, UNIQUE, DESC, expressions and WHERE", () => {
    expect(
      renderCreateIndex("t", {
        keys: [{ column: "a", descending: true }, { expression: "lower(b)" }],
        unique: true,
        where: "a > 0",
      }),
    ).toBe('CREATE UNIQUE INDEX "t_a_expr_idx" ON "t" ("a" DESC, lower(b)) WHERE a > 0');
    expect(renderCreateIndex("t", { name: "n", keys: [{ column: "a" }], unique: false })).toBe(
      'CREATE INDEX "n" ON "t" ("a")',
    );
  });

  test("tables in dependency order (parents first, ties by name), then indexes", () => {
    const fk = (to: string) => ({
      columns: ["p"],
      references: { table: to, columns: ["id"] },
      onDelete: "NO ACTION" as const,
      onUpdate: "NO ACTION" as const,
      deferred: false,
    });
    const t = (name: string, parents: string[]): Table => ({
      ...base,
      name,
      columns: [{ name: "p", type: { kind: "bigint" }, nullable: true }],
      foreignKeys: parents.map(fk),
      indexes: [{ keys: [{ column: "p" }], unique: false }],
    });
    const tables = [t("a", ["c"]), t("b", []), t("c", ["b", "c"]), t("d", ["a"])];
    expect(dependencyOrder(tables).map((x) => x.name)).toEqual(["b", "c", "a", "d"]);
    const statements = renderSqliteSchema({ dialect: "sqlite", tables });
    expect(statements.map((s) => s.split(" (")[0])).toEqual([
      'CREATE TABLE "b"',
      'CREATE TABLE "c"',
      'CREATE TABLE "a"',
      'CREATE TABLE "d"',
      'CREATE INDEX "b_p_idx" ON "b"',
      'CREATE INDEX "c_p_idx" ON "c"',
      'CREATE INDEX "a_p_idx" ON "a"',
      'CREATE INDEX "d_p_idx" ON "d"',
    ]);
  });
});
