import type { Driver } from "../core/driver.ts";
import { introspectPostgres } from "../dialect/postgres/postgres-introspect.ts";
import { introspectSqlite } from "../dialect/sqlite/sqlite-introspect.ts";
import type { LiveSchema } from "../schema/ir.ts";
import { normalizeSchema } from "../schema/normalize.ts";

/** IntrospectOptions say what part of the database pormg manages. */
export interface IntrospectOptions {
  /** The PostgreSQL schema (ignored on SQLite). Default is `public`. */
  readonly schema?: string;
  /** Table-name prefixes to skip, beside the built-in ignore lists. */
  readonly ignoreTables?: readonly string[];
}

/**
 * Reads the live schema of the database behind `driver` — managed tables (normalized, like the
 * models' schema), unmanaged objects and ignored tables.
 */
export async function introspect(driver: Driver, options: IntrospectOptions = {}): Promise<LiveSchema> {
  const ignoreTables = options.ignoreTables ?? [];
  const live =
    driver.dialect === "postgresql"
      ? await introspectPostgres(driver, { schema: options.schema ?? "public", ignoreTables })
      : await introspectSqlite(driver, { ignoreTables });
  return { ...live, schema: normalizeSchema(live.schema) };
}
