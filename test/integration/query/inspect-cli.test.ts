import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../../src/dialect/connect.ts";
import { PG_URL, pormg, ROOT, type Run, tempDir } from "../../lib/cli.ts";

const QUERY = "Result race__year=2024 driver__surname__@icontains=ham";
const schema = `t_inspect_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
let pgUsed = false;

afterAll(async () => {
  if (!pgUsed) return;
  const db = await connect({ dialect: "postgresql", url: PG_URL });
  await db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.close();
});

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A folder with the example's Formula 1 models, their tables created and seeded. */
async function exampleFolder(dialect: "sqlite" | "postgresql"): Promise<string> {
  const cwd = tempDir("pormg-inspect-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(
    join(cwd, "db", "connection.yml"),
    dialect === "sqlite"
      ? "dev:\n  adapter: SQLite\n  database: app.sqlite\n"
      : `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${schema}\n`,
  );
  copyFileSync(join(ROOT, "scripts", "example", "models.ts"), join(cwd, "db", "models.ts"));
  const ddl = ok(pormg(["schema", "--from", "models"], { cwd })).stdout;
  const seed = readFileSync(join(ROOT, "scripts", "example", "seed.sql"), "utf8");
  const db =
    dialect === "sqlite"
      ? await connect({ dialect: "sqlite", path: join(cwd, "db", "app.sqlite") })
      : await connect({ dialect: "postgresql", url: PG_URL });
  if (dialect === "postgresql") {
    pgUsed = true;
    await db.execute(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
  }
  await db.execute(ddl);
  await db.execute(seed);
  await db.close();
  return cwd;
}

describe("pormg inspect (separate process)", () => {
  test("SQLite: text output, --json, --explain, several arguments, mistakes", async () => {
    const cwd = await exampleFolder("sqlite");
    const human = ok(pormg(["inspect", QUERY], { cwd }));
    expect(human.stdout).toBe(`Model:      Result (table "result")
Operation:  select
Dialect:    sqlite
Bucketing:  positional (?)
Parameters: 2
  [1] 2024
  [2] "%ham%"
Buckets:
  where: 2024, "%ham%"

SELECT
  "Tb"."resultId",
  "Tb"."raceId" AS "race",
  "Tb"."driverId" AS "driver",
  "Tb"."position",
  "Tb"."points"
FROM "result" AS "Tb"
INNER JOIN "race" AS "T1" ON "T1"."raceId" = "Tb"."raceId"
INNER JOIN "driver" AS "T2" ON "T2"."driverId" = "Tb"."driverId"
WHERE "T1"."year" = ?
  AND lower("T2"."surname") LIKE lower(?) ESCAPE '\\'
`);

    const json = JSON.parse(ok(pormg(["inspect", QUERY, "--json"], { cwd })).stdout);
    expect(json).toMatchObject({
      schema: "pormg.inspect/1",
      model: "Result",
      table: "result",
      operation: "select",
      dialect: "sqlite",
      bucketing: "positional",
      parameters: [2024, "%ham%"],
      parameterCount: 2,
      buckets: [{ clause: "where", parameters: [2024, "%ham%"] }],
      warnings: [],
    });
    expect(json.sql).toContain('WHERE "T1"."year" = ?');
    expect(json.plan).toBeUndefined();

    const explained = ok(pormg(["inspect", QUERY, "--explain"], { cwd })).stdout;
    expect(explained).toContain("Plan (EXPLAIN QUERY PLAN):\n  ");
    expect(explained).toMatch(/SEARCH|SCAN/);
    const explainedJson = JSON.parse(ok(pormg(["inspect", QUERY, "--explain", "--json"], { cwd })).stdout);
    expect(explainedJson.plan.length).toBeGreaterThan(0);

    // Several arguments: already split by the shell, so a value may hold spaces unquoted.
    const split = JSON.parse(
      ok(
        pormg(
          ["inspect", "Result", "race__circuit__name=Monza Eni", "--operation", "count", "--limit", "3", "--json"],
          { cwd },
        ),
      ).stdout,
    );
    expect(split.parameters).toEqual(["Monza Eni"]);
    expect(split.operation).toBe("count");
    expect(split.sql).toContain('INNER JOIN "circuit" AS "T2" ON "T2"."circuitId" = "T1"."circuitId"');
    expect(split.sql).toContain("LIMIT 3");

    const shaped = ok(
      pormg(
        [
          "inspect",
          "Result race__circuit__country=Italy",
          "--values",
          "driver__surname,points",
          "--order-by",
          "-points",
        ],
        {
          cwd,
        },
      ),
    ).stdout;
    expect(shaped).toContain('  "T1"."surname" AS "driver__surname",\n  "Tb"."points"\n');
    expect(shaped).toContain('ORDER BY "Tb"."points" DESC');

    const typo = pormg(["inspect", "Result race__circut=1"], { cwd });
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain(
      'error[USAGE]: Unknown field "circut" in "race__circut": model "Race" (table "race") has no such field (did you mean "circuit"?). Valid fields: raceId, circuit (→ Circuit), year, round.',
    );
    const injected = pormg(["inspect", "Result", 'race__year" = 1 OR 1=1 --=2', "--json"], { cwd });
    expect(injected.code).toBe(64);
    expect(JSON.parse(injected.stdout).error).toMatchObject({ code: "USAGE" });
    expect(JSON.parse(injected.stdout).error.message).toStartWith('Unknown field "year" " in "race__year" "');
    const model = pormg(["inspect", "Nope x=1"], { cwd });
    expect(model.code).toBe(64);
    expect(model.stderr).toContain('Model "Nope" not found. Available: Circuit, Driver, Race, Result.');
  }, 60_000);

  test("PostgreSQL: numbered parameters, no buckets, EXPLAIN with the parameters bound", async () => {
    const cwd = await exampleFolder("postgresql");
    const json = JSON.parse(ok(pormg(["inspect", QUERY, "--explain", "--json"], { cwd })).stdout);
    expect(json).toMatchObject({
      dialect: "postgresql",
      bucketing: "numbered",
      parameters: [2024, "%ham%"],
      parameterCount: 2,
    });
    expect(json.buckets).toBeUndefined();
    expect(json.sql).toContain(`WHERE "T1"."year" = $1\n  AND "T2"."surname" ILIKE $2 ESCAPE '\\'`);
    expect(json.plan.join("\n")).toMatch(/Scan|Join/);
    const human = ok(pormg(["inspect", QUERY, "--explain"], { cwd })).stdout;
    expect(human).toContain("Bucketing:  numbered ($1, $2 …)\n");
    expect(human).toContain("Plan (EXPLAIN (FORMAT TEXT)):\n  ");
  }, 60_000);
});
