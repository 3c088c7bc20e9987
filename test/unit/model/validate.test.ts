import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import type { Model } from "../../../src/model/types.ts";
import { validateModels } from "../../../src/model/validate.ts";

type Dialect = "postgresql" | "sqlite";
// Options the compile-time types reject, as a JavaScript user could still write them.
const loose = (o: Record<string, unknown>) => o as never;

function problems(models: Record<string, Model>, dialect: Dialect = "postgresql"): string[] {
  return validateModels(models, dialectNamed(dialect));
}

const cases: [string, Record<string, Model>, Dialect, string][] = [
  [
    "unknown option with a suggestion",
    { Race: Models.Model({ name: Models.CharField(loose({ maxLenght: 10 })) }) },
    "postgresql",
    'Model "Race" field "name": unknown option "maxLenght" for CharField (did you mean "maxLength"?); remove it',
  ],
  [
    "wrong option type",
    { Race: Models.Model({ name: Models.CharField(loose({ null: "yes" })) }) },
    "postgresql",
    'Model "Race" field "name": option "null" must be true or false, got "yes"',
  ],
  [
    "SET_NULL without null",
    { Race: Models.Model({ id: Models.IDField(), parent: Models.ForeignKey("self", { onDelete: "SET_NULL" }) }) },
    "postgresql",
    'Model "Race" field "parent": onDelete "SET_NULL" needs null: true; add null: true or choose another onDelete',
  ],
  [
    "SET_DEFAULT without default",
    { Race: Models.Model({ id: Models.IDField(), parent: Models.ForeignKey("self", { onDelete: "SET_DEFAULT" }) }) },
    "postgresql",
    'Model "Race" field "parent": onDelete "SET_DEFAULT" needs a default; add default or choose another onDelete',
  ],
  [
    "foreign key to an unknown model",
    {
      Race: Models.Model({ id: Models.IDField(), circuit: Models.ForeignKey("Circuti") }),
      Circuit: Models.Model({ id: Models.IDField() }),
    },
    "postgresql",
    'Model "Race" field "circuit": references "Circuti", which is not an exported model (did you mean "Circuit"?); export it or fix the name',
  ],
  [
    "two fields on one column",
    { Race: Models.Model({ a: Models.TextField({ dbColumn: "x" }), x: Models.TextField() }) },
    "sqlite",
    'Model "Race" field "x": column "x" is also the column of field "a"; give one a dbColumn',
  ],
  [
    "decimalPlaces > maxDigits",
    { Race: Models.Model({ d: Models.DecimalField({ maxDigits: 4, decimalPlaces: 6 }) }) },
    "postgresql",
    'Model "Race" field "d": decimalPlaces (6) is greater than maxDigits (4); lower decimalPlaces or raise maxDigits',
  ],
  [
    "PostgreSQL-only type on SQLite",
    { Race: Models.Model({ ip: Models.GenericIPAddressField() }) },
    "sqlite",
    'Model "Race" field "ip": GenericIPAddressField exists only on PostgreSQL; use a CharField on SQLite',
  ],
  [
    "SQLite decimal precision",
    { Race: Models.Model({ d: Models.DecimalField({ maxDigits: 20 }) }) },
    "sqlite",
    'Model "Race" field "d": SQLite stores decimals as 8-byte floats, so maxDigits is at most 15 there, got 20; lower it (a column declared with more digits is Models.NativeField({ type: "DECIMAL(20,…)" }))',
  ],
  [
    "SQLite table options on PostgreSQL",
    { Race: Models.Model({ id: Models.IDField() }, { strict: true }) },
    "postgresql",
    'Model "Race": strict exists only on SQLite; remove it',
  ],
  [
    "WITHOUT ROWID needs a primary key",
    { Race: Models.Model({ name: Models.TextField() }, { withoutRowid: true }) },
    "sqlite",
    'Model "Race": a WITHOUT ROWID table needs a primary key; declare one or remove withoutRowid',
  ],
  [
    "WITHOUT ROWID has no AUTOINCREMENT",
    { Race: Models.Model({ id: Models.IDField() }, { withoutRowid: true }) },
    "sqlite",
    'Model "Race" field "id": a WITHOUT ROWID table has no AUTOINCREMENT key; use IntegerField({ primaryKey: true }) or remove withoutRowid',
  ],
  [
    "collation on a column that is not text (SQLite)",
    { Race: Models.Model({ laps: Models.IntegerField({ collation: "NOCASE" }) }) },
    "sqlite",
    'Model "Race" field "laps": IntegerField is not a text column, so it takes no collation; remove collation',
  ],
  [
    "a typeless column on PostgreSQL",
    { Race: Models.Model({ data: Models.NativeField({ type: "" }) }) },
    "postgresql",
    'Model "Race" field "data": a PostgreSQL column needs a type; give NativeField a type, e.g. { type: "macaddr" }',
  ],
  [
    "SQLite columns that differ only in case",
    { Race: Models.Model({ name: Models.TextField(), other: Models.TextField({ dbColumn: "Name" }) }) },
    "sqlite",
    'Model "Race" field "other": column "Name" is also the column of field "name" (SQLite ignores the case of names); give one a dbColumn',
  ],
  [
    "SQLite field names that differ only in case (no dbColumn)",
    { Race: Models.Model({ name: Models.TextField(), Name: Models.TextField() }) },
    "sqlite",
    'Model "Race" field "Name": column "Name" is also the column of field "name" (SQLite ignores the case of names); give one a dbColumn',
  ],
  [
    "leading underscore",
    { Race: Models.Model({ _secret: Models.TextField() }) },
    "postgresql",
    'Model "Race" field "_secret": names starting with `_` are reserved; rename the field and keep the column with dbColumn',
  ],
  [
    "double underscore",
    { Race: Models.Model({ a__b: Models.TextField() }) },
    "postgresql",
    'Model "Race" field "a__b": `__` is reserved for lookups; rename the field and keep the column with dbColumn',
  ],
  [
    "model option name as field",
    { Race: Models.Model({ indexes: Models.TextField() }) },
    "postgresql",
    'Model "Race" field "indexes": "indexes" is a model option name; rename the field and keep the column with dbColumn: "indexes"',
  ],
  [
    "duplicate table names",
    {
      Race: Models.Model({ id: Models.IDField() }),
      Other: Models.Model({ id: Models.IDField() }, { dbTable: "race" }),
    },
    "postgresql",
    'Model "Other": table "race" is also the table of Model "Race"; give one of them another dbTable',
  ],
  [
    "CharField maxLength < 1",
    { Race: Models.Model({ n: Models.CharField({ maxLength: 0 }) }) },
    "postgresql",
    'Model "Race" field "n": maxLength must be at least 1, got 0',
  ],
  [
    "unknown model option",
    { Race: Models.Model({ id: Models.IDField() }, loose({ db_table: "x" })) },
    "postgresql",
    'Model "Race": unknown model option "db_table" (did you mean "dbTable"?); remove it',
  ],
  [
    "index on an unknown field",
    { Race: Models.Model({ year: Models.IntegerField() }, { indexes: [Models.Index({ fields: ["-yearr"] })] }) },
    "postgresql",
    'Model "Race": index 1 names unknown field "-yearr" (did you mean "year"?)',
  ],
  [
    "two field-level primary keys",
    {
      Race: Models.Model({
        a: Models.IntegerField({ primaryKey: true }),
        b: Models.IntegerField({ primaryKey: true }),
      }),
    },
    "postgresql",
    'Model "Race": fields "a", "b" each say primaryKey: true; declare a composite key with the model option primaryKey: [...]',
  ],
  [
    "NativeField of a known type",
    { Race: Models.Model({ n: Models.NativeField({ type: "integer" }) }) },
    "postgresql",
    'Model "Race" field "n": type "integer" is a type pormg knows; use Models.IntegerField(...) instead of NativeField',
  ],
  [
    "identity outside a sole key on SQLite",
    { Race: Models.Model({ a: Models.IDField(), b: Models.IntegerField() }, { primaryKey: ["a", "b"] }) },
    "sqlite",
    'Model "Race" field "a": on SQLite a generated key must be the only primary-key column (INTEGER PRIMARY KEY AUTOINCREMENT)',
  ],
  [
    "not a field",
    { Race: Models.Model(loose({ n: "text" })) },
    "postgresql",
    'Model "Race" field "n": is not a field; declare it with a Models.*Field(...) constructor',
  ],
  [
    "default and dbDefault together",
    { Race: Models.Model({ n: Models.IntegerField({ default: 1, dbDefault: "2" }) }) },
    "postgresql",
    'Model "Race" field "n": default and dbDefault exclude each other; keep one',
  ],
  [
    "generated with a default",
    { T: Models.Model({ n: Models.IntegerField({ default: 1, generated: { expression: "a * 2", stored: true } }) }) },
    "postgresql",
    'Model "T" field "n": a generated column cannot have a default; remove default/dbDefault or generated',
  ],
  [
    "generated identity",
    { T: Models.Model({ n: Models.IntegerField({ identity: true, generated: { expression: "a", stored: true } }) }) },
    "postgresql",
    'Model "T" field "n": a generated column cannot be an identity; remove identity or generated',
  ],
  [
    "generated primary key",
    { T: Models.Model({ n: Models.IntegerField({ primaryKey: true, generated: { expression: "a", stored: true } }) }) },
    "sqlite",
    'Model "T" field "n": a generated column cannot be part of the primary key; remove primaryKey or generated',
  ],
  [
    "generated in a model-level primary key",
    {
      T: Models.Model(
        { a: Models.IntegerField(), n: Models.IntegerField({ generated: { expression: "a", stored: true } }) },
        { primaryKey: ["a", "n"] },
      ),
    },
    "postgresql",
    'Model "T" field "n": a generated column cannot be part of the primary key; remove primaryKey or generated',
  ],
  [
    "generated without stored",
    { T: Models.Model({ n: Models.IntegerField(loose({ generated: { expression: "a * 2" } })) }) },
    "postgresql",
    'Model "T" field "n": option "generated" must be { expression: a non-empty SQL string, stored: true (STORED) or false (VIRTUAL) }, got {"expression":"a * 2"}',
  ],
  [
    "generated with an empty expression",
    { T: Models.Model({ n: Models.IntegerField({ generated: { expression: " ", stored: true } }) }) },
    "sqlite",
    'Model "T" field "n": option "generated" must be { expression: a non-empty SQL string, stored: true (STORED) or false (VIRTUAL) }, got {"expression":" ","stored":true}',
  ],
  [
    "generated on a relation",
    {
      T: Models.Model({
        id: Models.IDField(),
        p: Models.ForeignKey("self", loose({ generated: { expression: "1", stored: true } })),
      }),
    },
    "postgresql",
    'Model "T" field "p": unknown option "generated" for ForeignKey; remove it',
  ],
  [
    "generated with autoNowAdd",
    {
      T: Models.Model({
        n: Models.DateTimeField({ autoNowAdd: true, generated: { expression: "now()", stored: true } }),
      }),
    },
    "postgresql",
    'Model "T" field "n": a generated column is computed by the database; remove autoNow/autoNowAdd or generated',
  ],
  [
    "a length-less CharField on SQLite",
    { T: Models.Model({ s: Models.CharField({ maxLength: null }) }) },
    "sqlite",
    'Model "T" field "s": maxLength: null (a varchar without length) exists only on PostgreSQL; use a TextField on SQLite',
  ],
  [
    "maxLength: null only on CharField",
    { T: Models.Model({ s: Models.EmailField(loose({ maxLength: null })) }) },
    "postgresql",
    'Model "T" field "s": option "maxLength" must be an integer, got null',
  ],
  [
    "precision out of range",
    { T: Models.Model({ t: Models.DateTimeField({ precision: 7 }) }) },
    "postgresql",
    'Model "T" field "t": precision is the number of fractional-second digits, 0 to 6, got 7',
  ],
  [
    "precision on SQLite",
    { T: Models.Model({ t: Models.TimeField({ precision: 3 }) }) },
    "sqlite",
    'Model "T" field "t": precision exists only on PostgreSQL; remove it on SQLite',
  ],
  [
    "timetz on SQLite",
    { T: Models.Model({ t: Models.TimeField({ withTimeZone: true }) }) },
    "sqlite",
    'Model "T" field "t": withTimeZone: true (timetz) exists only on PostgreSQL; remove it on SQLite',
  ],
  [
    "a NativeField of a type a field expresses",
    { T: Models.Model({ t: Models.NativeField({ type: "timestamp(6) without time zone" }) }) },
    "postgresql",
    'Model "T" field "t": type "timestamp(6) without time zone" is a type pormg knows; use Models.DateTimeField(...) instead of NativeField',
  ],
  [
    "a NativeField of timetz",
    { T: Models.Model({ t: Models.NativeField({ type: "timetz(3)" }) }) },
    "postgresql",
    'Model "T" field "t": type "timetz(3)" is a type pormg knows; use Models.TimeField(...) instead of NativeField',
  ],
];

