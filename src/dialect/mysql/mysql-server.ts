import type { MysqlTarget } from "../../config/config.ts";
import { redactText } from "../../config/redact.ts";
import { PormgError } from "../../core/errors.ts";
import type { ServerPart } from "../../driver/server-part.ts";
import { mysqlOptions } from "./mysql-driver.ts";
import { ER, mysqlErrno } from "./mysql-errno.ts";

/** Quotes a MySQL identifier with backquotes. */
const quoted = (name: string) => `\`${name.replaceAll("`", "``")}\``;

/**
 * MySQL's server part: `--wait` bounds each try by `connect_timeout`; `--create-database` runs
 * `CREATE DATABASE IF NOT EXISTS … CHARACTER SET utf8mb4` on a connection to the server that
 * names no database, with the same credentials (a database another process creates meanwhile is
 * then no error: it counts as existing). The user needs the `CREATE` privilege on the database
 * (or globally); without it the error (`PERMISSION_DENIED`) says what to grant. A user with no
 * privileges on a database is refused it (1044) whether or not it exists, so that too leads to
 * the `CREATE DATABASE IF NOT EXISTS`.
 */
export const mysqlServer: ServerPart = {
  hasServer: true,
  withConnectTimeout(target, seconds) {
    const my = target as MysqlTarget;
    return { ...my, connectTimeoutSeconds: Math.min(my.connectTimeoutSeconds ?? seconds, seconds) };
  },
  async createDatabase(config, open) {
    try {
      await (await open(config)).close();
      return { outcome: "exists" };
    } catch (error) {
      // A user without privileges on a database is told 1044 whether it exists or not: try to create it.
      const errno = mysqlErrno(error);
      if (errno !== ER.BAD_DB && errno !== ER.DBACCESS_DENIED) throw error;
    }
    const target = config.target as MysqlTarget;
    const name = mysqlOptions(target).database;
    if (name === undefined || name === "")
      throw new PormgError(
        "CONFIG_INVALID",
        `--create-database: ${config.display} names no database; add one (mysql://host/dbname or database:).`,
      );
    const admin = await open({ ...config, target: withoutDatabase(target) });
    try {
      await admin.execute(`CREATE DATABASE IF NOT EXISTS ${quoted(name)} CHARACTER SET utf8mb4`);
    } catch (error) {
      const reason = redactText(error instanceof Error ? error.message : String(error), config.secrets);
      const errno = mysqlErrno(error);
      const denied = errno === ER.DBACCESS_DENIED || errno === ER.SPECIFIC_ACCESS_DENIED;
      throw new PormgError(
        denied ? "PERMISSION_DENIED" : "STATEMENT_FAILED",
        `--create-database: could not create database "${name}" on ${config.display}: ${reason}. ` +
          (denied
            ? `The user needs the CREATE privilege (GRANT CREATE ON ${quoted(name)}.* TO …), or create the database first ` +
              "(if it exists already, GRANT the user its privileges on it)."
            : "Create the database by hand, or fix what the server reports."),
        { database: name, reason },
        { cause: error },
      );
    } finally {
      await admin.close();
    }
    return { outcome: "created", name };
  },
};

/** The target on the same server with no database named (a connection to the server alone). */
export function withoutDatabase(target: MysqlTarget): MysqlTarget {
  return onDatabase(target, undefined);
}

/** The target on the same server, connected to database `database` (none when undefined). */
export function onDatabase(target: MysqlTarget, database: string | undefined): MysqlTarget {
  if (target.url === undefined) {
    const { database: _old, ...rest } = target;
    return database === undefined ? rest : { ...rest, database };
  }
  const at = target.url.lastIndexOf("@");
  const start = at < 0 ? target.url.indexOf("://") + 3 : at + 1;
  const head = target.url.slice(0, start);
  // The host part is parsed without the user info, whose characters a URL parser might split.
  const url = new URL(`mysql://${target.url.slice(start)}`);
  url.pathname = database === undefined ? "/" : `/${encodeURIComponent(database)}`;
  const { database: _old, ...rest } = target;
  return { ...rest, url: `${head}${url.toString().slice("mysql://".length)}` };
}
