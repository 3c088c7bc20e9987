import type { Row } from "../core/driver.ts";

/**
 * A SqliteDatabase is the slice of an embedded SQLite client that pormg uses. Each runtime shim
 * (`src/runtime/sqlite-*.ts`) adapts its client to it, and SQLite's driver
 * (`src/dialect/sqlite/sqlite-driver.ts`) wraps it as a Driver, so both type-check on every runtime.
 */
export interface SqliteDatabase {
  /** Runs one statement with `?` parameters and returns its rows (none for statements without results). */
  all(sql: string, params: readonly SqliteValue[]): Row[];
  /** Runs a script of one or more statements. */
  exec(sql: string): void;
  close(): void;
}

/** A SqliteValue is what SQLite clients bind on every runtime. */
export type SqliteValue = string | number | bigint | Uint8Array | null;

/** SqliteOpenOptions say how to open the file. */
export interface SqliteOpenOptions {
  /** Open read-only; the file must exist. Default is `false`. */
  readonly readonly?: boolean;
  /** Milliseconds to wait for another connection's write lock. Default is 30,000. */
  readonly busyTimeoutMs?: number;
}
