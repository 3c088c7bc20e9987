import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderCreateIndex, renderUnique } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { indexShape, uniqueShape } from "../../../src/schema/normalize.ts";
import { col, schema, simulate, summary, table } from "./simulate.ts";

describe("INCLUDE columns (PostgreSQL covering indexes)", () => {
  test("render: INCLUDE after the keys, before NULLS NOT DISTINCT, WITH and WHERE", () => {
    expect(
      renderCreateIndex("t", {
        keys: [{ column: "a" }],
        unique: true,
        include: ["b", "c"],
        nullsNotDistinct: true,
        storage: { fillfactor: "70" },
        where: "a > 0",
      }),
    ).toBe(
      'CREATE UNIQUE INDEX "t_a_idx" ON "t" ("a") INCLUDE ("b", "c") NULLS NOT DISTINCT WITH (fillfactor = 70) WHERE a > 0;',
    );
    expect(renderUnique("t", { columns: ["a"], include: ["b"], deferrable: "deferred" })).toBe(
      'CONSTRAINT "t_a_key" UNIQUE ("a") INCLUDE ("b") DEFERRABLE INITIALLY DEFERRED',
    );
  });

  test("the list and its order are part of the shape", () => {
    const base = { keys: [{ column: "a" }], unique: false } as const;
    expect(indexShape({ ...base, include: ["b", "c"] })).not.toBe(indexShape({ ...base, include: ["c", "b"] }));
    expect(indexShape({ ...base, include: ["b"] })).not.toBe(indexShape(base));
    expect(uniqueShape({ columns: ["a"], include: ["b"] })).not.toBe(uniqueShape({ columns: ["a"] }));
  });

  test("models: Models.Index and Models.UniqueConstraint carry include, by column name", () => {
    const T = Models.Model(
      {
        id: Models.IDField(),
        a: Models.IntegerField(),
        b: Models.IntegerField({ dbColumn: "b_col" }),
      },
      {
        indexes: [
          Models.Index({ fields: ["a"], include: ["b"], name: "t_cover" }),
          Models.Index({ fields: ["a", "id"], unique: true, include: ["b"] }),
        ],
        constraints: [Models.UniqueConstraint({ fields: ["b"], include: ["a"] })],
      },
    );
    const t = modelsToSchema({ T }, dialectNamed("postgresql")).schema.tables[0];
    expect(t?.indexes).toEqual([{ name: "t_cover", keys: [{ column: "a" }], unique: false, include: ["b_col"] }]);
    expect(t?.uniques).toEqual(
      expect.arrayContaining([
        { columns: ["a", "id"], include: ["b_col"] },
        { columns: ["b_col"], include: ["a"] },
      ]),
    );
  });

  test("plan: a changed list re-creates the index; a renamed column is followed", async () => {
    const t = (include: string[], b = "b") =>
      table("t", [col("id", "bigint", { nullable: false }), col("a", "integer"), col(b, "integer")], {
        primaryKey: { columns: ["id"] },
        indexes: [{ name: "t_cover", keys: [{ column: "a" }], unique: false, include }],
      });
    const live = schema("postgresql", [t(["b"])]);
    const changed = schema("postgresql", [t(["b", "id"])]);
    const ops = await planOperations(live, changed, dialectNamed(live.dialect));
    expect(ops.map(summary)).toEqual(["dropIndex t t_cover", "createIndex t t_cover"]);
    expect(await planOperations(simulate(live, ops), changed, dialectNamed(changed.dialect))).toEqual([]);
    const renamed = schema("postgresql", [t(["c"], "c")]);
    expect(
      (await planOperations(live, renamed, dialectNamed(live.dialect), { hints: ["t.b=t.c"] })).map(summary),
    ).toEqual(["renameColumn t b→c"]);
  });
});
