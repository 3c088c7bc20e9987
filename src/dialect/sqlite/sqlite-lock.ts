import { existsSync, realpathSync, statSync } from "node:fs";
import { restrictModeLike } from "../../apply/file-mode.ts";
import type { LockPart } from "../../apply/lock.ts";
import { formatWait, pollUntil } from "../../apply/lock-wait.ts";
import type { Driver, Row } from "../../core/driver.ts";
import { isPormgError, PormgError } from "../../core/errors.ts";
import { assertSqliteWritable } from "./sqlite-backup.ts";
import { connectSqlite } from "./sqlite-driver.ts";

/**
 * The SQLite side of the migration lock. Two locks work together:
 *
 * - The **migration lock** is a write transaction (`BEGIN IMMEDIATE`) held open on a sidecar file
 *   `<database>.pormg-lock` for the whole locked section, so every step of a migration (bootstrap,
 *   already-applied check, `planned` event, the plan's transaction, `applied` event) runs while no
 *   other pormg process is migrating the same file, even though they are separate transactions on
 *   the database itself. SQLite's file locks are released by the operating system when a process
 *   dies, so a killed run never leaves the lock behind. The file is empty and never deleted
 *   (deleting a lock file while another process waits on it would let two processes hold it).
 * - The **write lock** of the database itself: the plan's transaction starts with `BEGIN IMMEDIATE`
 *   under a busy timeout, so it waits for any other writer (PormG, an application) and then
 *   serializes with it instead of failing at once.
 *
 * Neither names its holder: SQLite cannot tell which process holds a lock.
 */

