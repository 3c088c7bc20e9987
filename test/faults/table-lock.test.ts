/**
 * Fault: another session holds `LOCK TABLE … IN ACCESS EXCLUSIVE MODE` in an open transaction.
 * Every statement pormg sends is bounded: `status` answers at once and names the holder, `check`
 * and `migrate` fail with LOCK_TIMEOUT (exit 4) within their timeouts, naming the blocking
 * session, and nothing is written.
 */
import { describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { authorModels, eventTypes, ok, type Project, project } from "../e2e/migrate-helpers.ts";
import { PG_URL } from "../lib/cli.ts";

/** Opens a session that locks `table` of the project's schema and keeps the transaction open. */
async function holdLock(p: Project, table: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const db: Driver = await connect({ dialect: "postgresql", url: PG_URL });
  const [row] = await db.query("SELECT pg_backend_pid() AS pid");
  await db.execute(`BEGIN; LOCK TABLE "${p.schema}"."${table}" IN ACCESS EXCLUSIVE MODE`);
  return {
    pid: Number(row?.pid),
    release: async () => {
      await db.execute("ROLLBACK").catch(() => {});
      await db.close();
    },
  };
}

const timed = <T>(fn: () => T): [T, number] => {
  const started = performance.now();
  const result = fn();
  return [result, (performance.now() - started) / 1000];
};

describe("postgresql: a table locked by another session", () => {
  test("status answers without waiting and names the holder; check and migrate time out naming it", async () => {
    // A CHECK makes the catalog read open the table (pg_get_expr), which waits on its lock.
    const age = "age: Models.PositiveIntegerField({ null: true }),";
    const p = await project("postgresql", authorModels(age));
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models(authorModels(`${age}\n  bio: Models.TextField({ null: true }),`));
      ok(p.run(["makemigrations"]));
      const lock = await holdLock(p, "author");
      try {
        const [status, statusSeconds] = timed(() => p.json(["status"]));
        expect(status.code).toBe(0);
        expect(statusSeconds).toBeLessThan(10);
        const signals = (status.doc.driftSignals as string[]).join("\n");
        expect(signals).toContain("tables are locked");
        expect(signals).toContain(`pid ${lock.pid}`);

        const [check] = timed(() => p.run(["check", "--lock-timeout", "1"]));
        expect(check.code).toBe(4);
        expect(check.stderr).toContain("error[LOCK_TIMEOUT]: PostgreSQL canceled a statement under lock_timeout");
        expect(check.stderr).toContain(`pid ${lock.pid}`);
        expect(check.stderr).toContain(`AccessExclusiveLock on ${p.schema}.author`);

        const [migrate, migrateSeconds] = timed(() =>
          p.run([
            "migrate",
            "--lock-timeout",
            "1",
            "--lock-retries",
            "0",
            "--lock-wait",
            "2",
            "--statement-timeout",
            "2",
          ]),
        );
        expect(migrate.code).toBe(4);
        expect(migrate.stderr).toContain("error[LOCK_TIMEOUT]");
        expect(migrate.stderr).toContain(`pid ${lock.pid}`);
        expect(migrateSeconds).toBeLessThan(10);
        expect(migrate.stderr).not.toContain("bug in pormg");
      } finally {
        await lock.release();
      }
      // Nothing was written while the table was locked: the plan is still pending, and applies now.
      expect(await eventTypes(p)).toEqual(["planned", "applied"]);
      ok(p.run(["migrate"]));
    } finally {
      await p.dispose();
    }
  }, 90_000);
});
