/**
 * mysqlErrors against the failures MariaDB / MySQL really report: a write in a READ ONLY
 * transaction, a MEMORY table that is full, a user without privileges (created here and dropped
 * again), a wrong password, and a connection killed from another session, busy or idle.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { environmentErrorCode } from "../../../src/apply/environment-errors.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { openMysql } from "../../../src/dialect/mysql/mysql-client.ts";
import { mysqlErrors } from "../../../src/dialect/mysql/mysql-errors.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

let db: MysqlTestDatabase;
let driver: Driver;

beforeAll(async () => {
  db = await freshMysqlDatabase("sql");
  driver = db.driver;
});
afterAll(async () => {
  await db?.dispose();
});

const classify = (error: unknown) => environmentErrorCode(error, [{ errors: mysqlErrors }]);
const failure = (run: Promise<unknown>) =>
  run.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

describe("mysqlErrors on the server", () => {
  test("a write in a READ ONLY transaction is READ_ONLY (1792)", async () => {
    await driver.execute("CREATE TABLE t (a int)");
    await driver.execute("SET TRANSACTION READ ONLY");
    const error = await failure(driver.transaction((tx) => tx.execute("INSERT INTO t VALUES (1)")));
    expect(error).toMatchObject({ errno: 1792 });
    expect(classify(error)).toBe("READ_ONLY");
  });

  test("a full table is DISK_FULL (1114)", async () => {
    const other = await db.open();
    await other.execute("SET SESSION max_heap_table_size = 16384");
    await other.execute("CREATE TABLE heap (a varchar(255)) ENGINE = MEMORY");
    const error = await failure(
      (async () => {
        for (let k = 0; k < 10_000; k++) await other.execute("INSERT INTO heap VALUES (REPEAT('x', 255))");
      })(),
    );
    expect(error).toMatchObject({ errno: 1114 });
    expect(classify(error)).toBe("DISK_FULL");
  });

  test("missing privileges are PERMISSION_DENIED (1142, 1227, 1044); a wrong password is not", async () => {
    const user = `pormg_t_${randomBytes(4).toString("hex")}`;
    await driver.execute(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`);
    try {
      await driver.execute(`GRANT SELECT ON \`${db.name}\`.* TO '${user}'@'%'`);
      const url = new URL(db.url);
      url.username = user;
      url.password = "pw";
      const limited = await openMysql({ url: url.toString() });
      try {
        for (const [sql, errno] of [
          ["INSERT INTO t VALUES (1)", 1142],
          ["CREATE TABLE u (a int)", 1142],
          ["SET GLOBAL max_connections = 151", 1227],
          ["USE mysql", 1044],
        ] as const) {
          const error = await failure(limited.execute(sql));
          expect([sql, (error as { errno?: number }).errno, classify(error)]).toEqual([
            sql,
            errno,
            "PERMISSION_DENIED",
          ]);
        }
      } finally {
        await limited.close();
      }
      url.password = "wrong";
      const wrong = await failure(openMysql({ url: url.toString() }));
      expect(wrong).toMatchObject({ errno: 1045 });
      expect(classify(wrong)).toBeUndefined();
    } finally {
      await driver.execute(`DROP USER '${user}'@'%'`);
    }
  });

  test("a connection killed from another session is CONNECT_LOST, busy or idle, and so is every use after", async () => {
    const busy = await db.open();
    const [{ id } = { id: 0 }] = await busy.query<{ id: number }>("SELECT CONNECTION_ID() AS id");
    const sleeping = failure(busy.query("SELECT SLEEP(10)"));
    await new Promise((r) => setTimeout(r, 200));
    await driver.execute(`KILL CONNECTION ${id}`);
    const lost = await sleeping;
    expect(lost).toMatchObject({ code: "PROTOCOL_CONNECTION_LOST" });
    expect(classify(lost)).toBe("CONNECT_LOST");
    expect(classify(await failure(busy.query("SELECT 1")))).toBe("CONNECT_LOST");

    const idle = await db.open();
    const [{ id: idleId } = { id: 0 }] = await idle.query<{ id: number }>("SELECT CONNECTION_ID() AS id");
    await driver.execute(`KILL CONNECTION ${idleId}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(classify(await failure(idle.query("SELECT 1")))).toBe("CONNECT_LOST");
  });

  test("ordinary SQL errors are no environment failure", async () => {
    for (const sql of ["SELECT * FROM missing", "SELEC 1", "INSERT INTO t VALUES ('x', 2)"]) {
      const error = await failure(driver.execute(sql));
      expect([sql, classify(error)]).toEqual([sql, undefined]);
    }
  });
});
