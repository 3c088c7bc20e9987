import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { mysqlDialect } from "../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../src/dialect/sqlite/sqlite-dialect.ts";
import { chinookMysqlScript, chinookPostgresScript, chinookSqliteScript } from "../lib/chinook.ts";
import { BIN, pormg, ROOT, type Run, run, tempDir } from "../lib/cli.ts";
import { type BuiltInDialectName, DIALECTS, dataFor, harnessOf, type TestPlace } from "../lib/dialects.ts";

const places: TestPlace[] = [];

afterAll(async () => {
  for (const place of places.splice(0)) await place.dispose();
});

/** A database folder for one dialect (`database: app.sqlite` on SQLite), its database filled with `script`. */
async function folder(dialect: DialectName, script: string): Promise<{ cwd: string; place: TestPlace }> {
  const cwd = tempDir("pormg-roundtrip-");
  mkdirSync(join(cwd, "db"));
  const h = harnessOf(dialectNamed(dialect));
  const place = await h.freshPlace(join(cwd, "db", "app.sqlite"));
  places.push(place);
  writeFileSync(join(cwd, "db", "connection.yml"), h.connectionYml({ schema: place.schema, file: "app.sqlite" }));
  const db = await place.connect();
  if (script) await db.execute(script);
  await db.close();
  return { cwd, place };
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** `import-models` → `check` exits 0 → `schema --from models` equals `schema --from db`. */
function roundTrip(cwd: string, expectedModels: number, force = false, rawColumns = 0): void {
  const imported = JSON.parse(ok(pormg(["import-models", "--json", ...(force ? ["--force"] : [])], { cwd })).stdout);
  expect(imported).toMatchObject({ schema: "pormg.import-models/1", models: expectedModels, rawColumns });
  expect(imported.path).toBe(join(cwd, "db", "models.ts"));
  expect(ok(pormg(["check"], { cwd })).stdout).toContain("The models and the database agree.");
  expect(JSON.parse(ok(pormg(["check", "--json"], { cwd })).stdout)).toEqual({
    schema: "pormg.check/1",
    drift: false,
    differences: [],
    warnings: [],
  });
  const fromModels = ok(pormg(["schema", "--from", "models"], { cwd })).stdout;
  const fromDb = ok(pormg(["schema", "--from", "db"], { cwd })).stdout;
  expect(fromModels).toBe(fromDb);
  expect(fromModels).toContain("CREATE TABLE");
  const jsonModels = JSON.parse(ok(pormg(["schema", "--format", "json"], { cwd })).stdout);
  const jsonDb = JSON.parse(ok(pormg(["schema", "--from", "db", "--format", "json"], { cwd })).stdout);
  expect(jsonModels.tables).toEqual(jsonDb.tables);
}

/** Each dialect's Chinook script and the name of its artist table. */
const CHINOOK = [
  { dialect: postgresDialect, script: chinookPostgresScript, artist: "artist" },
  { dialect: sqliteDialect, script: chinookSqliteScript, artist: "Artist" },
  { dialect: mysqlDialect, script: chinookMysqlScript, artist: "Artist" },
];

for (const h of DIALECTS) {
  const dialect = h.name;
  const chinook = dataFor(CHINOOK, h);
  describe(`${dialect}: Chinook`, () => {
    test("import-models, check, schema agree; a change is drift; overwrite needs --force", async () => {
      const { cwd, place } = await folder(dialect, chinook.script());
      roundTrip(cwd, 11);

      const models = readFileSync(join(cwd, "db", "models.ts"), "utf8");
      const again = pormg(["import-models"], { cwd });
      expect(again.code).toBe(78);
      expect(again.stderr).toContain("error[CONFIG_EXISTS]: db/models.ts already exists");
      expect(readFileSync(join(cwd, "db", "models.ts"), "utf8")).toBe(models);

      const tableName = chinook.artist;
      const db = await place.connect();
      const q = h.dialect.quoteIdent;
      await db.execute(`ALTER TABLE ${q(tableName)} ADD COLUMN ${q("born")} integer`);
      await db.close();
      const drift = pormg(["check", "--json"], { cwd });
      expect(drift.code).toBe(2);
      expect(JSON.parse(drift.stdout)).toEqual({
        schema: "pormg.check/1",
        drift: true,
        differences: [{ table: tableName, column: "born", what: "column is in the database but not in the models" }],
        warnings: [],
      });
      expect(pormg(["check"], { cwd }).stdout).toContain(
        `${tableName}.born: column is in the database but not in the models`,
      );

      ok(pormg(["import-models", "--force"], { cwd }));
      expect(pormg(["check"], { cwd }).code).toBe(0);
    }, 60_000);
  });

  describe(`${dialect}: every field type and option`, () => {
    test("models → DDL → database → check, import-models round trip", async () => {
      const { cwd, place } = await folder(dialect, "");
      writeFileSync(join(cwd, "db", "models.ts"), allFeaturesModels(dialect));
      const ddl = ok(pormg(["schema", "--from", "models"], { cwd })).stdout;
      const db = await place.connect();
      await db.execute(ddl);
      await db.close();
      const check = pormg(["check"], { cwd });
      expect(check.stdout + check.stderr).toContain("The models and the database agree.");
      expect(check.code).toBe(0);
      roundTrip(cwd, 4, true, 1);
      expect(readFileSync(join(cwd, "db", "models.ts"), "utf8")).toContain("Models.NativeField(");
    }, 60_000);
  });
}

describe("generated models load in Deno and the compiled binary", () => {
  test("check on imported Chinook models", async () => {
    const { cwd } = await folder(sqliteDialect.name, chinookSqliteScript());
    ok(pormg(["import-models"], { cwd }));
    const deno = run(
      join(BIN, "deno"),
      ["run", "-A", "--quiet", "--config", join(ROOT, "deno.json"), join(ROOT, "cmd", "pormg.ts"), "check"],
      { cwd },
    );
    expect(deno.stdout).toContain("The models and the database agree.");
    expect(deno.code).toBe(0);
    const binary = process.env.PORMG_BINARY;
    if (binary) {
      const r = run(binary, ["check"], { cwd, env: { PATH: tempDir() } });
      expect(r.stdout).toContain("The models and the database agree.");
      expect(r.code).toBe(0);
    }
  }, 120_000);
});

/**
 * A models file that uses every field type and option pormg has (PostgreSQL-only ones on
 * PostgreSQL). MySQL has no interval type (no DurationField), no partial index, and wants the
 * current time with the column's fractional digits.
 */
function allFeaturesModels(dialect: BuiltInDialectName): string {
  const pg = dialect === "postgresql";
  const my = dialect === "mysql";
  return `import { Models } from "pormg";

export const Circuit = Models.Model({
  circuitId: Models.IDField(),
  code: Models.SlugField({ unique: true }),
});

export const Race = Models.Model(
  {
    raceId: Models.IDField(),
    circuit: Models.ForeignKey(Circuit, { onDelete: "CASCADE", dbColumn: "circuitId" }),
    code: Models.ForeignKey("Circuit", { pkField: "code", null: true, onDelete: "SET_NULL" }),
    twin: Models.OneToOneField("self", { null: true, onDelete: "PROTECT" }),
    name: Models.CharField({ maxLength: 80, choices: [["a", "A"], ["b", "B"]] }),
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
    day: Models.DateField({ autoNow: true }),
    start: Models.DateTimeField({ dbDefault: "${my ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP"}", autoNowAdd: true }),
    time: Models.TimeField({ null: true }),
    ${my ? "" : "length: Models.DurationField({ null: true }),"}
    uid: Models.UUIDField({ unique: true }),
    data: Models.JSONField({ default: { laps: [] } }),
    photo: Models.BinaryField({ maxLength: 1024, null: true }),
    ${pg ? "ip: Models.GenericIPAddressField({ null: true }),\n    net: Models.CIDRField({ null: true })," : ""}
    mac: Models.NativeField({ type: "${pg ? "macaddr" : "point"}", null: true }),
    drivers: Models.ManyToManyField(Circuit),
  },
  {
    indexes: [
      Models.Index({ fields: ["year", "-name"] }),
      ${my ? "" : 'Models.Index({ fields: ["name"], name: "race_name_partial", condition: "live" }),'}
    ],
    constraints: [
      Models.UniqueConstraint({ fields: ["year", "name"], name: "race_year_name" }),
      Models.CheckConstraint({ condition: "year > 1900", name: "race_year_check" }),
    ],
  },
);

export const Lap = Models.Model(
  {
    race: Models.ForeignKey(Race, { onDelete: "RESTRICT" }),
    lap: Models.SmallIntegerField(),
    position: Models.IntegerField({ null: true, dbColumn: "pos" }),
  },
  { primaryKey: ["race", "lap"], dbTable: "lap_times" },
);

export const Legacy = Models.Model({ id: Models.IntegerField({ primaryKey: true }) }, { managed: false });
`;
}
