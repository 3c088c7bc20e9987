/**
 * Fault: another session holds `LOCK TABLE … IN ACCESS SHARE MODE` in an open transaction while
 * `migrate` runs an ALTER TABLE on it (docs/migrating.md "Lock timeouts and retries"). Bounded
 * locks: with `--lock-retries 0` migrate fails within about one lock timeout with LOCK_TIMEOUT
 * (exit 4) naming the holder, writing nothing but the failure; with the default retries it
 * succeeds once the holder ends and counts the retries; while it waits, other sessions' reads of
 * the table are held up at most about one lock timeout — and without a lock timeout they are not.
 */
import { describe, expect, test } from "bun:test";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { authorModels, eventTypes, ok, type Project, project } from "../e2e/migrate-helpers.ts";
import { PG_URL, pormgAsync } from "../lib/cli.ts";

const APP = "lock-retries-blocker";
const LOCK_TIMEOUT = 0.5;

/** A session that holds ACCESS SHARE on `table` in an open transaction, named APP. */
async function holdAccessShare(p: Project, table: string) {
  const db: Driver = await connect({ dialect: "postgresql", url: PG_URL });
  const [row] = await db.query("SELECT pg_backend_pid() AS pid");
  await db.execute(`SET application_name = '${APP}'`);
  await db.execute(`BEGIN; LOCK TABLE "${p.schema}"."${table}" IN ACCESS SHARE MODE`);
  return {
    pid: Number(row?.pid),
    release: async () => {
      await db.execute("ROLLBACK").catch(() => {});
      await db.close();
    },
  };
}

/** Runs `SELECT count(*)` on the table every 100 ms until `until` resolves; returns each read's seconds. */
async function readLatencies(p: Project, table: string, until: Promise<unknown>): Promise<number[]> {
  const db: Driver = await connect({ dialect: "postgresql", url: PG_URL });
  const seen: number[] = [];
  let done = false;
  until.finally(() => {
    done = true;
  });
  try {
    // A read that waits longer than 10 s fails the test (statement_timeout) rather than hanging it.
    await db.execute("SET statement_timeout = '10s'");
    while (!done) {
      const started = performance.now();
      await db.query(`SELECT count(*) AS n FROM "${p.schema}"."${table}"`);
      seen.push((performance.now() - started) / 1000);
      await Bun.sleep(100);
    }
  } finally {
    await db.close();
  }
  return seen;
}

async function columnExists(p: Project, table: string, column: string): Promise<boolean> {
  const db = await p.open();
  try {
    const rows = await db.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = $3",
      [p.schema, table, column],
    );
    return rows.length > 0;
  } finally {
    await db.close();
  }
}