describe("validateModels", () => {
  for (const [name, models, dialect, message] of cases)
    test(name, () => expect(problems(models, dialect)).toContain(message));

  test("SQLite: a typeless column, a 20-digit native decimal and an INT primary key are valid", () => {
    const models = {
      Raw: Models.Model({
        id: Models.NativeField({ type: "INT", primaryKey: true }),
        data: Models.NativeField({ type: "" }),
        big: Models.NativeField({ type: "NUMERIC(20,4)" }),
      }),
    };
    expect(problems(models, "sqlite")).toEqual([]);
    expect(problems({ Raw: Models.Model({ n: Models.NativeField({ type: "INT" }) }) }, "sqlite")).toEqual([
      'Model "Raw" field "n": type "INT" is a type pormg knows; use Models.IntegerField(...) instead of NativeField',
    ]);
  });

  test("a STRICT table refuses the column types SQLite does not allow there, naming the fields", () => {
    const strict = {
      Tag: Models.Model(
        {
          id: Models.IDField(),
          name: Models.CharField({ maxLength: 40 }),
          n: Models.IntegerField(),
          x: Models.NativeField({ type: "ANY" }),
        },
        { strict: true },
      ),
    };
    let message = "";
    try {
      modelsToSchema(strict, dialectNamed("sqlite"));
    } catch (e) {
      if (isPormgError(e, "MODEL_INVALID")) message = e.message;
    }
    expect(message).toContain(
      'Model "Tag" field "name": a STRICT table allows only INT, INTEGER, REAL, TEXT, BLOB and ANY columns, but this one is VARCHAR(40)',
    );
    expect(message).not.toContain('field "n"');
    expect(message).not.toContain('field "x"');
    const ok = {
      Tag: Models.Model({ id: Models.IDField(), name: Models.TextField() }, { strict: true, withoutRowid: false }),
    };
    expect(modelsToSchema(ok, dialectNamed("sqlite")).schema.tables[0]?.options).toEqual({ strict: true });
  });

  test("valid models have no problems", () => {
    const Circuit = Models.Model({ circuitId: Models.IDField(), name: Models.CharField({ maxLength: 255 }) });
    const Race = Models.Model({
      raceId: Models.IDField(),
      circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE" }),
    });
    expect(problems({ Circuit, Race }, "postgresql")).toEqual([]);
    expect(problems({ Circuit, Race }, "sqlite")).toEqual([]);
  });

  test("types a field cannot express stay valid NativeFields", () => {
    for (const type of [
      "interval(3)",
      "interval day to second(3)",
      "numeric(10,2)[]",
      "bit(3)",
      "character(5)",
      '"Mood"',
    ])
      expect(problems({ T: Models.Model({ t: Models.NativeField({ type }) }) })).toEqual([]);
  });

  test("generated columns, precision and length-less varchar are valid where they exist", () => {
    const T = Models.Model({
      a: Models.IntegerField(),
      b: Models.IntegerField({ null: true, unique: true, generated: { expression: "a * 2", stored: true } }),
      c: Models.TextField({ generated: { expression: "a || 'x'", stored: false } }),
    });
    expect(problems({ T }, "postgresql")).toEqual([]);
    expect(problems({ T }, "sqlite")).toEqual([]);
    const P = Models.Model({
      s: Models.CharField({ maxLength: null, default: "a very long default that is longer than 250 characters? no" }),
      t: Models.TimeField({ withTimeZone: true, precision: 0 }),
      u: Models.DateTimeField({ precision: 6 }),
    });
    expect(problems({ P }, "postgresql")).toEqual([]);
  });

  test("modelsToSchema reports every problem at once as MODEL_INVALID (exit 78)", () => {
    const bad = Models.Model({
      _x: Models.TextField(),
      d: Models.DecimalField({ maxDigits: 2, decimalPlaces: 3 }),
      f: Models.ForeignKey("Nope"),
    });
    let error: unknown;
    try {
      modelsToSchema({ Bad: bad }, dialectNamed("postgresql"));
    } catch (e) {
      error = e;
    }
    expect(isPormgError(error, "MODEL_INVALID")).toBe(true);
    const e = error as { message: string; exitCode: number; details: { problems: string[] } };
    expect(e.exitCode).toBe(78);
    expect(e.details.problems).toHaveLength(3);
    expect(e.message.split("\n")).toHaveLength(4);
    expect(e.message).toStartWith("3 problems in the models:");
  });
});
