/**
 * Scratch MariaDB / MySQL databases for the history and lock tests of the MySQL parts, before the
 * MySQL Dialect object exists: the HistoryDialect the generic history functions take, built from
 * mysql-history.ts alone. The connections keep the server's `sql_mode` (no `ANSI_QUOTES`): the
 * generic history code quotes names with the dialect's `quoteIdent`.
 */
import { mysqlHistory } from "../../../src/dialect/mysql/mysql-history.ts";
import type { NewEvent } from "../../../src/history/events.ts";
import type { HistoryDialect } from "../../../src/history/history-sql.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

/** The history functions' view of the MySQL dialect (no schemas: the connection's database holds the history). */
export const mysqlHistoryDialect: HistoryDialect = {
  capabilities: { schemas: false },
  quoteIdent: (name) => `\`${name.replaceAll("`", "``")}\``,
  history: mysqlHistory,
};

/** A fresh database `t_history_<random>` with a connection open to it. */
export function historyDatabase(): Promise<MysqlTestDatabase> {
  return freshMysqlDatabase("history");
}

/** A 17-digit version whose last digits are `n`. */
export function v(n: number): string {
  return `20250101000000${String(n).padStart(3, "0")}`;
}

const actor = "tester@host:1 pormg/0.1.0";

export const planned = (version: string, sqlContent = "CREATE TABLE a (id int);"): NewEvent => ({
  version,
  actor,
  type: "planned",
  payload: { name: "init", checksum: "a".repeat(64), sqlContent, isDestructive: false, statements: 1 },
});

export const applied = (version: string): NewEvent => ({
  version,
  actor,
  type: "applied",
  payload: { durationMs: 12.5, statements: 1 },
});

/** The message of the error `promise` rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { errno?: number; sqlState?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}
