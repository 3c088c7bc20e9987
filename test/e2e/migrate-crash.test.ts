import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { DIALECTS } from "../lib/dialects.ts";
import {
  authorModels,
  eventTypes,
  expectLockFree,
  ok,
  project,
  spawnPormg,
  tableExists,
  waitFor,
} from "./migrate-helpers.ts";

// A step slow enough to kill the process in the middle of the plan's transaction.
const SLOW = {
  postgresql: "SELECT pg_sleep(5);",
  // About 4 s of pure CPU on SQLite, which has no sleep function.
  sqlite: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c;",
  mysql: "SELECT SLEEP(5);",
} as const;

const FILL =
  "INSERT INTO \"author\" (\"name\") SELECT printf('%.90c', 'x') FROM " +
  "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT x FROM c);";

for (const { name: dialect } of DIALECTS) {
  const transactionalDdl = dialectNamed(dialect).capabilities.transactionalDdl;
  describe(`${dialect}: kill -9 in the middle of a plan`, () => {
    test.if(transactionalDdl)(
      "no schema change, status shows the interrupted plan and a free lock, a rerun applies it",
      async () => {
        const p = await project(dialect, authorModels());
        try {
          const planned = p.json(["makemigrations"]);
          const version = planned.doc.version as string;
          // SQLite: enough rows to spill the page cache, so the killed run leaves a hot journal behind.
          if (dialect === "sqlite") p.appendStep("Data (post): fill", FILL);
          p.appendStep("Data (post): slow", SLOW[dialect]);

          const journal = `${p.file}-journal`;
          const run = spawnPormg(["migrate", "--json"], p.cwd);
          // SQLite: readers wait while the plan's transaction holds the file's exclusive lock, so the
          // test watches the journal file appear instead of reading the planned event.
          if (dialect === "sqlite") await waitFor(async () => existsSync(journal), 10_000, "the rollback journal");
          else
            await waitFor(
              async () => (await eventTypes(p).catch((): string[] => [])).includes("planned"),
              10_000,
              "the planned event",
            );
          // The plan's transaction is running now (CREATE TABLE done, the slow step going).
          await new Promise((r) => setTimeout(r, 400));
          expect(run.child.exitCode).toBeNull();
          run.child.kill("SIGKILL");
          const killed = await run.done;
          expect(killed.stdout).toBe("");
          if (dialect === "sqlite") expect(existsSync(journal)).toBe(true);

          // status first: on SQLite the killed run left a hot journal, and status only reads.
          const status = p.json(["status"]);
          expect(status.code).toBe(0);
          expectLockFree(status.doc.lock, dialect, [run.child.pid]);
          expect(status.doc.applied).toEqual([]);
          expect(status.doc.failed).toEqual([]);
          expect(status.doc.interrupted).toEqual([
            expect.objectContaining({ version, name: "migration", isDestructive: false, appliedAt: null }),
          ]);
          expect(status.doc.driftSignals).toContainEqual(expect.stringContaining("1 interrupted migration(s)"));
          expect(await tableExists(p, "author")).toBe(false);
          expect(await eventTypes(p)).toEqual(["planned"]);

          const rerun = p.json(["migrate", "--lock-wait", "10"]);
          expect(rerun).toMatchObject({ code: 0, doc: { outcome: "applied", version } });
          expect(await tableExists(p, "author")).toBe(true);
          expect(await eventTypes(p)).toEqual(["planned", "planned", "applied"]);
          const after = p.json(["status"]);
          expect(after.doc.interrupted).toEqual([]);
          expect(after.doc.applied).toEqual([expect.objectContaining({ version })]);
          expect(ok(p.run(["history", "verify"])).stdout).toContain("History verifies: 3 event(s)");
        } finally {
          await p.dispose();
        }
      },
      60_000,
    );

    // No transactional DDL (MySQL): the plan's `applied` event commits first, then each step on its
    // own with its step_applied event, so a kill leaves the steps before it applied and recorded.
    test.if(!transactionalDdl)(
      "the steps before the kill stay; status shows the exact step that did not finish and a free lock; a rerun resumes from it",
      async () => {
        const p = await project(dialect, authorModels());
        try {
          const version = p.json(["makemigrations"]).doc.version as string;
          p.appendStep("Data (post): slow", SLOW[dialect]);
          const run = spawnPormg(["migrate", "--json"], p.cwd);
          await waitFor(
            async () => (await eventTypes(p).catch((): string[] => [])).includes("step_applied"),
            10_000,
            "the first step_applied event",
          );
          // The CREATE TABLE is done and recorded; the slow step is running now.
          await new Promise((r) => setTimeout(r, 400));
          expect(run.child.exitCode).toBeNull();
          run.child.kill("SIGKILL");
          const killed = await run.done;
          expect(killed.stdout).toBe("");

          const status = p.json(["status"]);
          expect(status.code).toBe(0);
          expectLockFree(status.doc.lock, dialect, [run.child.pid]);
          expect(status.doc).toMatchObject({
            applied: [expect.objectContaining({ version })],
            failed: [],
            interrupted: [],
            pendingPlan: { version, steps: 2 },
          });
          const unfinished = `Version ${version}: the non-transactional step "Data (post): slow" did not finish`;
          expect(status.doc.driftSignals).toContainEqual(expect.stringContaining(unfinished));
          expect(await tableExists(p, "author")).toBe(true);
          expect(await eventTypes(p)).toEqual(["planned", "applied", "step_applied"]);

          const rerun = p.json(["migrate", "--lock-wait", "10"]);
          expect(rerun).toMatchObject({ code: 0, doc: { outcome: "applied", version, resumed: 1 } });
          const events = p.json(["history", "list"]).doc.events as { type: string; payload: Record<string, unknown> }[];
          expect(events.map((e) => e.type)).toEqual(["planned", "applied", "step_applied", "step_applied"]);
          expect(events[3]?.payload).toMatchObject({ stepIndex: 1, label: "Data (post): slow", ok: true });
          const after = p.json(["status"]);
          expect(after.doc).toMatchObject({ interrupted: [], pendingPlan: null, driftSignals: [] });
          expect(ok(p.run(["history", "verify"])).stdout).toContain("History verifies: 4 event(s)");
        } finally {
          await p.dispose();
        }
      },
      60_000,
    );
  });
}
