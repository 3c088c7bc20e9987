/**
 * mysqlErrors on the error shapes that cannot be provoked on a shared test server (a read-only
 * server, a full disk, a shutdown) — each as mysql2 builds it: `code`, `errno`, `sqlState`,
 * `message` — and on other clients' errors, which it must never claim (it is asked about every
 * registered dialect's errors when the dialect is not known).
 */
import { describe, expect, test } from "bun:test";
import { mysqlErrors } from "../../../../src/dialect/mysql/mysql-errors.ts";

const server = (errno: number, message: string, code = "ER_X", sqlState = "HY000") =>
  Object.assign(new Error(message), { errno, code, sqlState, sqlMessage: message });
const classify = (error: unknown) => mysqlErrors.environmentCode(error);

describe("mysqlErrors", () => {
  test("read-only servers and transactions", () => {
    const readOnly = "The MariaDB server is running with the --read-only option so it cannot execute this statement";
    expect(classify(server(1290, readOnly))).toBe("READ_ONLY");
    expect(classify(server(1290, "The MySQL server is running with the --super-read-only option so it cannot"))).toBe(
      "READ_ONLY",
    );
    // 1290 names other options too: not read-only.
    expect(classify(server(1290, "The MySQL server is running with the --secure-file-priv option so it cannot"))).toBe(
      undefined,
    );
    expect(classify(server(1792, "Cannot execute statement in a READ ONLY transaction", "ER_X", "25006"))).toBe(
      "READ_ONLY",
    );
    expect(classify(server(1836, "Running in read-only mode"))).toBe("READ_ONLY");
    expect(classify(server(1874, "InnoDB is in read only mode."))).toBe("READ_ONLY");
  });

  test("full disks, by number or by OS error 28", () => {
    expect(classify(server(1114, "The table 'm' is full"))).toBe("DISK_FULL");
    expect(classify(server(1021, "Disk full (/tmp/#sql_1.MAI); waiting for someone to free some space..."))).toBe(
      "DISK_FULL",
    );
    expect(classify(server(1026, "Error writing file './db/t.ibd' (Errcode: 28 \"No space left on device\")"))).toBe(
      "DISK_FULL",
    );
    expect(classify(server(1030, 'Got error 28 "No space left on device" from storage engine InnoDB'))).toBe(
      "DISK_FULL",
    );
    expect(classify(server(1005, 'Can\'t create table `db`.`t` (errno: 28 "No space left on device")'))).toBe(
      "DISK_FULL",
    );
    expect(
      classify(
        server(1005, 'Can\'t create table `db`.`t` (errno: 150 "Foreign key constraint is incorrectly formed")'),
      ),
    ).toBe(undefined);
    expect(classify(server(1030, "Got error 280 from storage engine"))).toBeUndefined();
  });

  test("privileges, and not a wrong password", () => {
    for (const errno of [1044, 1142, 1143, 1227, 1370])
      expect([errno, classify(server(errno, "denied", "ER_X", "42000"))]).toEqual([errno, "PERMISSION_DENIED"]);
    expect(classify(server(1045, "Access denied for user 'u'@'h' (using password: YES)", "ER_X", "28000"))).toBe(
      undefined,
    );
  });

  test("lost connections: the server's numbers and the client's codes", () => {
    for (const errno of [1053, 1927, 2006, 2013, 4031])
      expect([errno, classify(server(errno, "gone", "ER_X", "08S01"))]).toEqual([errno, "CONNECT_LOST"]);
    const lost = Object.assign(new Error("Connection lost: The server closed the connection."), {
      code: "PROTOCOL_CONNECTION_LOST",
      fatal: true,
    });
    expect(classify(lost)).toBe("CONNECT_LOST");
    const closed = Object.assign(new Error("Can't add new command when connection is in closed state"), {
      fatal: true,
    });
    expect(classify(closed)).toBe("CONNECT_LOST");
  });

  test("ordinary errors, and other clients' errors, are not claimed", () => {
    expect(classify(server(1064, "You have an error in your SQL syntax", "ER_PARSE_ERROR", "42000"))).toBeUndefined();
    expect(classify(server(1146, "Table 'db.t' doesn't exist", "ER_NO_SUCH_TABLE", "42S02"))).toBeUndefined();
    // SQLite's extended result code SQLITE_IOERR_DIR_FSYNC is 1290, and SQLITE_READONLY_DBMOVED 1032: no sqlState.
    expect(classify(Object.assign(new Error("disk I/O error"), { errno: 1290, code: "SQLITE_IOERR_DIR_FSYNC" }))).toBe(
      undefined,
    );
    expect(classify(Object.assign(new Error("x"), { errno: 1114, code: "SQLITE_X" }))).toBeUndefined();
    // PostgreSQL's SQLSTATEs are its own part's.
    expect(classify(Object.assign(new Error("could not extend file"), { code: "53100" }))).toBeUndefined();
    expect(classify(null)).toBeUndefined();
    expect(classify("PROTOCOL_CONNECTION_LOST")).toBeUndefined();
  });
});
