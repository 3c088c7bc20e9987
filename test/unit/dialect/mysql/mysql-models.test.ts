import { describe, expect, test } from "bun:test";
import { mysqlModels } from "../../../../src/dialect/mysql/mysql-models.ts";
import { typeField } from "../../../../src/model/generate-fields.ts";
import { Models } from "../../../../src/model/models.ts";
import { modelsToSchema } from "../../../../src/model/to-schema.ts";
import type { Field, Model } from "../../../../src/model/types.ts";
import type { Column, ColumnType, Default, Table } from "../../../../src/schema/ir.ts";
import { MYSQL_FIELD_TYPES } from "./mysql-field-types.ts";
import { mysqlModelDialect } from "./mysql-model-dialect.ts";

function tableOf(model: Model, name = "T"): Table {
  const { schema } = modelsToSchema({ [name]: model }, mysqlModelDialect);
  return schema.tables.find((t) => t.name === name.toLowerCase()) as Table;
}

function columnOf(field: Field): Column {
  return tableOf(Models.Model({ id: Models.IDField(), c: field })).columns.find((c) => c.name === "c") as Column;
}

/** The problems loading `fields` (one model) reports, without the `Model "T" field "c": ` prefix. */
function problemsOf(fields: Record<string, Field>): string[] {
  try {
    modelsToSchema({ T: Models.Model(fields) }, mysqlModelDialect);
    return [];
  } catch (e) {
    return ((e as { details?: { problems?: string[] } }).details?.problems ?? [String(e)]).map((p) =>
      p.replace(/^Model "T" field "\w+": /, ""),
    );
  }
}

describe("MySQL field types", () => {
  test.each(MYSQL_FIELD_TYPES)("%s", (_, field, type, text) => {
    const column = columnOf(field);
    expect(column.type).toEqual(type);
    expect(mysqlModels.typeText(column.type)).toBe(text);
  });

  test("IDField is a bigint AUTO_INCREMENT key (identity, by default), NOT NULL, no default", () => {
    const t = tableOf(Models.Model({ id: Models.IDField(), n: Models.IntegerField() }));
    expect(t.columns[0]).toEqual({
      name: "id",
      type: { kind: "bigint" },
      nullable: false,
      identity: { always: false },
    });
    expect(t.primaryKey?.columns).toEqual(["id"]);
  });

  test("identity: true on an integer key is AUTO_INCREMENT too; foreign keys take the key's type", () => {
    const Parent = Models.Model({ id: Models.IntegerField({ primaryKey: true, identity: true }) });
    const Child = Models.Model({ id: Models.IDField(), parent: Models.ForeignKey(Parent, { onDelete: "CASCADE" }) });
    const { schema } = modelsToSchema({ Parent, Child }, mysqlModelDialect);
    const parent = schema.tables.find((t) => t.name === "parent") as Table;
    const child = schema.tables.find((t) => t.name === "child") as Table;
    expect(parent.columns[0]).toMatchObject({ type: { kind: "integer" }, identity: { always: false } });
    expect(child.columns.find((c) => c.name === "parent")?.type).toEqual({ kind: "integer" });
    expect(child.foreignKeys[0]).toMatchObject({ onDelete: "CASCADE" });
    expect(child.foreignKeys[0]).not.toHaveProperty("deferrable");
  });

  test("a positive field adds the CHECK MariaDB prints; a bounded BinaryField its byte-length CHECK", () => {
    const t = tableOf(
      Models.Model({
        id: Models.IDField(),
        n: Models.PositiveIntegerField(),
        b: Models.BinaryField({ maxLength: 16 }),
        odd: Models.PositiveSmallIntegerField({ dbColumn: "we`ird" }),
      }),
    );
    expect(t.checks.map((c) => c.expression).sort()).toEqual(["`n` >= 0", "`we``ird` >= 0", "octet_length(`b`) <= 16"]);
  });

  test("a ManyToManyField's join table keys are not deferred (InnoDB checks each row)", () => {
    const Tag = Models.Model({ id: Models.IDField() });
    const Post = Models.Model({ id: Models.IDField(), tags: Models.ManyToManyField(Tag) });
    const { schema } = modelsToSchema({ Tag, Post }, mysqlModelDialect);
    const join = schema.tables.find((t) => t.name === "post_tags") as Table;
    expect(join.foreignKeys.length).toBe(2);
    for (const fk of join.foreignKeys) expect(fk).not.toHaveProperty("deferrable");
  });
});

