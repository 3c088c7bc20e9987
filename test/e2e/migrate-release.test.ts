import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { pormgAsync } from "../lib/cli.ts";
import { DIALECTS, dialectSelected } from "../lib/dialects.ts";
import {
  devPlan,
  dropCreatedDatabases,
  events,
  ok,
  planEvents,
  release,
  V1,
  V2,
  V3,
  versionsOf,
} from "./release-helpers.ts";

// The archive is the release (docs/design.md §10 "Deploying"): a dev database applies three plans, and
// `migrate` brings fresh databases — and one that already has plan 1 — to the models by applying
// the archived plans each lacks, verified by checksum and table fingerprints.

afterAll(dropCreatedDatabases, 120_000);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: the archive is the release`, () => {
    test("three fresh databases and one with plan 1 reach the models; a rerun is already_applied everywhere", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      // This target takes plan 1 from the archive while the release has only that plan.
      const partial = await rel.fresh();
      expect(rel.json(["migrate", "--url", partial])).toMatchObject({
        code: 0,
        doc: { outcome: "applied", applied: [{ version: v1, name: "authors", source: "archive" }] },
      });
      const v2 = devPlan(rel, V2, "books");
      const v3 = devPlan(rel, V3, "born");
      expect(rel.archive()).toEqual([`${v1}_authors.sql`, `${v2}_books.sql`, `${v3}_born.sql`]);

      const fresh = [await rel.fresh(), await rel.fresh(), await rel.fresh()];
      // status lists what the release would apply to a database that lacks it.
      expect(rel.json(["status", "--url", fresh[0] as string]).doc.pendingArchived).toEqual([
        { version: v1, name: "authors", file: expect.stringContaining(`${v1}_authors.sql`) },
        { version: v2, name: "books", file: expect.stringContaining(`${v2}_books.sql`) },
        { version: v3, name: "born", file: expect.stringContaining(`${v3}_born.sql`) },
      ]);
      // Planning against a database that lacks the release would repeat it: makemigrations says so.
      const repeat = rel.json(["makemigrations", "--check", "--url", fresh[0] as string]);
      expect(repeat.code).toBe(2);
      expect(repeat.doc.warnings).toContainEqual(
        expect.stringContaining(`3 archived plan(s) (${v1}, ${v2}, ${v3}) are not applied to this database`),
      );
      const dry = rel.json(["dry-run", "--url", fresh[0] as string]);
      expect(dry).toMatchObject({ code: 0, doc: { outcome: "nothing_pending" } });
      expect(dry.doc.warnings).toEqual([
        expect.stringContaining(
          `3 archived plan(s) this database lacks (${v1}, ${v2}, ${v3}) run before the pending plan`,
        ),
      ]);
      expect(rel.json(["status", "--url", partial]).doc.pendingArchived).toMatchObject([
        { version: v2 },
        { version: v3 },
      ]);

      for (const url of fresh) {
        const r = rel.json(["migrate", "--url", url]);
        expect(r.code).toBe(0);
        expect(r.doc.outcome).toBe("applied");
        expect(r.doc.applied).toEqual([
          {
            version: v1,
            name: "authors",
            source: "archive",
            statements: 1,
            durationMs: expect.any(Number),
            lockRetries: 0,
            archived: expect.any(String),
          },
          {
            version: v2,
            name: "books",
            source: "archive",
            statements: expect.any(Number),
            durationMs: expect.any(Number),
            lockRetries: 0,
            archived: expect.any(String),
          },
          {
            version: v3,
            name: "born",
            source: "archive",
            statements: expect.any(Number),
            durationMs: expect.any(Number),
            lockRetries: 0,
            archived: expect.any(String),
          },
        ]);
        expect(r.doc.differences).toEqual([]);
      }
      const rest = rel.json(["migrate", "--url", partial]);
      expect(rest.code).toBe(0);
      expect(versionsOf(rest.doc)).toEqual([v2, v3]);

      for (const url of [...fresh, partial]) {
        expect(rel.run(["check", "--url", url]).code).toBe(0);
        // Each history lists exactly the plans it applied, each once, each in its own planned/applied pair.
        expect(await planEvents(rel, url)).toEqual({
          [v1]: ["planned", "applied"],
          [v2]: ["planned", "applied"],
          [v3]: ["planned", "applied"],
        });
        const status = rel.json(["status", "--url", url]).doc;
        expect((status.applied as { version: string }[]).map((a) => a.version)).toEqual([v1, v2, v3]);
        expect(status.pendingArchived).toEqual([]);
        expect(ok(rel.run(["history", "verify", "--url", url])).code).toBe(0);
      }
      for (const url of [...fresh, partial]) {
        const again = rel.json(["migrate", "--url", url]);
        expect(again).toMatchObject({ code: 0, doc: { outcome: "already_applied", applied: [] } });
      }
      expect(rel.json(["migrate"]).doc).toMatchObject({ outcome: "already_applied", applied: [] });
      // The archive is unchanged by applying it elsewhere.
      expect(rel.archive()).toEqual([`${v1}_authors.sql`, `${v2}_books.sql`, `${v3}_born.sql`]);
    }, 180_000);

    test("four servers deploying one release to a fresh database at once apply each plan exactly once", async () => {
      const rel = await release(dialect);
      const versions = [devPlan(rel, V1, "authors"), devPlan(rel, V2, "books"), devPlan(rel, V3, "born")];
      const target = await rel.fresh();
      const runs = await Promise.all(
        Array.from({ length: 4 }, () =>
          pormgAsync(["migrate", "--db", "db", "--url", target, "--json"], { cwd: rel.cwd }),
        ),
      );
      const docs = runs.map((r) => {
        if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
        return JSON.parse(r.stdout) as Record<string, unknown>;
      });
      // Between them the runs applied every plan once, in order within each run.
      const applied = docs.flatMap(versionsOf);
      expect([...applied].sort()).toEqual(versions);
      for (const doc of docs) expect(versionsOf(doc)).toEqual([...versionsOf(doc)].sort());
      expect(await planEvents(rel, target)).toEqual(
        Object.fromEntries(versions.map((v) => [v, ["planned", "applied"]])),
      );
      expect(rel.run(["check", "--url", target]).code).toBe(0);
    }, 180_000);
  });
}

test.skipIf(!dialectSelected(postgresDialect.name))(
  "postgresql: an archived plan whose CREATE INDEX CONCURRENTLY failed on a target resumes there on the next migrate",
  async () => {
    const rel = await release("postgresql");
    const v1 = devPlan(rel, V1, "authors");
    const target = await rel.fresh();
    ok(rel.run(["migrate", "--url", target]));
    const db = await rel.open(target);
    try {
      await db.execute(`INSERT INTO author (name) VALUES ('Ann'), ('Ann')`);
      // Plan 2 adds a column and, by hand, a unique index built concurrently (not in the models).
      rel.models(V3.replace(/export const Book[\s\S]*$/, ""));
      const v2 = rel.json(["makemigrations", "--name", "born"]).doc.version as string;
      const pending = join(rel.folder, "migrations", "pending_migrations.sql");
      writeFileSync(
        pending,
        `${readFileSync(pending, "utf8")}-- step: Data (post): unique names\nCREATE UNIQUE INDEX CONCURRENTLY "author_name_uniq" ON "author" ("name");\n`,
      );
      expect(rel.json(["migrate", "--allow-drift"])).toMatchObject({ code: 0, doc: { outcome: "applied" } });

      const failed = rel.json(["migrate", "--url", target]);
      expect(failed).toMatchObject({ code: 1, doc: { outcome: "refused", error: { code: "STATEMENT_FAILED" } } });
      expect(rel.json(["status", "--url", target]).doc.pendingArchived).toMatchObject([{ version: v2 }]);
      await db.execute(`DELETE FROM author WHERE id = (SELECT max(id) FROM author)`);
      // The failed build's INVALID index was already dropped (docs/online.md): nothing to drop by hand.
      expect(await db.query(`SELECT 1 FROM pg_class WHERE relname = 'author_name_uniq'`)).toEqual([]);
      const resumed = rel.json(["migrate", "--url", target, "--allow-drift"]);
      expect(resumed).toMatchObject({ code: 0, doc: { outcome: "applied", resumed: 1, applied: [] } });
      expect(await events(rel, target)).toEqual({
        [v1]: ["planned", "applied"],
        [v2]: ["planned", "applied", "step_applied", "step_applied"],
      });
      expect(rel.json(["migrate", "--url", target, "--allow-drift"]).doc).toMatchObject({ outcome: "already_applied" });
    } finally {
      await db.close();
    }
  },
  120_000,
);
