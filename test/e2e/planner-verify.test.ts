import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const item = (fields: string) => `
export const Item = Models.Model({
  id: Models.IDField(),
  ${fields}
});
`;
const BASE = item(`
  code: Models.CharField({ maxLength: 20, null: true }),
  sku: Models.CharField({ maxLength: 20 }),
  price: Models.IntegerField(),`);

/** Three items: one with a NULL code, two sharing a sku. */
async function seeded(dialect: DialectName): Promise<PlannerFolder> {
  const f = await plannerFolder(dialect, BASE);
  f.ok(["makemigrations"]);
  f.ok(["migrate"]);
  await f.sql(
    "INSERT INTO item (code, sku, price) VALUES ('a', 'x-1', 10), (NULL, 'x-2', 20), ('c', 'x-2', 30), (NULL, 'x-3', 40)",
  );
  return f;
}

interface Verify {
  ok: boolean;
  failedStatement?: { label: string; sql: string; error: string };
}

for (const { name: dialect, dialect: d } of DIALECTS) {
  // Without transactional DDL (MySQL) verify runs on a scratch database holding a copy of the
  // tables but none of their rows (mysql-sandbox.ts): a plan that fails only on rows passes there.
  const rowless = !d.capabilities.transactionalDdl;
  describe(`${dialect}: dry-run --verify`, () => {
    test("NOT NULL over NULLs: lossy finding with its row count, verify fails, nothing changes", async () => {
      const f = await seeded(dialect);
      f.models(
        BASE.replace(
          "code: Models.CharField({ maxLength: 20, null: true })",
          "code: Models.CharField({ maxLength: 20 })",
        ),
      );
      f.ok(["makemigrations"]);
      const state = await f.state();

      const dry = f.json(["dry-run"]);
      expect(dry.lossy).toEqual([expect.objectContaining({ table: "item", column: "code", kind: "rows", rows: 2 })]);
      expect(f.ok(["dry-run"]).stdout).toContain("2 row(s) affected now");

      if (rowless) {
        expect(f.json(["dry-run", "--verify"]).verify).toMatchObject({ ok: true });
        expect(await f.state()).toBe(state);
        // migrate counts the rows first and refuses the plan before running anything.
        const run = f.cli(["migrate", "--destructive"]);
        expectExit(run, 3);
        expect(run.stderr).toContain("PRECHECK_FAILED");
        expect(run.stderr).toContain("item.code: set_not_null: rows where it is NULL fail — 2 row(s)");
        expect(await f.state()).toBe(state);
        return;
      }
      const human = f.cli(["dry-run", "--verify"]);
      expectExit(human, 1);
      expect(human.stdout).toContain("verify: FAILED");
      const json = f.json(["dry-run", "--verify"], 1);
      const verify = json.verify as Verify;
      expect(verify.ok).toBe(false);
      // PostgreSQL fails on the online variant's VALIDATE (the table holds rows, docs/online.md), SQLite on the copy into the rebuilt table.
      expect(verify.failedStatement?.label).toStartWith("item | ");
      expect(verify.failedStatement?.sql).toMatch(
        dialect === "postgresql" ? /VALIDATE CONSTRAINT "item_code_is_not_null"/ : /^INSERT INTO "item__/,
      );
      expect(verify.failedStatement?.error).toMatch(/null/i);
      expect(await f.state()).toBe(state);
      expect(existsSync(f.pending)).toBe(true);
      // migrate refuses it too, before running anything.
      expect(f.cli(["migrate", "--destructive"]).code).not.toBe(0);
      expect(await f.state()).toBe(state);
    }, 60_000);

    test("UNIQUE over duplicates: verify fails naming the statement, nothing changes", async () => {
      const f = await seeded(dialect);
      f.models(
        BASE.replace(
          "sku: Models.CharField({ maxLength: 20 })",
          "sku: Models.CharField({ maxLength: 20, unique: true })",
        ),
      );
      f.ok(["makemigrations"]);
      const state = await f.state();
      const dry = f.json(["dry-run"]);
      expect(dry.lossy).toEqual([expect.objectContaining({ table: "item", column: "sku", kind: "rows", rows: 2 })]);
      if (rowless) {
        expect(f.json(["dry-run", "--verify"]).verify).toMatchObject({ ok: true });
        expect(await f.state()).toBe(state);
        // migrate counts the duplicates first and refuses the plan before running anything.
        const run = f.cli(["migrate"]);
        expectExit(run, 3);
        expect(run.stderr).toContain("item.sku: add_unique (sku): rows sharing the same values fail — 2 row(s)");
        expect(await f.state()).toBe(state);
        return;
      }
      const json = f.json(["dry-run", "--verify"], 1);
      const verify = json.verify as Verify;
      expect(verify.ok).toBe(false);
      expect(verify.failedStatement?.sql).toMatch(/sku/);
      expect(verify.failedStatement?.error).not.toBe("");
      expect(await f.state()).toBe(state);
    }, 60_000);

    test("a plan that runs: verify passes, the database is unchanged, migrate then converges", async () => {
      const f = await seeded(dialect);
      f.models(
        BASE.replace(
          "price: Models.IntegerField(),",
          "price: Models.BigIntegerField(),\n  note: Models.TextField({ default: '' }),",
        ),
      );
      f.ok(["makemigrations"]);
      const state = await f.state();
      const json = f.json(["dry-run", "--verify"]);
      expect(json.verify).toMatchObject({ ok: true });
      expect(f.ok(["dry-run", "--verify"]).stdout).toContain("verify: ok");
      expect(await f.state()).toBe(state);
      expectExit(f.cli(["migrate", "--destructive"]), 0);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
      const rows = await f.rows<{ price: unknown; note: string }>("SELECT price, note FROM item ORDER BY id");
      expect(rows.map((r) => ({ price: Number(r.price), note: r.note }))).toEqual([
        { price: 10, note: "" },
        { price: 20, note: "" },
        { price: 30, note: "" },
        { price: 40, note: "" },
      ]);
    }, 60_000);
  });
}