/** The sidecar file that carries the migration lock of a SQLite database, or `null` for an in-memory one. Pure. */
export function sqliteLockFile(path: string): string | null {
  let file = path;
  if (path.startsWith("file:")) {
    if (/[?&]mode=memory(&|$)/.test(path)) return null;
    file = decodeURIComponent(path.slice(5).replace(/[?#].*$/, "")).replace(/^\/\/[^/]*/, "");
  }
  if (file === "" || file === ":memory:") return null;
  return `${file}.pormg-lock`;
}

/**
 * Refuses a lock file that is the database itself (a symlink or hard link to it): taking the lock
 * would hold a write transaction on the database and deadlock the migration against itself.
 */
function assertNotTheDatabase(file: string, database: string): void {
  if (!existsSync(file) || !existsSync(database)) return;
  const same = (a: string, b: string) => {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  };
  if (realpathSync(file) === realpathSync(database) || same(file, database))
    throw new PormgError(
      "CONFIG_INVALID",
      `The lock file "${file}" is the database "${database}" itself (a symlink or link to it), so it cannot carry the ` +
        "migration lock. Remove it; pormg creates an empty lock file there on the next run.",
      { database, lockFile: file },
    );
}

/** Whether `error` is SQLite's "database is locked" (SQLITE_BUSY) from any runtime's client. */
export function isSqliteBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; errcode?: unknown; errno?: unknown; message?: unknown };
  if (typeof e.code === "string" && e.code.startsWith("SQLITE_BUSY")) return true;
  for (const value of [e.errcode, e.errno]) if (typeof value === "number" && (value & 0xff) === 5) return true;
  return typeof e.message === "string" && /database is locked/i.test(e.message);
}

/** The LOCK_TIMEOUT error for a SQLite database whose write lock another connection kept for `waitMs`. */
export function sqliteWriteLockTimeout(database: string | null, waitMs: number, cause?: unknown): PormgError {
  const named = database === null ? "the SQLite database" : `SQLite database "${database}"`;
  return new PormgError(
    "LOCK_TIMEOUT",
    `Could not take the write lock of ${named} within ${formatWait(waitMs)}: another ` +
      "connection holds it (an open write transaction: another pormg or PormG run, or an application writing). " +
      "SQLite cannot tell which process holds a lock. Wait for it to finish, or pass --lock-wait <seconds> to wait longer.",
    { database, waitSeconds: waitMs / 1000, holder: null },
    cause === undefined ? undefined : { cause },
  );
}

/** A SqliteLock is a held migration lock on a SQLite database. */
export interface SqliteLock {
  /** The sidecar lock file, or `null` for an in-memory database (nothing else can reach it). */
  readonly file: string | null;
  readonly waitedMs: number;
  /** Ends the lock's transaction and closes the sidecar connection. */
  release(): Promise<void>;
}

async function tryBegin(connection: Driver): Promise<boolean> {
  try {
    await connection.execute("BEGIN IMMEDIATE");
    return true;
  } catch (error) {
    if (isSqliteBusy(error)) return false;
    throw error;
  }
}

/**
 * Takes the migration lock of a SQLite database: a `BEGIN IMMEDIATE` on its sidecar file, tried
 * with jittered backoff (the event loop keeps running while it waits) for up to `waitMs`. On
 * timeout it throws LOCK_TIMEOUT (exit 4) saying another pormg process is migrating the database.
 */
export async function acquireSqliteLock(
  database: string,
  options: { readonly waitMs: number; readonly onWait?: () => void },
): Promise<SqliteLock> {
  const file = sqliteLockFile(database);
  if (file === null) return { file, waitedMs: 0, release: async () => {} };
  assertNotTheDatabase(file, database);
  const connection = await connectSqlite({ dialect: "sqlite", path: file });
  restrictModeLike(file, database);
  try {
    await connection.execute("PRAGMA busy_timeout = 0");
    let told = false;
    const poll = await pollUntil(
      () => tryBegin(connection),
      options.waitMs,
      () => {
        if (!told) options.onWait?.();
        told = true;
      },
    );
    if (!poll.acquired) {
      throw new PormgError(
        "LOCK_TIMEOUT",
        `Could not take the migration lock of SQLite database "${database}" within ${formatWait(options.waitMs)}: ` +
          `another pormg process is migrating it (it holds "${file}"). SQLite cannot tell which process holds a lock. ` +
          "Wait for it to finish, or pass --lock-wait <seconds> to wait longer.",
        { database, lockFile: file, waitSeconds: options.waitMs / 1000, holder: null },
      );
    }
    return {
      file,
      waitedMs: poll.waitedMs,
      release: async () => {
        await connection.execute("ROLLBACK").catch(() => {});
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}

/**
 * Whether another process holds the migration lock of a SQLite database right now (for `status`).
 * Takes and drops the lock in one try; a database without a lock file has never been migrated by
 * pormg and reads as free without creating the file.
 */
export async function sqliteLockBusy(database: string): Promise<boolean> {
  const file = sqliteLockFile(database);
  if (file === null || !existsSync(file)) return false;
  const lock = await acquireSqliteLock(database, { waitMs: 0 }).catch((error) => {
    if (isPormgError(error, "LOCK_TIMEOUT")) return null;
    throw error;
  });
  if (lock === null) return true;
  await lock.release();
  return false;
}

/** Sets a SQLite connection's busy timeout and returns the previous one, both in milliseconds. */
export async function setBusyTimeout(driver: Driver, ms: number): Promise<number> {
  const [row] = await driver.query<Row>("PRAGMA busy_timeout");
  await driver.execute(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
  return Number(row?.timeout ?? Object.values(row ?? {})[0] ?? 0);
}

/**
 * Wraps a SQLite driver so that waiting too long for the database's write lock becomes LOCK_TIMEOUT
 * (exit 4) instead of the client's raw "database is locked": when a transaction cannot begin, and
 * when a statement outside the plan's runner fails that way (`database` names the file in the
 * message; `waitMs` is the busy timeout in effect). Transactions and savepoints work as
 * on the wrapped driver; `close` closes it.
 */
export function translateBusy(driver: Driver, database: string | null, waitMs: number): Driver {
  const translate = (error: unknown): unknown =>
    !isPormgError(error) && isSqliteBusy(error) ? sqliteWriteLockTimeout(database, waitMs, error) : error;
  const wrap = (inner: Driver): Driver => ({
    dialect: inner.dialect,
    serverVersion: inner.serverVersion,
    query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
      return inner.query<R>(sql, params).catch((error) => Promise.reject(translate(error)));
    },
    execute: (sql) => inner.execute(sql).catch((error) => Promise.reject(translate(error))),
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      let began = false;
      try {
        return await inner.transaction((tx) => {
          began = true;
          return fn(wrap(tx));
        });
      } catch (error) {
        throw began ? error : translate(error);
      }
    },
    close: () => inner.close(),
  });
  return wrap(driver);
}

/**
 * The migration lock on SQLite: a write transaction on the sidecar file (`acquireSqliteLock`);
 * the working connection waits for the database's write lock as long as for the migration lock
 * (`setBusyTimeout`), and its "database is locked" becomes LOCK_TIMEOUT (`translateBusy`). Before
 * it, a file or folder this process cannot write is refused (READ_ONLY).
 */
export const sqliteLock: LockPart = {
  assertLockable(target) {
    if (target.dialect === "sqlite" && sqliteLockFile(target.path) === `${target.path}.pormg-lock`)
      assertSqliteWritable(target.path);
  },
  async acquire(target, options) {
    const resolved = "target" in target ? target.target : target;
    const path = resolved.dialect === "sqlite" ? resolved.path : "";
    const onWait = options.onWait;
    const lock = await acquireSqliteLock(path, {
      waitMs: options.waitMs,
      ...(onWait && { onWait: () => onWait(null) }),
    });
    return { waitedMs: lock.waitedMs, pid: null, file: lock.file, assertHeld: async () => {}, release: lock.release };
  },
  async workOn(db, database, waitMs) {
    const path = database?.dialect === "sqlite" ? database.path : null;
    if (waitMs === undefined) {
      const [row] = await db.query("PRAGMA busy_timeout");
      return { db: translateBusy(db, path, Number(Object.values(row ?? {})[0] ?? 0)), restore: async () => {} };
    }
    const previous = await setBusyTimeout(db, waitMs);
    return {
      db: translateBusy(db, path, waitMs),
      restore: async () => {
        await setBusyTimeout(db, previous);
      },
    };
  },
  holder: async (_db, target) => {
    const resolved = "target" in target ? target.target : target;
    const busy = resolved.dialect === "sqlite" && (await sqliteLockBusy(resolved.path));
    return busy ? { pid: null, applicationName: null, since: null } : null;
  },
};
