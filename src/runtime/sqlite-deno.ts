import type * as NodeSqlite from "node:sqlite";
import type { SqliteDatabase, SqliteOpenOptions } from "./sqlite-database.ts";

// A runtime-only specifier: Node 20 has no node:sqlite, so bundles must not load it eagerly.
const NODE_SQLITE = "node:sqlite";

/** Opens a SQLite file with `node:sqlite`, which Deno provides. */
export async function openSqliteDatabase(path: string, options: SqliteOpenOptions): Promise<SqliteDatabase> {
  const { DatabaseSync } = (await import(NODE_SQLITE)) as typeof NodeSqlite;
  const db = new DatabaseSync(path, { readOnly: options.readonly ?? false });
  return {
    all: (sql, params) => db.prepare(sql).all(...(params as NodeSqlite.SQLInputValue[])) as Record<string, unknown>[],
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
