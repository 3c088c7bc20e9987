import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { Config, MysqlTarget } from "../../../src/config/config.ts";
import { DEFAULT_SETTINGS } from "../../../src/config/config.ts";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { connectMysql, mysqlDriverPart } from "../../../src/dialect/mysql/mysql-driver.ts";
import { mysqlServer } from "../../../src/dialect/mysql/mysql-server.ts";
import { mysqlSession } from "../../../src/dialect/mysql/mysql-session.ts";
import { mysqlTarget } from "../../../src/dialect/mysql/mysql-target.ts";
import { openDriver } from "../../../src/driver/connect.ts";
import { freshMysqlDatabase, MYSQL_URL, type MysqlTestDatabase } from "../../lib/mysql.ts";

const server = new URL(MYSQL_URL);
const host = server.hostname;
const port = Number(server.port || 3306);
const target = (database: string, extra: Partial<MysqlTarget> = {}): MysqlTarget => ({
  dialect: "mysql",
  host,
  port,
  database,
  username: decodeURIComponent(server.username) || "root",
  ...(server.password !== "" && { password: decodeURIComponent(server.password) }),
  ...extra,
});
const configOf = (t: MysqlTarget): Config => ({
  folder: "/tmp",
  env: "dev",
  dialect: "mysql",
  target: t,
  source: "connection.yml",
  display: mysqlTarget.describe(t),
  schema: t.database ?? "",
  settings: DEFAULT_SETTINGS,
  ignoreTables: [],
  extensions: [],
  secrets: mysqlTarget.secrets(t),
  warnings: [],
});

async function rejection(promise: Promise<unknown>): Promise<PormgError> {
  try {
    await promise;
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
  throw new Error("expected a PormgError");
}

/** A port on this host where nothing listens (bound once, then freed). */
async function freePort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const { port: free } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return free;
}

describe("opening MySQL targets", () => {
  let db: MysqlTestDatabase;
  const user = `t_execution_${randomBytes(4).toString("hex")}`;
  beforeAll(async () => {
    db = await freshMysqlDatabase("execution");
    await db.driver.execute(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right-pass'`);
    await db.driver.execute(`GRANT SELECT ON \`${db.name}\`.* TO '${user}'@'%'`);
  });
  afterAll(async () => {
    await db.driver.execute(`DROP USER IF EXISTS '${user}'@'%'`);
    await db.dispose();
  });

  test("a session starts with pormg's bounded waits, from the config's timeouts", async () => {
    const config = { ...configOf(target(db.name)), settings: { ...DEFAULT_SETTINGS, lockTimeoutSeconds: 2.2 } };
    const driver = await connectMysql(config);
    try {
      expect(driver.dialect).toBe("mysql");
      const [row] = await driver.query(
        "SELECT @@SESSION.lock_wait_timeout AS l, @@SESSION.innodb_lock_wait_timeout AS i",
      );
      expect(row).toEqual({ l: "3", i: "3" });
      const name = /mariadb/i.test(driver.serverVersion) ? "max_statement_time" : "max_execution_time";
      const [statement] = await driver.query(`SELECT @@SESSION.${name} AS s`);
      expect(Number(statement?.s)).toBe(name === "max_statement_time" ? 300 : 300_000);
    } finally {
      await driver.close();
    }
  });

  test("a read-only connection refuses writes and DDL", async () => {
    await db.driver.execute("CREATE TABLE ro (v int)");
    const driver = await mysqlSession.openReadonly(configOf(target(db.name)));
    try {
      expect(await driver?.query("SELECT COUNT(*) AS n FROM ro")).toEqual([{ n: "0" }]);
      await expect(driver?.query("INSERT INTO ro VALUES (1)")).rejects.toThrow("READ ONLY");
      await expect(driver?.query("CREATE TABLE ro2 (v int)")).rejects.toThrow("READ ONLY");
    } finally {
      await driver?.close();
    }
  });

  test("a refused connection names the address", async () => {
    const closed = await freePort();
    const error = await rejection(connectMysql(target(db.name, { host: "127.0.0.1", port: closed })));
    expect(error.code).toBe("CONNECT_FAILED");
    expect(error.message).toContain(`127.0.0.1:${closed}`);
    expect(error.message).toContain("connection refused");
  });

  test("a wrong password names the user, never the password", async () => {
    const t = target(db.name, { username: user, password: "wrong-pass" });
    const error = await rejection(openDriver({ driver: mysqlDriverPart, target: mysqlTarget }, configOf(t)));
    expect(error.code).toBe("CONNECT_FAILED");
    expect(error.message).toContain(`denied user "${user}"`);
    expect(error.message).not.toContain("wrong-pass");
    const right = await connectMysql(target(db.name, { username: user, password: "right-pass" }));
    await right.close();
  });

  test("an unknown database says how to create it; --create-database does, once", async () => {
    const name = `t_execution_${randomBytes(5).toString("hex")}`;
    const error = await rejection(connectMysql(target(name)));
    expect(error.code).toBe("CONNECT_FAILED");
    expect(error.message).toContain(`"${name}" does not exist`);
    expect(error.message).toContain("--create-database");
    const open = (c: Config) => connectMysql(c);
    try {
      expect(await mysqlServer.createDatabase(configOf(target(name)), open)).toEqual({ outcome: "created", name });
      expect(await mysqlServer.createDatabase(configOf(target(name)), open)).toEqual({ outcome: "exists" });
      const [row] = await db.driver.query<{ cs: string }>(
        "SELECT DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        [name],
      );
      expect(row?.cs).toBe("utf8mb4");
    } finally {
      await db.driver.execute(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });

  test("--create-database without the privilege is PERMISSION_DENIED naming the grant", async () => {
    const name = `t_execution_${randomBytes(5).toString("hex")}`;
    const t = target(name, { username: user, password: "right-pass" });
    const error = await rejection(mysqlServer.createDatabase(configOf(t), (c) => connectMysql(c)));
    expect(error.code).toBe("PERMISSION_DENIED");
    expect(error.message).toContain("GRANT CREATE");
  });

  test("each --wait try is bounded by the smaller connect timeout", () => {
    expect(mysqlServer.withConnectTimeout(target("x", { connectTimeoutSeconds: 30 }), 5)).toMatchObject({
      connectTimeoutSeconds: 5,
    });
    expect(mysqlServer.hasServer).toBe(true);
  });
});
