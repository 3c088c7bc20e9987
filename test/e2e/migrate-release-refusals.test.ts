import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import { devPlan, dropCreatedDatabases, ok, planEvents, release, userTables, V1, V2, V3 } from "./release-helpers.ts";

// A release that does not fit is refused: an archive edited after it was applied before anything
// of it runs (ARCHIVE_EDITED, naming the file); a database changed out of band at the plan that no
// longer fits (PLAN_STALE, naming the plan and the tables), the plans before it staying applied.

afterAll(dropCreatedDatabases, 120_000);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: the archive is the release`, () => {
    test("an edited archive is refused naming the file; nothing is applied", async () => {
      const rel = await release(dialect);
      devPlan(rel, V1, "authors");
      const v2 = devPlan(rel, V2, "books");
      const file = join(rel.folder, "migrations", "applied_migrations", `${v2}_books.sql`);
      writeFileSync(file, `${readFileSync(file, "utf8")}-- a hand edit after the plan was applied\n`);
      const target = await rel.fresh();
      const refused = rel.json(["migrate", "--url", target]);
      expect(refused.code).toBe(3);
      expect(refused.doc).toMatchObject({ outcome: "refused", applied: [], error: { code: "ARCHIVE_EDITED" } });
      expect((refused.doc.error as { message: string }).message).toContain(`${v2}_books.sql`);
      const human = rel.run(["migrate", "--url", target]);
      expect(human.stderr).toContain(
        `error[ARCHIVE_EDITED]: The archived plan ${file} was edited after it was applied`,
      );
      expect(await userTables(rel, target)).toEqual([]);
      // status names the refusal too, without throwing.
      const signals = rel.json(["status", "--url", target]).doc.driftSignals as string[];
      expect(signals).toContainEqual(expect.stringContaining("migrate would refuse the archive"));
    }, 120_000);

    test("status on a database that applied a plan names its archive file edited since", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      const target = await rel.fresh();
      ok(rel.run(["migrate", "--url", target]));
      expect(rel.json(["status", "--url", target]).doc.driftSignals).toEqual([]);
      const file = join(rel.folder, "migrations", "applied_migrations", `${v1}_authors.sql`);
      writeFileSync(file, `${readFileSync(file, "utf8")}-- a hand edit after the plan was applied\n`);
      const signals = rel.json(["status", "--url", target]).doc.driftSignals as string[];
      expect(signals).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^Archived plan ${v1}_authors\\.sql has checksum [0-9a-f]{12}… but the history recorded [0-9a-f]{12}… for it\\.$`,
          ),
        ),
      );
      expect(signals).toContainEqual(expect.stringContaining("migrate would refuse the archive"));
    }, 120_000);

    test("a database changed out of band is refused with PLAN_STALE naming the plan; nothing is applied", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      const target = await rel.fresh();
      ok(rel.run(["migrate", "--url", target]));
      const v2 = devPlan(rel, V2, "books");
      devPlan(rel, V3, "born");
      const db = await rel.open(target);
      try {
        await db.execute(`ALTER TABLE author ADD COLUMN nickname varchar(20)`);
      } finally {
        await db.close();
      }
      const refused = rel.json(["migrate", "--url", target]);
      expect(refused.code).toBe(3);
      expect(refused.doc).toMatchObject({
        outcome: "refused",
        applied: [],
        version: v2,
        error: { code: "PLAN_STALE", details: { tables: ["author"], version: v2 } },
      });
      const message = (refused.doc.error as { message: string }).message;
      expect(message).toContain(`${v2}_books.sql`);
      expect(message).toContain('"author"');
      expect(await planEvents(rel, target)).toEqual({ [v1]: ["planned", "applied"] });
      expect(await userTables(rel, target)).toEqual(["author"]);
    }, 120_000);

    test("a plan that does not fit after an earlier one applied stops the run there; the earlier one is reported", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      const v2 = devPlan(rel, V2, "books");
      const target = await rel.fresh();
      const db = await rel.open(target);
      try {
        await db.execute("CREATE TABLE book (x integer)");
      } finally {
        await db.close();
      }
      const refused = rel.json(["migrate", "--url", target]);
      expect(refused.code).toBe(3);
      expect(refused.doc).toMatchObject({
        outcome: "refused",
        version: v2,
        applied: [{ version: v1, source: "archive" }],
        error: { code: "PLAN_STALE", details: { tables: ["book"], version: v2 } },
      });
      expect(await planEvents(rel, target)).toEqual({ [v1]: ["planned", "applied"] });
      const human = rel.run(["migrate", "--url", target]);
      expect(human.code).toBe(3);
      expect(human.stderr).toContain(`error[PLAN_STALE]: The archived plan`);
      expect(human.stderr).toContain(`${v2}_books.sql`);
      // The second run found plan 1 applied and stopped at plan 2 again, applying nothing.
      expect(human.stdout).toBe("Nothing was applied.\n");
    }, 120_000);
  });
}
