import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MysqlTarget } from "../../../../src/config/config.ts";
import { type LoadConfigOptions, loadConfigWith } from "../../../../src/config/load-config.ts";
import type { ConfigDialect } from "../../../../src/config/target-part.ts";
import { isPormgError, type PormgError } from "../../../../src/core/errors.ts";
import { dialects } from "../../../../src/dialect/dialect.ts";
import { mysqlOptions } from "../../../../src/dialect/mysql/mysql-driver.ts";
import { onDatabase, withoutDatabase } from "../../../../src/dialect/mysql/mysql-server.ts";
import { mysqlTarget, mysqlUrlProblem, mysqlUrlSettings } from "../../../../src/dialect/mysql/mysql-target.ts";
import { isMariadb, ownTimeoutVariables, timeoutVariables } from "../../../../src/dialect/mysql/mysql-timeouts.ts";
import { tempDir } from "../../../lib/cli.ts";

// MySQL is not registered yet (the lead assembles mysql-dialect.ts): the configuration is loaded
// with the registered dialects plus MySQL's target part, as the registry would hand it over.
const withMysql: ConfigDialect[] = [...dialects(), { name: "mysql", label: "MySQL", target: mysqlTarget }];
const load = (options: LoadConfigOptions) => loadConfigWith(withMysql, options);

function folderWith(yaml: string): string {
  const cwd = tempDir();
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "connection.yml"), yaml);
  return cwd;
}

