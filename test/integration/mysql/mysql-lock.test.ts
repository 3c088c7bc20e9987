import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { withMigrationLock } from "../../../src/apply/lock.ts";
import type { LockHolder } from "../../../src/apply/lock-holder.ts";
import type { Target } from "../../../src/config/config.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import type { Dialect } from "../../../src/dialect/dialect.ts";
import { mysqlDriverPart } from "../../../src/dialect/mysql/mysql-driver.ts";
import { mysqlFingerprint } from "../../../src/dialect/mysql/mysql-fingerprint.ts";
import { mysqlHistory } from "../../../src/dialect/mysql/mysql-history.ts";
import { acquireMysqlLock, mysqlLock } from "../../../src/dialect/mysql/mysql-lock.ts";
import { MAX_LOCK_NAME, mysqlLockName } from "../../../src/dialect/mysql/mysql-lock-name.ts";
import { mysqlTarget } from "../../../src/dialect/mysql/mysql-target.ts";
import { skeletonDialect } from "../../fixtures/skeleton-dialect/skeleton-dialect.ts";
import type { MysqlTestDatabase } from "../../lib/mysql.ts";
import { freshMysqlDatabase } from "../../lib/mysql.ts";
import { rejection } from "./mysql-history-helpers.ts";

/**
 * A test-local "mysql" Dialect until mysql-dialect.ts exists: the skeleton with the parts these
 * tests reach (driver, target, lock, history, fingerprint) filled in, for withMigrationLock (which
 * opens the working connection through its driver part when it is given none).
 */
const testDialect = {
  ...skeletonDialect,
  name: "mysql",
  label: "MySQL",
  quoteIdent: (name: string) => `\`${name.replaceAll("`", "``")}\``,
  driver: mysqlDriverPart,
  target: mysqlTarget,
  session: {},
  lock: mysqlLock,
  history: mysqlHistory,
  fingerprint: mysqlFingerprint,
} as unknown as Dialect;

const quiet = { onWarning: () => {} };

describe("mysql: the migration lock (GET_LOCK on a connection of its own)", () => {
  let db: MysqlTestDatabase;
  let target: Target;
  beforeEach(async () => {
    db = await freshMysqlDatabase("history");
    target = { dialect: "mysql", url: db.url };
  });
  afterEach(async () => {
    await db.dispose();
  });

  test("the name carries the database, and a name too long for GET_LOCK is hashed", () => {
    expect(mysqlLockName("shop", "migrations")).toBe("pormg::shop::migrations");
    const long = mysqlLockName("d".repeat(64), "migrations");
    expect(long).toMatch(/^pormg::#[0-9a-f]{32}::migrations$/);
    expect(long.length).toBeLessThanOrEqual(MAX_LOCK_NAME);
    expect(mysqlLockName("e".repeat(64), "migrations")).not.toBe(long);
  });

  test("one connection gets the lock; the other times out naming the holder, then gets it once released", async () => {
    const first = await mysqlLock.acquire(target, { waitMs: 0, ...quiet });
    expect(first.pid).toBeGreaterThan(0);
    const holder = await mysqlLock.holder(db.driver, target);
    // The program_name pormg's connections send where the performance schema is on (MySQL 8), else the user.
    expect(holder).toMatchObject({ pid: first.pid, applicationName: expect.stringMatching(/^(root$|pormg\/)/) });
    expect((holder as LockHolder).since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const refused = await rejection(mysqlLock.acquire(target, { waitMs: 0, ...quiet }));
    expect(isPormgError(refused, "LOCK_TIMEOUT")).toBe(true);
    expect(refused.message).toContain(`pormg::${db.name}::migrations`);
    expect(refused.message).toMatch(new RegExp(`held by connection ${first.pid} \\((root|pormg/[^)]*)\\) from `));
    expect(refused.message).toContain(`KILL ${first.pid}`);
    await first.assertHeld();
    await first.release();
    expect(await mysqlLock.holder(db.driver, target)).toBeNull();
    const second = await mysqlLock.acquire(target, { waitMs: 0, ...quiet });
    await second.release();
  });

  test("a waiter is told the holder, and takes the lock when it is released within the wait", async () => {
    const first = await mysqlLock.acquire(target, { waitMs: 0, ...quiet });
    let told: LockHolder | null | undefined;
    const waiting = mysqlLock.acquire(target, { waitMs: 5_000, onWait: (h) => (told = h), ...quiet });
    await Bun.sleep(300);
    await first.release();
    const second = await waiting;
    expect(second.waitedMs).toBeGreaterThan(200);
    expect(told).toMatchObject({ pid: first.pid });
    await second.release();
  });

  test("killing the holder's connection frees the lock, and the holder finds it lost", async () => {
    const warnings: string[] = [];
    const first = await acquireMysqlLock(target, {
      waitMs: 0,
      onWarning: (m) => warnings.push(m),
      connection: db.open(),
    });
    await db.driver.execute(`KILL ${first.pid}`);
    const second = await mysqlLock.acquire(target, { waitMs: 5_000, ...quiet });
    expect(second.pid).not.toBe(first.pid);
    expect(isPormgError(await rejection(first.assertHeld()), "CONNECT_FAILED")).toBe(true);
    await first.release();
    expect(warnings).toHaveLength(1);
    await second.release();
  });

  test("the lock of one database does not block another database's", async () => {
    const other = await freshMysqlDatabase("history");
    try {
      const a = await mysqlLock.acquire(target, { waitMs: 0, ...quiet });
      const b = await mysqlLock.acquire(
        { dialect: "mysql", url: other.url },
        {
          waitMs: 0,
          ...quiet,
        },
      );
      await Promise.all([a.release(), b.release()]);
    } finally {
      await other.dispose();
    }
  });

  test("withMigrationLock runs two migrations one after the other", async () => {
    const log: string[] = [];
    const run = (label: string, own: boolean) =>
      withMigrationLock(
        target,
        testDialect,
        { ...(own ? {} : { db: db.driver }), lockWaitSeconds: 10, ...quiet },
        async (lock) => {
          expect(lock.lockPid).toBeGreaterThan(0);
          log.push(`${label} in`);
          await Bun.sleep(150);
          await lock.assertHeld();
          log.push(`${label} out`);
        },
      );
    // One run on a connection of its own (opened through the dialect's driver part), one on ours.
    await Promise.all([run("a", true), run("b", false)]);
    expect([log[0]?.slice(2), log[1]?.slice(2), log[2]?.slice(2), log[3]?.slice(2)]).toEqual([
      "in",
      "out",
      "in",
      "out",
    ]);
    expect(log[0]?.[0]).toBe(log[1]?.[0]);
  });
});
