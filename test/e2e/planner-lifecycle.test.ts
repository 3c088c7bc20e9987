import { afterAll, describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { snapshot } from "../lib/cli.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const SHOP = `
export const Customer = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
  nickname: Models.CharField({ maxLength: 50, null: true }),
});
export const Orders = Models.Model({
  id: Models.IDField(),
  customer: Models.ForeignKey(Customer, { onDelete: "CASCADE" }),
  total: Models.IntegerField(),
});
export const Line = Models.Model({
  id: Models.IDField(),
  order: Models.ForeignKey(Orders, { onDelete: "CASCADE", dbColumn: "order_id" }),
  qty: Models.IntegerField({ default: 1 }),
});
`;

for (const { name: dialect, dialect: d } of DIALECTS) {
  describe(`${dialect}: makemigrations → dry-run → migrate → nothing left`, () => {
    test("JSON shapes, --check gate, convergence", async () => {
      const f = await plannerFolder(dialect, SHOP);
      // Three tables and two foreign-key indexes; PostgreSQL and MySQL add the two foreign keys as steps of their own.
      const steps = dialect === "sqlite" ? 5 : 7;

      // --check: exit 2, nothing written (not even the database file or the migrations folder).
      const before = snapshot(f.cwd);
      const gate = f.json(["makemigrations", "--check"], 2);
      expect(gate).toMatchObject({
        schema: "pormg.makemigrations/1",
        outcome: "pending",
        steps,
        destructive: false,
        path: null,
      });
      expect(snapshot(f.cwd)).toEqual(before);
      expect(existsSync(f.pending)).toBe(false);

      const made = f.json(["makemigrations", "--name", "shop"]);
      expect(made).toMatchObject({
        schema: "pormg.makemigrations/1",
        outcome: "written",
        path: f.pending,
        steps,
        destructive: false,
        lossy: [],
      });
      expect(String(made.version)).toMatch(/^\d{17}$/);
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).toStartWith("-- pormg-migration-format: 1\n");
      expect(plan).toContain(`-- pormg-version: ${made.version}\n`);
      expect(plan).toContain(`-- pormg-dialect: ${dialect}\n`);

      const dry = f.json(["dry-run"]);
      expect(Object.keys(dry)).toEqual(
        expect.arrayContaining(["schema", "version", "checksum", "destructive", "statements", "lossy", "verify"]),
      );
      expect(dry).toMatchObject({ schema: "pormg.dry-run/1", version: made.version, destructive: false, verify: null });
      expect(String(dry.checksum)).toMatch(/^[0-9a-f]{64}$/);
      const statements = dry.statements as { index: number; label: string; sql: string; destructive: boolean }[];
      expect(statements.map((s) => s.index)).toEqual(statements.map((_, i) => i + 1));
      for (const s of statements) {
        expect(s).toMatchObject({ destructive: false });
        expect(s.label).not.toBe("");
        expect(s.sql).toEndWith(";");
        expect(plan).toContain(s.sql.slice(0, -1));
      }
      // Every table is created before any foreign key is added (SQLite declares them inline).
      const creates = statements.filter((s) => s.sql.startsWith("CREATE TABLE")).map((s) => s.index);
      const foreignKeys = statements.filter((s) => s.sql.includes("FOREIGN KEY (")).map((s) => s.index);
      expect(creates).toHaveLength(3);
      expect(foreignKeys).toHaveLength(2);
      if (dialect !== "sqlite") expect(Math.max(...creates)).toBeLessThan(Math.min(...foreignKeys));
      expect(dry.lossy).toEqual([]);

      const verified = f.json(["dry-run", "--verify"]);
      expect(verified.verify).toMatchObject({ ok: true });
      expect(existsSync(f.pending)).toBe(true);

      expectExit(f.cli(["migrate"]), 0);
      expect(existsSync(f.pending)).toBe(false);
      expect(f.ok(["makemigrations"]).stdout).toContain("No changes");
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do", steps: 0, destructive: false });
      expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do" });
      expectExit(f.cli(["check"]), 0);

      // The foreign keys are real: a cascade delete reaches the grandchildren.
      await f.sql(
        "INSERT INTO customer (name) VALUES ('ana'); INSERT INTO orders (customer, total) VALUES (1, 10); INSERT INTO line (order_id) VALUES (1)",
      );
      await f.sql("DELETE FROM customer");
      expect(await f.rows("SELECT * FROM line")).toEqual([]);
    }, 60_000);

    test("destructive flags: generated DROP, hand-written literal, comment and DELETE", async () => {
      const f = await plannerFolder(dialect, SHOP);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      f.models(SHOP.replace("nickname: Models.CharField({ maxLength: 50, null: true }),", ""));
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", steps: 1, destructive: true });
      appendFileSync(
        f.pending,
        [
          "-- step: Data (post): a literal",
          "SELECT 'DROP TABLE x';",
          "-- step: Data (post): a comment",
          "-- DROP TABLE orders;",
          "/* TRUNCATE orders; */ SELECT 1 AS drop_table;",
          "-- step: Data (post): a filtered delete",
          "DELETE FROM orders WHERE total < 0;",
          "-- step: Data (post): purge",
          "DELETE FROM orders;",
          "",
        ].join("\n"),
      );
      const dry = f.json(["dry-run"]);
      const flags = (dry.statements as { label: string; sql: string; destructive: boolean }[]).map((s) => [
        s.label,
        s.destructive,
      ]);
      expect(flags).toEqual([
        ["customer | Remove field: nickname", true],
        ["Data (post): a literal", false],
        ["Data (post): a comment", false],
        ["Data (post): a filtered delete", false],
        ["Data (post): purge", true],
      ]);
      expect(dry.destructive).toBe(true);
      const human = f.ok(["dry-run"]).stdout;
      // The quoted name holds no regular-expression character (" or `).
      expect(human).toMatch(new RegExp(`DROP COLUMN ${d.quoteIdent("nickname")};\\s+\\[destructive`));
      expect(human).toMatch(/DELETE FROM orders;\s+\[destructive/);
      expect(human).not.toMatch(/'DROP TABLE x';\s+\[destructive/);
    }, 60_000);
  });
}
