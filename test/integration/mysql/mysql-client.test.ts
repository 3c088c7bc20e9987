import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

describe("MySQL client (mysql2) against the test server", () => {
  let db: MysqlTestDatabase;
  beforeAll(async () => {
    db = await freshMysqlDatabase("client");
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("names the server version and runs a query with ? parameters", async () => {
    expect(db.driver.dialect).toBe("mysql");
    expect(db.driver.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
    const rows = await db.driver.query<{ n: number; s: string }>("SELECT ? + 1 AS n, ? AS s", [41, "x'y"]);
    expect(rows).toEqual([{ n: 42, s: "x'y" }]);
  });

  test("execute runs a multi-statement script; query returns the last result set", async () => {
    await db.driver.execute("CREATE TABLE a (id int PRIMARY KEY) ENGINE=InnoDB; INSERT INTO a VALUES (1), (2);");
    expect(await db.driver.query("INSERT INTO a VALUES (3)")).toEqual([]);
    const rows = await db.driver.query<{ c: number }>("SELECT COUNT(*) AS c FROM a; SELECT MAX(id) AS c FROM a");
    expect(rows).toEqual([{ c: 3 }]);
  });

  test("a transaction commits, a failing one rolls back, and a nested one is a savepoint", async () => {
    await db.driver.execute("CREATE TABLE t (v int) ENGINE=InnoDB");
    await db.driver.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES (1)");
      await tx
        .transaction(async (inner) => {
          await inner.query("INSERT INTO t VALUES (2)");
          throw new Error("inner fails");
        })
        .catch(() => {});
    });
    await expect(
      db.driver.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES (3)");
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await db.driver.query("SELECT v FROM t ORDER BY v")).toEqual([{ v: 1 }]);
  });

  test("a connection's session state (GET_LOCK) is its own", async () => {
    const other = await db.open();
    const [mine] = await db.driver.query<{ got: number }>("SELECT GET_LOCK('pormg-test-lock', 0) AS got");
    const [theirs] = await other.query<{ got: number }>("SELECT GET_LOCK('pormg-test-lock', 0) AS got");
    expect([mine?.got, theirs?.got]).toEqual([1, 0]);
    await db.driver.query("SELECT RELEASE_LOCK('pormg-test-lock')");
  });
});
