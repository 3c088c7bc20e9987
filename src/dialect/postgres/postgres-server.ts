import type { Config, PostgresTarget } from "../../config/config.ts";
import { redactText } from "../../config/redact.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import type { ServerPart } from "../../driver/server-part.ts";
import { sqlState } from "../../driver/sqlstate.ts";
import { quoteIdent } from "./postgres-ddl.ts";

/**
 * PostgreSQL's server part: `--wait` bounds each try by `connect_timeout`; `--create-database`
 * runs `CREATE DATABASE` through the server's `postgres` maintenance database (else `template1`)
 * with the same credentials. A database another process creates at the same moment counts as
 * existing (42P04, or 23505 when both inserts met). The role needs `CREATEDB`; without it the
 * error (`PERMISSION_DENIED`) says so.
 */
export const postgresServer: ServerPart = {
  hasServer: true,
  withConnectTimeout(target, seconds) {
    const pg = target as PostgresTarget;
    return { ...pg, connectTimeoutSeconds: Math.min(pg.connectTimeoutSeconds ?? seconds, seconds) };
  },
  async createDatabase(config, open) {
    try {
      await (await open(config)).close();
      return { outcome: "exists" };
    } catch (error) {
      if (sqlState(error) !== "3D000") throw error;
    }
    const target = config.target as PostgresTarget;
    const name = databaseName(target);
    if (name === undefined || name === "")
      throw new PormgError(
        "CONFIG_INVALID",
        `--create-database: ${config.display} names no database; add one (postgres://host/dbname or database:).`,
      );
    const admin = await maintenanceConnection(config, target, open);
    try {
      await admin.execute(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // Created by another process meanwhile: 42P04, or 23505 when both inserted into pg_database at once.
      if (sqlState(error) === "42P04" || sqlState(error) === "23505") return { outcome: "exists" };
      const reason = redactText(error instanceof Error ? error.message : String(error), config.secrets);
      const denied = sqlState(error) === "42501";
      throw new PormgError(
        denied ? "PERMISSION_DENIED" : "STATEMENT_FAILED",
        `--create-database: could not create database "${name}" on ${config.display}: ${reason}. ` +
          (denied
            ? "The role needs the CREATEDB privilege (ALTER ROLE … CREATEDB), or create the database first."
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

/** A connection to the server's maintenance database: `postgres`, else `template1`. */
async function maintenanceConnection(
  config: Config,
  target: PostgresTarget,
  open: (config: Config) => Promise<Driver>,
): Promise<Driver> {
  let last: unknown;
  for (const database of ["postgres", "template1"]) {
    try {
      return await open({ ...config, target: onDatabase(target, database) });
    } catch (error) {
      if (sqlState(error) !== "3D000") throw error;
      last = error;
    }
  }
  throw last;
}

/** The target with another database name. */
function onDatabase(target: PostgresTarget, database: string): PostgresTarget {
  if (target.url === undefined) return { ...target, database };
  const url = new URL(target.url);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...target, url: url.toString() };
}

/** The database a PostgreSQL target names. */
function databaseName(target: PostgresTarget): string | undefined {
  if (target.url === undefined) return target.database;
  return decodeURIComponent(new URL(target.url).pathname.replace(/^\//, ""));
}
