import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, expectLockFree, ident, ok, project } from "./migrate-helpers.ts";

const HEX64 = expect.stringMatching(/^[0-9a-f]{64}$/);
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: --json documents of migrate and status`, () => {
    test("status before anything, migrate applied and refused, status after", async () => {
      const p = await project(dialect, authorModels());
      try {
        const empty = p.json(["status"]);
        expect(empty.code).toBe(0);
        const { lock: emptyLock, ...emptyRest } = empty.doc;
        expectLockFree(emptyLock, dialect, []);
        expect(emptyRest).toEqual({
          schema: "pormg.status/1",
          historyTable: false,
          applied: [],
          failed: [],
          superseded: [],
          interrupted: [],
          pending: false,
          pendingPlan: null,
          pendingArchived: [],
          driftSignals: expect.any(Array),
          warnings: [],
        });

        const version = p.json(["makemigrations", "--name", "authors"]).doc.version as string;
        const pending = p.json(["status"]).doc;
        expect(pending).toMatchObject({ pending: true, pendingPlan: { version, name: "authors", steps: 1 } });

        const applied = p.json(["migrate"]);
        expect(applied.code).toBe(0);
        expect(applied.doc).toEqual({
          schema: "pormg.migrate/1",
          outcome: "applied",
          version,
          checksum: HEX64,
          statements: 1,
          destructive: false,
          archived: join(p.folder, "migrations", "applied_migrations", `${version}_authors.sql`),
          backup: null,
          durationMs: expect.any(Number),
          resumed: 0,
          lockRetries: 0,
          applied: [
            {
              version,
              name: "authors",
              source: "pending",
              statements: 1,
              durationMs: expect.any(Number),
              lockRetries: 0,
              archived: join(p.folder, "migrations", "applied_migrations", `${version}_authors.sql`),
            },
          ],
          differences: [],
          notes: [],
          warnings: [],
        });

        const status = p.json(["status"]);
        expect(status.code).toBe(0);
        // PostgreSQL's lock is one per database, shared with other tests on the server.
        const { lock, ...rest } = status.doc;
        expect(Object.keys(status.doc)).toContain("lock");
        expectLockFree(lock, dialect, []);
        expect(rest).toEqual({
          schema: "pormg.status/1",
          historyTable: true,
          applied: [{ version, name: "authors", checksum: applied.doc.checksum, appliedAt: ISO, isDestructive: false }],
          failed: [],
          superseded: [],
          interrupted: [],
          pending: false,
          pendingPlan: null,
          pendingArchived: [],
          driftSignals: [],
          warnings: [],
        });

        p.models(authorModels("born: Models.IntegerField({ null: true }),"));
        ok(p.run(["makemigrations"]));
        const db = await p.open();
        await db.execute(`ALTER TABLE ${ident(p, "author")} ADD COLUMN ${ident(p, "x")} integer`);
        await db.close();
        const refused = p.json(["migrate"]);
        expect(refused.code).toBe(3);
        expect(refused.doc).toEqual({
          schema: "pormg.migrate/1",
          outcome: "refused",
          version: expect.stringMatching(/^\d{17}$/),
          checksum: HEX64,
          statements: 1,
          applied: [],
          error: { code: "PLAN_STALE", message: expect.stringContaining('"author"'), details: expect.any(Object) },
          warnings: [],
        });
        const drift = p.json(["status"]).doc.driftSignals as string[];
        expect(drift).toContainEqual(expect.stringContaining("The models differ from the database"));
        expect(drift).toContainEqual(expect.stringContaining("The database changed since the last applied plan"));
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}
