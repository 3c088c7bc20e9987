import { describe, expect, test } from "bun:test";
import {
  renderAddForeignKey,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
} from "../../../src/dialect/postgres/postgres-ddl.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Column, ForeignKey } from "../../../src/schema/ir.ts";
import type { ColumnChange, Operation } from "../../../src/schema/operation.ts";

const fk: ForeignKey = {
  columns: ["a", "b"],
  references: { table: "p", columns: ["x", "y"] },
  onDelete: "SET NULL",
  onUpdate: "NO ACTION",
  deferred: false,
};
const render = (ops: Operation[]) => renderOperations(ops, postgresDialect, { unmanaged: [], tables: [] });

describe("postgres DDL: clauses", () => {
  test("CREATE TABLE: COLLATE, PRIMARY KEY / UNIQUE with NULLS NOT DISTINCT, WITH and DEFERRABLE, NO INHERIT, table WITH", () => {
    const sql = renderCreateTable({
      name: "t",
      columns: [
        { name: "a", type: { kind: "integer" }, nullable: false },
        {
          name: "s",
          type: { kind: "varchar", length: 9 },
          nullable: false,
          collation: "C",
          default: { kind: "literal", value: "x" },
        },
      ],
      primaryKey: { columns: ["a"], deferrable: "immediate", storage: { fillfactor: "70" } },
      foreignKeys: [],
      uniques: [
        { columns: ["s"], nullsNotDistinct: true, deferrable: "deferred", storage: { deduplicate_items: "off" } },
      ],
      indexes: [],
      checks: [{ name: "t_a_check", expression: "a > 0", noInherit: true }],
      storage: { fillfactor: "80", "toast.autovacuum_enabled": "off" },
    });
    expect(sql).toBe(
      [
        'CREATE TABLE "t" (',
        '  "a" integer NOT NULL,',
        `  "s" varchar(9) COLLATE "C" NOT NULL DEFAULT 'x',`,
        '  CONSTRAINT "t_pkey" PRIMARY KEY ("a") WITH (fillfactor = 70) DEFERRABLE INITIALLY IMMEDIATE,',
        `  CONSTRAINT "t_s_key" UNIQUE NULLS NOT DISTINCT ("s") WITH (deduplicate_items = 'off') DEFERRABLE INITIALLY DEFERRED,`,
        '  CONSTRAINT "t_a_check" CHECK (a > 0) NO INHERIT',
        `) WITH (fillfactor = 80, toast.autovacuum_enabled = 'off');`,
      ].join("\n"),
    );
  });
  test("CREATE INDEX: NULLS NOT DISTINCT, then WITH, then WHERE", () => {
    expect(
      renderCreateIndex("t", {
        keys: [{ column: "s" }],
        unique: true,
        nullsNotDistinct: true,
        where: "a > 0",
        storage: { fillfactor: "60" },
      }),
    ).toBe('CREATE UNIQUE INDEX "t_s_idx" ON "t" ("s") NULLS NOT DISTINCT WITH (fillfactor = 60) WHERE a > 0;');
  });
  test("FOREIGN KEY: MATCH FULL, ON DELETE SET NULL (cols), timing, NOT VALID", () => {
    expect(
      renderAddForeignKey("c", { ...fk, match: "full", onDeleteColumns: ["b"], deferrable: true, notValid: true }),
    ).toBe(
      'ALTER TABLE "c" ADD CONSTRAINT "c_a_b_fkey" FOREIGN KEY ("a", "b") REFERENCES "p" ("x", "y") MATCH FULL ' +
        'ON DELETE SET NULL ("b") ON UPDATE NO ACTION DEFERRABLE INITIALLY IMMEDIATE NOT VALID;',
    );
    expect(renderAddForeignKey("c", fk)).toBe(
      'ALTER TABLE "c" ADD CONSTRAINT "c_a_b_fkey" FOREIGN KEY ("a", "b") REFERENCES "p" ("x", "y") ON DELETE SET NULL ON UPDATE NO ACTION;',
    );
  });
  test("COLLATE quotes the collation name", () => {
    expect(renderColumnDefinition({ name: "c", type: { kind: "text" }, nullable: true, collation: 'we"ird' })).toBe(
      '"c" text COLLATE "we""ird"',
    );
  });
});

