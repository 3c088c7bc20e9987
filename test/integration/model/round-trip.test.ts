import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { generateModels } from "../../../src/model/generate-models.ts";
import { loadModels } from "../../../src/model/load-models.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import { provideModule } from "../../../src/runtime/runtime.ts";
import type { Column, Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { type BuiltInDialectName, DIALECTS } from "../../lib/dialects.ts";

let dir: string;
beforeAll(async () => {
  await provideModule("pormg", { ...(await import("../../../mod.ts")) });
  dir = mkdtempSync(join(tmpdir(), "pormg-models-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function roundTrip(schema: Schema): Promise<{ back: Schema; source: string; rawColumns: number }> {
  const generated = generateModels(schema, dialectNamed(schema.dialect));
  const file = join(dir, `models-${++counter}.ts`);
  writeFileSync(file, generated.source);
  const loaded = await loadModels(file, dialectNamed(schema.dialect));
  return { back: loaded.schema, source: generated.source, rawColumns: generated.rawColumns };
}

const col = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: false,
  ...extra,
});
const table = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [],
  ...extra,
});

/** Hand-written schemas with features a models file must express exactly. */
function schemas(dialect: BuiltInDialectName): Schema[] {
  const pg = dialect === "postgresql";
  const my = dialect === "mysql";
  const int = pg || my ? ({ kind: "integer" } as const) : ({ kind: "bigint" } as const);
  const parent = table(
    "Parent Table",
    [col("a", int), col("b", { kind: "varchar", length: 20 }), col("label", { kind: "text" }, { nullable: true })],
    { primaryKey: { name: "parent_pk", columns: ["a", "b"] }, uniques: [{ name: "uq_label", columns: ["label"] }] },
  );
  const child = table(
    "child",
    [
      col("id", { kind: "bigint" }, { identity: { always: false } }),
      col("pa", int),
      col("pb", { kind: "varchar", length: 20 }),
      col("order", int, { default: { kind: "literal", value: 0 } }),
      col("Mixed Case", my ? { kind: "varchar", length: 40 } : { kind: "text" }, {
        default: { kind: "literal", value: "it's" },
      }),
      col("_hidden", { kind: "boolean" }, { default: { kind: "literal", value: true } }),
      col("indexes", { kind: "decimal", precision: 12, scale: 3 }, { nullable: true }),
      col(
        "created",
        { kind: "timestamp", withTimeZone: pg },
        // MySQL: the current time with the column's 6 fractional digits.
        { default: { kind: "expression", sql: my ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP" } },
      ),
      col("doc", { kind: "json", binary: pg }, { default: { kind: "literal", value: "{}" } }),
      col("raw", { kind: "native", sql: pg ? "macaddr" : "geometry" }, { nullable: true }),
      col("blob", { kind: "bytes" }, { nullable: true }),
      col("self_ref", { kind: "bigint" }, { nullable: true }),
      col("num", my ? { kind: "decimal", precision: 10, scale: 0 } : { kind: "decimal" }, { nullable: true }),
      col("small", { kind: "smallint" }),
      col("uid", { kind: "uuid" }, { nullable: true }),
    ],
    {
      primaryKey: { columns: ["id"] },
      foreignKeys: [
        {
          name: "child_parent_fk",
          columns: ["pa", "pb"],
          references: { table: "Parent Table", columns: ["a", "b"] },
          onDelete: "CASCADE",
          onUpdate: "NO ACTION",
          deferred: pg,
        },
        {
          columns: ["self_ref"],
          references: { table: "child", columns: ["id"] },
          onDelete: "SET NULL",
          onUpdate: "CASCADE",
          deferred: false,
        },
      ],
      uniques: [{ columns: ["uid"] }, { columns: ["pa", "small"] }],
      indexes: [
        { keys: [{ column: "pa" }], unique: false },
        {
          name: "child_created_desc",
          keys: [{ column: "created", descending: true }, { column: "order" }],
          unique: false,
        },
        // MariaDB has neither expression keys nor partial indexes.
        ...(my ? [] : [{ keys: [{ expression: 'lower("Mixed Case")' }], unique: true, where: '"order" > 0' }]),
        ...(pg ? [{ name: "child_doc_gin", keys: [{ column: "doc" }], unique: false, method: "gin" }] : []),
      ],
      checks: my
        ? [
            { name: "child_small_check", expression: "`small` >= 0" },
            { name: "child_blob_check", expression: "octet_length(`blob`) <= 64" },
            { name: "order_range", expression: "`order` between 0 and 100" },
          ]
        : [
            pg ? { name: "child_small_check", expression: "small >= 0" } : { expression: '"small" >= 0' },
            pg
              ? { name: "child_blob_check", expression: "octet_length(blob) <= 64" }
              : { expression: 'length("blob") <= 64' },
            { name: "order_range", expression: '"order" BETWEEN 0 AND 100' },
          ],
    },
  );
  const pgOnly = table(
    "pg_only",
    [
      col("id", { kind: "integer" }, { identity: { always: true } }),
      col("s", { kind: "bigint" }, { identity: { always: false, serial: true } }),
      col("r", { kind: "real" }),
      col("j", { kind: "json", binary: false }),
      col("t", { kind: "timestamp", withTimeZone: false }),
      col("ip", { kind: "inet" }),
      col("net", { kind: "cidr" }),
      col("tags", { kind: "native", sql: "text[]" }),
    ],
    { primaryKey: { columns: ["id"] } },
  );
  const sqliteOnly = table(
    "sqlite_only",
    [col("id", { kind: "bigint" }), col("u", { kind: "integer" }), col("n", { kind: "integer" }, { nullable: true })],
    { primaryKey: { columns: ["id"] }, checks: [{ expression: '"u" >= 0' }] },
  );
  const mysqlOnly = table(
    "mysql_only",
    [
      col("id", { kind: "integer" }, { identity: { always: false } }),
      col("r", { kind: "real" }),
      col("j", { kind: "json", binary: false }),
      col("t", { kind: "timestamp", withTimeZone: false, precision: 0 }),
      col("e", { kind: "native", sql: "enum('a','b')" }),
      col("m", { kind: "native", sql: "mediumint" }, { nullable: true }),
    ],
    { primaryKey: { columns: ["id"] } },
  );
  return [
    { dialect, tables: [parent, child] },
    { dialect, tables: [pg ? pgOnly : my ? mysqlOnly : sqliteOnly] },
    { dialect, tables: [] },
  ];
}

/** A models file using every field type, turned into a Schema. */
function allFields(dialect: BuiltInDialectName): Schema {
  const pg = dialect === "postgresql";
  const my = dialect === "mysql";
  const Circuit = Models.Model({ circuitId: Models.IDField(), code: Models.SlugField({ unique: true }) });
  const Race = Models.Model(
    {
      raceId: Models.IDField(),
      circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE", dbColumn: "circuitId" }),
      code: Models.ForeignKey("Circuit", { pkField: "code", null: true, onDelete: "SET_NULL" }),
      twin: Models.OneToOneField("self", { null: true }),
      name: Models.CharField({ maxLength: 80 }),
      notes: Models.TextField({ null: true }),
      email: Models.EmailField(),
      url: Models.URLField({ null: true }),
      password: Models.PasswordField(),
      year: Models.IntegerField({ dbIndex: true }),
      big: Models.BigIntegerField({ default: 5 }),
      small: Models.SmallIntegerField(),
      laps: Models.PositiveIntegerField(),
      grid: Models.PositiveSmallIntegerField({ default: 0 }),
      lat: Models.FloatField({ null: true }),
      prize: Models.DecimalField({ maxDigits: 12, decimalPlaces: 2, default: 0 }),
      live: Models.BooleanField({ default: false }),
      day: Models.DateField(),
      start: Models.DateTimeField({ dbDefault: my ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP", autoNowAdd: true }),
      time: Models.TimeField({ null: true }),
      // MySQL has no interval type.
      ...(!my && { length: Models.DurationField({ null: true }) }),
      uid: Models.UUIDField({ unique: true }),
      data: Models.JSONField({ default: { laps: [] } }),
      photo: Models.BinaryField({ maxLength: 1024, null: true }),
      ...(pg && { ip: Models.GenericIPAddressField({ null: true }), net: Models.CIDRField({ null: true }) }),
      mac: Models.NativeField({ type: pg ? "macaddr" : "point", null: true }),
      drivers: Models.ManyToManyField(Circuit),
    },
    {
      indexes: [
        Models.Index({ fields: ["year", "-name"] }),
        ...(my ? [] : [Models.Index({ fields: ["name"], name: "race_name_partial", condition: "live" })]),
      ],
      constraints: [
        Models.UniqueConstraint({ fields: ["year", "name"], name: "race_year_name" }),
        Models.CheckConstraint({ condition: "year > 1900", name: "race_year_check" }),
      ],
    },
  );
  return modelsToSchema({ Circuit, Race }, dialectNamed(dialect)).schema;
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: generateModels round trip`, () => {
    for (const [i, schema] of schemas(dialect).entries())
      test(`hand-written schema ${i + 1}`, async () => {
        const { back } = await roundTrip(schema);
        expect(back).toEqual(normalizeSchema(schema, dialectNamed(schema.dialect)));
      });
    test("every field type and option", async () => {
      const schema = allFields(dialect);
      const { back, source, rawColumns } = await roundTrip(schema);
      expect(back).toEqual(schema);
      expect(rawColumns).toBe(1);
      expect(source).toContain('import { Models } from "pormg";');
    });
    test("the generated source uses rich fields, dbTable and dbColumn where needed", async () => {
      const { source, rawColumns } = await roundTrip(schemas(dialect)[0] as Schema);
      expect(rawColumns).toBe(1);
      expect(source).toContain("export const ParentTable = Models.Model(");
      expect(source).toContain('dbTable: "Parent Table"');
      expect(source).toContain('dbColumn: "Mixed Case"');
      expect(source).toContain('dbColumn: "_hidden"');
      expect(source).toContain('dbColumn: "indexes"');
      expect(source).toContain("Models.IDField()");
      expect(source).toContain("Models.ForeignKeyConstraint(");
      expect(source).toContain('self_ref: Models.ForeignKey("Child"');
    });
  });
}

describe("loadModels", () => {
  test("takes exported models, lists unmanaged ones, ignores other exports", async () => {
    const file = join(dir, "models-load.ts");
    writeFileSync(
      file,
      `import { Models } from "pormg";
export const helper = 42;
export const Race = Models.Model({ raceId: Models.IDField(), circuit: Models.ForeignKey("Circuit") });
export const Circuit = Models.Model({ circuitId: Models.IDField() }, { dbTable: "F1_Circuits" });
export const Legacy = Models.Model({ id: Models.IDField() }, { managed: false });
`,
    );
    const loaded = await loadModels(file, dialectNamed("sqlite"));
    expect(Object.keys(loaded.models).sort()).toEqual(["Circuit", "Legacy", "Race"]);
    expect(loaded.unmanaged).toEqual(["Legacy"]);
    expect(loaded.schema.tables.map((t) => t.name)).toEqual(["F1_Circuits", "race"]);
  });
  test("invalid models fail with MODEL_INVALID before any database is touched", async () => {
    const file = join(dir, "models-bad.ts");
    writeFileSync(
      file,
      `import { Models } from "pormg";\nexport const Race = Models.Model({ d: Models.DecimalField({ maxDigits: 20 }) });\n`,
    );
    await expect(loadModels(file, dialectNamed("sqlite"))).rejects.toMatchObject({ code: "MODEL_INVALID" });
    expect((await loadModels(file, dialectNamed("postgresql"))).schema.tables).toHaveLength(1);
  });
  test("the scaffolded models.ts loads", async () => {
    const { MODELS_TEMPLATE } = await import("../../../src/config/scaffold.ts");
    const file = join(dir, "models-scaffold.ts");
    writeFileSync(file, MODELS_TEMPLATE);
    const loaded = await loadModels(file, dialectNamed("postgresql"));
    expect(loaded.schema.tables).toEqual([]);
    const [head, example] = MODELS_TEMPLATE.split('import { Models } from "pormg";\n') as [string, string];
    const uncommented = join(dir, "models-scaffold-example.ts");
    writeFileSync(uncommented, `${head}import { Models } from "pormg";\n${example.replace(/^\/\/ ?/gm, "")}`);
    const example1 = await loadModels(uncommented, dialectNamed("sqlite"));
    expect(example1.schema.tables.map((t) => t.name)).toEqual(["circuit", "race"]);
  });
});
