/**
 * Errors that come from where a database lives rather than from a plan's SQL — a full disk, a
 * read-only file or server, a missing privilege, a lost connection — recognised on both dialects
 * and every runtime's client, so each gets its own error code instead of a generic failure.
 */

/** The error code for a failure of the database's environment. */
export type EnvironmentErrorCode = "DISK_FULL" | "READ_ONLY" | "PERMISSION_DENIED" | "CONNECT_LOST";

interface ErrorShape {
  readonly code?: unknown;
  readonly errcode?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
}

/** The SQLite primary result code of a client error (`errcode`, `errno` or the `SQLITE_*` name), if any. */
function sqlitePrimary(e: ErrorShape): number | string | undefined {
  for (const value of [e.errcode, e.errno]) if (typeof value === "number" && value > 0) return value & 0xff;
  if (typeof e.code === "string" && e.code.startsWith("SQLITE_")) return e.code.replace(/^SQLITE_([A-Z]+).*$/, "$1");
  return undefined;
}

const POSTGRES: Readonly<Record<string, EnvironmentErrorCode>> = {
  "53100": "DISK_FULL", // disk_full
  "25006": "READ_ONLY", // read_only_sql_transaction (a standby, default_transaction_read_only)
  "42501": "PERMISSION_DENIED", // insufficient_privilege
  "57P01": "CONNECT_LOST", // admin_shutdown (pg_terminate_backend)
  "57P02": "CONNECT_LOST", // crash_shutdown
  "57P03": "CONNECT_LOST", // cannot_connect_now
  "08000": "CONNECT_LOST",
  "08003": "CONNECT_LOST",
  "08006": "CONNECT_LOST",
};

const NODE: Readonly<Record<string, EnvironmentErrorCode>> = {
  ENOSPC: "DISK_FULL",
  EDQUOT: "DISK_FULL",
  EROFS: "READ_ONLY",
  EACCES: "PERMISSION_DENIED",
  EPERM: "PERMISSION_DENIED",
  ECONNRESET: "CONNECT_LOST",
  EPIPE: "CONNECT_LOST",
  CONNECTION_CLOSED: "CONNECT_LOST", // the postgres client: the server closed the connection
  CONNECTION_ENDED: "CONNECT_LOST",
  CONNECTION_DESTROYED: "CONNECT_LOST",
};

/** Classifies `error` as an environment failure, or `undefined` when it is something else. */
export function environmentErrorCode(error: unknown): EnvironmentErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorShape;
  if (typeof e.code === "string") {
    const known = POSTGRES[e.code] ?? NODE[e.code];
    if (known) return known;
  }
  const primary = sqlitePrimary(e);
  if (primary === 13 || primary === "FULL") return "DISK_FULL";
  if (primary === 8 || primary === "READONLY") return "READ_ONLY";
  if (primary === 3 || primary === "PERM" || primary === 23 || primary === "AUTH") return "PERMISSION_DENIED";
  const message = typeof e.message === "string" ? e.message : "";
  if (/database or disk is full|no space left on device/i.test(message)) return "DISK_FULL";
  if (/attempt to write a readonly database|read-only file system/i.test(message)) return "READ_ONLY";
  return undefined;
}

/** What to do about each environment failure, for messages. */
export const ENVIRONMENT_ADVICE: Readonly<Record<EnvironmentErrorCode, string>> = {
  DISK_FULL: "The disk (or the server's disk) is full: free some space and run it again.",
  READ_ONLY:
    "The database cannot be written: make the SQLite file and its folder writable by this user, or point pormg at a " +
    "primary server rather than a read-only standby.",
  PERMISSION_DENIED:
    "The database user lacks a privilege this needs: grant it (see the privileges each command needs in the README), " +
    "or connect as a user that has it.",
  CONNECT_LOST:
    "The connection to the database was lost (the server closed it, or the session was terminated). Run it again; " +
    "`pormg status` shows whether anything was left unfinished.",
};
