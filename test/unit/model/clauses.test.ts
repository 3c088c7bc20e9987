import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { generateModels } from "../../../src/model/generate-models.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import type { Model } from "../../../src/model/types.ts";
import { validateModels } from "../../../src/model/validate.ts";
import type { Schema, Table } from "../../../src/schema/ir.ts";

const loose = (o: Record<string, unknown>) => o as never;

function tables(models: Record<string, Model>): Table[] {
  return [...modelsToSchema(models, dialectNamed("postgresql")).schema.tables];
}

const Parent = Models.Model({ id: Models.IntegerField({ primaryKey: true }), code: Models.TextField() });

describe("the DSL's PostgreSQL clauses in the IR", () => {
  test("foreign-key timing: deferred by default, deferred: false, deferrable in full", () => {
    const Child = Models.Model({
      id: Models.IntegerField({ primaryKey: true }),
      a: Models.ForeignKey(Parent, { dbIndex: false }),
      b: Models.ForeignKey(Parent, { deferred: false, dbIndex: false }),
      c: Models.ForeignKey(Parent, { deferrable: "immediate", dbIndex: false }),
      d: Models.ForeignKey(Parent, { deferrable: false, match: "full", notValid: true, dbIndex: false }),
    });
    const child = tables({ Parent, Child }).find((t) => t.name === "child");
    const timing = Object.fromEntries(
      (child?.foreignKeys ?? []).map(({ columns, deferred, deferrable, match, notValid }) => [
        columns[0],
        { deferred, deferrable, match, notValid },
      ]),
    );
    expect(JSON.parse(JSON.stringify(timing))).toEqual({
      a: { deferred: true },
      b: { deferred: false },
      c: { deferred: false, deferrable: true },
      d: { deferred: false, match: "full", notValid: true },
    });
  });

  test("model-level keys, uniques, indexes, checks, table storage and column collation", () => {
    const T = Models.Model(
      {
        a: Models.IntegerField(),
        b: Models.IntegerField({ null: true, dbColumn: "B" }),
        name: Models.CharField({ maxLength: 40, collation: "C" }),
      },
      {
        primaryKey: { fields: ["a"], deferrable: "deferred", storage: { fillfactor: 70 } },
        storage: { fillfactor: 80, "toast.autovacuum_enabled": false },
        indexes: [
          Models.Index({ fields: ["name"], storage: { deduplicate_items: "OFF" } }),
          Models.Index({ fields: ["b"], unique: true, nullsNotDistinct: true, name: "t_b_nnd" }),
          Models.Index({ fields: [{ expression: "lower(name)" }], unique: true, nullsNotDistinct: true }),
        ],
        constraints: [
          Models.UniqueConstraint({ fields: ["b", "name"], deferrable: "immediate", storage: { fillfactor: 90 } }),
          Models.CheckConstraint({ condition: "a > 0", noInherit: true, notValid: true }),
          Models.ForeignKeyConstraint({
            fields: ["a", "b"],
            references: "T2",
            onDelete: "SET_NULL",
            onDeleteFields: ["b"],
          }),
        ],
      },
    );
    const T2 = Models.Model({ x: Models.IntegerField(), y: Models.IntegerField() }, { primaryKey: ["x", "y"] });
    const t = tables({ T, T2 }).find((x) => x.name === "t") as Table;
    expect(t.primaryKey).toEqual({ columns: ["a"], deferrable: "deferred", storage: { fillfactor: "70" } });
    expect(t.storage).toEqual({ fillfactor: "80", "toast.autovacuum_enabled": "off" });
    expect(t.columns.find((c) => c.name === "name")?.collation).toBe("C");
    expect(t.uniques).toContainEqual({ name: "t_b_nnd", columns: ["B"], nullsNotDistinct: true });
    expect(t.uniques).toContainEqual({
      columns: ["B", "name"],
      deferrable: "immediate",
      storage: { fillfactor: "90" },
    });
    expect(t.indexes).toContainEqual({
      keys: [{ column: "name" }],
      unique: false,
      storage: { deduplicate_items: "off" },
    });
    expect(t.indexes).toContainEqual({ keys: [{ expression: "lower(name)" }], unique: true, nullsNotDistinct: true });
    expect(t.checks).toEqual([{ expression: "a > 0", noInherit: true, notValid: true }]);
    expect(t.foreignKeys[0]).toMatchObject({ onDelete: "SET NULL", onDeleteColumns: ["B"], deferred: true });
  });

  test("generated models load back with every clause", () => {
    const schema: Schema = modelsToSchema(
      {
        Parent,
        Child: Models.Model(
          {
            id: Models.IntegerField(),
            p: Models.ForeignKey(Parent, { deferrable: "immediate", match: "full", notValid: true }),
            q: Models.IntegerField({ null: true }),
            name: Models.TextField({ collation: "POSIX" }),
          },
          {
            primaryKey: { fields: ["id"], storage: { fillfactor: 50 } },
            storage: { autovacuum_enabled: true },
            indexes: [Models.Index({ fields: ["q"], storage: { fillfactor: 60 } })],
            constraints: [
              Models.UniqueConstraint({ fields: ["q"], nullsNotDistinct: true, deferrable: "deferred" }),
              Models.CheckConstraint({ condition: "q > 0", name: "child_q_check", noInherit: true }),
            ],
          },
        ),
      },
      dialectNamed("postgresql"),
    ).schema;
    const generated = generateModels(schema, dialectNamed(schema.dialect));
    for (const text of [
      'p: Models.ForeignKey("Parent", { deferrable: "immediate", match: "full", notValid: true })',
      'name: Models.TextField({ collation: "POSIX" })',
      'primaryKey: { fields: ["id"], storage: { fillfactor: 50 } }',
      "storage: { autovacuum_enabled: true }",
      'Models.Index({ fields: ["q"], storage: { fillfactor: 60 } })',
      'Models.UniqueConstraint({ fields: ["q"], deferrable: "deferred", nullsNotDistinct: true })',
      'Models.CheckConstraint({ condition: "q > 0", name: "child_q_check", noInherit: true })',
    ])
      expect(generated.source).toContain(text);
  });
});

