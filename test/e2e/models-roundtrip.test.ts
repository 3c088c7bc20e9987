import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { chinookPostgresScript, chinookSqliteScript } from "../lib/chinook.ts";
import { BIN, PG_URL, pormg, ROOT, type Run, run, tempDir } from "../lib/cli.ts";
import { DIALECTS } from "../lib/dialects.ts";

const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
const schemas: string[] = [];

afterAll(async () => {
  const db = await connect({ dialect: "postgresql", url: PG_URL });
  for (const s of schemas) await db.execute(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await db.close();
});

/** A database folder for one dialect, filled by `load` with the given SQL script. */
async function folder(dialect: "postgresql" | "sqlite", name: string, script: string): Promise<string> {
  const cwd = tempDir("pormg-roundtrip-");
  mkdirSync(join(cwd, "db"));
  if (dialect === "sqlite") {
    writeFileSync(join(cwd, "db", "connection.yml"), "dev:\n  adapter: SQLite\n  database: app.sqlite\n");
    const db = await connect({ dialect: "sqlite", path: join(cwd, "db", "app.sqlite") });
    await db.execute(script);
    await db.close();
  } else {
    const schema = `t_${name}_${suffix}`;
    schemas.push(schema);
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${schema}\n`,
    );
    const db = await connect({ dialect: "postgresql", url: PG_URL });
    await db.execute(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
    if (script) await db.execute(script);
    await db.close();
  }
  return cwd;
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

const chinook = { postgresql: chinookPostgresScript, sqlite: chinookSqliteScript };

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: Chinook`, () => {
    test("import-models, check, schema agree; a change is drift; overwrite needs --force", async () => {
      const cwd = await folder(dialect, "chinook", chinook[dialect]());
      roundTrip(cwd, 11);

      const models = readFileSync(join(cwd, "db", "models.ts"), "utf8");
      const again = pormg(["import-models"], { cwd });
      expect(again.code).toBe(78);
      expect(again.stderr).toContain("error[CONFIG_EXISTS]: db/models.ts already exists");
      expect(readFileSync(join(cwd, "db", "models.ts"), "utf8")).toBe(models);

      const table = dialect === "sqlite" ? '"Artist"' : '"artist"';
      const db =
        dialect === "sqlite"
          ? await connect({ dialect: "sqlite", path: join(cwd, "db", "app.sqlite") })
          : await connect({ dialect: "postgresql", url: PG_URL });
      if (dialect === "postgresql") await db.execute(`SET search_path TO "t_chinook_${suffix}"`);
      await db.execute(`ALTER TABLE ${table} ADD COLUMN "born" integer`);
      await db.close();
      const drift = pormg(["check", "--json"], { cwd });
      expect(drift.code).toBe(2);
      const tableName = dialect === "sqlite" ? "Artist" : "artist";
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
      const cwd = await folder(dialect, "features", "");
      writeFileSync(join(cwd, "db", "models.ts"), allFeaturesModels(dialect));
      const ddl = ok(pormg(["schema", "--from", "models"], { cwd })).stdout;
      const db =
        dialect === "sqlite"
          ? await connect({ dialect: "sqlite", path: join(cwd, "db", "app.sqlite") })
          : await connect({ dialect: "postgresql", url: PG_URL });
      if (dialect === "postgresql") await db.execute(`SET search_path TO "t_features_${suffix}"`);
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
    const cwd = await folder("sqlite", "chinook_runtimes", chinook.sqlite());
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

/** A models file that uses every field type and option pormg has (PostgreSQL-only ones on PostgreSQL). */
function allFeaturesModels(dialect: "postgresql" | "sqlite"): string {
  const pg = dialect === "postgresql";
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
    start: Models.DateTimeField({ dbDefault: "CURRENT_TIMESTAMP", autoNowAdd: true }),
    time: Models.TimeField({ null: true }),
    length: Models.DurationField({ null: true }),
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
      Models.Index({ fields: ["name"], name: "race_name_partial", condition: "live" }),
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
