import type { DialectName } from "./dialect-name.ts";

/** A Row is one result row, keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * A Driver is the one surface a database client provides to pormg. The engine talks to every
 * database through it, so runtime-specific clients (bun:sqlite, node:sqlite, better-sqlite3,
 * postgres) stay inside their shims.
 */
export interface Driver {
  /** The SQL flavour of this connection. */
  readonly dialect: DialectName;
  /** The server's version string, e.g. `15.20` for PostgreSQL or `3.46.1` for SQLite. */
  readonly serverVersion: string;
  /**
   * PostgreSQL: the schema pormg manages through this connection, when it was opened for one
   * (`openTarget`, `inSchema`): pormg's history tables are named in it, whatever the search_path.
   * Unset: they are named unqualified and found through the connection's search_path.
   */
  readonly schema?: string;
  /** Runs one statement with bound parameters (`$1…` on PostgreSQL, `?` on SQLite) and returns its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of one or more statements with no parameters (DDL, multi-statement steps). */
  execute(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: commits when it resolves, rolls back when it throws. Called on a
   * driver that is already in a transaction, it opens a savepoint instead.
   */
  transaction<T>(fn: (tx: Driver) => Promise<T>): Promise<T>;
  /** Closes the connection; the driver cannot be used afterwards. */
  close(): Promise<void>;
}