describe("postgres plan steps: clauses", () => {
  const col = (extra: Partial<Column>): Column => ({ name: "c", type: { kind: "text" }, nullable: true, ...extra });
  const alter = (from: Column, to: Column, changes: ColumnChange[]) =>
    render([{ kind: "alterColumn", table: "t", from, to, changes }])[0]?.sql;
  test("collation: set, reset, kept through a type change, and dropped with a type that takes none", () => {
    expect(alter(col({}), col({ collation: "C" }), ["collation"])).toBe(
      'ALTER TABLE "t" ALTER COLUMN "c" TYPE text COLLATE "C";',
    );
    expect(alter(col({ collation: "C" }), col({}), ["collation"])).toBe(
      'ALTER TABLE "t" ALTER COLUMN "c" TYPE text COLLATE "default";',
    );
    expect(
      alter(
        col({ type: { kind: "varchar", length: 5 }, collation: "C" }),
        col({ type: { kind: "varchar", length: 9 }, collation: "C" }),
        ["type"],
      ),
    ).toBe('ALTER TABLE "t" ALTER COLUMN "c" TYPE varchar(9) COLLATE "C";');
    expect(alter(col({ collation: "C" }), col({ type: { kind: "integer" } }), ["type", "collation"])).toBe(
      'ALTER TABLE "t" ALTER COLUMN "c" TYPE integer USING CAST("c" AS integer);',
    );
  });
  test("storage parameters, foreign-key timing and validation are in place and not destructive", () => {
    const steps = render([
      {
        kind: "setStorage",
        table: "t",
        target: { kind: "table" },
        from: { fillfactor: "80", a: "1" },
        to: { fillfactor: "70" },
      },
      {
        kind: "setStorage",
        table: "t",
        target: { kind: "unique", unique: { columns: ["s"] } },
        to: { fillfactor: "50" },
      },
      {
        kind: "setStorage",
        table: "t",
        target: { kind: "primaryKey", primaryKey: { columns: ["a"] } },
        from: { fillfactor: "50" },
      },
      { kind: "alterForeignKey", table: "c", from: fk, to: { ...fk, deferred: true } },
      { kind: "alterForeignKey", table: "c", from: { ...fk, deferred: true }, to: fk },
      {
        kind: "validateConstraint",
        table: "c",
        constraint: { kind: "foreignKey", foreignKey: { ...fk, notValid: true } },
      },
      {
        kind: "validateConstraint",
        table: "t",
        constraint: { kind: "check", check: { name: "t_a_check", expression: "a > 0" } },
      },
    ]);
    expect(steps.map((s) => [s.label, s.sql])).toEqual([
      ["t | Set storage parameters", 'ALTER TABLE "t" SET (fillfactor = 70);\nALTER TABLE "t" RESET (a);'],
      ["t | Set storage parameters: t_s_key", 'ALTER INDEX "t_s_key" SET (fillfactor = 50);'],
      ["t | Set storage parameters: t_pkey", 'ALTER INDEX "t_pkey" RESET (fillfactor);'],
      ["c | Alter foreign key: a, b", 'ALTER TABLE "c" ALTER CONSTRAINT "c_a_b_fkey" DEFERRABLE INITIALLY DEFERRED;'],
      ["c | Alter foreign key: a, b", 'ALTER TABLE "c" ALTER CONSTRAINT "c_a_b_fkey" NOT DEFERRABLE;'],
      ["c | Validate constraint: c_a_b_fkey", 'ALTER TABLE "c" VALIDATE CONSTRAINT "c_a_b_fkey";'],
      ["t | Validate constraint: t_a_check", 'ALTER TABLE "t" VALIDATE CONSTRAINT "t_a_check";'],
    ]);
    expect(steps.some((s) => s.destructive)).toBe(false);
  });
  test("a check added NOT VALID says so and counts no rows", () => {
    const [step] = render([
      { kind: "addCheck", table: "t", check: { name: "t_a_check", expression: "a > 0", notValid: true } },
    ]);
    expect(step?.sql).toBe('ALTER TABLE "t" ADD CONSTRAINT "t_a_check" CHECK (a > 0) NOT VALID;');
  });
});
