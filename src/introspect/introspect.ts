import type { Driver } from "../driver/driver.ts";
import type { LiveSchema } from "../schema/ir.ts";
import { introspectPostgres } from "./postgres-introspect.ts";
import { introspectSqlite } from "./sqlite-introspect.ts";

/** IntrospectOptions say what part of the database pormg manages. */
export interface IntrospectOptions {
  /** The PostgreSQL schema (ignored on SQLite). Default is `public`. */
  readonly schema?: string;
  /** Table-name prefixes to skip, beside the built-in ignore lists. */
  readonly ignoreTables?: readonly string[];
}

/** Reads the live schema of the database behind `driver`: managed tables, unmanaged objects, ignored tables. */
export function introspect(driver: Driver, options: IntrospectOptions = {}): Promise<LiveSchema> {
  const ignoreTables = options.ignoreTables ?? [];
  return driver.dialect === "postgresql"
    ? introspectPostgres(driver, { schema: options.schema ?? "public", ignoreTables })
    : introspectSqlite(driver, { ignoreTables });
}
