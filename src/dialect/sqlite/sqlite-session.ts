import type { SessionPart } from "../../apply/session.ts";
import type { Config, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { isPormgError } from "../../core/errors.ts";
import { connectSqlite as connect } from "./sqlite-driver.ts";

/**
 * Whether `error` (or its cause) is SQLite's SQLITE_READONLY_ROLLBACK: a read-only connection met
 * a hot journal, left by a process that died inside a write transaction, and cannot roll it back.
 */
export function isReadonlyRollback(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 4; depth++) {
    const { code, errcode, errno, message, cause } = e as Record<string, unknown>;
    if (code === "SQLITE_READONLY_ROLLBACK" || errcode === 776 || errno === 776) return true;
    if (typeof message === "string" && /readonly_rollback|hot journal/i.test(message)) return true;
    e = cause;
  }
  return false;
}

/**
 * Opens a SQLite database read-only. When a run was killed in the middle of a write transaction
 * (`kill -9`, a power cut), the file has a hot journal that a read-only connection cannot roll
 * back (SQLITE_READONLY_ROLLBACK); then the file is opened read-write once and read, which makes
 * SQLite roll the journal back to the last committed state (the recovery any writer performs
 * anyway), and the read-only connection is opened again.
 */
export async function openSqliteReadonly(target: Config | Target): Promise<Driver> {
  try {
    return await connect(target, { readonly: true });
  } catch (error) {
    if (!isPormgError(error, "CONNECT_FAILED") || !isReadonlyRollback(error)) throw error;
  }
  const writer = await connect(target);
  try {
    await writer.query("SELECT count(*) AS n FROM sqlite_master");
  } finally {
    await writer.close();
  }
  return connect(target, { readonly: true });
}

/** How SQLite opens pormg's connections: no schemas to scope to; reading commands open the file read-only. */
export const sqliteSession: SessionPart = {
  scope: async (driver) => driver,
  openReadonly: openSqliteReadonly,
  file: (target) => (target.dialect === "sqlite" ? target.path : null),
};
