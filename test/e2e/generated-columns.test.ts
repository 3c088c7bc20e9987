/**
 * Generated columns end to end on both dialects (issue 9, item 1.3): a database table with one
 * imports and round-trips; models declare them with `generated: { expression, stored }`; an
 * expression change re-creates the column (derived data: values recomputed, not destructive on
 * PostgreSQL) and keeps its index; SQLite adds a VIRTUAL one in place and rebuilds for a STORED
 * one, never inserting into a generated column; a generated column made plain keeps its values,
 * a plain one made generated is destructive.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const TABLE = {
  postgresql: `CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a*2) STORED, t text GENERATED ALWAYS AS (upper('x' || a)) STORED NOT NULL);
               INSERT INTO g (a) VALUES (1), (2);`,
  sqlite: `CREATE TABLE g (a INTEGER, b INTEGER GENERATED ALWAYS AS (a*2) STORED, t TEXT AS (upper('x' || a)) NOT NULL, v INTEGER AS (a + 1) VIRTUAL);
           INSERT INTO g (a) VALUES (1), (2);`,
  mysql: `CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a*2) STORED, t varchar(20) GENERATED ALWAYS AS (upper(concat('x', a))) STORED, v int AS (a + 1) VIRTUAL);
          INSERT INTO g (a) VALUES (1), (2);`,
};

const models = (expression: string, extra = "") => `export const G = Models.Model({
  id: Models.IDField(),
  a: Models.IntegerField(),
  b: Models.IntegerField({ null: true, dbIndex: true, generated: { expression: ${JSON.stringify(expression)}, stored: true } }),
  ${extra}
});`;

for (const { name: dialect } of DIALECTS) {
  const pg = dialect === "postgresql";
  // MySQL / MariaDB: columns change in place too (MODIFY), and the server prints identifiers in backquotes.
  const my = dialect === "mysql";
  describe(`${dialect}: generated columns`, () => {
    test("a table with generated columns imports, and the import round-trips", async () => {
      const f = await plannerFolder(dialect, "", TABLE[dialect]);
      f.ok(["import-models", "--force"]);
      const source = readFileSync(join(f.dir, "models.ts"), "utf8");
      expect(source).toContain(
        pg
          ? 'b: Models.IntegerField({ null: true, generated: { expression: "a * 2", stored: true } })'
          : my
            ? 'b: Models.IntegerField({ null: true, generated: { expression: "`a` * 2", stored: true } })'
            : 'b: Models.IntegerField({ null: true, generated: { expression: "a*2", stored: true } })',
      );
      if (my) expect(source).toContain('generated: { expression: "`a` + 1", stored: false }');
      else if (!pg) expect(source).toContain('generated: { expression: "a + 1", stored: false }');
      expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
      expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do" });
      expect(f.ok(["schema", "--from", "models"]).stdout).toBe(f.ok(["schema", "--from", "db"]).stdout);
    }, 60_000);

    test("models → migrate → an expression change recomputes the values and keeps the index", async () => {
      const f = await plannerFolder(dialect, models("a * 2"));
      f.ok(["makemigrations"]);
      expect(readFileSync(f.pending, "utf8")).toContain(
        pg
          ? '"b" integer GENERATED ALWAYS AS (a * 2) STORED'
          : my
            ? "`b` int GENERATED ALWAYS AS (a * 2) STORED"
            : '"b" INTEGER GENERATED ALWAYS AS (a * 2) STORED',
      );
      f.ok(["migrate"]);
      await f.sql("INSERT INTO g (a) VALUES (1), (2)");
      expectExit(f.cli(["check"]), 0);

      f.models(models("a * 3"));
      const made = f.json(["makemigrations"]);
      const plan = readFileSync(f.pending, "utf8");
      if (pg) {
        // Derived data: re-created in place, not destructive, the index made again after it.
        expect(made).toMatchObject({ destructive: false, lossy: [] });
        expect(plan).toContain(
          "-- step: g | Re-create generated field: b (derived values are recomputed; nothing is lost)",
        );
        expect(plan).toContain(
          'ALTER TABLE "g" DROP COLUMN "b", ADD COLUMN "b" integer GENERATED ALWAYS AS (a * 3) STORED;',
        );
        expect(plan).toContain('CREATE INDEX CONCURRENTLY "g_b_idx" ON "g" ("b");'); // g holds rows: docs/online.md
        expect(f.json(["dry-run"])).toMatchObject({ destructive: false });
        f.ok(["migrate"]);
      } else if (my) {
        // Re-created in place, not destructive; MySQL keeps its index on the column re-created in the
        // same ALTER TABLE (generatedColumnDependents: keep), so the plan makes no index again.
        expect(made).toMatchObject({ destructive: false, lossy: [] });
        expect(plan).toContain(
          "-- step: g | Re-create generated field: b (derived values are recomputed; nothing is lost)",
        );
        expect(plan).toContain(
          "ALTER TABLE `g` DROP COLUMN `b`, ADD COLUMN `b` int GENERATED ALWAYS AS (a * 3) STORED;",
        );
        expect(plan).not.toContain("CREATE INDEX");
        f.ok(["migrate"]);
      } else {
        // A SQLite rebuild, which copies every plain column and lets the new table compute b.
        expect(plan).toContain('INSERT INTO "g__pormg_new" ("id", "a") SELECT "id", "a" FROM "g";');
        f.ok(["migrate", "--destructive"]);
      }
      expect(await f.rows("SELECT a, b FROM g ORDER BY id")).toEqual([
        { a: 1, b: 3 },
        { a: 2, b: 6 },
      ]);
      expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
      expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do" });
    }, 60_000);

    test("new generated columns: SQLite adds a VIRTUAL one in place and rebuilds for a STORED one", async () => {
      const f = await plannerFolder(dialect, models("a * 2"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO g (a) VALUES (5)");
      // MySQL: every generated column is nullable (MariaDB takes no NOT NULL on one; a NOT NULL field is refused).
      const nullable = my ? "null: true, " : "";
      const virtual = pg
        ? ""
        : `v: Models.IntegerField({ ${nullable}generated: { expression: "a + 1", stored: false } }),`;
      // Written as PostgreSQL prints it (the models' own spelling converges too: expressions-converge.test.ts).
      // MySQL: || is OR there; concat() is its concatenation.
      const concat = pg ? "'n'::text || a" : my ? "concat('n', a)" : "'n' || a";
      const stored = `s: Models.TextField({ ${nullable}generated: { expression: "${concat}", stored: true } }),`;
      if (my) {
        // A NOT NULL generated field is refused, naming the fix: MariaDB would never hold it so.
        f.models(models("a * 2", stored.replace(nullable, "")));
        const refused = expectExit(f.cli(["makemigrations"]), 78);
        expect(refused.stderr).toContain(
          'Model "G" field "s": MariaDB takes no NOT NULL on a generated column, so pormg makes every MySQL generated column nullable; add null: true',
        );
      }
      f.models(models("a * 2", `${virtual} ${stored}`));
      f.ok(["makemigrations"]);
      const plan = readFileSync(f.pending, "utf8");
      if (pg) {
        expect(plan).toContain(
          `ALTER TABLE "g" ADD COLUMN "s" text GENERATED ALWAYS AS ('n'::text || a) STORED NOT NULL;`,
        );
        f.ok(["migrate"]);
      } else if (my) {
        // Both in place, in one ALTER TABLE (mysql-combine.ts): a VIRTUAL and a STORED generated column.
        expect(plan).toContain(
          "ALTER TABLE `g`\n  ADD COLUMN `v` int GENERATED ALWAYS AS (a + 1) VIRTUAL,\n" +
            "  ADD COLUMN `s` longtext GENERATED ALWAYS AS (concat('n',a)) STORED;",
        );
        f.ok(["migrate"]);
      } else {
        expect(plan).toContain('INSERT INTO "g__pormg_new" ("id", "a") SELECT "id", "a" FROM "g";');
        f.ok(["migrate", "--destructive"]);
        // Only the VIRTUAL one on its own: SQLite can add it with ALTER TABLE.
        const v2 = 'v2: Models.IntegerField({ null: true, generated: { expression: "a - 1", stored: false } }),';
        f.models(models("a * 2", `${virtual} ${stored} ${v2}`));
        f.ok(["makemigrations"]);
        const add = readFileSync(f.pending, "utf8");
        expect(add).toContain('ALTER TABLE "g" ADD COLUMN "v2" INTEGER GENERATED ALWAYS AS (a - 1) VIRTUAL;');
        expect(add).not.toContain("__pormg_new");
        f.ok(["migrate"]);
      }
      expectExit(f.cli(["check"]), 0);
      const [row] = await f.rows<Record<string, unknown>>("SELECT * FROM g");
      expect(row).toMatchObject(
        pg ? { a: 5, b: 10, s: "n5" } : my ? { a: 5, b: 10, v: 6, s: "n5" } : { a: 5, b: 10, v: 6, s: "n5", v2: 4 },
      );
    }, 60_000);

    test("retyping a column a generated column reads re-creates that column around the retype", async () => {
      const f = await plannerFolder(dialect, models("a * 2"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO g (a) VALUES (4)");
      f.models(models("a * 2").replace("a: Models.IntegerField()", "a: Models.BigIntegerField()"));
      const made = f.json(["makemigrations"]);
      if (pg) {
        // On the code before: "cannot alter type of a column used by a generated column" at apply.
        expect(made).toMatchObject({ destructive: false, lossy: [] });
        const plan = readFileSync(f.pending, "utf8");
        expect(plan).toContain(
          'ALTER TABLE "g" DROP COLUMN "b", ALTER COLUMN "a" TYPE bigint, ADD COLUMN "b" integer GENERATED ALWAYS AS (a * 2) STORED;',
        );
        expect(plan).toContain('CREATE INDEX CONCURRENTLY "g_b_idx" ON "g" ("b");'); // g holds rows: docs/online.md
      }
      if (my) {
        // MySQL recomputes a generated column in place when a column it reads is retyped
        // (generatedColumnDependents: keep): one MODIFY, the generated column and its index untouched.
        expect(made).toMatchObject({ destructive: false, lossy: [] });
        const plan = readFileSync(f.pending, "utf8");
        expect(plan).toContain("ALTER TABLE `g` MODIFY COLUMN `a` bigint NOT NULL;");
        expect(plan).not.toContain("CREATE INDEX");
      }
      f.ok(["migrate"]);
      expectExit(f.cli(["check"]), 0);
      // MySQL reads a bigint back as text: compared as a number.
      const rows = await f.rows<{ a: unknown; b: unknown }>("SELECT CAST(a AS integer) AS a, b FROM g");
      expect(my ? rows.map((r) => ({ ...r, a: Number(r.a) })) : rows).toEqual([{ a: 4, b: 8 }]);
    }, 60_000);

    test("generated → plain keeps the values; plain → generated is destructive", async () => {
      const f = await plannerFolder(dialect, models("a * 2"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO g (a) VALUES (7)");
      f.models(`export const G = Models.Model({
        id: Models.IDField(),
        a: Models.IntegerField(),
        b: Models.IntegerField({ null: true, dbIndex: true }),
      });`);
      f.ok(["makemigrations"]);
      if (pg) expect(readFileSync(f.pending, "utf8")).toContain('ALTER TABLE "g" ALTER COLUMN "b" DROP EXPRESSION;');
      // MySQL: a STORED column made plain keeps its values in place (MODIFY COLUMN).
      if (my) expect(readFileSync(f.pending, "utf8")).toContain("ALTER TABLE `g` MODIFY COLUMN `b` int NULL;");
      f.ok(["migrate", ...(pg || my ? [] : ["--destructive"])]);
      expectExit(f.cli(["check"]), 0);
      expect(await f.rows("SELECT a, b FROM g")).toEqual([{ a: 7, b: 14 }]);
      await f.sql("UPDATE g SET b = 100");

      f.models(models("a * 2"));
      const made = f.json(["makemigrations"]);
      expect(made).toMatchObject({ destructive: true });
      expect(JSON.stringify(made.lossy)).toContain("to_generated");
      if (pg || my)
        expect(readFileSync(f.pending, "utf8")).toContain(
          "-- step: g | Make field generated: b (its stored values are replaced by computed ones)",
        );
      expectExit(f.cli(["migrate"]), 3);
      f.ok(["migrate", "--destructive"]);
      expect(await f.rows("SELECT a, b FROM g")).toEqual([{ a: 7, b: 14 }]);
      expectExit(f.cli(["check"]), 0);
    }, 60_000);
  });
}
