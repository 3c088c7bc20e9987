import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dropPlannerFolders, expectExit, plannerFolder, rowCounts } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** A blog: posts with ON DELETE CASCADE comments and tags; `post` is the table the edits rebuild. */
const blog = (post: string, extra = "") => `
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 60 }) });
export const Post = Models.Model({
  id: Models.IDField(),
  ${post}
}${extra});
export const Comment = Models.Model({
  id: Models.IDField(),
  post: Models.ForeignKey(Post, { onDelete: "CASCADE" }),
  text: Models.TextField(),
});
`;
const POST = `name: Models.CharField({ maxLength: 120 }),
  subtitle: Models.CharField({ maxLength: 80, null: true }),`;

async function seededBlog(post = POST) {
  const f = await plannerFolder("sqlite", blog(post));
  f.ok(["makemigrations"]);
  f.ok(["migrate"]);
  await f.sql(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
    INSERT INTO post (name, subtitle) SELECT 'post ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'sub ' || i END FROM n;
    INSERT INTO comment (post, text) SELECT p.id, 'c' || p.id || '-' || k.k FROM post p, (SELECT 1 AS k UNION ALL SELECT 2) k;
  `);
  return f;
}

const stepLines = (text: string) => text.split("\n").filter((l) => l.startsWith("-- step:"));

describe("sqlite: a lossless rebuild is not destructive", () => {
  test("adding a column and widening a CharField applies without --destructive; every row and child row stays", async () => {
    const f = await seededBlog();
    const before = await f.rows(
      "SELECT p.id, p.name, p.subtitle, c.text FROM post p JOIN comment c ON c.post = p.id ORDER BY c.id",
    );
    f.models(
      blog(
        `name: Models.CharField({ maxLength: 200 }),
  subtitle: Models.CharField({ maxLength: 80, null: true }),
  views: Models.IntegerField({ default: 0 }),`,
      ),
    );
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
    const plan = readFileSync(f.pending, "utf8");
    expect(stepLines(plan)).toEqual([
      "-- step: post | Add field: views",
      "-- step: post | Alter table: post (widen name varchar(120) → varchar(200))",
    ]);
    expect(plan).toContain('-- pormg-step-flags: {"rebuild":"post"}');
    const dry = f.json(["dry-run"]);
    expect(dry).toMatchObject({ destructive: false });
    expect((dry.statements as { destructive: boolean }[]).some((s) => s.destructive)).toBe(false);

    const applied = f.json(["migrate"]);
    expect(applied).toMatchObject({ outcome: "applied", destructive: false });
    expect(await rowCounts(f, ["post", "comment"])).toEqual({ post: 40, comment: 80 });
    expect(
      await f.rows("SELECT p.id, p.name, p.subtitle, c.text FROM post p JOIN comment c ON c.post = p.id ORDER BY c.id"),
    ).toEqual(before);
    expect(await f.rows("PRAGMA foreign_key_check")).toEqual([]);
    expectExit(f.cli(["check"]), 0);
    // The children still cascade from the rebuilt parent.
    await f.sql("PRAGMA foreign_keys = ON; DELETE FROM post WHERE id = 1");
    expect(await rowCounts(f, ["post", "comment"])).toEqual({ post: 39, comment: 78 });
    // status records the applied plan as safe.
    const status = f.json(["status"]);
    expect((status.applied as { isDestructive: boolean }[]).at(-1)).toMatchObject({ isDestructive: false });
  }, 60_000);

  test("a rebuild that drops a column names it in its label and in the refusal; --destructive applies it", async () => {
    const f = await seededBlog();
    f.models(blog("name: Models.CharField({ maxLength: 200 }),"));
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: true });
    const plan = readFileSync(f.pending, "utf8");
    expect(stepLines(plan)).toEqual([
      "-- step: post | Alter table: post (widen name varchar(120) → varchar(200); drop subtitle)",
    ]);
    const dry = f.json(["dry-run"]);
    const flagged = (dry.statements as { sql: string; destructive: boolean; reason?: string }[]).filter(
      (s) => s.destructive,
    );
    expect(flagged).toEqual([expect.objectContaining({ sql: 'DROP TABLE "post";', reason: "drop post.subtitle" })]);

    const refused = f.json(["migrate"], 3);
    expect(refused).toMatchObject({ outcome: "refused", error: { code: "DESTRUCTIVE_UNCONFIRMED" } });
    expect(refused.stderr).toContain("  - drop post.subtitle");
    expect(refused.stderr).not.toContain('DROP TABLE "post"');
    expect(existsSync(f.pending)).toBe(true);
    expectExit(f.cli(["migrate", "--destructive"]), 0);
    expect(await rowCounts(f, ["post", "comment"])).toEqual({ post: 40, comment: 80 });
    expect(await f.rows("SELECT name FROM pragma_table_info('post') ORDER BY cid")).toEqual([
      { name: "id" },
      { name: "name" },
    ]);
    expectExit(f.cli(["check"]), 0);
  }, 60_000);

  test("an index the models no longer declare is named in the rebuild's label", async () => {
    const indexed = `, { indexes: [Models.Index({ fields: ["subtitle"], name: "post_subtitle_idx" })] }`;
    const f = await plannerFolder("sqlite", blog(POST, indexed));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    f.models(blog(POST.replace("maxLength: 120", "maxLength: 150")));
    expect(f.json(["makemigrations"])).toMatchObject({ destructive: false });
    expect(stepLines(readFileSync(f.pending, "utf8"))).toEqual([
      "-- step: post | Alter table: post (widen name varchar(120) → varchar(150); remove index post_subtitle_idx)",
    ]);
    expectExit(f.cli(["migrate"]), 0);
    expect(await f.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'post'")).toEqual([]);
    expectExit(f.cli(["check"]), 0);
  }, 60_000);

  test("a plan written before the verdict existed (every rebuild flagged destructive) still needs --destructive", async () => {
    const f = await seededBlog();
    f.models(blog(POST.replace("maxLength: 120", "maxLength: 150")));
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    const old = plan.replace(
      '-- pormg-step-flags: {"rebuild":"post"}',
      '-- pormg-step-flags: {"destructive":true,"rebuild":"post"}',
    );
    expect(old).not.toBe(plan);
    writeFileSync(f.pending, old);
    const refused = f.json(["migrate"], 3);
    expect(refused.stderr).toContain('  - DROP TABLE "post"');
    expectExit(f.cli(["migrate", "--destructive"]), 0);
    expect(await rowCounts(f, ["post", "comment"])).toEqual({ post: 40, comment: 80 });
  }, 60_000);
});

describe("sqlite: plan-time refusals and ADD COLUMN … REFERENCES", () => {
  test("a new nullable foreign key is ADD COLUMN … REFERENCES, with no rebuild", async () => {
    const f = await seededBlog();
    f.models(
      `${blog(POST)}\nexport const Editor = Models.Model({ id: Models.IDField(), name: Models.TextField() });\n`.replace(
        POST,
        `${POST}\n  editor: Models.ForeignKey("Editor", { null: true, onDelete: "SET_NULL", dbIndex: false }),`,
      ),
    );
    f.ok(["makemigrations"]);
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain(
      'ALTER TABLE "post" ADD COLUMN "editor" INTEGER REFERENCES "editor" ("id") ON DELETE SET NULL ON UPDATE NO ACTION;',
    );
    expect(plan).not.toContain("__pormg_new");
    expectExit(f.cli(["migrate"]), 0);
    expectExit(f.cli(["check"]), 0);
    expect(await f.rows('SELECT "table", "from", on_delete FROM pragma_foreign_key_list(\'post\')')).toEqual([
      { table: "editor", from: "editor", on_delete: "SET NULL" },
    ]);
  }, 60_000);

  test("dropping a table that a trigger of a rebuilt table writes to is refused at plan time", async () => {
    const models = `
export const Account = Models.Model({ id: Models.IDField(), balance: Models.IntegerField() });
export const Audit = Models.Model({ id: Models.IDField(), old: Models.IntegerField() });
`;
    const f = await plannerFolder("sqlite", models);
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    await f.sql(`CREATE TRIGGER account_audit AFTER UPDATE ON account BEGIN INSERT INTO audit (old) VALUES (old.balance); END;
      INSERT INTO account (balance) VALUES (10);`);
    const state = await f.state();
    // Rebuild account (balance becomes nullable) and drop audit, which its trigger writes to.
    f.models(
      "export const Account = Models.Model({ id: Models.IDField(), balance: Models.IntegerField({ null: true }) });",
    );
    const refused = f.json(["makemigrations"], 3);
    expect(refused).toMatchObject({ outcome: "refused", error: { code: "PLAN_REFUSED" } });
    expect(refused.stderr).toContain(
      'Dropping table "audit" would leave trigger "account_audit" (on "account") broken',
    );
    expect(existsSync(f.pending)).toBe(false);
    expect(await f.state()).toBe(state);
    // Without the rebuild too: the trigger would fail when it fires.
    f.models("export const Account = Models.Model({ id: Models.IDField(), balance: Models.IntegerField() });");
    expect(f.json(["makemigrations"], 3).stderr).toContain('trigger "account_audit"');
  }, 60_000);
});
