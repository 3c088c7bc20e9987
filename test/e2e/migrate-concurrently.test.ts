import { expect, test } from "bun:test";
import { authorModels, ok, project } from "./migrate-helpers.ts";

test("postgresql: a CREATE INDEX CONCURRENTLY step runs after the commit, records progress, and resumes", async () => {
  const p = await project("postgresql", authorModels());
  const db = await p.open();
  try {
    ok(p.run(["makemigrations"]));
    ok(p.run(["migrate"]));
    await db.execute(`INSERT INTO "author" ("name") VALUES ('Ann'), ('Ann')`);
    p.models(authorModels("born: Models.IntegerField({ null: true }),"));
    ok(p.run(["makemigrations", "--name", "born"]));
    p.appendStep(
      "Data (post): unique names",
      `CREATE UNIQUE INDEX CONCURRENTLY "author_name_uniq" ON "author" ("name");`,
    );

    // The transactional part commits; the concurrent index fails on the duplicates and is recorded.
    const failed = p.json(["migrate"]);
    expect(failed.code).toBe(1);
    expect(failed.doc).toMatchObject({ outcome: "refused", error: { code: "STATEMENT_FAILED" } });
    const columns = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'author' AND column_name = 'born'`,
      [p.schema],
    );
    expect(columns).toHaveLength(1);
    const events = p.json(["history", "list"]).doc.events as { type: string; payload: { ok?: boolean } }[];
    expect(events.map((e) => e.type)).toEqual(["planned", "applied", "planned", "applied", "step_applied"]);
    expect(events.at(-1)?.payload.ok).toBe(false);
    const signals = p.json(["status"]).doc.driftSignals as string[];
    expect(signals).toContainEqual(
      expect.stringContaining('the non-transactional step "Data (post): unique names" did not finish'),
    );
    // The failed build's INVALID index was dropped at once (docs/online.md), so nothing needs dropping by hand.
    expect(signals.filter((s) => s.includes("is invalid"))).toEqual([]);

    // Fix the data and run migrate again: it resumes the step only.
    await db.execute(`DELETE FROM "author" WHERE "id" = (SELECT max("id") FROM "author")`);
    // The hand-written index is not in the models, so the resumed run ends in drift (exit 2) naming it.
    const resumed = p.json(["migrate"]);
    expect(resumed.code).toBe(2);
    expect(resumed.doc).toMatchObject({ outcome: "drift", resumed: 1, applied: [] });
    expect(resumed.doc.differences).toEqual([
      { table: "author", what: "unique constraint (name) is in the database but not in the models" },
    ]);
    expect(p.json(["migrate", "--allow-drift"])).toMatchObject({ code: 0, doc: { outcome: "already_applied" } });
    const valid = await db.query<{ ok: boolean }>(
      `SELECT i.indisvalid AS ok FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'author_name_uniq' AND n.nspname = $1`,
      [p.schema],
    );
    expect(valid).toEqual([{ ok: true }]);
    // The hand-written index is not in the models, so status says so; the step and index signals are gone.
    const after = p.json(["status"]).doc.driftSignals as string[];
    expect(after.filter((d) => /did not finish|is invalid/.test(d))).toEqual([]);
    expect(after).toContainEqual(expect.stringContaining("The models differ from the database"));
    expect(p.run(["history", "verify"]).code).toBe(0);
    expect(p.json(["migrate"])).toMatchObject({ code: 2, doc: { outcome: "drift", resumed: 0, applied: [] } });
  } finally {
    await db.close();
    await p.dispose();
  }
}, 60_000);
