/**
 * A new nullable foreign-key column with no default on a table that has rows cannot fail (every
 * existing row holds NULL in it, which no foreign key checks): makemigrations and dry-run name no
 * "may fail" finding for it, and migrate applies it over the rows. With a default, which may have
 * no parent row, the finding stays.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const BASE = `export const Driver = Models.Model({ driverId: Models.IDField(), name: Models.CharField({ maxLength: 50 }) });
export const Race = Models.Model({ raceId: Models.IDField(), year: Models.IntegerField() });\n`;
const withWinner = (options: string) =>
  BASE.replace(
    "year: Models.IntegerField() });",
    `year: Models.IntegerField(), winner: Models.ForeignKey(Driver, { ${options} }) });`,
  );

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: a new nullable foreign key column`, () => {
    test("is not reported as able to fail on rows, and migrates over them", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO race (year) VALUES (2023); INSERT INTO race (year) VALUES (2024);");
      f.models(withWinner('null: true, onDelete: "SET_NULL"'));
      const made = f.ok(["makemigrations"]).stdout;
      expect(made).toContain("Add field: winner");
      expect(made).not.toContain("may fail");
      expect(f.ok(["dry-run"]).stdout).not.toContain("may fail");
      expect(f.json(["dry-run"]).lossy).toEqual([]);
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied" });
      expect((await f.rows("SELECT winner FROM race")).map((r) => r.winner)).toEqual([null, null]);
    }, 60_000);

    test("with a default (which may have no parent row) it is reported, as not countable before the column exists", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO race (year) VALUES (2023);");
      f.models(withWinner('null: true, default: 99, onDelete: "SET_NULL"'));
      f.ok(["makemigrations"]);
      const lossy = f.json(["dry-run"]).lossy as { reason: string; rows: number | null }[];
      expect(lossy.filter((l) => l.reason.startsWith("add_foreign_key")).map((l) => l.rows)).toEqual([null]);
    }, 60_000);
  });
}
