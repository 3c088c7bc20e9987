import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { withMigrationLock } from "../../../src/apply/lock.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import {
  advisoryLockKey,
  lockHolder,
  MIGRATION_LOCK_NAME,
} from "../../../src/dialect/postgres/postgres-lock-holder.ts";
import { PG_URL } from "../../lib/cli.ts";
import { failure, startHolder } from "./lock-helpers.ts";

const target = { dialect: "postgresql" as const, url: PG_URL };
const APP_NAME = /^pormg\/\d+\.\d+\.\d+ [^@]+@[^:]+:\d+$/;

/** A promise with its resolve function, to hold a lock until the test lets go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("postgresql migration lock", () => {
  let observer: Driver;
  beforeAll(async () => {
    observer = await connect(target);
  });
  afterAll(async () => {
    await observer.close();
  });

  test("the key is PormG's: md5 of pormg::migrations, first 16 hex digits, as a signed bigint", async () => {
    const [row] = await observer.query<{ key: string }>(
      "SELECT ((('x' || substr(md5('pormg::migrations'), 1, 16))::bit(64))::bigint)::text AS key",
    );
    expect(advisoryLockKey().toString()).toBe(String(row?.key));
    expect(MIGRATION_LOCK_NAME).toBe("pormg::migrations");

    await withMigrationLock(target, postgresDialect, { lockWaitSeconds: 10 }, async (lock) => {
      // The lock held in pg_locks has exactly that key: classid is the high 32 bits, objid the low ones.
      const rows = await observer.query<{ classid: string; objid: string }>(
        "SELECT classid::text AS classid, objid::text AS objid FROM pg_locks " +
          "WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid = $1",
        [lock.lockPid],
      );
      expect(rows).toHaveLength(1);
      const key = BigInt.asIntN(64, (BigInt(String(rows[0]?.classid)) << 32n) | BigInt(String(rows[0]?.objid)));
      expect(key.toString()).toBe(String(row?.key));
      // PormG's own statement sees the lock as taken.
      const [other] = await observer.query<{ ok: boolean }>(
        "SELECT pg_try_advisory_lock((('x' || substr(md5($1), 1, 16))::bit(64))::bigint) AS ok",
        ["pormg::migrations"],
      );
      expect(other?.ok).toBe(false);
    });
  });

  test("the locked section works on its own connection; the lock connection stays idle and is named", async () => {
    await withMigrationLock(target, postgresDialect, { lockWaitSeconds: 10 }, async (lock) => {
      const [work] = await lock.db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      expect(Number(work?.pid)).not.toBe(lock.lockPid);
      const holder = await lockHolder(observer);
      expect(holder?.pid).toBe(lock.lockPid as number);
      expect(holder?.applicationName).toMatch(APP_NAME);
      expect(holder?.applicationName).toContain(`:${process.pid}`);
      expect(holder?.clientAddr).toBe("127.0.0.1");
      expect(holder?.since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const [state] = await observer.query<{ state: string }>("SELECT state FROM pg_stat_activity WHERE pid = $1", [
        lock.lockPid,
      ]);
      expect(state?.state).toBe("idle");
    });
    const after = await lockHolder(observer);
    expect(after === null || after.applicationName?.includes(`:${process.pid}`) !== true).toBe(true);
  });

  test("a second session waits, then takes the lock when the first releases it", async () => {
    const hold = gate();
    const events: string[] = [];
    let firstPid = 0;
    const taken = gate();
    const first = withMigrationLock(target, postgresDialect, { lockWaitSeconds: 10 }, async (lock) => {
      firstPid = lock.lockPid as number;
      events.push("first in");
      taken.open();
      await hold.promise;
      events.push("first out");
    });
    await taken.promise;
    let waitedFor: number | null | undefined;
    const second = withMigrationLock(
      target,
      postgresDialect,
      { lockWaitSeconds: 10, onWait: (holder) => (waitedFor = holder?.pid ?? null) },
      async (lock) => {
        events.push("second in");
        return lock.waitedMs;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events).toEqual(["first in"]);
    hold.open();
    await first;
    const waited = await second;
    expect(events).toEqual(["first in", "first out", "second in"]);
    expect(waited).toBeGreaterThanOrEqual(500);
    expect(waitedFor).toBe(firstPid);
  });

  test("a timeout is LOCK_TIMEOUT (exit 4) naming the holder's pid, application_name and address", async () => {
    const hold = gate();
    const taken = gate();
    let holderPid = 0;
    const first = withMigrationLock(target, postgresDialect, {}, async (lock) => {
      holderPid = lock.lockPid as number;
      taken.open();
      await hold.promise;
    });
    await taken.promise;
    try {
      const started = Date.now();
      const error = await failure(
        withMigrationLock(target, postgresDialect, { lockWaitSeconds: 0.5 }, async () => "never"),
      );
      const elapsed = Date.now() - started;
      expect(error.code).toBe("LOCK_TIMEOUT");
      expect(error.exitCode).toBe(4);
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(5_000);
      expect(error.message).toStartWith(
        `Could not take the migration lock within 0.5 s: it is held by pid ${holderPid} (pormg/`,
      );
      expect(error.message).toMatch(
        /\(pormg\/\d+\.\d+\.\d+ [^@]+@[^:]+:\d+\) from 127\.0\.0\.1 since \d{4}-\d\d-\d\dT[\d:]+Z\./,
      );
      expect(error.message).toContain("pass --lock-wait");
      expect(error.details.holder).toMatchObject({ pid: holderPid, clientAddr: "127.0.0.1" });

      // 0 means one try: it fails at once.
      const once = Date.now();
      expect(
        (await failure(withMigrationLock(target, postgresDialect, { lockWaitSeconds: 0 }, async () => 0))).code,
      ).toBe("LOCK_TIMEOUT");
      expect(Date.now() - once).toBeLessThan(1_000);
    } finally {
      hold.open();
      await first;
    }
  });

  test("a holder process killed with SIGKILL frees the lock", async () => {
    const holder = await startHolder("pg", PG_URL, 0);
    try {
      const seen = await lockHolder(observer);
      expect(seen?.pid).toBe(holder.lockPid);
      expect(seen?.applicationName).toContain(`:${holder.child.pid}`);
      expect(
        (await failure(withMigrationLock(target, postgresDialect, { lockWaitSeconds: 0 }, async () => 0))).message,
      ).toContain(`pid ${holder.lockPid} `);
      holder.child.kill("SIGKILL");
      await holder.exited;
      const waited = await withMigrationLock(
        target,
        postgresDialect,
        { lockWaitSeconds: 15 },
        async (lock) => lock.waitedMs,
      );
      expect(waited).toBeLessThan(15_000);
    } finally {
      holder.child.kill("SIGKILL");
    }
  });

  test("assertHeld fails once the lock's connection was ended; releasing then only warns", async () => {
    const warnings: string[] = [];
    await withMigrationLock(target, postgresDialect, { onWarning: (w) => warnings.push(w) }, async (lock) => {
      await lock.assertHeld();
      await observer.query("SELECT pg_terminate_backend($1)", [lock.lockPid]);
      for (let i = 0; i < 50 && (await lockHolder(observer))?.pid === lock.lockPid; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const error = await failure(lock.assertHeld());
      expect(error.code).toBe("CONNECT_FAILED");
      expect(error.message).toContain(
        `The migration lock was lost: the connection that held it (PostgreSQL backend pid ${lock.lockPid})`,
      );
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^(the migration lock "pormg::migrations" was no longer held|could not release)/);
  });
});
