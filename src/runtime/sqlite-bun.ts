import type * as BunSqlite from "bun:sqlite";
import type { SqliteDatabase, SqliteOpenOptions } from "./sqlite-database.ts";

// A runtime-only specifier: bundles made for other runtimes must not try to load bun:sqlite.
const BUN_SQLITE = "bun:sqlite";

/** Opens a SQLite file with Bun's built-in `bun:sqlite`. */
export async function openSqliteDatabase(path: string, options: SqliteOpenOptions): Promise<SqliteDatabase> {
  const { Database } = (await import(BUN_SQLITE)) as typeof BunSqlite;
  const db = options.readonly ? new Database(path, { readonly: true }) : new Database(path, { create: true });
  return {
    all: (sql, params) => db.prepare(sql).all(...(params as never[])) as Record<string, unknown>[],
    exec: (sql) => {
      db.run(sql);
    },
    close: () => db.close(),
  };
}
