import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import type { MysqlTarget } from "../../../src/config/config.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { connectMysql } from "../../../src/dialect/mysql/mysql-driver.ts";
import { lockTimedOut, mysqlExecution } from "../../../src/dialect/mysql/mysql-execution.ts";
import { SCRATCH_PREFIX } from "../../../src/dialect/mysql/mysql-sandbox.ts";
import { freshMysqlDatabase, MYSQL_URL, type MysqlTestDatabase } from "../../lib/mysql.ts";

const server = new URL(MYSQL_URL);
const on = (database: string, extra: Partial<MysqlTarget> = {}): MysqlTarget => ({
  dialect: "mysql",
  host: server.hostname,
  port: Number(server.port || 3306),
  database,
  username: decodeURIComponent(server.username) || "root",
  ...(server.password !== "" && { password: decodeURIComponent(server.password) }),
  ...extra,
});

async function scratchDatabases(db: Driver): Promise<string[]> {
  const rows = await db.query<Record<string, string>>(
    `SHOW DATABASES LIKE '${SCRATCH_PREFIX.replaceAll("_", "\\_")}%'`,
  );
  return rows.map((r) => Object.values(r)[0] as string);
}

describe("MySQL execution", () => {
  let db: MysqlTestDatabase;
  beforeAll(async () => {
    db = await freshMysqlDatabase("execution");
    await db.driver.execute(
      "CREATE TABLE parent (id int PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x') ENGINE=InnoDB;" +
        // `child` sorts before `parent`: its foreign key is created while parent does not exist yet.
        "CREATE TABLE child (id int PRIMARY KEY AUTO_INCREMENT, parent_id int NOT NULL, " +
        "CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB;" +
        // `a_names` sorts before the view it reads.
        "CREATE VIEW b_names AS SELECT name FROM parent;" +
        "CREATE VIEW a_names AS SELECT name FROM b_names;" +
        "INSERT INTO parent VALUES (1, 'one');",
    );
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("verify's sandbox is a scratch copy of the schema, dropped afterwards", async () => {
    const before = await scratchDatabases(db.driver);
    let scratch = "";
    const tables = await mysqlExecution.sandbox(on(db.name), async (copy, kind) => {
      expect(kind).toBe("copy");
      const [row] = await copy.query<{ name: string }>("SELECT DATABASE() AS name");
      scratch = row?.name ?? "";
      expect(await scratchDatabases(db.driver)).toContain(scratch);
      // The schema is there, without rows; the foreign key holds; changes stay in the copy.
      expect(await copy.query("SELECT COUNT(*) AS n FROM parent")).toEqual([{ n: "0" }]);
      await expect(copy.query("INSERT INTO child (parent_id) VALUES (9)")).rejects.toThrow("foreign key");
      await copy.execute("INSERT INTO parent VALUES (2, 'two'); DROP TABLE child; ALTER TABLE parent ADD c int");
      expect(await copy.query("SELECT name FROM a_names")).toEqual([{ name: "two" }]);
      const shown = await copy.query<Record<string, string>>("SHOW FULL TABLES");
      return shown.map((r) => Object.values(r)[0]).sort();
    });
    expect(scratch.startsWith(SCRATCH_PREFIX)).toBe(true);
    expect(tables).toEqual(["a_names", "b_names", "parent"]);
    expect(await scratchDatabases(db.driver)).toEqual(before);
    // The source is untouched.
    expect(await db.driver.query("SELECT COUNT(*) AS n FROM child")).toEqual([{ n: "0" }]);
    expect(await db.driver.query("SELECT name FROM a_names")).toEqual([{ name: "one" }]);
  });

  test("the scratch database is dropped when fn throws, and its error comes through", async () => {
    const before = await scratchDatabases(db.driver);
    let scratch = "";
    const failing = mysqlExecution.sandbox(on(db.name), async (copy) => {
      scratch = String((await copy.query("SELECT DATABASE() AS d"))[0]?.d);
      await copy.execute("CREATE TABLE half_done (v int)");
      throw new Error("the plan failed");
    });
    await expect(failing).rejects.toThrow("the plan failed");
    expect(scratch).not.toBe("");
    expect(await scratchDatabases(db.driver)).toEqual(before);
  });

  test("a source database that does not exist yet gives an empty scratch database", async () => {
    const missing = `t_execution_${randomBytes(5).toString("hex")}`;
    const tables = await mysqlExecution.sandbox(on(missing), (copy) => copy.query("SHOW TABLES"));
    expect(tables).toEqual([]);
  });

  test("a user who may not create databases is told what to grant", async () => {
    const user = `t_execution_${randomBytes(4).toString("hex")}`;
    await db.driver.execute(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-1234'`);
    try {
      await db.driver.execute(`GRANT ALL ON \`${db.name}\`.* TO '${user}'@'%'`);
      const error = await mysqlExecution
        .sandbox(on(db.name, { username: user, password: "pw-1234" }), async () => "ran")
        .catch((e: unknown) => e);
      expect(isPormgError(error, "PERMISSION_DENIED")).toBe(true);
      expect((error as Error).message).toContain("GRANT CREATE, DROP");
      expect((error as Error).message).toContain(SCRATCH_PREFIX.replaceAll("_", "\\_"));
    } finally {
      await db.driver.execute(`DROP USER IF EXISTS '${user}'@'%'`);
    }
  });

  test("withSession sets the plan's waits and puts pormg's own back", async () => {
    const driver = await connectMysql(on(db.name));
    try {
      const read = () =>
        driver.query("SELECT @@SESSION.lock_wait_timeout AS l, @@SESSION.innodb_lock_wait_timeout AS i");
      const inside = await mysqlExecution.withSession(driver, { lockTimeoutMs: 1200, extensions: [] }, read);
      expect(inside).toEqual([{ l: "2", i: "2" }]);
      expect(await read()).toEqual([{ l: "5", i: "5" }]);
      const none = await mysqlExecution.withSession(driver, { extensions: [] }, read);
      expect(none).toEqual([{ l: "31536000", i: "31536000" }]);
    } finally {
      await driver.close();
    }
  });

  test("DDL that waits too long for a metadata lock gives up with 1205, which is retried", async () => {
    const holder = await connectMysql(on(db.name));
    const ddl = await connectMysql(on(db.name));
    try {
      await holder.execute("START TRANSACTION");
      await holder.query("SELECT * FROM parent");
      const error = await mysqlExecution
        .withSession(ddl, { lockTimeoutMs: 1000, extensions: [] }, () =>
          mysqlExecution.runStatement(ddl, { sql: "ALTER TABLE parent ADD waited int", tokens: [] } as never, 0, "x"),
        )
        .catch((e: unknown) => e);
      expect(lockTimedOut(error)).toBe(true);
      expect(lockTimedOut(new Error("other"))).toBe(false);
    } finally {
      await holder.execute("ROLLBACK").catch(() => {});
      await holder.close();
      await ddl.close();
    }
  });

  test("extensions are refused; no backup, no guard, no stand-in", async () => {
    await expect(mysqlExecution.assertExtensionsAvailable(db.driver, ["pgcrypto"])).rejects.toThrow(
      "MySQL has no extensions",
    );
    await mysqlExecution.assertExtensionsAvailable(db.driver, []);
    expect(await mysqlExecution.backup(db.driver, on(db.name), "1")).toBeUndefined();
    const step = { label: "x", sql: "ALTER TABLE parent ADD z int", transactional: false, destructive: false };
    expect(mysqlExecution.standIn(step as never)).toBeNull();
    expect(await mysqlExecution.guardStep(db.driver, step as never, 0)).toBeUndefined();
  });
});