function failure(fn: () => unknown): PormgError {
  try {
    fn();
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
  throw new Error("expected a PormgError");
}

const YML = `default_env: dev
dev:
  adapter: MySQL
  host: db.internal
  port: 3307
  database: app
  username: deploy
  password: \${DB_PASSWORD}
  sslmode: require
  connect_timeout: 7
maria:
  adapter: mariadb
  database: shop
url:
  adapter: MariaDB
  url: \${DATABASE_URL}
schema:
  adapter: MySQL
  database: app
  schema: other
`;

describe("MySQL targets in connection.yml", () => {
  test("adapter: MySQL reads the discrete keys, with ${VAR} interpolated and the password redacted", () => {
    const cwd = folderWith(YML);
    const config = load({ cwd, environ: { DB_PASSWORD: "s3cr#t" } });
    expect(config.dialect).toBe("mysql");
    expect(config.target).toEqual({
      dialect: "mysql",
      host: "db.internal",
      port: 3307,
      database: "app",
      username: "deploy",
      password: "s3cr#t",
      sslmode: "require",
      connectTimeoutSeconds: 7,
    } satisfies MysqlTarget);
    expect(config.display).toBe("mysql://deploy:***@db.internal:3307/app?sslmode=require");
    expect(config.display).not.toContain("s3cr");
    expect(config.secrets).toContain("s3cr#t");
    expect(config.schema).toBe("app");
    expect(config.extensions).toEqual([]);
  });

  test("adapter names match case-insensitively; MariaDB is remembered and shown as mariadb://", () => {
    const config = load({ cwd: folderWith(YML), env: "maria", environ: {} });
    expect(config.target).toEqual({ dialect: "mysql", mariadb: true, database: "shop" });
    expect(config.display).toBe("mariadb://localhost/shop");
  });

  test("url: takes a mariadb:// URL from the environment, redacted everywhere", () => {
    const environ = { DATABASE_URL: "mariadb://app:pa%40ss@db:3306/shop?sslmode=verify-full" };
    const config = load({ cwd: folderWith(YML), env: "url", environ });
    expect(config.target).toEqual({ dialect: "mysql", url: environ.DATABASE_URL, mariadb: true });
    expect(config.display).toBe("mariadb://app:***@db:3306/shop?sslmode=verify-full");
    expect(config.secrets).toEqual(expect.arrayContaining(["pa%40ss", "pa@ss"]));
    expect(config.schema).toBe("shop");
  });

  test("schema: only warns (the database is the namespace)", () => {
    const config = load({ cwd: folderWith(YML), env: "schema", environ: {} });
    expect(config.schema).toBe("app");
    expect(config.warnings.some((w) => w.includes("schema"))).toBe(true);
  });

  test("a missing database and a bad sslmode name the key", () => {
    const cwd = folderWith("dev:\n  adapter: MySQL\n  host: x\n");
    expect(failure(() => load({ cwd, environ: {} })).message).toContain("database");
    const bad = folderWith("dev:\n  adapter: MySQL\n  database: a\n  sslmode: sometimes\n");
    expect(failure(() => load({ cwd: bad, environ: {} })).message).toContain("sslmode");
  });

  test("an unknown adapter lists MySQL among the choices", () => {
    const cwd = folderWith("dev:\n  adapter: MySQl8\n  database: a\n");
    expect(failure(() => load({ cwd, environ: {} })).message).toContain("MySQL");
  });
});

describe("MySQL URLs", () => {
  test("--url with mysql:// and mariadb:// chooses MySQL; the password never shows", () => {
    for (const url of ["mysql://root:hunter2@127.0.0.1:3306/app", "MariaDB://root:hunter2@127.0.0.1/app"]) {
      const config = load({ cwd: tempDir(), url, environ: {} });
      expect(config.dialect).toBe("mysql");
      expect(config.display).not.toContain("hunter2");
      expect(config.display).toContain(":***@127.0.0.1");
      expect(config.secrets).toContain("hunter2");
    }
  });

  test("a mariadb:// URL becomes the client's discrete settings", () => {
    const target = { dialect: "mysql", url: "mariadb://u%3Ax:p%2Fw@[::1]:3310/my%20db?connect_timeout=4" } as const;
    expect(mysqlUrlSettings(target.url)).toEqual({
      host: "::1",
      port: 3310,
      database: "my db",
      username: "u:x",
      password: "p/w",
      connectTimeoutSeconds: 4,
    });
    expect(mysqlOptions(target)).toEqual({
      host: "::1",
      port: 3310,
      database: "my db",
      username: "u:x",
      password: "p/w",
      connectTimeoutSeconds: 4,
    });
    expect(mysqlOptions({ dialect: "mysql", url: "mysql://h/d?sslmode=require" }).ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(mysqlOptions({ dialect: "mysql", url: "mysql://h/d?sslmode=prefer" }).ssl).toBeUndefined();
  });

  test("problems are explained with the URL redacted", () => {
    expect(mysqlUrlProblem("mysql://u:pa/ss@h/d")).toContain('unencoded "/"');
    expect(mysqlUrlProblem("mysql://u:pa/ss@h/d")).not.toContain("pa/ss");
    expect(mysqlUrlProblem("mysql://u:secret@h/d?charset=latin1")).toContain('unknown parameter "charset"');
    expect(mysqlUrlProblem("mysql://u:secret@h/d?charset=latin1")).not.toContain("secret");
    expect(mysqlUrlProblem("mysql://h/d?sslmode=on")).toContain("sslmode");
    expect(mysqlUrlProblem("mysql://h/d?connect_timeout=0")).toContain("connect_timeout");
    expect(mysqlUrlProblem("mysql://u:%zz@h/d")).toContain("%25");
    expect(mysqlUrlProblem("mysql://u:p@h:3306/d?sslmode=require&connect_timeout=5")).toBeUndefined();
    const refused = failure(() => load({ cwd: tempDir(), url: "mysql://u:topsecret@h/d?x=1", environ: {} }));
    expect(refused.message).not.toContain("topsecret");
  });

  test("the server part moves a target to another database, keeping the user info as written", () => {
    const url = { dialect: "mysql", url: "mariadb://u:p%40w@h:3306/app?sslmode=require", mariadb: true } as const;
    expect(onDatabase(url, "pormg_verify_1")).toEqual({
      ...url,
      url: "mariadb://u:p%40w@h:3306/pormg_verify_1?sslmode=require",
    });
    expect(withoutDatabase(url).url).toBe("mariadb://u:p%40w@h:3306/?sslmode=require");
    expect(withoutDatabase({ dialect: "mysql", host: "h", database: "app" })).toEqual({ dialect: "mysql", host: "h" });
  });
});

describe("MySQL timeouts as session variables", () => {
  test("MariaDB bounds every statement in seconds; MySQL bounds SELECTs in milliseconds", () => {
    expect(isMariadb("10.11.6-MariaDB-0+deb12u1")).toBe(true);
    expect(isMariadb("8.0.36")).toBe(false);
    expect(timeoutVariables("10.11.6-MariaDB", 2500, 1500)).toEqual({
      lock_wait_timeout: 3,
      innodb_lock_wait_timeout: 3,
      max_statement_time: 1.5,
    });
    expect(timeoutVariables("8.0.36", undefined, undefined)).toEqual({
      lock_wait_timeout: 31_536_000,
      innodb_lock_wait_timeout: 31_536_000,
      max_execution_time: 0,
    });
    expect(ownTimeoutVariables("8.4.0", {})).toEqual({
      lock_wait_timeout: 5,
      innodb_lock_wait_timeout: 5,
      max_execution_time: 300_000,
    });
  });
});
