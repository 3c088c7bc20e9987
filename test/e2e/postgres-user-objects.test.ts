import { afterAll, describe, expect, test } from "bun:test";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** User objects in the managed schema named like the built-ins pormg's own queries use (each hijack raises). */
const HOSTILE = `
  CREATE TABLE "text" (a int);
  CREATE TABLE "regclass" (a int);
  CREATE TABLE "json" (a int);
  CREATE TABLE "int4" (a int);
  CREATE TABLE "pg_class" (a int);
  CREATE FUNCTION hijacked() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a user object was called'; END $$;
  CREATE FUNCTION format_type(oid, integer) RETURNS text LANGUAGE sql AS 'SELECT hijacked()';
  CREATE FUNCTION quote_literal(text) RETURNS text LANGUAGE sql AS 'SELECT hijacked()';
  CREATE FUNCTION now() RETURNS timestamptz LANGUAGE sql AS $$ SELECT '2000-01-01'::timestamptz $$;
  CREATE FUNCTION unnest(smallint[]) RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'user unnest'; END $$;
  CREATE FUNCTION md5(varchar) RETURNS text LANGUAGE sql AS 'SELECT hijacked()';
  CREATE FUNCTION hostile_step(int, name) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'user json_agg'; END $$;
  CREATE AGGREGATE json_agg(name) (SFUNC = hostile_step, STYPE = int, INITCOND = '0');
`;

const hostileModels = ["text", "regclass", "json", "int4", "pg_class"]
  .map(
    (table, i) =>
      `export const Hostile${i} = Models.Model({ a: Models.IntegerField({ null: true }) }, { dbTable: "${table}", managed: false });`,
  )
  .join("\n");

const models = (extra = "") => `
export const Author = Models.Model(
  {
    id: Models.IDField(),
    name: Models.CharField({ maxLength: 40 }),
    born: Models.DateTimeField({ null: true, dbDefault: "now()" }),${extra}
  },
  { indexes: [Models.Index({ fields: ["name"] })] },
);
export const Book = Models.Model({
  id: Models.IDField(),
  author: Models.ForeignKey(Author, { onDelete: "CASCADE" }),
  title: Models.TextField(),
});
${hostileModels}
`;

describe("postgresql: user objects named like built-ins (text, regclass, now(), unnest(int2[]) …)", () => {
  test("every command works, the plan converges, and pormg's own trigger function is not reported", async () => {
    const f = await plannerFolder("postgresql", models(), HOSTILE);
    // On the code as it landed, each of these failed: cannot cast type "char" to text.
    expectExit(f.cli(["check"]), 2);
    f.ok(["makemigrations"]);
    const verify = f.json(["dry-run", "--verify"]);
    expect((verify.verify as { ok: boolean }).ok).toBe(true);
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);
    expect(f.json(["makemigrations", "--check"]).outcome).toBe("nothing_to_do");

    // A change on the populated table: lossy counts and fingerprints run among the hostile objects too.
    await f.sql(`INSERT INTO "author" ("name") VALUES ('Ann')`);
    f.models(models(`\n    nick: Models.CharField({ maxLength: 10, null: true }),`));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);

    const status = f.json(["status"]);
    expect(status.applied).toHaveLength(2);
    expect(status.driftSignals).toEqual([]);
    expect(f.json(["history", "verify"]).ok).toBe(true);

    const schema = f.json(["schema", "--from", "db", "--format", "json"]);
    const unmanaged = (schema.unmanaged as { kind: string; name: string }[]).map((u) => `${u.kind} ${u.name}`);
    expect(unmanaged).toContain("function now()");
    expect(unmanaged).toContain("function hijacked()");
    expect(unmanaged.filter((u) => u.includes("pormg_migration"))).toEqual([]);
    const [row] = await f.rows<{ year: string }>(`SELECT pg_catalog.to_char("born", 'YYYY') AS year FROM "author"`);
    expect(row?.year).not.toBe("2000");
  }, 120_000);
});
