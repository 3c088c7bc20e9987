/**
 * A foreign key to a table pormg does not manage (issue 9): Django's `auth_user` hidden by the
 * built-in ignore list, a table an `ignore_tables` prefix hides, a table in another PostgreSQL
 * schema. `import-models` imports the column as a plain field of its type (it failed with INTERNAL
 * before), `check` is clean, no plan drops the key, `schema --from db` lists it as unmanaged, and a
 * SQLite table rebuild keeps it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import { adminExecute } from "../lib/pg-admin.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

const other = `fixes_other_${Date.now().toString(36)}`;

afterAll(async () => {
  await dropPlannerFolders();
  // The other schema exists where the setup made it: on the dialects with schemas.
  if (DIALECTS.some((h) => h.dialect.capabilities.schemas))
    await adminExecute(`DROP SCHEMA IF EXISTS "${other}" CASCADE`);
});

/** MySQL ignores a column's inline REFERENCES: its keys are table clauses, named as pormg names them. */
const mysqlSetup = `
CREATE TABLE auth_user (id integer PRIMARY KEY, name text);
CREATE TABLE legacy_thing (id integer PRIMARY KEY);
CREATE TABLE blog_post (
  id integer PRIMARY KEY,
  author_id integer NOT NULL,
  thing integer,
  title varchar(40),
  CONSTRAINT blog_post_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth_user (id) ON DELETE CASCADE,
  CONSTRAINT blog_post_thing_fkey FOREIGN KEY (thing) REFERENCES legacy_thing (id)
);
INSERT INTO auth_user VALUES (1, 'ann');
INSERT INTO legacy_thing VALUES (7);
INSERT INTO blog_post (id, author_id, thing, title) VALUES (1, 1, 7, 'hello');`;

const setup = (dialect: string) =>
  dialect === "mysql"
    ? mysqlSetup
    : `
CREATE TABLE auth_user (id integer PRIMARY KEY, name text);
CREATE TABLE legacy_thing (id integer PRIMARY KEY);
${dialect === "postgresql" ? `CREATE SCHEMA "${other}"; CREATE TABLE "${other}".accounts (id bigint PRIMARY KEY);` : ""}
CREATE TABLE blog_post (
  id integer PRIMARY KEY,
  author_id integer NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  thing integer REFERENCES legacy_thing (id),
  ${dialect === "postgresql" ? `account bigint REFERENCES "${other}".accounts (id),` : ""}
  title varchar(40)
);
INSERT INTO auth_user VALUES (1, 'ann');
INSERT INTO legacy_thing VALUES (7);
INSERT INTO blog_post (id, author_id, thing, title) VALUES (1, 1, 7, 'hello');`;

/** The foreign keys of blog_post as (column → table), sorted. */
async function foreignKeys(f: PlannerFolder): Promise<string[]> {
  const rows =
    f.dialect === "sqlite"
      ? await f.rows<{ c: string; t: string }>(
          `SELECT "from" AS c, "table" AS t FROM pragma_foreign_key_list('blog_post')`,
        )
      : f.dialect === "mysql"
        ? await f.rows<{ c: string; t: string }>(
            `SELECT column_name AS c, referenced_table_name AS t FROM information_schema.key_column_usage
              WHERE table_schema = DATABASE() AND table_name = 'blog_post' AND referenced_table_name IS NOT NULL`,
          )
        : await f.rows<{ c: string; t: string }>(
            `SELECT a.attname AS c, k.confrelid::regclass::text AS t FROM pg_constraint k
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
            WHERE k.contype = 'f' AND k.conrelid = 'blog_post'::regclass`,
          );
  return rows.map((r) => `${r.c} → ${r.t.replace(`"${other}"`, "other").replace(other, "other")}`).sort();
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: foreign keys to tables pormg does not manage`, () => {
    test("import-models imports the columns as plain fields; check is clean; plans keep the keys", async () => {
      const f = await plannerFolder(dialect, "", setup(dialect));
      const config = join(f.dir, "connection.yml");
      // SQLite has no built-in auth_ prefix (PormG's list is PostgreSQL's and MySQL's), so it is listed here.
      const prefixes = dialect === "sqlite" ? "[legacy_, auth_]" : "[legacy_]";
      writeFileSync(
        config,
        readFileSync(config, "utf8").replace("  config:", `  ignore_tables: ${prefixes}\n  config:`),
      );
      const keys = await foreignKeys(f);
      expect(keys).toEqual(
        dialect === "postgresql"
          ? ["account → other.accounts", "author_id → auth_user", "thing → legacy_thing"]
          : ["author_id → auth_user", "thing → legacy_thing"],
      );

      expect(f.json(["import-models", "--force"])).toMatchObject({ models: 1 });
      const models = readFileSync(join(f.dir, "models.ts"), "utf8");
      expect(models).toContain("author_id: Models.IntegerField(),");
      expect(models).toContain("thing: Models.IntegerField({ null: true }),");
      if (dialect === "postgresql") expect(models).toContain("account: Models.BigIntegerField({ null: true }),");
      expect(models).not.toContain("ForeignKey");
      expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
      const schema = f.json(["schema", "--from", "db"]);
      const listed = (schema.unmanaged as { kind: string; name: string; table?: string }[]).filter(
        (o) => o.kind === "constraint" && o.table === "blog_post",
      );
      expect(listed.length).toBe(keys.length);
      if (dialect === "postgresql")
        expect(listed.map((o) => o.name).sort()).toEqual([
          "blog_post_account_fkey",
          "blog_post_author_id_fkey",
          "blog_post_thing_fkey",
        ]);
      if (dialect === "mysql")
        expect(listed.map((o) => o.name).sort()).toEqual(["blog_post_author_id_fkey", "blog_post_thing_fkey"]);

      // A change to the table — on SQLite a rebuild (a wider varchar) — keeps every key and row.
      writeFileSync(
        join(f.dir, "models.ts"),
        models
          .replace("Models.CharField({ maxLength: 40, null: true })", "Models.CharField({ maxLength: 80, null: true })")
          .replace("title:", "body: Models.TextField({ null: true }),\n    title:"),
      );
      const made = f.json(["makemigrations"]);
      expect(made).toMatchObject({ outcome: "written", destructive: false });
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).not.toMatch(/DROP CONSTRAINT/);
      if (dialect === "mysql") expect(plan).not.toMatch(/DROP FOREIGN KEY/);
      if (dialect === "sqlite") expect(plan).toContain('CREATE TABLE "blog_post__pormg_new"');
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied" });
      expect(await foreignKeys(f)).toEqual(keys);
      expectExit(f.cli(["check"]), 0);
      expect(await f.rows("SELECT id, author_id, title FROM blog_post")).toEqual([
        { id: 1, author_id: 1, title: "hello" },
      ]);
    }, 90_000);
  });
}