/** Field defaults on MySQL and the Default they declare (the DDL writes it; see the report on booleans). */
const defaults: [string, Field, Default | undefined][] = [
  ["string", Models.CharField({ default: "it's" }), { kind: "literal", value: "it's" }],
  ["integer", Models.IntegerField({ default: 7 }), { kind: "literal", value: 7 }],
  ["float", Models.FloatField({ default: 1.5 }), { kind: "literal", value: 1.5 }],
  ["decimal as text", Models.DecimalField({ default: "1.50" }), { kind: "literal", value: "1.50" }],
  ["boolean true", Models.BooleanField({ default: true }), { kind: "literal", value: true }],
  ["boolean false", Models.BooleanField({ default: false }), { kind: "literal", value: false }],
  ["json", Models.JSONField({ default: { a: [1] } }), { kind: "literal", value: '{"a":[1]}' }],
  ["dbDefault NULL is none", Models.CharField({ null: true, dbDefault: "NULL" }), undefined],
  [
    "now with the column's digits",
    Models.DateTimeField({ dbDefault: "CURRENT_TIMESTAMP(6)" }),
    { kind: "expression", sql: "CURRENT_TIMESTAMP(6)" },
  ],
  [
    "now on a datetime without a fraction",
    Models.DateTimeField({ precision: 0, dbDefault: "CURRENT_TIMESTAMP" }),
    { kind: "expression", sql: "CURRENT_TIMESTAMP" },
  ],
  ["uuid()", Models.UUIDField({ dbDefault: "(uuid())" }), { kind: "expression", sql: "uuid()" }],
  [
    "the mysql key of a per-dialect dbDefault",
    Models.DateTimeField({
      dbDefault: { postgresql: "now()", sqlite: "CURRENT_TIMESTAMP", mysql: "CURRENT_TIMESTAMP(6)" },
    }),
    { kind: "expression", sql: "CURRENT_TIMESTAMP(6)" },
  ],
  ["a per-dialect dbDefault without mysql", Models.IntegerField({ dbDefault: { postgresql: "1" } }), undefined],
  [
    "a numeric dbDefault keeps its digits",
    Models.DecimalField({ dbDefault: "20.0" }),
    { kind: "literal", value: "20.0" },
  ],
  ["a boolean dbDefault", Models.BooleanField({ dbDefault: "TRUE" }), { kind: "literal", value: true }],
];

describe("MySQL field defaults", () => {
  test.each(defaults)("%s", (_, field, expected) => {
    expect(columnOf(field).default).toEqual(expected);
  });

  test("autoNow / autoNowAdd set no database default (the application sets them, as on every dialect)", () => {
    expect(columnOf(Models.DateTimeField({ autoNowAdd: true })).default).toBeUndefined();
    expect(columnOf(Models.DateTimeField({ autoNow: true })).default).toBeUndefined();
  });
});

