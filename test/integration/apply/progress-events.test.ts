/**
 * The engine's progress port: `migrate` tells its ProgressSink what long work runs — the backup,
 * a table rebuild with the rows it copies, each statement with its step and index — and ends
 * with `idle`. A real SQLite file; the plan is the one `makemigrations` writes.
 */
import { describe, expect, test } from "bun:test";
import { offerPormgModule } from "../../../src/api/pormg-module.ts";
import type { ProgressEvent } from "../../../src/apply/progress.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { migrate } from "../../../src/use-cases/migrate.ts";
import { authorModels, ok, project } from "../../e2e/migrate-helpers.ts";

offerPormgModule();

describe("sqlite: progress events of migrate", () => {
  test("backup, rebuild (with its rows) and statements are reported in order, then idle", async () => {
    const p = await project("sqlite", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      const db = await connect({ dialect: "sqlite", path: p.file });
      await db.execute(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1234) INSERT INTO author (name) SELECT 'a' || x FROM n",
      );
      await db.close();
      // Widening a varchar is a rebuild on SQLite; the data step has two statements.
      p.models(authorModels().replace("maxLength: 100", "maxLength: 200"));
      ok(p.run(["makemigrations"]));
      p.appendStep("Data (post): touch", "UPDATE author SET name = name WHERE id = 1;\nSELECT count(*) FROM author;");
      const events: ProgressEvent[] = [];
      const result = await migrate(loadConfig({ folder: p.folder }), { progress: (e) => events.push(e) });
      expect(result.outcome).toBe("applied");
      const busy = events.filter((e) => e.kind !== "idle");
      expect(busy).toEqual([
        { kind: "backup", database: expect.stringContaining(p.file) },
        { kind: "rebuild", table: "author", rows: 1234, step: 1, steps: 2 },
        expect.objectContaining({ kind: "statement", step: 2, steps: 2, statement: 1, statements: 2 }),
        expect.objectContaining({ kind: "statement", step: 2, steps: 2, statement: 2, statements: 2 }),
      ]);
      expect((busy[3] as { sql: string }).sql).toContain("SELECT count(*) FROM author");
      // Each activity ends: the backup before the plan runs, and the run itself.
      expect(events[events.findIndex((e) => e.kind === "backup") + 1]).toEqual({ kind: "idle" });
      expect(events.at(-1)).toEqual({ kind: "idle" });
    } finally {
      await p.dispose();
    }
  }, 30_000);
});
