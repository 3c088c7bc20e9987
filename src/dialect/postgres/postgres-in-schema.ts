import type { Driver } from "../../core/driver.ts";

/**
 * The same connection, marked as working in PostgreSQL schema `schema` (`Driver.schema`), and so
 * are the transactions and savepoints opened on it. Only the mark changes: statements, the
 * search_path and closing are the wrapped driver's own.
 */
export function inSchema(driver: Driver, schema: string): Driver {
  return {
    dialect: driver.dialect,
    serverVersion: driver.serverVersion,
    schema,
    query: (sql, params) => driver.query(sql, params),
    execute: (sql) => driver.execute(sql),
    transaction: (fn) => driver.transaction((tx) => fn(inSchema(tx, schema))),
    close: () => driver.close(),
  };
}
