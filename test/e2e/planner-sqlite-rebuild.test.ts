import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder, rowCounts } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const family = (name: string, extra = "") => `
export const Parent = Models.Model({
  id: Models.IDField(),
  name: ${name},
  score: Models.IntegerField({ default: 0 }),
}${extra});
export const Child = Models.Model({
  id: Models.IDField(),
  parent: Models.ForeignKey(Parent, { onDelete: "CASCADE" }),
  label: Models.CharField({ maxLength: 20 }),
});
export const GrandChild = Models.Model({
  id: Models.IDField(),
  child: Models.ForeignKey(Child, { onDelete: "CASCADE" }),
  parent: Models.ForeignKey(Parent, { onDelete: "CASCADE", null: true, dbColumn: "parent_id" }),
});
`;
const FAMILY = family("Models.CharField({ maxLength: 50 })");

const TABLES = ["parent", "child", "grandchild"];

async function seededFamily(): Promise<PlannerFolder> {
  const f = await plannerFolder("sqlite", FAMILY);
  f.ok(["makemigrations"]);
  f.ok(["migrate"]);
  await f.sql(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
    INSERT INTO parent (name, score) SELECT 'p' || i, i FROM n;
    INSERT INTO child (parent, label) SELECT p.id, 'c' || p.id || '-' || k.k FROM parent p, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k;
    INSERT INTO grandchild (child, parent_id) SELECT c.id, c.parent FROM child c;
    INSERT INTO grandchild (child, parent_id) SELECT c.id, NULL FROM child c WHERE c.id % 2 = 0;
  `);
  return f;
}

/** Every child and grandchild row with the parent it reaches, to prove the links survived. */
const lineage = (f: PlannerFolder) =>
  f.rows(
    "SELECT g.id, g.child, c.parent, p.name, g.parent_id FROM grandchild g JOIN child c ON c.id = g.child JOIN parent p ON p.id = c.parent ORDER BY g.id",
  );

async function expectForeignKeysClean(f: PlannerFolder): Promise<void> {
  expect(await f.rows("PRAGMA foreign_key_check")).toEqual([]);
  expect(await f.rows("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
}

describe("sqlite: table rebuilds through the CLI never lose a row", () => {
  test("rebuilding a parent with ON DELETE CASCADE children keeps every child row", async () => {
    const f = await seededFamily();
    const counts = await rowCounts(f, TABLES);
    expect(counts).toEqual({ parent: 60, child: 180, grandchild: 270 });
    const before = await lineage(f);

    // A longer name and a CHECK: SQLite cannot ALTER either, so the parent is rebuilt.
    f.models(
      family(
        "Models.CharField({ maxLength: 80 })",
        `, { constraints: [Models.CheckConstraint({ condition: "score >= 0", name: "parent_score_positive" })] }`,
      ),
    );
    // The rebuild keeps every column and row, so it is not destructive: migrate needs no --destructive.
    const made = f.json(["makemigrations"]);
    expect(made).toMatchObject({ outcome: "written", destructive: false });
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain('CREATE TABLE "parent__pormg_new"');
    expect(plan).toContain('DROP TABLE "parent";');
    expect(plan).toContain(
      "-- step: parent | Alter table: parent (widen name varchar(50) → varchar(80); add check (score >= 0))",
    );
    expect(f.json(["dry-run", "--verify"]).verify).toMatchObject({ ok: true });

    expectExit(f.cli(["migrate"]), 0);
    expect(await rowCounts(f, TABLES)).toEqual(counts);
    expect(await lineage(f)).toEqual(before);
    await expectForeignKeysClean(f);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    expectExit(f.cli(["check"]), 0);

    // The rebuilt parent still cascades, and its new CHECK holds.
    const reached = before.filter((r) => r.parent === 1).length;
    await f.sql("PRAGMA foreign_keys = ON; DELETE FROM parent WHERE id = 1");
    expect(await rowCounts(f, TABLES)).toEqual({ parent: 59, child: 177, grandchild: 270 - reached });
    await expect(f.sql("INSERT INTO parent (name, score) VALUES ('neg', -1)")).rejects.toThrow(/CHECK/);
  }, 60_000);

  test("rebuilding a child and a parent in one plan keeps every row", async () => {
    const f = await seededFamily();
    const counts = await rowCounts(f, TABLES);
    const before = await lineage(f);
    f.models(
      family("Models.CharField({ maxLength: 70 })").replace(
        "label: Models.CharField({ maxLength: 20 })",
        'label: Models.CharField({ maxLength: 40, default: "x" })',
      ),
    );
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain('CREATE TABLE "parent__pormg_new"');
    expect(plan).toContain('CREATE TABLE "child__pormg_new"');
    expectExit(f.cli(["migrate", "--destructive"]), 0);
    expect(await rowCounts(f, TABLES)).toEqual(counts);
    expect(await lineage(f)).toEqual(before);
    await expectForeignKeysClean(f);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
  }, 60_000);

  const ACCOUNT = (email: string, extra = "") => `
export const Account = Models.Model({
  id: Models.IDField(),
  email: Models.CharField({ maxLength: ${email} }),
  balance: Models.IntegerField(),${extra}
}, { indexes: [Models.Index({ fields: ["email"], name: "account_email_idx" })] });
export const Audit = Models.Model({
  id: Models.IDField(),
  account_id: Models.IntegerField(),
  old_balance: Models.IntegerField(),
});
`;
  const DEPENDENTS = `
    CREATE TRIGGER account_audit AFTER UPDATE OF balance ON account
    BEGIN INSERT INTO audit (account_id, old_balance) VALUES (old.id, old.balance); END;
    CREATE VIEW rich AS SELECT id, email FROM account WHERE balance > 100;
  `;

  test("a rebuild keeps the table's index, trigger and view", async () => {
    const f = await plannerFolder("sqlite", ACCOUNT("100"));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql(`${DEPENDENTS}
      INSERT INTO account (email, balance) VALUES ('a@x', 50), ('b@x', 500), ('c@x', 1000);`);
    const objects = () =>
      f.rows(
        "SELECT type, name, sql FROM sqlite_master WHERE name IN ('account_email_idx', 'account_audit', 'rich') ORDER BY name",
      );
    const dependents = await objects();
    expect(dependents).toHaveLength(3);

    f.models(ACCOUNT("150"));
    f.ok(["makemigrations"]);
    expect(readFileSync(f.pending, "utf8")).toContain('CREATE TABLE "account__pormg_new"');
    expectExit(f.cli(["migrate", "--destructive"]), 0);
    expect(await objects()).toEqual(dependents);
    expect(await f.rows("SELECT * FROM rich ORDER BY id")).toEqual([
      { id: 2, email: "b@x" },
      { id: 3, email: "c@x" },
    ]);
    await f.sql("UPDATE account SET balance = 0 WHERE id = 3");
    expect(await f.rows("SELECT account_id, old_balance FROM audit")).toEqual([{ account_id: 3, old_balance: 1000 }]);
    await expectForeignKeysClean(f);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
  }, 60_000);

  test("dropping a column a view or trigger reads is refused at plan time, naming them", async () => {
    const f = await plannerFolder("sqlite", ACCOUNT("100"));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql(`${DEPENDENTS}\nCREATE VIEW everything AS SELECT * FROM account;`);
    const state = await f.state();
    // Alone, the drop is an ALTER TABLE … DROP COLUMN (which SQLite would reject at migrate time);
    // with a longer email it is part of a rebuild that would re-create the view and trigger stale.
    for (const email of ["100", "150"]) {
      f.models(ACCOUNT(email).replace("balance: Models.IntegerField(),", ""));
      const r = f.json(["makemigrations"], 3);
      expect(r).toMatchObject({ outcome: "refused", error: { code: "PLAN_REFUSED" } });
      expect(r.stderr).toContain('view "rich"');
      expect(r.stderr).toContain('trigger "account_audit"');
      expect(r.stderr).not.toContain("everything");
      expect(existsSync(f.pending)).toBe(false);
      expect(await f.state()).toBe(state);
    }
    // A column no view or trigger reads is dropped as usual; `SELECT *` views keep working.
    f.models(ACCOUNT("100", "\n  extra: Models.IntegerField({ null: true }),"));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    f.models(ACCOUNT("100"));
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: true });
    expectExit(f.cli(["migrate", "--destructive"]), 0);
    expect(await f.rows("SELECT * FROM everything")).toEqual([]);
  }, 60_000);
});
