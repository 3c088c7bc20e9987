import { describe, expect, test } from "bun:test";
import { DIALECTS } from "../lib/dialects.ts";
import { authorModels, expectLockFree, ok, planEvents, project, spawnPormg, tableExists } from "./migrate-helpers.ts";

// Every process gets its own copy of the database folder, as every server of a deployment has its
// own checkout of the same plan; all of them reach the same database.
const RUNS = { postgresql: 10, sqlite: 5, mysql: 10 } as const;

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: concurrent migrate`, () => {
    test(`${RUNS[dialect]} processes at once: exactly one applies, the others report already_applied`, async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        const folders = Array.from({ length: RUNS[dialect] }, (_, i) => p.copyFolder(`server_${i}`));
        const runs = folders.map((folder) =>
          spawnPormg(["migrate", "--json", "--db", folder, "--lock-wait", "60"], p.cwd),
        );
        const results = await Promise.all(runs.map((r) => r.done));
        const outcomes = results.map((r) => {
          expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
          return JSON.parse(r.stdout).outcome as string;
        });
        expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
        expect(outcomes.filter((o) => o === "already_applied")).toHaveLength(RUNS[dialect] - 1);
        const versions = new Set(results.map((r) => JSON.parse(r.stdout).version));
        expect(versions.size).toBe(1);

        expect(await tableExists(p, "author")).toBe(true);
        const verify = p.json(["history", "verify"]);
        expect(verify).toMatchObject({ code: 0, doc: { ok: true, events: planEvents(dialect, 1), firstBad: null } });
        const status = p.json(["status", "--db", folders[0] as string]);
        expect((status.doc.applied as unknown[]).length).toBe(1);
        expect(status.doc.interrupted).toEqual([]);
        expectLockFree(
          status.doc.lock,
          dialect,
          runs.map((r) => r.child.pid),
        );
      } finally {
        await p.dispose();
      }
    }, 60_000);
  });
}
