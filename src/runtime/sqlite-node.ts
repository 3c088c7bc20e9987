import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteOpenOptions } from "./sqlite-database.ts";

// Resolved at run time only: bundlers (and the compiled binary, which never runs on Node) must not
// try to include the native addon.
const BETTER_SQLITE3 = "better-sqlite3";

/** Opens a SQLite file with `better-sqlite3@12` on Node.js (v13 crashes on Node 20). */
export async function openSqliteDatabase(path: string, options: SqliteOpenOptions): Promise<SqliteDatabase> {
  const Database = ((await import(BETTER_SQLITE3)) as { default: typeof BetterSqlite3 }).default;
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
