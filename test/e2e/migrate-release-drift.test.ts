import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import {
  createDatabase,
  createMysqlReleaseDatabase,
  devPlan,
  dropCreatedDatabases,
  ok,
  release,
  userTables,
  V1,
  V2,
  versionsOf,
} from "./release-helpers.ts";

// No green deploy on an unmigrated database: drift exits 2; `--plan` plans and applies in one step;
// `change_db: false` with a plan pending exits 3; a plan of another dialect is never applied.

afterAll(dropCreatedDatabases, 120_000);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: the archive is the release`, () => {
    test("no pending plan, models present: exit 2 with drift; --plan applies; change_db: false with a plan pending exits 3", async () => {
      const rel = await release(dialect);
      rel.models(V2);
      const drift = rel.json(["migrate"]);
      expect(drift.code).toBe(2);
      expect(drift.doc).toMatchObject({ outcome: "drift", applied: [] });
      expect(drift.doc.differences).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ table: "author" }),
          expect.objectContaining({ table: "book" }),
        ]),
      );
      expect(rel.run(["migrate"]).stdout).toContain("The models differ from the database");
      expect(rel.json(["migrate", "--allow-drift"])).toMatchObject({ code: 0, doc: { outcome: "nothing_pending" } });

      const planned = rel.json(["migrate", "--plan"]);
      expect(planned.code).toBe(0);
      expect(planned.doc).toMatchObject({
        outcome: "applied",
        applied: [{ name: "migrate-plan", source: "generated" }],
        differences: [],
      });
      const version = versionsOf(planned.doc)[0] as string;
      expect(ok(rel.run(["check"])).code).toBe(0);
      // The generated SQL is recorded like a reviewed plan's: in the planned event and in the archive.
      const archived = readFileSync(
        join(rel.folder, "migrations", "applied_migrations", `${version}_migrate-plan.sql`),
        "utf8",
      );
      expect(archived).toContain("-- pormg-applied-checksum: ");
      const db = await rel.open(rel.dev);
      try {
        const [row] = await db.query<{ payload: unknown }>(
          "SELECT payload FROM pormg_migration_events WHERE type = 'planned'",
        );
        const payload = (typeof row?.payload === "string" ? JSON.parse(row.payload) : row?.payload) as {
          sqlContent: string;
          checksum: string;
        };
        expect(payload.sqlContent).toContain("CREATE TABLE");
        expect(archived).toContain(payload.sqlContent.split("\n")[0] as string);
        expect(archived).toContain(`-- pormg-applied-checksum: ${payload.checksum}`);
      } finally {
        await db.close();
      }
      // A fresh database takes the generated plan from the archive like any other.
      const next = await rel.fresh();
      expect(rel.json(["migrate", "--url", next]).doc).toMatchObject({
        outcome: "applied",
        applied: [{ version, source: "archive" }],
      });

      // --plan never applies a destructive change without --destructive, and refuses beside a pending plan.
      rel.models(V1);
      const destructive = rel.json(["migrate", "--plan"]);
      expect(destructive).toMatchObject({
        code: 3,
        doc: { outcome: "refused", error: { code: "DESTRUCTIVE_UNCONFIRMED" } },
      });
      ok(rel.run(["makemigrations", "--name", "drop-books"]));
      expect(rel.json(["migrate", "--plan", "--destructive"])).toMatchObject({
        code: 3,
        doc: { outcome: "refused", error: { code: "PLAN_REFUSED" } },
      });

      const yml = join(rel.folder, "connection.yml");
      writeFileSync(yml, readFileSync(yml, "utf8").replace("change_db: true", "change_db: false"));
      const disabled = rel.json(["migrate", "--destructive"]);
      expect(disabled.code).toBe(3);
      expect(disabled.doc).toMatchObject({ outcome: "disabled", applied: [], error: { code: "MIGRATE_DISABLED" } });
      expect(await userTables(rel, rel.dev)).toEqual(["author", "book"]);
    }, 180_000);

    test("--plan applies the archived plans a database lacks first, then plans the rest against it", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      rel.models(V2);
      const target = await rel.fresh();
      const r = rel.json(["migrate", "--plan", "--url", target]);
      expect(r.code).toBe(0);
      expect(r.doc.applied).toMatchObject([
        { version: v1, source: "archive" },
        { name: "migrate-plan", source: "generated" },
      ]);
      expect(rel.run(["check", "--url", target]).code).toBe(0);
      // The generated plan read the database after plan 1: it creates only the book table.
      const generated = (r.doc.applied as { archived: string }[])[1]?.archived as string;
      const text = readFileSync(generated, "utf8");
      const q = dialectNamed(dialect).quoteIdent;
      expect(text).toContain(`CREATE TABLE ${q("book")}`);
      expect(text).not.toContain(`CREATE TABLE ${q("author")}`);
      // --rename is a hint for --plan only.
      expect(rel.run(["migrate", "--rename", "a=b", "--url", target]).code).toBe(64);
    }, 120_000);

    // The archive is of another selected dialect (none when PORMG_TEST_DIALECTS names one).
    const other = DIALECTS.find((o) => o.name !== dialect)?.name;
    test.skipIf(other === undefined)(
      "an archive of another dialect only is never applied, and says so once",
      async () => {
        const rel = await release(other as DialectName);
        devPlan(rel, V1, "authors");
        const target =
          dialect === "postgresql"
            ? await createDatabase()
            : dialect === "mysql"
              ? await createMysqlReleaseDatabase()
              : `sqlite:${join(rel.cwd, "other.sqlite")}`;
        const r = rel.json(["migrate", "--url", target]);
        expect(r.code).toBe(2);
        expect(r.doc).toMatchObject({ outcome: "drift", applied: [] });
        expect(r.doc.notes).toEqual([
          expect.stringContaining(`all for ${other}; none applies to this ${dialect} database`),
        ]);
        const human = rel.run(["migrate", "--url", target]);
        expect(human.stderr.match(/none applies to this/g)).toHaveLength(1);
        expect(await userTables(rel, target)).toEqual([]);
      },
      120_000,
    );
  });
}
