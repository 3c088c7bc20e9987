import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { withMigrationLock } from "../../../src/apply/lock.ts";
import { connect } from "../../../src/dialect/connect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { sqliteLockBusy, sqliteLockFile } from "../../../src/dialect/sqlite/sqlite-lock.ts";
import { tempDir } from "../../lib/cli.ts";
import { failure, startHolder } from "./lock-helpers.ts";

const dir = tempDir("pormg-lock-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const database = () => join(dir, `db${++n}.sqlite`);

describe("sqlite migration lock", () => {
  test("the lock file sits beside the database; in-memory databases have none", () => {
    expect(sqliteLockFile("/srv/app/db.sqlite")).toBe("/srv/app/db.sqlite.pormg-lock");
    expect(sqliteLockFile(":memory:")).toBeNull();
    expect(sqliteLockFile("file:/srv/app/db.sqlite?mode=ro")).toBe("/srv/app/db.sqlite.pormg-lock");
    expect(sqliteLockFile("file:///srv/a%20b.sqlite")).toBe("/srv/a b.sqlite.pormg-lock");
    expect(sqliteLockFile("file:memdb1?mode=memory&cache=shared")).toBeNull();
  });

  test("two processes serialize: the second waits until the first has released", async () => {
    const path = database();
    const holder = await startHolder("sqlite", path, 1_500);
    expect(await sqliteLockBusy(path)).toBe(true);
    const result = await withMigrationLock(
      { dialect: "sqlite", path },
      sqliteDialect,
      { lockWaitSeconds: 20 },
      async (lock) => {
        const acquiredAt = Date.now();
        // The first process's work is committed and visible by now.
        const rows = await lock.db.query("SELECT name FROM sqlite_master WHERE name = 'held_by_child'");
        return { acquiredAt, waitedMs: lock.waitedMs, rows: rows.length, file: lock.lockFile };
      },
    );
    const releasedAt = await holder.released;
    expect(result.acquiredAt).toBeGreaterThanOrEqual(releasedAt);
    expect(result.waitedMs).toBeGreaterThan(500);
    expect(result.rows).toBe(1);
    expect(result.file).toBe(`${path}.pormg-lock`);
    expect(await holder.exited).toBe(0);
    expect(await sqliteLockBusy(path)).toBe(false);
  });

  test("a timeout is LOCK_TIMEOUT (exit 4) saying another process migrates the database", async () => {
    const path = database();
    const holder = await startHolder("sqlite", path, 0);
    try {
      const started = Date.now();
      const error = await failure(
        withMigrationLock({ dialect: "sqlite", path }, sqliteDialect, { lockWaitSeconds: 0.5 }, async () => 0),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(error.code).toBe("LOCK_TIMEOUT");
      expect(error.exitCode).toBe(4);
      expect(error.message).toBe(
        `Could not take the migration lock of SQLite database "${path}" within 0.5 s: another pormg process is ` +
          `migrating it (it holds "${path}.pormg-lock"). SQLite cannot tell which process holds a lock. ` +
          "Wait for it to finish, or pass --lock-wait <seconds> to wait longer.",
      );
    } finally {
      holder.child.kill("SIGKILL");
      await holder.exited;
    }
    // Killed, it holds nothing any more.
    expect(
      await withMigrationLock({ dialect: "sqlite", path }, sqliteDialect, { lockWaitSeconds: 0 }, async () => "free"),
    ).toBe("free");
  });

  test("the plan's BEGIN IMMEDIATE waits for another writer of the database, then times out as LOCK_TIMEOUT", async () => {
    const path = database();
    const writer = await startHolder("write", path, 0);
    try {
      const error = await failure(
        withMigrationLock({ dialect: "sqlite", path }, sqliteDialect, { lockWaitSeconds: 0.5 }, async ({ db }) => {
          const started = Date.now();
          try {
            await db.transaction(async (tx) => tx.execute("CREATE TABLE never (id integer)"));
          } finally {
            expect(Date.now() - started).toBeGreaterThanOrEqual(450);
          }
        }),
      );
      expect(error.code).toBe("LOCK_TIMEOUT");
      expect(error.exitCode).toBe(4);
      expect(error.message).toContain(`Could not take the write lock of SQLite database "${path}" within 0.5 s`);
      expect(error.message).toContain("SQLite cannot tell which process holds a lock");
      expect(error.message).toContain("--lock-wait");
    } finally {
      writer.child.kill("SIGKILL");
      await writer.exited;
    }
  });

  test("with a long enough wait the plan's transaction runs after the other writer commits", async () => {
    const path = database();
    const writer = await startHolder("write", path, 1_000);
    const committedAfter = await withMigrationLock(
      { dialect: "sqlite", path },
      sqliteDialect,
      { lockWaitSeconds: 20 },
      async ({ db }) =>
        db.transaction(async (tx) => {
          const at = Date.now();
          await tx.execute("CREATE TABLE after_writer (id integer)");
          return at;
        }),
    );
    expect(committedAfter).toBeGreaterThanOrEqual(await writer.released);
    const check = await connect({ dialect: "sqlite", path });
    expect(
      await check.query("SELECT name FROM sqlite_master WHERE name IN ('after_writer', 'held_by_child')"),
    ).toHaveLength(2);
    await check.close();
  });

  test("waiting keeps the event loop running: two locked sections in one process take turns", async () => {
    const path = database();
    const order: string[] = [];
    const section = (name: string) =>
      withMigrationLock({ dialect: "sqlite", path }, sqliteDialect, { lockWaitSeconds: 10 }, async ({ db }) => {
        order.push(`${name} in`);
        await db.execute(`CREATE TABLE IF NOT EXISTS turns (name text); INSERT INTO turns VALUES ('${name}')`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        order.push(`${name} out`);
      });
    await Promise.all([section("a"), section("b")]);
    const [first, second] = [order[0]?.split(" ")[0], order[2]?.split(" ")[0]];
    expect(order).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
    expect(first).not.toBe(second);
  });

  test("a given connection is used as is, its busy timeout restored, and it stays open", async () => {
    const path = database();
    const db = await connect({ dialect: "sqlite", path });
    await db.execute("PRAGMA busy_timeout = 1234");
    await withMigrationLock({ dialect: "sqlite", path }, sqliteDialect, { lockWaitSeconds: 2, db }, async (lock) => {
      const [row] = await lock.db.query<{ timeout: number }>("PRAGMA busy_timeout");
      expect(Number(row?.timeout)).toBe(2000);
      await lock.db.execute("CREATE TABLE given (id integer)");
    });
    const [row] = await db.query<{ timeout: number }>("PRAGMA busy_timeout");
    expect(Number(row?.timeout)).toBe(1234);
    expect(await db.query("SELECT name FROM sqlite_master WHERE name = 'given'")).toHaveLength(1);
    await db.close();
  });

  test("status can ask whether the lock is held without creating the lock file", async () => {
    const path = database();
    expect(await sqliteLockBusy(path)).toBe(false);
    expect(existsSync(`${path}.pormg-lock`)).toBe(false);
    expect(await sqliteLockBusy(":memory:")).toBe(false);
  });
});
