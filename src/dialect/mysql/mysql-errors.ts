import type { EnvironmentErrorCode, ErrorShape, ErrorsPart } from "../../apply/environment-errors.ts";

/** A server error as `mysql2` reports it: the server's error number and SQLSTATE beside its name. */
interface MysqlErrorShape extends ErrorShape {
  readonly sqlState?: unknown;
  readonly fatal?: unknown;
}

/**
 * The server's error numbers (the same in MySQL and MariaDB) that are environment failures. 1290
 * (`ER_OPTION_PREVENTS_STATEMENT`) is read-only only when the option is `--read-only` or
 * `--super-read-only` (see `mysqlErrors`), and any other error is a full disk when it names OS error 28.
 */
const SERVER: Readonly<Record<number, EnvironmentErrorCode>> = {
  1021: "DISK_FULL", // ER_DISK_FULL: "Disk full (%s); waiting for someone to free some space"
  1114: "DISK_FULL", // ER_RECORD_FILE_FULL: "The table '%s' is full"
  1036: "READ_ONLY", // ER_OPEN_AS_READONLY: "Table '%s' is read only"
  1792: "READ_ONLY", // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION (SET SESSION TRANSACTION READ ONLY, transaction_read_only)
  1836: "READ_ONLY", // ER_READ_ONLY_MODE (MySQL: "Running in read-only mode")
  1874: "READ_ONLY", // ER_INNODB_READ_ONLY (MySQL: innodb_read_only)
  1044: "PERMISSION_DENIED", // ER_DBACCESS_DENIED_ERROR: "Access denied for user … to database …"
  1142: "PERMISSION_DENIED", // ER_TABLEACCESS_DENIED_ERROR: "… command denied to user … for table …"
  1143: "PERMISSION_DENIED", // ER_COLUMNACCESS_DENIED_ERROR
  1227: "PERMISSION_DENIED", // ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the … privilege(s)"
  1370: "PERMISSION_DENIED", // ER_PROCACCESS_DENIED_ERROR: "… command denied to user … for routine …"
  1053: "CONNECT_LOST", // ER_SERVER_SHUTDOWN: "Server shutdown in progress"
  1927: "CONNECT_LOST", // MariaDB's ER_CONNECTION_KILLED: "Connection was killed" (KILL CONNECTION)
  2006: "CONNECT_LOST", // CR_SERVER_GONE_ERROR, as the C client and some proxies report it
  2013: "CONNECT_LOST", // CR_SERVER_LOST
  4031: "CONNECT_LOST", // MySQL's ER_CLIENT_INTERACTION_TIMEOUT: the server closed an idle connection
};

/** A server message naming OS error 28 (ENOSPC): `Error writing file '…' (Errcode: 28 …)`, `(errno: 28 …)`, `Got error 28 from storage engine`. */
const ENOSPC = /\b(?:errno:? |Errcode:? |Got error )28\b/i;

/** `mysql2`'s own codes for a connection the server or the network closed. */
const CLIENT: Readonly<Record<string, EnvironmentErrorCode>> = {
  PROTOCOL_CONNECTION_LOST: "CONNECT_LOST", // the server closed the connection (KILL, wait_timeout, a restart)
  PROTOCOL_SEQUENCE_TIMEOUT: "CONNECT_LOST",
};

/**
 * MySQL's and MariaDB's environment failures, as `mysql2` reports them. A server error (a numeric
 * `errno` beside a string `sqlState`, so SQLite's or PostgreSQL's errors never match) by its number:
 * a full disk (1021, 1114, or any error naming OS error 28, ENOSPC), a read-only server or
 * transaction (1290 for `--read-only` / `--super-read-only`, 1792, 1836, 1874, 1036), a missing
 * privilege (1044, 1142, 1143, 1227, 1370 — not 1045, a wrong password or unknown user, which no
 * grant fixes), a lost connection (1053, 1927, 2006, 2013, 4031). And the client's codes for a
 * connection closed under it (`PROTOCOL_CONNECTION_LOST`), or its refusal to use one that was
 * ("Can't add new command when connection is in closed state").
 */
export const mysqlErrors: ErrorsPart = {
  environmentCode(error) {
    if (typeof error !== "object" || error === null) return undefined;
    const e = error as MysqlErrorShape;
    const message = typeof e.message === "string" ? e.message : "";
    if (typeof e.errno === "number" && typeof e.sqlState === "string") {
      const known = SERVER[e.errno];
      if (known !== undefined) return known;
      if (e.errno === 1290 && /--(?:super-)?read-only|read_only/i.test(message)) return "READ_ONLY";
      if (ENOSPC.test(message)) return "DISK_FULL";
      return undefined;
    }
    const client = typeof e.code === "string" ? CLIENT[e.code] : undefined;
    if (client !== undefined) return client;
    if (/^Can't add new command when connection is in closed state$/.test(message)) return "CONNECT_LOST";
    return undefined;
  },
};
