import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const BASE = `
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;
const WITH_BOOK = `${BASE}
export const Book = Models.Model({ id: Models.IDField(), author: Models.ForeignKey(Author), title: Models.TextField() });
`;
const WITH_BOOK_AND_TAG = `${WITH_BOOK}
export const Tag = Models.Model({ id: Models.IDField(), label: Models.CharField({ maxLength: 20 }) });
`;

for (const { name: dialect, dialect: d } of DIALECTS) {
  describe(`${dialect}: the pending plan's lifecycle`, () => {
    test("a generated pending plan is replaced, then moved aside when nothing is left to do", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);

      f.models(WITH_BOOK);
      const first = f.json(["makemigrations"]);
      expect(first.outcome).toBe("written");
      // A newer edit of the models replaces a plan pormg generated.
      f.models(WITH_BOOK_AND_TAG);
      const second = f.json(["makemigrations"]);
      expect(second.outcome).toBe("written");
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).toContain(`CREATE TABLE ${d.quoteIdent("tag")}`);

      // Back to the database's state: the pending plan is obsolete and moved aside, not deleted.
      f.models(BASE);
      const done = f.json(["makemigrations"]);
      expect(done).toMatchObject({ outcome: "nothing_to_do", discarded: `${f.pending}.discarded` });
      expect(existsSync(f.pending)).toBe(false);
      expect(readFileSync(`${f.pending}.discarded`, "utf8")).toBe(plan);
      expect(f.ok(["makemigrations"]).stdout).toContain("No changes");
      expect(f.json(["dry-run"])).toMatchObject({ outcome: "nothing_pending", statements: [] });
    }, 60_000);

    test("a plan with a hand-added step is never overwritten or discarded; `discard` moves it aside", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      f.models(WITH_BOOK);
      f.ok(["makemigrations"]);
      appendFileSync(f.pending, "-- step: Data (post): seed\nINSERT INTO author (name) VALUES ('anon');\n");
      const plan = readFileSync(f.pending, "utf8");
      const state = await f.state();

      // More model changes: refused, the plan stays as it is.
      f.models(WITH_BOOK_AND_TAG);
      const refused = f.json(["makemigrations"], 3);
      expect(refused).toMatchObject({ outcome: "refused", error: { code: "PLAN_REFUSED" } });
      expect(refused.stderr).toContain("Data (post): seed");
      expect(readFileSync(f.pending, "utf8")).toBe(plan);
      // --check (a CI gate) still reports the difference without touching anything.
      expectExit(f.cli(["makemigrations", "--check"]), 2);
      expect(readFileSync(f.pending, "utf8")).toBe(plan);

      // Nothing left to do in the models: still not discarded, because of the hand-written step.
      f.models(BASE);
      expectExit(f.cli(["makemigrations"]), 3);
      expect(readFileSync(f.pending, "utf8")).toBe(plan);
      expect(existsSync(`${f.pending}.discarded`)).toBe(false);
      expect(await f.state()).toBe(state);

      const discarded = f.json(["discard"]);
      expect(discarded).toMatchObject({ schema: "pormg.discard/1", discarded: `${f.pending}.discarded` });
      expect(existsSync(f.pending)).toBe(false);
      expect(readFileSync(`${f.pending}.discarded`, "utf8")).toBe(plan);
      expect(f.ok(["discard"]).stdout).toContain("No pending plan to discard.");
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do", discarded: null });
      expect(await f.state()).toBe(state);
    }, 60_000);

    test("a hand-added step is applied with the generated ones", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      f.models(WITH_BOOK);
      f.ok(["makemigrations"]);
      appendFileSync(
        f.pending,
        "-- step: Data (post): seed\nINSERT INTO author (name) VALUES ('anon');\nINSERT INTO book (author, title) VALUES (1, 'x;y');\n",
      );
      expectExit(f.cli(["migrate"]), 0);
      expect(await f.rows("SELECT title FROM book")).toEqual([{ title: "x;y" }]);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do", discarded: null });
    }, 60_000);

    test("a hand-added step that fails part-way leaves none of its rows; the next migrate applies it once", async () => {
      const unique = BASE.replace(
        "Models.CharField({ maxLength: 100 })",
        "Models.CharField({ maxLength: 100, unique: true })",
      );
      const f = await plannerFolder(dialect, unique);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO author (name) VALUES ('taken')");
      f.models(
        `${unique}\nexport const Tag = Models.Model({ id: Models.IDField(), label: Models.CharField({ maxLength: 20 }) });\n`,
      );
      f.ok(["makemigrations"]);
      appendFileSync(
        f.pending,
        "-- step: Data (post): seed\nINSERT INTO author (name) VALUES ('anon');\nINSERT INTO author (name) VALUES ('taken');\n",
      );
      const failed = expectExit(f.cli(["migrate"]), 1);
      expect(failed.stderr).toContain('("Data (post): seed")');
      // PostgreSQL and SQLite roll the whole plan back; MySQL, whose schema steps commit one by one,
      // keeps those and rolls back the data step alone (a transaction of its own).
      expect(await f.rows("SELECT name FROM author ORDER BY name")).toEqual([{ name: "taken" }]);
      await f.sql("DELETE FROM author WHERE name = 'taken'");
      expectExit(f.cli(["migrate"]), 0);
      expect(await f.rows("SELECT name FROM author ORDER BY name")).toEqual([{ name: "anon" }, { name: "taken" }]);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    }, 60_000);
  });
}
