import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Config, PostgresTarget } from "../config/config.ts";
import { redactText } from "../config/redact.ts";
import { PormgError } from "../core/errors.ts";
import { connect } from "../dialect/connect.ts";
import { quoteIdent } from "../dialect/postgres/postgres-ddl.ts";
import { sqlState } from "./sqlstate.ts";

/** What {@link createDatabase} did. */
export type CreateOutcome = "created" | "exists";

/**
 * Creates the database of `config` when it does not exist yet (`--create-database`): on SQLite the
 * file and its folder; on PostgreSQL `CREATE DATABASE` through the server's `postgres` maintenance
 * database (else `template1`) with the same credentials. A database another process creates at the
 * same moment counts as existing (PostgreSQL reports it as 42P04, or as 23505 when both inserts met).
 * The role needs `CREATEDB`; without it the error (`PERMISSION_DENIED`) says so.
 */
export async function createDatabase(
  config: Config,
  onNotice: (message: string) => void = () => {},
): Promise<CreateOutcome> {
  const target = config.target;
  if (target.dialect === "sqlite") {
    if (target.path === ":memory:" || target.path.startsWith("file:") || existsSync(target.path)) return "exists";
    mkdirSync(dirname(target.path), { recursive: true });
    await (await connect(config)).close();
    onNotice(`Created the SQLite database ${config.display}.`);
    return "created";
  }
  try {
    await (await connect(config)).close();
    return "exists";
  } catch (error) {
    if (sqlState(error) !== "3D000") throw error;
  }
  const name = databaseName(target);
  if (name === undefined || name === "")
    throw new PormgError(
      "CONFIG_INVALID",
      `--create-database: ${config.display} names no database; add one (postgres://host/dbname or database:).`,
    );
  const admin = await maintenanceConnection(config, target);
  try {
    await admin.execute(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (error) {
    // Created by another process meanwhile: 42P04, or 23505 when both inserted into pg_database at once.
    if (sqlState(error) === "42P04" || sqlState(error) === "23505") return "exists";
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
  onNotice(`Created the PostgreSQL database "${name}" (${config.display}).`);
  return "created";
}

/** A connection to the server's maintenance database: `postgres`, else `template1`. */
async function maintenanceConnection(config: Config, target: PostgresTarget) {
  let last: unknown;
  for (const database of ["postgres", "template1"]) {
    try {
      return await connect({ ...config, target: onDatabase(target, database) });
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
