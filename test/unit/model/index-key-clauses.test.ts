import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderCreateIndex } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import { validateModels } from "../../../src/model/validate.ts";
import { indexShape } from "../../../src/schema/normalize.ts";

const model = (fields: unknown[]) =>
  Models.Model(
    { id: Models.IDField(), email: Models.CharField({ maxLength: 99, dbColumn: "mail" }), at: Models.DateTimeField() },
    { indexes: [Models.Index({ fields: fields as never, name: "i" })] },
  );

describe("index keys with NULLS order, operator class and collation", () => {
  test("models: field keys by column name; a NULLS order that is the direction's default is left out", () => {
    const T = model([
      { field: "email", opclass: "varchar_pattern_ops", collation: "C" },
      { field: "at", descending: true, nulls: "first" },
      { field: "at", nulls: "first" },
      { expression: "lower(email)", descending: true, nulls: "last" },
    ]);
    expect(modelsToSchema({ T }, dialectNamed("postgresql")).schema.tables[0]?.indexes[0]?.keys).toEqual([
      { column: "mail", opclass: "varchar_pattern_ops", collation: "C" },
      { column: "at", descending: true },
      { column: "at", nulls: "first" },
      { expression: "lower(email)", descending: true, nulls: "last" },
    ]);
  });

  test("a unique index whose keys have clauses stays an index", () => {
    const T = Models.Model(
      { id: Models.IDField(), email: Models.TextField() },
      { indexes: [Models.Index({ fields: [{ field: "email", collation: "C" }], unique: true })] },
    );
    const t = modelsToSchema({ T }, dialectNamed("postgresql")).schema.tables[0];
    expect(t?.uniques).toEqual([]);
    expect(t?.indexes[0]).toMatchObject({ unique: true, keys: [{ column: "email", collation: "C" }] });
  });

  test("DDL: COLLATE, operator class, direction, NULLS, in PostgreSQL's order; clauses are part of the shape", () => {
    const index = {
      keys: [
        { column: "mail", collation: "C", opclass: "varchar_pattern_ops" },
        { column: "at", descending: true, nulls: "last" as const },
        { expression: "lower(x)", opclass: "public.trgm_ops" },
      ],
      unique: false,
    };
    expect(renderCreateIndex("t", index)).toBe(
      'CREATE INDEX "t_mail_at_expr_idx" ON "t" ("mail" COLLATE "C" varchar_pattern_ops, "at" DESC NULLS LAST, (lower(x)) public.trgm_ops);',
    );
    expect(indexShape(index)).not.toBe(indexShape({ ...index, keys: [{ column: "mail" }, ...index.keys.slice(1)] }));
  });

  test("validation: unknown options, field or expression, values, and SQLite", () => {
    const problems = (fields: unknown[], dialect: "postgresql" | "sqlite" = "postgresql") =>
      validateModels({ T: model(fields) }, dialectNamed(dialect)).join("\n");
    expect(problems([{ field: "emial" }])).toContain('index 1 names unknown field "emial"');
    expect(problems([{ field: "email", expression: "x" }])).toContain("needs exactly one of field");
    expect(problems([{ field: "email", nulls: "middle" }])).toContain('key nulls must be "first" or "last"');
    expect(problems([{ field: "email", opclas: "x" }])).toContain('unknown option "opclas"');
    expect(problems([{ field: "email", collation: "C" }], "sqlite")).toContain(
      "key collation exists only on PostgreSQL",
    );
    expect(problems([{ field: "email", opclass: "varchar_pattern_ops" }, "-at"])).toBe("");
  });
});
