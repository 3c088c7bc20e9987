/**
 * Online variants of PostgreSQL's blocking steps (issue 14 item 2, docs/online.md), through the
 * real CLI on tables that hold rows: the same final schema as the blocking form, a VALIDATE that
 * fails on violating rows resumed after the data is fixed, a failed unique build that leaves no
 * INVALID index, and the blocking form for an empty table, `--no-online` and `config: online: false`.
 */
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../../src/core/driver.ts";
import { ok, type Project, project, spawnPormg, waitFor } from "./migrate-helpers.ts";

const before = `import { Models } from "pormg";
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });
export const Book = Models.Model({
  id: Models.IDField(),
  title: Models.CharField({ maxLength: 80, null: true }),
  code: Models.CharField({ maxLength: 20, null: true }),
  pages: Models.IntegerField(),
});
`;

/** A new index, a new foreign key, a new check, SET NOT NULL and a new unique, all on `book`. */
const after = `import { Models } from "pormg";
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });
export const Book = Models.Model(
  {
    id: Models.IDField(),
    title: Models.CharField({ maxLength: 80 }),
    code: Models.CharField({ maxLength: 20, null: true, unique: true }),
    pages: Models.IntegerField(),
    author: Models.ForeignKey(Author, { onDelete: "CASCADE", null: true }),
  },
  {
    indexes: [Models.Index({ fields: ["pages"], name: "book_pages_idx" })],
    constraints: [Models.CheckConstraint({ condition: "pages > 0", name: "pages_positive" })],
  },
);
`;

const SEED = `INSERT INTO "author" ("name") VALUES ('Ann'), ('Bo');
INSERT INTO "book" ("title", "code", "pages") SELECT 'T' || g, 'c' || g, g FROM generate_series(1, 500) g;`;

/** A project at `before`, migrated, its tables seeded with `seed`, and `after` as its models. */
async function seeded(seed = SEED): Promise<{ p: Project; db: Driver }> {
  const p = await project("postgresql", before);
  ok(p.run(["makemigrations"]));
  ok(p.run(["migrate"]));
  const db = await p.open();
  if (seed !== "") await db.execute(seed);
  p.models(after);
  return { p, db };
}

const pending = (p: Project) => readFileSync(join(p.folder, "migrations", "pending_migrations.sql"), "utf8");
const labels = (plan: string) => [...plan.matchAll(/^-- step: (.*)$/gm)].map((m) => m[1]);

/** What the schema's catalog says, without pormg: every constraint and index definition, and NOT NULL. */
async function catalog(db: Driver, schema: string): Promise<unknown> {
  const constraints = await db.query(
    `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def, c.convalidated AS valid FROM pg_constraint c
       JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.conrelid <> 0 ORDER BY 1`,
    [schema],
  );
  const indexes = await db.query(
    `SELECT indexname AS name, replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $2 AND indexname NOT LIKE 'pormg%' ORDER BY 1`,
    [`${schema}.`, schema],
  );
  const invalid = await db.query(
    `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname = $1`,
    [schema],
  );
  const columns = await db.query(
    `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns
      WHERE table_schema = $1 AND table_name NOT LIKE 'pormg%' ORDER BY 1, 2`,
    [schema],
  );
  return { constraints, indexes, invalid, columns };
}

/** `schema --from db`, with the project's schema name taken out. */
function dbSchema(p: Project): string {
  const r = p.run(["schema", "--from", "db"]);
  expect(r.code).toBe(0);
  return r.stdout.replaceAll(p.schema, "S");
}

