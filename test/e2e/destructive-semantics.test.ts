/**
 * What "destructive" means (docs/design.md §10): a step is destructive when it removes data or changes
 * values silently. Dropping an index, a unique, a check or a foreign key removes no row, so a plan
 * of only such drops applies without `--destructive` — and its labels still name each object that
 * goes. A dropped column, or a hand-written `DROP VIEW … CASCADE`, still needs the confirmation,
 * and the refusal names it.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { DIALECTS, dialectSelected } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const before = `export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });
export const Book = Models.Model(
  {
    id: Models.IDField(),
    title: Models.CharField({ maxLength: 80, unique: true }),
    pages: Models.IntegerField(),
    author: Models.ForeignKey(Author, { onDelete: "CASCADE" }),
  },
  {
    indexes: [Models.Index({ fields: ["pages"], name: "book_pages_idx" })],
    constraints: [Models.CheckConstraint({ condition: "pages > 0", name: "pages_positive" })],
  },
);\n`;

const after = `export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });
export const Book = Models.Model({
  id: Models.IDField(),
  title: Models.CharField({ maxLength: 80 }),
  pages: Models.IntegerField(),
  author: Models.IntegerField(),
});\n`;

for (const { name: dialect, dialect: d } of DIALECTS) {
  describe(`${dialect}: dropping indexes and constraints is not destructive`, () => {
    test("a plan that drops an index, a unique, a check and a foreign key applies without --destructive and names each", async () => {
      const f = await plannerFolder(dialect, before);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql(
        "INSERT INTO author (id, name) VALUES (1, 'Ann'); INSERT INTO book (id, title, pages, author) VALUES (1, 'A', 10, 1);",
      );
      f.models(after);
      const made = f.json(["makemigrations"]);
      expect(made).toMatchObject({ outcome: "written", destructive: false });
      const dry = f.json(["dry-run"]);
      expect(dry.destructive).toBe(false);
      const labels = (dry.statements as { label: string; destructive: boolean }[]).map((s) => s.label).join("\n");
      if (d.capabilities.columnChange === "alter") {
        // PostgreSQL and MySQL: a step of its own for each.
        for (const gone of [
          "Remove index: book_pages",
          "Remove unique constraint: book_title",
          "Remove check constraint: pages_positive",
          "Remove foreign key: author",
        ])
          expect(labels).toContain(gone);
      } else {
        // SQLite drops these by rebuilding the table; the rebuild's label names each.
        for (const gone of [
          "remove index book_pages_idx",
          "drop check (pages > 0)",
          "drop unique (title)",
          "drop foreign key (author)",
        ])
          expect(labels).toContain(gone);
      }
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", destructive: false });
      expectExit(f.cli(["check"]), 0);
      expect(
        (await f.rows("SELECT title, pages, author FROM book")).map((r) => [
          r.title,
          Number(r.pages),
          Number(r.author),
        ]),
      ).toEqual([["A", 10, 1]]);
    }, 90_000);

    test("a dropped column still needs --destructive, and the refusal names it", async () => {
      const f = await plannerFolder(dialect, after);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      f.models(after.replace("  pages: Models.IntegerField(),\n", ""));
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: true });
      const refused = expectExit(f.cli(["migrate"]), 3);
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/pages/);
      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied", destructive: true });
    }, 90_000);
  });
}

describe.skipIf(!dialectSelected(postgresDialect.name))("postgresql: hand-written drops follow the same rules", () => {
  test("DROP VIEW is not destructive; DROP VIEW … CASCADE and DROP MATERIALIZED VIEW are", async () => {
    const f = await plannerFolder("postgresql", after);
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql(
      "CREATE VIEW v AS SELECT 1 AS one; CREATE VIEW w AS SELECT 1 AS one; CREATE MATERIALIZED VIEW m AS SELECT 1 AS one;",
    );
    f.ok(["makemigrations", "--empty", "--name", "cleanup"]);
    const template = readFileSync(f.pending, "utf8");
    const withStep = (sql: string) =>
      `${template.replace(/-- step: Data \(post\):[\s\S]*$/, "")}-- step: Data (post): cleanup\n${sql}\n`;
    writeFileSync(f.pending, withStep("DROP VIEW v;"));
    const plain = f.json(["dry-run"]);
    expect(plain.destructive).toBe(false);
    writeFileSync(f.pending, withStep("DROP VIEW w CASCADE;\nDROP MATERIALIZED VIEW m;"));
    const cascading = f.json(["dry-run"]);
    expect(cascading.destructive).toBe(true);
    const reasons = (cascading.statements as { reason?: string }[]).map((s) => s.reason);
    expect(reasons).toEqual(["DROP VIEW w … CASCADE", "DROP MATERIALIZED VIEW m"]);
    expectExit(f.cli(["migrate"]), 3);
    writeFileSync(f.pending, withStep("DROP VIEW v;"));
    expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", destructive: false });
  }, 90_000);
});
