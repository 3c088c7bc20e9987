import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import type { Field, Model } from "../../../src/model/types.ts";
import type { Column, ColumnType, Table } from "../../../src/schema/ir.ts";
import { DIALECTS } from "../../lib/dialects.ts";

type Dialect = "postgresql" | "sqlite" | "mysql";

function tableOf(model: Model, dialect: Dialect, name = "T"): Table {
  const { schema } = modelsToSchema({ [name]: model }, dialectNamed(dialect));
  return schema.tables.find((t) => t.name === name.toLowerCase()) as Table;
}

function columnOf(field: Field, dialect: Dialect): Column {
  const t = tableOf(Models.Model({ id: Models.IDField(), c: field }), dialect);
  return t.columns.find((c) => c.name === "c") as Column;
}

const typeCases: [string, Field, ColumnType, ColumnType][] = [
  ["CharField", Models.CharField({ maxLength: 40 }), { kind: "varchar", length: 40 }, { kind: "varchar", length: 40 }],
  ["CharField default", Models.CharField(), { kind: "varchar", length: 250 }, { kind: "varchar", length: 250 }],
  ["TextField", Models.TextField(), { kind: "text" }, { kind: "text" }],
  ["EmailField", Models.EmailField(), { kind: "varchar", length: 254 }, { kind: "varchar", length: 254 }],
  ["URLField", Models.URLField(), { kind: "varchar", length: 200 }, { kind: "varchar", length: 200 }],
  ["SlugField", Models.SlugField(), { kind: "varchar", length: 50 }, { kind: "varchar", length: 50 }],
  ["PasswordField", Models.PasswordField(), { kind: "varchar", length: 128 }, { kind: "varchar", length: 128 }],
  ["IntegerField", Models.IntegerField(), { kind: "integer" }, { kind: "bigint" }],
  ["BigIntegerField", Models.BigIntegerField(), { kind: "bigint" }, { kind: "bigint" }],
  ["SmallIntegerField", Models.SmallIntegerField(), { kind: "smallint" }, { kind: "smallint" }],
  ["PositiveIntegerField", Models.PositiveIntegerField(), { kind: "integer" }, { kind: "integer" }],
  ["PositiveSmallIntegerField", Models.PositiveSmallIntegerField(), { kind: "smallint" }, { kind: "smallint" }],
  ["FloatField", Models.FloatField(), { kind: "double" }, { kind: "double" }],
  [
    "DecimalField",
    Models.DecimalField(),
    { kind: "decimal", precision: 10, scale: 2 },
    { kind: "decimal", precision: 10, scale: 2 },
  ],
  [
    "DecimalField 12,4",
    Models.DecimalField({ maxDigits: 12, decimalPlaces: 4 }),
    { kind: "decimal", precision: 12, scale: 4 },
    { kind: "decimal", precision: 12, scale: 4 },
  ],
  ["BooleanField", Models.BooleanField(), { kind: "boolean" }, { kind: "boolean" }],
  ["DateField", Models.DateField(), { kind: "date" }, { kind: "date" }],
  [
    "DateTimeField",
    Models.DateTimeField(),
    { kind: "timestamp", withTimeZone: true },
    { kind: "timestamp", withTimeZone: false },
  ],
  ["TimeField", Models.TimeField(), { kind: "time" }, { kind: "time" }],
  ["DurationField", Models.DurationField(), { kind: "interval" }, { kind: "interval" }],
  ["UUIDField", Models.UUIDField(), { kind: "uuid" }, { kind: "uuid" }],
  ["JSONField", Models.JSONField(), { kind: "json", binary: true }, { kind: "json", binary: false }],
  ["BinaryField", Models.BinaryField(), { kind: "bytes" }, { kind: "bytes" }],
  [
    "NativeField",
    Models.NativeField({ type: "MACADDR" }),
    { kind: "native", sql: "macaddr" },
    { kind: "native", sql: "macaddr" },
  ],
];

/**
 * MySQL's types of the cases above, where they differ from PostgreSQL's: a datetime without a time
 * zone, json as text (MariaDB's JSON is LONGTEXT), and no interval type (refused, see below).
 */