async function lastPayload(p: Project, type: string): Promise<Record<string, unknown>> {
  const db = await p.open();
  try {
    const rows = await db.query(`SELECT "payload" FROM pormg_migration_events WHERE "type" = $1 ORDER BY "id" DESC`, [
      type,
    ]);
    const payload = rows[0]?.payload;
    return (typeof payload === "string" ? JSON.parse(payload) : payload) as Record<string, unknown>;
  } finally {
    await db.close();
  }
}

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("postgresql: migrate behind a session holding ACCESS SHARE", () => {
  test("fails fast naming the holder, then succeeds after retries, and readers never queue long", async () => {
    const p = await project("postgresql", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models(authorModels("bio: Models.TextField({ null: true }),"));
      ok(p.run(["makemigrations"]));

      // (a) no retries: LOCK_TIMEOUT within about one lock timeout, naming the holder; nothing applied.
      let lock = await holdAccessShare(p, "author");
      try {
        const started = performance.now();
        const r = await pormgAsync(
          ["migrate", "--json", "--lock-timeout", String(LOCK_TIMEOUT), "--lock-retries", "0"],
          { cwd: p.cwd },
        );
        const seconds = (performance.now() - started) / 1000;
        console.log(`lock-retries 0: failed after ${seconds.toFixed(2)} s`);
        expect(r.code).toBe(4);
        const error = json(r.stdout).error as { code: string; message: string; details: Record<string, unknown> };
        expect(error.code).toBe("LOCK_TIMEOUT");
        expect(error.message).toContain(`pid ${lock.pid} (${APP})`);
        expect(error.message).toContain("not retried");
        expect(error.details.lockRetries).toBe(0);
        const blockers = error.details.blockers as { pid: number; applicationName: string; query: string }[];
        expect(blockers.map((b) => b.pid)).toContain(lock.pid);
        expect(blockers.find((b) => b.pid === lock.pid)?.query).toContain("LOCK TABLE");
        // The process's start-up is part of it; the wait itself is the one lock timeout.
        expect(seconds).toBeLessThan(LOCK_TIMEOUT + 4);
      } finally {
        await lock.release();
      }
      expect(await columnExists(p, "author", "bio")).toBe(false);
      expect(await eventTypes(p)).toEqual(["planned", "applied", "planned", "failed"]);
      const failed = await lastPayload(p, "failed");
      expect(failed.lockRetries).toBe(0);
      expect(String(failed.error)).toContain("55P03");
      const status = p.json(["status"]);
      expect(status.doc.pending).toBeTruthy();

      // (b) default retries: the holder ends after ~4 s, migrate succeeds and counts the retries;
      // (c) meanwhile a reader's SELECT waits at most about one lock timeout.
      lock = await holdAccessShare(p, "author");
      const started = performance.now();
      const migrate = pormgAsync(["migrate", "--json", "--lock-timeout", String(LOCK_TIMEOUT)], { cwd: p.cwd });
      const released = Bun.sleep(4000).then(() => lock.release());
      await Bun.sleep(300);
      const latencies = await readLatencies(p, "author", released);
      const r = await migrate;
      const seconds = (performance.now() - started) / 1000;
      const worst = Math.max(...latencies);
      const doc = json(r.stdout);
      console.log(
        `default retries: applied after ${seconds.toFixed(2)} s with ${String(doc.lockRetries)} retries; ` +
          `${latencies.length} reads, worst ${worst.toFixed(3)} s`,
      );
      expect(r.code).toBe(0);
      expect(doc.outcome).toBe("applied");
      const retries = doc.lockRetries as number;
      expect(retries).toBeGreaterThanOrEqual(1);
      expect(retries).toBeLessThanOrEqual(5);
      expect((doc.applied as { lockRetries: number }[])[0]?.lockRetries).toBe(retries);
      expect((await lastPayload(p, "applied")).lockRetries).toBe(retries);
      expect(await columnExists(p, "author", "bio")).toBe(true);
      // Readers queued behind the waiting ALTER at most one lock timeout (plus scheduling slack).
      expect(latencies.length).toBeGreaterThan(5);
      expect(worst).toBeLessThan(LOCK_TIMEOUT + 0.5);
    } finally {
      await p.dispose();
    }
  }, 120_000);

  test("with --lock-timeout 0 the ALTER waits without bound and readers queue behind it", async () => {
    const p = await project("postgresql", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models(authorModels("bio: Models.TextField({ null: true }),"));
      ok(p.run(["makemigrations"]));
      const lock = await holdAccessShare(p, "author");
      const migrate = pormgAsync(["migrate", "--lock-timeout", "0"], { cwd: p.cwd });
      const reader: Driver = await connect({ dialect: "postgresql", url: PG_URL });
      let blocked = 0;
      try {
        // Wait until pormg's ALTER is queued on the table, then read behind it.
        for (let i = 0; i < 100; i++) {
          const rows = await reader.query(
            "SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'author' AND NOT l.granted",
          );
          if (rows.length > 0) break;
          await Bun.sleep(100);
        }
        await reader.execute("SET statement_timeout = '2s'");
        const started = performance.now();
        const error = await reader.query(`SELECT count(*) FROM "${p.schema}"."author"`).then(
          () => undefined,
          (e: unknown) => e,
        );
        blocked = (performance.now() - started) / 1000;
        expect(String((error as Error)?.message)).toContain("statement timeout");
      } finally {
        await reader.close();
        await lock.release();
      }
      console.log(`lock-timeout 0: a reader waited ${blocked.toFixed(2)} s (canceled by its own 2 s timeout)`);
      expect(blocked).toBeGreaterThan(1.9);
      expect((await migrate).code).toBe(0);
      expect(await columnExists(p, "author", "bio")).toBe(true);
    } finally {
      await p.dispose();
    }
  }, 120_000);
});
