import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { temporaryDefault, temporaryDefaultNotes } from "../../../src/plan/temporary-default.ts";
import type { Column } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { col, noContext, table } from "./fixtures.ts";

const stamp = (withTimeZone: boolean, extra: Partial<Column> = {}) =>
  col("at", { kind: "timestamp", withTimeZone }, { nullable: false, ...extra });

describe("PormG's temporary default", () => {
  test("only a new NOT NULL date or date-time column with no default and no identity gets one", () => {
    expect(temporaryDefault(stamp(true), postgresDialect.renderer)).toBe("CURRENT_TIMESTAMP");
    expect(temporaryDefault(stamp(false), postgresDialect.renderer)).toBe("LOCALTIMESTAMP");
    expect(temporaryDefault(stamp(false), sqliteDialect.renderer)).toBe("CURRENT_TIMESTAMP");
    expect(temporaryDefault(col("d", { kind: "date" }, { nullable: false }), sqliteDialect.renderer)).toBe(
      "CURRENT_DATE",
    );
    expect(temporaryDefault(stamp(true, { nullable: true }), postgresDialect.renderer)).toBeUndefined();
    expect(
      temporaryDefault(stamp(true, { default: { kind: "literal", value: "2020-01-01" } }), postgresDialect.renderer),
    ).toBe(undefined);
    expect(temporaryDefault(col("t", { kind: "time" }, { nullable: false }), postgresDialect.renderer)).toBeUndefined();
    expect(
      temporaryDefault(col("n", { kind: "integer" }, { nullable: false }), postgresDialect.renderer),
    ).toBeUndefined();
  });

  test("PostgreSQL adds the column with it and drops it at once; no add_not_null finding", () => {
    const op: Operation = { kind: "addColumn", table: "t", column: stamp(true) };
    const [step] = renderOperations([op], postgresDialect, noContext);
    expect(step?.sql).toBe(
      'ALTER TABLE "t" ADD COLUMN "at" timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;\nALTER TABLE "t" ALTER COLUMN "at" DROP DEFAULT;',
    );
    expect(classifyChanges([op], postgresDialect)).toEqual([]);
    expect(temporaryDefaultNotes([op], postgresDialect.renderer)).toEqual([
      expect.stringContaining('"t"."at" is a new NOT NULL date-time column'),
    ]);
    const integer: Operation = {
      kind: "addColumn",
      table: "t",
      column: col("n", { kind: "integer" }, { nullable: false }),
    };
    expect(classifyChanges([integer], postgresDialect).map((f) => f.reason)).toEqual([
      expect.stringMatching(/^add_not_null:/),
    ]);
  });

  test("SQLite's rebuild fills the new column in its copy; no add_not_null finding", async () => {
    const live = normalizeSchema({ dialect: "sqlite", tables: [table("t", [col("name")])] }, dialectNamed("sqlite"));
    const target = normalizeSchema(
      { dialect: "sqlite", tables: [table("t", [col("name"), stamp(false)])] },
      dialectNamed("sqlite"),
    );
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    const sql = renderOperations(ops, sqliteDialect, noContext)
      .map((s) => s.sql)
      .join("\n");
    expect(sql).toContain(
      'INSERT INTO "t__pormg_new" ("id", "name", "at") SELECT "id", "name", CURRENT_TIMESTAMP FROM "t";',
    );
    expect(classifyChanges(ops, sqliteDialect)).toEqual([]);
    expect(temporaryDefaultNotes(ops, sqliteDialect.renderer)).toHaveLength(1);
  });
});