const mysqlTypes: Readonly<Record<string, ColumnType | "refused">> = {
  DateTimeField: { kind: "timestamp", withTimeZone: false },
  JSONField: { kind: "json", binary: false },
  DurationField: "refused",
};

describe("field types per dialect", () => {
  for (const [name, field, pg, sqlite] of typeCases) {
    test(`${name} on postgresql`, () => expect(columnOf(field, "postgresql").type).toEqual(pg));
    test(`${name} on sqlite`, () => expect(columnOf(field, "sqlite").type).toEqual(sqlite));
    const mysql = mysqlTypes[name] ?? pg;
    test(`${name} on mysql`, () => {
      if (mysql === "refused") expect(() => columnOf(field, "mysql")).toThrow(/MySQL has no interval type/);
      else expect(columnOf(field, "mysql").type).toEqual(mysql);
    });
  }
  test("MySQL: checks are backquoted and named; a BinaryField's length is octet_length", () => {
    const model = Models.Model({
      id: Models.IDField(),
      laps: Models.PositiveIntegerField(),
      Order: Models.PositiveSmallIntegerField(),
      blob: Models.BinaryField({ maxLength: 16 }),
    });
    expect(tableOf(model, "mysql").checks).toEqual([
      { name: "t_Order_check", expression: "`Order` >= 0" },
      { name: "t_laps_check", expression: "`laps` >= 0" },
      { name: "t_blob_check", expression: "octet_length(`blob`) <= 16" },
    ]);
  });
  test("PostgreSQL-only types", () => {
    expect(columnOf(Models.GenericIPAddressField(), "postgresql").type).toEqual({ kind: "inet" });
    expect(columnOf(Models.CIDRField(), "postgresql").type).toEqual({ kind: "cidr" });
    expect(columnOf(Models.FloatField({ real: true }), "postgresql").type).toEqual({ kind: "real" });
    expect(columnOf(Models.JSONField({ binary: false }), "postgresql").type).toEqual({ kind: "json", binary: false });
    expect(columnOf(Models.DateTimeField({ withTimeZone: false }), "postgresql").type).toEqual({
      kind: "timestamp",
      withTimeZone: false,
    });
    expect(columnOf(Models.DecimalField({ maxDigits: null, decimalPlaces: null }), "postgresql").type).toEqual({
      kind: "decimal",
    });
  });
  test("PostgreSQL precision, timetz and length-less varchar, in the key order introspection gives", () => {
    const json = (field: Field) => JSON.stringify(columnOf(field, "postgresql").type);
    expect(json(Models.CharField({ maxLength: null }))).toBe('{"kind":"varchar"}');
    expect(json(Models.DateTimeField({ precision: 3 }))).toBe('{"kind":"timestamp","withTimeZone":true,"precision":3}');
    expect(json(Models.DateTimeField({ withTimeZone: false, precision: 0 }))).toBe(
      '{"kind":"timestamp","withTimeZone":false,"precision":0}',
    );
    expect(json(Models.TimeField({ withTimeZone: true, precision: 6 }))).toBe(
      '{"kind":"time","withTimeZone":true,"precision":6}',
    );
    expect(json(Models.TimeField({ withTimeZone: false }))).toBe('{"kind":"time"}');
  });
  test("native types keep quoted names verbatim and lowercase the rest", () => {
    expect(columnOf(Models.NativeField({ type: 'Other."Ticket State"' }), "postgresql").type).toEqual({
      kind: "native",
      sql: 'other."Ticket State"',
    });
    expect(columnOf(Models.NativeField({ type: "NUMERIC (10, 2) [ ]" }), "postgresql").type).toEqual({
      kind: "native",
      sql: "numeric(10,2)[]",
    });
  });
});

describe("generated columns", () => {
  test("generated carries its canonical expression and kind; no default, nullability as declared", () => {
    for (const { name: d } of DIALECTS) {
      const notNull = Models.IntegerField({ generated: { expression: " ( a  *  2 ) ", stored: true } });
      if (d === "mysql") {
        // MariaDB takes no NOT NULL on a generated column: the models must say null: true there.
        expect(() => columnOf(notNull, d)).toThrow(/no NOT NULL on a generated column.*add null: true/);
        const v = columnOf(Models.TextField({ null: true, generated: { expression: "upper(x)", stored: false } }), d);
        expect(v).toMatchObject({ nullable: true, generated: { expression: "upper(x)", stored: false } });
        continue;
      }
      const c = columnOf(notNull, d);
      expect(c).toEqual({
        name: "c",
        type: d === "sqlite" ? { kind: "bigint" } : { kind: "integer" },
        nullable: false,
        generated: { expression: "a * 2", stored: true },
      });
      const v = columnOf(Models.TextField({ null: true, generated: { expression: "upper(x)", stored: false } }), d);
      expect(v.generated).toEqual({ expression: "upper(x)", stored: false });
      expect(v.nullable).toBe(true);
    }
  });
});

