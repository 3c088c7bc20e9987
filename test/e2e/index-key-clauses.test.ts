/**
 * Index keys with a NULLS order, an operator class or a collation (PostgreSQL): part of the models
 * (`{ field, nulls, opclass, collation }` keys), so import-models writes them, `check` is clean, a
 * database built from the models gets the same indexes, and a changed clause re-creates the index.
 * Before, such an index was unmanaged: left out of the imported models and never created elsewhere
 * (Django makes a `varchar_pattern_ops` `…_like` index for every indexed varchar or text column).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const SQL = `
CREATE TABLE polls_question (
  id bigint PRIMARY KEY,
  slug varchar(50) NOT NULL,
  title text NOT NULL,
  meta jsonb,
  customer_id bigint,
  placed_at timestamptz
);
CREATE INDEX polls_question_slug_2b1f04a8_like ON polls_question (slug varchar_pattern_ops);
CREATE INDEX polls_question_title_like ON polls_question (title text_pattern_ops);
CREATE INDEX polls_question_meta ON polls_question USING gin (meta jsonb_path_ops);
CREATE INDEX polls_question_recent ON polls_question (customer_id, placed_at DESC NULLS LAST);
CREATE INDEX polls_question_first ON polls_question (placed_at NULLS FIRST);
CREATE INDEX polls_question_title_c ON polls_question (title COLLATE "C");
CREATE INDEX polls_question_lower ON polls_question (lower(title) text_pattern_ops DESC);
INSERT INTO polls_question VALUES (1, 'a', 'A', '{}', 1, now());`;

const definitions = async (f: PlannerFolder) =>
  (
    await f.rows<{ d: string }>(
      "SELECT regexp_replace(pg_get_indexdef(indexrelid), ' ON \\S+ ', ' ON t ') AS d FROM pg_index WHERE indrelid = 'polls_question'::regclass ORDER BY 1",
    )
  ).map((r) => r.d);

describe("postgresql: index keys with NULLS order, operator class or collation", () => {
  test("import-models writes them; check is clean; a database built from the models has the same indexes", async () => {
    const source = await plannerFolder("postgresql", "", SQL);
    source.ok(["import-models", "--force"]);
    const models = readFileSync(join(source.dir, "models.ts"), "utf8");
    expect(models).toContain('{ field: "slug", opclass: "varchar_pattern_ops" }');
    expect(models).toContain('{ field: "placed_at", descending: true, nulls: "last" }');
    expect(models).toContain('{ field: "title", collation: "C" }');
    expect(expectExit(source.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
    const unmanaged = source.json(["schema", "--from", "db"]).unmanaged as { kind: string }[];
    expect(unmanaged.filter((o) => o.kind === "index")).toEqual([]);

    const built = await plannerFolder("postgresql", models.replace(/^import \{ Models \} from "pormg";\n/m, ""));
    built.ok(["makemigrations"]);
    built.ok(["migrate"]);
    expect(await definitions(built)).toEqual(await definitions(source));
    expectExit(built.cli(["check"]), 0);
  }, 90_000);

  test("a changed NULLS order re-creates the index, without --destructive; clauses are refused on SQLite", async () => {
    const f = await plannerFolder("postgresql", "", SQL);
    f.ok(["import-models", "--force"]);
    const models = readFileSync(join(f.dir, "models.ts"), "utf8").replace(/^import \{ Models \} from "pormg";\n/m, "");
    f.models(models.replace('{ field: "placed_at", descending: true, nulls: "last" }', '"-placed_at"'));
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
    expect(readFileSync(f.pending, "utf8")).toContain(
      'CREATE INDEX CONCURRENTLY "polls_question_recent" ON "polls_question" ("customer_id", "placed_at" DESC);',
    );
    f.ok(["migrate"]);
    expectExit(f.cli(["check"]), 0);

    const sqlite = await plannerFolder(
      "sqlite",
      `export const T = Models.Model({ id: Models.IDField(), a: Models.TextField() }, { indexes: [Models.Index({ fields: [{ field: "a", opclass: "x_ops" }] })] });\n`,
    );
    expect(expectExit(sqlite.cli(["check"]), 78).stderr).toContain("key opclass exists only on PostgreSQL");
  }, 90_000);
});