describe("clause options are validated at load", () => {
  const problems = (models: Record<string, Model>, dialect: "postgresql" | "sqlite" = "postgresql") =>
    validateModels(models, dialectNamed(dialect));
  test("wrong values and combinations", () => {
    const T = Models.Model(
      {
        a: Models.IntegerField(),
        b: Models.ForeignKey(Parent, loose({ deferred: false, deferrable: "later" })),
      },
      {
        primaryKey: loose({ fields: ["a"], deferable: "deferred" }),
        storage: loose({ "Fill Factor": 70 }),
        indexes: [Models.Index({ fields: ["a"], nullsNotDistinct: true })],
        constraints: [
          Models.UniqueConstraint(loose({ fields: ["a"], deferrable: true })),
          Models.ForeignKeyConstraint({ fields: ["a"], references: Parent, onDeleteFields: ["a"] }),
          Models.ForeignKeyConstraint({
            fields: ["a"],
            references: Parent,
            onDelete: "SET_NULL",
            onDeleteFields: ["b"],
          }),
          Models.ForeignKeyConstraint(loose({ fields: ["a"], references: Parent, match: "partial" })),
        ],
      },
    );
    expect(problems({ Parent, T })).toEqual([
      'Model "T": option "storage" must be { parameter: number | boolean | string } with lowercase parameter names (e.g. { fillfactor: 70 }), got {"Fill Factor":70}',
      'Model "T" field "b": option "deferrable" must be one of "immediate", "deferred" or false, got "later"',
      'Model "T" field "b": deferred and deferrable exclude each other; keep deferrable (it says the timing in full)',
      'Model "T": primaryKey has unknown option "deferable" (did you mean "deferrable"?)',
      'Model "T": index 1 nullsNotDistinct applies to unique indexes only; add unique: true or remove it',
      'Model "T": constraint 1 option "deferrable" must be one of "immediate", "deferred", got true',
      'Model "T": constraint 2 onDeleteFields needs onDelete "SET_NULL" or "SET_DEFAULT"',
      `Model "T": constraint 3 onDeleteFields must be a non-empty list of the constraint's own fields`,
      'Model "T": constraint 4 option "match" must be one of "full", "simple", got "partial"',
    ]);
  });
  test("a CHECK cannot be deferred; a non-text field takes no collation", () => {
    const T = Models.Model(
      { a: Models.IntegerField(loose({ collation: "C" })) },
      { constraints: [Models.CheckConstraint(loose({ condition: "a > 0", deferrable: "deferred" }))] },
    );
    expect(problems({ T })).toEqual([
      'Model "T" field "a": IntegerField is not a text column, so it takes no collation; remove collation',
      'Model "T": constraint 1 PostgreSQL cannot defer a CHECK constraint; remove deferrable',
    ]);
  });
  test("every PostgreSQL-only clause is refused on SQLite (collation is not: it exists on both)", () => {
    const T = Models.Model(
      {
        id: Models.IDField(),
        p: Models.ForeignKey(Parent, { deferrable: "immediate", match: "full", notValid: true }),
        s: Models.TextField({ collation: "NOCASE" }),
      },
      {
        storage: { fillfactor: 70 },
        indexes: [Models.Index({ fields: ["s"], storage: { fillfactor: 70 } })],
        constraints: [Models.CheckConstraint({ condition: "id > 0", noInherit: true })],
      },
    );
    expect(problems({ Parent, T }, "sqlite")).toEqual([
      'Model "T": storage exists only on PostgreSQL; remove it on SQLite',
      'Model "T" field "p": deferrable exists only on PostgreSQL; remove it on SQLite',
      'Model "T" field "p": match exists only on PostgreSQL; remove it on SQLite',
      'Model "T" field "p": notValid exists only on PostgreSQL; remove it on SQLite',
      'Model "T": index 1 storage exists only on PostgreSQL; remove it on SQLite',
      'Model "T": constraint 1 noInherit exists only on PostgreSQL; remove it on SQLite',
    ]);
  });
  test("a field named storage is still allowed (the model option came later)", () => {
    expect(problems({ Box: Models.Model({ id: Models.IDField(), storage: Models.TextField() }) })).toEqual([]);
  });
});

test("a foreign key to a deferrable primary key is refused at load (PostgreSQL cannot reference one)", () => {
  const Key = Models.Model({ id: Models.IntegerField() }, { primaryKey: { fields: ["id"], deferrable: "deferred" } });
  const Ref = Models.Model(
    { id: Models.IDField(), key: Models.ForeignKey(Key), other: Models.IntegerField() },
    { constraints: [Models.ForeignKeyConstraint({ fields: ["other"], references: Key })] },
  );
  expect(validateModels({ Key, Ref }, dialectNamed("postgresql"))).toEqual([
    'Model "Ref" field "key": references the deferrable primary key of model "Key"; PostgreSQL cannot reference a deferrable key, so drop deferrable there or add dbConstraint: false',
    'Model "Ref": constraint 1 references the deferrable primary key of model "Key"; PostgreSQL cannot reference a deferrable key, so drop deferrable there',
  ]);
});
