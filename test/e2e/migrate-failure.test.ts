import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, eventTypes, ok, project, tableExists } from "./migrate-helpers.ts";

const FAILING = 'INSERT INTO "no_such_table" ("x") VALUES (1);';

for (const { name: dialect } of DIALECTS) {
  const transactionalDdl = dialectNamed(dialect).capabilities.transactionalDdl;
  describe(`${dialect}: a failing statement`, () => {
    test.if(transactionalDdl)(
      "rolls everything back, records failed, exits 1; a regenerated plan applies and supersedes it",
      async () => {
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
      },
      60_000,
    );

    // No transactional DDL (MySQL): every step commits on its own, so a failure leaves the steps
    // before it applied, each recorded by step_applied; the plan stays pending and `migrate` resumes it.
    test.if(!transactionalDdl)(
      "keeps the steps before it, records exactly where it stopped, exits 1; status shows it; the next migrate resumes from it",
      async () => {
        const p = await project(dialect, authorModels());
        try {
          const first = p.json(["makemigrations"]).doc.version as string;
          p.appendStep("Data (post): broken", "INSERT INTO no_such_table (x) VALUES (1);");

          const failed = p.json(["migrate"]);
          expect(failed.code).toBe(1);
          expect(failed.doc).toMatchObject({
            schema: "pormg.migrate/1",
            outcome: "refused",
            version: first,
            statements: 2,
            error: {
              code: "STATEMENT_FAILED",
              details: {
                stepIndex: 1,
                label: "Data (post): broken",
                committed: true,
                nonTransactional: [
                  { stepIndex: 0, label: "author | Create table", ok: true },
                  { stepIndex: 1, label: "Data (post): broken", ok: false },
                ],
              },
            },
          });
          expect(failed.stderr).toContain("error[STATEMENT_FAILED]");
          expect(failed.stderr).toContain("1 of 2 step(s) ran and committed before this one");
          expect(failed.stderr).toContain("it resumes from this step");
          // The schema step before the failure stays; the data step after it did not run.
          expect(await tableExists(p, "author")).toBe(true);
          expect(await eventTypes(p)).toEqual(["planned", "applied", "step_applied", "step_applied"]);
          const events = p.json(["history", "list"]).doc.events as { payload: Record<string, unknown> }[];
          expect(events[2]?.payload).toMatchObject({ stepIndex: 0, label: "author | Create table", ok: true });
          expect(events[3]?.payload).toMatchObject({ stepIndex: 1, label: "Data (post): broken", ok: false });
          expect(String(events[3]?.payload.error)).toContain("no_such_table");

          const status = p.json(["status"]);
          expect(status.doc).toMatchObject({
            applied: [expect.objectContaining({ version: first })],
            failed: [],
            pendingPlan: { version: first, steps: 2 },
          });
          const unfinished = `Version ${first}: the non-transactional step "Data (post): broken" did not finish`;
          expect(status.doc.driftSignals).toContainEqual(expect.stringContaining(unfinished));
          expect(p.run(["status"]).stdout).toContain(unfinished);

          // Fix the cause: the rerun runs only the failed step, not the CREATE TABLE again.
          const db = await p.open();
          await db.execute("CREATE TABLE no_such_table (x int)");
          const resumed = p.json(["migrate"]);
          // One step resumed; "drift" only because no_such_table is not in the models.
          expect(resumed.doc).toMatchObject({ version: first, resumed: 1, applied: [], outcome: "drift" });
          expect(await eventTypes(p)).toEqual(["planned", "applied", "step_applied", "step_applied", "step_applied"]);
          const last = (p.json(["history", "list"]).doc.events as { payload: Record<string, unknown> }[])[4];
          expect(last?.payload).toMatchObject({ stepIndex: 1, label: "Data (post): broken", ok: true });
          expect(await db.query("SELECT x FROM no_such_table")).toEqual([{ x: 1 }]);
          await db.execute("DROP TABLE no_such_table");
          await db.close();

          const after = p.json(["status"]);
          expect(after.doc).toMatchObject({
            applied: [expect.objectContaining({ version: first })],
            pendingPlan: null,
          });
          expect(after.doc.driftSignals).toEqual([]);
          expect(p.json(["history", "verify"])).toMatchObject({ code: 0, doc: { ok: true, events: 5 } });
        } finally {
          await p.dispose();
        }
      },
      60_000,
    );
  });
}
