import type BetterSqlite3 from "better-sqlite3";
import { PormgError } from "../core/errors.ts";
import type { SqliteDatabase, SqliteOpenOptions } from "./sqlite-database.ts";

// Resolved at run time only: bundlers (and the compiled binary, which never runs on Node) must not
// try to include the native addon.
const BETTER_SQLITE3 = "better-sqlite3";

/** Opens a SQLite file with `better-sqlite3@12` on Node.js (v13 crashes on Node 20). */
export async function openSqliteDatabase(path: string, options: SqliteOpenOptions): Promise<SqliteDatabase> {
  const Database = (await loadBetterSqlite3()).default;
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  return {
    all: (sql, params) => {
      const statement = db.prepare(sql);
      // better-sqlite3 refuses .all() on statements that return no rows.
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    exec: (sql) => {
      db.exec(sql);
    },
    close: () => db.close(),
  };
}

/**
 * Loads better-sqlite3, an optional dependency of the npm package (a native addon: its install may
 * have failed, or been skipped with --ignore-scripts); without it SQLite is a CONNECT_FAILED error
 * that says how to get it, and PostgreSQL still works.
 */
async function loadBetterSqlite3(): Promise<{ default: typeof BetterSqlite3 }> {
  try {
    return (await import(BETTER_SQLITE3)) as { default: typeof BetterSqlite3 };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PormgError(
      "CONNECT_FAILED",
      `SQLite on Node.js needs the package better-sqlite3@12, which could not be loaded (${reason}). ` +
        "Install it beside pormg (`npm install better-sqlite3@12`; it builds a native addon), or run pormg with Bun.",
      { reason },
      { cause: error },
    );
  }
}
