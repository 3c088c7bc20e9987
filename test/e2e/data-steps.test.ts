import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const NULLABLE = `export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 50, null: true }) });\n`;
const REQUIRED = `export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 50 }),
  code: Models.CharField({ maxLength: 10, null: true }),
});\n`;

/** A folder on `dialect` with `author` migrated and three rows, two with a NULL name. */
async function populated(dialect: PlannerFolder["dialect"]): Promise<PlannerFolder> {
  const f = await plannerFolder(dialect, NULLABLE);
  f.ok(["makemigrations"]);
  f.ok(["migrate"]);
  await f.sql(
    `INSERT INTO author (name) VALUES (NULL); INSERT INTO author (name) VALUES ('ada'); INSERT INTO author (name) VALUES (NULL);`,
  );
  return f;
}

/** The plan file's text split at its header: everything up to the last `-- pormg-` line, and the steps. */
function splitPlan(text: string): { header: string; body: string } {
  const at = text.indexOf("-- step:");
  return { header: text.slice(0, at), body: text.slice(at) };
}

/** The indented lines of the PRECHECK_FAILED fix that follow `after`, unindented, up to the next unindented line. */
function hintBlock(message: string, after: string): string[] {
  const lines = message.split("\n");
  const start = lines.findIndex((l) => l.includes(after));
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("        ")) break;
    out.push(line.slice(8));
  }
  return out;
}

