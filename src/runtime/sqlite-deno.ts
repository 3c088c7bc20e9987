import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { SqliteDatabase, SqliteOpenOptions } from "../driver/sqlite.ts";

/** Opens a SQLite file with `node:sqlite`, which Deno provides. */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions): SqliteDatabase {
  const db = new DatabaseSync(path, { readOnly: options.readonly ?? false });
  return {
    all: (sql, params) => db.prepare(sql).all(...(params as SQLInputValue[])) as Record<string, unknown>[],
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
