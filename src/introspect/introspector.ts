/**
 * The introspection port: what generic code needs of a dialect to read a live database and to
 * write the models' expressions the way that database prints them. Each dialect implements it
 * (`src/dialect/<d>/<d>-introspect.ts`); src/introspect takes it as a parameter and never imports
 * a dialect.
 */
import type { Driver } from "../core/driver.ts";
import type { LiveSchema, Table } from "../schema/ir.ts";
import type { NormalizeRules } from "../schema/normalize-rules.ts";

/** What introspection reads: the schema (dialects with schemas) and the extra table-name prefixes to skip. */
export interface IntrospectorOptions {
  /** The schema to read (ignored by dialects without schemas). */
  readonly schema: string;
  /** Extra table-name prefixes to skip (the connection's `ignore_tables`), on top of the built-in list. */
  readonly ignoreTables: readonly string[];
  /**
   * Only what the fingerprints of these tables need (the stale check, `assertNotStale`): the result
   * holds at least these managed tables, each exactly as a full read gives it, and every unmanaged
   * object that belongs to one of them; it may leave out other tables, objects that belong to no
   * table, `dependents` and `sequences`. A dialect may read everything regardless.
   */
  readonly tables?: readonly string[];
}

/** What a server-side print of expressions needs: the schema, the connection's extensions, the cache's scope. */
export interface PrintOptions {
  /** The managed schema, whose objects expressions name unqualified. */
  readonly schema: string;
  /** The connection's `extensions:`, created (and rolled back) before the expressions print. */
  readonly extensions?: readonly string[];
  /** What identifies the database, for an in-process cache; without it nothing is cached. */
  readonly cacheScope?: string;
}

/** An Introspector reads a dialect's live database, and prints expressions there when the server rewrites them. */
export interface Introspector {
  /** Reads the live schema behind `driver` (of this dialect): managed tables, unmanaged objects, ignored tables. */
  introspect(driver: Driver, options: IntrospectorOptions): Promise<LiveSchema>;
  /**
   * Prints scratch tables on the server and reads them back as introspection would (per input,
   * the table read back, or undefined when it could not be created): how the database itself
   * writes the models' expressions. Absent where the database keeps expressions as written.
   */
  readonly printTables?: (
    driver: Driver,
    tables: readonly Table[],
    options: PrintOptions,
  ) => Promise<readonly (Table | undefined)[]>;
  /**
   * The indexes of `schema` the database keeps but never uses (left invalid by a failed concurrent
   * build), for `status`. Absent where there are none such.
   */
  readonly invalidIndexes?: (
    driver: Driver,
    schema: string,
  ) => Promise<readonly { readonly name: string; readonly table: string }[]>;
  /**
   * The tables of `tables` (in `schema`) that hold at least one row, read cheaply (never a full
   * count): the fact online variants are chosen from (`RenderContext.online`). Absent where the
   * dialect has no online variants.
   */
  readonly populatedTables?: (driver: Driver, schema: string, tables: readonly string[]) => Promise<readonly string[]>;
  /**
   * Bounds how long the session's later reads wait for table locks (`ms` milliseconds), so that
   * `status` never queues behind a migration. Absent where reading takes no table locks.
   */
  readonly waitForLocksAtMost?: (driver: Driver, ms: number) => Promise<void>;
  /**
   * Names the sessions a read that timed out waiting for locks (a `LOCK_TIMEOUT` error's details)
   * waited behind, for `status`. Absent where reading takes no table locks.
   */
  readonly describeLockWait?: (details: Readonly<Record<string, unknown>>) => string;
  /**
   * Other spellings of an expression as the server printed it that may parse back to the same tree
   * (`import-models` prints each and keeps the first that prints back exactly). Absent: none.
   */
  readonly expressionCandidates?: (sql: string) => readonly string[];
}

/** IntrospectDialect is what introspection needs of a Dialect (a Dialect is one). */
export interface IntrospectDialect {
  readonly introspector: Introspector;
  /** How the introspected schema normalizes. */
  readonly normalize: NormalizeRules;
}