test("postgresql: each online variant ends in the schema the blocking form gives, on tables with rows", async () => {
  const online = await seeded();
  const blocking = await seeded();
  try {
    ok(online.p.run(["makemigrations", "--name", "online"]));
    ok(blocking.p.run(["makemigrations", "--name", "blocking", "--no-online"]));
    const plan = pending(online.p);
    expect(labels(plan)).toEqual([
      "book | Add field: author",
      "book | Add not-null check not valid: title (online: book held rows)",
      "book | Create check constraint not valid: pages_positive (online: book held rows)",
      "book | New foreign key not valid: author (online: book held rows)",
      "book | Validate constraint online: book_title_is_not_null (online: book held rows)",
      "book | Set not null using validated check: title (online: book held rows)",
      "book | Drop not-null check: title (online: book held rows)",
      "book | Create unique index concurrently: book_code_key (online: book held rows)",
      "book | Add unique constraint using index: book_code_key (online: book held rows)",
      "book | Create index concurrently: book_author_idx (online: book held rows)",
      "book | Create index concurrently: book_pages_idx (online: book held rows)",
      "book | Validate constraint online: pages_positive (online: book held rows)",
      "book | Validate constraint online: book_author_fkey (online: book held rows)",
    ]);
    expect(plan).toContain(`CREATE INDEX CONCURRENTLY "book_pages_idx" ON "book" ("pages");`);
    expect(plan).toContain(`CREATE UNIQUE INDEX CONCURRENTLY "book_code_key" ON "book" ("code");`);
    expect(plan).toContain(`ALTER TABLE "book" ADD CONSTRAINT "book_code_key" UNIQUE USING INDEX "book_code_key";`);
    expect(plan).toContain(`ALTER TABLE "book" ADD CONSTRAINT "pages_positive" CHECK (pages > 0) NOT VALID;`);
    expect(plan).toContain(`ALTER TABLE "book" VALIDATE CONSTRAINT "pages_positive";`);
    expect(plan).toContain(
      `ALTER TABLE "book" ADD CONSTRAINT "book_title_is_not_null" CHECK ("title" IS NOT NULL) NOT VALID;`,
    );
    expect(plan).toContain(`ALTER TABLE "book" ALTER COLUMN "title" SET NOT NULL;`);
    expect(plan).toMatch(/ADD CONSTRAINT "book_author_fkey" FOREIGN KEY .* NOT VALID;\n/);
    expect(plan.match(/"transactional":false/g)?.length).toBe(9);

    const blockingPlan = pending(blocking.p);
    expect(blockingPlan).not.toMatch(/CONCURRENTLY|NOT VALID|VALIDATE|online/);

    // dry-run --verify runs every step in a rolled-back transaction, CONCURRENTLY left out.
    const verify = online.p.json(["dry-run", "--verify"]);
    expect(verify.code).toBe(0);
    const verified = verify.doc.verify as { ok: boolean; differences: unknown[]; nonTransactional: { how: string }[] };
    expect(verified).toMatchObject({ ok: true, differences: [] });
    expect(verified.nonTransactional.map((s) => s.how)).toEqual(Array(9).fill("rewritten"));
    ok(online.p.run(["migrate"]));
    ok(blocking.p.run(["migrate"]));
    for (const side of [online, blocking]) ok(side.p.run(["check"]));
    expect(dbSchema(online.p)).toBe(dbSchema(blocking.p));
    expect(await catalog(online.db, online.p.schema)).toEqual(await catalog(blocking.db, blocking.p.schema));
    // The history: every online step recorded once, as applied.
    const steps = (online.p.json(["history", "list"]).doc.events as { type: string; payload: { ok?: boolean } }[])
      .filter((e) => e.type === "step_applied")
      .map((e) => e.payload.ok);
    expect(steps).toEqual(Array(9).fill(true));
    expect(online.p.json(["status"]).doc.driftSignals).toEqual([]);
  } finally {
    for (const side of [online, blocking]) {
      await side.db.close();
      await side.p.dispose();
    }
  }
}, 120_000);

test("postgresql: a VALIDATE failing on violating rows is reported by status and resumed after the fix", async () => {
  const { p, db } = await seeded(`${SEED}\nUPDATE "book" SET "pages" = 0 WHERE "id" = 7;`);
  try {
    ok(p.run(["makemigrations"]));
    const failed = p.json(["migrate"]);
    expect(failed.code).toBe(1);
    expect(failed.doc).toMatchObject({ outcome: "refused", error: { code: "STATEMENT_FAILED" } });
    expect(JSON.stringify(failed.doc)).toContain("pages_positive");
    const signals = p.json(["status"]).doc.driftSignals as string[];
    expect(signals).toContainEqual(
      expect.stringContaining(
        'the non-transactional step "book | Validate constraint online: pages_positive (online: book held rows)" did not finish',
      ),
    );
    // The constraint is there, NOT VALID, enforced for new rows.
    const state = await db.query<{ valid: boolean }>(
      `SELECT convalidated AS valid FROM pg_constraint WHERE conname = 'pages_positive'`,
    );
    expect(state).toEqual([{ valid: false }]);
    await expect(db.execute(`INSERT INTO "book" ("title", "pages") VALUES ('x', -1)`)).rejects.toThrow();

    await db.execute(`UPDATE "book" SET "pages" = 7 WHERE "id" = 7`);
    const resumed = p.json(["migrate"]);
    expect(resumed.code).toBe(0);
    // Two steps were left: the failed VALIDATE and the foreign key's after it.
    expect(resumed.doc).toMatchObject({ resumed: 2 });
    const events = p.json(["history", "list"]).doc.events as {
      type: string;
      payload: { stepIndex?: number; ok?: boolean; label?: string };
    }[];
    const runs = events.filter((e) => e.type === "step_applied");
    // Each step that succeeded ran once; the failed one twice (failed, then applied).
    const byIndex = new Map<number, (boolean | undefined)[]>();
    for (const e of runs)
      byIndex.set(e.payload.stepIndex as number, [...(byIndex.get(e.payload.stepIndex as number) ?? []), e.payload.ok]);
    expect([...byIndex.values()].filter((v) => v.length > 1)).toEqual([[false, true]]);
    expect(runs.filter((e) => e.payload.ok).length).toBe(9);
    ok(p.run(["check"]));
    expect(p.json(["status"]).doc.driftSignals).toEqual([]);
  } finally {
    await db.close();
    await p.dispose();
  }
}, 120_000);

