import { readFileSync } from "node:fs";
import type { Config, MysqlTarget, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { VERSION } from "../../core/version.ts";
import { actorName, type ConnectOptions, openDriver } from "../../driver/connect.ts";
import type { DriverPart } from "../../driver/driver-part.ts";
import { type MysqlOptions, openMysql } from "./mysql-client.ts";
import { ER, mysqlErrno, systemCode } from "./mysql-errno.ts";
import { mysqlTarget, mysqlUrlSettings } from "./mysql-target.ts";
import { ownTimeoutVariables } from "./mysql-timeouts.ts";

/**
 * MySQL's driver part: the `mysql2` client (`openMysql`), every session starting with pormg's
 * bounded waits as session variables (`mysql-timeouts.ts`: `lock_wait_timeout`,
 * `innodb_lock_wait_timeout`, and MariaDB's `max_statement_time` or MySQL's `max_execution_time`),
 * named by the `program_name` connection attribute `pormg/<version> <user>@<host>:<pid>` (MySQL has
 * no `application_name`; the attribute shows in `performance_schema.session_connect_attrs` where
 * the performance schema is on). A read-only open runs `SET SESSION TRANSACTION READ ONLY`. A
 * refused connection, a denied user and an unknown database become messages that say which
 * address, user or database, and what to do.
 */
export const mysqlDriverPart: DriverPart = {
  async open(target, options) {
    const settings = mysqlOptions(target as MysqlTarget);
    let driver: Driver;
    try {
      driver = await openMysql({
        ...settings,
        session: (version) => ownTimeoutVariables(version, options.timeouts),
        connectAttributes: { program_name: `pormg/${VERSION} ${actorName()}`.slice(0, 512) },
      });
    } catch (error) {
      throw explained(error, settings);
    }
    if (options.readonly) {
      try {
        await driver.execute("SET SESSION TRANSACTION READ ONLY");
      } catch (error) {
        await driver.close();
        throw error;
      }
    }
    return driver;
  },
};

/**
 * Opens a connection to a MySQL target (or Config) from inside this folder (the sandbox's, the
 * server part's …), through `openDriver` as every connection is.
 */
export function connectMysql(target: Target | Config, options: ConnectOptions = {}): Promise<Driver> {
  return openDriver({ driver: mysqlDriverPart, target: mysqlTarget }, target, options);
}

/**
 * The client settings of a target: a URL is read into discrete settings (so a `mariadb://` URL
 * reaches the client as a `mysql://` one would), the environment's keys win over the URL's.
 * `sslmode`: `disable`, `allow` and `prefer` connect without TLS (the client has no fallback
 * from TLS to plain), `require` uses TLS without checking the certificate, `verify-full` checks
 * it against `sslrootcert` (else the system's roots) and the host name.
 */
export function mysqlOptions(target: MysqlTarget): MysqlOptions {
  const fromUrl = target.url === undefined ? {} : mysqlUrlSettings(target.url);
  const merged = { ...fromUrl, ...withoutUrl(target) };
  const ssl = sslOption(merged.sslmode, target);
  return {
    ...(merged.host !== undefined && { host: merged.host }),
    ...(merged.port !== undefined && { port: merged.port }),
    ...(merged.database !== undefined && { database: merged.database }),
    ...(merged.username !== undefined && { username: merged.username }),
    ...(merged.password !== undefined && { password: merged.password }),
    ...(merged.connectTimeoutSeconds !== undefined && { connectTimeoutSeconds: merged.connectTimeoutSeconds }),
    ...(ssl !== undefined && { ssl }),
  };
}

function withoutUrl(target: MysqlTarget): Omit<MysqlTarget, "url" | "dialect" | "mariadb"> {
  const { url: _url, dialect: _dialect, mariadb: _mariadb, ...rest } = target;
  return rest;
}

function sslOption(mode: MysqlTarget["sslmode"], target: MysqlTarget): MysqlOptions["ssl"] {
  const files = { ca: target.sslrootcert, cert: target.sslcert, key: target.sslkey };
  const given = Object.entries(files).filter(([, path]) => path !== undefined) as [string, string][];
  if (given.length === 0 && (mode === undefined || mode === "disable" || mode === "allow" || mode === "prefer"))
    return undefined;
  if (mode === "disable") return undefined;
  const tls: Record<string, unknown> = { rejectUnauthorized: mode === "verify-full" };
  for (const [slot, path] of given) {
    try {
      tls[slot] = readFileSync(path, "utf8");
    } catch (error) {
      const key = slot === "ca" ? "sslrootcert" : `ssl${slot}`;
      throw new PormgError(
        "CONFIG_INVALID",
        `${key}: cannot read "${path}" (${(error as Error).message}); fix the path`,
        {
          key,
        },
      );
    }
  }
  return tls;
}

/**
 * A connection error said plainly (the client's error stays its `cause`, so `mysqlErrno` still
 * reads it): where nothing listens, which user was denied, which database is missing.
 */
function explained(error: unknown, settings: MysqlOptions): unknown {
  const address = `${settings.host ?? "localhost"}:${settings.port ?? 3306}`;
  const reason = error instanceof Error ? error.message : String(error);
  const errno = mysqlErrno(error);
  const code = systemCode(error);
  let message: string | undefined;
  if (code === "ECONNREFUSED")
    message = `nothing accepts connections at ${address} (connection refused); start the MySQL server, or fix host and port`;
  else if (code === "ETIMEDOUT")
    message = `no answer from ${address} within connect_timeout (${settings.connectTimeoutSeconds ?? 10} s); check the address and the network`;
  else if (code === "ENOTFOUND") message = `the host "${settings.host}" is not known (${reason}); fix host`;
  else if (errno === ER.ACCESS_DENIED)
    message =
      `the server at ${address} denied user "${settings.username ?? ""}" (${reason}): check the password, ` +
      "and that the user may connect from this host";
  else if (errno === ER.DBACCESS_DENIED)
    message = `user "${settings.username ?? ""}" may not use database "${settings.database ?? ""}" (${reason}); GRANT it the privileges on that database`;
  else if (errno === ER.BAD_DB)
    message =
      `the database "${settings.database ?? ""}" does not exist on ${address}; run with --create-database to create it, ` +
      `or create it by hand: CREATE DATABASE \`${(settings.database ?? "").replaceAll("`", "``")}\` CHARACTER SET utf8mb4`;
  return message === undefined ? error : new Error(message, { cause: error });
}
