/**
 * Fault: the migrating session is terminated in the middle of the plan (`pg_terminate_backend`).
 * The run ends with CONNECT_LOST — one clear message, no runtime source excerpt, not "a bug in
 * pormg" — the plan is rolled back, and the `failed` event is written on a fresh connection.
 * From source under Bun and through the compiled binary, with and without --debug.
 */
import { describe, expect, test } from "bun:test";
import { connect } from "../../src/dialect/connect.ts";
import { authorModels, eventTypes, ok, project, spawnPormg, tableExists, waitFor } from "../e2e/migrate-helpers.ts";
import { compiledBinary, PG_URL } from "../lib/cli.ts";

async function terminate(query: string): Promise<void> {
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()",
      [`%${query}%`],
    );
  } finally {
    await admin.close();
  }
}

describe("postgresql: the migrating session is terminated mid-plan", () => {
  for (const [name, binary, debug] of [
    ["bun", undefined, false],
    ["bun --debug", undefined, true],
    ["binary", "binary", false],
    ["binary --debug", "binary", true],
  ] as const) {
    test(`${name}: CONNECT_LOST, rolled back, failure recorded`, async () => {
      const p = await project("postgresql", authorModels());
      try {
        ok(p.run(["makemigrations"]));
        const marker = `pg_sleep(6.${Math.floor(Math.random() * 1e6)})`;
        p.appendStep("Data (post): slow", `SELECT ${marker};`);
        const args = ["migrate", ...(debug ? ["--debug"] : [])];
        const run = spawnPormg(args, p.cwd, binary && compiledBinary());
        await waitFor(
          async () => (await eventTypes(p).catch((): string[] => [])).includes("planned"),
          15_000,
          "planned",
        );
        await new Promise((r) => setTimeout(r, 300));
        await terminate(marker);
        const r = await run.done;
        expect(r.code).toBe(1);
        expect(r.stderr).toContain("error[CONNECT_LOST]");
        expect(r.stderr).toContain("rolled back and the failure is recorded in the history");
        const out = r.stdout + r.stderr;
        expect(out).not.toContain("bug in pormg");
        expect(out).not.toMatch(/^\s*\d+ \| /m); // a source excerpt, as the runtime prints it
        if (!debug) expect(out).not.toContain("socket.write");
        expect(out.length).toBeLessThan(debug ? 4000 : 1200);
        expect(await tableExists(p, "author")).toBe(false);
        expect(await eventTypes(p)).toEqual(["planned", "failed"]);
      } finally {
        await p.dispose();
      }
    }, 60_000);
  }
});
