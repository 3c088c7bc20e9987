import type { ErrorShape, ErrorsPart } from "../../apply/environment-errors.ts";

/** The SQLite primary result code of a client error (`errcode`, `errno` or the `SQLITE_*` name), if any. */
function sqlitePrimary(e: ErrorShape): number | string | undefined {
  for (const value of [e.errcode, e.errno]) if (typeof value === "number" && value > 0) return value & 0xff;
  if (typeof e.code === "string" && e.code.startsWith("SQLITE_")) return e.code.replace(/^SQLITE_([A-Z]+).*$/, "$1");
  return undefined;
}

/**
 * SQLite's environment failures, from every runtime's client: by primary result code (FULL,
 * READONLY, PERM, AUTH), or by SQLite's own message where the client gives no code.
 */
export const sqliteErrors: ErrorsPart = {
  environmentCode(error) {
    if (typeof error !== "object" || error === null) return undefined;
    const e = error as ErrorShape;
    const primary = sqlitePrimary(e);
    if (primary === 13 || primary === "FULL") return "DISK_FULL";
    if (primary === 8 || primary === "READONLY") return "READ_ONLY";
    if (primary === 3 || primary === "PERM" || primary === 23 || primary === "AUTH") return "PERMISSION_DENIED";
    const message = typeof e.message === "string" ? e.message : "";
    if (/database or disk is full/i.test(message)) return "DISK_FULL";
    if (/attempt to write a readonly database/i.test(message)) return "READ_ONLY";
    return undefined;
  },
};
