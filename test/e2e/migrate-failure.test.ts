import { describe, expect, test } from "bun:test";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, eventTypes, ok, project, tableExists } from "./migrate-helpers.ts";

const FAILING = 'INSERT INTO "no_such_table" ("x") VALUES (1);';

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: a failing statement`, () => {
    test("rolls everything back, records failed, exits 1; a regenerated plan applies and supersedes it", async () => {
      const p = await project(dialect, authorModels());
      try {
        const first = p.json(["makemigrations"]).doc.version as string;
        p.appendStep("Data (post): broken", FAILING);

        const failed = p.json(["migrate"]);
        expect(failed.code).toBe(1);
        expect(failed.doc).toMatchObject({
          schema: "pormg.migrate/1",
          outcome: "refused",
          version: first,
          statements: 2,
          error: { code: "STATEMENT_FAILED" },
        });
        expect(String((failed.doc.error as { message: string }).message)).toContain("no_such_table");
        expect(failed.stderr).toContain("error[STATEMENT_FAILED]");
        const events0 = p.json(["history", "list"]).doc.events as { id: number; type: string }[];
        expect((failed.doc.error as { details: Record<string, unknown> }).details.failedEvent).toBe(events0[1]?.id);
        expect(await tableExists(p, "author")).toBe(false);
        expect(await eventTypes(p)).toEqual(["planned", "failed"]);

        const events = p.json(["history", "list"]).doc.events as { type: string; payload: Record<string, unknown> }[];
        expect(events[1]?.payload).toMatchObject({
          failedStatement: FAILING.slice(0, -1),
          stepLabel: "Data (post): broken",
        });
        expect(String(events[1]?.payload.error)).toContain("no_such_table");

        const status = p.json(["status"]);
        expect(status.doc.failed).toEqual([
          expect.objectContaining({
            version: first,
            name: "migration",
            error: expect.stringContaining("no_such_table"),
          }),
        ]);
        expect(status.doc.applied).toEqual([]);
        expect(status.doc.superseded).toEqual([]);
        expect(status.doc.driftSignals).toContainEqual(expect.stringContaining("1 failed migration(s)"));

        // The plan holds a hand-written step, so makemigrations will not overwrite it: discard, regenerate.
        expect(p.run(["makemigrations"]).code).toBe(3);
        ok(p.run(["discard"]));
        const second = p.json(["makemigrations", "--name", "fixed"]).doc.version as string;
        expect(second > first).toBe(true);
        expect(p.json(["migrate"])).toMatchObject({ code: 0, doc: { outcome: "applied", version: second } });
        expect(await tableExists(p, "author")).toBe(true);

        const after = p.json(["status"]);
        expect(after.doc.failed).toEqual([]);
        expect(after.doc.applied).toEqual([expect.objectContaining({ version: second, name: "fixed" })]);
        expect(after.doc.superseded).toEqual([
          expect.objectContaining({
            version: first,
            supersededBy: second,
            error: expect.stringContaining("no_such_table"),
          }),
        ]);
        expect(p.run(["status"]).stdout).toContain(`[${first}] migration (resolved by ${second})`);
        expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: 4 } });
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}
