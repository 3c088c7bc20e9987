/**
 * MariaDB / MySQL test places: a fresh database `t_<random>` on the server at
 * `PORMG_TEST_MYSQL_URL` (default `mysql://root@127.0.0.1:3306/test`), dropped again by `dispose`.
 */
import { randomBytes } from "node:crypto";
import type { Driver } from "../../src/core/driver.ts";
import { openMysql } from "../../src/dialect/mysql/mysql-client.ts";

/** The server the MySQL tests use (its database is only the one pormg connects to first). */
export const MYSQL_URL = process.env.PORMG_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/** The URL of database `name` on the test server. */
export function mysqlUrlFor(name: string): string {
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database on the test server, with a connection open to it. */
export interface MysqlTestDatabase {
  readonly name: string;
  readonly url: string;
  readonly driver: Driver;
  /** Another connection to the database (closed by `dispose`). */
  open(): Promise<Driver>;
  /** Closes the connections and drops the database. */
  dispose(): Promise<void>;
}

/** Creates an empty database `t_<prefix>_<random>` on the test server and returns its name. */
export async function createMysqlDatabase(prefix = "m"): Promise<string> {
  const name = `t_${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = await openMysql({ url: MYSQL_URL });
  try {
    await admin.execute(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.close();
  }
  return name;
}

/** Drops database `name` from the test server, if it is there. */
export async function dropMysqlDatabase(name: string): Promise<void> {
  const admin = await openMysql({ url: MYSQL_URL });
  try {
    await admin.execute(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.close();
  }
}

/** Creates `t_<prefix>_<random>` on the test server and connects to it. */
export async function freshMysqlDatabase(prefix = "m"): Promise<MysqlTestDatabase> {
  const name = await createMysqlDatabase(prefix);
  const url = mysqlUrlFor(name);
  const opened: Driver[] = [];
  const open = async () => {
    const driver = await openMysql({ url });
    opened.push(driver);
    return driver;
  };
  const driver = await open();
  return {
    name,
    url,
    driver,
    open,
    async dispose() {
      await Promise.all(opened.map((d) => d.close().catch(() => {})));
      await dropMysqlDatabase(name);
    },
  };
}
