/**
 * Deploying into containers on MariaDB / MySQL, as real CLI processes against the real server: a
 * folder without connection.yml takes DATABASE_URL (mysql:// and mariadb://); with connection.yml a
 * shell DATABASE_URL is ignored unless the file references it; `--wait` rides out a server that
 * starts 3 s late and gives up on one that never does; `--create-database` creates a missing
 * database, and a user without the CREATE privilege is told what to grant. No password is shown.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/dialect/connect.ts";
import { pormgAsync, tempDir } from "../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, MYSQL_URL, mysqlUrlFor } from "../lib/mysql.ts";
import { delayedProxy, freePort } from "../lib/tcp-proxy.ts";
import { authorModels } from "./migrate-helpers.ts";

const created: string[] = [];
const users: string[] = [];
const server = new URL(MYSQL_URL);

/** A fresh database on the test server (dropped after the tests). */
async function database(): Promise<{ name: string; url: string }> {
  const name = await createMysqlDatabase("dep");
  created.push(name);
  return { name, url: mysqlUrlFor(name) };
}

/** The name of a database that does not exist yet (dropped after the tests, if a test made it). */
function missingDatabase(): { name: string; url: string } {
  const name = `t_dep_${randomBytes(5).toString("hex")}`;
  created.push(name);
  return { name, url: mysqlUrlFor(name) };
}

/** The URL of `url` with another scheme, port, or user and password. */
function rewritten(url: string, change: { scheme?: string; port?: number; user?: string; password?: string }): string {
  const u = new URL(url);
  if (change.port !== undefined) u.port = String(change.port);
  if (change.user !== undefined) u.username = change.user;
  if (change.password !== undefined) u.password = change.password;
  const text = u.toString();
  return change.scheme === undefined ? text : text.replace(/^[a-z]+:/, `${change.scheme}:`);
}

/** The tables of a database on the test server. */
async function tablesOf(name: string): Promise<string[]> {
  const db = await connect({ dialect: "mysql", url: MYSQL_URL });
  try {
    const rows = await db.query<{ t: string }>(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
      [name],
    );
    return rows.map((r) => r.t);
  } finally {
    await db.close();
  }
}

/** Runs statements as root on the test server. */
async function asRoot(...statements: string[]): Promise<void> {
  const db = await connect({ dialect: "mysql", url: MYSQL_URL });
  try {
    for (const sql of statements) await db.execute(sql);
  } finally {
    await db.close();
  }
}

/** A container's folder: models.ts only (no connection.yml). */
function containerFolder(): string {
  const cwd = tempDir("pormg-deploy-mysql-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "models.ts"), authorModels());
  return cwd;
}

/** A container folder whose plan is written against a twin database that exists. */
async function plannedFolder(): Promise<string> {
  const cwd = containerFolder();
  const twin = await database();
  const r = await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: twin.url } });
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
  return cwd;
}

afterAll(async () => {
  for (const name of created) await dropMysqlDatabase(name);
  for (const user of users)
    await asRoot(`DROP USER IF EXISTS '${user}'@'%'`, `DROP USER IF EXISTS '${user}'@'localhost'`);
}, 60_000);

describe("containers on MariaDB: the target from DATABASE_URL", () => {
  test.each(["mysql", "mariadb"])(
    "no connection.yml: makemigrations, migrate, check and info run on DATABASE_URL=%s://…",
    async (scheme) => {
      const { name, url } = await database();
      const cwd = containerFolder();
      const env = { DATABASE_URL: rewritten(url, { scheme }) };
      expect((await pormgAsync(["makemigrations"], { cwd, env })).code).toBe(0);
      const migrated = await pormgAsync(["migrate", "--json"], { cwd, env });
      expect({ code: migrated.code, stderr: migrated.stderr }).toMatchObject({ code: 0 });
      expect(JSON.parse(migrated.stdout)).toMatchObject({ outcome: "applied" });
      expect(await tablesOf(name)).toContain("author");
      expect((await pormgAsync(["check"], { cwd, env })).code).toBe(0);
      const info = await pormgAsync(["info"], { cwd, env });
      expect(info.stdout).toContain("(from DATABASE_URL)");
      const doc = JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout);
      expect(doc).toMatchObject({ adapter: "mysql", source: "DATABASE_URL" });
      expect(doc.target).toStartWith(`${scheme}://`);
      expect(doc.target).toContain(name);
    },
    60_000,
  );

  test("with connection.yml, a shell DATABASE_URL is ignored unless the file references it", async () => {
    const { name, url } = await database();
    const cwd = containerFolder();
    const sqlite = join(cwd, "db", "dev.sqlite");
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: SQLite\n  database: dev.sqlite\n  config:\n    change_db: true\n",
    );
    const env = { DATABASE_URL: url };
    expect((await pormgAsync(["makemigrations"], { cwd, env })).code).toBe(0);
    expect((await pormgAsync(["migrate"], { cwd, env })).code).toBe(0);
    expect(existsSync(sqlite)).toBe(true);
    expect(await tablesOf(name)).toEqual([]);
    const info = JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout);
    expect(info).toMatchObject({ adapter: "sqlite", source: "connection.yml", target: `sqlite:${sqlite}` });

    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: MariaDB\n  url: ${DATABASE_URL}\n  config:\n    change_db: true\n",
    );
    const referenced = JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout);
    expect(referenced).toMatchObject({ adapter: "mysql", source: "connection.yml" });
    expect(referenced.target).toContain(name);
  }, 60_000);
});

