import { describe, expect, test } from "bun:test";
import {
  renderAddForeignKey,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderPostgresSchema,
} from "../../../src/dialect/postgres/postgres-ddl.ts";
import type { Table } from "../../../src/schema/ir.ts";

describe("postgres DDL rendering", () => {
  test("column definitions: identity, serial, defaults", () => {
    const id = { name: "id", type: { kind: "bigint" } as const, nullable: false };
    expect(renderColumnDefinition({ ...id, identity: { always: true } })).toBe(
      '"id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL',
    );
    expect(renderColumnDefinition({ ...id, identity: { always: false, serial: true } })).toBe(
      '"id" bigserial NOT NULL',
    );
    expect(
      renderColumnDefinition({
        name: "s",
        type: { kind: "text" },
        nullable: true,
        default: { kind: "literal", value: "it's" },
      }),
    ).toBe(`"s" text DEFAULT 'it''s'`);
    expect(
      renderColumnDefinition({
        name: "n",
        type: { kind: "integer" },
        nullable: false,
        default: { kind: "literal", value: -1 },
      }),
    ).toBe('"n" integer NOT NULL DEFAULT -1');
    expect(
      renderColumnDefinition({
        name: "b",
        type: { kind: "boolean" },
        nullable: true,
        default: { kind: "literal", value: false },
      }),
    ).toBe('"b" boolean DEFAULT FALSE');
    expect(
      renderColumnDefinition({
        name: "t",
        type: { kind: "timestamp", withTimeZone: true },
        nullable: true,
        default: { kind: "expression", sql: "now() + '1 day'::interval" },
      }),
    ).toBe(`"t" timestamptz DEFAULT (now() + '1 day'::interval)`);
  });
  const table: Table = {
    name: "t",
    columns: [
      { name: "a", type: { kind: "integer" }, nullable: false },
      { name: "b", type: { kind: "text" }, nullable: true },
    ],
    primaryKey: { columns: ["a"] },
    foreignKeys: [
      {
        columns: ["a"],
        references: { table: "p", columns: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferred: true,
      },
    ],
    uniques: [{ columns: ["b", "a"] }],
    indexes: [
      {
        keys: [{ expression: "lower(b)" }, { column: "a", descending: true }],
        unique: true,
        method: "btree",
        where: "a > 0",
      },
    ],
    checks: [{ name: "t_a_check", expression: "a > 0" }],
  };
  test("CREATE TABLE names its constraints with their defaults", () => {
    expect(renderCreateTable(table)).toBe(
      [
        'CREATE TABLE "t" (',
        '  "a" integer NOT NULL,',
        '  "b" text,',
        '  CONSTRAINT "t_pkey" PRIMARY KEY ("a"),',
        '  CONSTRAINT "t_b_a_key" UNIQUE ("b", "a"),',
        '  CONSTRAINT "t_a_check" CHECK (a > 0)',
        ");",
      ].join("\n"),
    );
  });
  test("CREATE INDEX and foreign keys", () => {
    expect(renderCreateIndex("t", table.indexes[0] as Table["indexes"][number])).toBe(
      'CREATE UNIQUE INDEX "t_expr_a_idx" ON "t" ((lower(b)), "a" DESC) WHERE a > 0;',
    );
    expect(renderCreateIndex("t", { name: "g", keys: [{ column: "b" }], unique: false, method: "gin" })).toBe(
      'CREATE INDEX "g" ON "t" USING gin ("b");',
    );
    expect(renderAddForeignKey("t", table.foreignKeys[0] as Table["foreignKeys"][number])).toBe(
      'ALTER TABLE "t" ADD CONSTRAINT "t_a_fkey" FOREIGN KEY ("a") REFERENCES "p" ("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED;',
    );
  });
  test("schema order: tables, then indexes, then foreign keys", () => {
    const statements = renderPostgresSchema({ dialect: "postgresql", tables: [table, { ...table, name: "u" }] });
    expect(statements.map((s) => s.split(" (")[0]?.split(" ON ")[0])).toEqual([
      'CREATE TABLE "t"',
      'CREATE TABLE "u"',
      'CREATE UNIQUE INDEX "t_expr_a_idx"',
      'CREATE UNIQUE INDEX "u_expr_a_idx"',
      'ALTER TABLE "t" ADD CONSTRAINT "t_a_fkey" FOREIGN KEY',
      'ALTER TABLE "u" ADD CONSTRAINT "u_a_fkey" FOREIGN KEY',
    ]);
  });
});
