import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** Imports the database's models, then lets `edit` change the generated file's text. */
function importThen(f: PlannerFolder, edit: (models: string) => string): void {
  f.ok(["import-models", "--force"]);
  const file = join(f.dir, "models.ts");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
}

function refused(f: PlannerFolder): string {
  const r = f.json(["makemigrations"], 3);
  expect((r.error as { code: string }).code).toBe("PLAN_REFUSED");
  expect(existsSync(f.pending)).toBe(false);
  return (r.error as { message: string }).message;
}

const INHERITANCE = `
  CREATE TABLE animal (id int PRIMARY KEY, name text, legs int);
  CREATE TABLE dog (good boolean) INHERITS (animal);
  INSERT INTO dog VALUES (1, 'rex', 4, true);
`;

describe("postgresql: table inheritance", () => {
  test("dropping a parent's column is refused, naming the child whose values it would drop", async () => {
    const f = await plannerFolder("postgresql", "", INHERITANCE);
    importThen(f, (m) => m.replace("    legs: Models.IntegerField({ null: true }),\n", ""));
    // The generated models keep dog's legs; only animal's goes. On the code as it landed the plan
    // said "animal | Remove field: legs" and migrate dropped dog.legs with its values too.
    const message = refused(f);
    expect(message).toContain('Dropping column "legs" of "animal": table "dog" inherits from "animal"');
    expect(message).toContain('also drop "legs" from it, with its values');
    expect(await f.rows(`SELECT "legs" FROM "dog"`)).toEqual([{ legs: 4 }]);
  }, 60_000);

  test("what inheritance does not carry plans, applies and converges", async () => {
    const f = await plannerFolder("postgresql", "", INHERITANCE);
    f.ok(["import-models", "--force"]);
    expectExit(f.cli(["check"]), 0);
    importThen(f, (m) =>
      m
        .replace(
          "    good: Models.BooleanField({ null: true }),\n",
          "    good: Models.BooleanField({ null: true }),\n    nick: Models.TextField({ null: true }),\n",
        )
        .replace(
          /export const Animal = Models\.Model\(\n {2}\{([\s\S]*?)\n {2}\},\n\);/,
          (_all, fields) =>
            `export const Animal = Models.Model(\n  {${fields}\n  },\n  { indexes: [Models.Index({ fields: ["name"] })] },\n);`,
        ),
    );
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain('CREATE INDEX CONCURRENTLY "animal_name_idx" ON "animal"'); // it holds rows: docs/online.md
    expect(plan).toContain('ALTER TABLE "dog" ADD COLUMN "nick" text;');
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);
    expect(await f.rows(`SELECT "name", "legs", "nick" FROM "dog"`)).toEqual([{ name: "rex", legs: 4, nick: null }]);
  }, 60_000);
});

const PARTITIONS = `
  CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
  CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

describe("postgresql: partitions", () => {
  test("a model naming a partition or a partitioned table is refused instead of planned as CREATE TABLE", async () => {
    const declare = (table: string, options = "") =>
      `export const M = Models.Model({ at: Models.DateField(), v: Models.IntegerField({ null: true }) }, { dbTable: "${table}"${options} });\n`;
    const f = await plannerFolder("postgresql", declare("measurements_2024"), PARTITIONS);
    // On the code as it landed: CREATE TABLE "measurements_2024" … fails with "already exists" at migrate.
    expect(refused(f)).toContain('"measurements_2024" in the database is a partition of "measurements"');
    f.models(declare("measurements"));
    expect(refused(f)).toContain('"measurements" in the database is a partitioned table');
    f.models(declare("measurements_2024", ", managed: false"));
    expect(f.json(["makemigrations"]).outcome).toBe("nothing_to_do");
    expectExit(f.cli(["check"]), 0);
  }, 60_000);
});

describe("postgresql: views reading a table", () => {
  test("dropping a column or a table that a view reads is refused at plan time, naming the views", async () => {
    const f = await plannerFolder(
      "postgresql",
      "",
      `CREATE TABLE item (id int PRIMARY KEY, name text, price int);
       CREATE TABLE old_item (id int PRIMARY KEY);
       CREATE VIEW item_names AS SELECT name FROM item;
       CREATE MATERIALIZED VIEW old_count AS SELECT count(*) AS n FROM old_item;`,
    );
    importThen(f, (m) => m.replace("    name: Models.TextField({ null: true }),\n", ""));
    // On the code as it landed the plan was written, and migrate (or dry-run --verify) failed on it.
    expect(refused(f)).toContain('Dropping column "name" of "item" would break view "item_names"');
    importThen(f, (m) => m.replace(/export const OldItem[\s\S]*?\n\);\n/, ""));
    expect(refused(f)).toContain('Dropping table "old_item" would break materialized view "old_count"');
    importThen(f, (m) =>
      m.replace("price: Models.IntegerField({ null: true })", "price: Models.BigIntegerField({ null: true })"),
    );
    f.ok(["makemigrations"]);
    expect(readFileSync(f.pending, "utf8")).toContain('ALTER COLUMN "price" TYPE bigint');
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);
  }, 60_000);
});
