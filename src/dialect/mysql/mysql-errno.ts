/**
 * The MySQL / MariaDB error number of a server's error answer (1045, 1049 …), found along the
 * `cause` chain of a wrapped error (the client's `errno`); `undefined` for errors the server did
 * not send. A refused connection carries a negative system errno and a `code` such as
 * `ECONNREFUSED` instead, which {@link systemCode} reads.
 */
export function mysqlErrno(error: unknown): number | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { errno, sqlState } = e as { errno?: unknown; sqlState?: unknown };
    if (typeof errno === "number" && errno > 0 && typeof sqlState === "string") return errno;
  }
  return undefined;
}

/** The system error code (`ECONNREFUSED`, `ETIMEDOUT`, `ENOTFOUND` …) along the `cause` chain. */
export function systemCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}

/** Error numbers pormg tells apart. */
export const ER = {
  /** Access denied for user to database. */
  DBACCESS_DENIED: 1044,
  /** Access denied for user (wrong password, or not allowed from this host). */
  ACCESS_DENIED: 1045,
  /** Unknown database. */
  BAD_DB: 1049,
  /** Can't create database; database exists. */
  DB_CREATE_EXISTS: 1007,
  /** Lock wait timeout exceeded (row locks and metadata locks alike). */
  LOCK_WAIT_TIMEOUT: 1205,
  /** Access denied; you need (at least one of) the … privilege(s). */
  SPECIFIC_ACCESS_DENIED: 1227,
} as const;
