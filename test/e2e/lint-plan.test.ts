/**
 * The plan linter on real PostgreSQL (docs/lint.md): locks and findings in `dry-run` (text and
 * `--json`, validated against docs/schemas/dry-run.schema.json), the one-line summary of
 * `makemigrations`, `migrate --fail-on`, and the blockers a session the test holds open makes.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { ROOT } from "../lib/cli.ts";
import { authorModels, ok, project } from "./migrate-helpers.ts";

const ajv = new Ajv2020({ allErrors: true, strict: false });
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, "docs", "schemas", `${name}.schema.json`), "utf8"));
const validDryRun = ajv.compile(schema("dry-run"));
const validMigrate = ajv.compile(schema("migrate"));
const validMakemigrations = ajv.compile(schema("makemigrations"));

interface Statement {
  sql: string;
  lock: string | null;
  findings: { id: string; severity: string; table: string; column?: string; reason: string }[];
}
const findingsOf = (doc: Record<string, unknown>) =>
  (doc.statements as Statement[]).flatMap((s) => s.findings.map((f) => ({ ...f, sql: s.sql, lock: s.lock })));

test("postgresql: index-not-concurrent on a large analyzed table, table-rewrite for int → bigint, --fail-on", async () => {
  const p = await project("postgresql", authorModels("n: Models.IntegerField({ null: true }),"));
  const db = await p.open();
  try {
    ok(p.run(["makemigrations"]));
    ok(p.run(["migrate"]));
    await db.execute(`INSERT INTO "author" ("name", "n") SELECT 'a' || g, g FROM generate_series(1, 20000) g`);
    await db.execute(`ANALYZE "author"`);

    // A warning-only plan: a nullable column (no finding) and a hand-written, non-concurrent index.
    p.models(authorModels("n: Models.IntegerField({ null: true }),\n  born: Models.IntegerField({ null: true }),"));
    const made = ok(p.run(["makemigrations", "--name", "born"]));
    expect(made.stdout).not.toContain("lint:");
    p.appendStep("Data (post): name index", `CREATE INDEX "author_name_idx" ON "author" ("name");`);
    const dry = p.json(["dry-run"]);
    expect(dry.code).toBe(0);
    expect(validDryRun(dry.doc)).toBe(true);
    const add = (dry.doc.statements as Statement[]).find((s) => s.sql.includes("ADD COLUMN"));
    expect(add).toMatchObject({ lock: "ACCESS EXCLUSIVE", findings: [] });
    expect(findingsOf(dry.doc)).toEqual([
      expect.objectContaining({ id: "index-not-concurrent", severity: "warning", table: "author", lock: "SHARE" }),
    ]);
    expect(dry.doc.lint).toMatchObject({
      supported: true,
      live: true,
      rowThreshold: 10000,
      counts: { error: 0, warning: 1, info: 0 },
    });
    // Above the threshold given: no finding.
    expect(findingsOf(p.json(["dry-run", "--lint-rows", "50000"]).doc)).toEqual([]);
    const text = p.run(["dry-run"]).stdout;
    expect(text).toContain("lock: SHARE");
    expect(text).toMatch(
      /warning\[index-not-concurrent\] building the index locks "author" SHARE, blocking writes .*~20000 rows/,
    );

    const refused = p.json(["migrate", "--fail-on", "warning"]);
    expect(refused.code).toBe(3);
    expect(refused.doc).toMatchObject({ error: { code: "LINT_FAILED", details: { failOn: "warning" } } });
    expect(validMigrate(refused.doc)).toBe(true);
    expect(
      await db.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'born'`, [
        p.schema,
      ]),
    ).toEqual([]);
    // --fail-on error lets the warning-only plan through (the hand-written index is drift: --allow-drift).
    const passed = p.json(["migrate", "--fail-on", "error", "--allow-drift"]);
    expect(passed).toMatchObject({ code: 0, doc: { outcome: "applied" } });

    // int → bigint rewrites the 20,000-row table: an error, in the makemigrations summary too.
    p.models(authorModels("n: Models.BigIntegerField({ null: true }),\n  born: Models.IntegerField({ null: true }),"));
    const bigint = ok(p.run(["makemigrations", "--name", "bigint"]));
    expect(bigint.stdout).toContain("lint: 1 error, 0 warnings (pormg dry-run shows them)");
    const check = p.json(["makemigrations", "--check", "--name", "bigint"]);
    expect(check.doc.lint).toEqual({ error: 1, warning: 0, info: 0 });
    expect(validMakemigrations(check.doc)).toBe(true);
    const retype = p.json(["dry-run"]);
    expect(validDryRun(retype.doc)).toBe(true);
    expect(findingsOf(retype.doc)).toContainEqual(
      expect.objectContaining({
        id: "table-rewrite",
        severity: "error",
        table: "author",
        column: "n",
        lock: "ACCESS EXCLUSIVE",
      }),
    );
    expect(findingsOf(retype.doc).find((f) => f.id === "table-rewrite")?.reason).toContain(
      "integer → bigint is not binary-coercible",
    );
    const refusedError = p.json(["migrate", "--fail-on", "error", "--allow-drift"]);
    expect(refusedError).toMatchObject({ code: 3, doc: { error: { code: "LINT_FAILED" } } });
    const type = await db.query<{ t: string }>(
      `SELECT data_type AS t FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'author' AND column_name = 'n'`,
      [p.schema],
    );
    expect(type).toEqual([{ t: "integer" }]);
  } finally {
    await db.close();
    await p.dispose();
  }
}, 90_000);

test("postgresql: drop-column-in-view, rename-column-read, and the blockers of a session holding a lock", async () => {
  const p = await project("postgresql", authorModels("born: Models.IntegerField({ null: true }),"));
  const db = await p.open();
  const holder = await p.open();
  try {
    ok(p.run(["makemigrations"]));
    ok(p.run(["migrate"]));
    await db.execute(`INSERT INTO "author" ("name") VALUES ('Ann')`);
    p.models(authorModels());
    ok(p.run(["makemigrations", "--name", "drop-born"]));
    // A view reading the column, created after the plan was written.
    await db.execute(`CREATE VIEW "author_born" AS SELECT "born" FROM "author"`);
    const dry = p.json(["dry-run"]);
    expect(validDryRun(dry.doc)).toBe(true);
    expect(findingsOf(dry.doc)).toEqual([
      expect.objectContaining({ id: "drop-column-in-view", severity: "error", table: "author", column: "born" }),
    ]);
    expect(findingsOf(dry.doc)[0]?.reason).toContain('view "author_born" still reads "author"."born"');
    await db.execute(`DROP VIEW "author_born"`);
    expect(findingsOf(p.json(["dry-run"]).doc)).toEqual([]);
    ok(p.run(["migrate", "--destructive"]));

    // A rename: the expand/contract hint.
    p.models(authorModels().replace("name:", "full_name:"));
    ok(p.run(["makemigrations", "--name", "rename", "--rename", "author.name=author.full_name"]));
    const renamed = p.json(["dry-run"]);
    expect(findingsOf(renamed.doc)).toEqual([
      expect.objectContaining({ id: "rename-column-read", severity: "info", table: "author", column: "name" }),
    ]);

    // SET NOT NULL scans, unless a validated CHECK (c IS NOT NULL) in the database proves the column.
    p.appendStep("Data (post): id not null", `ALTER TABLE "author" ALTER COLUMN "id" SET NOT NULL;`);
    const scans = findingsOf(p.json(["dry-run"]).doc);
    expect(scans).toContainEqual(expect.objectContaining({ id: "scan-under-lock", severity: "info", column: "id" }));
    await db.execute(`ALTER TABLE "author" ADD CONSTRAINT "author_id_nn" CHECK ("id" IS NOT NULL)`);
    expect(findingsOf(p.json(["dry-run"]).doc).map((f) => f.id)).toEqual(["rename-column-read"]);

    // A session holding ACCESS SHARE on the plan's table inside an open transaction is a blocker.
    await holder.execute("BEGIN");
    await holder.execute(`LOCK TABLE "author" IN ACCESS SHARE MODE`);
    const pid = Number((await holder.query<{ pid: unknown }>("SELECT pg_backend_pid() AS pid"))[0]?.pid);
    const blocked = p.json(["dry-run"]);
    expect(validDryRun(blocked.doc)).toBe(true);
    const blockers = (blocked.doc.lint as { blockers: { pid: number; tables: string[]; modes: string[] }[] }).blockers;
    expect(blockers).toContainEqual(expect.objectContaining({ pid, tables: ["author"], modes: ["AccessShareLock"] }));
    expect(p.run(["dry-run"]).stdout).toContain(`blocker: pid ${pid}`);
    await holder.execute("ROLLBACK");
    const after = (p.json(["dry-run"]).doc.lint as { blockers: { pid: number }[] }).blockers;
    expect(after.map((b) => b.pid)).not.toContain(pid);
  } finally {
    await holder.close();
    await db.close();
    await p.dispose();
  }
}, 90_000);
