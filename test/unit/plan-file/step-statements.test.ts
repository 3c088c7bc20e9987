import { describe, expect, test } from "bun:test";
import { dialects } from "../../../src/dialect/dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { sqliteSql } from "../../../src/dialect/sqlite/sqlite-sql.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { stepStatements } from "../../../src/plan-file/step-statements.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import type { PlanStep } from "../../../src/schema/operation.ts";
import { rebuildRestoringDrops } from "../../../src/sql/rebuild-shape.ts";
import { sqlitePlan } from "./sample-plan.ts";

const REBUILD = [
  'DROP TRIGGER "log_post";',
  'DROP VIEW "recent";',
  'CREATE TABLE "post__pormg_new" ("id" INTEGER PRIMARY KEY, "name" VARCHAR(200) NOT NULL);',
  'INSERT INTO "post__pormg_new" ("id", "name") SELECT "id", "name" FROM "post";',
  'DROP TABLE "post";',
  'ALTER TABLE "post__pormg_new" RENAME TO "post";',
  'CREATE INDEX "post_name_idx" ON "post" ("name");',
  'CREATE VIEW "recent" AS SELECT * FROM post;',
  "CREATE TRIGGER log_post AFTER INSERT ON log BEGIN DELETE FROM post WHERE id = new.id; END;",
].join("\n");

const step = (extra: Partial<PlanStep>): PlanStep => ({
  label: "post | Alter table: post",
  sql: REBUILD,
  destructive: false,
  transactional: true,
  rebuild: { table: "post" },
  ...extra,
});

const flagged = (s: PlanStep) =>
  stepStatements(s, sqliteDialect).flatMap((x, k) => (x.destructive ? [[k, x.reason ?? ""] as const] : []));

describe("rebuildRestoringDrops: the drops a rebuild step puts back", () => {
  test("the swap's DROP TABLE and the views and triggers it re-creates", () => {
    expect([...rebuildRestoringDrops(REBUILD, "post", sqliteSql)]).toEqual([
      [0, "recreate"],
      [1, "recreate"],
      [4, "swap"],
    ]);
    expect(rebuildRestoringDrops(REBUILD, "POST", sqliteSql).get(4)).toBe("swap");
  });

  test("a DROP TABLE that is not swapped back, or of another table, is not restoring", () => {
    const noRename = REBUILD.replace('ALTER TABLE "post__pormg_new" RENAME TO "post";', "SELECT 1;");
    expect(rebuildRestoringDrops(noRename, "post", sqliteSql).has(4)).toBe(false);
    const noCopy = REBUILD.replace('FROM "post";', 'FROM "other";');
    expect(rebuildRestoringDrops(noCopy, "post", sqliteSql).has(4)).toBe(false);
    const extra = `${REBUILD}\nDROP TABLE "audit";\nDROP VIEW "gone";`;
    expect([...rebuildRestoringDrops(extra, "post", sqliteSql).keys()]).toEqual([0, 1, 4]);
    expect(rebuildRestoringDrops('DROP TABLE "main"."post";', "post", sqliteSql).size).toBe(0);
  });
});

describe("stepStatements: a rebuild is judged by the planner's verdict", () => {
  test("a lossless rebuild has no destructive statement", () => {
    expect(flagged(step({}))).toEqual([]);
  });

  test("a destructive rebuild flags its swap with the planner's reasons", () => {
    const s = step({ destructive: true, reasons: ["drop post.subtitle", "drop post.body"] });
    expect(flagged(s)).toEqual([[4, "drop post.subtitle; drop post.body"]]);
    expect(stepStatements(s, sqliteDialect)[4]?.reasons).toEqual(["drop post.subtitle", "drop post.body"]);
  });

  test("another drop inside a rebuild step still counts", () => {
    const s = step({ sql: `${REBUILD}\nDROP TABLE "audit";` });
    expect(flagged(s)).toEqual([[9, 'DROP TABLE "audit"']]);
  });

  test("a rebuild flagged destructive without reasons (an older plan) keeps the tokenizer's verdict", () => {
    // Its DROP TRIGGER and DROP VIEW remove no data (docs/design.md §10); its DROP TABLE does.
    expect(flagged(step({ destructive: true }))).toEqual([[4, 'DROP TABLE "post"']]);
  });

  test("a step that is not a rebuild is classified by the tokenizer alone", () => {
    const { rebuild: _, ...plain } = step({});
    expect(flagged(plain).map(([k]) => k)).toEqual([4]);
  });
});

describe("plan files keep the verdict", () => {
  test("a lossless rebuild reads back not destructive; a destructive one with its reasons", () => {
    const lossless = { ...sqlitePlan, steps: [step({})] };
    expect(readPlan(writePlan(lossless, dialects()), "p.sql", dialects()).steps[0]).toEqual(step({}));
    const text = writePlan(
      { ...sqlitePlan, steps: [step({ destructive: true, reasons: ["drop post.x"] })] },
      dialects(),
    );
    expect(text).toContain('-- pormg-step-flags: {"destructive":true,"rebuild":"post","reasons":["drop post.x"]}\n');
    expect(readPlan(text, "p.sql", dialects()).steps[0]).toMatchObject({ destructive: true, reasons: ["drop post.x"] });
  });

  test("an older plan's rebuild step stays destructive", () => {
    const old = readPlan(writePlan(sqlitePlan, dialects()), "p.sql", dialects());
    expect(old.steps[0]).toMatchObject({ destructive: true, rebuild: { table: "artists" } });
    expect(stepStatements(old.steps[0] as PlanStep, sqliteDialect).filter((s) => s.destructive)).toHaveLength(1);
  });

  test("a hand-written step cannot hide a DROP behind a rebuild flag unless it is a swap", () => {
    const text = writePlan(sqlitePlan, dialects()).replace(
      '-- pormg-step-flags: {"destructive":true,"rebuild":"artists"}',
      '-- pormg-step-flags: {"rebuild":"artists"}\nDROP TABLE "albums";',
    );
    expect(readPlan(text, "p.sql", dialects()).steps[0]?.destructive).toBe(true);
  });

  test("reasons must be a list of non-empty strings", () => {
    const text = writePlan(sqlitePlan, dialects()).replace(
      '"rebuild":"artists"}',
      '"rebuild":"artists","reasons":[""]}',
    );
    expect(() => readPlan(text, "p.sql", dialects())).toThrow(/"reasons" must be a non-empty list/);
  });
});