describe("--wait on MariaDB", () => {
  test.each(["refuse", "reset"] as const)(
    "--wait 10 rides out a server that starts accepting 3 s later (%s until then)",
    async (mode) => {
      const { name, url } = await database();
      const cwd = containerFolder();
      expect((await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: url } })).code).toBe(0);
      const proxy = await delayedProxy({ host: server.hostname, port: Number(server.port || 3306) }, 3000, mode);
      try {
        const late = rewritten(url, { port: proxy.port });
        const started = Date.now();
        const r = await pormgAsync(["migrate", "--wait", "10"], { cwd, env: { DATABASE_URL: late } });
        const took = Date.now() - started;
        expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
        expect(r.stderr).toContain("Waiting up to 10 s for");
        expect(r.stderr).toContain("accepts connections (after");
        expect(took).toBeGreaterThanOrEqual(2900);
        expect(await tablesOf(name)).toContain("author");
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );

  test("against nothing, --wait 3 gives up after the wait with the reason: exit 1, no password shown", async () => {
    const cwd = await plannedFolder();
    const port = await freePort();
    const started = Date.now();
    const r = await pormgAsync(["migrate", "--wait", "3", "--json"], {
      cwd,
      env: { DATABASE_URL: `mysql://root:pw-Secr3t@127.0.0.1:${port}/nothing` },
    });
    const took = Date.now() - started;
    expect(r.code).toBe(1);
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(20_000);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ outcome: "refused", error: { code: "CONNECT_FAILED" } });
    expect(doc.error.message).toContain("gave up after waiting 3 s (--wait)");
    expect(doc.error.message).toMatch(/ECONNREFUSED|refused/i);
    expect(doc.error.message).toContain(`mysql://root:***@127.0.0.1:${port}/nothing`);
    expect(r.stdout + r.stderr).not.toContain("pw-Secr3t");
  }, 60_000);

  test("--wait 0 (the default) tries once", async () => {
    const cwd = await plannedFolder();
    const port = await freePort();
    const started = Date.now();
    const r = await pormgAsync(["migrate"], { cwd, env: { DATABASE_URL: `mariadb://root@127.0.0.1:${port}/x` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("CONNECT_FAILED");
    expect(r.stderr).not.toContain("Waiting");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  test("a wrong password or a missing database ends the wait at once: the server answered (exit 1, the password not shown)", async () => {
    const cwd = await plannedFolder();
    const { url } = await database();
    const started = Date.now();
    const r = await pormgAsync(["migrate", "--wait", "10"], {
      cwd,
      env: { DATABASE_URL: rewritten(url, { user: "pormg_nobody", password: "pw-Wr0ngOne" }) },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("Waiting");
    expect(r.stderr).toContain("Access denied");
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.stdout + r.stderr).not.toContain("pw-Wr0ngOne");
    // A database that does not exist is the server's answer too: no wait.
    const missing = missingDatabase();
    const early = Date.now();
    const m = await pormgAsync(["migrate", "--wait", "10"], { cwd, env: { DATABASE_URL: missing.url } });
    expect(m.code).toBe(1);
    expect(m.stderr).not.toContain("Waiting");
    expect(m.stderr).toContain(`the database "${missing.name}" does not exist`);
    expect(Date.now() - early).toBeLessThan(8000);
  }, 30_000);
});

describe("--create-database on MariaDB", () => {
  test("a missing database fails without it, and is created with it", async () => {
    const cwd = await plannedFolder();
    const { name, url } = missingDatabase();
    const without = await pormgAsync(["migrate"], { cwd, env: { DATABASE_URL: url } });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(`the database "${name}" does not exist`);
    expect(without.stderr).toContain("--create-database");
    const withFlag = await pormgAsync(["migrate", "--create-database"], { cwd, env: { DATABASE_URL: url } });
    expect({ code: withFlag.code, stderr: withFlag.stderr }).toMatchObject({ code: 0 });
    expect(withFlag.stderr).toContain(`Created the MySQL database "${name}"`);
    expect(await tablesOf(name)).toContain("author");
    // Existing: nothing to create, nothing said.
    const again = await pormgAsync(["migrate", "--create-database"], { cwd, env: { DATABASE_URL: url } });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("Created");
  }, 60_000);

  test("a user with a password creates it; the password appears nowhere", async () => {
    const user = `pormg_t_${randomBytes(4).toString("hex")}`;
    users.push(user);
    const password = `pw-${randomBytes(6).toString("hex")}`;
    const { name, url } = missingDatabase();
    await asRoot(
      ...["%", "localhost"].flatMap((host) => [
        `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`,
        `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'${host}'`,
      ]),
    );
    const cwd = await plannedFolder();
    const env = { DATABASE_URL: rewritten(url, { user, password }) };
    const r = await pormgAsync(["migrate", "--create-database"], { cwd, env });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toContain(`Created the MySQL database "${name}" (mysql://${user}:***@`);
    expect(await tablesOf(name)).toContain("author");
    const info = await pormgAsync(["info"], { cwd, env });
    expect(r.stdout + r.stderr + info.stdout + info.stderr).not.toContain(password);
  }, 60_000);

  test("connection.yml with discrete keys and the password from the environment: created, the password nowhere", async () => {
    const user = `pormg_t_${randomBytes(4).toString("hex")}`;
    users.push(user);
    const password = `pw-${randomBytes(6).toString("hex")}`;
    const { name } = missingDatabase();
    await asRoot(
      ...["%", "localhost"].flatMap((host) => [
        `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`,
        `GRANT ALL PRIVILEGES ON \`${name}\`.* TO '${user}'@'${host}'`,
      ]),
    );
    const cwd = await plannedFolder();
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: MySQL\n  host: ${server.hostname}\n  port: ${server.port || 3306}\n  database: ${name}\n` +
        `  username: ${user}\n  password: \${DB_PASSWORD}\n  config:\n    change_db: true\n`,
    );
    const env = { DB_PASSWORD: password };
    const r = await pormgAsync(["migrate", "--create-database"], { cwd, env });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(r.stderr).toContain(`Created the MySQL database "${name}" (mysql://${user}:***@`);
    expect(await tablesOf(name)).toContain("author");
    const check = await pormgAsync(["check"], { cwd, env });
    expect(check.code).toBe(0);
    expect(r.stdout + r.stderr + check.stdout + check.stderr).not.toContain(password);
  }, 60_000);

  test("a user without the CREATE privilege is refused with PERMISSION_DENIED saying what to grant", async () => {
    const user = `pormg_t_${randomBytes(4).toString("hex")}`;
    users.push(user);
    const password = `pw-${randomBytes(6).toString("hex")}`;
    const other = await database();
    const { name, url } = missingDatabase();
    await asRoot(
      ...["%", "localhost"].flatMap((host) => [
        `CREATE USER '${user}'@'${host}' IDENTIFIED BY '${password}'`,
        `GRANT SELECT, INSERT ON \`${other.name}\`.* TO '${user}'@'${host}'`,
      ]),
    );
    const cwd = await plannedFolder();
    const r = await pormgAsync(["migrate", "--create-database", "--json"], {
      cwd,
      env: { DATABASE_URL: rewritten(url, { user, password }) },
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ outcome: "refused", error: { code: "PERMISSION_DENIED" } });
    expect(doc.error.message).toContain(`--create-database: could not create database "${name}"`);
    expect(doc.error.message).toContain(`GRANT CREATE ON \`${name}\`.* TO`);
    expect(r.stdout + r.stderr).not.toContain(password);
    const human = await pormgAsync(["migrate", "--create-database"], {
      cwd,
      env: { DATABASE_URL: rewritten(url, { user, password }) },
    });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("error[PERMISSION_DENIED]");
    expect(human.stderr).not.toContain(password);
    expect(await tablesOf(name)).toEqual([]);
  }, 60_000);
});