test("postgresql: an interrupted unique build leaves no INVALID index, and the next migrate resumes it", async () => {
  const { p, db } = await seeded();
  const holder = await p.open();
  const invalid = () =>
    db.query(
      `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT i.indisvalid AND n.nspname = $1`,
      [p.schema],
    );
  try {
    ok(p.run(["makemigrations"]));
    // An open snapshot (on another table) makes the concurrent build wait at its last phase,
    // its index already there and INVALID; the build is then cancelled, as an operator would.
    await holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await holder.query(`SELECT count(*) FROM "author"`);
    const run = spawnPormg(["migrate", "--json"], p.cwd);
    let pid = 0;
    await waitFor(
      async () => {
        const rows = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`,
        );
        pid = rows[0]?.pid ?? 0;
        return pid !== 0;
      },
      30_000,
      "the unique build to wait",
    );
    expect((await invalid()).length).toBe(1);
    await db.query("SELECT pg_cancel_backend($1)", [pid]);
    const failed = await run.done;
    await holder.execute("ROLLBACK");
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("canceling statement");
    // The failed build's index was dropped at once.
    expect(await invalid()).toEqual([]);
    const signals = p.json(["status"]).doc.driftSignals as string[];
    expect(signals).toContainEqual(
      expect.stringContaining(
        '"book | Create unique index concurrently: book_code_key (online: book held rows)" did not finish',
      ),
    );

    const resumed = p.json(["migrate"]);
    expect(resumed.code).toBe(0);
    expect(resumed.doc).toMatchObject({ outcome: "applied", resumed: 6 });
    expect(await invalid()).toEqual([]);
    const defs = await db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = $1 AND c.conname = 'book_code_key'`,
      [p.schema],
    );
    expect(defs).toEqual([{ def: "UNIQUE (code)" }]);
    ok(p.run(["check"]));
  } finally {
    await holder.close();
    await db.close();
    await p.dispose();
  }
}, 120_000);

test("postgresql: an INVALID index a failed build left under the plan's name is dropped before the build runs", async () => {
  const { p, db } = await seeded();
  try {
    // A unique build of that name failed (pages 1 twice): PostgreSQL keeps the index, INVALID.
    await db.execute(`UPDATE "book" SET "pages" = 1 WHERE "id" = 2`);
    await expect(db.execute(`CREATE UNIQUE INDEX CONCURRENTLY "book_pages_idx" ON "book" ("pages")`)).rejects.toThrow();
    const left = await db.query<{ valid: boolean }>(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = '"book_pages_idx"'::regclass`,
    );
    expect(left).toEqual([{ valid: false }]);
    ok(p.run(["makemigrations"]));
    expect(pending(p)).toContain(`CREATE INDEX CONCURRENTLY "book_pages_idx" ON "book" ("pages");`);
    ok(p.run(["migrate"]));
    const def = await db.query<{ def: string; valid: boolean }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def, i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = '"book_pages_idx"'::regclass`,
    );
    expect(def).toEqual([
      { def: expect.stringMatching(/^CREATE INDEX book_pages_idx ON .*book USING btree \(pages\)$/), valid: true },
    ]);
    ok(p.run(["check"]));
  } finally {
    await db.close();
    await p.dispose();
  }
}, 120_000);

test("postgresql: empty tables, --no-online and config online: false get the blocking forms", async () => {
  const empty = await seeded("");
  const configured = await seeded();
  try {
    ok(empty.p.run(["makemigrations"]));
    const plain = pending(empty.p);
    expect(plain).not.toMatch(/CONCURRENTLY|NOT VALID|VALIDATE|online|"transactional":false/);
    expect(plain).toContain(`CREATE INDEX "book_pages_idx" ON "book" ("pages");`);
    expect(plain).toContain(`ALTER TABLE "book" ALTER COLUMN "title" SET NOT NULL;`);

    const yml = readFileSync(join(configured.p.folder, "connection.yml"), "utf8");
    writeFileSync(
      join(configured.p.folder, "connection.yml"),
      yml.replace(/change_db: true/, "change_db: true\n    online: false"),
    );
    ok(configured.p.run(["makemigrations"]));
    const blocking = pending(configured.p);
    expect(blocking).not.toMatch(/CONCURRENTLY|NOT VALID|VALIDATE|online|"transactional":false/);
    // The same steps as on the empty table (names and SQL; the plans differ only in their header).
    expect(labels(blocking)).toEqual(labels(plain));
    ok(configured.p.run(["migrate"]));
    ok(configured.p.run(["check"]));
  } finally {
    for (const side of [empty, configured]) {
      await side.db.close();
      await side.p.dispose();
    }
  }
}, 120_000);