describe("what MySQL cannot hold is refused, saying what to use", () => {
  const cases: [string, Record<string, Field>, string][] = [
    [
      "DurationField",
      { id: Models.IDField(), c: Models.DurationField() },
      "MySQL has no interval type; use a BigIntegerField of microseconds, or a CharField holding ISO 8601 durations",
    ],
    [
      "GenericIPAddressField",
      { id: Models.IDField(), c: Models.GenericIPAddressField() },
      "GenericIPAddressField exists only on PostgreSQL; use a CharField on MySQL",
    ],
    [
      "CIDRField",
      { id: Models.IDField(), c: Models.CIDRField() },
      "CIDRField exists only on PostgreSQL; use a CharField on MySQL",
    ],
    [
      "DateTimeField withTimeZone",
      { id: Models.IDField(), c: Models.DateTimeField({ withTimeZone: true }) },
      "MySQL's datetime keeps no time zone; remove withTimeZone and store UTC (datetime(6)), or use NativeField({ type: \"timestamp(6)\" }) for MySQL's session-zone TIMESTAMP",
    ],
    [
      "TimeField withTimeZone",
      { id: Models.IDField(), c: Models.TimeField({ withTimeZone: true }) },
      "withTimeZone: true (timetz) exists only on PostgreSQL; remove it on MySQL",
    ],
    [
      "JSONField binary",
      { id: Models.IDField(), c: Models.JSONField({ binary: true }) },
      "binary: true (jsonb) exists only on PostgreSQL; remove it on MySQL",
    ],
    [
      "CharField maxLength null",
      { id: Models.IDField(), c: Models.CharField({ maxLength: null }) },
      "maxLength: null (a varchar without length) exists only on PostgreSQL; use a TextField on MySQL",
    ],
    [
      "CharField too long",
      { id: Models.IDField(), c: Models.CharField({ maxLength: 16384 }) },
      "a MySQL varchar holds at most 16383 characters (utf8mb4), got maxLength 16384; use a TextField",
    ],
    [
      "DecimalField maxDigits null",
      { id: Models.IDField(), c: Models.DecimalField({ maxDigits: null, decimalPlaces: null }) },
      "maxDigits: null has no MySQL form (decimal is decimal(10,0)); give maxDigits (at most 65)",
    ],
    [
      "DecimalField decimalPlaces null",
      { id: Models.IDField(), c: Models.DecimalField({ maxDigits: 12, decimalPlaces: null }) },
      "decimalPlaces: null has no MySQL form (decimal(p) is decimal(p,0)); write decimalPlaces: 0",
    ],
    [
      "DecimalField 66 digits",
      { id: Models.IDField(), c: Models.DecimalField({ maxDigits: 66 }) },
      "a MySQL decimal has at most 65 digits, got maxDigits 66",
    ],
    [
      "DecimalField 31 places",
      { id: Models.IDField(), c: Models.DecimalField({ maxDigits: 40, decimalPlaces: 31 }) },
      "a MySQL decimal has at most 30 decimal places, got decimalPlaces 31",
    ],
    [
      "unique CharField beyond an InnoDB key",
      { id: Models.IDField(), c: Models.CharField({ maxLength: 769, unique: true }) },
      "a MySQL key holds at most 768 characters of a varchar (3072 bytes in utf8mb4), got maxLength 769; lower it or drop primaryKey/unique/dbIndex",
    ],
    [
      "unique TextField",
      { id: Models.IDField(), c: Models.TextField({ unique: true }) },
      "MySQL cannot make a longtext column a key, unique or indexed as a whole; use a CharField (or an Index on an expression)",
    ],
    [
      "indexed JSONField",
      { id: Models.IDField(), c: Models.JSONField({ dbIndex: true }) },
      "MySQL cannot make a json column a key, unique or indexed as a whole; use a CharField (or an Index on an expression)",
    ],
    [
      "BinaryField key",
      { c: Models.BinaryField({ primaryKey: true }) },
      "MySQL cannot make a longblob column a key, unique or indexed as a whole; use a CharField (or an Index on an expression)",
    ],
    [
      "identity off the key",
      { id: Models.IDField(), c: Models.IntegerField({ identity: true }) },
      "MySQL's AUTO_INCREMENT column must be a key; make it the primaryKey or add unique: true",
    ],
    [
      "IDField that is no key",
      { c: Models.IDField({ primaryKey: false }) },
      "MySQL's AUTO_INCREMENT column must be a key; make it the primaryKey or add unique: true",
    ],
    [
      "now without the column's digits",
      { id: Models.IDField(), c: Models.DateTimeField({ dbDefault: "now()" }) },
      "on MySQL the current time must have the column's 6 fractional digits; write dbDefault CURRENT_TIMESTAMP(6)",
    ],
    [
      "CURRENT_TIMESTAMP on datetime(3)",
      { id: Models.IDField(), c: Models.DateTimeField({ precision: 3, dbDefault: { mysql: "CURRENT_TIMESTAMP" } }) },
      "on MySQL the current time must have the column's 3 fractional digits; write dbDefault CURRENT_TIMESTAMP(3)",
    ],
    [
      "IDField generatedAlways",
      { id: Models.IDField({ generatedAlways: true }) },
      "generatedAlways and serial exist only on PostgreSQL; remove them on MySQL",
    ],
    [
      "a deferrable foreign key",
      { id: Models.IDField(), c: Models.ForeignKey("self", { deferrable: "deferred", null: true }) },
      "deferrable exists only on PostgreSQL; remove it on MySQL",
    ],
    [
      "a nullable key",
      { c: Models.CharField({ primaryKey: true, null: true }) },
      "a primary-key column cannot be null on MySQL; remove null: true",
    ],
    [
      "a typeless NativeField",
      { id: Models.IDField(), c: Models.NativeField({ type: "" }) },
      'a MySQL column needs a type; give NativeField a type, e.g. { type: "macaddr" }',
    ],
  ];
  test.each(cases)("%s", (_, fields, problem) => {
    expect(problemsOf(fields)).toEqual([problem]);
  });

  test("what MySQL holds loads: an identity that is unique, now with the column's digits, a datetime without a fraction", () => {
    expect(problemsOf({ id: Models.IDField(), n: Models.IntegerField({ identity: true, unique: true }) })).toEqual([]);
    expect(
      problemsOf({ id: Models.IDField(), c: Models.DateTimeField({ dbDefault: "CURRENT_TIMESTAMP(6)" }) }),
    ).toEqual([]);
    expect(problemsOf({ id: Models.IDField(), c: Models.DateTimeField({ precision: 0, dbDefault: "now()" }) })).toEqual(
      [],
    );
    expect(problemsOf({ id: Models.IDField(), c: Models.CharField({ maxLength: 16383 }) })).toEqual([]);
    expect(problemsOf({ c: Models.CharField({ maxLength: 768, primaryKey: true }) })).toEqual([]);
  });
});

