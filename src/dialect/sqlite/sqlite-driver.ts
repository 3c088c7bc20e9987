import type { Config, SqliteTarget, Target } from "../../config/config.ts";
import type { Driver, Row } from "../../core/driver.ts";
import { type ConnectOptions, openDriver } from "../../driver/connect.ts";
import type { DriverPart } from "../../driver/driver-part.ts";
import { openSqliteDatabase } from "../../runtime/runtime.ts";
import type { SqliteDatabase, SqliteOpenOptions, SqliteValue } from "../../runtime/sqlite-database.ts";
import { sqliteTarget } from "./sqlite-target.ts";

/** SQLite's driver part: the runtime's embedded client (bun:sqlite, node:sqlite, better-sqlite3) as a Driver. */
export const sqliteDriverPart: DriverPart = {
  async open(target, options) {
    const db = await openSqliteDatabase((target as SqliteTarget).path, options);
    return sqliteDriver(db, options);
  },
};

/**
 * Opens a connection to a SQLite target (or Config) from inside this folder (the lock's own
 * connection …), through `openDriver` as every connection is.
 */
export function connectSqlite(target: Target | Config, options: ConnectOptions = {}): Promise<Driver> {
  return openDriver({ driver: sqliteDriverPart, target: sqliteTarget }, target, options);
}

/** Converts a JavaScript value to one every SQLite client binds (booleans to 0/1, dates to ISO text). */
export function toSqliteValue(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return value;
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

/**
 * Wraps an open SqliteDatabase as a Driver. The connection gets `PRAGMA foreign_keys = ON` and a
 * busy timeout, so concurrent writers on one file wait instead of failing at once. Transactions
 * start with `BEGIN IMMEDIATE` (the write lock is taken up front, so two writers serialize instead
 * of deadlocking on a lock upgrade); nested transactions become savepoints.
 */
export function sqliteDriver(db: SqliteDatabase, options: SqliteOpenOptions = {}): Driver {
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 30_000)}`);
  if (!options.readonly) db.exec("PRAGMA foreign_keys = ON");
  const [versionRow] = db.all("SELECT sqlite_version() AS version", []);
  const serverVersion = String(versionRow?.version ?? "");
  let depth = 0;
  let closed = false;

  const driver: Driver = {
    dialect: "sqlite",
    serverVersion,
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      return db.all(sql, params.map(toSqliteValue)) as R[];
    },
    async execute(sql: string): Promise<void> {
      if (sql.trim() !== "") db.exec(sql);
    },
    async transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T> {
      const savepoint = depth > 0 ? `pormg_sp_${depth}` : undefined;
      db.exec(savepoint ? `SAVEPOINT ${savepoint}` : "BEGIN IMMEDIATE");
      depth++;
      try {
        const result = await fn(driver);
        db.exec(savepoint ? `RELEASE ${savepoint}` : "COMMIT");
        return result;
      } catch (error) {
        try {
          db.exec(savepoint ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : "ROLLBACK");
        } catch {
          // SQLite may already have ended the transaction (a full disk, RAISE(ROLLBACK) in a trigger):
          // the statement's error says what went wrong; "no transaction is active" would hide it.
        }
        throw error;
      } finally {
        depth--;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
  return driver;
}
