import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { PG_URL } from "../lib/cli.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const models = `
export const Profile = Models.Model({
  id: Models.IDField(),
  email: Models.NativeField({ type: "citext" }),
  attributes: Models.NativeField({ type: "hstore", null: true }),
});
`;

function withExtensions(f: PlannerFolder, list: string): void {
  const yml = join(f.dir, "connection.yml");
  writeFileSync(yml, readFileSync(yml, "utf8").replace("  config:\n", `  extensions: [${list}]\n  config:\n`));
}

async function installed(): Promise<{ name: string; schema: string }[]> {
  const db = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    return await db.query(
      `SELECT e.extname AS name, n.nspname AS schema FROM pg_catalog.pg_extension e
         JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname IN ('hstore', 'citext') ORDER BY 1`,
    );
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  // Extensions are database-wide: this test installs them into its own schema, so none may exist yet.
  const found = await installed();
  if (found.length > 0)
    throw new Error(`hstore/citext are already installed in this database (${JSON.stringify(found)}); use a fresh one`);
});

describe("postgresql: extensions: in connection.yml", () => {
  test("columns of extension types plan without the extension, and migrate creates it before the steps", async () => {
    const f = await plannerFolder("postgresql", models);
    withExtensions(f, "hstore, citext");
    // Nothing is installed yet: check and makemigrations only read the database.
    expectExit(f.cli(["check"]), 2);
    f.ok(["makemigrations"]);
    const verify = f.json(["dry-run", "--verify"]);
    expect((verify.verify as { ok: boolean }).ok).toBe(true);
    expect(await installed()).toEqual([]);
    // On the code as it landed: type "citext" does not exist.
    f.ok(["migrate"]);
    expect(await installed()).toEqual([
      { name: "citext", schema: f.schema as string },
      { name: "hstore", schema: f.schema as string },
    ]);
    expectExit(f.cli(["check"]), 0);
    await f.sql(`INSERT INTO "profile" ("email", "attributes") VALUES ('Ann@Example.com', 'a => 1')`);
    expect(await f.rows(`SELECT "attributes" -> 'a' AS a FROM "profile" WHERE "email" = 'ann@example.com'`)).toEqual([
      { a: "1" },
    ]);
    const inventory = f.json(["schema", "--from", "db", "--format", "json"]).unmanaged as {
      kind: string;
      name: string;
    }[];
    expect(inventory.filter((u) => u.kind === "extension").map((u) => u.name)).toEqual(["citext", "hstore"]);
    expect(inventory.some((u) => u.kind === "function" || u.kind === "type")).toBe(false);
    // Drop the extensions before the schema goes, so the next run starts clean.
    await f.sql("DROP TABLE profile; DROP EXTENSION hstore; DROP EXTENSION citext");
  }, 120_000);

  test("the precheck runs the Data (pre) steps after creating the extensions, as migrate does", async () => {
    const tag = (nullable: boolean) =>
      `export const Tag = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 50${nullable ? ", null: true" : ""} }) });\n`;
    const f = await plannerFolder("postgresql", tag(true));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql(`INSERT INTO "tag" ("name") VALUES (NULL), ('ada'), (NULL)`);
    f.models(tag(false));
    withExtensions(f, "citext");
    f.ok(["makemigrations"]);
    // A pre step that needs the extension fixes the rows the NOT NULL would fail on.
    const text = readFileSync(f.pending, "utf8").replace(/("reason":"set_not_null[^\n]*)\}\n/, '$1,"handled":"pre"}\n');
    writeFileSync(
      f.pending,
      `${text}-- step: Data (pre): name the unnamed\nUPDATE "tag" SET "name" = CAST('anon' AS citext) WHERE "name" IS NULL;\n`,
    );
    // On the code before: the rolled-back pre steps ran without the extension (type "citext" does not exist).
    const dry = f.json(["dry-run"]);
    expect(dry.lossy).toContainEqual(
      expect.objectContaining({ column: "name", handled: "pre", rows: 0, rowsBefore: 2 }),
    );
    expect(await installed()).toEqual([]);
    f.ok(["migrate"]);
    expect(await f.rows(`SELECT "name" FROM "tag" ORDER BY "id"`)).toEqual([
      { name: "anon" },
      { name: "ada" },
      { name: "anon" },
    ]);
    await f.sql("DROP EXTENSION citext");
  }, 120_000);

  test("an extension the server does not have is refused before anything runs", async () => {
    const f = await plannerFolder("postgresql", models);
    withExtensions(f, "hstore, citext, no_such_extension_x");
    f.ok(["makemigrations"]);
    const run = f.json(["migrate"], 78);
    expect((run.error as { message: string }).message).toContain('extensions: "no_such_extension_x" is not available');
    const verify = f.json(["dry-run", "--verify"], 78);
    expect((verify.error as { code: string }).code).toBe("CONFIG_INVALID");
    expect(await installed()).toEqual([]);
    expect(f.json(["status"]).historyTable).toBe(false);
  }, 60_000);
});