describe("columns", () => {
  test("IDField is a bigint identity primary key on both dialects", () => {
    for (const { name: d } of DIALECTS) {
      const t = tableOf(Models.Model({ id: Models.IDField() }), d);
      expect(t.columns).toEqual([
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } },
      ]);
      expect(t.primaryKey).toEqual({ columns: ["id"] });
    }
    const always = tableOf(Models.Model({ id: Models.IDField({ generatedAlways: true }) }), "postgresql");
    expect(always.columns[0]?.identity).toEqual({ always: true });
    const serial = tableOf(Models.Model({ id: Models.IDField({ serial: true }) }), "postgresql");
    expect(serial.columns[0]?.identity).toEqual({ always: false, serial: true });
  });
  test("null, default and dbDefault", () => {
    expect(columnOf(Models.CharField({ null: true }), "postgresql").nullable).toBe(true);
    expect(columnOf(Models.CharField(), "postgresql").nullable).toBe(false);
    expect(columnOf(Models.CharField({ default: "x" }), "postgresql").default).toEqual({ kind: "literal", value: "x" });
    expect(columnOf(Models.BooleanField({ default: true }), "sqlite").default).toEqual({
      kind: "literal",
      value: true,
    });
    expect(columnOf(Models.JSONField({ default: { a: [1] } }), "postgresql").default).toEqual({
      kind: "literal",
      value: '{"a":[1]}',
    });
    expect(columnOf(Models.DateTimeField({ dbDefault: "CURRENT_TIMESTAMP" }), "sqlite").default).toEqual({
      kind: "expression",
      sql: "CURRENT_TIMESTAMP",
    });
    const perDialect = Models.UUIDField({ dbDefault: { postgresql: "gen_random_uuid()" } });
    expect(columnOf(perDialect, "postgresql").default).toEqual({ kind: "expression", sql: "gen_random_uuid()" });
    expect(columnOf(perDialect, "sqlite").default).toBeUndefined();
    expect(columnOf(Models.IntegerField({ dbDefault: "42" }), "postgresql").default).toEqual({
      kind: "literal",
      value: 42,
    });
    expect(columnOf(Models.TextField({ dbDefault: "'it''s'" }), "postgresql").default).toEqual({
      kind: "literal",
      value: "it's",
    });
  });
  test("dbColumn names the column", () => {
    const t = tableOf(
      Models.Model({ id: Models.IDField(), name: Models.TextField({ dbColumn: "Full Name" }) }),
      "sqlite",
    );
    expect(t.columns.map((c) => c.name)).toEqual(["id", "Full Name"]);
  });
});

describe("checks", () => {
  test("positive fields add a non-negative CHECK in each dialect's canonical text", () => {
    const model = Models.Model({
      id: Models.IDField(),
      laps: Models.PositiveIntegerField(),
      Order: Models.PositiveSmallIntegerField(),
    });
    expect(tableOf(model, "postgresql").checks).toEqual([
      { name: "t_Order_check", expression: '"Order" >= 0' },
      { name: "t_laps_check", expression: "laps >= 0" },
    ]);
    expect(tableOf(model, "sqlite").checks).toEqual([{ expression: '"Order" >= 0' }, { expression: '"laps" >= 0' }]);
    const unchecked = Models.Model({ n: Models.PositiveIntegerField({ dbCheck: false }) });
    expect(tableOf(unchecked, "sqlite").checks).toEqual([]);
  });
  test("reserved words are quoted on PostgreSQL", () => {
    const t = tableOf(
      Models.Model({ order: Models.PositiveIntegerField(), value: Models.PositiveIntegerField() }),
      "postgresql",
    );
    expect(t.checks.map((c) => c.expression)).toEqual(['"order" >= 0', "value >= 0"]);
  });
  test("BinaryField maxLength adds a byte-length CHECK", () => {
    const model = Models.Model({ blob: Models.BinaryField({ maxLength: 16 }) });
    expect(tableOf(model, "postgresql").checks).toEqual([
      { name: "t_blob_check", expression: "octet_length(blob) <= 16" },
    ]);
    expect(tableOf(model, "sqlite").checks).toEqual([{ expression: 'length("blob") <= 16' }]);
  });
  test("CheckConstraint keeps its canonical condition and name", () => {
    const model = Models.Model(
      { grid: Models.IntegerField() },
      { constraints: [Models.CheckConstraint({ condition: " (grid >= 0  AND grid <= 40) ", name: "grid_range" })] },
    );
    expect(tableOf(model, "postgresql").checks).toEqual([
      { name: "grid_range", expression: "grid >= 0 AND grid <= 40" },
    ]);
  });
});