describe("NativeField types pormg knows on MySQL", () => {
  test.each([
    ["int(11)", "IntegerField"],
    ["INTEGER", "IntegerField"],
    ["int4", "IntegerField"],
    ["bigint(20)", "BigIntegerField"],
    ["int8", "BigIntegerField"],
    ["smallint", "SmallIntegerField"],
    ["tinyint(1)", "BooleanField"],
    ["bool", "BooleanField"],
    ["BOOLEAN", "BooleanField"],
    ["float", "FloatField"],
    ["double", "FloatField"],
    ["double precision", "FloatField"],
    ["float8", "FloatField"],
    ["decimal(12,4)", "DecimalField"],
    ["numeric(5,1)", "DecimalField"],
    ["dec(5,2)", "DecimalField"],
    ["fixed(4,1)", "DecimalField"],
    ["varchar(20)", "CharField"],
    ["character varying(20)", "CharField"],
    ["longtext", "TextField"],
    ["date", "DateField"],
    ["time(3)", "TimeField"],
    ["datetime", "DateTimeField"],
    ["datetime(6)", "DateTimeField"],
    ["char(36)", "UUIDField"],
    ["json", "JSONField"],
    ["longblob", "BinaryField"],
  ])("%s → %s", (type, field) => {
    expect(mysqlModels.knownTypeField(type)).toBe(field);
  });

  test.each([
    "int unsigned",
    "bigint(20) unsigned",
    "mediumint",
    "tinyint",
    "text",
    "mediumtext",
    "blob",
    "timestamp",
    "timestamp(6)",
    "uuid",
    "char(10)",
    "nvarchar(10)",
    "enum('a','b')",
    "year",
    "bit(1)",
  ])("%s is native", (type) => {
    expect(mysqlModels.knownTypeField(type)).toBeUndefined();
  });

  test("a NativeField of a known type is refused, naming the field", () => {
    expect(problemsOf({ id: Models.IDField(), c: Models.NativeField({ type: "tinyint(1)" }) })).toEqual([
      'type "tinyint(1)" is a type pormg knows; use Models.BooleanField(...) instead of NativeField',
    ]);
  });
});

describe("import-models on MySQL: the field each column type generates loads back to the same column", () => {
  test.each(MYSQL_FIELD_TYPES)("%s", (_, field) => {
    const column = columnOf(field);
    const facts = { soleKey: false, nonNegative: false };
    const { kind, options } = typeField(column, mysqlModelDialect, facts);
    const make = Models[kind as keyof typeof Models] as unknown as (o: object) => Field;
    expect(columnOf(make(options)).type).toEqual(column.type);
  });

  test("an AUTO_INCREMENT bigint sole key is an IDField; a 4-byte one an IntegerField with identity", () => {
    const facts = { soleKey: true, nonNegative: false };
    const id: Column = { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: false } };
    expect(typeField(id, mysqlModelDialect, facts)).toEqual({ kind: "IDField", options: {} });
    const n: Column = { name: "id", type: { kind: "integer" }, nullable: false, identity: { always: false } };
    expect(typeField(n, mysqlModelDialect, facts)).toEqual({ kind: "IntegerField", options: { identity: true } });
  });

  test("datetime and time without a fraction generate precision: 0; with microseconds no option", () => {
    const facts = { soleKey: false, nonNegative: false };
    const at = (type: ColumnType): Column => ({ name: "c", type, nullable: true });
    expect(typeField(at({ kind: "timestamp", withTimeZone: false, precision: 0 }), mysqlModelDialect, facts)).toEqual({
      kind: "DateTimeField",
      options: { precision: 0 },
    });
    expect(typeField(at({ kind: "timestamp", withTimeZone: false }), mysqlModelDialect, facts)).toEqual({
      kind: "DateTimeField",
      options: {},
    });
    expect(typeField(at({ kind: "time" }), mysqlModelDialect, facts)).toEqual({ kind: "TimeField", options: {} });
  });
});