for (const { name: dialect } of DIALECTS) {
  /** `sql` with its `"name"` identifiers quoted the dialect's way (MySQL: backquotes). */
  const q = (sql: string) => sql.replace(/"([^"]+)"/g, (_m, name: string) => dialectNamed(dialect).quoteIdent(name));
  describe(`${dialect}: data steps`, () => {
    test("Data (pre) steps run before every schema statement and Data (post) after, wherever they stand in the file", async () => {
      const models = (
        fields: string,
      ) => `export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 50 }),${fields} });
export const Alias = Models.Model({ id: Models.IDField(), author: Models.IntegerField(), nick: Models.CharField({ maxLength: 50 }) });\n`;
      const f = await plannerFolder(dialect, models(" nick: Models.CharField({ maxLength: 50, null: true }),"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql(
        `INSERT INTO author (name, nick) VALUES ('ada', 'countess'); INSERT INTO author (name, nick) VALUES ('alan', NULL);`,
      );
      // Drop "nick" (kept in "alias" by a pre step) and add "slug" (filled by a post step).
      f.models(models(" slug: Models.CharField({ maxLength: 50, null: true }),"));
      f.ok(["makemigrations", "--rename", "author.nick="]);
      const { header, body } = splitPlan(readFileSync(f.pending, "utf8"));
      const post = `-- step: Data (post): fill slugs\n${q('UPDATE "author" SET "slug" = lower("name");')}\n`;
      const pre = `-- step: Data (pre): keep nicknames\n${q('INSERT INTO "alias" ("author", "nick") SELECT "id", "nick" FROM "author" WHERE "nick" IS NOT NULL;')}\n`;
      writeFileSync(f.pending, `${header}${post}${body}${pre}`);
      const checksum = f.json(["dry-run"]).checksum;
      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied", checksum });
      expect(await f.rows(q('SELECT "author", "nick" FROM "alias"'))).toEqual([{ author: 1, nick: "countess" }]);
      expect(await f.rows(q('SELECT "slug" FROM "author" ORDER BY "id"'))).toEqual([{ slug: "ada" }, { slug: "alan" }]);
      expectExit(f.cli(["check"]), 0);
    }, 90_000);

    test("the precheck's suggested Data (pre) step, pasted at the end, makes a populated column NOT NULL in one migrate; a post step at the top runs last", async () => {
      const f = await populated(dialect);
      f.models(REQUIRED);
      f.ok(["makemigrations"]);
      const refused = f.json(["migrate", "--destructive"], 3);
      const error = refused.error as { code: string; message: string };
      expect(error.code).toBe("PRECHECK_FAILED");
      expect(await f.rows("SELECT count(*) AS n FROM author WHERE name IS NULL")).toEqual([{ n: expect.anything() }]);

      // Paste exactly what the refusal says, with the placeholder value filled in.
      const step = hintBlock(error.message, "fix: add a step").map((l) => l.replace("<value>", "'anon'"));
      expect(step[0]).toBe("-- step: Data (pre): fix author.name");
      const [marked] = hintBlock(error.message, "mark the finding as handled");
      expect(marked).toContain('"handled":"pre"');
      const { header, body } = splitPlan(readFileSync(f.pending, "utf8"));
      const lossyLine = header.split("\n").find((l) => l.startsWith("-- pormg-lossy:") && l.includes("set_not_null"));
      const post = `-- step: Data (post): tag authors\n${q(`UPDATE "author" SET "code" = 'x';`)}\n`;
      writeFileSync(
        f.pending,
        `${header.replace(lossyLine as string, marked as string)}${post}${body}${step.join("\n")}\n`,
      );

      const dry = f.json(["dry-run"]);
      const labels = [...new Set((dry.statements as { label: string }[]).map((s) => s.label))];
      expect(labels[0]).toBe("Data (pre): fix author.name");
      expect(labels.at(-1)).toBe("Data (post): tag authors");
      expect(dry.lossy).toContainEqual(
        expect.objectContaining({ column: "name", handled: "pre", rows: 0, rowsBefore: 2 }),
      );
      expect(f.ok(["dry-run"]).stdout).toContain("Handled by a Data (pre) step");
      // Counting after the pre steps changed nothing.
      expect(Number((await f.rows("SELECT count(*) AS n FROM author WHERE name IS NULL"))[0]?.n)).toBe(2);

      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied" });
      expectExit(f.cli(["check"]), 0);
      const rows = await f.rows<{ name: string; code: string }>("SELECT name, code FROM author ORDER BY id");
      expect(rows).toEqual([
        { name: "anon", code: "x" },
        { name: "ada", code: "x" },
        { name: "anon", code: "x" },
      ]);
    }, 90_000);

    test("a Data (pre) step that leaves failing rows is refused with what is left; nothing changes", async () => {
      const f = await populated(dialect);
      f.models(REQUIRED);
      f.ok(["makemigrations"]);
      const text = readFileSync(f.pending, "utf8").replace(
        /("reason":"set_not_null[^\n]*)\}\n/,
        '$1,"handled":"pre"}\n',
      );
      writeFileSync(
        f.pending,
        `${text}-- step: Data (pre): fix one\n${q(`UPDATE "author" SET "name" = 'x' WHERE "id" = 1;`)}\n`,
      );
      const state = await f.state();
      const refused = f.json(["migrate", "--destructive"], 3);
      expect(refused.error).toMatchObject({ code: "PRECHECK_FAILED" });
      expect(String((refused.error as { message: string }).message)).toMatch(
        /1 row\(s\) after the Data \(pre\) steps[\s\S]*leave 1 row\(s\) that fail \(2 before them\)/,
      );
      expect(await f.state()).toBe(state);
    }, 60_000);

    test("labels that read like data steps but are neither are refused with the line and the fix", async () => {
      const f = await plannerFolder(dialect, NULLABLE);
      f.ok(["makemigrations"]);
      const text = readFileSync(f.pending, "utf8");
      for (const label of ["data(pre): lowercase", "Data (Pre): capital P", "Data (after): no such phase"]) {
        writeFileSync(f.pending, `${text}-- step: ${label}\nSELECT 1;\n`);
        const line = text.split("\n").length;
        const run = expectExit(f.cli(["dry-run"]), 78);
        expect(run.stderr).toContain(`pending_migrations.sql:${line}: step label "${label}" reads like a data step`);
        expect(run.stderr).toContain("-- step: Data (pre): <what it does>");
        expectExit(f.cli(["migrate"]), 78);
      }
    }, 60_000);

    test('"handled":"pre" is refused without a Data (pre) step and on a new NOT NULL column', async () => {
      const f = await populated(dialect);
      f.models(
        `${REQUIRED.replace("code: Models.CharField({ maxLength: 10, null: true })", "rank: Models.IntegerField()")}`,
      );
      f.ok(["makemigrations"]);
      const text = readFileSync(f.pending, "utf8");
      const marked = text.replace(/("reason":"set_not_null[^\n]*)\}\n/, '$1,"handled":"pre"}\n');
      writeFileSync(f.pending, marked);
      expect(expectExit(f.cli(["migrate"]), 78).stderr).toContain("but the plan has no `Data (pre):` step");
      const notNull = text.replace(/("reason":"add_not_null[^\n]*)\}\n/, '$1,"handled":"pre"}\n');
      writeFileSync(f.pending, `${notNull}-- step: Data (pre): nothing\nSELECT 1;\n`);
      const run = expectExit(f.cli(["migrate"]), 78);
      expect(run.stderr).toContain("on a new NOT NULL column");
      expect(run.stderr).toContain("`default:`");
    }, 60_000);

    test("a new NOT NULL column: dates get PormG's temporary default, other types are refused naming the models fix", async () => {
      const f = await populated(dialect);
      f.models(`export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 50, null: true }),
  joined: Models.DateTimeField(),
  born: Models.DateField(),
});\n`);
      const planned = f.json(["makemigrations"]);
      expect(planned.lossy).toEqual([]);
      expect(String(planned.warnings)).toContain("PormG's temporary default");
      expect(f.json(["migrate", "--destructive"])).toMatchObject({ outcome: "applied" });
      expectExit(f.cli(["check"]), 0);
      const [row] = await f.rows("SELECT count(*) AS n FROM author WHERE joined IS NOT NULL AND born IS NOT NULL");
      expect(Number(row?.n)).toBe(3);

      f.models(`export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 50, null: true }),
  joined: Models.DateTimeField(),
  born: Models.DateField(),
  rank: Models.IntegerField(),
});\n`);
      f.ok(["makemigrations"]);
      const state = await f.state();
      const refused = f.json(["migrate", "--destructive"], 3);
      const message = String((refused.error as { message: string }).message);
      expect(message).toContain("author.rank: add_not_null");
      expect(message).toContain(
        'give the field on column "rank" of "author" a default in the models — `default: <value>`',
      );
      expect(await f.state()).toBe(state);
    }, 90_000);

    test("makemigrations --empty writes a data-migration template that migrate refuses until it is filled in", async () => {
      const f = await populated(dialect);
      const written = f.json(["makemigrations", "--empty", "--name", "backfill names"]);
      expect(written).toMatchObject({ outcome: "written", steps: 1, lossy: [], destructive: false });
      const template = readFileSync(f.pending, "utf8");
      expect(template).toMatch(
        /^-- pormg-migration-format: 1\n-- pormg-version: \d{17}\n-- pormg-name: backfill names\n/,
      );
      expect(template).toContain(`-- pormg-dialect: ${dialect}`);
      expect(template).toMatch(/-- pormg-models-hash: [0-9a-f]{64}\n-- pormg-schema-table: [0-9a-f]{16} author\n/);
      expect(template).toContain("-- step: Data (post): backfill names\n");

      // Never over an existing plan.
      const again = f.json(["makemigrations", "--empty", "--name", "other"], 3);
      expect(again).toMatchObject({ outcome: "refused", error: { code: "PLAN_REFUSED" } });
      expect(readFileSync(f.pending, "utf8")).toBe(template);
      // An ordinary makemigrations with nothing to do keeps it too.
      expectExit(f.cli(["makemigrations"]), 3);
      expect(readFileSync(f.pending, "utf8")).toBe(template);

      expect(f.cli(["dry-run"]).stderr).toContain("still holds the placeholder");
      const state = await f.state();
      const refused = f.json(["migrate"], 3);
      expect(refused.error).toMatchObject({ code: "PLAN_REFUSED" });
      expect(String((refused.error as { message: string }).message)).toContain("Replace `SELECT 'pormg: replace");
      expect(await f.state()).toBe(state);

      writeFileSync(
        f.pending,
        template.replace(
          "SELECT 'pormg: replace this statement with your data change' AS placeholder;",
          q(`UPDATE "author" SET "name" = 'anon' WHERE "name" IS NULL;`),
        ),
      );
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", statements: 1 });
      expect(Number((await f.rows("SELECT count(*) AS n FROM author WHERE name = 'anon'"))[0]?.n)).toBe(2);
    }, 90_000);
  });
}