describe("relations", () => {
  const Circuit = Models.Model({ circuitId: Models.IDField(), code: Models.CharField({ maxLength: 8, unique: true }) });
  test("ForeignKey takes the target key's type, no _id suffix, an index and a deferred constraint on PostgreSQL", () => {
    const Race = Models.Model({ raceId: Models.IDField(), circuit: Models.ForeignKey(Circuit) });
    const { schema } = modelsToSchema({ Circuit, Race }, dialectNamed("postgresql"));
    const race = schema.tables.find((t) => t.name === "race") as Table;
    expect(race.columns[1]).toEqual({ name: "circuit", type: { kind: "bigint" }, nullable: false });
    expect(race.foreignKeys).toEqual([
      {
        columns: ["circuit"],
        references: { table: "circuit", columns: ["circuitId"] },
        onDelete: "NO ACTION",
        onUpdate: "NO ACTION",
        deferred: true,
      },
    ]);
    expect(race.indexes).toEqual([{ keys: [{ column: "circuit" }], unique: false }]);
  });
  test("onDelete spellings, pkField, string references, OneToOne and dbConstraint", () => {
    const Race = Models.Model({
      raceId: Models.IDField(),
      a: Models.ForeignKey("Circuit", { onDelete: "PROTECT", null: true, dbIndex: false }),
      b: Models.ForeignKey(Circuit, { onDelete: "SET_NULL", null: true, pkField: "code", dbIndex: false }),
      c: Models.OneToOneField("self", { onDelete: "DO_NOTHING", null: true, constraintName: "race_parent" }),
      d: Models.ForeignKey(Circuit, { dbConstraint: false }),
    });
    const { schema } = modelsToSchema({ Circuit, Race }, dialectNamed("sqlite"));
    const race = schema.tables.find((t) => t.name === "race") as Table;
    expect(race.columns.map((c) => [c.name, c.type.kind])).toEqual([
      ["raceId", "bigint"],
      ["a", "bigint"],
      ["b", "varchar"],
      ["c", "bigint"],
      ["d", "bigint"],
    ]);
    expect(
      race.foreignKeys.map((f) => [f.columns[0], f.references.columns[0], f.onDelete, f.deferred, f.name]),
    ).toEqual([
      ["a", "circuitId", "RESTRICT", false, undefined],
      ["b", "code", "SET NULL", false, undefined],
      ["c", "raceId", "NO ACTION", false, "race_parent"],
    ]);
    expect(race.uniques).toEqual([{ columns: ["c"] }]);
    expect(race.indexes).toEqual([{ keys: [{ column: "d" }], unique: false }]);
  });
  test("ManyToManyField creates a join table with two foreign keys and a unique pair", () => {
    const Tag = Models.Model({ id: Models.IDField() });
    const Post = Models.Model({ id: Models.IDField(), tags: Models.ManyToManyField(Tag) });
    const { schema } = modelsToSchema({ Tag, Post }, dialectNamed("postgresql"));
    const join = schema.tables.find((t) => t.name === "post_tags") as Table;
    expect(join.columns.map((c) => c.name)).toEqual(["post_id", "tag_id"]);
    expect(join.uniques).toEqual([{ columns: ["post_id", "tag_id"] }]);
    expect(join.foreignKeys.map((f) => [f.references.table, f.onDelete])).toEqual([
      ["post", "CASCADE"],
      ["tag", "CASCADE"],
    ]);
    const Through = Models.Model({ id: Models.IDField(), tags: Models.ManyToManyField(Tag, { through: "Tag" }) });
    expect(modelsToSchema({ Tag, Through }, dialectNamed("sqlite")).schema.tables.map((t) => t.name)).toEqual([
      "tag",
      "through",
    ]);
  });
  test("ForeignKeyConstraint declares a composite foreign key", () => {
    const Parent = Models.Model({ a: Models.IntegerField(), b: Models.IntegerField() }, { primaryKey: ["a", "b"] });
    const Child = Models.Model(
      { x: Models.IntegerField(), y: Models.IntegerField() },
      {
        constraints: [
          Models.ForeignKeyConstraint({ fields: ["x", "y"], references: Parent, onDelete: "CASCADE", name: "fk_xy" }),
        ],
      },
    );
    const { schema } = modelsToSchema({ Parent, Child }, dialectNamed("postgresql"));
    expect(schema.tables.find((t) => t.name === "parent")?.primaryKey).toEqual({ columns: ["a", "b"] });
    expect(schema.tables.find((t) => t.name === "child")?.foreignKeys).toEqual([
      {
        name: "fk_xy",
        columns: ["x", "y"],
        references: { table: "parent", columns: ["a", "b"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferred: true,
      },
    ]);
  });
});

describe("model options", () => {
  test("table naming: lowercased export name, or dbTable verbatim; unmanaged models listed apart", () => {
    const { schema, unmanaged } = modelsToSchema(
      {
        RaceResult: Models.Model({ id: Models.IDField() }),
        Other: Models.Model({ id: Models.IDField() }, { dbTable: "F1_Other" }),
        Legacy: Models.Model({ id: Models.IDField() }, { managed: false }),
      },
      dialectNamed("sqlite"),
    );
    expect(schema.tables.map((t) => t.name)).toEqual(["F1_Other", "raceresult"]);
    expect(unmanaged).toEqual(["Legacy"]);
  });
  test("indexes, uniques, named primary key; default names are dropped by normalization", () => {
    const model = Models.Model(
      { a: Models.IntegerField({ dbIndex: true }), b: Models.TextField(), c: Models.SlugField() },
      {
        primaryKey: { fields: ["a", "b"], name: "t_pk" },
        indexes: [
          Models.Index({ fields: ["a", "-b"], name: "t_a_b_idx" }),
          Models.Index({ fields: ["b"], name: "by_b", condition: "b IS NOT NULL", method: "HASH" }),
          Models.Index({ fields: [{ expression: "lower(b)" }], unique: true }),
          Models.Index({ fields: ["b", "c"], unique: true, name: "uq_bc" }),
        ],
        constraints: [Models.UniqueConstraint({ fields: ["c", "a"] })],
      },
    );
    const t = tableOf(model, "postgresql");
    expect(t.primaryKey).toEqual({ name: "t_pk", columns: ["a", "b"] });
    expect(t.uniques).toEqual([{ name: "uq_bc", columns: ["b", "c"] }, { columns: ["c", "a"] }]);
    expect(t.indexes).toContainEqual({ keys: [{ column: "a" }, { column: "b", descending: true }], unique: false });
    expect(t.indexes).toContainEqual({
      name: "by_b",
      keys: [{ column: "b" }],
      unique: false,
      method: "hash",
      where: "b IS NOT NULL",
    });
    expect(t.indexes).toContainEqual({ keys: [{ expression: "lower(b)" }], unique: true });
    expect(t.indexes).toContainEqual({ keys: [{ column: "a" }], unique: false });
    expect(t.indexes).toContainEqual({ keys: [{ column: "c" }], unique: false });
    expect(t.indexes).toHaveLength(5);
  });
  test("renamedFrom is carried but has no effect on the schema", () => {
    const a = tableOf(Models.Model({ n: Models.TextField({ renamedFrom: "old" }) }, { renamedFrom: "Old" }), "sqlite");
    const b = tableOf(Models.Model({ n: Models.TextField() }), "sqlite");
    expect(a).toEqual(b);
  });
});
