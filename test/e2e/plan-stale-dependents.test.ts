/**
 * A trigger or view created after `makemigrations` on a table the plan changes makes the plan
 * stale (PLAN_STALE, exit 3), as an index added meanwhile already does — a SQLite rebuild would
 * otherwise drop the new trigger without a word. Real CLI, both dialects.
 */
import { describe, expect, test } from "bun:test";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, ok, project } from "./migrate-helpers.ts";

const TRIGGER = {
  sqlite: `CREATE TRIGGER author_touch AFTER UPDATE ON author BEGIN SELECT 1; END`,
  postgresql: `CREATE FUNCTION author_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER author_touch BEFORE UPDATE ON author FOR EACH ROW EXECUTE FUNCTION author_touch()`,
  mysql: "CREATE TRIGGER author_touch BEFORE UPDATE ON author FOR EACH ROW SET NEW.name = NEW.name",
} as const;

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: dependents created after makemigrations`, () => {
    test("a new trigger on a table the plan changes: PLAN_STALE naming the table; the trigger survives", async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate"]));
        // Widening the column is a rebuild on SQLite, an ALTER on PostgreSQL and MySQL.
        p.models(authorModels().replace("maxLength: 100", "maxLength: 200"));
        ok(p.run(["makemigrations"]));
        const db = await p.open();
        try {
          await db.execute(TRIGGER[dialect]);
        } finally {
          await db.close();
        }
        const r = p.run(["migrate", "--destructive"]);
        expect(r.code).toBe(3);
        expect(r.stderr).toContain('error[PLAN_STALE]: The pending plan is stale: "author" changed');
        const again = await p.open();
        try {
          const rows =
            dialect === "sqlite"
              ? await again.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'author'")
              : dialect === "mysql"
                ? await again.query(
                    "SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND event_object_table = 'author'",
                  )
                : await again.query(
                    "SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgname = 'author_touch'",
                  );
          expect(rows.map((r) => String(r.name))).toEqual(["author_touch"]);
        } finally {
          await again.close();
        }
        // Planned again, the trigger is part of what the plan read: it applies (and SQLite keeps the trigger).
        ok(p.run(["makemigrations"]));
        ok(p.run(["migrate", "--destructive"]));
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}
