import { afterAll, describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { countWhere } from "../../../src/plan/lossy-count.ts";
import type { LossyFinding, PlanStep } from "../../../src/schema/operation.ts";
import { countFindings } from "../../../src/use-cases/count-findings.ts";
import { DIALECTS } from "../../lib/dialects.ts";
import { dropPlannerFolders, plannerFolder } from "../../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const step = (label: string, sql: string): PlanStep => ({ label, sql, destructive: false, transactional: true });

for (const { name: dialect, dialect: d } of DIALECTS) {
  const q = (name: string) => d.quoteIdent(name);
  const nulls: LossyFinding = {
    table: "t",
    column: "c",
    kind: "rows",
    reason: "set_not_null: rows where it is NULL fail",
    countSql: countWhere(d, "t", `${q("c")} IS NULL`),
  };
  describe(`${dialect}: counting lossy findings`, () => {
    test("a finding handled by a Data (pre) step is counted after the pre steps, in a transaction rolled back", async () => {
      const f = await plannerFolder(dialect, "");
      await f.sql(
        "CREATE TABLE t (id integer PRIMARY KEY, c text); INSERT INTO t VALUES (1, NULL), (2, NULL), (3, 'x');",
      );
      const config = loadConfig({ folder: f.dir });
      const steps = [
        step("t | Alter field: c", `ALTER TABLE ${q("t")} ALTER COLUMN ${q("c")} SET NOT NULL;`),
        // Fixes one of the two rows only; the post step must not run.
        step("Data (pre): fix one", `UPDATE ${q("t")} SET ${q("c")} = 'y' WHERE ${q("id")} = 1;`),
        step("Data (post): must not run", `DELETE FROM ${q("t")};`),
      ];
      const state = await f.state();
      const counted = await countFindings(config, [nulls, { ...nulls, handled: "pre" }], steps);
      expect(counted.map((c) => [c.handled ?? null, c.rows, c.rowsBefore ?? null])).toEqual([
        [null, 2, null],
        ["pre", 1, 2],
      ]);
      expect(await f.state()).toBe(state);
    });

    test("a failing Data (pre) step fails the count with STATEMENT_FAILED and changes nothing", async () => {
      const f = await plannerFolder(dialect, "");
      await f.sql("CREATE TABLE t (id integer PRIMARY KEY, c text); INSERT INTO t VALUES (1, NULL);");
      const config = loadConfig({ folder: f.dir });
      const state = await f.state();
      const failing = [
        step("Data (pre): broken", `UPDATE ${q("t")} SET ${q("c")} = 'y';\nUPDATE ${q("no_such_table")} SET x = 1;`),
      ];
      const error = await countFindings(config, [{ ...nulls, handled: "pre" }], failing).catch((e: unknown) => e);
      expect(isPormgError(error, "STATEMENT_FAILED")).toBe(true);
      expect((error as Error).message).toContain('"Data (pre): broken"');
      expect(await f.state()).toBe(state);
    });

    test("a count query that fails is never 0 rows: migrate's precheck refuses, dry-run shows it as not countable", async () => {
      const f = await plannerFolder(dialect, "");
      await f.sql("CREATE TABLE t (id integer PRIMARY KEY, c text); INSERT INTO t VALUES (1, NULL);");
      const config = loadConfig({ folder: f.dir });
      const broken: LossyFinding = { ...nulls, countSql: countWhere(d, "no_such_table", `${q("c")} IS NULL`) };
      for (const finding of [broken, { ...broken, handled: "pre" as const }]) {
        const steps = [step("Data (pre): fix", `UPDATE ${q("t")} SET ${q("c")} = 'y';`)];
        const error = await countFindings(config, [finding], steps).catch((e: unknown) => e);
        expect(isPormgError(error, "PRECHECK_FAILED")).toBe(true);
        expect((error as Error).message).toContain("The precheck could not count the rows of t.c");
        expect((error as Error).message).toContain("no_such_table");
        expect(await countFindings(config, [finding], steps, {}, "report")).toEqual([
          expect.objectContaining({ rows: null }),
        ]);
      }
    });
  });
}
