import { Database } from "bun:sqlite";
import type { SqliteDatabase, SqliteOpenOptions } from "../driver/sqlite.ts";

/** Opens a SQLite file with Bun's built-in `bun:sqlite`. */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions): SqliteDatabase {
  const db = options.readonly ? new Database(path, { readonly: true }) : new Database(path, { create: true });
  return {
    all: (sql, params) => db.prepare(sql).all(...(params as never[])) as Record<string, unknown>[],
    exec: (sql) => {
      db.run(sql);
    },
    close: () => db.close(),
  };
}
