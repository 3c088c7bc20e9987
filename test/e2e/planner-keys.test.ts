import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { DIALECTS, dialectSelected } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: key changes the plan's order must not trip over`, () => {
    test("a column leaves a composite primary key and becomes nullable in one change", async () => {
      const f = await plannerFolder(
        dialect,
        `export const Pair = Models.Model(
  { a: Models.IntegerField(), b: Models.IntegerField() },
  { primaryKey: ["a", "b"] },
);\n`,
      );
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO pair (a, b) VALUES (1, 1); INSERT INTO pair (a, b) VALUES (1, 2);");
      f.models(`export const Pair = Models.Model({
  a: Models.IntegerField({ null: true }),
  b: Models.IntegerField({ primaryKey: true }),
});\n`);
      f.ok(["makemigrations"]);
      expect(f.json(["dry-run", "--verify"]).verify).toMatchObject({ ok: true });
      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied" });
      expectExit(f.cli(["check"]), 0);
      await f.sql("INSERT INTO pair (a, b) VALUES (NULL, 3);");
      expect((await f.rows("SELECT a, b FROM pair ORDER BY b")).map((r) => [r.a, Number(r.b)])).toEqual([
        [1, 1],
        [1, 2],
        [null, 3],
      ]);
    }, 60_000);

    test("a primary key that another table's foreign key uses changes, and both sides of the key are retyped", async () => {
      const f = await plannerFolder(
        dialect,
        `export const Team = Models.Model({ id: Models.IntegerField({ primaryKey: true }), name: Models.CharField({ maxLength: 40 }) });
export const Driver = Models.Model({ id: Models.IDField(), team: Models.ForeignKey(Team, { null: true, onDelete: "CASCADE" }) });\n`,
      );
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO team (id, name) VALUES (7, 'red'); INSERT INTO driver (team) VALUES (7);");
      f.models(`export const Team = Models.Model({ id: Models.CharField({ maxLength: 10, primaryKey: true }), name: Models.CharField({ maxLength: 40 }) });
export const Driver = Models.Model({ id: Models.IDField(), team: Models.ForeignKey(Team, { null: true, onDelete: "CASCADE" }) });\n`);
      f.ok(["makemigrations"]);
      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied" });
      expectExit(f.cli(["check"]), 0);
      expect(await f.rows("SELECT team FROM driver")).toEqual([{ team: "7" }]);
    }, 60_000);
  });
}

describe.skipIf(!dialectSelected(postgresDialect.name))(
  "postgresql: a foreign key re-created around a retype is not destructive",
  () => {
    test("retyping both sides of a key plans a drop and an add of the same key; migrate needs no --destructive, even with the add edited away", async () => {
      const models = (
        type: string,
      ) => `export const Team = Models.Model({ id: Models.${type}({ primaryKey: true${type === "CharField" ? ", maxLength: 10" : ""} }) });
export const Driver = Models.Model({ id: Models.IDField(), team: Models.ForeignKey(Team, { null: true, onDelete: "CASCADE" }) });\n`;
      const f = await plannerFolder("postgresql", models("IntegerField"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO team (id) VALUES (7); INSERT INTO driver (team) VALUES (7);");
      f.models(models("CharField"));
      f.ok(["makemigrations"]);
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).toContain(
        '-- step: driver | Remove foreign key: team\n-- pormg-step-flags: {"recreate":true}\nALTER TABLE "driver" DROP CONSTRAINT "driver_team_fkey";',
      );
      expect(plan).toContain('ALTER TABLE "driver" ADD CONSTRAINT "driver_team_fkey" FOREIGN KEY ("team")');
      const dry = f.json(["dry-run"]);
      expect(dry.destructive).toBe(false);
      // The add edited away: a plain constraint drop, which removes no data (docs/design.md §10) and is still named.
      writeFileSync(f.pending, plan.replace(/-- step: driver \| New foreign key: team\n[^\n]*\n/, ""));
      const edited = f.json(["dry-run"]);
      expect(edited.destructive).toBe(false);
      expect(JSON.stringify(edited.statements)).toContain("driver | Remove foreign key: team");
      writeFileSync(f.pending, plan);
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", destructive: false });
      expectExit(f.cli(["check"]), 0);
      expect(await f.rows("SELECT team FROM driver")).toEqual([{ team: "7" }]);
    }, 60_000);
  },
);
